"""An erased person's name and addresses masked in what stays: every stored text or JSON value a
person or Boucle may have copied them into (needs, themes, notifications sent or not, alerts,
the audit trail, follow-up notes, contact and account attributes, other people's messages and
their metadata, webhook delivery bodies pending or sent).

A word of the name (or of an address's local part) becomes [NAME], a whole address [EMAIL], an
erased account's whole name [ACCOUNT]. In customers' own sentences (messages, insights, quotes)
only a capitalised word is a name: "Will Smith" erased leaves "I will cancel" as written, as
redaction would have (and "Orange" erased leaves "an orange button")."""

import re
from collections.abc import Callable, Iterable
from functools import partial

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from api.privacy.schemas import Erasure
from api.storage.loop_tables import Notification, ThemeAlert
from api.storage.tables import (
    Account,
    AuditEvent,
    Contact,
    Feedback,
    FeedbackAction,
    Insight,
    Need,
    Theme,
)
from api.storage.webhook_tables import WebhookDelivery

NAME = "[NAME]"
EMAIL = "[EMAIL]"
ACCOUNT = "[ACCOUNT]"
WORD = re.compile(r"[^\W_]+")
# "Sarah Connor", "sarah.connor", "Jean-Pierre": one [NAME]
RUN = re.compile(rf"{re.escape(NAME)}(?:[\s._-]+{re.escape(NAME)})+")


def name_words(name: str | None, email: str | None) -> set[str]:
    """The words of a person's name and of their address's local part ("jane.doe" -> jane,
    doe): what discovery may have made theme labels of, where redaction missed the name."""
    words = re.split(r"[\W_]+", f"{name or ''} {(email or '').split('@')[0]}".casefold())
    return {word for word in words if len(word) >= 3 and not word.isdigit()}


def account_pattern(name: str) -> re.Pattern[str] | None:
    """An account's whole name as words, any case and spacing ("acme  corp" is "Acme Corp"); None
    for a name too short to tell from other words (under 3 letters)."""
    words = WORD.findall(name)
    if sum(map(len, words)) < 3:
        return None
    phrase = r"[\W_]+".join(map(re.escape, words))
    return re.compile(rf"(?<![^\W_]){phrase}(?![^\W_])", re.IGNORECASE)


def address_pattern(email: str) -> re.Pattern[str]:
    """The address as a whole inside a longer value: not "joann@…" nor "ann@example.com.au"."""
    return re.compile(rf"(?<![\w.+-]){re.escape(email.strip())}(?![\w-]|\.\w)", re.IGNORECASE)


class PersonMask:
    """Masks the given name words and addresses in a text; `proper` masks only capitalised
    words (a customer's sentence)."""

    def __init__(
        self, names: set[str], emails: Iterable[str] = (), accounts: Iterable[str] = ()
    ) -> None:
        self.names = {name.casefold() for name in names}
        self.addresses = [address_pattern(e) for e in sorted(set(emails)) if e and e.strip()]
        # the longest name first: "Acme Corp" before "Acme"
        patterns = (account_pattern(a) for a in sorted(set(accounts), key=len, reverse=True))
        self.accounts = [pattern for pattern in patterns if pattern]
        words = "|".join(sorted(map(re.escape, self.names))) or r"(?!)"
        self.quick = re.compile(rf"(?<![^\W_])(?:{words})(?![^\W_])", re.IGNORECASE)

    def __bool__(self) -> bool:
        return bool(self.names or self.addresses or self.accounts)

    def __call__(self, text: str | None, proper: bool = False) -> str | None:
        patterns = (*self.addresses, *self.accounts)
        if not text or not (self.quick.search(text) or any(p.search(text) for p in patterns)):
            return text
        for address in self.addresses:
            text = address.sub(EMAIL, text)

        def account(match: re.Match[str]) -> str:
            return ACCOUNT if not proper or match[0][0].isupper() else match[0]

        for pattern in self.accounts:
            text = pattern.sub(account, text)

        def word(match: re.Match[str]) -> str:
            found = match[0]
            if found.casefold() in self.names and (not proper or found[0].isupper()):
                return NAME
            return found

        return RUN.sub(NAME, WORD.sub(word, text))

    def proper(self, text: str | None) -> str | None:
        return self(text, proper=True)


