"""/v1/accounts and /v1/contacts: create or update by your own ids, read back."""

import json

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from pydantic_core import to_jsonable_python
from sqlalchemy import func, select

from api.accounts.schemas import (
    AccountBody,
    AccountIn,
    AccountOut,
    AccountPage,
    ContactBody,
    ContactIn,
    ContactOut,
    ContactPage,
    SegmentCount,
    SegmentList,
)
from api.accounts.segments import spelt_as_stored, stored_segments
from api.accounts.service import kept_from_write_only, named_like, upsert_account, upsert_contact
from api.audit import record
from api.errors import NotFound, may_answer
from api.feedback.routes import NO_COMMAS, checked_filters
from api.params import AccountKeyPath, ContactKeyPath, KeyPath
from api.privacy.service import contacts_with_email, same_address
from api.search.schemas import as_list
from api.security import actor, require
from api.storage.tables import Account, Contact
from api.vectors import VectorFilter
from api.workspace import INSIGHTS, Workspace

router = APIRouter(tags=["accounts"])


def workspace(request: Request) -> Workspace:
    return request.app.state.workspace


# Ids may hold "/" ({...:key}, api/params.py). PUT replaces the record, PATCH changes only the
# fields it gives: both create an unknown id.
ACCOUNT = "/v1/accounts/{account_id:key}"
CONTACT = "/v1/contacts/{contact_id:key}"


def replaces(kind: str) -> str:
    return (f"Create or replace: the {kind} becomes this body; a field left out is cleared (to "
            "null, `attributes` to {}). To change some fields only, PATCH.")  # fmt: skip


PATCHES = (
    "Create or update some fields: fields left out keep their stored values, null clears one, "
    "`attributes` are merged into the stored ones (a key at a time)."
)
WRITE_ONLY = (
    " A key without the `read` scope is answered the id and the fields it sent, whatever was "
    "stored before, and never refused for what is stored: an address the contact has already "
    "(moving or clearing it takes `admin`), or that another contact holds, is kept as it was "
    "and not written; so is an opt-out of notifications (opting in again takes `admin`). The "
    "audit trail says when (`contact_fields_kept`, admin)."
)


def may_read(request: Request) -> bool:
    return bool(request.state.scopes & {"read", "admin"})


def shown_to(
    request: Request, out: AccountOut | ContactOut, record_id: str, sent: AccountBody | ContactBody
):
    """The whole record to a key that may read it; to a write-only key (`ingest`: a help desk's,
    a CRM sync's) the id and what it sent, as it sent it: `PATCH {}` with a guessed id read any
    contact's address, and an answer that differed with what is stored (a 403 for an address
    that is not the stored one) confirmed a guessed address."""
    if may_read(request):
        return out
    written = sent.model_dump(mode="json", exclude_unset=True, exclude=set(sent.read_only))
    return JSONResponse({"id": record_id, **written})


def same_id(body: AccountBody | ContactBody, path_id: str) -> set[str]:
    """The fields sent but the id and the read-only ones, which may be sent again as GET gives
    them: the path's id, else a 422 naming it (the path says which record is written)."""
    if body.id is not None and body.id != path_id:
        raise RequestValidationError([{
            "type": "value_error", "loc": ("body", "id"),
            "msg": f"{body.id!r} is not the id in the path ({path_id!r}): leave it out, or "
                   "send the path's",
        }])  # fmt: skip
    return body.model_fields_set - {"id"} - body.read_only


def read_only_as_stored(
    body: AccountBody | ContactBody, out: type[BaseModel], row: Account | Contact | None
) -> None:
    """Read-only fields sent back as GET gave them (a client's round trip: GET, change, PUT)
    are taken and not written; one that differs from the stored value (a new record's: its
    default) is a 422 naming it, as it cannot be set. For keys that may read: a write-only key
    is never refused for what is stored, and its read-only fields are left out unread."""
    stored = out.model_validate(row) if row is not None else None
    errors = []
    for name in sorted(body.read_only & body.model_fields_set):
        sent = getattr(body, name)
        value = getattr(stored, name) if stored else out.model_fields[name].default
        if sent != value:
            errors.append({
                "type": "value_error", "loc": ("body", name),
                "msg": f"read-only (Boucle sets it): stored as {as_json(value)}, not "
                       f"{as_json(sent)}: leave it out, or send it as GET gives it",
            })  # fmt: skip
    if errors:
        raise RequestValidationError(errors)


def as_json(value: object) -> str:
    return json.dumps(to_jsonable_python(value))


def store_account(
    request: Request, account_id: str, body: AccountBody, replace: bool
) -> AccountOut | JSONResponse:
    ws = workspace(request)
    fields = same_id(body, account_id)
    account = AccountIn(id=account_id, **body.model_dump(include=fields))
    with ws.write_lock, ws.db.session() as session:
        if may_read(request):
            read_only_as_stored(body, AccountOut, session.get(Account, account_id))
        row = upsert_account(session, account, fields, replace=replace)
        session.flush()
        out = AccountOut.model_validate(row)
    if replace or "segment" in body.model_fields_set:  # search filters by segment: keep in step
        where = VectorFilter(equals={"account_id": account_id})
        ws.vectors.set_payload_where(INSIGHTS, where, {"segment": out.segment or ""})
    return shown_to(request, out, account_id, body)


