"""The clamd adapter against a clamd-protocol simulator: clean passes, a signature or any failure
rejects."""

from collections.abc import AsyncIterator

import pytest

from backend.errors import Problem
from backend.uploads.scan import CHUNK, scan
from simulators.clamd import EICAR, ClamdSimulator
from tests.backend.uploads import images


@pytest.fixture
async def clamd() -> AsyncIterator[ClamdSimulator]:
    simulator = ClamdSimulator()
    await simulator.start()
    yield simulator
    await simulator.stop()


async def test_a_clean_file_passes_in_several_chunks(clamd: ClamdSimulator) -> None:
    data = images.encode(images.page_photo((1600, 1200)), "PNG")
    assert len(data) > 2 * CHUNK
    await scan(data, clamd.address, timeout=10)
    assert clamd.streams_scanned == 1


async def test_a_signature_rejects_the_file(clamd: ClamdSimulator) -> None:
    with pytest.raises(Problem) as refused:
        await scan(images.jpeg_with_eicar(), clamd.address, timeout=10)
    assert (refused.value.status_code, refused.value.code) == (422, "upload_infected")


@pytest.mark.parametrize("mode", ["hang", "error"])
async def test_a_scanner_that_hangs_or_errs_rejects_the_file(clamd: ClamdSimulator, mode: str) -> None:
    clamd.mode = mode
    with pytest.raises(Problem) as refused:
        await scan(b"\xff\xd8\xff clean", clamd.address, timeout=0.5)
    assert (refused.value.status_code, refused.value.code) == (503, "upload_scan_unavailable")
    assert clamd.streams_scanned == 1


async def test_no_scanner_listening_rejects_the_file(clamd: ClamdSimulator) -> None:
    address = clamd.address
    await clamd.stop()
    with pytest.raises(Problem) as refused:
        await scan(EICAR, address, timeout=5)
    assert refused.value.status_code == 503
