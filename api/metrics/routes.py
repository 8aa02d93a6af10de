"""GET /metrics, in Prometheus's text format. Left out of the OpenAPI document, as the web
page is: it is for a scraper, not for API clients, and its answer is not JSON."""

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

from api.metrics.access import metrics_access
from api.metrics.exposition import exposition
from api.metrics.gauges import StoreGauges, read_stores
from api.workspace import INSIGHTS, NEEDS

router = APIRouter(include_in_schema=False)


@router.get("/metrics", dependencies=[Depends(metrics_access)])
def metrics(request: Request) -> Response:
    # the classic text format, which every Prometheus reads (our names need none of 1.0.0's
    # quoting, and OpenMetrics' single `# EOF` cannot close two registries' texts put together)
    return Response(exposition(request.app.state.metrics), media_type=CONTENT_TYPE_PLAIN_0_0_4)


def install(app: FastAPI) -> None:
    app.state.metrics = StoreGauges(lambda: read_stores(app.state, (INSIGHTS, NEEDS)))
    app.include_router(router)
