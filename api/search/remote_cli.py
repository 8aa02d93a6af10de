"""`boucle search` and `boucle similar` through a running server's API (--url): while `boucle
serve` holds the embedded vector store, the same routes rank the same hits there. Days in --from
and --to are sent as typed, so the server reads them in its own zone (BOUCLE_TIMEZONE), and
a --limit over a JSON page's is asked a page at a time."""

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from api.search.schemas import Filters, SearchResponse

# The hits the server found, and its zone (X-Boucle-Timezone; UTC from a server that does not
# say it, as the API writes times).
RemoteHits = tuple["SearchResponse", str]


def sent_filters(args: argparse.Namespace, filters: "Filters") -> dict[str, object]:
    """The filters as JSON, --from and --to as typed: checked here, read on the server in its
    workspace's zone (this machine's may be another; the page and the API use the server's)."""
    given = filters.model_dump(mode="json", exclude_defaults=True)
    for name in ("created_from", "created_to"):
        if getattr(args, name) is not None:
            given[name] = getattr(args, name)
    return given


def filter_params(args: argparse.Namespace, filters: "Filters") -> dict[str, object]:
    """The filters as GET /v1/.../similar's query parameters (lists repeated, as the routes read
    them: a segment holding a comma stays whole)."""
    given = sent_filters(args, filters)
    metadata = given.pop("metadata", None) or {}
    if metadata:
        given["meta"] = [f"{key}:{value}" for key, value in metadata.items()]
    return given


def in_pages(ask: Callable[[int, int], httpx.Response], limit: int, offset: int) -> RemoteHits:
    """The `limit` hits from `offset`, asked PAGE_LIMIT at a time as the API's next_offset
    pages them: the CLI takes up to FILE_LIMIT, as the API's files do, but a JSON page holds
    PAGE_LIMIT (more is a 422). `ask(limit, offset)`: one page's answer."""
    from api.search import schemas
    from api.search.schemas import SearchResponse
    from api.timezone import ZONE_HEADER

    page_limit = schemas.PAGE_LIMIT
    answer = ask(min(limit, page_limit), offset)
    first = SearchResponse.model_validate(answer.json())
    items, next_offset = list(first.items), first.next_offset
    while len(items) < limit and next_offset is not None:
        more = SearchResponse.model_validate(ask(min(limit - len(items), page_limit),
                                                 next_offset).json())  # fmt: skip
        if not more.items:
            break
        items += more.items
        next_offset = more.next_offset
    zone = answer.headers.get(ZONE_HEADER, "UTC")
    return first.model_copy(update={"items": items, "next_offset": next_offset}), zone


def remote_search(args: argparse.Namespace, filters: "Filters") -> RemoteHits:
    from api.privacy.remote import call

    body = {"query": args.query, "distinct": not args.repeats, "min_score": args.min_score,
            "filters": sent_filters(args, filters)}  # fmt: skip

    def ask(limit: int, offset: int) -> httpx.Response:
        return call(args, "POST", "/v1/search", json={**body, "limit": limit, "offset": offset})

    return in_pages(ask, args.limit, args.offset)


def remote_similar(args: argparse.Namespace, filters: "Filters") -> RemoteHits:
    from api.privacy.remote import call

    params: dict[str, object] = {"distinct": str(not args.repeats).lower(),
                                 "polarity": str(args.polarity).lower(),
                                 **filter_params(args, filters)}  # fmt: skip
    if args.min_score is not None:
        params["min_score"] = args.min_score
    if args.insight_id is not None:
        path = f"/v1/insights/{args.insight_id}/similar"
    elif args.feedback_id is not None:
        path = f"/v1/feedback/{args.feedback_id}/similar"
    else:
        path = "/v1/feedback/similar"
        params |= {"feedback_source": args.feedback_source,
                   "feedback_external_id": args.feedback_external_id}  # fmt: skip

    def ask(limit: int, offset: int) -> httpx.Response:
        return call(args, "GET", path, params={**params, "limit": limit, "offset": offset})

    return in_pages(ask, args.limit, args.offset)
