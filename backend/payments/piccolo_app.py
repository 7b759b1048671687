from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.payments.tables import Payment, PaymentCallback

APP_CONFIG = AppConfig(
    app_name="payments",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Payment, PaymentCallback],
    migration_dependencies=[],
    commands=[],
)
