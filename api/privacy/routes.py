"""Erasure on request: DELETE an item, a contact or an account; POST an e-mail address."""

from fastapi import APIRouter, Query, Request
from pydantic import AwareDatetime, BaseModel, Field, StrictBool, field_validator, model_validator

from api.errors import may_answer
from api.params import Id, IdPath, KeyPath, MomentFrom
from api.privacy.purge import want_purge
from api.privacy.retention import dry_erase_before, erase_before, future_cutoff
from api.privacy.schemas import Erasure, ErasureAnswer
from api.privacy.service import (
    audit_erasure,
    forget_account,
    forget_contact,
    forget_email,
    forget_feedback,
    forget_feedback_items,
    forget_item,
)
from api.security import actor, require
from api.workspace import Workspace

router = APIRouter(tags=["privacy"])
MAX_ERASED_ITEMS = 1_000  # items one request erases, as one ingest batch holds
ERASES = (
    "Cannot be undone: everything derived goes too (insights, vectors, need links and "
    "suggestions, follow-up actions, quotes kept by themes and alerts); needs and themes stay. "
    "The items' source + external id are remembered as digests, so that re-sending them stores "
    "nothing (status `forgotten`); so are contacts' ids and addresses and accounts' ids, which a "
    "restore of an older backup erases again. An erased contact's name becomes [NAME] in need "
    "titles and descriptions, pending notifications and audit details."
)


def workspace(request: Request) -> Workspace:
    return request.app.state.workspace


DRY_RUN = ("true: erase nothing, answer what the erasure would erase (counted by its own "
           "deletions, rolled back; a 404 as the erasure's); `boucle forget … --url` without "
           "--yes asks it.")  # fmt: skip
DryRun = Query(False, description=DRY_RUN)


def audited(
    request: Request, kind: str, target: str, erasure: Erasure, dry_run: bool = False
) -> ErasureAnswer:
    """A dry run changed nothing: no event in the trail, no purge."""
    ws = workspace(request)
    if not dry_run:
        audit_erasure(ws, kind, target, erasure, actor(request))
        if erasure.insights:  # their vectors leave the disk too, in the background
            want_purge(ws)
    return ErasureAnswer(dry_run=dry_run, **erasure.model_dump())


@router.delete("/v1/feedback/{feedback_id}", response_model=ErasureAnswer,
               dependencies=[require("admin")], summary="Erase one item")  # fmt: skip
def delete_feedback(feedback_id: IdPath, request: Request, dry_run: bool = DryRun) -> ErasureAnswer:
    erasure = forget_feedback(workspace(request), feedback_id, dry_run)
    return audited(request, "feedback", str(feedback_id), erasure, dry_run)


@router.delete("/v1/feedback", response_model=ErasureAnswer, dependencies=[require("admin")],
               responses=may_answer(404),
               summary="Erase one item by its source and external id")  # fmt: skip
def delete_feedback_by_source(
    request: Request,
    source: str = Query(..., min_length=1, max_length=100,
                        description="The source it was sent with, in any case: zendesk."),
    external_id: str = Query(..., min_length=1, max_length=300,
                             description="Its id in that source, as sent: 4711."),
    dry_run: bool = DryRun,
) -> ErasureAnswer:  # fmt: skip
    """An erasure on request, as `DELETE /v1/feedback/{id}`: the same item and everything
    derived, `admin` scope, for a help desk that knows it by its own ticket id (a ticket deleted
    there). A 404 when no item is stored under them (saying so when it was erased before); a
    422 when one is missing."""
    feedback_id, erasure = forget_item(workspace(request), source, external_id, dry_run)
    return audited(request, "feedback", str(feedback_id), erasure, dry_run)


@router.delete("/v1/contacts/{contact_id:key}", response_model=ErasureAnswer,
               dependencies=[require("admin")], summary="Erase a contact and their items")  # fmt: skip
def delete_contact(contact_id: KeyPath, request: Request, dry_run: bool = DryRun) -> ErasureAnswer:
    """The contact, every item they wrote, their survey sends and notifications."""
    erasure = forget_contact(workspace(request), contact_id, dry_run)
    return audited(request, "contact", contact_id, erasure, dry_run)


