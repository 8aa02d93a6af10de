"""Ingestion as plain functions: accept (commit as pending), then analyse (insights, vectors, needs).
Used by POST /v1/feedback, `boucle import`, the worker and the tests."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from analyzer import Analysis
from analyzer import Insight as AnalysedInsight
from api.accounts.service import accounts_of_contacts, contacts_not_stored
from api.failures import failure_logged
from api.feedback.attach import attach_all
from api.feedback.changes import changed
from api.feedback.people import upsert_people
from api.feedback.retries import next_attempt_at
from api.feedback.schemas import FeedbackIn
from api.feedback.views import INSIGHTS_SHOWN
from api.metrics.instruments import ANALYSIS_ATTEMPTS, ANALYSIS_FAILURES
from api.needs.matching import match_insights
from api.privacy.service import forgotten_keys
from api.storage.db import insert_new_rows
from api.storage.tables import Account, Feedback, Insight, utcnow
from api.vectors import VectorFilter
from api.webhooks.events import enqueue_analysed
from api.workspace import INSIGHTS, Workspace

log = logging.getLogger("boucle.ingest")


@dataclass
class Accepted:
    item: FeedbackIn
    id: int | None  # None: the item was erased on request earlier, and is not stored again
    created: bool
    changed: bool = False  # a duplicate whose text, score or metadata differ (not stored)
    updated: bool = False  # an edit stored (PUT /v1/feedback/{id}): analysed again
    # inline "contact"/"account" fields not written (fill_only): name -> whether they differ
    ignored: dict[str, dict[str, bool]] = field(default_factory=dict)
    # a duplicate's "contact"/"account" given to the stored item, which had none
    attached: set[str] = field(default_factory=set)
    # its `contact_id` named no stored contact (nor an address): a contact made with no field
    contact_made_empty: bool = False

    @property
    def forgotten(self) -> bool:
        return self.id is None


def accept(ws: Workspace, items: Sequence[FeedbackIn]) -> list[Accepted]:
    """Store every new item as pending, in one transaction, before anything can fail; items
    already stored (same source + external id, also twice in one batch) are duplicates, and
    items erased on request are not stored again (nor are their people)."""
    with ws.write_lock, ws.db.session() as session:
        forgotten = forgotten_keys(session, {(i.source, i.external_id) for i in items})
        first: dict[tuple[str, str], FeedbackIn] = {}
        for item in items:
            if item.key not in forgotten:
                first.setdefault(item.key, item)
        stored = stored_ids(session, list(first))
        # A re-sent item changes no stored account or contact (a replayed backlog would put
        # back last year's segment and ARR); it may give the item those it lacks (attach_repeats).
        fresh = [item for key, item in first.items() if key not in stored]
        # a bare contact_id nobody has: the item is kept (ingest loses nothing), its answer
        # says the contact was made empty, where a survey send refuses the id (a typo?)
        nobody = bare_contacts_not_stored(session, fresh)
        moved, known_people, known_accounts, ignored = upsert_people(session, fresh)
        created_ids = insert_new(session, fresh, known_people, known_accounts)
        known = {**stored, **stored_ids(session, [item.key for item in fresh])}
    follow_segments(ws, moved)
    accepted, seen = [], set()
    for item in items:
        feedback_id = known.get(item.key)  # None: forgotten
        created = feedback_id in created_ids and item.key not in seen
        seen.add(item.key)
        kept = ignored.get(item.key, {}) if created else {}
        made_empty = created and makes_empty_contact(item, nobody)
        accepted.append(Accepted(item, feedback_id, created, ignored=kept,
                                 contact_made_empty=made_empty))  # fmt: skip
    repeats = [a for a in accepted if not a.created and not a.forgotten]
    for repeat, differs in zip(repeats, changed(ws, [a.item for a in repeats], known), strict=True):
        repeat.changed = differs
    attach_repeats(ws, repeats)
    return accepted


def bare_contacts_not_stored(session: Session, items: Sequence[FeedbackIn]) -> set[str]:
    """The `contact_id`s sent bare (no inline contact) that name no stored contact nor an
    address: storing one makes an empty contact."""
    bare = [item.contact_id for item in items if item.contact_id and not item.contact]
    return contacts_not_stored(session, bare)


def makes_empty_contact(item: FeedbackIn, nobody: set[str]) -> bool:
    """`item` names a contact by a bare id of `nobody` (bare_contacts_not_stored)."""
    return not item.contact and item.contact_id in nobody


def follow_segments(ws: Workspace, moved: dict[str, str | None]) -> None:
    """Search filters by segment: stored insights follow their account's new segment."""
    for account_id, segment in moved.items():
        where = VectorFilter(equals={"account_id": account_id})
        ws.vectors.set_payload_where(INSIGHTS, where, {"segment": segment or ""})


