"""SQLite with shared reads (what `open_pool` turns on in the server): every SELECT sees what
was committed before it, writes and transactions still work, and closing stops sharing."""

from __future__ import annotations

from pathlib import Path

from piccolo.querystring import QueryString

from backend.db import SQLiteReadsEngine, close_pool, open_pool


async def test_shared_reads_see_every_earlier_commit(tmp_path: Path) -> None:
    engine = SQLiteReadsEngine(path=str(tmp_path / "reads.sqlite3"))
    await engine.run_ddl("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)")
    await open_pool(engine, 4)

    async def names() -> list[str]:
        rows = await engine.run_querystring(QueryString("SELECT name FROM item ORDER BY id"))
        return [row["name"] for row in rows]

    assert await names() == []
    reader = engine.reader
    assert reader is not None
    await engine.run_querystring(QueryString("INSERT INTO item (name) VALUES ({})", "một"))
    assert await names() == ["một"]
    async with engine.transaction():
        await engine.run_querystring(QueryString("INSERT INTO item (name) VALUES ({})", "hai"))
    assert await names() == ["một", "hai"]
    assert engine.reader is reader  # one connection served every read
    await close_pool(engine)
    assert engine.reader is None
    assert await names() == ["một", "hai"]  # back to a connection per query
    assert engine.reader is None
