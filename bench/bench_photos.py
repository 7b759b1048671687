"""Photo normalisation against one plain full decode of the same 12-megapixel JPEG.

ratio photo_vs_decode   the whole pipeline (header check, draft-mode decode, EXIF transpose,
                        downscale, re-encode, thumbnail, quality measure) ÷ Image.open().load()
                        of the same file, best of several runs each (lower is better; below 1
                        means draft mode makes the pipeline cheaper than decoding the photo)
figure photo_normalise_ms / photo_decode_ms
figure uploads_per_s    POST /api/v1/dossiers/{id}/files of a 2000×1500 phone photo (what the
                        browser sends after downscaling) through the real server, one client
                        sending one upload after another (token check, dossier check, sniff,
                        normalise in the thread pool, store, record, wallet)
"""

from __future__ import annotations

import io
import os
import shutil
import time
from collections.abc import Callable

import httpx
from PIL import Image, ImageDraw, ImageFilter

from backend.settings import get_settings
from backend.uploads.normalise import Budget, normalise_sync
from bench.harness import ROOT, free_port, ratio, serving

LINE = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập, Tự do, Hạnh phúc "


def twelve_megapixel_jpeg() -> bytes:
    """4000×3000, photo-like: a page of text on a shaded background, slightly soft."""
    image = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for y in range(100, 2900, 60):
        draw.text((150, y), LINE * 2, fill="black", font_size=40)
    out = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(1)).save(out, format="JPEG", quality=92)
    return out.getvalue()


def best_of(action: Callable[[], object], seconds: float) -> float:
    timings: list[float] = []
    deadline = time.perf_counter() + seconds
    while len(timings) < 3 or time.perf_counter() < deadline:
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    seconds = float(os.environ.get("BENCH_SECONDS", "5"))
    data = twelve_megapixel_jpeg()
    budget = Budget.from_settings(get_settings())

    def decode() -> None:
        with Image.open(io.BytesIO(data)) as image:
            image.load()

    decode_s = best_of(decode, seconds)
    normalise_s = best_of(lambda: normalise_sync(data, "jpeg", budget), seconds)
    print(f"figure photo_input_bytes {len(data)} bytes")
    print(f"figure photo_decode_ms {decode_s * 1000:.1f} ms")
    print(f"figure photo_normalise_ms {normalise_s * 1000:.1f} ms")
    ratio("photo_vs_decode", normalise_s / decode_s)


def phone_photo() -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(twelve_megapixel_jpeg())).resize((2000, 1500)).save(out, format="JPEG", quality=85)
    return out.getvalue()


async def bench_citizen() -> int:
    from auth.tables import Citizen
    from backend.offices.demo import load_offices
    from backend.procedures.demo import load_procedures

    await load_offices()
    await load_procedures()
    await Citizen.delete().where(Citizen.subject == "bench-photos")
    rows = await Citizen.insert(
        Citizen(subject="bench-photos", full_name="Người Thử", full_name_search="nguoi thu")
    ).returning(Citizen.id)
    return int(rows[0]["id"])


def uploads_per_s(seconds: float) -> float:
    import asyncio

    from auth.principal import Principal
    from auth.tokens import issue_access_token
    from backend.run import server_command
    from backend.settings import from_env

    files = ROOT / "var" / "bench-files"
    env = {
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"),
        "LOG_LEVEL": "WARNING",
        "MOTCUA_ENV": "development",
        "MOTCUA_STORAGE_DIR": str(files),
        "MOTCUA_UPLOAD_MAX_PAGES": "1000000",  # one document takes every upload of the run
        "MOTCUA_UPLOAD_QUOTA_BYTES": str(2**40),
    }
    os.environ.update(env)
    from backend.migrate import migrate

    asyncio.run(migrate())
    citizen = asyncio.run(bench_citizen())
    port = free_port()
    token = issue_access_token(from_env({**os.environ, "PORT": str(port)}), Principal("citizen", citizen))
    headers = {"Authorization": f"Bearer {token}"}
    photo = phone_photo()
    try:
        with (
            serving(server_command(port), port, {**env, "PORT": str(port)}, "/health") as base,
            httpx.Client(base_url=base, headers=headers, timeout=60) as client,
        ):
            created = client.post("/api/v1/dossiers", json={"procedure_code": "2.001417", "answers": {}})
            assert created.status_code == 201, created.text
            path = f"/api/v1/dossiers/{created.json()['id']}/files"
            done = 0
            start = time.perf_counter()
            while done < 3 or time.perf_counter() - start < seconds:
                sent = client.post(
                    path, files={"file": ("anh.jpg", photo, "image/jpeg")}, data={"document": "id_card"}
                )
                assert sent.status_code == 201, sent.text  # measure accepted uploads only
                done += 1
            return done / (time.perf_counter() - start)
    finally:
        shutil.rmtree(files, ignore_errors=True)


if __name__ == "__main__":
    # First: it points the settings at the bench database before anything reads them.
    rate = uploads_per_s(float(os.environ.get("BENCH_SECONDS", "5")))
    main()
    print(f"figure uploads_per_s {rate:.1f} uploads/s")
