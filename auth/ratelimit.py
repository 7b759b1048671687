"""Fixed-window rate limits shared by every app process (Redis when REDIS_URL is set) or kept in
this process's memory (development, tests).

`await limiter.hit("otp:phone:+849...", limit=3, window_s=900)` counts one attempt and returns
how many seconds to wait (0 = allowed).
"""

from __future__ import annotations

import hashlib
import time
from typing import Any, Protocol

from redis.asyncio import Redis

from backend.errors import Problem


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int, window_s: int) -> int: ...

    async def reset(self) -> None: ...


def _key(key: str) -> str:
    # Keys may hold phone numbers; the store sees only a hash.
    return "motcua:rl:" + hashlib.sha256(key.encode()).hexdigest()[:32]


class MemoryRateLimiter:
    def __init__(self) -> None:
        self._windows: dict[str, tuple[float, int]] = {}

    async def hit(self, key: str, limit: int, window_s: int) -> int:
        now = time.monotonic()
        name = _key(key)
        started, count = self._windows.get(name, (now, 0))
        if now - started >= window_s:
            started, count = now, 0
        count += 1
        self._windows[name] = (started, count)
        if len(self._windows) > 100_000:  # forget finished windows
            self._windows = {k: v for k, v in self._windows.items() if now - v[0] < 3600}
        return 0 if count <= limit else max(1, int(window_s - (now - started)))

    async def reset(self) -> None:
        self._windows.clear()


class RedisRateLimiter:
    def __init__(self, url: str) -> None:
        self.redis: Redis = Redis.from_url(url)

    async def hit(self, key: str, limit: int, window_s: int) -> int:
        name = _key(key)
        pipe: Any = self.redis.pipeline(transaction=True)
        pipe.incr(name)
        pipe.expire(name, window_s, nx=True)
        pipe.ttl(name)
        count, _, ttl = await pipe.execute()
        return 0 if int(count) <= limit else max(1, int(ttl))

    async def reset(self) -> None:
        async for name in self.redis.scan_iter("motcua:rl:*"):
            await self.redis.delete(name)


def limiter_for(redis_url: str) -> RateLimiter:
    return RedisRateLimiter(redis_url) if redis_url else MemoryRateLimiter()


async def enforce(limiter: RateLimiter, key: str, limit: int, window_s: int) -> None:
    """Count one attempt; over the limit → 429 with Retry-After."""
    wait = await limiter.hit(key, limit, window_s)
    if wait:
        problem = Problem(429, "too_many_requests")
        problem.headers = {"Retry-After": str(wait)}
        raise problem
