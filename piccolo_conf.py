"""Piccolo's configuration: the engine from settings and one app per domain."""

from piccolo.conf.apps import AppRegistry

from backend.db import engine_for
from backend.settings import get_settings

DB = engine_for(get_settings())

APP_REGISTRY = AppRegistry(
    apps=[
        "backend.offices.piccolo_app",
        "notifications.piccolo_app",
        "auth.piccolo_app",
        "backend.calendar.piccolo_app",
        "backend.procedures.piccolo_app",
        "backend.dossiers.piccolo_app",
        "backend.uploads.piccolo_app",
        "backend.payments.piccolo_app",
        "backend.scheduling.piccolo_app",
        "backend.monitoring.piccolo_app",
        "backend.courier.piccolo_app",
    ]
)
