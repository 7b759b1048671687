"""The cost of authentication: an authenticated trivial endpoint against a bare Litestar app.

Prints req/s and p50/p99 for each, then
  ratio auth_vs_bare     GET /api/v1/auth/principal with a citizen's Bearer token ÷ bare (req/s)
  ratio auth_vs_public   the same ÷ GET /api/v1/meta (no token): what the token check itself costs
  figure verify_eddsa_us / verify_hs256_us   one uncached PyJWT verification, measured in-process
    (why verified tokens are cached: EdDSA lets other services verify with the public key, at a
    higher price per check than HS256)
"""

from __future__ import annotations

import asyncio
import os
import time
import timeit

import jwt

from bench.harness import ROOT, free_port, ratio, report_load, serving, wrk


def _verify_cost_us(settings: object) -> tuple[float, float]:
    from auth.keys import ALGORITHM, AUDIENCE, issuer, key_ring
    from auth.principal import Principal
    from auth.tokens import REQUIRED_CLAIMS, issue_access_token

    token = issue_access_token(settings, Principal("citizen", 1))  # type: ignore[arg-type]
    ring = key_ring(settings)  # type: ignore[arg-type]
    key = ring.verifying_keys[ring.kid]
    options = {"require": REQUIRED_CLAIMS}
    iss = issuer(settings)  # type: ignore[arg-type]

    def eddsa() -> None:
        jwt.decode(token, key, algorithms=[ALGORITHM], audience=AUDIENCE, issuer=iss, options=options)

    claims = jwt.decode(token, key, algorithms=[ALGORITHM], audience=AUDIENCE, issuer=iss)
    hs_token = jwt.encode(claims, "k" * 32, algorithm="HS256")

    def hs256() -> None:
        jwt.decode(hs_token, "k" * 32, algorithms=["HS256"], audience=AUDIENCE, issuer=iss, options=options)

    runs = 2000
    return (
        timeit.timeit(eddsa, number=runs) / runs * 1e6,
        timeit.timeit(hs256, number=runs) / runs * 1e6,
    )


def main() -> None:
    from backend.run import server_command

    seconds = int(os.environ.get("BENCH_SECONDS", "5"))
    database = os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    port = free_port()
    env = {
        "DATABASE_URL": database,
        "LOG_LEVEL": "WARNING",
        "MOTCUA_ENV": "development",
        "PORT": str(port),
        "MOTCUA_BASE_URL": f"http://127.0.0.1:{port}",
    }
    os.environ.update(env)
    from auth.principal import Principal
    from auth.tokens import issue_access_token
    from backend.migrate import migrate
    from backend.settings import from_env

    asyncio.run(migrate())
    settings = from_env(env)

    bare_port = free_port()
    bare_command = server_command(bare_port)
    bare_command[-1] = "bench.bare_app:create_app"
    with serving(bare_command, bare_port, env, "/json") as base:
        bare = wrk(f"{base}/json", seconds)
    report_load("bare", bare)

    with serving(server_command(port), port, env, "/health") as base:
        public = wrk(f"{base}/api/v1/meta", seconds)
        # A fresh token just before the load, so it stays valid through it (≤ 15 minutes).
        token = issue_access_token(settings, Principal("citizen", 1), now=time.time())
        authed = wrk(f"{base}/api/v1/auth/principal", seconds, headers={"Authorization": f"Bearer {token}"})
    report_load("public", public)
    report_load("auth", authed)

    eddsa_us, hs256_us = _verify_cost_us(settings)
    print(f"figure verify_eddsa_us {eddsa_us:.1f} us")
    print(f"figure verify_hs256_us {hs256_us:.1f} us")
    ratio("auth_vs_bare", authed.requests_per_s / bare.requests_per_s)
    ratio("auth_vs_public", authed.requests_per_s / public.requests_per_s)


if __name__ == "__main__":
    main()
