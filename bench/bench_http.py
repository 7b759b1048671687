"""MotCua's full middleware stack against a bare Litestar app, on the server `make run` uses.

Prints req/s and p50/p99 for each, then
  ratio public_vs_bare   GET /api/v1/meta through MotCua ÷ bare (req/s; 1.0 = no overhead)
  ratio health_vs_bare   GET /health (a database round trip) ÷ bare
  ratio bare_granian_vs_uvicorn  the server choice: the same bare app on Granian ÷ on uvicorn
"""

from __future__ import annotations

import asyncio
import os
import sys

from bench.harness import ROOT, free_port, ratio, report_load, serving, wrk


def main() -> None:
    from backend.run import server_command

    seconds = int(os.environ.get("BENCH_SECONDS", "5"))
    database = os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    env = {"DATABASE_URL": database, "LOG_LEVEL": "WARNING", "MOTCUA_ENV": "development"}
    os.environ.update(env)
    from backend.migrate import migrate

    asyncio.run(migrate())

    port = free_port()
    bare_command = server_command(port)
    bare_command[-1] = "bench.bare_app:create_app"
    with serving(bare_command, port, env, "/json") as base:
        bare = wrk(f"{base}/json", seconds)
    report_load("bare", bare)

    port = free_port()
    with serving(server_command(port), port, {**env, "PORT": str(port)}, "/health") as base:
        public = wrk(f"{base}/api/v1/meta", seconds)
        health = wrk(f"{base}/health", seconds)
    report_load("public", public)
    report_load("health", health)

    port = free_port()
    uvicorn = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
        "bench.bare_app:create_app",
    ]
    with serving(uvicorn, port, env, "/json") as base:
        bare_uvicorn = wrk(f"{base}/json", seconds)
    report_load("bare_uvicorn", bare_uvicorn)

    ratio("public_vs_bare", public.requests_per_s / bare.requests_per_s)
    ratio("health_vs_bare", health.requests_per_s / bare.requests_per_s)
    ratio("bare_granian_vs_uvicorn", bare.requests_per_s / bare_uvicorn.requests_per_s)


if __name__ == "__main__":
    main()
