"""Every HTTP answer counted and timed by the route that served it: its template
(`/v1/needs/{need_id}`), never the raw path, so that ids and a scanner's made-up paths do not
make a new series each."""

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.metrics.instruments import HTTP_LATENCY, HTTP_REQUESTS

UNMATCHED = "<unmatched>"  # no route took the path (a 404 before any route)
# Any token is a method to the server: another one is counted as "other", not as a series of its own
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_template(scope: Scope) -> str:
    """The path template of the route the router matched (it leaves it in the scope)."""
    route = scope.get("route")
    return getattr(route, "path", None) or UNMATCHED


class CountRequests:
    """Outermost of our middleware: the answers of the limits (413, 429) and of the key check
    count too. A request whose answer never started (the client left) is counted as 499, as
    proxies write it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 499

        async def counting(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, counting)
        except Exception:
            status = 500 if status == 499 else status  # Starlette's outermost handler answers
            raise
        finally:
            route = route_template(scope)
            method = scope["method"] if scope["method"] in METHODS else "other"
            HTTP_REQUESTS.labels(method, route, str(status)).inc()
            HTTP_LATENCY.labels(method, route).observe(time.perf_counter() - started)
