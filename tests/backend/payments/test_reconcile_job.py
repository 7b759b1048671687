"""The worker runs reconciliation periodically; the job settles through the real query API."""

from datetime import UTC, datetime, timedelta

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.payments.jobs import reconcile_payments
from backend.payments.tables import Payment
from notifications import worker
from tests.backend.payments.gateway_flow import pay_at_gateway, start
from tests.factories import make_citizen, make_payment


async def test_the_worker_runs_reconciliation_once_per_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (60.0, reconcile_payments) in worker.PERIODIC
    calls: list[str] = []

    async def job() -> None:
        calls.append("ran")
        raise RuntimeError("gateway down")  # a failing job does not stop the worker

    monkeypatch.setattr(worker, "PERIODIC", [(60.0, job)])
    due: dict[str, float] = {}
    assert await worker.run_periodic(due, now=1000.0) == ["job"]
    assert await worker.run_periodic(due, now=1030.0) == []
    assert await worker.run_periodic(due, now=1060.0) == ["job"]
    assert calls == ["ran", "ran"]


async def test_the_job_settles_a_lost_ipn_once_the_attempt_expired(
    client: AsyncTestClient[Litestar], app: Litestar
) -> None:
    citizen = await make_citizen()
    payment = await make_payment(citizen)
    url = (await start(client, citizen, payment["reference"]))["payment_url"]
    await pay_at_gateway(client, url, lose_ipn=True)
    assert await reconcile_payments(app.state.http_client) == {}  # not expired yet: left alone
    await Payment.update({Payment.expires_at: datetime.now(UTC) - timedelta(minutes=1)}).where(
        Payment.id == payment["id"]
    )
    assert await reconcile_payments(app.state.http_client) == {"paid": 1}
    row = await Payment.select(Payment.status).where(Payment.id == payment["id"]).first()
    assert row == {"status": "paid"}
