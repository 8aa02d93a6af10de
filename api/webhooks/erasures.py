"""feedback.erased: a receiver that was sent items' words (feedback.analysed bodies,
theme.emerging quotes) is told which items an erasure on request deleted or masked, so that it
deletes or refreshes its copies (GDPR Art. 17(2) and 19). The body names items by their ids
alone, never the erased person's name or address. Written in the erasure's transaction, through
the same outbox as the other events (signed, keyed, retried)."""

from collections.abc import Iterable
from datetime import UTC, datetime
from itertools import zip_longest
from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.storage.tables import Feedback
from api.webhooks.event_names import FEEDBACK_ANALYSED, FEEDBACK_ERASED, THEME_EMERGING
from api.webhooks.events import stored, subscribers

PER_DELIVERY = 500  # items per body: an account's erasure may take thousands


def item_ref(feedback_id: int, source: str, external_id: str) -> dict:
    """What a receiver finds its copy by: Boucle's id, or the source's own."""
    return {"feedback_id": feedback_id, "source": source, "external_id": external_id}


def stored_refs(session: Session, feedback_ids: Iterable[int]) -> list[dict]:
    ids, refs = sorted(feedback_ids), []
    for start in range(0, len(ids), PER_DELIVERY):
        query = select(Feedback.id, Feedback.source, Feedback.external_id).where(
            Feedback.id.in_(ids[start : start + PER_DELIVERY])
        )
        refs += [item_ref(*row) for row in session.execute(query.order_by(Feedback.id))]
    return refs


def parts(erased: list[dict], masked: list[dict]) -> list[tuple[list[dict], list[dict]]]:
    """The bodies' (erased, masked) lists, PER_DELIVERY items of each at most in one body."""
    cut = PER_DELIVERY
    return list(zip_longest([erased[i : i + cut] for i in range(0, len(erased), cut)],
                            [masked[i : i + cut] for i in range(0, len(masked), cut)],
                            fillvalue=[]))  # fmt: skip


def enqueue_erased(session: Session, erased: dict[int, dict], masked_ids: set[int]) -> int:
    """One delivery (or one per PER_DELIVERY items) per subscription that was sent items' words
    or takes feedback.erased: `erased` the items deleted (their refs, read before), `masked_ids`
    those whose text lost an erased name. Returns how many rows were written."""
    subscription_ids = subscribers(session, FEEDBACK_ANALYSED, THEME_EMERGING, FEEDBACK_ERASED)
    if not subscription_ids:
        return 0
    masked = stored_refs(session, masked_ids - erased.keys())  # erased after their masking
    if not (erased or masked):
        return 0
    erasure, now = uuid4().hex, datetime.now(UTC).isoformat()
    values = [
        {"subscription_id": sub_id, "event": FEEDBACK_ERASED, "feedback_id": None,
         "payload": {"event": FEEDBACK_ERASED, "erased": gone, "masked": changed, "erased_at": now},
         "status": "pending", "attempts": 0,
         "idempotency_key": f"boucle:webhook:{sub_id}:erasure:{erasure}:{n}"}
        for n, (gone, changed) in enumerate(parts([erased[i] for i in sorted(erased)], masked))
        for sub_id in subscription_ids
    ]  # fmt: skip
    return stored(session, values)
