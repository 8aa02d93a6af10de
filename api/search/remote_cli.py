"""`boucle search` and `boucle similar` through a running server's API (--url): while `boucle
serve` holds the embedded vector store, the same routes rank the same hits there."""

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from api.search.schemas import Filters, SearchResponse


def filter_params(filters: "Filters") -> dict[str, object]:
    """The filters as GET /v1/.../similar's query parameters (lists repeated, as the routes read
    them: a segment holding a comma stays whole)."""
    given = filters.model_dump(mode="json", exclude_defaults=True)
    metadata = given.pop("metadata", None) or {}
    if metadata:
        given["meta"] = [f"{key}:{value}" for key, value in metadata.items()]
    return given


def remote_search(args: argparse.Namespace, filters: "Filters") -> "SearchResponse":
    from api.privacy.remote import call
    from api.search.schemas import SearchResponse

    body = {"query": args.query, "limit": args.limit, "offset": args.offset,
            "distinct": not args.repeats, "min_score": args.min_score,
            "filters": filters.model_dump(mode="json", exclude_defaults=True)}  # fmt: skip
    return SearchResponse.model_validate(call(args, "POST", "/v1/search", json=body).json())


def remote_similar(args: argparse.Namespace, filters: "Filters") -> "SearchResponse":
    from api.privacy.remote import call
    from api.search.schemas import SearchResponse

    params: dict[str, object] = {"limit": args.limit, "offset": args.offset,
                                 "distinct": str(not args.repeats).lower(),
                                 "polarity": str(args.polarity).lower(), **filter_params(filters)}  # fmt: skip
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
    return SearchResponse.model_validate(call(args, "GET", path, params=params).json())
