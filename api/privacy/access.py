"""Right of access: everything Boucle holds about one person, as one JSON document: the
contact, its account, every item they wrote (the text as stored, metadata, insights with their
tags and need links, follow-up actions), their notifications and survey sends; and the other
people's items that name them (what their erasure would mask), as mentions."""

import re
from datetime import UTC, datetime

from fastapi.encoders import jsonable_encoder
from sqlalchemy import LargeBinary, inspect, select
from sqlalchemy.orm import Session

from api.audit import record
from api.errors import NotFound
from api.loop.unsubscribe import without_link
from api.privacy.keyed import trail_digest
from api.privacy.masking import EMAIL, PersonMask, full_names, masked_strings
from api.privacy.service import chunks, contacts_with_email, items_naming
from api.storage.loop_tables import Notification
from api.storage.tables import (
    Account,
    Contact,
    Feedback,
    FeedbackAction,
    Insight,
    Need,
    NeedLink,
    SurveySend,
)

# A contact's unsubscribe token and link opt them out for whoever holds them: the API never
# shows them (docs/privacy.md), an export handed on by e-mail would. The others are Boucle's
# bookkeeping (lookup keys, retries), nothing about the person.
LEFT_OUT_COLUMNS = {"unsubscribe_token", "unsubscribe_url", "email_key", "source_key",
                    "intent_labels", "attempts", "next_attempt_at", "idempotency_key",
                    "last_error"}  # fmt: skip
# An address in another person's words: theirs or a third person's, not the requester's
ANY_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def fields(row) -> dict:
    """Every stored column of a row by its API name (`metadata`), but embeddings (numbers that
    say nothing to a person, and that the export would make megabytes of), unsubscribe tokens
    and internal columns."""
    return {
        attr.columns[0].name: getattr(row, attr.key)
        for attr in inspect(row).mapper.column_attrs
        if not isinstance(attr.columns[0].type, LargeBinary)
        and attr.columns[0].name not in LEFT_OUT_COLUMNS
    }


def notification_fields(notification: Notification) -> dict:
    """A notification as exported: its body says where its unsubscribe link was."""
    out = fields(notification)
    out["body"] = without_link(out["body"], notification.unsubscribe_url)
    return out


def items_out(session: Session, feedback_ids: list[int]) -> list[dict]:
    """The items with their insights (each with its need link) and follow-up actions."""
    out = []
    for part in chunks(sorted(feedback_ids)):
        rows = session.scalars(select(Feedback).where(Feedback.id.in_(part)).order_by(Feedback.id))
        for item in rows:
            insights = []
            for insight in session.scalars(
                select(Insight).where(Insight.feedback_id == item.id).order_by(Insight.position)
            ):
                link = session.scalar(select(NeedLink).where(NeedLink.insight_id == insight.id))
                need = None
                if link is not None:
                    title = session.scalar(select(Need.title).where(Need.id == link.need_id))
                    need = {"need_id": link.need_id, "title": title, "how": link.how,
                            "linked_at": link.created_at}  # fmt: skip
                insights.append({**fields(insight), "need": need})
            actions = session.scalars(
                select(FeedbackAction).where(FeedbackAction.feedback_id == item.id)
                .order_by(FeedbackAction.at)
            )  # fmt: skip
            out.append({**fields(item), "insights": insights,
                        "actions": [fields(a) for a in actions]})  # fmt: skip
    return out


def mentions_out(session: Session, mask: PersonMask, leaving: set[int]) -> list[dict]:
    """Items (but `leaving`) whose text or metadata names the person, as their erasure would
    mask them (see `mention`)."""
    out = []
    query = select(Feedback).order_by(Feedback.id).execution_options(yield_per=2_000)
    for item in session.scalars(query):
        if item.id not in leaving and (found := mention(session, item, mask)) is not None:
            out.append(found)
    return out


