"""One need per title: a second "Dark mode" split the evidence and the customers told of a
decision between two needs, as two themes of one name could not be told apart (their 409)."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.errors import Conflict
from api.storage.tables import Need


def title_key(title: str) -> str:
    """A title as compared: whatever its case and spacing ("dark  Mode " is "Dark mode")."""
    return " ".join(title.split()).casefold()


def refuse_taken_title(session: Session, title: str, need_id: int | None = None) -> None:
    """A 409 naming the need (`need_id`: the one being renamed, not another) not merged away
    that has the title, and how to go on: its id is where the evidence belongs."""
    wanted = title_key(title)
    rows = session.execute(
        select(Need.id, Need.title, Need.status).where(Need.merged_into_id.is_(None))
    )
    same = next((row for row in rows if row.id != need_id and title_key(row.title) == wanted), None)
    if same is not None:
        raise Conflict(
            f"need {same.id} is already titled {same.title!r} ({same.status}): link the insights "
            f"to it (POST /v1/needs/{same.id}/links), or give this one a title that tells the "
            "two apart"
        )
