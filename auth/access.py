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
        # The procedure catalogue is public information (no login to read what a procedure needs).
        "/api/v1/procedures",
        "/api/v1/procedures/{code:str}",
        "/api/v1/procedures/{code:str}/due-date",
        "/procedures",
        "/procedures/{code:str}",
        # Status and due date by dossier code, no personal data, rate-limited (the receipt's QR).
        "/api/v1/lookup/{dossier_code:str}",
        "/lookup/{dossier_code:str}",
    }
)

# Whole subtrees: static assets, the OpenAPI schema, and the simulators (mounted only when
# settings enable them, never in production).
PUBLIC_PREFIXES: tuple[str, ...] = ("/static", "/schema", "/_sim")


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)
