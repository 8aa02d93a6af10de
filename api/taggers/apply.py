"""A live tagger applied to the items stored before it went live (it tags what arrives after on its
own): `boucle taggers apply NAME [--since DATE]`."""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from analyzer.taggers import stored_tag, tagger_answers
from api.storage import Database
from api.storage.tables import Feedback
from api.taggers.service import Taggers
from api.taggers.store import TaggerNotFound

BATCH = 256  # items read, tagged and committed at a time


def apply_tagger(
    database: Database,
    taggers: Taggers,
    name: str,
    since: datetime | None = None,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Tag every analysed item (created at or after `since`) with the live version of `name`,
    in id order, a batch committed at a time; returns how many were tagged. The tag is the one
    ingestion would have given (the stored redacted text, prepared and embedded again), written
    under the tagger's name beside the other taggers' tags: running it again gives the same
    tags, so an interrupted run is simply run again. TaggerNotFound if `name` is not live, or
    is deleted meanwhile (`boucle taggers delete`, DELETE): the run stops there."""
    taggers.store.live_version(name)
    head = taggers.analyzer.resources.taggers.get(name) or taggers.store.head(
        name, taggers.embedder
    )
    query = (
        select(Feedback.id, Feedback.text)
        .where(Feedback.status == "analysed", Feedback.text.is_not(None), Feedback.text != "")
        .order_by(Feedback.id)
        .limit(batch)
    )
    if since is not None:
        query = query.where(Feedback.created_at >= since)
    after, done = 0, 0
    while True:
        with database.session() as session:
            rows = session.execute(query.where(Feedback.id > after)).all()
        if not rows:
            return done
        texts, vectors = taggers.prepared([row.text for row in rows])
        answers = tagger_answers(head, head.predict(texts, vectors), top=1)
        with database.session() as session:
            for row, answer in zip(rows, answers, strict=True):
                item = session.get(Feedback, row.id)
                if item is not None:  # not erased meanwhile
                    item.tags = {**(item.tags or {}), name: stored_tag(head, answer)}
            still_live(taggers, name, done)  # else rolled back: a deletion dropped its tags
        done += len(rows)
        after = rows[-1].id
        if progress:
            progress(done)


def still_live(taggers: Taggers, name: str, done: int) -> None:
    """TaggerNotFound once `name` was deleted: its next batch would bring back on the stored
    items the tags that its deletion removed."""
    try:
        taggers.store.live_version(name)
    except TaggerNotFound:
        raise TaggerNotFound(
            f"tagger {name!r} was deleted while it was being applied: stopped after "
            f"{done} items, whose tags went with it"
        ) from None
