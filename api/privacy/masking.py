"""An erased person's name and addresses masked in what stays: every stored text or JSON value a
person or Boucle may have copied them into (needs, themes, notifications sent or not, alerts,
the audit trail, its actors, follow-up notes and who took them, contact and account attributes,
other people's messages and their metadata, webhook delivery bodies pending or sent, background
jobs' messages and results, deliveries' and items' `last_error`). Who acted (a follow-up's `by`,
the trail's actor, an API key's name) is a team member, left as written unless it holds an
erased person's whole name or address.

A person's whole name becomes [NAME] in any case, in every form analyzer/person_names.py
matches (either order, accents or none, a compound surname with a hyphen or a space, "Mme
Dubois", the tail a [NAME] left: "[NAME] Lefèbvre"), customers' own sentences included: "I
will slack off" for an erased "Will Slack" too, as an erasure errs on the person's side. A word
of the name alone is another person's or a product's word ("Slack integration" for an erased
"Will Slack", "Atelier Dubois" for "Renée Dubois"): it is masked only in the erased person's own
texts, and there only capitalised. A whole address becomes [EMAIL], an erased account's whole
name [ACCOUNT]; in customers' own sentences (messages, insights, quotes) an account's name is one
only capitalised ("Orange" erased leaves "an orange button"). An account named by one dictionary
word ("Outlook", "Sage") and an address's one-word local part ("hello@", "thanks@") are other
people's words as often: an erasure leaves them in what stays (common_word, full_names)."""

import re
from collections.abc import Callable, Iterable
from functools import partial

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from analyzer.name_lists import english_words, french_words
from analyzer.person_names import NAME, WORD, bare, mask_names, names_regex
from api.privacy.schemas import Erasure
from api.storage.key_tables import ApiKey
from api.storage.loop_tables import Notification, ThemeAlert
from api.storage.tables import (
    Account,
    AuditEvent,
    Contact,
    Feedback,
    FeedbackAction,
    Insight,
    Job,
    Need,
    Theme,
)
from api.storage.webhook_tables import WebhookDelivery

EMAIL = "[EMAIL]"
ACCOUNT = "[ACCOUNT]"
# "Sarah Connor", "sarah.connor", "Jean-Pierre": one [NAME]
RUN = re.compile(rf"{re.escape(NAME)}(?:[\s._-]+{re.escape(NAME)})+")
KEYED_WORDS = re.compile(r"[\W_]+")


def name_words(name: str | None, email: str | None) -> set[str]:
    """The words of a person's name and of their address's local part ("jane.doe" -> jane,
    doe), of 3 letters or more: what is masked alone in their own texts (a shorter word alone
    is too often another word)."""
    words = KEYED_WORDS.split(f"{name or ''} {(email or '').split('@')[0]}".casefold())
    return {word for word in words if len(word) >= 3 and not word.isdigit()}


def full_names(name: str | None, email: str | None) -> set[str]:
    """A person's whole name as the masks match it: the name's parts split on spaces (a part
    keeps its hyphen: "jean-pierre martin"), and the address's local part ("sarah.connor" ->
    "sarah connor"; "sarah.connor+crm" -> "sarah connor"), casefolded."""
    local = (email or "").split("@")[0].split("+")[0]
    found = {" ".join((name or "").split()).casefold()}
    # a local part of one word ("hello@", "thanks@", "jdoe@") is no whole name: masked alone,
    # "Hello" and "Thanks" went in every customer's text; it stays a name word (name_words)
    if len(local_words := [w for w in KEYED_WORDS.split(local.casefold()) if w]) >= 2:
        found.add(" ".join(local_words))
    return {f for f in found if f and sum(map(len, WORD.findall(f))) >= 3}


