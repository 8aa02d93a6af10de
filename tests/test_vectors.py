"""The same behaviour, checked against exact numpy answers, for both vector-store adapters."""

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from api.vectors import EdgeVectorStore, VectorFilter, VectorStore, open_vector_store
from api.vectors.edge import StoreBusy
from api.vectors.server import ServerVectorStore

# qdrant-client's local mode warns that it keeps no payload indexes, and that `exact` changes
# nothing (it always scans); that is expected here.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Payload indexes have no effect"),
    pytest.mark.filterwarnings("ignore:Local mode performs exact"),
]

DIM = 32
N = 300
NAME = "insights"
INDEXES = {"account": "keyword", "intents": "keyword", "created_ts": "float", "rank": "integer"}
INTENTS = ["bug_report", "complaint", "praise", "question"]
T0 = 1_700_000_000


def _payload(i: int) -> dict:
    return {
        "account": f"acct{i % 5}",
        "intents": [INTENTS[j] for j in range(4) if (i >> j) & 1],  # every subset, [] included
        "created_ts": T0 + i * 3600 if i % 2 else T0 + i * 3600 + 0.25,  # ints and floats
        "rank": i,
        "urgent": i % 7 == 0,
    }


RNG = np.random.default_rng(7)
# Lengths far from 1: cosine scores must not depend on them (a dot product would).
VECTORS = (RNG.standard_normal((N, DIM)) * RNG.uniform(0.1, 20, (N, 1))).astype(np.float32)
PAYLOADS = [_payload(i) for i in range(N)]
QUERY = (RNG.standard_normal(DIM) * 5).astype(np.float32)


def _open(kind: str, root: Path, local_on_disk: bool = False) -> VectorStore:
    if kind == "edge":
        return open_vector_store(root)
    # Local mode commits one SQLite transaction per point written, so on disk it is slow to
    # fill: only the reopening test needs it there.
    return open_vector_store(root, url=f"local:{root / 'local'}" if local_on_disk else ":memory:")


def _filled(kind: str, root: Path) -> VectorStore:
    opened = _open(kind, root)
    opened.ensure_collection(NAME, DIM, INDEXES)
    for start in range(0, N, 100):
        ids = list(range(start, start + 100))
        opened.upsert(NAME, ids, VECTORS[ids], PAYLOADS[start : start + 100])
    return opened


@pytest.fixture(params=["edge", "local"])
def kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def store(kind: str, tmp_path: Path) -> Iterator[VectorStore]:
    """A filled store of one's own, for tests that write."""
    opened = _filled(kind, tmp_path)
    yield opened
    opened.close()