@router.put(ACCOUNT, response_model=AccountOut, description=replaces("account") + WRITE_ONLY,
            dependencies=[require("ingest")])  # fmt: skip
def put_account(
    account_id: AccountKeyPath, body: AccountBody, request: Request
) -> AccountOut | JSONResponse:
    return store_account(request, account_id, body, replace=True)


@router.patch(ACCOUNT, response_model=AccountOut, description=PATCHES + WRITE_ONLY,
              dependencies=[require("ingest")])  # fmt: skip
def patch_account(
    account_id: AccountKeyPath, body: AccountBody, request: Request
) -> AccountOut | JSONResponse:
    return store_account(request, account_id, body, replace=False)


@router.get("/v1/accounts/{account_id:key_but_health}", response_model=AccountOut,
            dependencies=[require("read")])  # fmt: skip
def get_account(account_id: KeyPath, request: Request) -> AccountOut:
    """An id ending in /health reads as that account's health: list the accounts to see it."""
    with workspace(request).db.session() as session:
        row = session.get(Account, account_id)
        if row is None:
            raise NotFound(f"no account with id {account_id!r}")
        return AccountOut.model_validate(row)


def moves_address(request: Request, stored: Contact | None, email: str | None) -> None:
    """A stored contact's address is where its notifications go and how an erasure finds the
    person: an `ingest` key (a support tool's) could redirect both. Moving it takes `admin`."""
    if stored is None or not stored.email or same_address(stored.email, email or ""):
        return
    if "admin" not in request.state.scopes:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            f"contact {stored.id!r} has an e-mail address already: changing or clearing it "
            "needs an admin key (other fields can be changed with this key: leave `email` out "
            "of a PATCH)",
        )


def opts_back_in(request: Request, stored: Contact | None, notifications: bool | None) -> None:
    """A person who opted out of notifications is opted in again by an admin key only: a
    support tool's or CRM sync's key must not undo what they asked."""
    if stored is None or stored.notifications or notifications is not True:
        return
    if "admin" not in request.state.scopes:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            f"contact {stored.id!r} opted out of notifications: opting them in again needs an "
            "admin key (leave `notifications` out to keep their choice)",
        )


def store_contact(
    request: Request, contact_id: str, body: ContactBody, replace: bool
) -> ContactOut | JSONResponse:
    ws = workspace(request)
    sent = same_id(body, contact_id)
    contact = ContactIn(id=contact_id, **body.model_dump(include=sent))
    with ws.write_lock, ws.db.session() as session:
        if may_read(request):  # told what is stored anyway: refused as such
            read_only_as_stored(body, ContactOut, session.get(Contact, contact_id))
            if replace or "email" in body.model_fields_set:
                moves_address(request, session.get(Contact, contact_id), contact.email)
            opts_back_in(request, session.get(Contact, contact_id), contact.notifications)
        else:  # answered alike whatever is stored
            contact, kept = kept_from_write_only(session, contact)
            if kept:
                record(session, actor(request), "contact_fields_kept", "contact", contact_id,
                       {"kept": kept})  # fmt: skip
        fields = sent & contact.model_fields_set
        row = upsert_contact(session, contact, fields, replace=replace, actor=actor(request))
        session.flush()
        return shown_to(request, ContactOut.model_validate(row), contact_id, body)


CONTACT_NOTE = " An unknown `account_id` creates that account (by id only)."


@router.put(CONTACT, responses=may_answer(409), response_model=ContactOut,
            dependencies=[require("ingest")],
            description=replaces("contact") + CONTACT_NOTE + WRITE_ONLY)  # fmt: skip
def put_contact(
    contact_id: ContactKeyPath, body: ContactBody, request: Request
) -> ContactOut | JSONResponse:
    return store_contact(request, contact_id, body, replace=True)


@router.patch(CONTACT, responses=may_answer(409), response_model=ContactOut,
              dependencies=[require("ingest")],
              description=PATCHES + CONTACT_NOTE + WRITE_ONLY)  # fmt: skip
def patch_contact(
    contact_id: ContactKeyPath, body: ContactBody, request: Request
) -> ContactOut | JSONResponse:
    return store_contact(request, contact_id, body, replace=False)


@router.get("/v1/contacts/{contact_id:key_but_export}", response_model=ContactOut,
            dependencies=[require("read")])  # fmt: skip
def get_contact(contact_id: KeyPath, request: Request) -> ContactOut:
    with workspace(request).db.session() as session:
        row = session.get(Contact, contact_id)
        if row is None:
            raise NotFound(f"no contact with id {contact_id!r}")
        return ContactOut.model_validate(row)


