"""Search finds every copy of a text stored many times, once the HNSW index is built."""

import shutil
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from api.tagging.service import Tagger
from api.workspace import INSIGHTS
from tests.conftest import fresh_sqlite_settings

TEXT = "Second line: still broken."
COPIES = 160
# Vectors enough (about 21 MB at 512 dimensions) for Edge's optimize to build HNSW: under its
# indexing threshold (20 MB) a shard keeps scanning. They have no row, so search leaves them out;
# unlinked, as many insights are: a need's claim filters on that, and a filter few points pass
# scans them all anyway.
OTHERS = 10_500


def store_copies_and_build_the_index(client: TestClient) -> None:
    """COPIES insights of TEXT among OTHERS vectors, HNSW built: where a graph walk misses most
    copies."""
    items = [{"source": "qa", "external_id": f"c{i}", "text": TEXT} for i in range(COPIES)]
    assert client.post("/v1/feedback", json={"items": items}).status_code == 200
    ws = client.app.state.workspace
    rng = np.random.default_rng(5)
    dim = ws.dim
    for start in range(10_000_000, 10_000_000 + OTHERS, 2_000):
        ids = list(range(start, min(start + 2_000, 10_000_000 + OTHERS)))
        vectors = rng.standard_normal((len(ids), dim)).astype(np.float32)
        unlinked = {"language": "en", "need_id": -1, "theme_id": -1}  # as an insight's payload
        ws.vectors.upsert(INSIGHTS, ids, vectors, [unlinked] * len(ids))
    ws.vectors.optimize(INSIGHTS)  # as the worker's build_indexes does


@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path,
                tagger: Tagger) -> Path:  # fmt: skip
    """A closed workspace holding the copies, its index built: filled and optimized once for
    the module (the ingest and the HNSW build are most of its time), copied for each test."""
    settings = fresh_sqlite_settings(tmp_path_factory.mktemp("copies") / "data", migrated_sqlite)
    with TestClient(create_app(settings, tagger)) as client:
        store_copies_and_build_the_index(client)
    return settings.data_dir


@pytest.fixture
def client(built_store: Path, tmp_path: Path, tagger: Tagger) -> TestClient:
    """A workspace of its own, opened on a copy of the built one: a test's writes stay its own."""
    data_dir = tmp_path / "data"
    shutil.copytree(built_store, data_dir)
    with TestClient(create_app(Settings(data_dir=data_dir, worker=False), tagger)) as opened:
        # the copy kept its HNSW index: without it every search scans, and finds every copy
        assert opened.app.state.workspace.vectors.indexed(INSIGHTS) >= OTHERS
        yield opened


def test_every_copy_is_found_once_the_index_is_built(client: TestClient) -> None:
    found: set[int] = set()
    offset: int | None = 0
    while offset is not None:
        body = {"query": TEXT, "limit": 200, "distinct": False, "offset": offset}
        page = client.post("/v1/search", json=body).json()
        found |= {hit["insight_id"] for hit in page["items"]}
        offset = page["next_offset"]
    assert len(found) == COPIES

    folded = client.post("/v1/search", json={"query": TEXT, "limit": 5}).json()["items"]
    assert folded[0]["text"] == TEXT and folded[0]["same_text"] == COPIES - 1


def test_seeding_a_theme_and_creating_a_need_claim_every_copy(client: TestClient) -> None:
    seeded = client.post("/v1/themes/seed", json={"name": "Still broken", "examples": [TEXT]})
    assert seeded.status_code == 201, seeded.text
    assert seeded.json()["size"] == COPIES

    need = client.post("/v1/needs", json={"title": TEXT}).json()["id"]
    linked = client.get(f"/v1/needs/{need}/impact").json()["insights"]
    suggested = client.get("/v1/needs/suggestions", params={"need": need, "limit": 1_000})
    assert linked + len(suggested.json()["items"]) == COPIES
