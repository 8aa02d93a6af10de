"""Whether a re-sent item (same source + external id) differs from what is stored. The stored
item is kept as it is (idempotency); the answer says the edit was not taken (`changed`)."""

from collections.abc import Sequence

from sqlalchemy import select

from api.feedback.schemas import FeedbackIn
from api.storage.tables import Contact, Feedback
from api.workspace import Workspace


def changed(
    ws: Workspace, duplicates: Sequence[FeedbackIn], ids: dict[tuple[str, str], int]
) -> list[bool]:
    """For each of `duplicates` (stored under `ids`), whether its text, score or metadata
    differ from the stored item's. An analysed item keeps only its redacted text: the re-sent
    text is normalised and redacted the same way first, in the language found at storage (no
    detection, no model: regular expressions, or the name model where it is on), with the stored
    item's contact name masked as it was at storage."""
    if not duplicates:
        return []
    with ws.db.session() as session:
        query = select(Feedback.id, Feedback.raw_text, Feedback.text, Feedback.language,
                       Feedback.score, Feedback.meta, Contact.name.label("contact_name"))  # fmt: skip
        query = query.outerjoin(Contact, Feedback.contact_id == Contact.id)
        wanted = {ids[item.key] for item in duplicates}
        rows = {row.id: row for row in session.execute(query.where(Feedback.id.in_(wanted)))}
    answer, unsure = [False] * len(duplicates), []
    for position, item in enumerate(duplicates):
        row = rows.get(ids[item.key])
        if row is None:  # erased since: nothing left to differ from
            continue
        if row.score != item.score or (row.meta or {}) != item.metadata:
            answer[position] = True
        elif row.raw_text is not None:  # still pending: the words as received
            answer[position] = row.raw_text != item.text
        elif (row.text or "") != item.text:
            names = [row.contact_name] if row.contact_name else []
            unsure.append(
                (position, item.text, row.language or item.language, names, row.text or "")
            )
    if unsure:
        positions, texts, languages, names, stored = zip(*unsure, strict=True)
        redone = ws.tagger.stored_texts(texts, languages, names)
        for position, text, was in zip(positions, redone, stored, strict=True):
            answer[position] = text != was
    return answer
