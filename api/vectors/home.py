"""Which vector store holds a database's vectors. Two processes on one database, each with an
embedded store of its own, silently disagreed: an item posted to one was searchable only there.
The database records the store it was first used with (table `vector_home`); a process whose
embedded store is another one refuses to start, naming where the vectors are."""

import socket
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select

from api.private_dir import make_private_dir
from api.storage.db import Database, take_turn
from api.storage.tables import VectorHome
from api.vectors import VectorStoreUnavailable

ID_FILE = ".boucle-store-id"  # in the store's folder: the store keeps its id when moved
SERVER = "server"  # every Qdrant server shares one id: its addresses may have several names


class VectorsElsewhere(VectorStoreUnavailable):
    """The database's vectors are held by another store than the one this process opened."""


@dataclass(frozen=True)
class StoreHome:
    store_id: str
    kind: str  # edge | local | server
    location: str

    def said(self) -> str:
        if self.kind == SERVER:
            return f"the Qdrant server at {self.location}"
        name = "Qdrant Edge" if self.kind == "edge" else "qdrant-client's local mode"
        return f"store {self.store_id[:8]}, {name} at {self.location}"


def store_id(folder: Path) -> str:
    """The id of the embedded store in `folder`, made the first time it is asked for."""
    make_private_dir(folder)
    path = folder / ID_FILE
    if not path.is_file():
        path.write_text(uuid.uuid4().hex + "\n")
    return path.read_text().strip()


def store_home(data_dir: Path, url: str | None) -> StoreHome | None:
    """Where the configured store keeps vectors; None for an in-memory one (tests), which
    outlives no process and claims nothing."""
    if url == ":memory:":
        return None
    if url is None or url.startswith("local:"):
        kind = "edge" if url is None else "local"
        folder = Path(data_dir) / "qdrant" if url is None else Path(url.removeprefix("local:"))
        folder = folder.resolve()
        return StoreHome(store_id(folder), kind, f"{socket.gethostname()}:{folder}")
    parts = urlsplit(url)  # no credentials in the database
    return StoreHome(SERVER, SERVER, f"{parts.scheme}://{parts.hostname}:{parts.port or 6333}")


def claim_vectors(
    db: Database, home: StoreHome | None, take_over: bool = False, record: bool = True
) -> None:
    """Record `home` as where the database's vectors live, or raise VectorsElsewhere when
    another store holds them; `take_over` (a rebuild, a restore) moves them here. `record`
    False: only the refusal, nothing written (a store not yet opened, or not yet rebuilt, must
    not become the home: a Qdrant server that never answered was, and `serve` then refused)."""
    if home is None:
        return
    with db.session() as session:
        take_turn(session, "boucle:vector-home")  # two processes starting at once: one claims
        held = session.scalar(select(VectorHome).where(VectorHome.id == 1))
        if held is None:
            if record:
                session.add(VectorHome(id=1, store_id=home.store_id, kind=home.kind,
                                       location=home.location))  # fmt: skip
            return
        same = held.store_id == home.store_id
        if not (same or take_over):
            raise VectorsElsewhere(elsewhere(StoreHome(held.store_id, held.kind, held.location),
                                             home, held.claimed_at.strftime("%Y-%m-%d %H:%M")))  # fmt: skip
        moved = (held.store_id, held.kind, held.location) != (
            home.store_id,
            home.kind,
            home.location,
        )
        if record and moved:
            held.store_id, held.kind, held.location = home.store_id, home.kind, home.location


def refuse_memory(db: Database, url: str | None) -> None:
    """VectorsElsewhere when a long-running process (serve, worker) would keep in memory the
    vectors of a database whose vectors live in a real store: its repair copied all of them
    into memory, and its erasures left theirs in that store. An in-memory store claims nothing
    (store_home), so a database only ever used with one (tests) runs on."""
    if url != ":memory:":
        return
    with db.session() as session:
        held = session.scalar(select(VectorHome).where(VectorHome.id == 1))
    if held is not None:
        home = StoreHome(held.store_id, held.kind, held.location)
        raise VectorsElsewhere(
            f"BOUCLE_QDRANT_URL is ':memory:' but this database's vectors live in {home.said()}: "
            "a store in memory would copy them all and leave erased ones there; unset it, or "
            "set it as the other processes do"
        )


REBUILD = ("run `boucle doctor --repair` with these settings to rebuild the vectors from the "
           "database in this store (see docs/scale-out.md)")  # fmt: skip


def elsewhere(held: StoreHome, here: StoreHome, since: str) -> str:
    """What to say when `here` opens a database whose vectors `held` holds."""
    if held.kind == SERVER:
        return (
            f"this database's vectors live in {held.said()} (since {since} UTC), not in "
            f"this process's embedded store ({here.said()}): set BOUCLE_QDRANT_URL and "
            f"BOUCLE_QDRANT_API_KEY as the other processes do, or {REBUILD}"
        )
    if here.kind == SERVER:
        return (
            f"this database's vectors live in an embedded store ({held.said()}, since "
            f"{since} UTC), not in {here.said()}: to move them to the server, {REBUILD}"
        )
    return (
        f"this database's vectors live in another process's embedded store ({held.said()}, "
        f"since {since} UTC); use a Qdrant server (BOUCLE_QDRANT_URL) to run several "
        f"processes, or, if that store is gone for good, {REBUILD}"
    )
