"""Who is told about a need, and what they are sent. One recipient per e-mail address, compared
casefolded, whatever contact ids the person came under (a CRM contact and the survey import's
"JOHN@…" are one person, told once); a contact without an address is a recipient of its own.
The message is rendered from the recipient as it is now: at decision time for the preview, and
again when it is sent (a template edited or an address corrected meanwhile is used)."""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from analyzer.placeholders import PLACEHOLDER, PLACEHOLDER_RUN
from analyzer.stages.language import UNDETERMINED
from api.loop.default_templates import FOOTERS
from api.loop.schemas import FeedbackRef
from api.loop.templates import one_line, render, template
from api.loop.unsubscribe import unsubscribe_url
from api.privacy.keyed import keyed_digest
from api.storage.tables import Account, Contact, Feedback, Insight, Need, NeedLink


def address(email: str | None) -> str | None:
    """The form addresses are compared in: "John@X.com " and "john@x.com" are one."""
    return email.strip().casefold() if email and email.strip() else None


def address_digest(session: Session, to: str) -> str:
    """An address as a key holds it (keys end up in receivers' logs): HMAC-SHA256 keyed with the
    workspace's secret, so that a guessed address cannot be confirmed by hashing it."""
    return keyed_digest(session, "notification address", to)[:24]


def plain_address_digest(to: str) -> str:
    """What keys held before they were keyed: the unkeyed sha256 of the address."""
    return hashlib.sha256(to.encode()).hexdigest()[:24]


def recipient_key(session: Session, need_id: int, contact: Contact) -> str:
    """Stable per (need, address); by contact when there is no address. A message's idempotency
    key adds the decision it tells (Recipient.key_for)."""
    to = address(contact.email)
    if to is None:
        return contact_key(need_id, contact.id)
    return f"boucle:need:{need_id}:to:{address_digest(session, to)}"


def plain_recipient_key(need_id: int, contact: Contact) -> str | None:
    """The key a row stored before keys were keyed holds for this (need, address): still theirs,
    so that a message sent under it is not sent again, and a retry carries its first try's."""
    to = address(contact.email)
    return None if to is None else f"boucle:need:{need_id}:to:{plain_address_digest(to)}"


def contact_key(need_id: int, contact_id: str) -> str:
    """Per (need, contact): a contact without an address is told under it, and a row not
    sending gives its key up for it (with its decision: kind_key)."""
    return f"boucle:need:{need_id}:contact:{contact_id}"


# The decisions a customer is told of: each is a message of its own, with a key of its own, so a
# customer told a need was declined is told again when it ships, and each decision only once.
DECISIONS = ("shipped", "declined")


def kind_key(key: str, kind: str) -> str:
    """The key of a message telling `kind`: the (need, address) key and the decision."""
    return f"{key}:{kind}"


@dataclass
class Quote:
    """One insight of theirs behind the need: why they are a recipient."""

    insight_id: int
    feedback_id: int
    text: str
    source: str
    external_id: str  # the ticket's id in its source: where a help desk answers
    created_at: datetime
    language: str | None = None  # its feedback's, detected or given: the message is written in it


@dataclass
class Recipient:
    key: str  # per (need, address): with a decision (key_for), what a new message carries
    plain_key: str | None = None  # what one stored before keys were keyed may hold
    contacts: list[Contact] = field(default_factory=list)  # the latest writer first
    quote: str = ""  # the words their message quotes back (quoted_back)
    wrote_in: str | None = None  # the language of the quoted feedback, detected or given
    quotes: list[Quote] = field(default_factory=list)  # all their words behind it, oldest first

    def first(self, attribute: str, prefer: Contact | None = None) -> str | None:
        """A field from `prefer` if it has it, else from the latest writer that has."""
        for contact in [prefer, *self.contacts] if prefer else self.contacts:
            if getattr(contact, attribute):
                return getattr(contact, attribute)
        return None

    def key_for(self, kind: str) -> str:
        """What a new message telling them `kind` carries."""
        return kind_key(self.key, kind)

    def keys_for(self, kind: str) -> set[str]:
        """The keys a row telling them `kind` may hold: its own, or one stored before keys
        named their decision (keyed, or plain before keys were keyed)."""
        return {self.key_for(kind), self.key, self.plain_key} - {None}

    @property
    def keys(self) -> set[str]:
        """Every key a row of theirs may hold: the outbox compares a row's key with these."""
        return set().union(*(self.keys_for(kind) for kind in DECISIONS))


