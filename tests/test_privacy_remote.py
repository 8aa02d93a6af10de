"""`boucle forget before`, `boucle privacy export` and `boucle audit` through a running server's
API (--url and an admin key), as `boucle forget contact|email …` already could: while `boucle
serve` holds the embedded store, or from another machine."""

import json
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from api.feedback import remote
from api.settings import Settings, get_settings
from tests.test_privacy import ANN, BOB, ingest, item

ADMIN, READER = "admin-key-0123456789", "reader-key-0123456789"
URL = "http://boucle.test"
OLD = (datetime.now(UTC) - timedelta(days=400)).isoformat()
CUT = (datetime.now(UTC) - timedelta(days=200)).date().isoformat()


@pytest.fixture
def served(tmp_path: Path, tagger, monkeypatch):
    """A server with keys, reached by `boucle … --url` in this process; BOUCLE_DATA_DIR points
    at an empty folder, so a command that read the store here would find nothing."""
    settings = Settings(data_dir=tmp_path / "server", worker=False,
                        api_keys={ADMIN: ["admin"], READER: ["read"]})  # fmt: skip
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(tmp_path / "elsewhere"))
    get_settings.cache_clear()
    with TestClient(create_app(settings, tagger)) as client:

        def api_client(url: str, key: str | None):
            headers = {"Authorization": f"Bearer {key}"} if key else {}
            return nullcontext(TestClient(client.app, base_url=url, headers=headers))

        monkeypatch.setattr(remote, "api_client", api_client)
        client.headers["Authorization"] = f"Bearer {ADMIN}"
        yield client
    get_settings.cache_clear()


