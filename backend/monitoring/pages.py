"""/counter/dashboard for supervisors (their office) and admins (every office, or one): the
figures of a period, lists one click away, CSV exports and the live stream. Everything works
without JS; pwa/static/js/dashboard-live.mjs applies the stream's updates."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Controller, Request, get
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Response, ServerSentEvent, Template
from litestar.response.sse import ServerSentEventMessage

from auth.guards import principal_of, require_role
from backend import clock
from backend.errors import Problem
from backend.monitoring import charts
from backend.monitoring.dashboard import FIGURES, compute, flat, format_rate
from backend.monitoring.export import figures_csv, overdue_csv
from backend.monitoring.live import updates
from backend.monitoring.scope import Period, Scope, allowed_offices, period_from, scope_for
from backend.web import page_context, request_locale
from i18n import format_date, translate

Req = Request[Any, Any, Any]
From = Annotated[str, QueryParameter(name="from")]
To = Annotated[str, QueryParameter(name="to")]
Office = Annotated[int | None, QueryParameter(name="office")]
Agency = Annotated[str, QueryParameter(name="agency")]
PROCEDURE_SORTS = ("code", "received", "resolved", "on_time_rate", "overdue")
OFFICER_SORTS = ("name", "resolved", "on_time_rate")
LISTS = ("overdue", "due_soon")


def sort_rows(
    rows: list[dict[str, Any]], sort: str, allowed: tuple[str, ...], default: str
) -> tuple[list[dict[str, Any]], str]:
    """`sort` is a column name, "-" first for descending; unknown names fall back to `default`.
    Empty values (no rate yet) always come last."""
    key = sort.lstrip("-")
    if key not in allowed:
        sort, key = default, default.lstrip("-")
    descending = sort.startswith("-")
    present = [r for r in rows if r[key] is not None]
    missing = [r for r in rows if r[key] is None]
    present.sort(key=lambda r: (r[key], str(r.get("code") or r.get("name"))), reverse=descending)
    return present + missing, sort


class DashboardPages(Controller):
    path = "/counter/dashboard"
    include_in_schema = False
    guards = [require_role("supervisor", "admin")]

    async def _load(
        self, request: Req, office: int | None, first: str, last: str, agency: str = ""
    ) -> tuple[Scope, Period, dict[str, Any], list[dict[str, Any]], dict[str, str]]:
        principal = principal_of(request)
        now = clock.now()
        offices = await allowed_offices(principal)
        scope = await scope_for(principal, office, agency, offices)
        period = period_from(first, last, now)
        codes = [str(o["code"]) for o in offices if scope.offices is None or o["id"] in scope.offices]
        data = await compute(scope, period, now, codes)
        query = {"from": format_date(period.first), "to": format_date(period.last)}
        if office is not None:
            query["office"] = str(office)
        elif agency:
            query["agency"] = agency
        return scope, period, data, offices, query

    @get("/")
    async def dashboard(
        self,
        request: Req,
        first: From = "",
        last: To = "",
        office: Office = None,
        agency: Agency = "",
        psort: FromQuery[str] = "",
        osort: FromQuery[str] = "",
    ) -> Template:
        _scope, period, data, offices, query = await self._load(request, office, first, last, agency)
        details = _details(request, data, query, psort, osort)
        stream_query = {**query, "psort": details["psort"], "osort": details["osort"]}
        return Template(
            "monitoring/dashboard.html",
            context=page_context(
                request,
                figures=FIGURES,
                offices=offices,
                office=office,
                agency=agency,
                agencies=sorted({str(o["agency_code"]) for o in offices}),
                period=period,
                query=query,
                stream_url="/counter/dashboard/stream?" + urlencode(stream_query),
                **details,
            ),
            headers={"Cache-Control": "no-store"},
        )

    @get("/list/{kind:str}")
    async def listing(
        self,
        request: Req,
        kind: FromPath[str],
        first: From = "",
        last: To = "",
        office: Office = None,
        agency: Agency = "",
    ) -> Template:
        if kind not in LISTS:
            raise Problem(404, "not_found")
        _scope, _period, data, _offices, query = await self._load(request, office, first, last, agency)
        return Template(
            "monitoring/list.html",
            context=page_context(
                request, kind=kind, rows=data["progress"][f"{kind}_rows"], qs=urlencode(query)
            ),
            headers={"Cache-Control": "no-store"},
        )

    @get("/export/{kind:str}")
    async def export(
        self,
        request: Req,
        kind: FromPath[str],
        first: From = "",
        last: To = "",
        office: Office = None,
        agency: Agency = "",
    ) -> Response[bytes]:
        """kind: figures (every figure and the per-procedure counts), overdue or due_soon."""
        if kind != "figures" and kind not in LISTS:
            raise Problem(404, "not_found")
        _scope, period, data, _offices, _query = await self._load(request, office, first, last, agency)
        locale = request_locale(request)

        def _(key: str) -> str:
            return translate(locale, key)

        days = f"{period.first:%Y%m%d}-{period.last:%Y%m%d}"
        if kind == "figures":
            text = f"{format_date(period.first)}–{format_date(period.last)}"
            return _csv(figures_csv(data, text, _, locale), f"dashboard-{days}.csv")
        return _csv(overdue_csv(data["progress"][f"{kind}_rows"], _, locale), f"{kind}-{days}.csv")

    @get("/stream")
    async def stream(
        self,
        request: Req,
        first: From = "",
        last: To = "",
        office: Office = None,
        agency: Agency = "",
        psort: FromQuery[str] = "",
        osort: FromQuery[str] = "",
    ) -> ServerSentEvent:
        """`figures`: {"<group>.<name>": text} for the data-figure elements; `details`: the
        comments, charts and tables as HTML. Both again whenever anything in them changes."""
        await scope_for(principal_of(request), office, agency)  # 404 before the stream starts
        period_from(first, last, clock.now())
        template = request.app.template_engine.get_template("monitoring/_details.html")  # type: ignore[union-attr]

        async def current() -> dict[str, Any]:
            _s, _p, data, _o, query = await self._load(request, office, first, last, agency)
            details = _details(request, data, query, psort, osort)
            html = template.render(**page_context(request, **details))
            return {"figures": flat(data, details["locale"]), "details": html}

        async def events() -> AsyncIterator[ServerSentEventMessage]:
            async for payload in updates(current):
                yield ServerSentEventMessage(
                    data=json.dumps(payload["figures"], ensure_ascii=False), event="figures"
                )
                yield ServerSentEventMessage(data=json.dumps({"html": payload["details"]}), event="details")

        return ServerSentEvent(events(), headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _details(
    request: Req, data: dict[str, Any], query: dict[str, str], psort: str, osort: str
) -> dict[str, Any]:
    """What the comments, charts and tables need (monitoring/_details.html)."""
    locale = request_locale(request)

    def _(key: str) -> str:
        return translate(locale, key)

    procedures, psort = sort_rows(data["per_procedure"], psort, PROCEDURE_SORTS, "-received")
    officers, osort = sort_rows(data["per_officer"], osort, OFFICER_SORTS, "-resolved")
    name_key = "name_en" if locale == "en" else "name_vi"
    return {
        "locale": locale,
        "data": data,
        "rate": lambda value: format_rate(value, locale),
        "qs": lambda **extra: urlencode({**query, **extra}),
        "procedures": procedures,
        "officers": officers,
        "psort": psort,
        "osort": osort,
        "name_key": name_key,
        "daily_chart": charts.line_chart(
            data["daily"],
            {
                "title": _("dashboard.chart.daily"),
                "received": _("dashboard.figure.received"),
                "resolved": _("dashboard.figure.resolved"),
                "empty": _("dashboard.chart.empty"),
            },
        ),
        "ontime_chart": charts.bar_chart(
            procedures, {"title": _("dashboard.chart.on_time"), "empty": _("dashboard.chart.empty")}, name_key
        ),
    }


def _csv(body: bytes, filename: str) -> Response[bytes]:
    return Response(
        content=body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
