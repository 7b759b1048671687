"""What an office offers (capacity per kind and time window) and what citizens booked.

A `CapacityWindow` is published once and applies on every working day; the `Slot` of one window
on one day is created when first booked and carries the count that makes over-booking impossible
(`UPDATE slot SET booked = booked + 1 WHERE id = ? AND booked < capacity`).
"""

from __future__ import annotations

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Time, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from auth.tables import Citizen
from backend.dossiers.tables import Dossier
from backend.offices.tables import Office

KINDS = ("home_appointment", "postal_pickup", "counter_appointment")
# booked → checked_in (counter) | picked_up (courier, home visit) → completed; or cancelled, no_show
BOOKING_STATUSES = ("booked", "checked_in", "picked_up", "completed", "cancelled", "no_show")


class CapacityWindow(Table, tablename="capacity_window"):
    id: Serial
    office = ForeignKey(Office, index=True)
    kind = Varchar(length=24)  # one of KINDS
    starts = Time()  # local Vietnam time, e.g. 08:00
    ends = Time()  # e.g. 10:00
    capacity = Integer()
    active = Boolean(default=True)


class Slot(Table, tablename="slot"):
    """One window on one working day. `booked` never exceeds `capacity`."""

    id: Serial
    window = ForeignKey(CapacityWindow, index=True)
    day = Date(index=True)
    capacity = Integer()  # copied from the window when the slot is created
    booked = Integer(default=0)
    key = Varchar(length=48, unique=True)  # "<window id>:<yyyy-mm-dd>": one slot per window and day


class Booking(Table, tablename="booking"):
    id: Serial
    dossier = ForeignKey(Dossier, index=True)
    citizen = ForeignKey(Citizen, index=True)
    office = ForeignKey(Office, index=True)  # the one-stop office that handles the dossier
    # The postal unit whose couriers serve the address (postal pickup); null for other kinds.
    unit = ForeignKey(Office, null=True, default=None, index=True)
    slot = ForeignKey(Slot, index=True)
    kind = Varchar(length=24)
    status = Varchar(length=16, default="booked", index=True)
    address = Varchar(length=300, default="")  # where to go (home and postal kinds)
    ward = Varchar(length=100, default="", index=True)
    contact_phone = Varchar(length=16, default="")
    returns_result = Boolean(default=False)  # the courier also brings the result back
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    version = Integer(default=0)


class LiveBooking(Table, tablename="booking_live"):
    """One row per dossier while it has a live booking (added with the booking, removed when it
    is cancelled or missed): the unique dossier makes a second live booking impossible even when
    two requests race."""

    id: Serial
    dossier = ForeignKey(Dossier, unique=True)
    booking = ForeignKey(Booking, index=True)