def recipients(session: Session, need_id: int) -> dict[str, Recipient]:
    """Key -> recipient, for the contacts behind a need's evidence."""
    rows = session.execute(
        select(
            Contact,
            Insight.text,
            Feedback.language,
            Insight.id,
            Feedback.id,
            Feedback.source,
            Feedback.external_id,
            Feedback.created_at,
        )
        .join(Feedback, Feedback.contact_id == Contact.id)
        .join(Insight, Insight.feedback_id == Feedback.id)
        .join(NeedLink, NeedLink.insight_id == Insight.id)
        .where(NeedLink.need_id == need_id)
        .order_by(Feedback.created_at, Insight.id)
    ).all()
    found: dict[str, Recipient] = {}
    for contact, quote, language, *where in rows:  # oldest first: the last one is the latest
        key = recipient_key(session, need_id, contact)
        recipient = found.setdefault(key, Recipient(key, plain_recipient_key(need_id, contact)))
        if contact in recipient.contacts:
            recipient.contacts.remove(contact)
        recipient.contacts.insert(0, contact)
        recipient.quotes.append(Quote(where[0], where[1], quote, *where[2:], language))
    for recipient in found.values():
        recipient.quote = quoted_back(recipient.quotes)
        recipient.wrote_in = language_of(recipient.quotes)
    return found


# What a customer reads where redaction removed something from their words.
GAP = "…"


def chosen_quote(quotes: list[Quote]) -> Quote | None:
    """Their latest words with the fewest redaction placeholders: the ones a message quotes."""
    latest_first = reversed(quotes)  # min keeps the first of equals: the latest
    return min(latest_first, key=lambda q: len(PLACEHOLDER.findall(q.text)), default=None)


def quoted_back(quotes: list[Quote]) -> str:
    """The words a message quotes to its reader (chosen_quote), as the insight holds them
    redacted; a placeholder left is written "…" ("[NAME] me l'avait promis" was not what they
    wrote, and reads as a template bug)."""
    best = chosen_quote(quotes)
    return PLACEHOLDER_RUN.sub(GAP, best.text) if best else ""


def language_of(quotes: list[Quote]) -> str | None:
    """The language a message wraps its quote in when the contact has none on file: the quoted
    feedback's (a French quote in an English template reads as a mistake), else, when that one
    was too short to tell ("und"), their latest feedback's that has one."""
    best = chosen_quote(quotes)
    known = [q.language for q in quotes if q.language and q.language != UNDETERMINED]
    if best and best.language and best.language != UNDETERMINED:
        return best.language
    return known[-1] if known else None


def feedback_of(recipient: Recipient) -> list[dict]:
    """Their messages behind the need, each once, oldest first, as a webhook carries them:
    {id, source, external_id, created_at} (a help desk replies on the original ticket)."""
    seen: dict[int, Quote] = {}
    for quote in recipient.quotes:
        seen.setdefault(quote.feedback_id, quote)
    return [
        FeedbackRef(id=q.feedback_id, source=q.source, external_id=q.external_id,
                    created_at=q.created_at).model_dump(mode="json")
        for q in seen.values()
    ]  # fmt: skip


def title_in(need: Need, language: str) -> str:
    """The need's title in the message's language if it has one there, else its main title."""
    return (need.titles or {}).get(language) or need.title


def message(session: Session, need: Need, kind: str, recipient: Recipient,
            to: Contact | None = None) -> dict:  # fmt: skip
    """Language, address, subject and body for one recipient, written to `to` (the contact its
    row names) or to its latest writer."""
    to = to or recipient.contacts[0]
    # no language on file: the one the quote was written in (language_of)
    subject, body, language = template(
        session, kind, recipient.first("language", to) or recipient.wrote_in
    )
    account_id = recipient.first("account_id", to)
    account = session.get(Account, account_id) if account_id else None
    link = unsubscribe_url(session, to)
    values = {"contact_name": recipient.first("name", to) or "",
              "need_title": title_in(need, language),
              "need_description": need.description or "", "quote": recipient.quote,
              "account_name": (account.name or "") if account else "",
              "unsubscribe_url": link}  # fmt: skip
    if "{unsubscribe_url}" not in body:  # every message says how to stop them
        body = body.rstrip("\n") + "\n" + FOOTERS.get(language, FOOTERS["en"])
    return {"language": language, "email": to.email, "subject": one_line(render(subject, values)),
            "body": render(body, values), "unsubscribe_url": link}  # fmt: skip
