"""Edits of a stored item (PUT /v1/feedback/{id}): a help-desk ticket whose text was fixed or
added to. The item keeps its id, source, external id, dates and people; its text, score,
metadata and language are replaced, and it is analysed again as a new item is. Its old insights
go with what hangs on them (need links, suggestions, quotes kept by themes and alerts, webhook
deliveries not sent yet, the words of those sent) in the transaction that stores the edit,
before the answer; their vectors leave the vector store once it commits. Re-sending with POST
still stores nothing."""

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.audit import record
from api.errors import NotFound
from api.failures import failure_logged
from api.feedback.changes import changed
from api.feedback.schemas import FeedbackIn
from api.feedback.service import Accepted, analyse_stored
from api.privacy.service import drop_insights, sync_needs
from api.storage.tables import Feedback
from api.webhooks.events import supersede_deliveries
from api.workspace import INSIGHTS, Workspace

log = logging.getLogger("boucle.ingest")


def edit_item(
    ws: Workspace, feedback_id: int, item: FeedbackIn, actor: str, compare: bool = True
) -> Accepted:
    """Store `item` (the stored source and external id, the new text, score, metadata and
    language) as item `feedback_id`'s message, then analyse it. With `compare`, an edit that
    changes nothing (compared as a POST re-send is: `changed`) does nothing and answers as a
    duplicate; without (an import that knows it differs), it is always stored."""
    if compare and not differs(ws, feedback_id, item):
        return Accepted(item, feedback_id, created=False)
    if only_metadata_differs(ws, feedback_id, item):
        return replace_metadata(ws, feedback_id, item, actor)
    with ws.write_lock, ws.db.session() as session:
        row = locked_row(session, feedback_id)
        dropped = drop_insights(session, ws, [feedback_id])
        # its own deliveries, and theme alerts' that quoted its old insights (drop_insights)
        deliveries = supersede_deliveries(session, feedback_id) + dropped.erasure.webhook_deliveries
        replace_message(row, item)
        # what went, never the words (the trail is read by people who may not read feedback)
        detail = {"insights": dropped.erasure.insights, "need_links": dropped.erasure.need_links,
                  "webhook_deliveries": deliveries}  # fmt: skip
        record(session, actor, "feedback.edit", "feedback", feedback_id, detail)
        session.flush()
        sync_needs(session, dropped.needs)
    try:
        ws.vectors.delete(INSIGHTS, dropped.insight_ids)
    except Exception as error:  # the edit is stored: the start-up check repairs the store
        log.error("edited item %d: its old vectors stay until the vector store is repaired: %s",
                  feedback_id, failure_logged(error))  # fmt: skip
    analyse_stored(ws, [feedback_id])
    return Accepted(item, feedback_id, created=False, updated=True)


def locked_row(session: Session, feedback_id: int) -> Feedback:
    """The item's row, locked for the edit; NotFound if it was erased since it was read."""
    row = session.scalars(
        select(Feedback).where(Feedback.id == feedback_id).with_for_update(of=Feedback)
    ).one_or_none()
    if row is None:
        raise NotFound(f"no feedback with id {feedback_id}")
    return row


def differs(ws: Workspace, feedback_id: int, item: FeedbackIn) -> bool:
    """Whether the edit changes the stored text, score, metadata or given language."""
    with ws.db.session() as session:
        language = session.scalar(select(Feedback.given_language).where(Feedback.id == feedback_id))
    return language != item.language or changed(ws, [item], {item.key: feedback_id})[0]


def only_metadata_differs(ws: Workspace, feedback_id: int, item: FeedbackIn) -> bool:
    """Whether the edit keeps the stored text (compared as a re-send is), score and given
    language: then nothing the analysis read changes (an import's --update-changed of a kept
    column re-analysed every row, 100 rows 77 s)."""
    with ws.db.session() as session:
        stored = session.execute(
            select(Feedback.score, Feedback.meta, Feedback.given_language).where(
                Feedback.id == feedback_id
            )
        ).one_or_none()
    if stored is None or (stored.score, stored.given_language) != (item.score, item.language):
        return False
    same_metadata = item.model_copy(update={"metadata": stored.meta or {}})
    return not changed(ws, [same_metadata], {item.key: feedback_id})[0]


def replace_metadata(ws: Workspace, feedback_id: int, item: FeedbackIn, actor: str) -> Accepted:
    """An edit of the metadata alone, stored as it is: the analysis, insights and their links
    stay (none read the metadata, which is read from SQL where it is filtered on); no webhook,
    as nothing was analysed."""
    with ws.write_lock, ws.db.session() as session:
        row = locked_row(session, feedback_id)
        row.meta = item.metadata
        detail = {"insights": 0, "need_links": 0, "webhook_deliveries": 0, "metadata_only": True}
        record(session, actor, "feedback.edit", "feedback", feedback_id, detail)
    return Accepted(item, feedback_id, created=False, updated=True)


def replace_message(row: Feedback, item: FeedbackIn) -> None:
    """The item's message as received, waiting for analysis as a new one does."""
    row.raw_text = item.text
    row.given_language = item.language
    row.score = item.score
    row.meta = item.metadata
    row.status = "pending"
    row.text = row.language = None
    row.sentiment_label = row.sentiment_score = None
    row.urgency_level = row.urgency_score = None
    row.intents, row.intent_labels, row.tags = [], ",", {}
    row.analysed_at = row.last_error = row.next_attempt_at = None
    row.attempts = 0
    row.edits += 1  # its next analysis's webhook delivery is a message of its own