OFFSET = "Rows to skip (a row stored meanwhile shifts the next pages: page with `cursor`)."
CURSOR = (
    "next_cursor of the previous page: the rows after that id, whatever was stored or removed "
    "meanwhile (not with `offset`)."
)


@router.get("/v1/accounts", response_model=AccountPage, dependencies=[require("read")])
def list_accounts(
    request: Request,
    segment: list[str] | None = Query(
        None, description="Only these segments' (any case). " + NO_COMMAS
    ),  # fmt: skip
    auto_created: bool | None = Query(
        None, description="false: only accounts a CRM or a person gave; true: only bare refs."
    ),
    q: str | None = Query(
        None,
        min_length=1,
        max_length=200,
        pattern=r"\S",
        description="Only those whose id, name or a word of the name starts with this, any "
        "case and accents aside (`acme` finds `ACME-42` and `The Acme Group`, `electricite` "
        "`Électricité Morel`): a type-ahead's, with a small `limit`.",
    ),  # fmt: skip
    limit: int = Query(100, ge=1, le=1_000),
    offset: int = Query(0, ge=0, le=10_000_000, description=OFFSET),
    cursor: str | None = Query(None, min_length=1, max_length=300, description=CURSOR),
) -> AccountPage:
    """Every account, by id: what an import of a CRM export stored, to review it; or those
    matching `q`, for a picker to offer any of them."""
    # Checked as the search filters are: a comma is part of a segment, so "a,b" matching no
    # stored segment is a 422 saying to repeat the parameter, not an empty page.
    segments = as_list(checked_filters(request, segment=segment).segment)
    where = []
    if segments:  # any spelling, as search and VoC filter ("Mid-Market" and "mid market" are one)
        with workspace(request).db.session() as session:
            spellings = spelt_as_stored(session, segments)
        where.append(Account.segment.in_(spellings))
    if auto_created is not None:
        where.append(Account.auto_created.is_(auto_created))
    if q is not None:
        where.append(named_like(q.strip(), workspace(request).db.dialect))
    items, total, after = page_of(workspace(request), Account, AccountOut, where, limit,
                                  offset, cursor)  # fmt: skip
    return AccountPage(items=items, total=total, next_cursor=after)


@router.get("/v1/segments", response_model=SegmentList, dependencies=[require("read")])
def list_segments(request: Request) -> SegmentList:
    """The segments stored on accounts, with how many accounts each: what a segment filter may
    pick, most accounts first. Spelt in several ways ("SMB" and "smb", "Mid-Market" and "mid
    market"), a segment is one (every filter reads it so), named as most of its accounts spell it."""
    # not under /v1/accounts/: an account may be called "segments"
    with workspace(request).db.session() as session:
        items = [SegmentCount(segment=name, accounts=n) for name, n in stored_segments(session)]
    return SegmentList(items=sorted(items, key=lambda s: (-s.accounts, s.segment)))


@router.get("/v1/contacts", response_model=ContactPage, dependencies=[require("read")])
def list_contacts(
    request: Request,
    account: str | None = Query(None, min_length=1, description="Only this account's."),
    email: str | None = Query(
        None, min_length=3, max_length=320, description="Only those with this address (any case)."
    ),
    limit: int = Query(100, ge=1, le=1_000),
    offset: int = Query(0, ge=0, le=10_000_000, description=OFFSET),
    cursor: str | None = Query(None, min_length=1, max_length=300, description=CURSOR),
) -> ContactPage:
    """Every contact, by id."""
    where = [Contact.account_id == account] if account is not None else []
    if email is not None:  # any case, accented letters too (SQLite's lower() is ASCII only)
        with workspace(request).db.session() as session:
            where.append(Contact.id.in_(contacts_with_email(session, email)))
    items, total, after = page_of(workspace(request), Contact, ContactOut, where, limit,
                                  offset, cursor)  # fmt: skip
    return ContactPage(items=items, total=total, next_cursor=after)


def page_of(ws: Workspace, table, out, where: list, limit: int, offset: int,
            cursor: str | None) -> tuple[list, int, str | None]:  # fmt: skip
    """One page of a table's rows by id, as `out` models; how many match in all; and the last
    row's id when more follow (None on the last page). `cursor`: the rows after that id, so
    that rows stored between two pages neither repeat one nor hide one (an offset did)."""
    if cursor is not None and offset:
        raise RequestValidationError([{
            "type": "value_error", "loc": ("query", "offset"), "input": offset,
            "msg": "give cursor or offset, not both: a cursor says where the page starts",
        }])  # fmt: skip
    query = select(table).where(*where)
    with ws.db.session() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        if cursor is not None:
            query = query.where(table.id > cursor)
        rows = list(session.scalars(query.order_by(table.id).offset(offset).limit(limit + 1)))
        more = len(rows) > limit
        rows = rows[:limit]
        after = rows[-1].id if more else None
        return [out.model_validate(row) for row in rows], total, after
