"""Abuse limits: a token bucket per API key (or per client address when the API is open), and
a cap on request bodies."""

import math
import threading
import time
from dataclasses import dataclass

from fastapi import HTTPException, status
from starlette.types import ASGIApp, Message, Receive, Scope, Send

BUDGET = "rate_budget"  # where `require` leaves the caller's budget in the request's state
BUDGET_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


@dataclass(frozen=True)
class Budget:
    """What a caller may still send, told on every answer so it can slow down before a 429."""

    limit: int  # requests at once (the bucket's size)
    remaining: int  # requests it may send now
    reset_s: int  # seconds until all `limit` are back

    def headers(self) -> dict[str, str]:
        values = (self.limit, self.remaining, self.reset_s)
        return {name: str(value) for name, value in zip(BUDGET_HEADERS, values, strict=True)}


class RateLimiter:
    def __init__(self, per_minute: float, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._buckets: dict[str, tuple[float, float]] = {}  # identity -> (tokens, at)
        self._lock = threading.Lock()

    def check(
        self, identity: str, counted: str = "requests a minute for this key"
    ) -> Budget | None:
        """Spend one token and return what is left (None: no limit), or raise 429 saying what
        is counted and when to come back."""
        if self.rate <= 0:
            return None
        now = time.monotonic()
        with self._lock:
            tokens, at = self._buckets.get(identity, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.rate)
            if tokens < 1.0:
                wait = (1.0 - tokens) / self.rate
                self._buckets[identity] = (tokens, now)
                seconds = max(1, math.ceil(wait))  # the message and the header say the same
                raise HTTPException(
                    status.HTTP_429_TOO_MANY_REQUESTS,
                    f"rate limit: {self.rate * 60:g} {counted}; retry in {seconds} s",
                    headers={"Retry-After": str(seconds), **self.budget(tokens).headers()},
                )
            self._buckets[identity] = (tokens - 1.0, now)
            return self.budget(tokens - 1.0)

    def budget(self, tokens: float) -> Budget:
        return Budget(int(self.burst), math.floor(tokens),
                      math.ceil((self.burst - tokens) / self.rate))  # fmt: skip


class RateLimitHeaders:
    """Adds the caller's budget (left in the request's state by `require`) to its answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        state = scope.setdefault("state", {})  # the dict request.state writes to

        async def with_budget(message: Message) -> None:
            budget: Budget | None = state.get(BUDGET)
            if message["type"] == "http.response.start" and budget is not None:
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name.lower().encode(), value.encode())
                         for name, value in budget.headers().items()
                         if name.lower().encode() not in present]  # fmt: skip
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_budget)


class BodyLimit:
    """413 for a body over `max_bytes`, by its Content-Length or as it streams in. Raised when
    the route reads the body, so both answer alike (`message` and `detail`, api/errors.py) and
    only after the route's key check: a caller without a valid key learns nothing about bodies."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        declared_over = length is not None and length.isdigit() and int(length) > self.max_bytes
        seen = 0

        async def counted() -> dict:
            nonlocal seen
            if declared_over:  # refused unread
                raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, self.message())
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, self.message())
            return message

        await self.app(scope, counted, send)

    def message(self) -> str:
        return f"request body over {self.max_bytes / 1_000_000:g} MB: send fewer items per request"