def test_forget_before_through_the_api(served: TestClient, capsys) -> None:
    old, new = ingest(served, item("t-old", "The export crashes.", ANN, created_at=OLD),
                      item("t-new", "The export is slow.", ANN))  # fmt: skip
    remote_args = ["--url", URL, "--api-key", ADMIN]
    assert main(["forget", "before", CUT, *remote_args]) == 0  # no --yes: counts
    said = capsys.readouterr().err
    assert f"On {URL}: 1 item written before" in said and "--yes" in said
    assert served.get(f"/v1/feedback/{old['id']}").status_code == 200

    assert main(["forget", "before", CUT, "--yes", "--url", URL,
                 "--api-key", READER]) == 1  # fmt: skip
    assert "answered 403" in capsys.readouterr().err
    assert main(["forget", "before", CUT, "--yes", *remote_args]) == 0
    assert json.loads(capsys.readouterr().out)["feedback"] == 1
    assert served.get(f"/v1/feedback/{old['id']}").status_code == 404
    assert served.get(f"/v1/feedback/{new['id']}").status_code == 200

    assert main(["audit", "--action", "expire", *remote_args]) == 0
    [event] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (event["action"], event["detail"]["feedback"]) == ("expire", 1)
    assert event["actor"].startswith("key ")  # the admin key's name, as the server knows it
    assert main(["audit", "--format", "csv", "--limit", "1", *remote_args]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "id,at,actor,action,entity,entity_id,detail" and len(lines) == 2

    refused = served.post("/v1/erasures/before", json={"before": "soon"})
    assert refused.status_code == 422 and "before" in refused.json()["message"]


def test_a_purge_without_dry_run_is_refused(served: TestClient) -> None:
    """POST /v1/erasures/before with no `dry_run` erased every item before the day (the field
    defaulted to false), while the CLI without --yes only counts: the field is required."""
    (old,) = ingest(served, item("t-old", "The export crashes.", ANN, created_at=OLD))
    refused = served.post("/v1/erasures/before", json={"before": CUT})
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["dry_run"], refused.json()
    assert served.get(f"/v1/feedback/{old['id']}").status_code == 200
    counted = served.post("/v1/erasures/before", json={"before": CUT, "dry_run": True})
    assert counted.json()["feedback"] == 1


def test_privacy_export_through_the_api(served: TestClient, capsys) -> None:
    ingest(served, item("t-1", "The export crashes.", ANN))
    remote_args = ["--url", URL, "--api-key", ADMIN]
    assert main(["privacy", "export", "--email", "ann.lee@EXAMPLE.com", *remote_args]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [c["contact"]["id"] for c in doc["contacts"]] == ["c-ann"]
    assert main(["privacy", "export", "--contact", "c-ann", *remote_args]) == 0
    assert json.loads(capsys.readouterr().out)["feedback"][0]["external_id"] == "t-1"
    assert main(["privacy", "export", "--contact", "c-nobody", *remote_args]) == 1
    assert "answered 404" in capsys.readouterr().err
    trail = served.get("/v1/audit", params={"action": "access_export"}).json()["items"]
    assert len(trail) == 2


def test_forget_item_through_the_api_is_one_request(served: TestClient, monkeypatch,
                                                    capsys) -> None:  # fmt: skip
    """`forget item --url` looked the item up (GET), then erased it by id (DELETE): two
    requests, and a re-send between them was not what got erased. DELETE
    /v1/feedback?source=&external_id= finds and erases it in one."""
    (kept,) = ingest(served, item("t-2", "The export is slow.", ANN))
    (gone,) = ingest(served, item("t-1", "The export crashes.", ANN))
    sent: list[tuple[str, str]] = []
    served_by = remote.api_client

    def counted(url: str, key: str | None):
        client = served_by(url, key).__enter__()
        client.event_hooks["request"] = [lambda r: sent.append((r.method, r.url.path))]
        return nullcontext(client)

    monkeypatch.setattr(remote, "api_client", counted)
    remote_args = ["--url", URL, "--api-key", ADMIN, "--yes"]
    assert main(["forget", "item", "ZENDESK", "t-1", *remote_args]) == 0
    assert sent == [("DELETE", "/v1/feedback")]
    assert json.loads(capsys.readouterr().out)["feedback"] == 1
    assert served.get(f"/v1/feedback/{gone['id']}").status_code == 404
    assert served.get(f"/v1/feedback/{kept['id']}").status_code == 200
    assert main(["forget", "item", "zendesk", "t-1", *remote_args]) == 1
    said = capsys.readouterr().err
    assert "answered 404" in said and "it was erased before" in said, said


def test_forget_through_the_api_counts_without_yes(served: TestClient, capsys) -> None:
    """`boucle forget … --url` without --yes said what an erasure takes but not how much, as it
    does on the store here: each erasure's request, asked with dry_run, counts it on the
    server (rolled back) and changes nothing; a target not stored is the erasure's 404."""
    one, two = ingest(served, item("t-1", "The export crashes.", ANN),
                      item("t-2", "The export is slow.", BOB))  # fmt: skip
    # her name where it stays: the need's title is masked by her erasure, counted by its dry run
    need = served.post("/v1/needs", json={"title": "Export crash reported by ann lee"}).json()
    stored = [served.get(f"/v1/feedback/{i['id']}").json() for i in (one, two)]
    remote_args = ["--url", URL, "--api-key", ADMIN]
    counted = [
        (["contact", "c-ann"], "1 item, 1 contact; "),  # then "N other stored texts masked"
        (["account", "acme"], "2 items, 2 contacts"),
        (["email", "ann.lee@EXAMPLE.com"], "1 item, 1 contact"),
        (["item", "ZENDESK", "t-1"], "1 item, 0 contacts"),
        (["feedback", str(one["id"])], "1 item, 0 contacts"),
        (["feedback", str(one["id"]), str(two["id"])], "2 items, 0 contacts"),
    ]  # fmt: skip
    for target, says in counted:
        assert main(["forget", *target, *remote_args]) == 0, target
        said = capsys.readouterr().err
        assert f"On {URL}: {says}" in said and "--yes" in said, (target, said)
    assert main(["forget", "contact", "c-nobody", *remote_args]) == 1
    assert "answered 404: no contact with id 'c-nobody'" in capsys.readouterr().err
    assert [served.get(f"/v1/feedback/{i['id']}").json() for i in (one, two)] == stored
    assert served.get(f"/v1/needs/{need['id']}").json()["title"] == need["title"]
    assert served.get("/v1/audit", params={"action": "erase"}).json()["items"] == []

    dry = served.delete("/v1/contacts/c-ann", params={"dry_run": "true"}).json()
    assert dry["dry_run"] is True and (dry["insights"], dry["needs_renamed"]) == (1, 1), dry
    assert served.delete("/v1/contacts/c-ann").json() == {**dry, "dry_run": False}
    refused = served.post("/v1/erasures", json={"email": "bob@example.com", "dry_run": "yes"})
    assert refused.status_code == 422 and "send true or false" in refused.text, refused.text
