from pathlib import Path

from piccolo.conf.apps import AppConfig

from auth.tables import AuditEvent, Citizen, OidcLogin, OtpChallenge, RefreshToken, StaffUser, WebSession

APP_CONFIG = AppConfig(
    app_name="auth",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Citizen, StaffUser, RefreshToken, WebSession, OtpChallenge, OidcLogin, AuditEvent],
    migration_dependencies=["backend.offices.piccolo_app"],
    commands=[],
)
