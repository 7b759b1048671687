from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.courier.tables import CustodyEvent, PickupCode

APP_CONFIG = AppConfig(
    app_name="courier",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[PickupCode, CustodyEvent],
    migration_dependencies=["backend.scheduling.piccolo_app", "backend.dossiers.piccolo_app"],
    commands=[],
)
