"""Every periodic job, in one place: which domain function runs, how often, within what deadline.

The job worker (`python -m backend.jobs.worker`) schedules these on the job engine
(backend/jobs/engine.py), which adds its own housekeeping. A domain writes the job itself in its
`jobs.py`; adding one here is one line. Cron times are in UTC.
"""

from __future__ import annotations

from auth.jobs import purge_expired_logins, purge_old_audit
from backend.dossiers.jobs import mark_overdue_dossiers, purge_old_idempotency_keys
from backend.jobs.engine import Periodic
from backend.payments.jobs import reconcile_payments
from backend.scheduling.jobs import send_booking_reminders
from notifications.jobs import purge_notifications

SCHEDULE: tuple[Periodic, ...] = (
    # Up to 100 gateway queries of at most 15 s each: bounded here, the rest waits for the next run.
    Periodic("payments.reconcile", reconcile_payments, "* * * * *", deadline_s=240),
    Periodic("dossiers.mark_overdue", mark_overdue_dossiers, "* * * * *", deadline_s=120),
    Periodic("scheduling.booking_reminders", send_booking_reminders, "*/5 * * * *", deadline_s=120),
    # Retention (docs/retention.md): nightly, Vietnam's small hours (19:xx UTC).
    Periodic("notifications.purge", purge_notifications, "5 19 * * *", deadline_s=600),
    Periodic("auth.purge_logins", purge_expired_logins, "10 19 * * *", deadline_s=600),
    Periodic("auth.purge_audit", purge_old_audit, "15 19 * * *", deadline_s=600),
    Periodic("dossiers.purge_idempotency_keys", purge_old_idempotency_keys, "20 19 * * *", deadline_s=600),
)
