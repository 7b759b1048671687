from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.calendar.tables import CalendarOverride

APP_CONFIG = AppConfig(
    app_name="calendar",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[CalendarOverride],
    migration_dependencies=[],
    commands=[],
)
