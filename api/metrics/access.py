"""Who may read /metrics: a key with the `metrics` scope (or `admin`), as any route, unless
BOUCLE_METRICS_PUBLIC opens it to every caller that reaches the port (a scraper on a private
network that sends no key)."""

from fastapi import Request

from api.security import enforce


async def metrics_access(request: Request) -> None:
    if request.app.state.settings.metrics_public:
        return
    await enforce(request, "metrics")