@pytest.fixture(scope="module", params=["edge", "local"])
def shared(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[VectorStore]:
    """A filled store shared by the tests that only read (filling local mode is the slow part)."""
    opened = _filled(request.param, tmp_path_factory.mktemp(request.param))
    yield opened
    opened.close()


def _value_matches(stored: object, wanted: object) -> bool:
    values = stored if isinstance(stored, list) else [stored]
    return any(type(v) is type(wanted) and v == wanted for v in values)


def _matches(point: int, payload: dict, where: VectorFilter) -> bool:
    return (
        all(_value_matches(payload.get(k), v) for k, v in where.equals.items())
        and all(any(_value_matches(payload.get(k), w) for w in v) for k, v in where.any_of.items())
        and all(
            (lo is None or payload[k] >= lo) and (hi is None or payload[k] <= hi)
            for k, (lo, hi) in where.ranges.items()
        )
        and point not in where.exclude_ids
    )


def _exact(query: np.ndarray, where: VectorFilter | None = None) -> list[tuple[int, float]]:
    """Every matching point with its cosine similarity, best first."""
    unit = VECTORS / np.linalg.norm(VECTORS, axis=1, keepdims=True)
    scores = unit @ (query / np.linalg.norm(query))
    keep = [i for i in range(N) if where is None or _matches(i, PAYLOADS[i], where)]
    return sorted(((i, float(scores[i])) for i in keep), key=lambda hit: -hit[1])


def _assert_search(store: VectorStore, where: VectorFilter | None, limit: int = 10) -> None:
    hits = store.search(NAME, QUERY, limit, where)
    expected = _exact(QUERY, where)[:limit]
    assert [h.id for h in hits] == [i for i, _ in expected]
    assert [h.score for h in hits] == pytest.approx([s for _, s in expected], abs=1e-5)
    assert all(_matches(h.id, h.payload, where or VectorFilter()) for h in hits)


FILTERS = {
    "equals keyword": VectorFilter(equals={"account": "acct3"}),
    "equals in a list": VectorFilter(equals={"intents": "complaint"}),
    "equals bool": VectorFilter(equals={"urgent": True}),
    "equals int": VectorFilter(equals={"rank": 42}),
    "any_of on lists": VectorFilter(any_of={"intents": ["bug_report", "question"]}),
    "any_of on scalars": VectorFilter(any_of={"account": ["acct1", "acct4"]}),
    "any_of empty": VectorFilter(any_of={"account": []}),
    "float range": VectorFilter(ranges={"created_ts": (T0 + 50 * 3600 + 0.1, T0 + 90 * 3600)}),
    "open range": VectorFilter(ranges={"created_ts": (None, T0 + 40 * 3600 + 0.25)}),
    "int range": VectorFilter(ranges={"rank": (100, 120)}),
    "exclude ids": VectorFilter(exclude_ids=[i for i, _ in _exact(QUERY)[:3]]),
    "all at once": VectorFilter(
        equals={"account": "acct2"},
        any_of={"intents": ["praise"]},
        ranges={"created_ts": (T0, T0 + 250 * 3600)},
        exclude_ids=[12, 22],
    ),
}


def test_search_ranks_by_cosine_of_unnormalised_vectors(shared: VectorStore) -> None:
    _assert_search(shared, None, limit=25)
    hits = shared.search(NAME, VECTORS[17] * 3, 1)
    assert hits[0].id == 17
    assert hits[0].score == pytest.approx(1.0, abs=1e-5)
    assert hits[0].payload == PAYLOADS[17]
    assert shared.search(NAME, -VECTORS[17], 300)[-1].score == pytest.approx(-1.0, abs=1e-5)


@pytest.mark.parametrize("where", FILTERS.values(), ids=FILTERS.keys())
def test_filtered_search_and_count(shared: VectorStore, where: VectorFilter) -> None:
    _assert_search(shared, where)
    assert shared.count(NAME, where) == len(_exact(QUERY, where))


def test_exact_search_scans_every_point(shared: VectorStore) -> None:
    """Both adapters take `exact` (a scan, not the HNSW graph's walk): the same hits as numpy."""
    where = FILTERS["any_of on lists"]
    for filtered in (None, where):
        hits = shared.search(NAME, QUERY, 60, filtered, payload=False, exact=True)
        assert [h.id for h in hits] == [i for i, _ in _exact(QUERY, filtered)[:60]]


def test_search_without_payloads(shared: VectorStore) -> None:
    """Search reads texts from SQL and filters in the store: payloads it never used were ~0.1 ms
    a hit to read and convert, 20,000 hits a search when many repeats fold."""
    where = FILTERS["any_of on lists"]
    full = shared.search(NAME, QUERY, 40, where)
    bare = shared.search(NAME, QUERY, 40, where, payload=False)
    assert [h.id for h in bare] == [h.id for h in full]
    assert [h.score for h in bare] == pytest.approx([h.score for h in full], abs=1e-6)
    assert all(h.payload == {} for h in bare) and all(h.payload for h in full)


def test_count_without_filter(shared: VectorStore) -> None:
    assert shared.count(NAME) == N
    assert shared.count(NAME, VectorFilter()) == N
    assert shared.count(NAME, FILTERS["equals keyword"]) == N // 5


def test_score_threshold_drops_weaker_hits(shared: VectorStore) -> None:
    expected = _exact(QUERY)
    threshold = (expected[4][1] + expected[5][1]) / 2  # between the 5th and 6th best
    hits = shared.search(NAME, QUERY, 50, score_threshold=threshold)
    assert [h.id for h in hits] == [i for i, _ in expected[:5]]
    where = FILTERS["equals keyword"]
    filtered = _exact(QUERY, where)
    threshold = (filtered[1][1] + filtered[2][1]) / 2
    assert [h.id for h in shared.search(NAME, QUERY, 50, where, threshold)] == [
        i for i, _ in filtered[:2]
    ]


def test_set_payload_merges_and_filters_see_it(store: VectorStore) -> None:
    store.set_payload(NAME, [1, 2, 3, 10_000], {"status": "done", "urgent": True})  # 10_000: none
    done = VectorFilter(equals={"status": "done"})
    assert store.count(NAME, done) == 3
    assert sorted(h.id for h in store.search(NAME, QUERY, 10, done)) == [1, 2, 3]
    payloads = {h.id: h.payload for h in store.search(NAME, QUERY, 10, done)}
    assert payloads[2] == {**PAYLOADS[2], "status": "done", "urgent": True}
    assert store.count(NAME, VectorFilter(equals={"urgent": True})) == len(
        [p for p in PAYLOADS if p["urgent"]] + [1, 2, 3]
    )
    assert store.count(NAME) == N


def test_set_payload_where_updates_every_match(store: VectorStore) -> None:
    store.set_payload_where(NAME, VectorFilter(equals={"account": "acct2"}), {"segment": "ent"})
    enterprise = VectorFilter(equals={"segment": "ent"})
    assert store.count(NAME, enterprise) == N // 5
    hits = store.search(NAME, QUERY, 100, enterprise)
    assert len(hits) == N // 5
    assert {h.payload["account"] for h in hits} == {"acct2"}
    store.set_payload_where(NAME, VectorFilter(), {"tenant": "t1"})  # empty filter: every point
    assert store.count(NAME, VectorFilter(equals={"tenant": "t1"})) == N


def test_delete(store: VectorStore) -> None:
    gone = [i for i, _ in _exact(QUERY)[:4]]
    store.delete(NAME, [*gone, 10_000])
    store.delete(NAME, [])
    assert store.count(NAME) == N - 4
    assert not {h.id for h in store.search(NAME, QUERY, N)} & set(gone)
    assert store.vectors(NAME, gone) == {}


def test_vectors_come_back_unit_normalised(shared: VectorStore) -> None:
    found = shared.vectors(NAME, [0, 5, 299, 10_000])
    assert sorted(found) == [0, 5, 299]
    for i, vector in found.items():
        assert vector.dtype == np.float32
        np.testing.assert_allclose(vector, VECTORS[i] / np.linalg.norm(VECTORS[i]), atol=1e-6)
    assert shared.vectors(NAME, []) == {}


def test_upsert_replaces_vector_and_payload(store: VectorStore) -> None:
    store.upsert(NAME, [8], QUERY[None, :] * 2, [{"account": "new"}])
    hits = store.search(NAME, QUERY, 1)
    assert (hits[0].id, hits[0].payload) == (8, {"account": "new"})
    assert store.count(NAME) == N
    with pytest.raises(ValueError, match="one vector row and one payload per id"):
        store.upsert(NAME, [1, 2], VECTORS[:1], [{}, {}])


def test_optimize_keeps_results_and_later_writes(store: VectorStore) -> None:
    where = FILTERS["all at once"]
    store.optimize(NAME)
    _assert_search(store, None, limit=25)
    _assert_search(store, where)
    assert store.count(NAME, where) == len(_exact(QUERY, where))
    store.upsert(NAME, [N], QUERY[None, :], [{"account": "late"}])
    assert store.search(NAME, QUERY, 1)[0].id == N
    assert store.count(NAME) == N + 1


def test_writes_while_optimizing_are_kept(kind: str, store: VectorStore) -> None:
    """Edge optimizes a copy and swaps it in: writes made meanwhile must survive the swap."""
    done = threading.Event()
    written: list[int] = []

    def write_while_optimizing() -> None:
        point = N + 10
        while not done.is_set() or len(written) < 2:
            store.upsert(NAME, [point], VECTORS[point % N][None, :], [{"account": "during"}])
            store.set_payload(NAME, [point % N], {"account": "touched"})
            written.append(point)
            point += 1

    writer = threading.Thread(target=write_while_optimizing)
    writer.start()
    try:
        store.optimize(NAME)
        landed_during = len(written)
    finally:
        done.set()
        writer.join()
    if kind == "edge":  # local mode's optimize returns at once: nothing runs beside it
        assert landed_during > 0, "no write landed while optimizing"
    assert store.count(NAME) == N + len(written)
    assert store.count(NAME, VectorFilter(equals={"account": "during"})) == len(written)
    touched = {p % N for p in written}
    assert store.count(NAME, VectorFilter(equals={"account": "touched"})) == len(touched)
    assert set(store.vectors(NAME, written)) == set(written)


def test_ensure_is_idempotent_and_reopening_sees_the_data(kind: str, tmp_path: Path) -> None:
    first = _open(kind, tmp_path, local_on_disk=True)
    first.ensure_collection(NAME, DIM, INDEXES)
    first.ensure_collection(NAME, DIM, INDEXES)
    first.upsert(NAME, range(50), VECTORS[:50], PAYLOADS[:50])
    first.set_payload(NAME, [3], {"status": "done"})
    with pytest.raises(ValueError, match="exists with another config"):
        first.ensure_collection(NAME, DIM * 2, INDEXES)
    first.close()

    again = _open(kind, tmp_path, local_on_disk=True)
    again.ensure_collection(NAME, DIM, INDEXES)
    assert again.count(NAME) == 50
    assert again.count(NAME, VectorFilter(equals={"status": "done"})) == 1
    best = min(range(50), key=lambda i: -float(VECTORS[i] @ QUERY) / np.linalg.norm(VECTORS[i]))
    assert again.search(NAME, QUERY, 1)[0].id == best
    np.testing.assert_allclose(
        again.vectors(NAME, [7])[7], VECTORS[7] / np.linalg.norm(VECTORS[7]), atol=1e-6
    )
    again.close()
    with pytest.raises(ValueError, match="exists with another config"):
        _open(kind, tmp_path, local_on_disk=True).ensure_collection(NAME, DIM * 2, INDEXES)


def test_concurrent_writers_and_readers(store: VectorStore) -> None:
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for batch in range(10):
                ids = [N + worker * 100 + batch * 5 + j for j in range(5)]
                store.upsert(NAME, ids, VECTORS[: len(ids)], [{"worker": worker}] * 5)
                assert len(store.search(NAME, QUERY, 5, FILTERS["equals keyword"])) == 5
                store.set_payload(NAME, ids[:1], {"seen": True})
        except BaseException as exc:  # reported to the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.count(NAME) == N + 4 * 50
    assert store.count(NAME, VectorFilter(equals={"seen": True})) == 4 * 10


def test_open_vector_store_picks_the_adapter(tmp_path: Path) -> None:
    edge = open_vector_store(tmp_path)
    assert isinstance(edge, EdgeVectorStore)
    edge.ensure_collection(NAME, DIM, {})
    assert (tmp_path / "qdrant" / NAME).is_dir()
    edge.close()
    memory = open_vector_store(tmp_path, url=":memory:")
    assert isinstance(memory, ServerVectorStore)
    memory.ensure_collection(NAME, DIM, {})
    memory.upsert(NAME, [1], VECTORS[:1], [{}])
    assert memory.count(NAME) == 1
    memory.close()
    with pytest.raises(LookupError, match="ensure_collection"):
        EdgeVectorStore(tmp_path / "other").count(NAME)


CRASHING_WRITER = """
import os, sys
from pathlib import Path
import numpy as np
from api.vectors import EdgeVectorStore
store = EdgeVectorStore(Path(sys.argv[1]), flush_every_s=3600)  # no flush before the crash
store.ensure_collection("c", 4, {"account": "keyword"})
store.upsert("c", range(50), np.eye(4)[np.arange(50) % 4] + 0.1, [{"account": "a"}] * 50)
store.set_payload("c", [7], {"account": "b"})
os._exit(1)
"""


def test_edge_writes_survive_a_crash_before_any_flush(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    child = subprocess.run(
        [sys.executable, "-c", CRASHING_WRITER, str(tmp_path)], cwd=repo, capture_output=True
    )
    assert child.returncode == 1, child.stderr
    store = EdgeVectorStore(tmp_path)
    store.ensure_collection("c", 4, {"account": "keyword"})
    assert store.count("c") == 50
    assert [
        h.id
        for h in store.search(
            "c", np.array([0, 0, 0, 1.0]), 50, VectorFilter(equals={"account": "b"})
        )
    ] == [7]
    store.close()


def test_ids_lists_every_point(store: VectorStore) -> None:
    assert sorted(store.ids(NAME)) == list(range(N))
    store.delete(NAME, [0, 5])
    assert sorted(store.ids(NAME)) == [i for i in range(N) if i not in (0, 5)]


HOLDING_SERVER = """
import sys, time
from pathlib import Path
import numpy as np
from api.vectors import EdgeVectorStore
store = EdgeVectorStore(Path(sys.argv[1]))
store.ensure_collection("c", 4, {"account": "keyword"})
store.upsert("c", range(20), np.eye(4)[np.arange(20) % 4] + 0.1, [{"account": "a"}] * 20)
print("ready", flush=True)
time.sleep(60)
"""


def test_a_second_process_is_refused_without_touching_the_store(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    server = subprocess.Popen(
        [sys.executable, "-c", HOLDING_SERVER, str(tmp_path)],
        cwd=repo,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout.readline().strip() == "ready"
        time.sleep(1.5)  # past the holder's background flush
        files = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
        with pytest.raises(StoreBusy, match="open in another process"):
            EdgeVectorStore(tmp_path).ensure_collection("c", 4, {"account": "keyword"})
        # A refused open used to rewrite the holder's payload-index files (Edge's own WAL lock
        # comes after its load), after which every flush of the holder failed.
        assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()} == files
    finally:
        server.kill()
        server.wait()
    store = EdgeVectorStore(tmp_path)  # the lock went with the holder
    store.ensure_collection("c", 4, {"account": "keyword"})
    assert store.count("c") == 20
    store.close()
