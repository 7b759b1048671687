"""The one place that reads the environment.

Every other module takes a `Settings` (usually through `get_settings()`); nothing else touches
`os.environ`. In production (`MOTCUA_ENV=production`) `validate()` refuses dev secrets and the
simulators, naming the setting that is wrong.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-secret-change-me"  # noqa: S105 - the dev default that production refuses
DEV_OIDC_SECRET = "dev-oidc-client-secret"  # noqa: S105 - the simulator's client secret
DEV_POPULATION_KEY = "dev-population-key"
DEV_VNPAY_SECRET = "dev-vnpay-hash-secret-simulator-only"  # noqa: S105 - shared with the simulator
ENVIRONMENTS = ("development", "test", "production")


class SettingsError(ValueError):
    """A setting is missing or unsafe; the message names it."""


def _bool(value: str) -> bool:
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise SettingsError(f"not a boolean: {value!r}")


@dataclass(frozen=True, slots=True)
class Settings:
    env: str = "development"
    database_url: str = f"sqlite:///{ROOT / 'var' / 'motcua.sqlite3'}"
    redis_url: str = ""
    secret_key: str = DEV_SECRET
    base_url: str = "http://127.0.0.1:8000"
    port: int = 8000
    simulators_enabled: bool = True
    log_level: str = "INFO"
    log_json: bool = False
    max_request_body_bytes: int = 10 * 1024 * 1024
    # PostgreSQL connections per process; 0 opens one per query (tests, which also query the
    # database from their own event loop and must not share the app's pool).
    db_pool_size: int = 10
    storage_dir: Path = field(default_factory=lambda: ROOT / "var" / "files")
    # S3-compatible file storage (MinIO in docker-compose); empty endpoint = the local folder.
    s3_endpoint: str = ""
    s3_bucket: str = "motcua"
    s3_access_key: str = ""
    s3_secret_key: str = ""
    # Identity (auth/). Access tokens are EdDSA-signed with a key derived from the secret key;
    # tokens signed under an earlier secret still verify while it is listed here (rotation).
    previous_secret_keys: tuple[str, ...] = ()
    access_token_ttl_s: int = 600
    refresh_token_ttl_s: int = 30 * 24 * 3600
    # External systems the identity flows call (simulators under /_sim in dev and tests).
    sms_gateway_url: str = ""
    sms_api_key: str = "dev-sms-key"
    oidc_discovery_url: str = ""
    oidc_client_id: str = "motcua"
    oidc_client_secret: str = DEV_OIDC_SECRET
    # Web Push (VAPID, RFC 8292). Empty private key: dev and tests generate one and keep it in
    # vapid_key_file; production refuses to start without its own key and contact subject.
    vapid_private_key: str = ""
    vapid_subject: str = "mailto:dev@motcua.invalid"
    vapid_key_file: Path = field(default_factory=lambda: ROOT / "var" / "vapid-dev.pem")
    push_timeout_s: float = 10.0
    # National population database (prefill of verified personal data; simulator in dev/tests).
    population_url: str = ""
    population_api_key: str = DEV_POPULATION_KEY
    # Uploads (backend/uploads): body size of one upload, pixel count a photo may decode to, the
    # stored size budget (long side, JPEG quality, bytes), pages per document, storage per citizen.
    upload_max_bytes: int = 10 * 1024 * 1024
    upload_max_pixels: int = 50_000_000
    upload_long_side: int = 2000
    upload_jpeg_quality: int = 82
    upload_budget_bytes: int = 1_500_000
    upload_thumb_side: int = 320
    upload_max_pages: int = 10
    upload_quota_bytes: int = 200 * 1024 * 1024
    # ClamAV: "host:port" of clamd (INSTREAM over TCP); empty = no scan. A scan that fails or
    # takes longer than the timeout rejects the file.
    clamd_address: str = ""
    clamd_timeout_s: float = 10.0
    # VNPay 2.1.0 (payments): merchant terminal code, hash secret and the gateway's addresses.
    # Empty URLs mean the simulator under {base_url}/_sim/vnpay (dev and tests).
    vnpay_tmn_code: str = "MOTCUA01"
    vnpay_hash_secret: str = DEV_VNPAY_SECRET
    vnpay_payment_url: str = ""
    vnpay_api_url: str = ""
    # The IPN address registered with the gateway (the simulator calls it).
    vnpay_ipn_url: str = ""
    payment_ttl_minutes: int = 15
    # GET /metrics (backend/metrics): the bearer token Prometheus sends; empty = not served (404).
    metrics_token: str = ""
    # Courier pickup codes (backend/courier): HMAC key of the QR token and short code (empty =
    # derived from the secret key) and how long a code stays valid after it was issued.
    pickup_code_key: str = ""
    pickup_code_ttl_s: int = 7 * 24 * 3600
    # Bookings (backend/scheduling): a booking can be made, moved or cancelled until this many
    # minutes before its window starts; citizens see windows this many working days ahead.
    booking_cutoff_minutes: int = 120
    booking_days_ahead: int = 10
    # The job worker (backend/jobs): how many jobs one worker process runs side by side.
    job_concurrency: int = 4

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def gateway_payment_url(self) -> str:
        return self.vnpay_payment_url or f"{self.base_url}/_sim/vnpay/paymentv2/vpcpay.html"

    @property
    def gateway_api_url(self) -> str:
        return self.vnpay_api_url or f"{self.base_url}/_sim/vnpay/merchant_webapi/api/transaction"

    @property
    def gateway_ipn_url(self) -> str:
        return self.vnpay_ipn_url or f"{self.base_url}/api/v1/payments/vnpay/ipn"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")

    def validate(self) -> Settings:
        if self.env not in ENVIRONMENTS:
            raise SettingsError(f"MOTCUA_ENV must be one of {', '.join(ENVIRONMENTS)}, not {self.env!r}")
        if not self.database_url.startswith(("sqlite:///", "postgresql://", "postgres://")):
            raise SettingsError("DATABASE_URL must start with sqlite:/// or postgresql://")
        if self.s3_endpoint and not (self.s3_access_key and self.s3_secret_key):
            raise SettingsError(
                "MOTCUA_S3_ENDPOINT is set but MOTCUA_S3_ACCESS_KEY or MOTCUA_S3_SECRET_KEY is empty"
            )
        if self.is_production:
            if self.secret_key == DEV_SECRET or len(self.secret_key) < 32:
                raise SettingsError(
                    "MOTCUA_SECRET_KEY is the dev default or shorter than 32 characters; "
                    "production needs its own secret"
                )
            if self.simulators_enabled:
                raise SettingsError(
                    "MOTCUA_SIMULATORS must be off in production: simulators are for dev and tests"
                )
            if self.is_sqlite:
                raise SettingsError("DATABASE_URL points at SQLite; production runs on PostgreSQL")
            if self.vnpay_hash_secret == DEV_VNPAY_SECRET or len(self.vnpay_hash_secret) < 16:
                raise SettingsError("MOTCUA_VNPAY_HASH_SECRET is the dev default or too short")
            for name, url in (
                ("MOTCUA_VNPAY_PAYMENT_URL", self.vnpay_payment_url),
                ("MOTCUA_VNPAY_API_URL", self.vnpay_api_url),
            ):
                if not url.startswith("https://") or "/_sim/" in url:
                    raise SettingsError(f"{name} must be the gateway's https address, not the simulator")
            if self.oidc_client_secret == DEV_OIDC_SECRET:
                raise SettingsError("MOTCUA_OIDC_CLIENT_SECRET is the simulator's; set the provider's")
            if "/_sim/" in self.sms_gateway_url or "/_sim/" in self.oidc_discovery_url:
                raise SettingsError(
                    "MOTCUA_SMS_GATEWAY_URL and MOTCUA_OIDC_DISCOVERY_URL must name the real providers "
                    "in production"
                )
            if not self.vapid_private_key:
                raise SettingsError(
                    "MOTCUA_VAPID_PRIVATE_KEY is empty; production needs its own VAPID key for Web Push"
                )
            if len(self.metrics_token) < 24:
                raise SettingsError(
                    "MOTCUA_METRICS_TOKEN is empty or shorter than 24 characters; production "
                    "serves /metrics only behind its own token"
                )
            if self.vapid_subject.endswith(".invalid"):
                raise SettingsError(
                    "MOTCUA_VAPID_SUBJECT is the dev default; give a real mailto: or https: contact"
                )
        if self.is_production and (
            self.population_api_key == DEV_POPULATION_KEY or "/_sim/" in self.population_url
        ):
            raise SettingsError(
                "MOTCUA_POPULATION_URL and MOTCUA_POPULATION_API_KEY must name the real population "
                "database in production"
            )
        if self.pickup_code_ttl_s <= 0:
            raise SettingsError("MOTCUA_PICKUP_CODE_TTL_S must be a positive number of seconds")
        if self.booking_cutoff_minutes < 0 or not 1 <= self.booking_days_ahead <= 60:
            raise SettingsError(
                "MOTCUA_BOOKING_CUTOFF_MINUTES must not be negative and MOTCUA_BOOKING_DAYS_AHEAD "
                "must be between 1 and 60"
            )
        if not 1 <= self.job_concurrency <= 32:
            raise SettingsError("MOTCUA_JOB_CONCURRENCY must be between 1 and 32")
        if not 60 <= self.access_token_ttl_s <= 900:
            raise SettingsError("MOTCUA_ACCESS_TOKEN_TTL must be between 60 and 900 seconds")
        return self


def from_env(environ: dict[str, str] | os._Environ[str] | None = None) -> Settings:
    """Build settings from an environment mapping (the process environment by default)."""
    env = os.environ if environ is None else environ
    defaults = Settings()
    mode = env.get("MOTCUA_ENV", defaults.env)
    try:
        port = int(env.get("PORT", str(defaults.port)))
        max_body = int(env.get("MOTCUA_MAX_BODY_BYTES", str(defaults.max_request_body_bytes)))
        pool_size = int(env.get("MOTCUA_DB_POOL_SIZE", str(defaults.db_pool_size)))
        ttl = int(env.get("MOTCUA_PAYMENT_TTL_MINUTES", str(defaults.payment_ttl_minutes)))
        access_ttl = int(env.get("MOTCUA_ACCESS_TOKEN_TTL", str(defaults.access_token_ttl_s)))
        push_timeout = float(env.get("MOTCUA_PUSH_TIMEOUT_S", str(defaults.push_timeout_s)))
        pickup_ttl = int(env.get("MOTCUA_PICKUP_CODE_TTL_S", str(defaults.pickup_code_ttl_s)))
        cutoff = int(env.get("MOTCUA_BOOKING_CUTOFF_MINUTES", str(defaults.booking_cutoff_minutes)))
        days_ahead = int(env.get("MOTCUA_BOOKING_DAYS_AHEAD", str(defaults.booking_days_ahead)))
        job_concurrency = int(env.get("MOTCUA_JOB_CONCURRENCY", str(defaults.job_concurrency)))
    except ValueError as exc:
        raise SettingsError(
            "PORT, MOTCUA_MAX_BODY_BYTES, MOTCUA_DB_POOL_SIZE, MOTCUA_ACCESS_TOKEN_TTL, "
            "MOTCUA_PAYMENT_TTL_MINUTES, MOTCUA_PICKUP_CODE_TTL_S, MOTCUA_BOOKING_* and "
            "MOTCUA_JOB_CONCURRENCY must be "
            f"whole numbers ({exc})"
        ) from None
    base_url = env.get("MOTCUA_BASE_URL", f"http://127.0.0.1:{port}").rstrip("/")
    uploads = _upload_numbers(env, defaults)
    settings = Settings(
        env=mode,
        database_url=env.get("DATABASE_URL", defaults.database_url),
        redis_url=env.get("REDIS_URL", ""),
        secret_key=env.get("MOTCUA_SECRET_KEY", defaults.secret_key),
        base_url=base_url,
        port=port,
        simulators_enabled=_bool(env.get("MOTCUA_SIMULATORS", "false" if mode == "production" else "true")),
        log_level=env.get("LOG_LEVEL", defaults.log_level).upper(),
        log_json=_bool(env.get("LOG_JSON", "true" if mode == "production" else "false")),
        max_request_body_bytes=max_body,
        db_pool_size=pool_size,
        storage_dir=Path(env.get("MOTCUA_STORAGE_DIR", str(defaults.storage_dir))),
        s3_endpoint=env.get("MOTCUA_S3_ENDPOINT", ""),
        s3_bucket=env.get("MOTCUA_S3_BUCKET", defaults.s3_bucket),
        s3_access_key=env.get("MOTCUA_S3_ACCESS_KEY", ""),
        s3_secret_key=env.get("MOTCUA_S3_SECRET_KEY", ""),
        previous_secret_keys=tuple(
            key for key in env.get("MOTCUA_PREVIOUS_SECRET_KEYS", "").split(",") if key.strip()
        ),
        access_token_ttl_s=access_ttl,
        sms_gateway_url=env.get("MOTCUA_SMS_GATEWAY_URL", "").rstrip("/") or f"{base_url}/_sim/sms",
        sms_api_key=env.get("MOTCUA_SMS_API_KEY", defaults.sms_api_key),
        oidc_discovery_url=env.get("MOTCUA_OIDC_DISCOVERY_URL", "")
        or f"{base_url}/_sim/oidc/.well-known/openid-configuration",
        oidc_client_id=env.get("MOTCUA_OIDC_CLIENT_ID", defaults.oidc_client_id),
        oidc_client_secret=env.get("MOTCUA_OIDC_CLIENT_SECRET", defaults.oidc_client_secret),
        vapid_private_key=env.get("MOTCUA_VAPID_PRIVATE_KEY", ""),
        vapid_subject=env.get("MOTCUA_VAPID_SUBJECT", defaults.vapid_subject),
        vapid_key_file=Path(env.get("MOTCUA_VAPID_KEY_FILE", str(defaults.vapid_key_file))),
        push_timeout_s=push_timeout,
        population_url=env.get("MOTCUA_POPULATION_URL", "").rstrip("/") or f"{base_url}/_sim/population",
        population_api_key=env.get("MOTCUA_POPULATION_API_KEY", defaults.population_api_key),
        **uploads,
        clamd_address=env.get("MOTCUA_CLAMD", ""),
        vnpay_tmn_code=env.get("MOTCUA_VNPAY_TMN_CODE", defaults.vnpay_tmn_code),
        vnpay_hash_secret=env.get("MOTCUA_VNPAY_HASH_SECRET", defaults.vnpay_hash_secret),
        vnpay_payment_url=env.get("MOTCUA_VNPAY_PAYMENT_URL", ""),
        vnpay_api_url=env.get("MOTCUA_VNPAY_API_URL", ""),
        vnpay_ipn_url=env.get("MOTCUA_VNPAY_IPN_URL", ""),
        payment_ttl_minutes=ttl,
        metrics_token=env.get("MOTCUA_METRICS_TOKEN", ""),
        pickup_code_key=env.get("MOTCUA_PICKUP_CODE_KEY", ""),
        pickup_code_ttl_s=pickup_ttl,
        booking_cutoff_minutes=cutoff,
        booking_days_ahead=days_ahead,
        job_concurrency=job_concurrency,
    )
    return settings.validate()


_UPLOAD_ENV = {
    "upload_max_bytes": "MOTCUA_UPLOAD_MAX_BYTES",
    "upload_max_pixels": "MOTCUA_UPLOAD_MAX_PIXELS",
    "upload_long_side": "MOTCUA_UPLOAD_LONG_SIDE",
    "upload_budget_bytes": "MOTCUA_UPLOAD_BUDGET_BYTES",
    "upload_max_pages": "MOTCUA_UPLOAD_MAX_PAGES",
    "upload_quota_bytes": "MOTCUA_UPLOAD_QUOTA_BYTES",
}


def _upload_numbers(env: Mapping[str, str], defaults: Settings) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, variable in _UPLOAD_ENV.items():
        raw = env.get(variable, str(getattr(defaults, name)))
        try:
            values[name] = int(raw)
        except ValueError:
            raise SettingsError(f"{variable} must be a whole number, not {raw!r}") from None
        if values[name] <= 0:
            raise SettingsError(f"{variable} must be positive")
    raw = env.get("MOTCUA_CLAMD_TIMEOUT", str(defaults.clamd_timeout_s))
    try:
        values["clamd_timeout_s"] = float(raw)
    except ValueError:
        raise SettingsError(f"MOTCUA_CLAMD_TIMEOUT must be a number of seconds, not {raw!r}") from None
    return values


@cache
def get_settings() -> Settings:
    return from_env()
