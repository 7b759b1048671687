"""A citizen reading one of their dossiers (token check, owner-filtered database read, timeline)
with 10,000 dossiers in the database, against the bare Litestar app in the same run.

  ratio status_vs_bare   GET /api/v1/dossiers/{id} as its owner ÷ bare GET /json (req/s)
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import httpx

from bench.harness import ROOT, free_port, ratio, report_load, serving, wrk

DOSSIERS = 10_000


async def seed() -> tuple[int, int]:
    """10,000 submitted dossiers of 100 citizens; returns one dossier id and its owner's id."""
    from auth.tables import Citizen
    from backend.dossiers.tables import Dossier
    from backend.offices.demo import load_offices
    from backend.offices.tables import Office
    from backend.procedures.demo import load_procedures
    from backend.procedures.tables import Procedure

    await load_offices()
    await load_procedures()
    await Dossier.delete(force=True)
    await Citizen.delete().where(Citizen.subject.like("bench-%"))
    citizens = []
    for n in range(100):
        rows = await Citizen.insert(
            Citizen(subject=f"bench-{n}", full_name="Người Thử", full_name_search="nguoi thu")
        ).returning(Citizen.id)
        citizens.append(rows[0]["id"])
    office = await Office.select(Office.id).where(Office.code == "HN-STP").first()
    procedure = await Procedure.select(Procedure.id).where(Procedure.code == "2.001417").first()
    assert office
    assert procedure
    batch: list[Any] = []
    for n in range(DOSSIERS):
        batch.append(
            Dossier(
                code=f"BENCH-{n:06d}",
                citizen=citizens[n % len(citizens)],
                procedure=procedure["id"],
                office=office["id"],
                status="submitted",
                answers={"purpose": "bench"},
                fee_vnd=200000,
            )
        )
        if len(batch) == 500:
            await Dossier.insert(*batch)
            batch = []
    target = await Dossier.select(Dossier.id).where(Dossier.code == f"BENCH-{DOSSIERS // 2:06d}").first()
    assert target
    return int(target["id"]), int(citizens[(DOSSIERS // 2) % len(citizens)])


def main() -> None:
    from backend.run import server_command

    seconds = int(os.environ.get("BENCH_SECONDS", "5"))
    database = os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    env = {"DATABASE_URL": database, "LOG_LEVEL": "WARNING", "MOTCUA_ENV": "development"}
    os.environ.update(env)
    from backend.migrate import migrate

    asyncio.run(migrate())
    dossier_id, owner = asyncio.run(seed())

    port = free_port()
    bare_command = server_command(port)
    bare_command[-1] = "bench.bare_app:create_app"
    with serving(bare_command, port, env, "/json") as base:
        bare = wrk(f"{base}/json", seconds)
    report_load("bare", bare)

    port = free_port()
    # The token's issuer is the server's base URL, which carries its port.
    from auth.principal import Principal
    from auth.tokens import issue_access_token
    from backend.settings import from_env

    token = issue_access_token(from_env({**os.environ, "PORT": str(port)}), Principal("citizen", owner))
    with serving(server_command(port), port, {**env, "PORT": str(port)}, "/health") as base:
        check = httpx.get(
            f"{base}/api/v1/dossiers/{dossier_id}", headers={"Authorization": f"Bearer {token}"}
        )
        assert check.status_code == 200, check.text  # measure the real read, not a 401
        status = wrk(
            f"{base}/api/v1/dossiers/{dossier_id}", seconds, headers={"Authorization": f"Bearer {token}"}
        )
    report_load("status", status)
    ratio("status_vs_bare", status.requests_per_s / bare.requests_per_s)


if __name__ == "__main__":
    main()