def common_word(name: str) -> bool:
    """An account's name that is one dictionary word ("Outlook", "Slack", "Sage"): other people
    write it for the word or the product ("Outlook calendar sync"), so an erasure cannot tell
    their sentence from a mention of the account, and leaves it."""
    words = WORD.findall(name.casefold())
    return len(words) == 1 and (words[0] in english_words() or words[0] in french_words())


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
    """Masks the given people's whole names (`names`, as full_names gives them) and addresses
    in a text; `proper` masks only capitalised account names (a customer's sentence). `words` (as
    name_words gives them) are masked alone too, but only in the texts of `owners` (contact
    ids): the erased people's own."""

    def __init__(
        self,
        names: set[str],
        emails: Iterable[str] = (),
        accounts: Iterable[str] = (),
        words: set[str] = frozenset(),
        owners: set[str] = frozenset(),
    ) -> None:
        self.names = {name.casefold() for name in names}
        self.people = names_regex(self.names)
        self.words = {bare(word).casefold() for word in words}
        self.owners = set(owners)
        self.addresses = [address_pattern(e) for e in sorted(set(emails)) if e and e.strip()]
        # the longest name first: "Acme Corp" before "Acme"
        patterns = (account_pattern(a) for a in sorted(set(accounts), key=len, reverse=True))
        self.accounts = [pattern for pattern in patterns if pattern]

    def __bool__(self) -> bool:
        return bool(self.people or self.addresses or self.accounts)

    def named(self, text: str | None) -> bool:
        """Whether the text holds one of the whole names, in any case."""
        return bool(text and self.people and self.people.search(bare(text)))

    def __call__(self, text: str | None, proper: bool = False) -> str | None:
        patterns = (*self.addresses, *self.accounts)
        if not text or not (self.named(text) or any(p.search(text) for p in patterns)):
            return text
        for address in self.addresses:
            text = address.sub(EMAIL, text)

        def account(match: re.Match[str]) -> str:
            return ACCOUNT if not proper or match[0][0].isupper() else match[0]

        for pattern in self.accounts:
            text = pattern.sub(account, text)
        if self.people is not None:  # a whole name, in any case (even "I will slack off")
            text = mask_names(self.people, text)[0]
        return RUN.sub(NAME, text)

    def proper(self, text: str | None) -> str | None:
        return self(text, proper=True)

    def own(self, text: str | None) -> str | None:
        """An erased person's own sentence: their whole name, then a capitalised word of it."""
        text = self.proper(text)
        if not text or not self.words:
            return text

        def word(match: re.Match[str]) -> str:
            found = match[0]
            return NAME if bare(found).casefold() in self.words and found[0].isupper() else found

        return RUN.sub(NAME, WORD.sub(word, text))


def people_mask(people: Iterable[tuple[str | None, str | None]], owners: set[str]) -> PersonMask:
    """The mask of erased contacts, given as (name, email): their whole names, addresses and
    name words (in their own texts: those of `owners`)."""
    names: set[str] = set()
    words: set[str] = set()
    emails: set[str] = set()
    for name, email in people:
        names |= full_names(name, email)
        words |= name_words(name, email)
        emails |= {email} if email else set()
    return PersonMask(names, emails, words=words, owners=owners)


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


def within(column, mask: Callable[[str], str]) -> Callable[[str], str]:
    """`mask`, cut to the column's length: "[NAME]" is longer than a 3-letter name."""
    length = column.type.length
    return lambda value: masked[:length] if (masked := mask(value)) else masked


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
        session, Need, {"title": text, "titles": json, "description": text, "lineage": json}
    )
    masked.notifications_masked = mask_rows(session, Notification, {"subject": text, "body": text})
    masked.audit_masked = mask_rows(
        session, AuditEvent,
        {"actor": within(AuditEvent.actor, text), "entity_id": text, "detail": json},
    )  # fmt: skip
    masked.themes_masked = mask_rows(
        session, Theme,
        {"name": text, "description": text, "seed_examples": json, "lineage": json},
    )  # fmt: skip
    # alerts and other items' feedback.analysed bodies quote customers beside labels
    body = partial(masked_body, mask=mask)
    masked.themes_masked += mask_rows(session, ThemeAlert, {"payload": body})
    masked.webhook_deliveries = mask_rows(session, WebhookDelivery, {"payload": body})
    masked.texts_masked = mask_rows(
        session, FeedbackAction, {"actor": within(FeedbackAction.actor, text), "note": text}
    )
    masked.texts_masked += mask_rows(session, Contact, {"attributes": json})
    masked.texts_masked += mask_rows(session, Account, {"attributes": json})
    masked.texts_masked += mask_messages(session, mask)
    masked.texts_masked += mask_rows(session, Job, {"message": text, "result": json})
    # Boucle's own words by design (api/failures), masked in case one quoted an item or address
    for table in (Feedback, Notification, ThemeAlert, WebhookDelivery):
        masked.texts_masked += mask_rows(session, table, {"last_error": text})
    masked.texts_masked += mask_key_names(session, mask)
    return masked