def masked_strings(value, mask: Callable[[str], str]):
    """`value` (JSON) with `mask` applied to every string in it."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {key: masked_strings(item, mask) for key, item in value.items()}
    if isinstance(value, list):
        return [masked_strings(item, mask) for item in value]
    return value


def in_json(mask: Callable[[str], str]) -> Callable:
    return lambda value: masked_strings(value, mask)


# The fields of a webhook body or a theme alert masked as a customer's sentence (only a
# capitalised word is a name): insights' and quotes' words, the item's keys as its row keeps
# them, and Boucle's own words. Every other string (tags, theme names and keywords, account
# names and segments) is a label, masked in any case as themes and needs are.
AS_SENTENCES = frozenset({"text", "source", "external_id", "event", "kind", "hint", "url",
                          "page", "language", "sentiment", "intents", "urgency"})  # fmt: skip


def masked_body(value, mask: PersonMask, proper: bool = False):
    """A webhook body or a theme alert (JSON) with `mask` applied to every string in it, field by
    field (AS_SENTENCES); a field's value is masked as the field is, all the way down."""
    if isinstance(value, str):
        return mask(value, proper=proper)
    if isinstance(value, dict):
        return {key: masked_body(item, mask, proper or key in AS_SENTENCES)
                for key, item in value.items()}  # fmt: skip
    if isinstance(value, list):
        return [masked_body(item, mask, proper) for item in value]
    return value


def mask_rows(session: Session, table, columns: dict[str, Callable], *where) -> int:
    """Apply each column's masking function to every row of `table` (matching `where`); write
    the rows that changed. Returns how many did."""
    query = select(table.id, *(getattr(table, c) for c in columns)).where(*where)
    changed: dict = {}
    for row_id, *values in session.execute(query.execution_options(yield_per=2_000)):
        masked = {c: fn(v) for (c, fn), v in zip(columns.items(), values, strict=True)}
        if any(masked[c] != v for c, v in zip(columns, values, strict=True)):
            changed[row_id] = masked
    for row_id, masked in changed.items():
        session.execute(update(table).where(table.id == row_id).values(**masked))
    return len(changed)


def mask_people(session: Session, mask: PersonMask) -> Erasure:
    """Everywhere an erased person's name or address may stay, masked (see the module's doc)."""
    masked = Erasure()
    if not mask:
        return masked
    text, json = mask, in_json(mask)
    masked.needs_renamed = mask_rows(
        session, Need, {"title": text, "description": text, "lineage": json}
    )
    masked.notifications_masked = mask_rows(session, Notification, {"subject": text, "body": text})
    masked.audit_masked = mask_rows(session, AuditEvent, {"entity_id": text, "detail": json})
    masked.themes_masked = mask_rows(
        session, Theme,
        {"name": text, "description": text, "seed_examples": json, "lineage": json},
    )  # fmt: skip
    # alerts and other items' feedback.analysed bodies quote customers beside labels
    body = partial(masked_body, mask=mask)
    masked.themes_masked += mask_rows(session, ThemeAlert, {"payload": body})
    masked.webhook_deliveries = mask_rows(session, WebhookDelivery, {"payload": body})
    masked.texts_masked = mask_rows(session, FeedbackAction, {"note": text})
    masked.texts_masked += mask_rows(session, Contact, {"attributes": json})
    masked.texts_masked += mask_rows(session, Account, {"attributes": json})
    masked.texts_masked += mask_messages(session, mask)
    return masked


def mask_messages(session: Session, mask: PersonMask) -> int:
    """Other people's messages (text, text waiting for analysis, metadata, tags: labels, as in
    their webhook bodies) and their insights, whose offsets follow the masked text. Returns how
    many messages changed."""
    query = select(Feedback.id, Feedback.text, Feedback.raw_text, Feedback.meta, Feedback.tags)
    changed: dict[int, tuple[str | None, dict]] = {}
    for feedback_id, text, raw_text, meta, tags in session.execute(
        query.execution_options(yield_per=2_000)
    ):
        masked = {"text": mask.proper(text), "raw_text": mask.proper(raw_text),
                  "meta": masked_strings(meta, mask), "tags": masked_strings(tags, mask)}  # fmt: skip
        if masked != {"text": text, "raw_text": raw_text, "meta": meta, "tags": tags}:
            changed[feedback_id] = (text, masked)
    for feedback_id, (before, masked) in changed.items():
        session.execute(update(Feedback).where(Feedback.id == feedback_id).values(**masked))
        for insight in session.scalars(select(Insight).where(Insight.feedback_id == feedback_id)):
            mask_insight(insight, before or "", masked["text"] or "", mask)
    mask_rows(session, Insight, {"text": mask.proper})  # one not cut from its message's text
    return len(changed)


def mask_insight(insight: Insight, before: str, after: str, mask: PersonMask) -> None:
    """The insight's text masked, its offsets moved to where it now is in the masked message."""
    sentence = mask.proper(insight.text)
    if sentence == insight.text:
        return
    start = len(mask.proper(before[: insight.start]) or "")
    if after[start : start + len(sentence)] != sentence:
        start = max(after.find(sentence), 0)
    insight.text, insight.start, insight.end = sentence, start, start + len(sentence)