def attach_repeats(ws: Workspace, repeats: list[Accepted]) -> None:
    """Give stored items the contact or account a re-send brings where they have none
    (api/feedback/attach.py), committed before the answer. After `changed`, which redacts the
    re-sent text with the contact name the item was stored with."""
    bringing = [r for r in repeats if r.item.contact_ref or r.item.account_ref]
    if not bringing:
        return
    with ws.write_lock, ws.db.session() as session:
        # read before attaching: a re-send whose bare contact_id names nobody makes that
        # contact empty, which is said as at a first send
        nobody = bare_contacts_not_stored(session, [r.item for r in bringing])
        answers, moved = attach_all(session, [(r.id, r.item) for r in bringing])
        given = [r.id for r, (attached, _) in zip(bringing, answers, strict=True)
                 if "account" in attached]  # fmt: skip
        accounts = session.execute(
            select(Feedback.id, Feedback.account_id, Account.segment)
            .outerjoin(Account, Feedback.account_id == Account.id)
            .where(Feedback.id.in_(given))
        ).all() if given else []  # fmt: skip
    for repeat, (attached, ignored) in zip(bringing, answers, strict=True):
        repeat.attached, repeat.ignored = attached, ignored
        repeat.contact_made_empty = "contact" in attached and makes_empty_contact(
            repeat.item, nobody
        )
    follow_segments(ws, moved)
    for feedback_id, account_id, segment in accounts:  # an analysed item's insights follow it
        where = VectorFilter(equals={"feedback_id": feedback_id})
        payload = {"account_id": account_id or "", "segment": segment or ""}
        ws.vectors.set_payload_where(INSIGHTS, where, payload)


def insert_new(session: Session, items: list[FeedbackIn], known: dict[str, str],
               accounts: dict[str, str] | None = None) -> set[int]:  # fmt: skip
    """INSERT ... ON CONFLICT DO NOTHING: concurrent senders of one item store it once. `known`:
    contact refs that are another contact's address; `accounts`: account refs that name another
    account (ensure_accounts). An item naming a contact and no account is that contact's
    account's (its search filters, export and evidence show the customer)."""
    accounts_named = accounts or {}
    if not items:
        return set()
    now = utcnow()
    # an item sent without a date is dated now, to the second: times are written out as
    # 2026-11-02T10:00:00Z (README), in every export and API answer, search hits included
    dated_now = now.replace(microsecond=0)
    contacts = {item.key: known.get(item.contact_ref, item.contact_ref) for item in items}
    accounts = accounts_of_contacts(
        session, [contacts[i.key] for i in items if contacts[i.key] and not i.account_ref]
    )
    rows = [
        {
            "source": item.source,
            "source_key": item.key[0],
            "external_id": item.external_id,
            "status": "pending",
            "raw_text": item.text,
            "given_language": item.language,
            "created_at": (item.created_at or dated_now).astimezone(UTC),
            "received_at": now,
            "updated_at": now,
            "account_id": accounts_named.get(item.account_ref, item.account_ref)
            or accounts.get(contacts[item.key]),
            "contact_id": contacts[item.key],
            "score": item.score,
            "metadata": item.metadata,
            "intents": [],
            "intent_labels": ",",
            "tags": {},
            "attempts": 0,
        }
        for item in items
    ]
    return insert_new_rows(session, Feedback.__table__, rows, ["source_key", "external_id"])


