from pathlib import Path

from piccolo.conf.apps import AppConfig

from notifications.tables import (
    DeliveryAttempt,
    InboxItem,
    NotificationPreference,
    OutboxMessage,
    PushReceipt,
    PushSubscription,
)

APP_CONFIG = AppConfig(
    app_name="notifications",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        OutboxMessage,
        DeliveryAttempt,
        InboxItem,
        PushSubscription,
        PushReceipt,
        NotificationPreference,
    ],
    migration_dependencies=[],
    commands=[],
)
