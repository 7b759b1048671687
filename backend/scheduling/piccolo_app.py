from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.scheduling.tables import Booking, CapacityWindow, LiveBooking, Slot

APP_CONFIG = AppConfig(
    app_name="scheduling",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[CapacityWindow, Slot, Booking, LiveBooking],
    migration_dependencies=[
        "backend.offices.piccolo_app",
        "auth.piccolo_app",
        "backend.dossiers.piccolo_app",
    ],
    commands=[],
)
