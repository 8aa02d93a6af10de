"""Search finds every copy of a text stored many times, once the HNSW index is built."""

import numpy as np
from fastapi.testclient import TestClient

from api.workspace import INSIGHTS

TEXT = "Second line: still broken."
COPIES = 160
# Vectors enough (about 21 MB at 512 dimensions) for Edge's optimize to build HNSW: under its
# indexing threshold (20 MB) a shard keeps scanning. They have no row, so search leaves them out.
OTHERS = 10_500


def test_every_copy_is_found_once_the_index_is_built(client: TestClient) -> None:
    items = [{"source": "qa", "external_id": f"c{i}", "text": TEXT} for i in range(COPIES)]
    assert client.post("/v1/feedback", json={"items": items}).status_code == 200
    ws = client.app.state.workspace
    rng = np.random.default_rng(5)
    dim = ws.dim
    for start in range(10_000_000, 10_000_000 + OTHERS, 2_000):
        ids = list(range(start, min(start + 2_000, 10_000_000 + OTHERS)))
        vectors = rng.standard_normal((len(ids), dim)).astype(np.float32)
        ws.vectors.upsert(INSIGHTS, ids, vectors, [{"language": "en"}] * len(ids))
    ws.vectors.optimize(INSIGHTS)  # as the worker's build_indexes does

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
