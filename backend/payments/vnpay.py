"""VNPay payment URL protocol 2.1.0: signed payment URL, IPN/return verification, querydr.

Signing rule (VNPay's published sample code): take every `vnp_` parameter except
`vnp_SecureHash`/`vnp_SecureHashType`, drop empty values, sort by key, join
`key=quote_plus(value)` with `&`, and sign that string with HMAC-SHA512 (hex) under the hash
secret. querydr signs its fields joined with `|` in a fixed order instead. Dates are
`yyyyMMddHHmmss` in Vietnam time (GMT+7) whatever the server's clock.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import quote_plus

import httpx

from backend import clock
from backend.payments.provider import GatewayResult, GatewayUnavailable, PaymentOrder, SignatureError
from backend.settings import Settings
from i18n.formatting import VIETNAM

VERSION = "2.1.0"
UNSIGNED = ("vnp_SecureHash", "vnp_SecureHashType")
QUERY_REQUEST_FIELDS = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
)  # fmt: skip
QUERY_RESPONSE_FIELDS = (
    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType",
    "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode", "vnp_PromotionAmount",
)  # fmt: skip


def vnp_date(moment: datetime) -> str:
    """`yyyyMMddHHmmss` in GMT+7; a naive datetime is taken as UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(VIETNAM).strftime("%Y%m%d%H%M%S")


def hash_data(params: Mapping[str, str]) -> str:
    items = sorted((k, str(v)) for k, v in params.items() if k.startswith("vnp_") and k not in UNSIGNED)
    return "&".join(f"{key}={quote_plus(value)}" for key, value in items if value != "")


def hmac_sha512(secret: str, data: str) -> str:
    return hmac.new(secret.encode("utf-8"), data.encode("utf-8"), hashlib.sha512).hexdigest()


def signature_valid(secret: str, params: Mapping[str, str]) -> bool:
    given = str(params.get("vnp_SecureHash", "")).lower()
    expected = hmac_sha512(secret, hash_data(params))
    return hmac.compare_digest(given.encode("ascii", "replace"), expected.encode("ascii"))


def amount_vnd(value: object) -> int | None:
    """`vnp_Amount` is VND × 100; anything else than a whole đồng amount is None."""
    try:
        minor = int(str(value))
    except ValueError:
        return None
    return minor // 100 if minor >= 0 and minor % 100 == 0 else None


def outcome_of(response_code: str, transaction_status: str | None) -> str:
    if response_code == "00" and transaction_status in (None, "", "00"):
        return "paid"
    if response_code == "24":  # the customer cancelled on the gateway's page
        return "cancelled"
    return "failed"


class VNPayProvider:
    name = "vnpay"

    def __init__(self, settings: Settings, client: httpx.AsyncClient) -> None:
        self.tmn_code = settings.vnpay_tmn_code
        self.secret = settings.vnpay_hash_secret
        self.payment_url = settings.gateway_payment_url
        self.api_url = settings.gateway_api_url
        self.client = client

    def start_payment(self, order: PaymentOrder, return_url: str) -> str:
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(order.amount_vnd * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": order.reference,
            "vnp_OrderInfo": order.description,
            "vnp_OrderType": "other",
            "vnp_Locale": "en" if order.locale == "en" else "vn",
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": order.client_ip,
            "vnp_CreateDate": vnp_date(order.created_at),
            "vnp_ExpireDate": vnp_date(order.expires_at),
        }
        data = hash_data(params)
        return f"{self.payment_url}?{data}&vnp_SecureHash={hmac_sha512(self.secret, data)}"

    def verify_callback(self, params: Mapping[str, str]) -> GatewayResult:
        if not signature_valid(self.secret, params) or params.get("vnp_TmnCode") != self.tmn_code:
            raise SignatureError("vnp_SecureHash does not match")
        code = str(params.get("vnp_ResponseCode", ""))
        return GatewayResult(
            reference=str(params.get("vnp_TxnRef", "")),
            outcome=outcome_of(code, params.get("vnp_TransactionStatus")),
            amount_vnd=amount_vnd(params.get("vnp_Amount", "")),
            currency=params.get("vnp_CurrCode"),
            transaction_no=str(params.get("vnp_TransactionNo", ""))[:32],
            bank_code=str(params.get("vnp_BankCode", ""))[:20],
            response_code=code,
        )

    async def query(self, reference: str, created_at: datetime) -> GatewayResult:
        now = clock.now()
        body = {
            "vnp_RequestId": secrets.token_hex(8),
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": reference,
            "vnp_OrderInfo": f"Truy van giao dich {reference}",
            "vnp_TransactionDate": vnp_date(created_at),
            "vnp_CreateDate": vnp_date(now),
            "vnp_IpAddr": "127.0.0.1",
        }
        body["vnp_SecureHash"] = hmac_sha512(self.secret, "|".join(body[f] for f in QUERY_REQUEST_FIELDS))
        try:
            response = await self.client.post(self.api_url, json=body)
            response.raise_for_status()
            answer = {key: str(value) for key, value in response.json().items()}
        except (httpx.HTTPError, ValueError, AttributeError) as exc:
            raise GatewayUnavailable(type(exc).__name__) from None
        expected = hmac_sha512(self.secret, "|".join(answer.get(f, "") for f in QUERY_RESPONSE_FIELDS))
        if not hmac.compare_digest(answer.get("vnp_SecureHash", "").lower(), expected):
            raise GatewayUnavailable("querydr answer is not signed with our secret")
        if answer.get("vnp_TxnRef", reference) != reference:
            raise GatewayUnavailable("querydr answered about another transaction")
        code = answer.get("vnp_ResponseCode", "")
        if code == "91":
            return GatewayResult(reference=reference, outcome="not_found", response_code=code)
        if code != "00":
            raise GatewayUnavailable(f"querydr response code {code}")
        status = answer.get("vnp_TransactionStatus", "")
        outcome = {"00": "paid", "01": "pending"}.get(status, "failed")
        return GatewayResult(
            reference=reference,
            outcome=outcome,
            amount_vnd=amount_vnd(answer.get("vnp_Amount", "")),
            transaction_no=answer.get("vnp_TransactionNo", "")[:32],
            bank_code=answer.get("vnp_BankCode", "")[:20],
            response_code=status,
        )
