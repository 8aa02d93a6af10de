"""Erasure on request (a customer's right to be forgotten): a feedback item, a contact or an
account, with everything Boucle derived from them, in SQL and in the vector store.

What goes: the items, their insights and vectors, need links and suggestions, follow-up actions,
survey sends, the contact's notifications, quotes of them kept by themes and theme alerts, and
the people rows; the erased people's names and addresses wherever they stay (api/privacy/
masking: themes, needs, notifications, alerts, the audit trail, other people's messages). What stays: needs and themes (the product team's
work; their centroids move off the erased evidence), and a digest of each item's source and
external id, and of each contact's id and address and each account's id (the register), so
that the source re-sending an item, a re-run import or a restore of an older backup does not
bring them back."""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import ColumnElement, Select, delete, select
from sqlalchemy.orm import Session

from api.audit import record
from api.errors import NotFound
from api.loop.outbox import sync_outbox
from api.needs.matching import move_centroid
from api.privacy.dry_run import rolled_back, unwritten
from api.privacy.keyed import item_digest, party_digest, register_digest, trail_digest
from api.privacy.masking import (
    PersonMask,
    address_pattern,
    bare,
    common_word,
    mask_people,
    masked_items,
    names_regex,
    people_mask,
)
from api.privacy.opt_outs import OPTED_OUT
from api.privacy.reembed import reembed_masked
from api.privacy.schemas import Erasure
from api.privacy.theme_words import drop_name_words, relabel
from api.privacy.trail_ids import hide_erased_ids
from api.storage.loop_tables import Notification, ThemeAlert
from api.storage.tables import (
    Account,
    Contact,
    Feedback,
    FeedbackAction,
    ForgottenItem,
    ForgottenParty,
    Insight,
    Need,
    NeedLink,
    NeedSuggestion,
    SurveySend,
    Theme,
    email_key,
    source_key,
)
from api.storage.webhook_tables import WebhookDelivery
from api.webhooks.erasures import enqueue_erased, item_ref
from api.webhooks.events import THEME_EMERGING, forget_deliveries
from api.workspace import INSIGHTS, Workspace

ERASED = "(erased on request)"
EXPIRED = "(expired: retention)"  # an expiry is no one's request: the body says which it was
CHUNK = 500  # ids per IN (...): well under SQLite's parameter limit
ERASED_ITEMS = "erased_items"  # session.info: the items this erasure deleted, by id


def erased_items(session: Session) -> dict[int, dict]:
    """The items deleted in this session so far, as feedback.erased names them."""
    return session.info.setdefault(ERASED_ITEMS, {})


def remember(session: Session, kind: str, keys: Iterable[str]) -> None:
    """Into the register: a restore of an older backup erases them again."""
    for key in keys:
        digest = register_digest(session, party_digest(kind, key))
        session.merge(ForgottenParty(digest=digest, kind=kind))


