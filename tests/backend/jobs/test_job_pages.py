"""The operator's job page (/counter/jobs): admins see runs by job and state and retry a dead
one; nobody else gets in; the same figures reach /metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.tables import AuditEvent
from backend.app import create_app
from backend.jobs.engine import Periodic
from backend.settings import get_settings
from tests.backend.jobs.helpers import defer_period, engine_app, jobs_of, run_due
from tests.backend.test_metrics import AUTH, TOKEN, parse, value
from tests.factories import make_citizen, make_staff
from tests.logins import citizen_login, csrf_token, staff_login

Client = AsyncTestClient[Litestar]


async def _broken() -> None:
    raise RuntimeError("the gateway said no")


async def _fine() -> int:
    return 0


SCHEDULE = (
    Periodic("test.broken", _broken, "* * * * *", retries=0),
    Periodic("test.fine", _fine, "* * * * *"),
)


async def _one_dead_one_succeeded() -> int:
    """A dead run of test.broken and a succeeded one of test.fine; returns the dead run's id."""
    app = engine_app(SCHEDULE)
    async with app.open_async():
        dead = await defer_period(app, "test.broken", 600)
        await defer_period(app, "test.fine", 600)
        await run_due(app)
    assert dead is not None
    return dead


async def _admin(client: Client) -> str:
    admin = await make_staff(role="admin")
    await staff_login(client, admin)
    return await csrf_token(client, "/counter/jobs")


async def test_an_admin_sees_each_job_by_state_and_the_dead_runs(client: Client) -> None:
    dead = await _one_dead_one_succeeded()
    await _admin(client)
    page = await client.get("/counter/jobs")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert "Công việc chạy nền" in page.text  # Vietnamese first
    assert 'data-task="test.broken"' in page.text
    assert f'data-testid="job-run" data-id="{dead}"' in page.text
    assert 'data-testid="no-workers"' in page.text  # no job worker runs in this test
    succeeded = await client.get("/counter/jobs?state=succeeded", headers={"Accept-Language": "en"})
    assert "Background jobs" in succeeded.text
    assert 'data-testid="retry"' not in succeeded.text
    assert (await client.get("/counter/jobs?state=nonsense")).status_code == 404


async def test_an_admin_retries_a_dead_run_once_and_it_is_audited(client: Client) -> None:
    dead = await _one_dead_one_succeeded()
    token = await _admin(client)
    done = await client.post(
        f"/counter/jobs/{dead}/retry", data={"_csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/counter/jobs?state=dead&retried={dead}"
    assert [(job["id"], job["status"]) for job in await jobs_of("test.broken")] == [(dead, "todo")]
    audit = await AuditEvent.select().where(AuditEvent.action == "job_retried")
    assert [(row["target_kind"], row["target_id"]) for row in audit] == [("job", dead)]
    again = await client.post(
        f"/counter/jobs/{dead}/retry", data={"_csrf_token": token}, follow_redirects=False
    )
    assert again.status_code == 404  # no longer dead
    assert (await client.post("/counter/jobs/999999/retry", data={"_csrf_token": token})).status_code == 404


async def test_a_dead_run_is_not_retried_while_another_run_of_its_job_waits(client: Client) -> None:
    dead = await _one_dead_one_succeeded()
    app = engine_app(SCHEDULE)
    async with app.open_async():
        waiting = await defer_period(app, "test.broken", 660)
    assert waiting is not None
    token = await _admin(client)
    refused = await client.post(f"/counter/jobs/{dead}/retry", data={"_csrf_token": token})
    assert refused.status_code == 409
    assert "đang chờ trong hàng đợi" in refused.text
    statuses = {job["id"]: job["status"] for job in await jobs_of("test.broken")}
    assert statuses == {dead: "failed", waiting: "todo"}


@pytest.mark.parametrize("role", ["officer", "supervisor", "courier"])
async def test_other_staff_may_not_see_or_retry_jobs(client: Client, role: str) -> None:
    dead = await _one_dead_one_succeeded()
    staff = await make_staff(role=role)
    token = await staff_login(client, staff)
    assert (await client.get("/counter/jobs")).status_code == 403
    assert (await client.post(f"/counter/jobs/{dead}/retry", data={"_csrf_token": token})).status_code == 403
    assert [job["status"] for job in await jobs_of("test.broken")] == ["failed"]


async def test_citizens_and_strangers_are_kept_out(client: Client) -> None:
    await _one_dead_one_succeeded()
    anonymous = await client.get("/counter/jobs", follow_redirects=False)
    assert anonymous.status_code in (302, 303, 401)
    citizen = await make_citizen(phone="+84912000111")
    await citizen_login(client, citizen)
    assert (await client.get("/counter/jobs")).status_code == 403


async def test_a_retry_without_the_form_token_is_refused(client: Client) -> None:
    dead = await _one_dead_one_succeeded()
    await _admin(client)
    forged = await client.post(f"/counter/jobs/{dead}/retry", data={})
    assert forged.status_code == 403
    assert [job["status"] for job in await jobs_of("test.broken")] == ["failed"]


@pytest.fixture
async def metrics_client() -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(replace(get_settings(), metrics_token=TOKEN))) as client:
        yield client


async def test_metrics_count_runs_by_job_and_state_and_the_workers(metrics_client: Client) -> None:
    await _one_dead_one_succeeded()
    answer = await metrics_client.get("/metrics", headers=AUTH)
    types, samples = parse(answer.text)
    assert types["motcua_job_runs"] == "gauge"
    assert value(samples, "motcua_job_runs", job="test.broken", state="dead") == 1
    assert value(samples, "motcua_job_runs", job="test.fine", state="succeeded") == 1
    assert value(samples, "motcua_job_runs", job="test.fine", state="queued") == 0
    assert value(samples, "motcua_job_workers") == 0
