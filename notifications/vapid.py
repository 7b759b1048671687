"""The server's VAPID key pair (RFC 8292): from settings, or a dev key kept in var/.

Production refuses to start without `MOTCUA_VAPID_PRIVATE_KEY` (see settings.validate()). In dev
and tests the first process to need a key writes one to `vapid_key_file`; every later process
(app, worker) reads the same file, so subscriptions made against the app's public key keep
working with the worker's signatures.
"""

from __future__ import annotations

import base64
import contextlib
import os
from functools import cache

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid

from backend.settings import Settings, SettingsError


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _from_text(text: str) -> Vapid:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        return Vapid.from_pem(text.encode("ascii"))
    return Vapid.from_string(private_key=text)


def _dev_key(settings: Settings) -> Vapid:
    path = settings.vapid_key_file
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = Vapid()
        fresh.generate_keys()
        # Exclusive create: when app and worker start together, one writes and both read it.
        with contextlib.suppress(FileExistsError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(fresh.private_pem())
    return Vapid.from_pem(path.read_bytes())


@cache
def server_key(settings: Settings) -> Vapid:
    if settings.vapid_private_key:
        return _from_text(settings.vapid_private_key)
    if settings.is_production:
        raise SettingsError("MOTCUA_VAPID_PRIVATE_KEY is empty; production needs its own VAPID key")
    return _dev_key(settings)


def public_key(settings: Settings) -> str:
    """The application server key the PWA subscribes with: the raw P-256 point, base64url."""
    raw = server_key(settings).public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(raw)
