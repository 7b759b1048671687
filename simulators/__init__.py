"""Local stand-ins for external systems, speaking their real protocols over HTTP.

`ROUTERS` lists each simulator's router; the app mounts them under /_sim only when
`MOTCUA_SIMULATORS` is on (dev and tests), and production settings refuse to start with it on.
"""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from simulators import oidc, population, push, sms, vnpay

ROUTERS: list[ControllerRouterHandler] = [
    sms.router,
    oidc.router,
    push.router,
    population.router,
    vnpay.router,
]
