"""A bad ?format is answered with the formats of the route asked, not another route's."""

import pytest
from fastapi.testclient import TestClient

EXCEL = "; for Excel, ask for format=csv&excel=true"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/v1/themes", "must be json or csv" + EXCEL),
        ("/v1/voc/nps", "must be json or csv" + EXCEL),
        ("/v1/audit", "must be json or csv" + EXCEL),
        ("/v1/priorities", "must be json or csv" + EXCEL),
        ("/v1/digest", "must be json or markdown"),
        ("/v1/feedback/export", "must be csv or jsonl" + EXCEL),
    ],
)
def test_a_bad_format_is_told_the_routes_own_formats(
    client: TestClient, url: str, message: str
) -> None:
    answer = client.get(url, params={"format": "xlsx" if "digest" not in url else "csv"})
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "?format", "message": message}]
