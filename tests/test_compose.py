"""docker-compose.yml wires every service (no Docker engine runs here, so it is read, not run)."""

import re
from pathlib import Path

import yaml

from backend.settings import from_env

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def _resolved_env(environment: dict) -> dict[str, str]:
    """Compose's ${VAR:?msg} / ${VAR:-default} with test values for the required secrets."""
    secrets = {
        "MOTCUA_SECRET_KEY": "s" * 40,
        "POSTGRES_PASSWORD": "pg",
        "MINIO_ROOT_PASSWORD": "minio-secret",
        "MOTCUA_VNPAY_TMN_CODE": "TESTTMN1",
        "MOTCUA_VNPAY_HASH_SECRET": "v" * 32,
        "MOTCUA_SMS_GATEWAY_URL": "https://sms.example.vn/api",
        "MOTCUA_SMS_API_KEY": "sms-key",
        "MOTCUA_OIDC_DISCOVERY_URL": "https://id.example.vn/.well-known/openid-configuration",
        "MOTCUA_OIDC_CLIENT_ID": "motcua",
        "MOTCUA_OIDC_CLIENT_SECRET": "oidc-secret",
        "MOTCUA_VAPID_PRIVATE_KEY": "vapid-key-from-the-operator",
        "MOTCUA_VAPID_SUBJECT": "mailto:ops@motcua.gov.vn",
        "MOTCUA_POPULATION_URL": "https://dancu.example.vn/api",
        "MOTCUA_POPULATION_API_KEY": "population-key",
        "MOTCUA_METRICS_TOKEN": "m" * 32,
    }
    resolved = {}
    for key, value in environment.items():
        text = str(value)
        for name, secret in secrets.items():
            text = (
                text.replace(f"${{{name}:?set {name}}}", secret)
                .replace(f"${{{name}:?set {name} (32+ characters)}}", secret)
                .replace(f"${{{name}:?set {name} (24+ characters)}}", secret)
            )
        text = text.replace("${MOTCUA_BASE_URL:-http://localhost:8000}", "http://localhost:8000")
        text = text.replace("${MINIO_ROOT_USER:-motcua}", "motcua")
        text = re.sub(r"\$\{MOTCUA_VNPAY_[A-Z_]+:-([^}]+)\}", r"\1", text)
        assert "${" not in text, f"unresolved variable in {key}: {text}"
        resolved[key] = text
    return resolved


def test_every_service_is_there_with_a_health_check_or_a_one_shot_role() -> None:
    services = _compose()["services"]
    assert {"app", "worker", "jobs", "postgres", "redis", "minio"} <= set(services)
    for name in ("app", "postgres", "redis", "minio"):
        assert services[name]["healthcheck"]["test"], name
    assert services["app"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_app_and_worker_run_our_entry_points() -> None:
    services = _compose()["services"]
    assert services["app"]["command"][:3] == ["python", "-m", "backend.run"]
    assert "--without-worker" in services["app"]["command"]
    assert services["worker"]["command"] == ["python", "-m", "notifications.worker"]
    assert services["jobs"]["command"] == ["python", "-m", "backend.jobs.worker"]
    assert services["jobs"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["command"] == ["python", "-m", "backend.migrate"]
    for name in ("app", "worker", "jobs", "migrate"):
        assert services[name]["image"] == "motcua:latest"


def test_app_environment_is_a_valid_production_configuration() -> None:
    services = _compose()["services"]
    for name in ("app", "worker", "jobs", "migrate"):
        env = _resolved_env(services[name]["environment"])
        settings = from_env(env)  # raises if production would refuse to start
        assert settings.is_production
        assert not settings.simulators_enabled
        assert settings.database_url.startswith("postgresql://motcua:pg@postgres:5432/")
        assert settings.redis_url == "redis://redis:6379/0"
        assert settings.s3_endpoint == "http://minio:9000"


def test_required_secrets_have_no_defaults() -> None:
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    for secret in (
        "MOTCUA_SECRET_KEY",
        "POSTGRES_PASSWORD",
        "MINIO_ROOT_PASSWORD",
        "MOTCUA_VAPID_PRIVATE_KEY",
        "MOTCUA_METRICS_TOKEN",
    ):
        assert f"${{{secret}:?" in text
        assert f"${{{secret}:-" not in text
