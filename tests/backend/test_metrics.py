"""GET /metrics: Prometheus text that a strict parser accepts, counts that move with traffic and
with the outbox, callbacks and deliveries, no raw paths or personal data in labels, and only for
the holder of the token."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.app import create_app
from backend.payments.tables import PaymentCallback
from backend.settings import get_settings
from notifications import outbox
from notifications.tables import OutboxMessage

TOKEN = "metrics-token-for-tests-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\\\|\\"|\\n)*"'
SAMPLE = re.compile(rf"^({NAME})(?:\{{({LABEL}(?:,{LABEL})*)\}})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$")
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse(text: str) -> tuple[dict[str, str], Samples]:
    """The text format, strictly: HELP/TYPE before a family's samples, every sample well formed,
    counters named *_total, histogram buckets cumulative and ending at +Inf = _count."""
    assert text.endswith("\n")
    types: dict[str, str] = {}
    samples: Samples = {}
    for line in text.rstrip("\n").split("\n"):
        if line.startswith("# HELP "):
            assert re.match(rf"^# HELP {NAME} \S", line), line
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            assert kind in ("counter", "gauge", "histogram"), line
            assert name not in types, f"{name} declared twice"
            types[name] = kind
            continue
        found = SAMPLE.match(line)
        assert found, f"not a sample line: {line!r}"
        name, labels, value = found.groups()
        family = re.sub(r"_(bucket|sum|count)$", "", name) if name not in types else name
        assert family in types, f"{name} has no TYPE"
        if types[family] == "counter":
            assert family.endswith("_total")
        pairs = frozenset(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', labels or ""))
        key = (name, pairs)
        assert key not in samples, f"duplicate series {line!r}"
        samples[key] = float(value)
    for name, kind in types.items():
        if kind != "histogram":
            continue
        series: dict[frozenset[tuple[str, str]], list[tuple[float, float]]] = {}
        for (sample_name, pairs), value in samples.items():
            if sample_name == f"{name}_bucket":
                le = dict(pairs)["le"]
                rest = frozenset(p for p in pairs if p[0] != "le")
                series.setdefault(rest, []).append((float(le), value))
        for rest, buckets in series.items():
            counts = [count for _, count in sorted(buckets)]
            assert counts == sorted(counts), "buckets must be cumulative"
            assert sorted(buckets)[-1][0] == float("inf")
            assert counts[-1] == samples[(f"{name}_count", rest)]
    return types, samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture
async def metrics_client() -> AsyncIterator[AsyncTestClient[Litestar]]:
    app = create_app(replace(get_settings(), metrics_token=TOKEN))
    async with AsyncTestClient(app=app) as client:
        yield client


async def scrape(client: AsyncTestClient[Litestar]) -> Samples:
    answer = await client.get("/metrics", headers=AUTH)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    return parse(answer.text)[1]


async def test_only_the_token_holder_reads_metrics(metrics_client: AsyncTestClient[Litestar]) -> None:
    missing = await metrics_client.get("/metrics")
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"].startswith("Bearer")
    assert "motcua_" not in missing.text
    wrong = await metrics_client.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 401
    assert (await metrics_client.get("/metrics", headers=AUTH)).status_code == 200


async def test_without_a_configured_token_there_is_no_metrics_route(
    client: AsyncTestClient[Litestar],
) -> None:
    assert get_settings().metrics_token == ""
    assert (await client.get("/metrics", headers=AUTH)).status_code == 404


async def test_request_counts_grow_per_route_template_without_raw_paths(
    metrics_client: AsyncTestClient[Litestar],
) -> None:
    before = await scrape(metrics_client)
    for _ in range(3):
        assert (await metrics_client.get("/health")).status_code == 200
    # An ID number and a phone number in URLs must not become labels.
    await metrics_client.get("/api/v1/lookup/001090012345")
    await metrics_client.get("/nothing-here/0912345678")
    await metrics_client.request("BREW0912345678", "/health")
    answer = await metrics_client.get("/metrics", headers=AUTH)
    _, after = parse(answer.text)
    health = {"method": "GET", "route": "/health", "status": "200"}
    assert (
        value(after, "motcua_http_requests_total", **health)
        == value(before, "motcua_http_requests_total", **health) + 3
    )
    assert value(after, "motcua_http_request_duration_seconds_count", **health) >= 3
    assert "001090012345" not in answer.text
    assert "0912345678" not in answer.text
    routes = {dict(pairs).get("route") for name, pairs in after if name == "motcua_http_requests_total"}
    assert "/api/v1/lookup/{dossier_code}" in routes
    assert "<unmatched>" in routes


async def test_database_figures_follow_the_outbox_deliveries_and_callbacks(
    metrics_client: AsyncTestClient[Litestar],
) -> None:
    empty = await scrape(metrics_client)
    assert value(empty, "motcua_outbox_backlog") == 0
    assert value(empty, "motcua_outbox_oldest_pending_age_seconds") == 0
    payload = {"title_key": "t", "body_key": "b", "params": {}, "link": "/"}
    await outbox.enqueue(
        event="dossier.received",
        recipient_kind="citizen",
        recipient_id=1,
        channels=["push", "sms"],
        payload=payload,
    )
    await OutboxMessage.update({OutboxMessage.created_at: datetime.now(UTC) - timedelta(minutes=5)}).where(
        OutboxMessage.channel == "sms"
    )
    claimed = await outbox.claim("test-worker", limit=1)
    assert [m["channel"] for m in claimed] == ["push"]
    await outbox.finish(claimed[0], "test-worker", outbox.Outcome("sent", status_code=201))
    await PaymentCallback.insert(
        PaymentCallback(kind="ipn", reference="X", params={}, result_code="97"),
        PaymentCallback(kind="ipn", reference="Y", params={}, result_code="00"),
        PaymentCallback(kind="ipn", reference="Z", params={}, result_code="00"),
    )
    figures = await scrape(metrics_client)
    assert value(figures, "motcua_outbox_backlog") == 1
    assert value(figures, "motcua_outbox_messages", status="pending", channel="sms") == 1
    assert value(figures, "motcua_outbox_messages", status="sent", channel="push") == 1
    assert value(figures, "motcua_outbox_oldest_pending_age_seconds") >= 300
    assert value(figures, "motcua_outbox_queue_lag_seconds") >= 0
    assert value(figures, "motcua_notification_delivery_attempts_total", channel="push", outcome="sent") == 1
    assert value(figures, "motcua_payment_callbacks_total", kind="ipn", result="confirmed") == 2
    assert value(figures, "motcua_payment_callbacks_total", kind="ipn", result="invalid_signature") == 1
