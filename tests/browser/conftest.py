"""A live MotCua (the same server command `make run` uses) and Debian's Chromium.

Chromium must be installed (scripts/ensure-system-packages, run by `make test`); a missing browser
fails these tests rather than skipping them.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright

from backend.run import server_command, spawn, stop

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "PORT": str(port), "MOTCUA_BASE_URL": f"http://127.0.0.1:{port}"}
    process = spawn(server_command(port), cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError("server did not answer /health")
        yield base
    finally:
        stop(process)


# Module scope: sync Playwright holds an event loop in the main thread while it lives, which
# async tests in later modules could not share.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run `make system`"
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh profile of a small Android phone (360 × 740) set to Vietnamese."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, locale="vi-VN"
    )
    yield context
    context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
