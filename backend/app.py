"""The app factory: an explicit list of routers, guards and hooks.

Granian and the tests call `create_app()`; nothing is registered behind the reader's back.
"""

from __future__ import annotations

from pathlib import Path

import httpx
from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader, State
from litestar.exceptions import NotAuthorizedException
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from litestar.types import ControllerRouterHandler
from piccolo.engine import engine_finder

import simulators
from auth.api import AuthApi
from auth.cookies import secure_cookies
from auth.guards import NotForStaff
from auth.me_api import MeApi
from auth.middleware import authentication_middleware
from auth.oidc import ProviderCache
from auth.pages import AccountPages, CitizenLoginPages
from auth.ratelimit import limiter_for
from auth.redirects import handle_not_for_staff, handle_not_logged_in
from auth.staff_pages import CounterPages, StaffPages
from backend.courier.api import CourierApi, PickupCodeApi
from backend.courier.pages import CourierPages, CourierShell, PickupCodePages
from backend.db import close_pool, open_pool
from backend.dossiers.api import DossiersApi
from backend.dossiers.counter_api import CounterApi
from backend.dossiers.counter_pages import CounterDossierPages
from backend.dossiers.due_change_api import CounterDueDateApi
from backend.dossiers.due_change_pages import ApologyPages
from backend.dossiers.fee_api import DossierFeeApi
from backend.dossiers.fee_pages import DossierFeePages
from backend.dossiers.lookup_api import LookupApi
from backend.dossiers.lookup_pages import LookupPages
from backend.dossiers.pages import DossierPages
from backend.dossiers.receipt_pages import ReceiptPages
from backend.errors import handle_exception
from backend.health import health
from backend.home.header import header_middleware
from backend.home.pages import HomePages
from backend.home.shell import STATIC_DIR, TEMPLATE_DIR, ShellRoutes
from backend.jobs.pages import JobPages
from backend.logging import configure_logging, request_id_middleware
from backend.meta import VERSION, service_info
from backend.metrics.api import MetricsEndpoint
from backend.monitoring.pages import DashboardPages
from backend.offices.api import OfficesApi
from backend.payments.api import CitizenPaymentsApi, PaymentsApi
from backend.payments.pages import PaymentPages
from backend.payments.return_page import PaymentReturnPage
from backend.payments.staff_pages import RefundPages
from backend.procedures.api import ProceduresApi
from backend.procedures.pages import ProcedurePages
from backend.scheduling.api import BookingApi, CapacityApi, OfficeWindowsApi
from backend.scheduling.capacity_pages import CapacityPages
from backend.scheduling.counter_api import AppointmentsApi
from backend.scheduling.desk_pages import AppointmentPages
from backend.scheduling.pages import BookingPages
from backend.scheduling.wards import with_ward
from backend.settings import Settings, get_settings
from backend.uploads.api import DocumentPdfApi, FilesApi
from backend.uploads.counter_pages import CounterFilePages
from backend.uploads.pages import FilePages, UploadPages
from backend.uploads.wallet_api import ReuseApi, WalletApi
from backend.uploads.wallet_pages import WalletPages
from notifications.api import NotificationsApi, PushPublicKeyApi
from notifications.pages import NotificationPages
from notifications.staff_inbox import StaffAlertPages


def _template_config(directory: Path) -> TemplateConfig[JinjaTemplateEngine]:
    def setup(engine: JinjaTemplateEngine) -> None:
        engine.engine.autoescape = True
        # `address | with_ward(ward)`: an address shown once with its ward.
        engine.engine.filters["with_ward"] = with_ward

    return TemplateConfig(directory=directory, engine=JinjaTemplateEngine, engine_callback=setup)


def route_handlers(settings: Settings) -> list[ControllerRouterHandler]:
    handlers: list[ControllerRouterHandler] = [
        health,
        MetricsEndpoint,
        service_info,
        OfficesApi,
        MeApi,
        AuthApi,
        ProceduresApi,
        ProcedurePages,
        DossiersApi,
        CounterApi,
        CounterDueDateApi,
        LookupApi,
        LookupPages,
        DossierPages,
        CounterDossierPages,
        DashboardPages,
        JobPages,
        ReceiptPages,
        ApologyPages,
        OfficeWindowsApi,
        BookingApi,
        CapacityApi,
        AppointmentsApi,
        BookingPages,
        AppointmentPages,
        CapacityPages,
        FilesApi,
        DocumentPdfApi,
        WalletApi,
        ReuseApi,
        UploadPages,
        FilePages,
        WalletPages,
        CounterFilePages,
        PaymentsApi,
        CitizenPaymentsApi,
        CourierApi,
        PickupCodeApi,
        PaymentReturnPage,
        PaymentPages,
        DossierFeeApi,
        DossierFeePages,
        RefundPages,
        HomePages,
        CitizenLoginPages,
        AccountPages,
        StaffPages,
        CounterPages,
        CourierPages,
        CourierShell,
        PickupCodePages,
        ShellRoutes,
        PushPublicKeyApi,
        NotificationsApi,
        NotificationPages,
        StaffAlertPages,
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
        exception_handlers={
            NotAuthorizedException: handle_not_logged_in,
            NotForStaff: handle_not_for_staff,
            Exception: handle_exception,
        },
        template_config=_template_config(TEMPLATE_DIR),
        openapi_config=OpenAPIConfig(
            title="MotCua API",
            version=VERSION,
            path="/schema",
            render_plugins=[SwaggerRenderPlugin()],
        ),
        # Pages and static files travel over slow phone networks: gzip them. API answers are small
        # JSON, where wrapping every response cost more than it saved (bench_http).
        compression_config=CompressionConfig(
            backend="gzip", minimum_size=1024, exclude=["^/api/", "^/health$"]
        ),
        request_max_body_size=settings.max_request_body_bytes,
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        middleware=[authentication_middleware, header_middleware],
        # Every form post carries the token; the JSON API (Bearer tokens, never cookies) and the
        # simulators (stand-ins for other sites) are outside it.
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_name="motcua_csrf",
            cookie_secure=secure_cookies(settings),
            cookie_httponly=True,
            cookie_samesite="lax",
            # /push/subscriptions: posted by the service worker, which has no token to send; it
            # checks the Origin instead (notifications/pages.py).
            exclude=["^/api/", "^/_sim/", "^/push/subscriptions$"],
        ),
        state=State(
            {
                "settings": settings,
                "engine": engine,
                "http_client": http_client,
                "rate_limiter": limiter_for(settings.redis_url),
                "oidc_cache": ProviderCache(),
            }
        ),
        debug=False,
    )
    # Outermost, so that unmatched paths (404/405, raised before any route middleware) get a
    # request id and an access line too.
    app.asgi_handler = request_id_middleware(app.asgi_handler)
    return app