def mention(session: Session, item: Feedback, mask: PersonMask) -> dict | None:
    """Another person's item as far as it concerns the person `mask` names: its id, source and
    time, the sentences of its text and the metadata values naming them, with the writer's
    name and any other address masked; not its writer nor the rest (another person's data).
    None when it names them nowhere."""
    meta = {k: v for k, v in (item.meta or {}).items() if masked_strings(v, mask) != v}
    sentences = SENTENCE_END.split(item.text or item.raw_text or "")
    naming = [s for s in sentences if mask.proper(s) != s]
    if not meta and not naming:
        return None
    writer = session.get(Contact, item.contact_id) if item.contact_id else None
    hidden = person_mask(writer) if writer is not None else PersonMask(set())

    def theirs(text: str) -> str:
        text = hidden(text) or text
        return ANY_ADDRESS.sub(lambda m: m[0] if mask.addresses and mask(m[0]) != m[0]
                               else EMAIL, text)  # fmt: skip

    return {"mention": True, "id": item.id, "source": item.source,
            "created_at": item.created_at, "text": " … ".join(map(theirs, naming)) or None,
            "metadata": masked_strings(meta, theirs)}  # fmt: skip


def contact_document(session: Session, contact_id: str) -> dict:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"no contact with id {contact_id!r}")
    account = session.get(Account, contact.account_id) if contact.account_id else None
    items = list(session.scalars(select(Feedback.id).where(Feedback.contact_id == contact_id)))
    notifications = session.scalars(
        select(Notification).where(Notification.contact_id == contact_id)
        .order_by(Notification.id)
    )  # fmt: skip
    sends = session.scalars(
        select(SurveySend).where(SurveySend.contact_id == contact_id).order_by(SurveySend.sent_at)
    )
    return {
        "contact": fields(contact),
        "account": fields(account) if account is not None else None,
        "feedback": items_out(session, items),
        "notifications": [notification_fields(n) for n in notifications],
        "survey_sends": [fields(s) for s in sends],
        "mentions": mentions_out(session, person_mask(contact), set(items)),
    }


def person_mask(contact: Contact) -> PersonMask:
    return PersonMask(full_names(contact.name, contact.email), [contact.email or ""])


def export_contact(session: Session, contact_id: str, actor: str) -> dict:
    """One contact's document; an audit event says who exported whom (a keyed digest of the
    id, which may be an address) and how much, never what."""
    document = contact_document(session, contact_id)
    audit_access(session, actor, "contact", contact_id, document)
    return stamped(document)


def export_email(session: Session, email: str, actor: str) -> dict:
    """Every contact with this address (any case), and items whose metadata holds it."""
    contacts = [contact_document(session, c) for c in contacts_with_email(session, email)]
    theirs = {item["id"] for doc in contacts for item in doc["feedback"]}
    naming = [i for i in items_naming(session, email) if i not in theirs]
    listed = theirs | set(naming) | {m["id"] for doc in contacts for m in doc["mentions"]}
    mask = PersonMask(full_names(None, email), [email])
    mentions = mentions_out(session, mask, listed)
    if not contacts and not naming and not mentions:
        raise NotFound("no contact with this address, and no item that holds it")
    # other people's items whose metadata holds the address: what names it, not their rows
    by_address = (mention(session, session.get(Feedback, i), mask) for i in sorted(naming))
    document = {"email": email.strip(), "contacts": contacts,
                "feedback_naming_address": [m for m in by_address if m is not None],
                "mentions": mentions}  # fmt: skip
    audit_access(session, actor, "email", email.strip().lower(), document)
    return stamped(document)


def stamped(document: dict) -> dict:
    return jsonable_encoder({"exported_at": datetime.now(UTC), **document})


def audit_access(session: Session, actor: str, kind: str, target: str, document: dict) -> None:
    docs = document.get("contacts", [document])
    # an address's export lists mentions of it besides its contacts' own
    address_mentions = document["mentions"] if "contacts" in document else []
    counts = {
        "contacts": len(docs),
        "feedback": sum(len(d["feedback"]) for d in docs)
        + len(document.get("feedback_naming_address", [])),
        "notifications": sum(len(d["notifications"]) for d in docs),
        "survey_sends": sum(len(d["survey_sends"]) for d in docs),
        "mentions": sum(len(d["mentions"]) for d in docs) + len(address_mentions),
    }
    record(session, actor, "access_export", kind, trail_digest(session, kind, target), counts)
