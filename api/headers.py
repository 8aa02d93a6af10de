"""Headers every answer carries, JSON and docs pages included (the web page adds its own CSP)."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.limits import BUDGET_HEADERS
from api.timezone import ZONE_HEADER

NEXT_OFFSET = "X-Next-Offset"  # a search file's rows stop at `limit`: the next file's offset
NEXT_CURSOR = "X-Next-Cursor"  # the audit trail's CSV: the next page's cursor
WARNING = "X-Boucle-Warning"  # a file's warning (a filter value nothing stored has), one each
# Every header of ours a browser client on another origin needs to read (CORS hides all but
# the safelisted few from its scripts): when to retry (429, 503), what a download is named,
# where a started job is, how to page a file on, which zone days were read in, how much of the
# rate limit is left, why a key was refused, why a file is empty.
EXPOSED_HEADERS = ("Retry-After", "Content-Disposition", "Location", "WWW-Authenticate",
                   NEXT_OFFSET, NEXT_CURSOR, ZONE_HEADER, WARNING, *BUDGET_HEADERS)  # fmt: skip

# No other site frames a page of ours (the unsubscribe page's button, the docs): a page that
# sets its own Content-Security-Policy (/app) keeps it, and says frame-ancestors itself.
EVERY_ANSWER = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
)
# API answers carry customers' words, names and addresses: no browser or proxy cache keeps them
# (an erased contact stayed readable in a shared cache); the page's own files stay cacheable.
# Opened in a browser, one runs nothing and loads nothing (the unsubscribe page posts its form).
DATA_ANSWER = (
    (b"cache-control", b"no-store"),
    (b"content-security-policy",
     b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
)  # fmt: skip


class SafeHeaders:
    """nosniff: a browser never reads a JSON answer or an export as a page or a script;
    no-referrer: links followed from the docs or the page do not carry our URLs away;
    DENY, frame-ancestors 'none': no other site frames a page of ours under a decoy;
    no-store on every /v1 answer (an answer that sets its own Cache-Control keeps it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        wanted = DATA_ANSWER + EVERY_ANSWER if scope["path"].startswith("/v1/") else EVERY_ANSWER

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = []
                for name, value in wanted:  # the first of a name wins: the data answer's CSP
                    if name not in present:
                        extra.append((name, value))
                        present.add(name)
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)
