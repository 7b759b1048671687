"""The app factory: an explicit list of routers, guards and hooks.

Granian and the tests call `create_app()`; nothing is registered behind the reader's back.
"""

from __future__ import annotations

from pathlib import Path

import httpx
from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.datastructures import CacheControlHeader, State
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from litestar.types import ControllerRouterHandler
from piccolo.engine import engine_finder

import simulators
from auth.me_api import MeApi
from auth.middleware import authentication_middleware
from backend.db import close_pool, open_pool
from backend.errors import handle_exception
from backend.health import health
from backend.home.pages import HomePages
from backend.home.shell import STATIC_DIR, TEMPLATE_DIR, ShellRoutes
from backend.logging import configure_logging, request_id_middleware
from backend.meta import VERSION, service_info
from backend.offices.api import OfficesApi
from backend.payments.api import CitizenPaymentsApi, PaymentsApi
from backend.payments.pages import PaymentPages
from backend.payments.return_page import PaymentReturnPage
from backend.settings import Settings, get_settings


def _template_config(directory: Path) -> TemplateConfig[JinjaTemplateEngine]:
    def setup(engine: JinjaTemplateEngine) -> None:
        engine.engine.autoescape = True

    return TemplateConfig(directory=directory, engine=JinjaTemplateEngine, engine_callback=setup)


def route_handlers(settings: Settings) -> list[ControllerRouterHandler]:
    handlers: list[ControllerRouterHandler] = [
        health,
        service_info,
        OfficesApi,
        MeApi,
        PaymentsApi,
        CitizenPaymentsApi,
        PaymentReturnPage,
        PaymentPages,
        HomePages,
        ShellRoutes,
        create_static_files_router(
            path="/static",
            directories=[STATIC_DIR],
            cache_control=CacheControlHeader(max_age=3600, public=True),
            include_in_schema=False,
        ),
    ]
    if settings.simulators_enabled:
        handlers.extend(simulators.ROUTERS)
    return handlers


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    configure_logging(settings)
    engine = engine_finder()
    if engine is None:
        raise RuntimeError("piccolo_conf.py defines no DB engine")

    async def on_startup() -> None:
        await open_pool(engine, settings.db_pool_size)

    # Outbound HTTP to external systems (SMS gateway, e-ID provider); tests swap in a transport
    # that reaches the simulators inside the app itself.
    http_client = httpx.AsyncClient(timeout=10)

    async def on_shutdown() -> None:
        await close_pool(engine)
        await http_client.aclose()

    app = Litestar(
        route_handlers=route_handlers(settings),
        exception_handlers={Exception: handle_exception},
        template_config=_template_config(TEMPLATE_DIR),
        openapi_config=OpenAPIConfig(
            title="MotCua API",
            version=VERSION,
            path="/schema",
            render_plugins=[SwaggerRenderPlugin()],
        ),
        compression_config=CompressionConfig(backend="gzip", minimum_size=1024),
        request_max_body_size=settings.max_request_body_bytes,
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        middleware=[authentication_middleware],
        state=State({"settings": settings, "engine": engine, "http_client": http_client}),
        debug=False,
    )
    # Outermost, so that unmatched paths (404/405, raised before any route middleware) get a
    # request id and an access line too.
    app.asgi_handler = request_id_middleware(app.asgi_handler)
    return app