def mask_key_names(session: Session, mask: PersonMask) -> int:
    """API keys named after an erased person ("sarah.connor@cyberdyne.io"), masked; a masked
    name another key holds already gets the key's id, as a revoked key's does ("[EMAIL]#3"):
    names are unique. Returns how many changed."""
    names: dict[int, str] = dict(session.execute(select(ApiKey.id, ApiKey.name)).all())
    masked = {i: within(ApiKey.name, mask)(name) for i, name in names.items()}
    renamed = {i: name for i, name in masked.items() if name != names[i]}
    taken = {name for i, name in names.items() if i not in renamed}
    for key_id, name in renamed.items():
        if name in taken:
            name = f"{name[:90]}#{key_id}"
        taken.add(name)
        session.execute(update(ApiKey).where(ApiKey.id == key_id).values(name=name))
    return len(renamed)


MASKED_INSIGHTS = "masked_insights"  # session.info: the insights whose text a mask changed


def masked_insights(session: Session) -> set[int]:
    """The insights masked in this session so far: their vectors still hold the name."""
    return session.info.setdefault(MASKED_INSIGHTS, set())


MASKED_ITEMS = "masked_items"  # session.info: the messages whose text a mask changed


def masked_items(session: Session) -> set[int]:
    """The items masked in this session so far: their receivers are told (feedback.erased)."""
    return session.info.setdefault(MASKED_ITEMS, set())


def mask_messages(session: Session, mask: PersonMask) -> int:
    """Other people's messages (text, text waiting for analysis, metadata, tags: labels, as in
    their webhook bodies) and their insights,
    whose offsets follow the masked text; the erased people's own left, masked as theirs.
    Returns how many messages changed; the insights changed are noted in the session."""
    query = select(Feedback.id, Feedback.text, Feedback.raw_text, Feedback.meta,
                   Feedback.tags, Feedback.contact_id)  # fmt: skip
    changed: dict[int, tuple[str | None, dict, Callable]] = {}
    for feedback_id, text, raw_text, meta, tags, contact_id in session.execute(
        query.execution_options(yield_per=2_000)
    ):
        sentence = mask.own if contact_id is not None and contact_id in mask.owners else mask.proper
        masked = {"text": sentence(text), "raw_text": sentence(raw_text),
                  "meta": masked_strings(meta, mask), "tags": masked_strings(tags, mask)}  # fmt: skip
        if masked != {"text": text, "raw_text": raw_text, "meta": meta, "tags": tags}:
            changed[feedback_id] = (text, masked, sentence)
    masked_ids = masked_insights(session)
    masked_items(session).update(changed)
    for feedback_id, (before, masked, sentence) in changed.items():
        session.execute(update(Feedback).where(Feedback.id == feedback_id).values(**masked))
        for insight in session.scalars(select(Insight).where(Insight.feedback_id == feedback_id)):
            if mask_insight(insight, before or "", masked["text"] or "", sentence):
                masked_ids.add(insight.id)
    # one not cut from its message's text
    query = select(Insight.id, Insight.text).execution_options(yield_per=2_000)
    rows = ((i, text, mask.proper(text)) for i, text in session.execute(query))
    lone = {i: masked for i, text, masked in rows if masked != text}
    for insight_id, text in lone.items():
        session.execute(update(Insight).where(Insight.id == insight_id).values(text=text))
    masked_ids.update(lone)
    return len(changed)


def mask_insight(
    insight: Insight, before: str, after: str, sentence: Callable[[str | None], str | None]
) -> bool:
    """The insight's text masked, its offsets moved to where it now is in the masked message.
    Returns whether it changed."""
    masked = sentence(insight.text) or ""
    if masked == insight.text:
        return False
    start = len(sentence(before[: insight.start]) or "")
    if after[start : start + len(masked)] != masked:
        start = max(after.find(masked), 0)
    insight.text, insight.start, insight.end = masked, start, start + len(masked)
    return True
