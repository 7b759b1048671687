from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.procedures.tables import Procedure

APP_CONFIG = AppConfig(
    app_name="procedures",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Procedure],
    migration_dependencies=[],
    commands=[],
)
