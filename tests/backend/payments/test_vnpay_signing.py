"""Our VNPay signature and dates against VNPay's published rules, computed here independently
(hmac + urllib directly, no code from backend.payments)."""

import hashlib
import hmac
import time
import urllib.parse
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest

from backend.payments.provider import PaymentOrder, SignatureError
from backend.payments.vnpay import VNPayProvider, vnp_date
from backend.settings import from_env

SECRET = "TESTSECRETKEY0123456789ABCDEFGHI"


def _provider() -> VNPayProvider:
    settings = from_env({"MOTCUA_VNPAY_TMN_CODE": "DEMOV210", "MOTCUA_VNPAY_HASH_SECRET": SECRET})
    return VNPayProvider(settings, httpx.AsyncClient())


def _published_rule(params: dict[str, str]) -> str:
    """VNPay's sample: sort keys, `key=quote_plus(value)` joined by &, HMAC-SHA512 hex."""
    query = "&".join(f"{k}={urllib.parse.quote_plus(params[k])}" for k in sorted(params))
    return hmac.new(SECRET.encode(), query.encode(), hashlib.sha512).hexdigest()


def test_payment_url_signature_matches_an_independent_vector() -> None:
    order = PaymentOrder(
        reference="261231ABCDEF0123",
        amount_vnd=200_000,
        description="Le phi ho so: so 12/2026 & phi",
        created_at=datetime(2026, 12, 31, 20, 30, 5, tzinfo=UTC),
        expires_at=datetime(2026, 12, 31, 20, 45, 5, tzinfo=UTC),
        client_ip="203.0.113.9",
    )
    url = _provider().start_payment(order, "http://127.0.0.1:8000/payments/vnpay/return")
    query = urllib.parse.urlsplit(url).query
    params = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    expected = {
        "vnp_Version": "2.1.0",
        "vnp_Command": "pay",
        "vnp_TmnCode": "DEMOV210",
        "vnp_Amount": "20000000",
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": "261231ABCDEF0123",
        "vnp_OrderInfo": "Le phi ho so: so 12/2026 & phi",
        "vnp_OrderType": "other",
        "vnp_Locale": "vn",
        "vnp_ReturnUrl": "http://127.0.0.1:8000/payments/vnpay/return",
        "vnp_IpAddr": "203.0.113.9",
        "vnp_CreateDate": "20270101033005",
        "vnp_ExpireDate": "20270101034505",
    }
    signature = params.pop("vnp_SecureHash")
    assert params == expected
    assert signature == _published_rule(expected)
    # The signed string is the query string itself, sorted, with quote_plus encoding.
    assert query.startswith("vnp_Amount=20000000&vnp_Command=pay&vnp_CreateDate=20270101033005&")
    assert "vnp_OrderInfo=Le+phi+ho+so%3A+so+12%2F2026+%26+phi" in query


def test_callbacks_are_verified_against_the_same_rule_and_forgeries_refused() -> None:
    params = {
        "vnp_Amount": "20000000",
        "vnp_BankCode": "NCB",
        "vnp_OrderInfo": "Le phi ho so",
        "vnp_PayDate": "20270101033500",
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": "DEMOV210",
        "vnp_TransactionNo": "14123456",
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": "261231ABCDEF0123",
    }
    signed = {**params, "vnp_SecureHashType": "HmacSHA512", "vnp_SecureHash": _published_rule(params)}
    result = _provider().verify_callback(signed)
    assert (result.outcome, result.amount_vnd, result.transaction_no) == ("paid", 200_000, "14123456")
    with pytest.raises(SignatureError):
        _provider().verify_callback({**signed, "vnp_Amount": "2000000"})
    with pytest.raises(SignatureError):
        _provider().verify_callback({**params, "vnp_SecureHash": "00" * 64})


def test_dates_are_vietnam_time_whatever_the_server_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        moment = datetime(2026, 6, 30, 17, 59, 59, tzinfo=UTC)
        assert vnp_date(moment) == "20260701005959"
        assert vnp_date(moment.replace(tzinfo=None)) == "20260701005959"  # naive = UTC
        assert vnp_date(moment.astimezone(timezone(timedelta(hours=-5)))) == "20260701005959"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
