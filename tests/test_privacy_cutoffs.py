"""A retention purge's cutoff is a moment past, and its dry run a JSON boolean: a cutoff to come
took every item (even today's) and "dry_run": "yes" was read as true, so "no" as a real run."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.cli import main
from tests.test_privacy import ANN, fresh_settings, ingest, item  # noqa: F401 (a fixture)
from tests.test_privacy_dpo import imported

TOMORROW = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_purge_up_to_a_future_date_is_refused(store_client: TestClient, dry_run: bool) -> None:
    client = store_client
    [today] = ingest(client, item("t-1", "The export crashes.", ANN))
    refused = client.post("/v1/erasures/before", json={"before": TOMORROW, "dry_run": dry_run})
    assert refused.status_code == 422, refused.text
    assert "is in the future" in refused.json()["message"]
    assert [e["field"] for e in refused.json()["errors"]] == ["before"]
    assert client.get(f"/v1/feedback/{today['id']}").status_code == 200


@pytest.mark.parametrize("dry_run", ["yes", "no", "true", 1, 0])
def test_dry_run_must_be_a_json_boolean(store_client: TestClient, dry_run) -> None:
    client = store_client
    [today] = ingest(client, item("t-1", "The export crashes.", ANN))
    before = datetime.now(UTC).isoformat()
    refused = client.post("/v1/erasures/before", json={"before": before, "dry_run": dry_run})
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["dry_run"]
    assert client.get(f"/v1/feedback/{today['id']}").status_code == 200


@pytest.mark.usefixtures("fresh_settings")
def test_cli_refuses_a_future_cutoff(tmp_path: Path, monkeypatch, capsys) -> None:
    imported(tmp_path, monkeypatch)
    capsys.readouterr()
    for yes in ([], ["--yes"]):
        assert main(["forget", "before", TOMORROW, *yes]) == 2
        said = capsys.readouterr().err
        assert "is in the future" in said and "items" not in said
    assert main(["forget", "before", "2025-01-01"]) == 0  # a day past still counts
    assert "Here: 1 item written before 2025-01-01" in capsys.readouterr().err


def test_erase_before_refuses_a_future_cutoff(store_client: TestClient) -> None:
    from api.privacy.retention import erase_before

    [today] = ingest(store_client, item("t-1", "The export crashes.", ANN))
    ws = store_client.app.state.workspace
    with pytest.raises(ValueError, match="is in the future"):
        erase_before(ws, datetime.now(UTC) + timedelta(hours=1), actor="test")
    assert store_client.get(f"/v1/feedback/{today['id']}").status_code == 200
