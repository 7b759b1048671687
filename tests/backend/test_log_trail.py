"""One dossier can be followed through the logs, by id, from the officer's action (API) to the
worker's delivery and the payment gateway's IPN, and no log line names the person."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from structlog.contextvars import merge_contextvars
from structlog.testing import capture_logs

from auth.tables import Citizen
from notifications import worker
from notifications.outbox import Outcome
from tests.backend.dossiers.helpers import ANSWERS, catalogue, officer, submitted_dossier
from tests.backend.payments.signing import ipn_params
from tests.factories import auth_headers, make_citizen, make_payment

PERSONAL = (ANSWERS["full_name"], ANSWERS["id_number"], "0912345678", "0912 345 678", "84912345678")


class Accepting:
    def __init__(self, name: str) -> None:
        self.name = name

    async def send(self, message: dict[str, Any]) -> Outcome:
        return Outcome("sent", status_code=200)


def lines_about(logs: list[dict[str, Any]], dossier_id: int) -> set[str]:
    return {entry["event"] for entry in logs if entry.get("dossier_id") == dossier_id}


async def test_one_dossier_is_followed_across_api_worker_and_ipn_without_personal_data(
    client: AsyncTestClient[Litestar],
) -> None:
    await catalogue()
    who: Citizen = await make_citizen(phone="+84912345678", full_name=ANSWERS["full_name"])
    dossier = await submitted_dossier(client, who)
    staff = await auth_headers(await officer())
    with capture_logs(processors=[merge_contextvars]) as api_logs:
        answer = await client.post(f"/api/v1/counter/dossiers/{dossier['id']}/receive", headers=staff)
        assert answer.status_code == 200
    assert {"dossier moved", "request"} <= lines_about(api_logs, dossier["id"])
    with capture_logs(processors=[merge_contextvars]) as worker_logs:
        channels = {name: Accepting(name) for name in ("inbox", "push", "sms")}
        assert await worker.run_once("test-worker", channels) >= 2
    deliveries = [entry for entry in worker_logs if entry["event"] == "delivery"]
    assert deliveries
    assert all(entry.get("dossier_id") == dossier["id"] for entry in deliveries)
    payment = await make_payment(who, subject_kind="dossier", subject_id=dossier["id"])
    with capture_logs(processors=[merge_contextvars]) as ipn_logs:
        paid = await client.get("/api/v1/payments/vnpay/ipn", params=ipn_params(payment))
        assert paid.json()["RspCode"] == "00"
    ipn = [entry for entry in ipn_logs if entry["event"] == "ipn"]
    assert ipn
    assert ipn[0]["dossier_id"] == dossier["id"]
    assert ipn[0]["payment_id"] == payment["id"]
    # The next request is about nothing in particular: the bindings did not leak into it.
    with capture_logs(processors=[merge_contextvars]) as later:
        await client.get("/health")
    assert all("dossier_id" not in entry for entry in later)
    everything = repr(api_logs + worker_logs + ipn_logs)
    for personal in PERSONAL:
        assert personal not in everything
