"""A request body sent compressed (`Content-Encoding: gzip`) is refused in words: it reached the
JSON parser as it came and was answered "the body is not UTF-8 JSON". Refused, not inflated: a
few KB of gzip can inflate to gigabytes, and bodies are small (1,000 items at most)."""

from fastapi import HTTPException, status
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PLAIN = ("", "identity")


def encoding_refusal(encoding: str) -> str:
    return (f"the body is sent with Content-Encoding: {encoding[:40]}, which this API does not "
            "take: send it uncompressed, as plain UTF-8 JSON, without that header (answers are "
            "compressed for a client that sends Accept-Encoding: gzip)")  # fmt: skip


class PlainBodies:
    """415 for a body with a Content-Encoding. Raised when the route reads the body, as the
    body limit's 413 is, so that the route's key is checked first (api/errors.py). A request
    with the header and no body (a GET) goes through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or []) if scope["type"] == "http" else {}
        encoding = headers.get(b"content-encoding", b"").decode("latin-1").strip()
        if encoding.lower() in PLAIN:
            return await self.app(scope, receive, send)

        async def plain_only() -> Message:
            message = await receive()
            if message["type"] == "http.request" and message.get("body"):
                raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
                                    encoding_refusal(encoding))  # fmt: skip
            return message

        await self.app(scope, plain_only, send)
