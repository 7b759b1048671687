from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.offices.tables import Office

APP_CONFIG = AppConfig(
    app_name="offices",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Office],
    migration_dependencies=[],
    commands=[],
)
