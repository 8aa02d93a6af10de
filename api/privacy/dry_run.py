"""A dry run of an erasure: counted by its own deletions and masks, in one transaction that is
rolled back, with a vector store that is read, never written (a need's centroid moves with its
evidence). A count of the items alone said 0 insights, need links and masked texts that the
real run then erased."""

from collections.abc import Callable
from dataclasses import replace

from sqlalchemy.orm import Session

from api.privacy.schemas import Erasure
from api.workspace import Workspace


class UnwrittenVectors:
    """A vector store as it is for reading; its writes are left out (a dry run's)."""

    WRITES = frozenset({"upsert", "set_payload", "set_payload_where", "delete", "purge"})

    def __init__(self, store: object) -> None:
        self._store = store

    def __getattr__(self, name: str):
        if name in self.WRITES:
            return lambda *args, **kwargs: None
        return getattr(self._store, name)


def unwritten(ws: Workspace) -> Workspace:
    """`ws` whose vector store a dry run may read but not write."""
    return replace(ws, vectors=UnwrittenVectors(ws.vectors))


def rolled_back(ws: Workspace, erase: Callable[[Session], tuple[Erasure, list[int]]]) -> Erasure:
    """What `erase` erases, counted in a transaction rolled back: nothing changes."""
    with ws.write_lock, ws.db.sessions() as session:
        try:
            return erase(session)[0]
        finally:
            session.rollback()
