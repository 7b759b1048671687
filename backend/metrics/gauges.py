"""Figures read from the database at scrape time, so every app process answers the same:
outbox backlog and age, queue lag, push/SMS delivery outcomes, payment callbacks, overdue
dossiers, background job runs by state and the job workers. Each is a grouped count or one
indexed row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from piccolo.query.functions.aggregate import Count

from backend.dossiers.overdue import RUNNING
from backend.dossiers.tables import Dossier
from backend.jobs import monitor
from backend.metrics.exposition import Family
from backend.payments.tables import PaymentCallback
from notifications.tables import DeliveryAttempt, OutboxMessage

WAITING = ("pending", "sending")


async def _oldest(column: Any, where: Any) -> datetime | None:
    row = await OutboxMessage.select(column.as_alias("at")).where(where).order_by(column).limit(1).first()
    return row["at"] if row else None


def _age(now: datetime, moment: datetime | None) -> float:
    return max((now - moment).total_seconds(), 0.0) if moment else 0.0


async def outbox_families(now: datetime) -> list[Family]:
    messages = Family("motcua_outbox_messages", "gauge", "Outbox messages by status and channel.")
    rows = await OutboxMessage.select(OutboxMessage.status, OutboxMessage.channel, Count(alias="n")).group_by(
        OutboxMessage.status, OutboxMessage.channel
    )
    for row in sorted(rows, key=lambda r: (r["status"], r["channel"])):
        messages.add({"status": row["status"], "channel": row["channel"]}, row["n"])
    backlog = Family("motcua_outbox_backlog", "gauge", "Messages not yet delivered (pending or sending).")
    backlog.add({}, sum(r["n"] for r in rows if r["status"] in WAITING))
    oldest = Family(
        "motcua_outbox_oldest_pending_age_seconds", "gauge", "Age of the oldest undelivered message."
    )
    oldest.add(
        {}, _age(now, await _oldest(OutboxMessage.created_at, OutboxMessage.status.is_in(list(WAITING))))
    )
    lag = Family(
        "motcua_outbox_queue_lag_seconds",
        "gauge",
        "How long the longest-waiting due message has waited for a worker.",
    )
    due = (OutboxMessage.status == "pending") & (OutboxMessage.next_attempt_at <= now)
    lag.add({}, _age(now, await _oldest(OutboxMessage.next_attempt_at, due)))
    return [messages, backlog, oldest, lag]


async def delivery_family() -> Family:
    family = Family(
        "motcua_notification_delivery_attempts_total",
        "counter",
        "Delivery attempts by channel (push, sms, inbox) and outcome (sent, retry, failed).",
    )
    rows = await DeliveryAttempt.select(
        DeliveryAttempt.message.channel.as_alias("channel"), DeliveryAttempt.outcome, Count(alias="n")
    ).group_by(DeliveryAttempt.message.channel, DeliveryAttempt.outcome)
    for row in sorted(rows, key=lambda r: (r["channel"], r["outcome"])):
        family.add({"channel": row["channel"], "outcome": row["outcome"]}, row["n"])
    return family


RESULTS = {
    "00": "confirmed",
    "01": "not_found",
    "02": "already_confirmed",
    "04": "invalid_amount",
    "97": "invalid_signature",
    "99": "error",
}


async def payment_family() -> Family:
    family = Family(
        "motcua_payment_callbacks_total",
        "counter",
        "Payment gateway callbacks by kind (ipn, return) and our answer's result.",
    )
    rows = await PaymentCallback.select(
        PaymentCallback.kind, PaymentCallback.result_code, Count(alias="n")
    ).group_by(PaymentCallback.kind, PaymentCallback.result_code)
    counted: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["kind"], RESULTS.get(row["result_code"], "other"))
        counted[key] = counted.get(key, 0) + row["n"]
    for (kind, result), n in sorted(counted.items()):
        family.add({"kind": kind, "result": result}, n)
    return family


async def dossier_family(now: datetime) -> Family:
    family = Family(
        "motcua_dossiers_overdue", "gauge", "Dossiers past their due time with the clock running."
    )
    family.add(
        {},
        await Dossier.count().where(
            Dossier.status.is_in(list(RUNNING)) & Dossier.due_at.is_not_null() & (Dossier.due_at < now)
        ),
    )
    return family


async def job_families() -> list[Family]:
    runs = Family(
        "motcua_job_runs",
        "gauge",
        "Background job runs by job and state (queued, running, failed = will retry, dead = no try "
        "left, succeeded = last 7 days).",
    )
    for task, by_state in (await monitor.counts()).items():
        for state, n in by_state.items():
            runs.add({"job": task, "state": state}, n)
    workers = Family(
        "motcua_job_workers", "gauge", "Job worker processes registered (0: no periodic job runs)."
    )
    workers.add({}, await monitor.workers())
    return [runs, workers]


async def database_families(now: datetime) -> list[Family]:
    return [
        *await outbox_families(now),
        await delivery_family(),
        await payment_family(),
        await dossier_family(now),
        *await job_families(),
    ]
