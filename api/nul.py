"""NUL characters ("\\u0000"): PostgreSQL text and JSON columns cannot hold them, and they never
carry meaning in feedback. They are dropped where text comes in: JSON request bodies (one
middleware for every route) and imported rows."""

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_ESCAPED = b"\\u0000"  # how JSON carries a NUL (a raw one is invalid JSON: a 422 already)


def without_nul(value: Any) -> Any:
    """The value with NUL removed from every string in it, keys included."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    return value


def cleaned_body(body: bytes) -> bytes:
    """A JSON body without NUL in its strings; any other body, or invalid JSON, as it came."""
    if _ESCAPED not in body:
        return body
    try:
        data = json.loads(body)
    except ValueError:
        return body  # the route's validation says what is wrong with it
    return json.dumps(without_nul(data), ensure_ascii=False).encode()


class DropNul:
    """Reads a JSON body when the route asks for it (so a body limit outside still answers 413
    through the app), and hands it over without NUL."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or []) if scope["type"] == "http" else {}
        if b"json" not in headers.get(b"content-type", b""):
            return await self.app(scope, receive, send)
        done = False

        async def whole_body() -> Message:
            nonlocal done
            if done:
                return await receive()
            message = await receive()
            if message["type"] != "http.request":
                return message
            chunks = [message.get("body", b"")]
            while message.get("more_body"):
                message = await receive()
                chunks.append(message.get("body", b""))
            done = True
            return {
                "type": "http.request",
                "body": cleaned_body(b"".join(chunks)),
                "more_body": False,
            }

        await self.app(scope, whole_body, send)
