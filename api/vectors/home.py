"""Which vector store holds a database's vectors. Two processes on one database, each with an
embedded store of its own, silently disagreed: an item posted to one was searchable only there.
The database records the store it was first used with (table `vector_home`); a process whose
embedded store is another one refuses to start, naming where the vectors are. The other way
round too: an embedded store records the database whose vectors it holds (OWNER_FILE), and a
database that is not that one is refused, rather than the store emptied to match it."""

import json
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.engine import make_url

from api.private_dir import make_private_dir
from api.storage.db import Database, take_turn
from api.storage.tables import VectorHome, utcnow
from api.vectors import VectorStoreUnavailable

ID_FILE = ".boucle-store-id"  # in the store's folder: the store keeps its id when moved
# In the store's folder too: the claim (vector_home's row) whose vectors it holds. The claim's
# time is its identity: two databases naming one store each hold a claim made at its own time.
OWNER_FILE = ".boucle-owner"
SERVER = "server"  # every Qdrant server shares one id: its addresses may have several names


class VectorsElsewhere(VectorStoreUnavailable):
    """The database's vectors are held by another store than the one this process opened."""


@dataclass(frozen=True)
class StoreHome:
    store_id: str
    kind: str  # edge | local | server
    location: str
    folder: Path | None = None  # an embedded store's, where it records its owner

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
        return StoreHome(store_id(folder), kind, f"{socket.gethostname()}:{folder}", folder)
    parts = urlsplit(url)  # no credentials in the database
    return StoreHome(SERVER, SERVER, f"{parts.scheme}://{parts.hostname}:{parts.port or 6333}")


@dataclass(frozen=True)
class StoreOwner:
    """The database whose vectors an embedded store holds, as the store recorded it."""

    claim: str  # the claim's time (vector_home.claimed_at), ISO 8601
    database: str  # in words, password hidden


def database_said(db: Database) -> str:
    """`db` in words, its password hidden: what a refusal names."""
    url = make_url(db.url)
    if url.get_backend_name() == "sqlite":
        return f"SQLite at {Path(url.database or '').resolve()}"
    schema = f" (schema {db.schema})" if db.schema else ""
    return f"{url.render_as_string(hide_password=True)}{schema}"


def claim_of(held: VectorHome) -> str:
    return held.claimed_at.isoformat()


def store_owner(home: StoreHome) -> StoreOwner | None:
    """The database an embedded store holds the vectors of; None for a server, a store never
    claimed, or one claimed before stores recorded it (its database's claim adopts it)."""
    if home.folder is None or not (path := home.folder / OWNER_FILE).is_file():
        return None
    said = json.loads(path.read_text())
    return StoreOwner(said["claim"], said["database"])


def record_owner(home: StoreHome, owner: StoreOwner) -> None:
    if home.folder is not None:
        path = home.folder / OWNER_FILE
        path.write_text(json.dumps({"claim": owner.claim, "database": owner.database}) + "\n")


def claim_vectors(
    db: Database, home: StoreHome | None, take_over: bool = False, record: bool = True
) -> None:
    """Record `home` as where the database's vectors live, or raise VectorsElsewhere when
    another store holds them, or when `home` holds another database's; `take_over` (a rebuild,
    a restore) moves them here. `record` False: only the refusal, nothing written (a store not
    yet opened, or not yet rebuilt, must not become the home: a Qdrant server that never
    answered was, and `serve` then refused)."""
    if home is None:
        return
    owner = store_owner(home)
    with db.session() as session:
        take_turn(session, "boucle:vector-home")  # two processes starting at once: one claims
        held = session.scalar(select(VectorHome).where(VectorHome.id == 1))
        if held is not None and held.store_id != home.store_id and not take_over:
            raise VectorsElsewhere(elsewhere(StoreHome(held.store_id, held.kind, held.location),
                                             home, held.claimed_at.strftime("%Y-%m-%d %H:%M")))  # fmt: skip
        if owner is not None and not take_over and (held is None or claim_of(held) != owner.claim):
            raise VectorsElsewhere(owned_elsewhere(home, owner, database_said(db)))
        if not record:
            return
        if held is None:
            held = VectorHome(id=1, store_id=home.store_id, kind=home.kind,
                              location=home.location, claimed_at=utcnow())  # fmt: skip
            session.add(held)
        else:
            if take_over:  # a claim of its own: the database that held this store no longer does
                held.claimed_at = utcnow()
            held.store_id, held.kind, held.location = home.store_id, home.kind, home.location
        claimed = StoreOwner(claim_of(held), database_said(db))
    if claimed != owner:  # once committed: a store never names a claim its database lacks
        record_owner(home, claimed)


def owned_elsewhere(home: StoreHome, owner: StoreOwner, here: str) -> str:
    """What to say when `home` holds the vectors of `owner`'s database, not of `here`."""
    advice = ("give this database a data dir of its own (a new BOUCLE_DATA_DIR; `boucle restore` "
              "a backup into one to move a database), or run `boucle doctor --repair` with these "
              "settings to make this store hold this database's vectors instead (the other "
              "database's leave it)")  # fmt: skip
    store = f"the vector store ({home.said()})"
    if owner.database == here:  # dropped and made again, or a dump loaded: not the same one
        since = owner.claim[:16].replace("T", " ")
        return (f"{store} holds the vectors of an earlier database at this same address ({here}, "
                f"since {since} UTC), not of the one there now (made again there, or loaded "
                f"from a dump, since): {advice}")  # fmt: skip
    return (f"{store} holds the vectors of another database ({owner.database}), not of this one "
            f"({here}): {advice}")  # fmt: skip


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