def chunks(values: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def forgotten_keys(session: Session, items: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which items, given as (source, external id) as sent, were erased on request; returned as
    their keys (source_key(source), external id). An erasure is remembered under the key, so any
    case of the source matches; one made before migration 0014, under the spelling stored then."""
    by_digest: dict[str, tuple[str, str]] = {}
    for source, external_id in items:
        key = (source_key(source), external_id)
        for plain in (item_digest(*key), item_digest(source, external_id)):
            by_digest[register_digest(session, plain)] = key
    found: set[str] = set()
    for part in chunks(list(by_digest)):
        found.update(
            session.scalars(select(ForgottenItem.digest).where(ForgottenItem.digest.in_(part)))
        )
    return {by_digest[d] for d in found}


def audit_erasure(ws: Workspace, kind: str, target: str, erasure: Erasure, actor: str) -> None:
    """The trail says that an erasure happened and what it removed, never whose: the id may be
    an e-mail address. Then the erased pages leave SQLite's log."""
    key = target.strip().casefold() if kind == "email" else target  # as party_digest reads it
    with ws.db.session() as session:  # keyed: a guessed address cannot be confirmed from it
        record(
            session, actor, "erase", kind, trail_digest(session, kind, key), erasure.model_dump()
        )
    ws.db.compact()


Erase = Callable[[Session], tuple[Erasure, list[int]]]


def run_erasure(
    ws: Workspace, erase: Erase, tell_receivers: bool = True, dry_run: bool = False
) -> Erasure:
    """SQL first, in one transaction (the truth); then the vector store, whose leftovers, if
    this process dies in between, the worker's start-up check deletes. `tell_receivers`: the
    webhooks that were sent the items get feedback.erased (a request; an expiry is none).
    `dry_run`: counted, rolled back, nothing told (`erase` must erase from `unwritten(ws)`)."""
    if dry_run:
        return rolled_back(ws, erase)
    with ws.write_lock, ws.db.session() as session:
        erasure, insight_ids = erase(session)
        if tell_receivers:
            enqueue_erased(session, erased_items(session), masked_items(session))
        # a masked text's embedding still holds the name: search would find it by the name
        reembedded = reembed_masked(session, ws, set(insight_ids))
    ws.vectors.delete(INSIGHTS, insight_ids)
    reembedded.write(ws)
    return erasure


def forget_feedback(ws: Workspace, feedback_id: int, dry_run: bool = False) -> Erasure:
    return forget_feedback_items(ws, [feedback_id], dry_run)


# Each forget_* takes `dry_run`: what it would erase, counted and rolled back (a 404 as the real
# run's), its vector store unwritten: the closures below erase from the `ws` rebound here.


def forget_feedback_items(ws: Workspace, feedback_ids: list[int], dry_run: bool = False) -> Erasure:
    """Several items in one transaction: all of them, or none when one is not stored."""
    ws = unwritten(ws) if dry_run else ws
    wanted = list(dict.fromkeys(feedback_ids))

    def erase(session: Session) -> tuple[Erasure, list[int]]:
        stored: set[int] = set()
        for part in chunks(wanted):
            stored.update(session.scalars(select(Feedback.id).where(Feedback.id.in_(part))))
        if missing := [i for i in wanted if i not in stored]:
            listed = ", ".join(map(str, missing))
            raise NotFound(
                f"no feedback with id {listed}" + (" (nothing erased)" * (len(wanted) > 1))
            )
        return erase_items(session, ws, wanted)

    return run_erasure(ws, erase, dry_run=dry_run)


def stored_item(session: Session, source: str, external_id: str) -> int | None:
    """The id of the item ingest stored under this source (any case) and external id."""
    return session.scalar(
        select(Feedback.id).where(
            Feedback.source_key == source_key(source), Feedback.external_id == external_id
        )
    )


def forget_item(
    ws: Workspace, source: str, external_id: str, dry_run: bool = False
) -> tuple[int, Erasure]:
    """The item a source knows by its own id, as forget_feedback erases it; returns its id too.
    Found in the erasure's transaction: a re-send meanwhile cannot slip between."""
    ws = unwritten(ws) if dry_run else ws
    found: list[int] = []

    def erase(session: Session) -> tuple[Erasure, list[int]]:
        feedback_id = stored_item(session, source, external_id)
        if feedback_id is None:
            erased = forgotten_keys(session, [(source, external_id)])
            raise NotFound(
                f"no item from source {source!r} with external_id {external_id!r}"
                + (": it was erased before" if erased else "")
            )
        found.append(feedback_id)
        return erase_items(session, ws, [feedback_id])

    erasure = run_erasure(ws, erase, dry_run=dry_run)
    return found[0], erasure


def forget_contact(ws: Workspace, contact_id: str, dry_run: bool = False) -> Erasure:
    ws = unwritten(ws) if dry_run else ws

    def erase(session: Session) -> tuple[Erasure, list[int]]:
        if session.get(Contact, contact_id) is None:
            raise NotFound(f"no contact with id {contact_id!r}")
        return erase_contacts(session, ws, [contact_id])

    return run_erasure(ws, erase, dry_run=dry_run)


def forget_account(ws: Workspace, account_id: str, dry_run: bool = False) -> Erasure:
    """The account, its contacts and every item of either."""
    ws = unwritten(ws) if dry_run else ws

    def erase(session: Session) -> tuple[Erasure, list[int]]:
        if session.get(Account, account_id) is None:
            raise NotFound(f"no account with id {account_id!r}")
        return erase_account(session, ws, account_id)

    return run_erasure(ws, erase, dry_run=dry_run)


def erase_account(
    session: Session, ws: Workspace, account_id: str, remembered: bool = True
) -> tuple[Erasure, list[int]]:
    """`remembered`: into the register (a request); not for an expiry (retention). The account's
    name is masked where it stays (other people's messages and insights, needs, themes, notes,
    the trail, attributes): [ACCOUNT], unless it is one dictionary word (masking.common_word);
    a theme keyword that is its one word goes."""
    account = session.get(Account, account_id)
    name = (account.name or "").strip() if account is not None else ""
    contacts = select(Contact.id).where(Contact.account_id == account_id)
    items = select(Feedback.id).where(Feedback.account_id == account_id)
    erasure, insight_ids = erase_people(session, ws, contacts, items, remembered)
    erasure.survey_sends += session.execute(
        delete(SurveySend).where(SurveySend.account_id == account_id)
    ).rowcount
    erasure.accounts += session.execute(delete(Account).where(Account.id == account_id)).rowcount
    if remembered:
        remember(session, "account", [account_id])
    erasure.audit_masked += hide_erased_ids(session, "account", [account_id])
    # "Outlook", "Slack": a dictionary word is other people's word too ("Outlook calendar
    # sync"), which no mask can tell from the account's: it stays
    if name and not common_word(name):
        if re.fullmatch(r"[^\W_]{3,}", name):  # one word: a theme keyword may be it
            forget_names(session, {name.casefold()})
        erasure.add(mask_people(session, PersonMask(set(), accounts=[name])))
    return erasure, insight_ids


def forget_email(ws: Workspace, email: str, dry_run: bool = False) -> Erasure:
    """Every contact with this address (any case), their items, and the items of no contact
    whose metadata holds it as a whole address ("ann@example.com" is not "joann@example.com").
    Another contact's item that holds it (a cc) is theirs: masked, never deleted. Nothing found
    is an empty erasure, not an error: the answer to the request is 'none'."""
    ws = unwritten(ws) if dry_run else ws

    def erase(session: Session) -> tuple[Erasure, list[int]]:
        remember(session, "email", [email])  # a contact with it in an older backup, too
        contacts = contacts_with_email(session, email)
        # before the contacts' erasure masks the address
        naming = items_naming(session, email, Feedback.contact_id.is_(None))
        erasure, insight_ids = erase_contacts(session, ws, contacts)
        more, more_insights = erase_items(session, ws, naming)
        erasure.add(more)
        # the address itself: the contacts' names are masked with them, and a local part is no
        # one's name when no contact holds it ("thanks@" masked every "Thanks")
        erasure.add(mask_people(session, PersonMask(set(), {email})))
        return erasure, insight_ids + more_insights

    return run_erasure(ws, erase, dry_run=dry_run)


def same_address(a: str | None, b: str) -> bool:
    return a is not None and email_key(a) == email_key(b)


def contacts_with_email(session: Session, email: str) -> list[str]:
    """By the address's key (api.storage.tables.email_key): "JOSÉ@…" is "josé@…" on every store."""
    key = email_key(email)
    if key is None:
        return []
    return sorted(session.scalars(select(Contact.id).where(Contact.email_key == key)))


def items_naming(session: Session, email: str, *where: ColumnElement[bool]) -> list[int]:
    """Items (matching `where`) whose metadata holds the address (kept from an import's extra
    columns), read in Python: metadata is JSON text with non-ASCII letters escaped, which SQL
    cannot compare. An erasure by address deletes those of no contact (the address's own: an
    import that mapped no contact), and masks it in the others (`Carl's ticket, cc: Anke`)."""
    pattern, found = address_pattern(email), []
    query = select(Feedback.id, Feedback.meta).where(*where).execution_options(yield_per=2_000)
    for feedback_id, meta in session.execute(query):
        if meta and any(pattern.search(value) for value in strings_in(meta)):
            found.append(feedback_id)
    return found


def strings_in(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def erase_people(
    session: Session, ws: Workspace, contacts: Select, items: Select, remembered: bool = True
) -> tuple[Erasure, list[int]]:
    """The contacts `contacts` selects with their items, then the items `items` selects."""
    erasure, insight_ids = erase_contacts(session, ws, list(session.scalars(contacts)), remembered)
    more, more_insights = erase_items(session, ws, list(session.scalars(items)),
                                      remember=remembered)  # fmt: skip
    erasure.add(more)
    return erasure, insight_ids + more_insights


def erase_contacts(
    session: Session, ws: Workspace, contact_ids: list[str], remembered: bool = True
) -> tuple[Erasure, list[int]]:
    """`remembered`: their ids and addresses go into the register (a request, which a restore
    applies again); an expiry (retention) is not remembered."""
    items: list[int] = []
    people: list[tuple[str | None, str | None]] = []
    for part in chunks(contact_ids):
        items += session.scalars(select(Feedback.id).where(Feedback.contact_id.in_(part)))
        for contact_id, name, email, opted_out_at in session.execute(
            select(
                Contact.id, Contact.name, Contact.email, Contact.notifications_opted_out_at
            ).where(Contact.id.in_(part))
        ):
            if email and opted_out_at:  # an opt-out outlives the contact, even one expired
                remember(session, OPTED_OUT, [email])
            people.append((name, email))
            if remembered:
                remember(session, "contact", [contact_id])
                remember(session, "email", [email] if email else [])
    # their own notifications are deleted below: the items' erasure leaves them alone
    erasure, insight_ids = erase_items(session, ws, items, leaving=set(contact_ids),
                                       remember=remembered)  # fmt: skip
    for part in chunks(contact_ids):
        erasure.notifications += session.execute(
            delete(Notification).where(Notification.contact_id.in_(part))
        ).rowcount
        erasure.survey_sends += session.execute(
            delete(SurveySend).where(SurveySend.contact_id.in_(part))
        ).rowcount
        erasure.contacts += session.execute(delete(Contact).where(Contact.id.in_(part))).rowcount
    # before the masking: an id that is an address would be [EMAIL], and no longer matched
    erasure.audit_masked += hide_erased_ids(session, "contact", contact_ids)
    mask = people_mask(people, owners=set(contact_ids))
    forget_names(session, mask.names)  # in what stays, once their own rows are gone
    erasure.add(mask_people(session, mask))
    erasure.themes_masked += drop_name_words(session, mask.words)  # once the texts are masked
    return erasure, insight_ids


def erase_items(
    session: Session,
    ws: Workspace,
    feedback_ids: list[int],
    leaving: set[str] = frozenset(),
    remember: bool = True,
) -> tuple[Erasure, list[int]]:
    """Delete the items and what derives from them (SQL only; the caller deletes the returned
    insight ids from the vector store once this commits). Each item's key is remembered, unless
    not `remember` (retention: an expiry is no request to refuse the item ever after)."""
    erasure = Erasure()
    contacts: set[str] = set()
    for part in chunks(feedback_ids):
        rows = session.execute(
            select(Feedback.id, Feedback.source, Feedback.external_id, Feedback.contact_id).where(
                Feedback.id.in_(part)
            )
        ).all()
        for feedback_id, source, external_id, contact_id in rows:
            erased_items(session)[feedback_id] = item_ref(feedback_id, source, external_id)
            if remember:
                plain = item_digest(source_key(source), external_id)
                session.merge(ForgottenItem(digest=register_digest(session, plain)))
            if contact_id:
                contacts.add(contact_id)
        erasure.feedback += len(rows)
    dropped = drop_insights(session, ws, feedback_ids)
    erasure.add(dropped.erasure)
    for part in chunks(feedback_ids):
        erasure.actions += session.execute(
            delete(FeedbackAction).where(FeedbackAction.feedback_id.in_(part))
        ).rowcount
        # webhook bodies not sent (or sent) quote its insights
        erasure.webhook_deliveries += forget_deliveries(session, part)
        session.execute(delete(Feedback).where(Feedback.id.in_(part)))
    erasure.notifications += scrub_notifications(
        session, contacts - leaving, dropped.texts, ERASED if remember else EXPIRED
    )
    session.flush()
    sync_needs(session, dropped.needs)
    return erasure, dropped.insight_ids


@dataclass
class DroppedInsights:
    erasure: Erasure  # insights, need links, suggestions, webhook deliveries that lost a quote
    insight_ids: list[int]  # for the vector store, once the transaction commits
    texts: list[str]  # their words, which notifications may quote
    needs: set[int]  # the needs that lost evidence: sync_needs once the rest is done


def drop_insights(session: Session, ws: Workspace, feedback_ids: list[int]) -> DroppedInsights:
    """Delete the items' insights and what hangs on them: need links (each need's centroid
    forgets the evidence), suggestions, quotes kept by themes and alerts. For an erasure, and
    for an edit, whose text is analysed again (api/feedback/edits.py)."""
    erasure = Erasure()
    insights: dict[int, tuple[bytes | None, str]] = {}
    for part in chunks(feedback_ids):
        for insight_id, vector, text in session.execute(
            select(Insight.id, Insight.vector, Insight.text).where(Insight.feedback_id.in_(part))
        ):
            insights[insight_id] = (vector, text)
    insight_ids = list(insights)
    needs: set[int] = set()
    for part in chunks(insight_ids):
        for insight_id, need_id in session.execute(
            select(NeedLink.insight_id, NeedLink.need_id).where(NeedLink.insight_id.in_(part))
        ):
            vector = insights[insight_id][0]
            if vector is not None:  # the need's centroid forgets this evidence
                move_centroid(session, ws, need_id, np.frombuffer(vector, np.float32), sign=-1.0)
            needs.add(need_id)
        erasure.need_links += session.execute(
            delete(NeedLink).where(NeedLink.insight_id.in_(part))
        ).rowcount
        erasure.suggestions += session.execute(
            delete(NeedSuggestion).where(NeedSuggestion.insight_id.in_(part))
        ).rowcount
    for part in chunks(feedback_ids):
        erasure.insights += session.execute(
            delete(Insight).where(Insight.feedback_id.in_(part))
        ).rowcount
    erasure.webhook_deliveries += forget_quotes(session, set(insight_ids))
    texts = [text for _, text in insights.values() if text]
    return DroppedInsights(erasure, insight_ids, texts, needs)


def sync_needs(session: Session, need_ids: set[int]) -> None:
    """Each need's outbox follows its evidence left: a customer with none left is not told."""
    for need_id in sorted(need_ids):
        if (need := session.get(Need, need_id)) is not None:
            sync_outbox(session, need)


def forget_quotes(session: Session, insight_ids: set[int]) -> int:
    """Themes keep their most typical insights' ids; alerts keep the quotes they sent, and so do
    the theme.emerging webhook deliveries made of them. Returns how many deliveries lost one."""
    if not insight_ids:
        return 0
    for theme in session.scalars(select(Theme)):
        if insight_ids.intersection(theme.quotes or []):
            theme.quotes = [q for q in theme.quotes if q not in insight_ids]
    alerts = session.scalars(select(ThemeAlert)).all()
    sent_alerts = session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.event == THEME_EMERGING)
    ).all()
    lost = 0
    for row in [*alerts, *sent_alerts]:
        if (left := quotes_left(row.payload, insight_ids)) is not None:
            row.payload, lost = left, lost + isinstance(row, WebhookDelivery)
    return lost


def quotes_left(payload: dict | None, insight_ids: set[int]) -> dict | None:
    """An alert's body without the erased insights' quotes; None when it quoted none."""
    quotes = (payload or {}).get("quotes") or []
    kept = [q for q in quotes if q.get("insight_id") not in insight_ids]
    return {**payload, "quotes": kept} if len(kept) != len(quotes) else None


def forget_names(session: Session, names: set[str]) -> None:
    """Theme keywords and labels that hold an erased person's whole name (`names` as
    masking.full_names gives them; a word of it alone is another word: "slack" stays when "Will
    Slack" goes) go (a label a person gave stays: it is theirs to change); alerts' keywords and
    theme names too, and those of the theme.emerging webhook deliveries (sent or not)."""
    pattern = names_regex(names)
    if pattern is None:
        return

    def named(text: str) -> bool:
        return bool(pattern.search(bare(text)))

    for theme in session.scalars(select(Theme)):
        relabel(theme, named)
    sent_alerts = select(WebhookDelivery).where(WebhookDelivery.event == THEME_EMERGING)
    for alert in [*session.scalars(select(ThemeAlert)), *session.scalars(sent_alerts)]:
        about = (alert.payload or {}).get("theme") or {}
        keywords = about.get("keywords") or []
        if any(named(k) for k in keywords) or named(about.get("name") or ""):
            kept = [k for k in keywords if not named(k)]
            name = about.get("name") or ""
            about = {**about, "keywords": kept,
                     "name": " · ".join(kept[:2]) if named(name) else name}  # fmt: skip
            alert.payload = {**alert.payload, "theme": about}
        loose = (alert.payload or {}).get("loose") or []  # an unthemed alert's themes
        if any(named(t.get("name") or "") for t in loose):
            loose = [{**t, "name": f"Theme {t['id']}"} if named(t.get("name") or "") else t
                     for t in loose]  # fmt: skip
            alert.payload = {**alert.payload, "loose": loose}


def scrub_notifications(
    session: Session, contacts: set[str], texts: list[str], body: str = ERASED
) -> int:
    """A notification to the items' writers may quote the erased words, about any need (the
    link may have moved or gone since it was written): a pending one is dropped (sync_outbox
    writes it again from the evidence left, if any), any other keeps its row (a sent one closed
    the loop) with `body` for its text: ERASED, or EXPIRED for a retention purge."""
    if not contacts or not texts:
        return 0
    touched = 0
    rows = session.scalars(
        select(Notification).where(Notification.contact_id.in_(sorted(contacts)))
    )
    for row in rows:
        if not any(text in row.body for text in texts):
            continue
        if row.status == "pending":
            session.delete(row)
        else:
            row.body = body
        touched += 1
    return touched


def reapply_erasures(ws: Workspace, since: datetime | None = None) -> Erasure:
    """Erase again what the register names (after a restore of an older backup): items, and the
    contacts (by id or address) and accounts erased at or after `since` (the backup's time; a
    contact re-created after an earlier erasure is new data the backup holds). The trail gets
    one event per kind erased again, with counts and no identity."""

    def erase(session: Session) -> tuple[Erasure, list[int]]:
        def keyed(plain: str) -> str:
            return register_digest(session, plain)

        register = set(session.scalars(select(ForgottenItem.digest)))
        rows = session.execute(select(Feedback.id, Feedback.source, Feedback.external_id))
        items = [
            i
            for i, source, ext in rows
            if {keyed(item_digest(source, ext)), keyed(item_digest(source_key(source), ext))}
            & register
        ]
        parties = select(ForgottenParty.digest)
        if since is not None:
            parties = parties.where(ForgottenParty.forgotten_at >= since)
        register = set(session.scalars(parties))
        accounts = [a for a in session.scalars(select(Account.id))
                    if keyed(party_digest("account", a)) in register]  # fmt: skip
        erasures = {"account": Erasure(), "contact": Erasure()}
        insight_ids: list[int] = []
        for account_id in accounts:
            erasure, more = erase_account(session, ws, account_id)
            erasures["account"].add(erasure)
            insight_ids += more
        contacts = [
            contact_id
            for contact_id, email in session.execute(select(Contact.id, Contact.email))
            if keyed(party_digest("contact", contact_id)) in register
            or (email and keyed(party_digest("email", email)) in register)
        ]
        erasure, more = erase_contacts(session, ws, contacts)
        erasures["contact"].add(erasure)
        erasure, more_items = erase_items(session, ws, items)
        erasures["feedback"] = erasure
        for kind, erasure in erasures.items():
            if erasure != Erasure():
                record(session, "restore", "erasure re-applied after restore", kind, "",
                       erasure.model_dump())  # fmt: skip
        total = Erasure()
        for erasure in erasures.values():
            total.add(erasure)
        return total, insight_ids + more + more_items

    return run_erasure(ws, erase)
