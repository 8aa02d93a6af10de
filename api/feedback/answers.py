"""What ingest answers of each item (POST /v1/feedback, PUT /v1/feedback/{id}): its status, what
is stored of it, and what was done other than as sent."""

from api.feedback.schemas import FeedbackIn, IngestedItem
from api.feedback.service import Accepted
from api.feedback.views import insight_out, message_parts
from api.storage.tables import Feedback


def ingested_item(accepted: Accepted, row: Feedback | None, may_read: bool) -> IngestedItem:
    """What ingest answers of an item. A key without `read` learns nothing stored: a duplicate
    comes without its tags and insights (the analysis of someone else's text, for a guessed
    external id) nor whether it differs (an oracle for a guessed text), nor the inline fields
    left out, nor the item's contact: which were, or none, said whether that contact (or the
    contact holding an address sent as its id) or account exists."""
    if row is None:  # erased on request before: not stored again
        return IngestedItem(external_id=accepted.item.external_id, source=accepted.item.source,
                            id=None, status="forgotten", analysis=None, insights=[])  # fmt: skip
    shown = may_read or accepted.created or accepted.updated  # an edit's analysis: of its text
    ignored = {
        f"{kind}_ignored": sorted(name for name, differs in kept.items() if differs)
        for kind, kept in accepted.ignored.items()
        if may_read
    }
    given_now = accepted.created or "contact" in accepted.attached
    swapped = given_now and contact_swapped(accepted.item, row.contact_id)
    said = [swapped] if swapped else []
    if accepted.contact_made_empty:
        said.append(contact_made_empty(row.contact_id))
    return IngestedItem(
        # as stored, whatever the case sent ("Zendesk" re-sent after "zendesk")
        external_id=row.external_id,
        source=row.source,
        id=row.id,
        status="created" if accepted.created else "updated" if accepted.updated else "duplicate",
        changed=accepted.changed and may_read,
        contact_id=row.contact_id if may_read else None,
        contact_attached="contact" in accepted.attached and may_read,
        account_attached="account" in accepted.attached and may_read,
        analysis="done" if row.status == "analysed" else "pending",
        # an integrator retrying a lost answer read the empty fields as the ticket's tags
        withheld=not shown,
        tags=(row.tags or {}) if shown else {},
        insights=[insight_out(i) for i in row.insights] if shown else [],
        warnings=said if may_read else [],
        **(message_parts(row) if shown else {}),
        **ignored,
    )


def contact_made_empty(contact_id: str) -> str:
    """The item was kept under a contact its `contact_id` made: no stored contact had that id."""
    return (
        f"no contact had the id {contact_id!r}: it was created empty (no e-mail, name nor "
        "account), so no notification can reach it and the item counts for no account until "
        f"PUT /v1/contacts/{contact_id} fills it (POST /v1/surveys/sends refuses such an id)"
    )


def contact_swapped(item: FeedbackIn, stored: str | None) -> str | None:
    """Why the item was given contact `stored` rather than the one it names: that contact holds
    the e-mail address sent (one contact per address), which ingest never refuses."""
    sent = item.contact_ref
    if sent is None or stored is None or stored == sent:
        return None
    email = item.contact.email if item.contact else None
    if email and email.casefold() != sent.casefold():  # the inline contact's address
        why = f"the e-mail address sent with it belongs to contact {stored!r}"
    else:  # an id that is an address: the contact holding it
        why = f"{sent!r} is the e-mail address of contact {stored!r}"
    return (
        f"stored under contact {stored!r}, not {sent!r}: {why} (one contact per address, any "
        f"case); {sent!r} was neither created nor changed (to keep both, give one of them "
        "another address: PUT /v1/contacts/{id})"
    )
