"""A VNPay 2.1.0 gateway stand-in: payment page, Return URL redirect, IPN with retries, querydr.

It checks the merchant's signature on the payment URL with its own implementation of VNPay's
published rule (sorted `vnp_` parameters, `quote_plus` values, HMAC-SHA512), signs what it sends
back the same way, and calls the merchant's IPN until it answers 00 or 02, as the real gateway
retries. State lives in memory: one simulator per process, for dev and tests only.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from typing import Annotated, Any
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

import httpx
from litestar import Request, Response, Router, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect

from backend.settings import Settings

GMT7 = ZoneInfo("Asia/Ho_Chi_Minh")
# Seconds between IPN attempts after a first answer other than 00/02 (the real gateway waits
# minutes; tests shorten this).
IPN_RETRY_DELAYS: list[float] = [2.0, 5.0, 15.0, 60.0, 300.0]
OUTCOMES = {"pay": ("00", "00"), "cancel": ("24", "02"), "insufficient": ("51", "02")}


@dataclass
class SimTransaction:
    params: dict[str, str]
    status: str = "01"  # querydr vnp_TransactionStatus: 01 not finished, 00 paid, 02 failed
    response_code: str = ""
    transaction_no: str = ""
    pay_date: str = ""
    ipn_answers: list[str] = field(default_factory=list)


TRANSACTIONS: dict[str, SimTransaction] = {}
_TASKS: set[asyncio.Task[None]] = set()


def _sign(secret: str, params: dict[str, str]) -> str:
    data = "&".join(
        f"{k}={quote_plus(v)}"
        for k, v in sorted(params.items())
        if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType") and v
    )
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def _settings(request: Request[Any, Any, Any]) -> Settings:
    return request.app.state["settings"]  # type: ignore[no-any-return]


def _now_gmt7() -> str:
    return datetime.now(UTC).astimezone(GMT7).strftime("%Y%m%d%H%M%S")


def callback_params(secret: str, txn: SimTransaction) -> dict[str, str]:
    """The signed parameters the gateway sends to the Return URL and the IPN."""
    p = txn.params
    params = {
        "vnp_Amount": p["vnp_Amount"],
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": f"VNP{txn.transaction_no}",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": p.get("vnp_OrderInfo", ""),
        "vnp_PayDate": txn.pay_date,
        "vnp_ResponseCode": txn.response_code,
        "vnp_TmnCode": p["vnp_TmnCode"],
        "vnp_TransactionNo": txn.transaction_no,
        "vnp_TransactionStatus": txn.status,
        "vnp_TxnRef": p["vnp_TxnRef"],
    }
    params["vnp_SecureHashType"] = "HmacSHA512"
    params["vnp_SecureHash"] = _sign(secret, params)
    return params


async def _call_ipn(app: Any, settings: Settings, params: dict[str, str]) -> str:
    client: httpx.AsyncClient = app.state["http_client"]
    try:
        answer = await client.get(settings.gateway_ipn_url, params=params)
        return str(answer.json().get("RspCode", ""))
    except (httpx.HTTPError, ValueError, AttributeError):
        return "no-answer"


def _page(title: str, body: str, status: int = 200) -> Response[str]:
    html = (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">'
        f"<title>{escape(title)}</title></head><body style='font-family:sans-serif;margin:16px'>"
        f"<h1>{escape(title)}</h1>{body}</body></html>"
    )
    return Response(html, media_type="text/html", status_code=status)


@get("/paymentv2/vpcpay.html")
async def payment_page(request: Request[Any, Any, Any]) -> Response[str]:
    settings = _settings(request)
    params = {k: v[0] for k, v in request.query_params.dict().items() if v}
    given = params.get("vnp_SecureHash", "").lower()
    if not hmac.compare_digest(given, _sign(settings.vnpay_hash_secret, params)):
        return _page("Sai chữ ký / Invalid signature (70)", "<p data-testid='sim-error'>70</p>", 400)
    required = ("vnp_Amount", "vnp_TxnRef", "vnp_ReturnUrl", "vnp_CreateDate", "vnp_ExpireDate")
    if (
        params.get("vnp_Version") != "2.1.0"
        or params.get("vnp_Command") != "pay"
        or not all(params.get(k) for k in required)
    ):
        return _page("Dữ liệu không hợp lệ / Invalid request (03)", "<p data-testid='sim-error'>03</p>", 400)
    if params.get("vnp_TmnCode") != settings.vnpay_tmn_code:
        return _page("Sai mã website / Unknown merchant (02)", "<p data-testid='sim-error'>02</p>", 400)
    if params["vnp_ExpireDate"] < _now_gmt7():
        return _page(
            "Giao dịch đã quá hạn / Transaction expired (11)", "<p data-testid='sim-error'>11</p>", 400
        )
    ref = params["vnp_TxnRef"]
    txn = TRANSACTIONS.get(ref)
    if txn is not None and txn.status != "01":
        return _page(
            "Giao dịch đã tồn tại / Already processed (94)", "<p data-testid='sim-error'>94</p>", 400
        )
    TRANSACTIONS[ref] = SimTransaction(params=params)
    amount = f"{int(params['vnp_Amount']) // 100:,}".replace(",", ".")
    buttons = "".join(
        f'<button name="action" value="{name}" data-testid="sim-{name}" '
        f'style="display:block;margin:8px 0;min-height:44px">{escape(label)}</button>'
        for name, label in (
            ("pay", "Thanh toán / Pay"),
            ("cancel", "Hủy / Cancel"),
            ("insufficient", "Không đủ số dư / Insufficient funds"),
        )
    )
    body = (
        f"<p>MotCua · {escape(params.get('vnp_OrderInfo', ''))}</p>"
        f"<p data-testid='sim-amount'>{amount} VND</p>"
        f'<form method="post" action="/_sim/vnpay/paymentv2/pay">'
        f'<input type="hidden" name="ref" value="{escape(ref)}">'
        f'<label><input type="checkbox" name="lose_ipn" value="1"> IPN lost (test)</label>{buttons}</form>'
    )
    return _page("VNPAY (simulator)", body)


@post("/paymentv2/pay")
async def pay(
    request: Request[Any, Any, Any],
    data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Response[Any]:
    settings = _settings(request)
    txn = TRANSACTIONS.get(data.get("ref", ""))
    if txn is None or txn.status != "01" or data.get("action") not in OUTCOMES:
        return _page("Không tìm thấy giao dịch / Transaction not found", "", 404)
    txn.response_code, txn.status = OUTCOMES[data["action"]]
    txn.transaction_no = str(secrets.randbelow(90_000_000) + 10_000_000)
    txn.pay_date = _now_gmt7()
    if data.get("lose_ipn") != "1":
        await deliver_first_then_retry(request.app, settings, txn)
    query = "&".join(
        f"{k}={quote_plus(v)}" for k, v in callback_params(settings.vnpay_hash_secret, txn).items()
    )
    return Redirect(path=f"{txn.params['vnp_ReturnUrl']}?{query}", status_code=303)


async def deliver_first_then_retry(app: Any, settings: Settings, txn: SimTransaction) -> None:
    """The first IPN completes before the browser is redirected; retries go on in the background."""
    code = await _call_ipn(app, settings, callback_params(settings.vnpay_hash_secret, txn))
    txn.ipn_answers.append(code)
    if code not in ("00", "02"):

        async def retry() -> None:
            for delay in IPN_RETRY_DELAYS:
                await asyncio.sleep(delay)
                again = await _call_ipn(app, settings, callback_params(settings.vnpay_hash_secret, txn))
                txn.ipn_answers.append(again)
                if again in ("00", "02"):
                    return

        task = asyncio.create_task(retry())
        _TASKS.add(task)
        task.add_done_callback(_TASKS.discard)


QUERY_FIELDS = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
)  # fmt: skip
ANSWER_FIELDS = (
    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType",
    "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode", "vnp_PromotionAmount",
)  # fmt: skip


def _hmac(secret: str, fields: list[str]) -> str:
    return hmac.new(secret.encode(), "|".join(fields).encode(), hashlib.sha512).hexdigest()


@post("/merchant_webapi/api/transaction", status_code=200)
async def transaction_api(
    request: Request[Any, Any, Any], data: Annotated[dict[str, Any], Body()]
) -> dict[str, str]:
    """querydr: what became of a transaction, signed with `|`-joined fields."""
    settings = _settings(request)
    body = {k: str(v) for k, v in data.items()}
    answer = {"vnp_ResponseId": secrets.token_hex(8), "vnp_Command": body.get("vnp_Command", ""),
              "vnp_TmnCode": settings.vnpay_tmn_code, "vnp_TxnRef": body.get("vnp_TxnRef", "")}  # fmt: skip
    expected = _hmac(settings.vnpay_hash_secret, [body.get(f, "") for f in QUERY_FIELDS])
    txn = TRANSACTIONS.get(answer["vnp_TxnRef"])
    if not hmac.compare_digest(body.get("vnp_SecureHash", "").lower(), expected):
        answer.update(vnp_ResponseCode="97", vnp_Message="Invalid checksum")
    elif body.get("vnp_Command") != "querydr" or body.get("vnp_TmnCode") != settings.vnpay_tmn_code:
        answer.update(vnp_ResponseCode="02", vnp_Message="Merchant is not valid")
    elif txn is None or txn.params.get("vnp_CreateDate") != body.get("vnp_TransactionDate"):
        answer.update(vnp_ResponseCode="91", vnp_Message="Transaction not found")
    else:
        answer.update(
            vnp_ResponseCode="00",
            vnp_Message="QueryDR Success",
            vnp_Amount=txn.params["vnp_Amount"],
            vnp_BankCode="NCB" if txn.transaction_no else "",
            vnp_PayDate=txn.pay_date,
            vnp_TransactionNo=txn.transaction_no,
            vnp_TransactionType="01",
            vnp_TransactionStatus=txn.status,
            vnp_OrderInfo=txn.params.get("vnp_OrderInfo", ""),
        )
    answer["vnp_SecureHash"] = _hmac(settings.vnpay_hash_secret, [answer.get(f, "") for f in ANSWER_FIELDS])
    return answer


router = Router(
    path="/_sim/vnpay", route_handlers=[payment_page, pay, transaction_api], include_in_schema=False
)
