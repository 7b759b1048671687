"""The supervisor's dashboard for one office over the last 30 days with 1,000,000 dossiers in
PostgreSQL, against a plain `SELECT count(*) FROM dossier` over the same table in the same run.

  ratio dashboard_vs_count                  every figure of the page ÷ count(*) (median times)
  ratio dashboard_vs_count_without_indexes  the same before the monitoring migration's indexes

PostgreSQL only (SQLite is skipped with a message): DATABASE_URL must name a database whose name
contains "bench" (it is filled, and its dossier tables emptied first), e.g.
  psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE motcua_dashboard_bench"
  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/motcua_dashboard_bench \
    .venv/bin/python -m bench.bench_dashboard
The data (loaded once with INSERT ... SELECT over generate_series, kept for the next run):
20 one-stop offices, 1,000 citizens, dossiers received over the last 730 days, spread evenly
over offices, procedures and the four channels; the last 15 days partly still open; two events
(approve or reject, then return) per decided dossier; a paid payment for half the fee dossiers.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.harness import ratio

DOSSIERS = int(os.environ.get("BENCH_DOSSIERS", "1000000"))
OFFICES = 20
RUNS = 7

LOAD = [
    "TRUNCATE dossier_event, payment, stored_file, wallet_document, booking, dossier"
    " RESTART IDENTITY CASCADE",
    """INSERT INTO office (code, agency_code, kind, name_vi, name_en, name_search, province, ward, address,
                          phone, serves_wards)
       SELECT 'BENCH-' || g, 'B' || g, 'one_stop', 'Bộ phận Một cửa thử ' || g, 'Bench office ' || g,
              'bo phan mot cua thu ' || g, 'Hà Nội', 'Phường Thử', 'Số ' || g, '', '[]'
       FROM generate_series(1, {offices}) AS g ON CONFLICT (code) DO NOTHING""",
    """INSERT INTO citizen (subject, full_name, full_name_search, sex, permanent_address, locale, created_at)
       SELECT 'bench-' || g, 'Người Thử', 'nguoi thu', '', '', 'vi', now()
       FROM generate_series(1, 1000) AS g ON CONFLICT (subject) DO NOTHING""",
    """WITH o AS (SELECT array_agg(id ORDER BY id) AS ids FROM office WHERE code LIKE 'BENCH-%'),
            p AS (SELECT array_agg(id ORDER BY id) AS ids FROM procedure),
            c AS (SELECT array_agg(id ORDER BY id) AS ids FROM citizen WHERE subject LIKE 'bench-%'),
            d AS (SELECT g, now() - ((g::bigint * 7919) % 1051200) * interval '1 minute' AS received_at
                  FROM generate_series(1, {dossiers}) AS g)
       INSERT INTO dossier (code, citizen, procedure, office, channel, status, version, answers, fee_vnd,
                            applicant_phone, applicant_id_number, created_at, submitted_at, received_at,
                            due_at, clock_from, paused_at, days_used, result_note, rating, rating_comment)
       SELECT 'B-' || g, c.ids[1 + g % 1000], p.ids[1 + (g * 31) % array_length(p.ids, 1)],
              o.ids[1 + g % {offices}],
              (ARRAY['online', 'counter', 'postal_pickup', 'home_appointment'])[1 + (g / 7) % 4],
              CASE WHEN received_at > now() - interval '15 days' AND g % 3 = 0 THEN 'processing'
                   WHEN received_at > now() - interval '15 days' AND g % 3 = 1 THEN 'waiting_for_supplement'
                   ELSE 'returned' END,
              1, '{{}}', CASE WHEN g % 2 = 0 THEN 200000 ELSE 0 END, '', '', received_at, received_at,
              received_at, received_at + interval '10 days', received_at, NULL, 0, '',
              (ARRAY['satisfied', 'acceptable', 'not_satisfied', NULL])[1 + g % 4], ''
       FROM d, o, p, c""",
    """INSERT INTO dossier_event (dossier, at, action, from_status, to_status, actor_kind, actor_id,
                                 actor_name, note, visible_to_citizen)
       SELECT id, received_at + (id % 12) * interval '1 day',
              CASE WHEN id % 9 = 0 THEN 'reject' ELSE 'approve' END, 'processing',
              CASE WHEN id % 9 = 0 THEN 'rejected' ELSE 'approved' END, 'staff', 1 + id % 7,
              'Cán bộ ' || (1 + id % 7), '', true
       FROM dossier WHERE status = 'returned'""",
    """INSERT INTO dossier_event (dossier, at, action, from_status, to_status, actor_kind, actor_id,
                                 actor_name, note, visible_to_citizen)
       SELECT id, received_at + (id % 12 + 1) * interval '1 day', 'return', 'result_ready', 'returned',
              'staff', 1 + id % 7, 'Cán bộ ' || (1 + id % 7), '', true
       FROM dossier WHERE status = 'returned'""",
    """INSERT INTO payment (reference, owner_id, subject_kind, subject_id, open_subject, amount_vnd,
                           description, provider, status, created_at, settled_by, gateway_transaction_no,
                           bank_code, response_code)
       SELECT 'BP' || id, citizen, 'dossier', id, NULL, fee_vnd, 'Le phi', 'vnpay', 'paid', received_at,
              'ipn', '', '', '00'
       FROM dossier WHERE fee_vnd > 0 AND id % 4 = 0""",
    "VACUUM ANALYZE dossier, dossier_event, payment",
]


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def timed(call: Any) -> float:
    samples = []
    await call()  # warm-up
    for _ in range(RUNS):
        start = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - start)
    return median_ms(samples)


async def run() -> None:
    from piccolo.engine import engine_finder

    from backend.db import close_pool, open_pool
    from backend.dossiers.tables import Dossier
    from backend.migrate import migrate
    from backend.monitoring.dashboard import compute
    from backend.monitoring.scope import Period, Scope
    from backend.offices.demo import load_offices
    from backend.offices.tables import Office
    from backend.procedures.demo import load_procedures
    from backend.settings import get_settings

    await migrate()
    engine = engine_finder()
    assert engine is not None
    await open_pool(engine, get_settings().db_pool_size)  # as the server opens it
    try:
        have = await Dossier.count()
        if have != DOSSIERS:
            print(f"loading {DOSSIERS} dossiers (once; kept for the next run)...", file=sys.stderr)
            started = time.perf_counter()
            await load_offices()
            await load_procedures()
            for statement in LOAD:
                await engine.run_ddl(statement.format(offices=OFFICES, dossiers=DOSSIERS))
            print(f"figure load_seconds {time.perf_counter() - started:.0f} s")
        events = await engine.run_ddl("SELECT count(*) AS n FROM dossier_event")
        print(f"figure dossiers {await Dossier.count()} rows")
        print(f"figure events {events[0]['n']} rows")
        office = await Office.select(Office.id, Office.code).where(Office.code == "BENCH-1").first()
        assert office is not None
        today = datetime.now(UTC).date()
        period = Period(today - timedelta(days=29), today)
        scope = Scope((int(office["id"]),))
        now = datetime.now(UTC)

        async def dashboard() -> None:
            await compute(scope, period, now, [str(office["code"])])

        async def count() -> None:
            await engine.run_ddl("SELECT count(*) FROM dossier")

        data = await compute(scope, period, now, [str(office["code"])])
        print(f"figure office_month_received {data['progress']['received']} dossiers")
        print(f"figure office_month_resolved {data['progress']['resolved']} dossiers")

        for name, _table, _columns, _where in dashboard_indexes():
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")
        await engine.run_ddl("VACUUM ANALYZE dossier, dossier_event, payment")
        bare = await timed(dashboard)
        count_before = await timed(count)
        await migrate_indexes(engine)
        fast = await timed(dashboard)
        count_ms = await timed(count)
        print(f"figure count_without_indexes_ms {count_before:.1f} ms")
        print(f"figure count_ms {count_ms:.1f} ms")
        print(f"figure dashboard_ms {fast:.1f} ms")
        print(f"figure dashboard_without_indexes_ms {bare:.1f} ms")
        ratio("dashboard_vs_count_without_indexes", bare / count_before)
        ratio("dashboard_vs_count", fast / count_ms)
    finally:
        await close_pool(engine)


def dashboard_indexes() -> tuple[tuple[str, str, str, str], ...]:
    """The indexes the monitoring migration adds (name, table, columns, condition)."""
    from importlib import import_module

    module = import_module("backend.monitoring.piccolo_migrations.monitoring_2026_11_23t13_40_00_000000")
    return tuple(module.INDEXES)


async def migrate_indexes(engine: Any) -> None:
    """Re-create the indexes exactly as the monitoring migration does; VACUUM sets the visibility
    map that index-only scans need (autovacuum's job on a live database)."""
    for name, table, columns, where in dashboard_indexes():
        condition = f" WHERE {where}" if where else ""
        await engine.run_ddl(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns}){condition}")
    await engine.run_ddl("VACUUM ANALYZE dossier, dossier_event, payment")


def main() -> None:
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        print("skip bench_dashboard: it needs PostgreSQL with 1,000,000 dossiers; set DATABASE_URL to a")
        print("  postgresql://... database whose name contains 'bench' (see the module docstring)")
        return
    if "bench" not in database.rsplit("/", 1)[-1]:
        print("skip bench_dashboard: it fills and empties its database, whose name must contain 'bench'")
        return
    os.environ.update({"LOG_LEVEL": "WARNING", "MOTCUA_ENV": "development"})
    asyncio.run(run())


if __name__ == "__main__":
    main()
