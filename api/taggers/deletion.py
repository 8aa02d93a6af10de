"""Deleting a tagger deletes its tags too: an item answer, an export or a search hit lists the live
taggers' tags only, so a deleted tagger's labels must not linger on the items it tagged (nor come
back under a new tagger trained with the same name)."""

from collections.abc import Callable

from sqlalchemy import Text, cast, select, update
from sqlalchemy.orm import Session

from api.storage import Database
from api.storage.tables import Feedback


def drop_stored_tags(session: Session, name: str) -> int:
    """Remove tagger `name`'s tag from every stored item; how many items had one."""
    # The JSON text narrows the rows to read (a tagger name is ASCII, no quote to escape);
    # the decoded tags decide ("_" is a LIKE wildcard, and a label may spell the name).
    rows = session.execute(
        select(Feedback.id, Feedback.tags).where(cast(Feedback.tags, Text).like(f'%"{name}"%'))
    ).all()
    dropped = 0
    for feedback_id, tags in rows:
        if tags and name in tags:
            kept = {tagger: tag for tagger, tag in tags.items() if tagger != name}
            session.execute(update(Feedback).where(Feedback.id == feedback_id).values(tags=kept))
            dropped += 1
    return dropped


def delete_tagger(database: Database | None, name: str, delete: Callable[[str], None]) -> int:
    """Delete tagger `name` with `delete` (its versions on disk; a server also stops serving it)
    and its stored tags in the same transaction: when `delete` raises (TaggerNotFound), no tag
    is dropped. `database`: None where no workspace exists yet (nothing stored to drop).
    Returns how many items lost a tag."""
    if database is None:
        delete(name)
        return 0
    with database.session() as session:
        dropped = drop_stored_tags(session, name)
        delete(name)
    return dropped