@router.delete("/v1/accounts/{account_id:key}", response_model=ErasureAnswer,
               dependencies=[require("admin")], summary="Erase an account, its contacts, items")  # fmt: skip
def delete_account(account_id: KeyPath, request: Request, dry_run: bool = DryRun) -> ErasureAnswer:
    erasure = forget_account(workspace(request), account_id, dry_run)
    return audited(request, "account", account_id, erasure, dry_run)


class ErasureRequest(BaseModel):
    model_config = {"extra": "forbid"}
    email: str | None = Field(
        None,
        max_length=320,
        pattern=r"^\s*[^@\s]+@[^@\s]+\s*$",
        description="The address of the person who asked.",
    )
    feedback_ids: list[Id] | None = Field(
        None,
        min_length=1,
        max_length=MAX_ERASED_ITEMS,
        description="Boucle's ids of items to erase together: all of them, or none when one "
        "is not stored (a 404 naming it).",
    )
    dry_run: StrictBool = Field(False, description=DRY_RUN)

    @model_validator(mode="after")
    def one_target(self) -> "ErasureRequest":
        if (self.email is None) == (self.feedback_ids is None):
            raise ValueError("give either email or feedback_ids")
        return self


@router.post("/v1/erasures", response_model=ErasureAnswer, dependencies=[require("admin")],
             responses=may_answer(404),
             summary="Erase everything about an e-mail address, or several items")  # fmt: skip
def create_erasure(body: ErasureRequest, request: Request) -> ErasureAnswer:
    """`email`: every contact with this address (any case) with their items, and the items of
    no contact whose metadata holds it; another contact's item holding it (a `cc`) is theirs:
    the address is masked there, the item kept. Nothing found answers zeros: that is the answer
    to the request.
    `feedback_ids`: these items, in one transaction (`DELETE /v1/feedback/{id}` for one)."""
    ws, dry_run = workspace(request), body.dry_run
    if body.feedback_ids is not None:
        ids = body.feedback_ids
        return audited(request, "feedback", " ".join(map(str, dict.fromkeys(ids))),
                       forget_feedback_items(ws, ids, dry_run), dry_run)  # fmt: skip
    return audited(request, "email", body.email, forget_email(ws, body.email, dry_run), dry_run)


class ExpiryRequest(BaseModel):
    model_config = {"extra": "forbid"}
    before: MomentFrom = Field(
        ..., description="A day (its midnight in BOUCLE_TIMEZONE) or an ISO 8601 time."
    )
    # No default: a purge cannot be undone, and `boucle forget before` without --yes only counts;
    # a body that forgot the field erased everything before the day.
    # strict: "yes" read as true made "no" look like a real run's word
    dry_run: StrictBool = Field(
        ...,
        description="Required, a JSON boolean. true: erase nothing, count what would go; "
        "false: erase it.",
    )

    @field_validator("before")
    @classmethod
    def in_the_past(cls, before: AwareDatetime) -> AwareDatetime:
        if problem := future_cutoff(before):
            raise ValueError(problem)
        return before


class Expiry(Erasure):
    before: AwareDatetime
    dry_run: bool = Field(
        ..., description="true: nothing was erased; the counts are what the real run erases."
    )


@router.post("/v1/erasures/before", response_model=Expiry, dependencies=[require("admin")],
             summary="Erase every item written before a date (a retention purge)")  # fmt: skip
def post_expiry(body: ExpiryRequest, request: Request) -> Expiry:
    """What `boucle forget before DATE` does, and BOUCLE_RETENTION_DAYS every hour: every item
    whose `created_at` is before `before`, as an erasure, but not remembered (a source sending
    it again stores it again); an `expire` event records the counts."""
    ws = workspace(request)
    if body.dry_run:  # counted by the real run's deletions, rolled back
        erasure = dry_erase_before(ws, body.before)
        return Expiry(before=body.before, dry_run=True, **erasure.model_dump())
    erasure = erase_before(ws, body.before, actor=actor(request))
    return Expiry(before=body.before, dry_run=False, **erasure.model_dump())


for route in router.routes:  # one sentence on what cannot be undone, in every operation's docs
    if route.name != "post_expiry":  # an expiry is not remembered: its own docs say so
        route.description = f"{route.description}\n\n{ERASES}".strip()
