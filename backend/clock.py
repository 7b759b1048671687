"""The one place that says what time it is.

Every rule takes "now" as a value; handlers, jobs and adapters get it from here. Tests freeze
it with time-machine (which moves this clock and every other reader of the system time), and
CI runs the whole suite once with the system clock moved a year on, inside Tết, so a rule or a
test that silently depends on today's date fails at once.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

from i18n.formatting import VIETNAM


def now() -> datetime:
    """The current instant, timezone-aware (UTC)."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in Vietnam (what a citizen or an officer calls "today")."""
    return now().astimezone(VIETNAM).date()


def timestamp() -> float:
    """Seconds since the epoch, for token claims and protocol fields that want a number."""
    return time.time()
