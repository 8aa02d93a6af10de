"""VectorStore over Qdrant Edge, embedded in this process: one shard directory per collection."""

import fcntl
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np
from qdrant_edge import (
    CountRequest,
    Distance,
    EdgeConfig,
    EdgeShard,
    EdgeVectorParams,
    FieldCondition,
    Filter,
    HasIdCondition,
    MatchAny,
    MatchValue,
    Point,
    Query,
    QueryRequest,
    RangeFloat,
    ScrollRequest,
    SearchParams,
    UpdateOperation,
)

from api.failures import failure_trace
from api.private_dir import make_private_dir
from api.vectors.base import FieldKind, VectorFilter, VectorHit, as_batch
from api.vectors.shard_rewrite import PAYLOAD_SCHEMAS, rewrite_command

log = logging.getLogger("boucle.vectors")  # under boucle: shown by its handler

# Written by EdgeShard.create; a failed load can leave an empty segments/ behind, so that
# directory alone does not mean a shard exists.
_CONFIG_FILE = "edge_config.json"

# EdgeShard.optimize() holds the GIL for its whole run (measured 15 s at 20k x 512, with no
# other Python thread running meanwhile), so it runs in a child process, on a copy.
_OPTIMIZE = (
    "import sys; from qdrant_edge import EdgeShard; "
    "s = EdgeShard.load(sys.argv[1]); s.optimize(); s.flush(); s.close()"
)


class StoreBusy(RuntimeError):
    """Another process holds the shard: the embedded store serves one process at a time.
    `busy` says which store and who holds it; `instead`, how to do the work through that
    process (each command has its own: `with_instead`)."""

    def __init__(self, busy: str, instead: str | None = None) -> None:
        self.busy = busy
        super().__init__(busy if instead is None else f"{busy}: stop it first, or {instead}")

    def with_instead(self, instead: str) -> "StoreBusy":
        return StoreBusy(self.busy, instead)


def import_instead() -> str:
    """What a command that writes feedback does while a server holds the store."""
    url = served_url()
    named = "" if url else " with the server's URL"
    return f"go through its API (to import: `boucle import FILE --url {url or 'URL'}`{named})"


# Taken before any shard is loaded: Edge's own WAL lock comes after `EdgeShard.load` has already
# rewritten payload-index files, which left a running server failing every flush.
_LOCK_FILE = ".boucle.lock"


