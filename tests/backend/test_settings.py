import pytest

from backend.settings import DEV_SECRET, DEV_VNPAY_SECRET, SettingsError, from_env

STRONG = "x" * 40
PROD = {
    "MOTCUA_ENV": "production",
    "MOTCUA_SECRET_KEY": STRONG,
    "DATABASE_URL": "postgresql://app@db/motcua",
    "MOTCUA_VNPAY_HASH_SECRET": "h" * 32,
    "MOTCUA_VNPAY_PAYMENT_URL": "https://pay.vnpay.vn/vpcpay.html",
    "MOTCUA_VNPAY_API_URL": "https://merchant.vnpay.vn/merchant_webapi/api/transaction",
    "MOTCUA_SMS_GATEWAY_URL": "https://sms.example.vn/api",
    "MOTCUA_OIDC_DISCOVERY_URL": "https://id.example.vn/.well-known/openid-configuration",
    "MOTCUA_OIDC_CLIENT_SECRET": "provider-issued-secret",
    "MOTCUA_VAPID_PRIVATE_KEY": "operator-vapid-key",
    "MOTCUA_VAPID_SUBJECT": "mailto:ops@motcua.gov.vn",
    "MOTCUA_POPULATION_URL": "https://dancu.example.vn/api",
    "MOTCUA_POPULATION_API_KEY": "provider-issued-key",
    "MOTCUA_METRICS_TOKEN": "t" * 32,
}


def test_development_defaults_run_on_sqlite_with_simulators() -> None:
    settings = from_env({})
    assert settings.is_sqlite
    assert settings.simulators_enabled
    assert settings.port == 8000


def test_port_comes_from_the_environment() -> None:
    settings = from_env({"PORT": "9123"})
    assert settings.port == 9123
    assert settings.base_url == "http://127.0.0.1:9123"


def test_production_with_its_own_secret_starts() -> None:
    settings = from_env(PROD)
    assert settings.is_production
    assert not settings.simulators_enabled


@pytest.mark.parametrize(
    ("override", "named"),
    [
        ({"MOTCUA_SECRET_KEY": DEV_SECRET}, "MOTCUA_SECRET_KEY"),
        ({"MOTCUA_SECRET_KEY": "short"}, "MOTCUA_SECRET_KEY"),
        ({"MOTCUA_SIMULATORS": "true"}, "MOTCUA_SIMULATORS"),
        ({"DATABASE_URL": "sqlite:///var/x.sqlite3"}, "DATABASE_URL"),
        ({"MOTCUA_VNPAY_HASH_SECRET": DEV_VNPAY_SECRET}, "MOTCUA_VNPAY_HASH_SECRET"),
        ({"MOTCUA_VNPAY_PAYMENT_URL": ""}, "MOTCUA_VNPAY_PAYMENT_URL"),
        ({"MOTCUA_VNPAY_API_URL": "http://127.0.0.1:8000/_sim/vnpay/x"}, "MOTCUA_VNPAY_API_URL"),
        ({"MOTCUA_OIDC_CLIENT_SECRET": "dev-oidc-client-secret"}, "MOTCUA_OIDC_CLIENT_SECRET"),
        ({"MOTCUA_SMS_GATEWAY_URL": "http://x/_sim/sms"}, "MOTCUA_SMS_GATEWAY_URL"),
        ({"MOTCUA_ACCESS_TOKEN_TTL": "3600"}, "MOTCUA_ACCESS_TOKEN_TTL"),
        ({"MOTCUA_VAPID_PRIVATE_KEY": ""}, "MOTCUA_VAPID_PRIVATE_KEY"),
        ({"MOTCUA_VAPID_SUBJECT": "mailto:dev@motcua.invalid"}, "MOTCUA_VAPID_SUBJECT"),
        ({"MOTCUA_POPULATION_API_KEY": "dev-population-key"}, "MOTCUA_POPULATION_API_KEY"),
        ({"MOTCUA_POPULATION_URL": "http://x/_sim/population"}, "MOTCUA_POPULATION_URL"),
        ({"MOTCUA_METRICS_TOKEN": ""}, "MOTCUA_METRICS_TOKEN"),
        ({"MOTCUA_METRICS_TOKEN": "short"}, "MOTCUA_METRICS_TOKEN"),
    ],
)
def test_production_refuses_unsafe_settings_and_names_them(override: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        from_env({**PROD, **override})


def test_production_without_a_secret_is_refused() -> None:
    env = {k: v for k, v in PROD.items() if k != "MOTCUA_SECRET_KEY"}
    with pytest.raises(SettingsError, match="MOTCUA_SECRET_KEY"):
        from_env(env)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"MOTCUA_ENV": "staging"}, "MOTCUA_ENV"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"PORT": "eighty"}, "PORT"),
        ({"MOTCUA_SIMULATORS": "maybe"}, "boolean"),
        ({"MOTCUA_JOB_CONCURRENCY": "0"}, "MOTCUA_JOB_CONCURRENCY"),
        ({"MOTCUA_JOB_CONCURRENCY": "four"}, "MOTCUA_JOB_CONCURRENCY"),
    ],
)
def test_malformed_settings_are_refused(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        from_env(env)
