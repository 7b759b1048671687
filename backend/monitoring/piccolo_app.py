from pathlib import Path

from piccolo.conf.apps import AppConfig

APP_CONFIG = AppConfig(
    app_name="monitoring",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    # No tables of its own: its migration adds the indexes the dashboard's queries use to the
    # dossier tables (docs/monitoring.md, bench/bench_dashboard.py).
    table_classes=[],
    migration_dependencies=[
        "backend.dossiers.piccolo_app",
        "backend.payments.piccolo_app",
        "backend.uploads.piccolo_app",
    ],
    commands=[],
)
