from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.dossiers.tables import (
    Dossier,
    DossierCodeCounter,
    DossierEvent,
    DueDateChange,
    IdempotencyKey,
)

APP_CONFIG = AppConfig(
    app_name="dossiers",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Dossier, DossierEvent, DossierCodeCounter, IdempotencyKey, DueDateChange],
    migration_dependencies=[
        "auth.piccolo_app",
        "backend.offices.piccolo_app",
        "backend.procedures.piccolo_app",
    ],
    commands=[],
)
