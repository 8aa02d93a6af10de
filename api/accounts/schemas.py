"""Accounts and contacts as the API takes and gives them."""

from typing import ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from api.params import AccountKey, ContactKey, NamedLanguage, plain_json
from api.redacted_json import redacted_json

ID = Field(..., min_length=1, max_length=200, pattern=r"^\S(.*\S)?$")
# A contact's address and name, as every request that names a person takes them (POST /v1/tag too)
EMAIL = Field(None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
PERSON_NAME = Field(None, max_length=300)


class AccountFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, max_length=300)
    arr: float | None = Field(
        None, ge=0, le=1e12, allow_inf_nan=False, description="Annual recurring revenue."
    )
    segment: str | None = Field(None, max_length=100, description="e.g. enterprise, smb")
    plan: str | None = Field(None, max_length=100)
    attributes: dict = Field(default_factory=dict)

    _attributes_plain = field_validator("attributes")(plain_json)
    _attributes_redacted = field_validator("attributes")(redacted_json)


class AccountIn(AccountFields):
    """An account given inline with feedback: its id, and any fields to set."""

    id: AccountKey = ID


class AccountOut(AccountIn):
    model_config = ConfigDict(from_attributes=True)

    auto_created: bool = Field(
        False,
        description="Made from a bare reference (an item's account_id, a survey's company) "
        "that named no account; false once any field of it is set.",
    )


class ContactFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    account_id: AccountKey | None = Field(
        None, min_length=1, max_length=200, pattern=r"^\S(.*\S)?$"
    )
    email: str | None = EMAIL
    name: str | None = PERSON_NAME
    language: NamedLanguage | None = Field(
        None, description='ISO 639-1 ("fr"), a locale ("fr-CA") or the name ("Français", "French").'
    )
    attributes: dict = Field(default_factory=dict)
    notifications: bool | None = Field(
        None,
        description="false: the person opted out of being told when a need they asked about "
        "ships or is declined (what waits for them is cancelled); true: opted in again (an "
        "admin key, once they opted out); left out or null: kept as stored, by PUT too.",
    )

    _attributes_plain = field_validator("attributes")(plain_json)
    _attributes_redacted = field_validator("attributes")(redacted_json)


# What GET /v1/accounts/{id} and /v1/contacts/{id} give back holds the id and fields Boucle sets:
# a PUT or PATCH may send them again as GET gave them (a client's round trip): the path's id, the
# stored values, never written (another is a 422, api/accounts/routes.py read_only_as_stored).
BODY_ID = Field(None, description="Optional: the path's id, as GET gives it; another is a 422.")
READ_ONLY = (
    "Read-only, optional: the stored value, as GET gives it (not written); another is a 422."
)


class AccountBody(AccountFields):
    """PUT/PATCH /v1/accounts/{id}: the fields, and the id if sent (the path's)."""

    read_only: ClassVar[frozenset[str]] = frozenset({"auto_created"})

    id: str | None = BODY_ID
    auto_created: bool | None = Field(None, description=READ_ONLY)


class ContactBody(ContactFields):
    """PUT/PATCH /v1/contacts/{id}: the fields, and the id if sent (the path's)."""

    read_only: ClassVar[frozenset[str]] = frozenset({"notifications_opted_out_at"})

    id: str | None = BODY_ID
    notifications_opted_out_at: AwareDatetime | None = Field(None, description=READ_ONLY)


class ContactIn(ContactFields):
    id: ContactKey = ID


class ContactOut(ContactIn):
    model_config = ConfigDict(from_attributes=True)

    notifications: bool = Field(True, description="false: opted out of notifications.")
    notifications_opted_out_at: AwareDatetime | None = Field(
        None, description="When they opted out (their unsubscribe link, an edit, an import)."
    )


class AccountPage(BaseModel):
    items: list[AccountOut]
    total: int = Field(..., description="Accounts matching, over every page.")
    next_cursor: str | None = Field(
        None,
        description="Pass as `cursor` for the next page (the last id shown); null on the last.",
    )


class SegmentCount(BaseModel):
    segment: str = Field(..., description="As stored on its accounts (segments match in any case).")
    accounts: int


class SegmentList(BaseModel):
    items: list[SegmentCount] = Field(..., description="Most accounts first.")


class ContactPage(BaseModel):
    items: list[ContactOut]
    total: int = Field(..., description="Contacts matching, over every page.")
    next_cursor: str | None = Field(
        None,
        description="Pass as `cursor` for the next page (the last id shown); null on the last.",
    )
