"""Issue 16's citizen journey on a cheap phone, in one run:
  figure journey_taps / journey_keys / journey_personal_fields   what the person did (counts)
  figure journey_throttled_s      the journey's wall time on the throttled profile: 360 × 740,
                                  CPU slowed 4× (CDP Emulation.setCPUThrottlingRate), 400 kbit/s
                                  both ways with 400 ms round trips (CDP Network.emulateNetworkConditions)
  figure journey_person_s         the person's own time: 2 s a tap, 0.3 s a key
  figure journey_total_s          throttled + person (the goal is ≤ 180 s)
  ratio journey_throttled_vs_unthrottled   the same journey's wall time throttled ÷ not throttled
From "Đăng nhập bằng VNeID" to a submitted, paid dossier with a postal pickup booked, by tapping
(tests/browser/pages.CitizenJourney, the script tests/browser/test_journey_browser.py runs).
A fresh SQLite file under var/ each run.
"""

from __future__ import annotations

import asyncio
import os
import time

from bench.harness import ROOT, free_port, ratio, serving

KBIT = 1000 / 8  # bytes per second in one kbit/s
RESIDENT = "001090012345"
OWN_DATA = {
    "full_name": "Nguyễn Văn An",
    "date_of_birth": "12/05/1990",
    "id_number": RESIDENT,
    "permanent_address": "Số 12 Phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội",
    "phone": "0912345678",
    "ward": "Phường Hoàn Kiếm",
}


def figure(name: str, value: float, unit: str) -> None:
    print(f"figure {name} {value:.1f} {unit}")


async def _seed() -> None:
    from backend.migrate import migrate
    from backend.offices.demo import load_offices
    from backend.procedures.demo import load_procedures
    from backend.scheduling.demo import load_windows

    await migrate()
    await load_offices()
    await load_procedures()
    await load_windows()


def _journey(base: str, throttled: bool) -> tuple[float, object]:
    from playwright.sync_api import sync_playwright

    from tests.backend.uploads import images
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.browser.pages import CitizenJourney

    photo = ("IMG_0042.HEIC", "image/heic", images.heic_photo((1600, 1200)))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, locale="vi-VN"
            )
            context.set_default_timeout(120_000)
            page = context.new_page()
            if throttled:
                cdp = context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
                cdp.send("Network.enable")
                cdp.send(
                    "Network.emulateNetworkConditions",
                    {
                        "offline": False,
                        "latency": 400,
                        "downloadThroughput": 400 * KBIT,
                        "uploadThroughput": 400 * KBIT,
                    },
                )
            journey = CitizenJourney(page, base)
            started = time.monotonic()
            journey.run(RESIDENT, OWN_DATA, "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", photo)
            return time.monotonic() - started, journey.effort
        finally:
            browser.close()


def main() -> None:
    from backend.run import server_command

    database = ROOT / "var" / "bench-journey.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        (database.parent / f"{database.name}{suffix}").unlink(missing_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "DATABASE_URL": f"sqlite:///{database}",
        "LOG_LEVEL": "WARNING",
        "MOTCUA_ENV": "development",
        "PORT": str(port),
        "MOTCUA_BASE_URL": base,
    }
    os.environ.update(env)
    asyncio.run(_seed())
    with serving(server_command(port), port, env, "/health") as served:
        plain, _ = _journey(served, throttled=False)
        slow, effort = _journey(served, throttled=True)
    person = effort.person_seconds()  # type: ignore[attr-defined]
    figure("journey_taps", effort.taps, "taps")  # type: ignore[attr-defined]
    figure("journey_keys", effort.keys, "keys")  # type: ignore[attr-defined]
    figure("journey_personal_fields", len(effort.personal_typed), "fields")  # type: ignore[attr-defined]
    figure("journey_unthrottled_s", plain, "s")
    figure("journey_throttled_s", slow, "s")
    figure("journey_person_s", person, "s")
    figure("journey_total_s", slow + person, "s (goal <= 180)")
    for name, seconds in effort.steps:  # type: ignore[attr-defined]
        print(f"step {name} {seconds:.1f} s")
    ratio("journey_throttled_vs_unthrottled", slow / plain)


if __name__ == "__main__":
    main()
