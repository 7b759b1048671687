"""Routes anyone may reach without logging in.

Every other route must carry a guard; tests/test_architecture.py fails when one does not.
Add a path here only when a stranger on the internet should be able to call it.
"""

PUBLIC_PATHS: frozenset[str] = frozenset(
    {
        "/",
        "/offline",
        "/lang/{locale:str}",
        "/manifest.webmanifest",
        "/sw.js",
        "/health",
        "/api/v1/meta",
        "/api/v1/offices",
        # Payments: the gateway's IPN (authenticated by its HMAC signature) and the page the
        # gateway sends the browser back to (shows our record, changes nothing).
        "/api/v1/payments/vnpay/ipn",
        "/payments/vnpay/return",
    }
)

# Whole subtrees: static assets, the OpenAPI schema, and the simulators (mounted only when
# settings enable them, never in production).
PUBLIC_PREFIXES: tuple[str, ...] = ("/static", "/schema", "/_sim")


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)
