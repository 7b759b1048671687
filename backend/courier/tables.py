"""Pickup codes and custody events.

A `PickupCode` keeps no secret: the QR token and the short code are both derived from its random
`token_id` with the server key (backend/courier/tokens.py), and only a hash of the short code is
stored for look-up. `CustodyEvent` rows are only ever inserted: nothing updates or deletes them.
"""

from __future__ import annotations

from piccolo.columns import JSON, Float, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.dossiers.tables import Dossier
from backend.scheduling.tables import Booking

PURPOSES = ("pickup", "delivery")
# The chain of custody, in the only order it may happen.
CUSTODY_KINDS = ("picked_up", "delivered_to_office", "result_collected", "result_delivered")


class PickupCode(Table, tablename="pickup_code"):
    id: Serial
    booking = ForeignKey(Booking, index=True)
    purpose = Varchar(length=16)  # pickup | delivery
    token_id = Varchar(length=32, unique=True)  # hex of the token's random id
    short_hash = Varchar(length=64, unique=True)  # sha256 of the normalised short code
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
    used_by = Integer(null=True, default=None)  # staff id of the handoff that consumed it


class CustodyEvent(Table, tablename="custody_event"):
    id: Serial
    booking = ForeignKey(Booking, index=True)
    dossier = ForeignKey(Dossier, index=True)
    kind = Varchar(length=24)  # one of CUSTODY_KINDS
    # "<booking id>:<kind>": each step happens once per booking, whatever the concurrency.
    step_key = Varchar(length=48, unique=True)
    # Generated on the device; a second submission with the same id is the same event.
    client_event_id = Varchar(length=64, unique=True)
    actor = Integer(index=True)  # staff id
    at = Timestamptz(default=TimestamptzNow())  # server time
    client_at = Timestamptz(null=True, default=None)  # the device's clock when it was recorded
    latitude = Float(null=True, default=None)
    longitude = Float(null=True, default=None)
    device_id = Varchar(length=64, default="")
    seal_number = Varchar(length=32, default="")
    documents_checked = JSON(default=[])
    pickup_code = Integer(null=True, default=None)  # PickupCode id consumed by this step
    seal_photo_key = Varchar(length=64, default="")  # uploads storage key of the sealed package
