"""Shared pieces for benchmarks: start a server pinned to one core, load it with wrk pinned to
another, read req/s and latency percentiles, and print `ratio`/`figure` lines.

Every ratio compares two things measured in the same run on the same machine, so the figure
means something on any machine; no benchmark asserts a wall-clock limit.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from backend.run import spawn, stop

ROOT = Path(__file__).resolve().parent.parent
SERVER_CORE = "0"
LOAD_CORE = "1"


@dataclass(frozen=True)
class Load:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pin(core: str, command: list[str]) -> list[str]:
    return (
        ["taskset", "-c", core, *command]
        if shutil.which("taskset") and (os.cpu_count() or 1) > 1
        else command
    )


@contextmanager
def serving(command: list[str], port: int, env: dict[str, str], ready_path: str) -> Iterator[str]:
    process = spawn(_pin(SERVER_CORE, command), cwd=ROOT, env={**os.environ, **env})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if process.poll() is not None:
                raise RuntimeError(f"{command} exited with {process.returncode}")
            try:
                if httpx.get(base + ready_path, timeout=1).status_code < 500:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError(f"{command} never answered {ready_path}")
        yield base
    finally:
        stop(process)


def _to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(
    url: str, seconds: int = 5, connections: int = 32, threads: int = 1, headers: dict[str, str] | None = None
) -> Load:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    header_args = [arg for key, value in (headers or {}).items() for arg in ("-H", f"{key}: {value}")]
    # Warm-up, then the measured run.
    subprocess.run(
        _pin(LOAD_CORE, ["wrk", "-t1", "-c8", "-d1s", *header_args, url]), capture_output=True, check=True
    )
    out = subprocess.run(
        _pin(
            LOAD_CORE,
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", *header_args, url],
        ),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Load(rps, p50, p99, errors + (int(non_2xx.group(1)) if non_2xx else 0))


def report_load(name: str, load: Load) -> None:
    print(f"figure {name}_rps {load.requests_per_s:.0f} req/s")
    print(f"figure {name}_p50 {load.p50_ms:.2f} ms")
    print(f"figure {name}_p99 {load.p99_ms:.2f} ms")
    if load.errors:
        print(f"figure {name}_errors {load.errors} responses")


def ratio(name: str, value: float) -> None:
    print(f"ratio {name} {value:.3f}")
