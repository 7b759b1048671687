"""The job engine runs reconciliation every minute; the job settles through the real query API."""

from datetime import UTC, datetime, timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.payments.jobs import reconcile_payments
from backend.payments.tables import Payment
from backend.schedule import SCHEDULE
from tests.backend.payments.gateway_flow import pay_at_gateway, start
from tests.factories import make_citizen, make_payment


def test_reconciliation_is_scheduled_every_minute() -> None:
    (entry,) = [entry for entry in SCHEDULE if entry.run is reconcile_payments]
    assert entry.cron == "* * * * *"
    assert entry.deadline_s < 300, "a run ends before the gateway's answers go stale"


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
