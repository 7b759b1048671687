"""One row per payment attempt, and every callback the gateway sent us."""

from __future__ import annotations

from piccolo.columns import JSON, Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

PENDING = "pending"
FINAL = ("paid", "failed", "cancelled", "expired", "superseded")
STATUSES = (PENDING, *FINAL)


class Payment(Table, tablename="payment"):
    """One attempt at paying one fee. `reference` is the gateway's vnp_TxnRef.

    `open_subject` is "<kind>:<id>" while the attempt is pending and NULL afterwards; being
    unique, it lets the database itself refuse a second pending attempt for the same fee.
    """

    id: Serial
    reference = Varchar(length=32, unique=True)
    owner_id = Integer(index=True)  # the citizen who pays (auth Citizen.id)
    subject_kind = Varchar(length=32)  # e.g. "dossier"
    subject_id = Integer()
    open_subject = Varchar(length=80, null=True, default=None, unique=True)
    amount_vnd = Integer()
    description = Varchar(length=200)
    provider = Varchar(length=16, default="vnpay")
    status = Varchar(length=16, default=PENDING, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    started_at = Timestamptz(null=True, default=None)  # vnp_CreateDate of the payment URL
    expires_at = Timestamptz(null=True, default=None, index=True)  # vnp_ExpireDate
    paid_at = Timestamptz(null=True, default=None)
    settled_at = Timestamptz(null=True, default=None)
    settled_by = Varchar(length=16, default="")  # "ipn", "reconciliation" or "citizen"
    gateway_transaction_no = Varchar(length=32, default="")
    bank_code = Varchar(length=20, default="")
    response_code = Varchar(length=8, default="")
    # "needed" when the gateway reported money taken for this attempt after it had become final
    # without it (superseded, expired, cancelled...) or a second transaction for a paid one;
    # "refunded" once a supervisor has recorded the refund (payments/anomalies.py).
    refund = Varchar(length=16, default="", index=True)


class PaymentCallback(Table, tablename="payment_callback"):
    """Every IPN and return the gateway sent: raw parameters and what we answered."""

    payment = ForeignKey(Payment, null=True, default=None, index=True)
    kind = Varchar(length=16)  # "ipn" or "return"
    reference = Varchar(length=100, default="")
    params = JSON()
    result_code = Varchar(length=8)
    needs_refund = Boolean(default=False)  # this callback reported money we did not take
    at = Timestamptz(default=TimestamptzNow())
