"""The audit log: append-only rows of who did what, to which object, when and from where.

Only ids, action names and non-identifying details go in: never tokens, codes, passwords, phone
numbers, names or ID numbers. Rows are only ever inserted (nothing here updates or deletes).
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection

from auth.principal import Principal
from auth.tables import AuditEvent

ACTIONS = frozenset(
    {
        "login",  # details: method (otp, oidc, password)
        "login_failed",  # details: method, reason
        "logout",
        "token_reuse",  # a rotated refresh token came back; its family was revoked
        "role_changed",  # details: old, new
        "staff_disabled",
        "citizen_read",  # a staff member opened a citizen's data; details: what
        "pickup_code_scan",  # a courier or visiting officer scanned a code; details: outcome, via
        "payment_needs_refund",  # the gateway took money for a final attempt; details: status
        "payment_refunded",  # a supervisor recorded that refund as done
        "job_retried",  # an admin queued a dead background job again (backend/jobs/pages.py)
    }
)


def client_ip(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    return connection.client.host if connection.client else ""


async def record(
    action: str,
    *,
    actor: Principal | None = None,
    target_kind: str = "",
    target_id: int | None = None,
    ip: str = "",
    **details: str | int | bool | None,
) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    await AuditEvent.insert(
        AuditEvent(
            actor_kind=actor.kind if actor else "",
            actor_id=actor.id if actor else None,
            action=action,
            target_kind=target_kind,
            target_id=target_id,
            client_ip=ip,
            details=details,
        )
    )


async def record_citizen_read(
    connection: ASGIConnection[Any, Any, Any, Any], actor: Principal, citizen_id: int, what: str
) -> None:
    """Call from any staff route that shows a citizen's data (dossier, profile, documents)."""
    if actor.kind == "staff":
        await record(
            "citizen_read",
            actor=actor,
            target_kind="citizen",
            target_id=citizen_id,
            ip=client_ip(connection),
            what=what,
        )
