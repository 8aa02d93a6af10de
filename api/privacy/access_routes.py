"""Right of access over the API: one person's data as one JSON document."""

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from api.errors import may_answer
from api.params import KeyPath
from api.privacy.access import export_contact, export_email
from api.ready import sql_workspace
from api.security import actor, require

router = APIRouter(tags=["privacy"])


class AccessRequest(BaseModel):
    """Its own body, not an erasure's: `feedback_ids` and `dry_run` mean nothing here, and an
    erasure body without an address reached the export as None (a 500)."""

    model_config = {"extra": "forbid"}
    email: str = Field(
        max_length=320,
        pattern=r"^\s*[^@\s]+@[^@\s]+\s*$",
        description="The address of the person who asked.",
    )


@router.get("/v1/contacts/{contact_id:key}/export", dependencies=[require("admin")],
            summary="Everything stored about one contact (right of access)")  # fmt: skip
def get_contact_export(contact_id: KeyPath, request: Request) -> dict:
    """The contact, its account, every item they wrote (the text as stored, metadata, insights
    with tags and need links, follow-up actions), their notifications and survey sends, and
    other people's items that name them (`mentions`); an audit event records the export (who,
    counts). 404 for an unknown contact. By e-mail address:
    POST /v1/access-exports."""
    with sql_workspace(request).db.session() as session:
        return export_contact(session, contact_id, actor(request))


@router.post("/v1/access-exports", dependencies=[require("admin")], responses=may_answer(404),
             summary="Everything stored about an e-mail address (right of access)")  # fmt: skip
def post_access_export(body: AccessRequest, request: Request) -> dict:
    """Every contact with this address (any case), each as the contact's export has it, the
    items whose metadata holds it, and other items that name it (`mentions`); audited. 404 when nothing matches. The address goes in
    the body, not the URL, so that access logs never hold it."""
    with sql_workspace(request).db.session() as session:
        return export_email(session, body.email, actor(request))
