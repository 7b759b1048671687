"""Request counts and latency per route template, method and status, kept in this process.

Fed by the request middleware (backend/logging.py) with the route *template*
(`/api/v1/dossiers/{dossier_id}`), never the raw path: no ID number or phone typed into a URL can
become a label, and the number of series stays bounded. Each server process counts its own
requests; docs/operations.md says how to scrape more than one.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from backend.metrics.exposition import Family

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
Key = tuple[str, str, str]  # method, route, status


class HttpMetrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buckets: dict[Key, list[int]] = defaultdict(lambda: [0] * len(BUCKETS))
        self._sums: dict[Key, float] = defaultdict(float)
        self._counts: dict[Key, int] = defaultdict(int)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        # Anything a client could vary freely is folded, so the series stay bounded.
        key = (method if method in METHODS else "OTHER", route, str(status))
        with self._lock:
            self._counts[key] += 1
            self._sums[key] += seconds
            buckets = self._buckets[key]
            for index, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    buckets[index] += 1

    def families(self) -> list[Family]:
        requests = Family("motcua_http_requests_total", "counter", "HTTP requests by route template.")
        latency = Family(
            "motcua_http_request_duration_seconds", "histogram", "HTTP request latency by route template."
        )
        with self._lock:
            for key in sorted(self._counts):
                method, route, status = key
                labels = {"method": method, "route": route, "status": status}
                requests.add(labels, self._counts[key])
                for bound, count in zip(BUCKETS, self._buckets[key], strict=True):
                    latency.add({**labels, "le": repr(bound)}, count, "_bucket")
                latency.add({**labels, "le": "+Inf"}, self._counts[key], "_bucket")
                latency.add(labels, self._sums[key], "_sum")
                latency.add(labels, self._counts[key], "_count")
        return [requests, latency]


HTTP = HttpMetrics()