def stored_ids(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """The ids of the items stored under these keys (FeedbackIn.key)."""
    found: dict[tuple[str, str], int] = {}
    by_source: dict[str, list[str]] = {}
    for key, external_id in keys:
        by_source.setdefault(key, []).append(external_id)
    for key, external_ids in by_source.items():
        for start in range(0, len(external_ids), 500):
            query = select(Feedback.id, Feedback.external_id).where(
                Feedback.source_key == key,
                Feedback.external_id.in_(external_ids[start : start + 500]),
            )
            found.update({(key, ext): fid for fid, ext in session.execute(query)})
    return found


@dataclass
class Pending:
    """Items waiting for analysis: their ids, unredacted texts, given languages and the names
    their texts may hold (the contact's, masked by redaction)."""

    ids: list[int]
    texts: list[str]
    languages: list[str | None]
    names: list[list[str]] = field(default_factory=list)


def pending_work(ws: Workspace, feedback_ids: Sequence[int]) -> Pending:
    with ws.db.session() as session:
        rows = session.scalars(
            select(Feedback)
            .where(Feedback.id.in_(feedback_ids), Feedback.status == "pending")
            .order_by(Feedback.id)  # insight ids in arrival order on either database
        ).all()
        return Pending(
            [row.id for row in rows],
            [row.raw_text for row in rows],
            [row.given_language for row in rows],
            [[row.contact.name] if row.contact and row.contact.name else [] for row in rows],
        )


def analyse(ws: Workspace, feedback_ids: Sequence[int]) -> set[int]:
    """Analyse pending items and store the results; returns the ids now analysed. A failure
    leaves its items pending (with the error and attempt count) for the worker to retry."""
    work = pending_work(ws, feedback_ids)
    if not work.ids:
        return set()
    try:
        analyses = ws.tagger.analyze_many(work.texts, work.languages, names=work.names)
    except Exception as error:
        record_failure(ws, work.ids, error)
        raise
    return save_analyses(ws, work.ids, analyses, work.texts)


def save_analyses(
    ws: Workspace, ids: list[int], analyses: list[Analysis], texts: list[str]
) -> set[int]:
    """Store analyses made here or in an analysis pool of `texts` (the items' raw texts as
    read for it); a failure leaves the items pending."""
    try:
        with ws.write_lock, ws.db.session() as session:
            stored = store_analyses(session, ws, ids, analyses, texts)
    except Exception as error:  # stored and retried; never lost, never half-stored
        record_failure(ws, ids, error)
        raise
    ANALYSIS_ATTEMPTS.inc(len(ids))
    return stored


def record_failure(ws: Workspace, ids: list[int], error: Exception) -> None:
    """Count the failure on each item, with the error in one line without the text (a
    database error quotes the row), and when the worker may try again."""
    summary = failure_logged(error)
    ANALYSIS_ATTEMPTS.inc(len(ids))
    ANALYSIS_FAILURES.inc(len(ids))
    with ws.db.session() as session:
        for row in session.scalars(select(Feedback).where(Feedback.id.in_(ids))):
            row.attempts += 1
            row.last_error = summary
            row.next_attempt_at = next_attempt_at(ws.settings, row.attempts)


def store_analyses(
    session: Session, ws: Workspace, ids: list[int], analyses: list[Analysis], texts: list[str]
) -> set[int]:
    rows = {
        row.id: row
        for row in session.scalars(
            select(Feedback)
            .where(Feedback.id.in_(ids), Feedback.status == "pending")
            .with_for_update(of=Feedback)
        )
    }
    parts: list[tuple[dict, np.ndarray | None, Feedback]] = []
    for feedback_id, analysis, text in zip(ids, analyses, texts, strict=True):
        row = rows.get(feedback_id)
        if row is None:  # someone else analysed it meanwhile
            continue
        if row.raw_text != text:  # edited meanwhile: its new text waits for its own analysis
            del rows[feedback_id]
            continue
        fill_feedback(row, analysis)
        parts += [
            (insight_values(row.id, position, part), part.vector, row)
            for position, part in enumerate(analysis.insights)
        ]
    session.flush()  # the feedback rows' updates, before their insights
    if not parts:
        enqueue_analysed(session, list(rows.values()), [])
        return set(rows)
    embedded = [(values, vector) for values, vector, _ in parts if vector is not None]
    if embedded:
        themes = ws.themes.assign(np.vstack([vector for _, vector in embedded]))
        for (values, _), (theme_id, score) in zip(embedded, themes, strict=True):
            values["theme_id"], values["theme_score"] = theme_id, score
    # One INSERT ... RETURNING for the batch: the unit of work's per-object flush cost more
    # than the analysis it stores.
    statement = insert(Insight).returning(Insight, sort_by_parameter_order=True)
    inserted = session.scalars(statement, [values for values, _, _ in parts]).all()
    new_insights = [
        (insight, vector, row)
        for insight, (_, vector, row) in zip(inserted, parts, strict=True)
        if vector is not None
    ]
    links = match_insights(session, ws, [(i, v) for i, v, _ in new_insights])
    enqueue_analysed(session, list(rows.values()), inserted)  # sent by the worker, off this path
    if new_insights:
        ws.vectors.upsert(
            INSIGHTS,
            [i.id for i, _, _ in new_insights],
            np.vstack([v for _, v, _ in new_insights]),
            [insight_payload(i, f, links.get(i.id)) for i, _, f in new_insights],
        )
    return set(rows)


def insight_values(feedback_id: int, position: int, part: AnalysedInsight) -> dict:
    return {
        "feedback_id": feedback_id,
        "position": position,
        "start": part.start,
        "end": part.end,
        "text": part.text,
        "sentiment_label": part.sentiment.label if part.sentiment else None,
        "sentiment_score": part.sentiment.score if part.sentiment else None,
        "intents": [{"label": i.label, "score": i.score} for i in part.intents],
        "urgency_level": part.urgency.level if part.urgency else None,
        "urgency_score": part.urgency.score if part.urgency else None,
        "vector": vector_bytes(part.vector),
        "theme_id": None,  # set from the vector, at storage (ThemeIndex.assign)
        "theme_score": None,
    }


def fill_feedback(row: Feedback, analysis: Analysis) -> None:
    row.text = analysis.text
    row.raw_text = None  # the unredacted words are not kept once analysed
    row.language = analysis.language
    row.sentiment_label = analysis.sentiment.label if analysis.sentiment else None
    row.sentiment_score = analysis.sentiment.score if analysis.sentiment else None
    row.urgency_level = analysis.urgency.level if analysis.urgency else None
    row.urgency_score = analysis.urgency.score if analysis.urgency else None
    row.intents = [{"label": i.label, "score": i.score} for i in analysis.intents]
    row.intent_labels = "," + "".join(f"{i.label}," for i in analysis.intents)
    row.tags = analysis.tags
    row.status = "analysed"
    row.analysed_at = datetime.now(UTC)
    row.last_error = None
    row.next_attempt_at = None


def vector_bytes(vector: np.ndarray | None) -> bytes | None:
    return None if vector is None else np.asarray(vector, dtype=np.float32).tobytes()


def insight_payload(insight: Insight, feedback: Feedback, need_id: int | None) -> dict:
    """What search filters on, copied next to the vector."""
    return {
        "feedback_id": feedback.id,
        "source": feedback.source,
        "language": feedback.language or "und",
        "created_ts": feedback.created_at.timestamp(),
        "sentiment": insight.sentiment_label or "",
        "intents": [i["label"] for i in insight.intents],
        "urgency": insight.urgency_level or "",
        "account_id": feedback.account_id or "",
        "segment": (feedback.account.segment if feedback.account else None) or "",
        "need_id": need_id if need_id is not None else -1,
        "theme_id": insight.theme_id if insight.theme_id is not None else -1,
        # no score: no key, so that a score_min/score_max range leaves the message out
        **({"score": feedback.score} if feedback.score is not None else {}),
    }


def ingest(ws: Workspace, items: Sequence[FeedbackIn]) -> list[Accepted]:
    """Accept, then analyse what is new. Analysis errors leave items pending (reported by
    `pending_ids`), never lost: the caller still gets 2xx for stored items."""
    accepted = accept(ws, items)
    analyse_stored(ws, [a.id for a in accepted if a.created])
    return accepted


def analyse_stored(ws: Workspace, feedback_ids: list[int]) -> None:
    """Analyse items just committed; a failure is recorded on the rows for the worker to retry,
    not raised: the items are stored, and the caller answers 2xx."""
    if not feedback_ids:
        return
    try:
        analyse(ws, feedback_ids)
    except Exception as error:  # recorded on the rows; the worker retries
        log.error("analysis failed; %d items stay pending for the worker: %s",
                  len(feedback_ids), failure_logged(error))  # fmt: skip


def pending_ids(session: Session, ids: Sequence[int]) -> set[int]:
    return set(
        session.scalars(
            select(Feedback.id).where(Feedback.id.in_(ids), Feedback.status == "pending")
        )
    )


def load_feedback(session: Session, ids: Sequence[int]) -> dict[int, Feedback]:
    query = select(Feedback).where(Feedback.id.in_(ids)).options(*INSIGHTS_SHOWN)
    return {row.id: row for row in session.scalars(query)}
