from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.uploads.tables import StoredFile, WalletDocument

APP_CONFIG = AppConfig(
    app_name="uploads",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[WalletDocument, StoredFile],
    migration_dependencies=["auth.piccolo_app"],
    commands=[],
)
