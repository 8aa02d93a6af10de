"""The insights export finds what the analyst names: a contact by its e-mail address (as the
feedback routes do), an account whose name holds a comma by a hint to its id, not a 422 telling
to split the name in two; on SQLite and PostgreSQL."""

import csv
import io

from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from api.downloads import WARNING
from api.settings import Settings

ITEMS = [
    {"source": "zendesk", "external_id": "t1", "created_at": "2026-11-02T10:00:00Z",
     "text": "The nightly sync to our warehouse stopped working.",
     "contact": {"id": "c-ops", "email": "Ops@Example.com", "account_id": "acc-002"},
     "account": {"id": "acc-002", "name": "Northwind, Inc.", "segment": "enterprise"}},
    {"source": "zendesk", "external_id": "t2", "created_at": "2026-11-03T10:00:00Z",
     "text": "Could you add a weekly summary by mail?", "contact_id": "c-other"},
]  # fmt: skip


def exported(client: TestClient, **params) -> tuple[list[dict], list[str]]:
    answer = client.get("/v1/insights/export", params={"format": "csv", **params})
    assert answer.status_code == 200, answer.text
    return list(csv.DictReader(io.StringIO(answer.text))), answer.headers.get_list(WARNING)


def test_the_insights_export_reads_a_contact_address_as_the_feedback_routes(
    store_settings: Settings, tagger, share_with_cli, capsys
) -> None:
    """?contact=ops@example.com answered the header alone, no warning, while the messages
    export and GET /v1/feedback found that contact's items."""
    share_with_cli(store_settings)
    with TestClient(create_app(store_settings, tagger)) as client:
        assert client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
        by_id, said = exported(client, contact="c-ops")
        assert by_id and {row["external_id"] for row in by_id} == {"t1"} and not said
        for address in ("ops@example.com", "OPS@example.COM"):
            assert exported(client, contact=address) == (by_id, [])
        listed = client.get("/v1/feedback", params={"contact": "ops@example.com"}).json()
        assert [item["external_id"] for item in listed["items"]] == ["t1"]
        both, _ = exported(client, contact=["ops@example.com", "c-other"])
        assert {row["external_id"] for row in both} == {"t1", "t2"}
        none, said = exported(client, contact="nobody@example.com")
        assert none == [] and said == [
            "no feedback has contact 'nobody@example.com' (an id, or an e-mail address a "
            "stored contact holds)"
        ]
    assert main(["export", "--contact", "ops@example.com"]) == 0
    printed = capsys.readouterr()
    assert list(csv.DictReader(io.StringIO(printed.out))) == by_id and printed.err == ""


def test_an_account_name_holding_a_comma_is_pointed_to_its_id(
    store_settings: Settings, tagger, share_with_cli, capsys
) -> None:
    """--account "Northwind, Inc." was refused with a hint to split it into --account
    'Northwind' --account 'Inc.'; a name without a comma got "an account named … exists"."""
    share_with_cli(store_settings)
    hint = ("no account has the id 'Northwind, Inc.'; an account named 'Northwind, Inc.' "
            "exists: acc-002")  # fmt: skip
    with TestClient(create_app(store_settings, tagger)) as client:
        assert client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
        for name in ("Northwind, Inc.", "northwind, inc."):
            rows, said = exported(client, account=name)
            assert rows == [] and said == [hint.replace("'Northwind, Inc.';", f"{name!r};")]
        assert [row["external_id"] for row in exported(client, account="acc-002")[0]] == ["t1"]
        search = {"query": "sync stopped", "filters": {"account": "Northwind, Inc."}}
        answer = client.post("/v1/search", json=search)
        assert answer.status_code == 200 and answer.json()["warnings"] == [hint], answer.text
        # a comma list that names nothing stays refused, with its hint to repeat the parameter
        refused = client.get("/v1/insights/export", params={"account": "acc-002,acc-003"})
        assert refused.status_code == 422, refused.text
    assert main(["export", "--account", "Northwind, Inc."]) == 0
    printed = capsys.readouterr()
    assert printed.out.startswith("insight_id,") and printed.out.count("\n") == 1
    assert printed.err == f"boucle export: warning: {hint}\n"
    assert main(["export", "--account", "Northwind, Ltd."]) == 2
    assert "--account 'Northwind' --account 'Ltd.'" in capsys.readouterr().err
