"""POST /v1/search and GET /v1/insights/{id}/similar."""

from fastapi import APIRouter, Depends, Query, Request

from api.feedback.routes import filters_from_query
from api.params import IdPath
from api.search.schemas import Filters, SearchRequest, SearchResponse
from api.search.service import search, similar
from api.security import require

router = APIRouter(tags=["search"], dependencies=[require("read")])


@router.post("/v1/search", response_model=SearchResponse)
def post_search(body: SearchRequest, request: Request) -> SearchResponse:
    """Insights closest in meaning to `query` (any language), narrowed by `filters`."""
    ws = request.app.state.workspace
    return SearchResponse(items=search(ws, body.query, body.limit, body.filters))


@router.get("/v1/insights/{insight_id}/similar", response_model=SearchResponse)
def get_similar(
    insight_id: IdPath,
    request: Request,
    limit: int = Query(10, ge=1, le=200),
    filters: Filters = Depends(filters_from_query),
) -> SearchResponse:
    ws = request.app.state.workspace
    return SearchResponse(items=similar(ws, insight_id, limit, filters))