def hold_store(root: Path) -> IO[str]:
    """An open file holding an exclusive lock on the store at `root`, for this store's life.
    The lock goes with the process (flock), so a crash leaves no stale lock: only the PID
    written in the file, which the next holder replaces."""
    make_private_dir(root)
    handle = open(root / _LOCK_FILE, "a+")  # noqa: SIM115 (held until `close`)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = holder_of(handle)
        handle.close()
        raise StoreBusy(
            f"the vector store {root} is open in another process ({holder}: `boucle serve` or "
            "another command on this data dir)",
            import_instead(),
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def holder_of(handle: IO[str]) -> str:
    """The process holding a store's lock, as the lock file names it."""
    handle.seek(0)
    pid = handle.read().strip()
    return f"pid {pid}" if pid.isdigit() else "its pid not written yet"


def served_url() -> str | None:
    """Where this configuration's `boucle serve` listens, when BOUCLE_PORT says it: None
    otherwise, since a server started with `--port 8001` is not on the default 8000, and a
    hint naming 8000 sent people to the wrong one (or to nothing)."""
    from api.settings import get_settings

    settings = get_settings()
    if "port" not in settings.model_fields_set:
        return None
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
    return f"http://{host}:{settings.port}"


def server_named() -> str:
    """The running server's URL for a hint (served_url), or words that ask for it."""
    return served_url() or "the server's URL"


def check_store_free(root: Path) -> None:
    """StoreBusy now if another process holds the store at `root`: a command learns it before
    spending seconds loading models, not after."""
    hold_store(root).close()


@dataclass
class _Shard:
    shard: EdgeShard
    size: int
    # Edge shards are not documented as thread-safe: one call at a time per shard.
    lock: threading.Lock = field(default_factory=threading.Lock)
    dirty: bool = False  # written since the last flush
    journal: list[UpdateOperation] | None = None  # writes made while a copy is optimized
    indexes: dict[str, FieldKind] = field(default_factory=dict)  # payload indexes asked for


class EdgeVectorStore:
    """Collections as Edge shards under `root/<collection>`.

    Only one process may open a shard at a time (Edge locks its WAL). Edge never optimizes
    on its own, so until `optimize` builds HNSW every search is an exact scan.

    A write is in the WAL when it returns, which survives this process crashing. Segments are
    flushed (surviving an OS crash too) by a background thread at most `flush_every_s` after
    a write, as Qdrant's server does every 5 s: measured on 20k x 512, an upsert of 100 points
    takes ~3.5 ms, ~13 ms with a flush in it. `flush_every_s=0` flushes within every write.
    """

    def __init__(self, root: Path, flush_every_s: float = 1.0) -> None:
        self._root = Path(root)
        self._held = hold_store(self._root)
        self._shards: dict[str, _Shard] = {}
        self._lock = threading.Lock()  # guards _shards
        self._flush_every_s = flush_every_s
        self._stop = threading.Event()
        self._flusher: threading.Thread | None = None
        if flush_every_s > 0:
            self._flusher = threading.Thread(
                target=self._flush_loop, name="edge-flush", daemon=True
            )
            self._flusher.start()

    def ensure_collection(self, name: str, size: int, indexes: dict[str, FieldKind]) -> None:
        with self._lock:
            entry = self._shards.get(name)
            if entry is None:
                entry = _Shard(self._open(name, size), size)
                self._shards[name] = entry
        if entry.size != size:
            raise ValueError(f"collection {name!r} exists with another config: size {entry.size}")
        with entry.lock:
            entry.indexes.update(indexes)
            existing = entry.shard.info().payload_schema
            missing = {key: kind for key, kind in indexes.items() if key not in existing}
            for key, kind in missing.items():
                entry.shard.update(UpdateOperation.create_field_index(key, PAYLOAD_SCHEMAS[kind]))
            if missing:
                entry.shard.flush()

    def upsert(
        self, name: str, ids: Sequence[int], vectors: np.ndarray, payloads: Sequence[dict]
    ) -> None:
        matrix = as_batch(ids, vectors, payloads)
        if len(ids):
            points = [  # one tolist() for the batch: per row it cost more than the upsert
                Point(int(i), row, dict(payload))
                for i, row, payload in zip(ids, matrix.tolist(), payloads, strict=True)
            ]
            self._write(name, UpdateOperation.upsert_points(points))

    def set_payload(self, name: str, ids: Sequence[int], payload: dict) -> None:
        # By filter, not set_payload(ids): that one fails on the first missing id.
        if len(ids):
            where = Filter(must=[HasIdCondition({int(i) for i in ids})])
            self._write(name, UpdateOperation.set_payload_by_filter(where, payload))
            self._moved(name, len(ids))

    def set_payload_where(self, name: str, where: VectorFilter, payload: dict) -> None:
        self._moved(name, self.count(name, where))
        self._write(
            name, UpdateOperation.set_payload_by_filter(_filter(where) or Filter(), payload)
        )

    def _moved(self, name: str, points: int) -> None:
        """A payload update copies the point out of its indexed segment into the unindexed one
        (copy on write): after a refit retagged every insight, each search scanned all of them
        and no build came, the count being unchanged. Counted, on disk, for `indexed`."""
        mark = self._root / f".{name}.moved"
        with self._lock:
            try:
                before = int(mark.read_text())
            except (FileNotFoundError, ValueError):
                before = 0
            mark.write_text(str(before + points))

    def delete(self, name: str, ids: Sequence[int]) -> None:
        if len(ids):
            self._write(name, UpdateOperation.delete_points([int(i) for i in ids]))

    def search(
        self,
        name: str,
        vector: np.ndarray,
        limit: int,
        where: VectorFilter | None = None,
        score_threshold: float | None = None,
        payload: bool = True,
        exact: bool = False,
    ) -> list[VectorHit]:
        request = QueryRequest(
            limit=limit,
            query=Query.Nearest(np.asarray(vector, dtype=np.float32).tolist()),
            filter=_filter(where),
            score_threshold=score_threshold,
            with_payload=payload,
            with_vector=False,
            params=SearchParams(exact=exact),
        )
        entry = self._entry(name)
        with entry.lock:
            points = entry.shard.query(request)
        return [VectorHit(int(p.id), float(p.score), dict(p.payload or {})) for p in points]

    def vectors(self, name: str, ids: Sequence[int]) -> dict[int, np.ndarray]:
        if not len(ids):
            return {}
        entry = self._entry(name)
        with entry.lock:
            records = entry.shard.retrieve([int(i) for i in ids], False, True)
        return {int(r.id): np.asarray(r.vector, dtype=np.float32) for r in records}

    def count(self, name: str, where: VectorFilter | None = None) -> int:
        entry = self._entry(name)
        with entry.lock:
            return entry.shard.count(CountRequest(exact=True, filter=_filter(where)))

    def ids(self, name: str) -> list[int]:
        entry = self._entry(name)
        found: list[int] = []
        offset = None
        while True:
            with entry.lock:
                records, offset = entry.shard.scroll(
                    ScrollRequest(
                        offset=offset, limit=10_000, with_payload=False, with_vector=False
                    )
                )
            found += [int(r.id) for r in records]
            if offset is None or not records:
                return found

    def optimize(self, name: str) -> None:
        """Build HNSW on a copy in a child process while this one keeps serving; writes made
        meanwhile are journaled and replayed on the optimized copy, which is then swapped in."""
        self._rebuild(name, lambda work: [sys.executable, "-c", _OPTIMIZE, str(work)])

    def purge(self, name: str) -> None:
        """Rewrite the collection from its live points (then optimized), in a child process,
        swapped in as `optimize` does: deleted points leave the disk (a purge: deleted points
        stay in Edge's segments and WAL until then, an erased customer's embeddings readable)."""
        entry = self._entry(name)
        indexes = dict(entry.indexes)
        self._rebuild(name, lambda work: rewrite_command(work, entry.size, indexes))

    def _rebuild(self, name: str, command) -> None:
        entry = self._entry(name)
        live = self._root / name
        work = self._root / f".{name}.optimizing"
        shutil.rmtree(work, ignore_errors=True)
        with entry.lock:
            entry.shard.flush()
            entry.dirty = False
            shutil.copytree(live, work)
            entry.journal = []
        try:
            child = subprocess.run(
                command(work), capture_output=True, text=True, cwd=Path(__file__).parents[2]
            )
            if child.returncode:
                raise RuntimeError(f"rebuilding {name!r} failed: {child.stderr.strip()[-2000:]}")
            with entry.lock:  # the swap: the only time searches wait (tens of ms)
                entry.shard.close()
                old = self._root / f".{name}.old"
                shutil.rmtree(old, ignore_errors=True)
                live.rename(old)
                work.rename(live)
                entry.shard = EdgeShard.load(str(live))
                for operation in entry.journal:
                    entry.shard.update(operation)
                entry.shard.flush()
                shutil.rmtree(old, ignore_errors=True)
                # remembered across restarts: a store filled by `boucle import` (no worker) has
                # no index, and the next server's worker must know it
                self._indexed_mark(name).write_text(
                    str(entry.shard.count(CountRequest(exact=True)))
                )
                (self._root / f".{name}.moved").unlink(missing_ok=True)
        finally:
            entry.journal = None
            shutil.rmtree(work, ignore_errors=True)

    def _indexed_mark(self, name: str) -> Path:
        return self._root / f".{name}.indexed"

    def indexed(self, name: str) -> int:
        """Points of the last build still in their indexed segment: the build's count less the
        points that payload updates moved out since."""
        try:
            built = int(self._indexed_mark(name).read_text())
        except (FileNotFoundError, ValueError):
            return 0  # never built
        try:
            moved = int((self._root / f".{name}.moved").read_text())
        except (FileNotFoundError, ValueError):
            moved = 0
        return max(0, built - moved)

    def close(self) -> None:
        self._stop.set()
        if self._flusher is not None:
            self._flusher.join()
        with self._lock:
            for entry in self._shards.values():
                with entry.lock:
                    entry.shard.flush()
                    entry.shard.close()
            self._shards.clear()
        if not self._held.closed:
            self._held.close()  # releases the lock

    def _open(self, name: str, size: int) -> EdgeShard:
        path = self._root / name
        config = EdgeConfig(vectors=EdgeVectorParams(size=size, distance=Distance.Cosine))
        if not (path / _CONFIG_FILE).exists():
            make_private_dir(path)
            return EdgeShard.create(str(path), config)  # fails where segments exist
        try:
            return EdgeShard.load(str(path), config)  # checks the config against the segments
        except Exception as exc:  # Edge raises bare Exceptions; a size mismatch is ours to name
            if "WouldBlock" in str(exc):  # a process of an older version holds it
                raise StoreBusy(f"the vector store {path} is open in another process") from exc
            if "incompatible" in str(exc).lower():
                raise ValueError(f"collection {name!r} exists with another config: {exc}") from exc
            raise

    def _entry(self, name: str) -> _Shard:
        with self._lock:
            entry = self._shards.get(name)
        if entry is None:
            raise LookupError(f"collection {name!r} is not open: call ensure_collection first")
        return entry

    def _write(self, name: str, operation: UpdateOperation) -> None:
        entry = self._entry(name)
        with entry.lock:
            entry.shard.update(operation)
            if entry.journal is not None:
                entry.journal.append(operation)
            entry.dirty = True
            if self._flusher is None:
                entry.shard.flush()
                entry.dirty = False

    def _flush_loop(self) -> None:
        while not self._stop.wait(self._flush_every_s):
            with self._lock:
                entries = list(self._shards.values())
            for entry in entries:
                with entry.lock:
                    if not entry.dirty:
                        continue
                    try:
                        entry.shard.flush()
                        entry.dirty = False
                    except Exception as error:  # keep flushing the others; the WAL holds them
                        log.error("flushing a vector shard failed: %s", failure_trace(error))


def _filter(where: VectorFilter | None) -> Filter | None:
    if where is None:
        return None
    must = [FieldCondition(k, match=MatchValue(_match_value(v))) for k, v in where.equals.items()]
    must += [FieldCondition(k, match=MatchAny(list(v))) for k, v in where.any_of.items()]
    must += [
        FieldCondition(k, range=RangeFloat(gte=lo, lte=hi))
        for k, (lo, hi) in where.ranges.items()
        if lo is not None or hi is not None
    ]
    must_not = [HasIdCondition({int(i) for i in where.exclude_ids})] if where.exclude_ids else []
    if not must and not must_not:
        return None
    return Filter(must=must or None, must_not=must_not or None)


def _match_value(value: str | int | bool) -> str | int | bool | np.bool_:
    # The binding reads a Python bool as the int 1/0 (bool subclasses int), which then matches
    # no bool payload; numpy's bool is no int, so it arrives as a bool.
    return np.bool_(value) if isinstance(value, bool) else value
