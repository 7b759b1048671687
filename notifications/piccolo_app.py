from pathlib import Path

from piccolo.conf.apps import AppConfig

from notifications.tables import DeliveryAttempt, InboxItem, OutboxMessage

APP_CONFIG = AppConfig(
    app_name="notifications",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[OutboxMessage, DeliveryAttempt, InboxItem],
    migration_dependencies=[],
    commands=[],
)
