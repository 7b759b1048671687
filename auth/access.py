"""Routes anyone may reach without logging in.

Every other route must carry a guard; tests/test_architecture.py fails when one does not.
Add a path here only when a stranger on the internet should be able to call it.
Not here on purpose: /metrics, which carries its own guard (a bearer token from settings,
backend/metrics/api.py), so the architecture test sees it as guarded, not public.
"""

PUBLIC_PATHS: frozenset[str] = frozenset(
    {
        "/",
        "/offline",
        "/lang/{locale:str}",
        "/manifest.webmanifest",
        "/sw.js",
        "/favicon.ico",
        "/health",
        "/api/v1/meta",
        "/api/v1/offices",
        # Logging in and out (auth/api.py): rate-limited, and they reveal nothing about accounts.
        "/api/v1/auth/otp",
        "/api/v1/auth/otp/verify",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/staff/login",
        # Login pages (auth/pages.py, auth/staff_pages.py); form posts carry the CSRF token.
        "/login",
        "/login/phone",
        "/login/phone/verify",
        "/login/eid",
        "/login/eid/callback",
        "/logout",
        "/staff/login",
        # The courier app's offline shell (backend/courier/pages.py): no data, cached by the
        # service worker for every visitor, so it must load without a login.
        "/courier/offline",
        "/api/v1/push/public-key",
        # The procedure catalogue is public information (no login to read what a procedure needs).
        "/api/v1/procedures",
        "/api/v1/procedures/{code:str}",
        "/api/v1/procedures/{code:str}/due-date",
        "/procedures",
        "/procedures/{code:str}",
        # Status and due date by dossier code, no personal data, rate-limited (the receipt's QR).
        "/api/v1/lookup/{dossier_code:str}",
        "/lookup/{dossier_code:str}",
        "/lookup",
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
