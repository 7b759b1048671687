"""Gateway-side signing for tests, written from VNPay's published rule (not our adapter)."""

import hashlib
import hmac
from typing import Any
from urllib.parse import quote_plus

from backend.settings import get_settings


def gateway_sign(params: dict[str, str]) -> dict[str, str]:
    data = "&".join(f"{k}={quote_plus(params[k])}" for k in sorted(params))
    secret = get_settings().vnpay_hash_secret.encode()
    return {**params, "vnp_SecureHash": hmac.new(secret, data.encode(), hashlib.sha512).hexdigest()}


def ipn_params(payment: dict[str, Any], response_code: str = "00", **overrides: str) -> dict[str, str]:
    """What the gateway would send for `payment`, correctly signed unless overridden after."""
    params = {
        "vnp_Amount": str(payment["amount_vnd"] * 100),
        "vnp_BankCode": "NCB",
        "vnp_OrderInfo": payment["description"],
        "vnp_PayDate": "20261123100000",
        "vnp_ResponseCode": response_code,
        "vnp_TmnCode": get_settings().vnpay_tmn_code,
        "vnp_TransactionNo": "14000001",
        "vnp_TransactionStatus": "00" if response_code == "00" else "02",
        "vnp_TxnRef": payment["reference"],
    }
    params.update(overrides)
    return gateway_sign(params)
