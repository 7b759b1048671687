"""Days the government moves: extra days off and make-up working Saturdays.

The `holidays` package knows the statutory holidays (lunar Tết included) and the swaps it has
been told about; each year the Prime Minister approves further swaps (Tết bridges, make-up
Saturdays) that an administrator records here. A row here wins over the package.
"""

from __future__ import annotations

from piccolo.columns import Date, Serial, Varchar
from piccolo.table import Table

KINDS = ("day_off", "working_day")


class CalendarOverride(Table, tablename="calendar_override"):
    id: Serial
    day = Date(unique=True)
    kind = Varchar(length=16)  # "day_off" or "working_day" (a make-up Saturday)
    note = Varchar(length=300, default="")  # the decision that moved the day, e.g. "Công văn .../BNV"
