"""Test session set-up: environment first (before any app import), a fresh database, and a
clean slate between tests (truncation: Litestar's test client runs requests in their own
transactions, so a rollback-per-test would not see them).

DATABASE_URL picks the engine: unset → a SQLite file under var/; a PostgreSQL URL → that
database, which must have "test" in its name because it is wiped.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
os.environ["MOTCUA_ENV"] = "test"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'test.sqlite3'}")
os.environ["MOTCUA_SIMULATORS"] = "true"
os.environ["MOTCUA_DB_POOL_SIZE"] = "0"  # tests query from their own loop too; no shared pool
os.environ.setdefault("LOG_LEVEL", "INFO")  # tests read info-level lines with capture_logs
os.environ.setdefault("MOTCUA_STORAGE_DIR", str(ROOT / "var" / "test-files"))

import httpx  # noqa: E402
import pytest  # noqa: E402
from litestar import Litestar  # noqa: E402
from litestar.testing import AsyncTestClient  # noqa: E402
from piccolo.conf.apps import Finder  # noqa: E402
from piccolo.engine import engine_finder  # noqa: E402
from piccolo.engine.sqlite import SQLiteEngine  # noqa: E402

from backend.app import create_app  # noqa: E402
from backend.jobs.schema import TABLES as JOB_TABLES  # noqa: E402
from backend.migrate import migrate  # noqa: E402
from backend.settings import get_settings  # noqa: E402


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser journeys last: the quick tests report first."""
    items.sort(key=lambda item: "tests/browser/" in str(item.path).replace("\\", "/"))


def all_tables() -> list[type]:
    return Finder().get_table_classes()


async def _reset_database() -> None:
    engine = engine_finder()
    if isinstance(engine, SQLiteEngine):
        for suffix in ("", "-wal", "-shm"):
            Path(engine.path + suffix).unlink(missing_ok=True)  # noqa: ASYNC240 - once, before any test
    else:
        database = get_settings().database_url.rsplit("/", 1)[-1]
        if "test" not in database:
            raise pytest.UsageError(f"refusing to wipe database {database!r}: its name must contain 'test'")
        await engine.run_ddl("DROP SCHEMA public CASCADE")
        await engine.run_ddl("CREATE SCHEMA public")
    await migrate()


def run_in_thread(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run database chores on a fresh loop in a worker thread: sync Playwright keeps an event
    loop busy in the main thread once a browser test has run."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session", autouse=True)
def database() -> None:
    run_in_thread(_reset_database())


async def truncate_all() -> None:
    engine = engine_finder()
    names = [table._meta.tablename for table in all_tables()] + list(JOB_TABLES)
    if isinstance(engine, SQLiteEngine):
        for name in names:
            await engine.run_ddl(f'DELETE FROM "{name}"')  # noqa: S608 - names come from our tables
    else:
        await engine.run_ddl(
            "TRUNCATE {} RESTART IDENTITY CASCADE".format(", ".join(f'"{n}"' for n in names))
        )


@pytest.fixture(autouse=True)
def clean_tables() -> Iterator[None]:
    yield
    run_in_thread(truncate_all())


@pytest.fixture
def app() -> Litestar:
    app = create_app()
    # Adapters reach external systems through this client; here it reaches the simulators
    # mounted in the same app, over real HTTP semantics (httpx's ASGI transport).
    app.state.http_client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=get_settings().base_url
    )
    return app


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as client:
        yield client
