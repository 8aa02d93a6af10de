"""`boucle import --url`: a file sent to a running server's API, read and checked as a local
import is; re-running skips what is stored; the server's refusals and absence are explained."""

import json
import socket
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.feedback.importer import ImportError_, Mapping
from api.feedback.remote import send_feedback, send_people
from api.settings import Settings
from tests.test_import import counts

TICKETS = (
    "Ticket ID,Subject,Description,Created at,Organization\n"
    '101,Export broken,"The CSV export crashes, please fix.",2026-10-01T10:00:00Z,acme\n'
    "102,Dark mode,Could you add a dark mode?,2026-10-02 11:00:00,acme\n"
    "103,,,2026-10-03T10:00:00Z,acme\n"
)


def test_file_sent_to_the_api_is_stored_once(store_client: TestClient, tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("id,name,arr,segment,country\nacme,Acme,12000,smb,FR\nbad,,-5,,\n")
    people = send_people(store_client, accounts, "accounts")
    assert people.created == 1 and people.rejected[0].startswith("line 3: arr")
    account = store_client.get("/v1/accounts/acme").json()
    assert (account["name"], account["arr"], account["attributes"]) == (
        "Acme",
        12000,
        {"country": "FR"},
    )
    listed = store_client.get("/v1/accounts", params={"segment": "smb"}).json()
    assert ([a["id"] for a in listed["items"]], listed["total"]) == (["acme"], 1)
    assert store_client.get("/v1/accounts", params={"segment": "enterprise"}).json()["total"] == 0
    for bad in ({"limit": 0}, {"offset": -1}, {"segement": "smb"}):  # a typo is said, not ignored
        assert store_client.get("/v1/accounts", params=bad).status_code == 422, bad
        assert store_client.get("/v1/contacts", params=bad).status_code == 422, bad
    contacts = store_client.get("/v1/contacts", params={"account": "acme"}).json()
    assert contacts == {"items": [], "total": 0, "next_cursor": None}

    path = tmp_path / "tickets.csv"
    path.write_text(TICKETS)
    seen: list[int] = []
    report = send_feedback(store_client, path, Mapping.build("support", {}, None),
                           lambda done, _: seen.append(done))  # fmt: skip
    assert (report.read, report.created, report.duplicates, report.pending) == (3, 2, 0, 0)
    assert [r.split(":")[0] for r in report.rejected] == ["line 4 (external_id '103')"]
    assert seen and seen[-1] == path.stat().st_size
    stored = store_client.get("/v1/feedback", params={"source": "support"}).json()["items"]
    assert sorted(i["external_id"] for i in stored) == ["101", "102"]
    assert {i["account"]["id"] for i in stored} == {"acme"} and all(i["insights"] for i in stored)
    again = send_feedback(store_client, path, Mapping.build("support", {}, None))
    assert (again.created, again.duplicates, again.changed) == (0, 2, 0)
    path.write_text(TICKETS.replace("101,", "101,Urgent: ", 1))  # the subject is in the text
    edited = send_feedback(store_client, path, Mapping.build("support", {}, None))
    assert (edited.created, edited.duplicates, edited.changed) == (0, 2, 1)
    assert counts(store_client.app.state.workspace.db) == (2, 2, 2)


def test_refusals_say_what_went_wrong(settings: Settings, tagger, tmp_path: Path) -> None:
    settings.api_keys = {"reader-secret-0123456789": ["read"]}
    path = tmp_path / "reviews.jsonl"
    path.write_text(json.dumps({"id": "r1", "text": "Crashes on start"}) + "\n")
    with TestClient(create_app(settings, tagger)) as client:
        client.headers["Authorization"] = "Bearer reader-secret-0123456789"
        with pytest.raises(ImportError_, match="POST /v1/feedback: the server answered 403"):
            send_feedback(client, path, Mapping.build("generic", {}, "app", dateless=True))


def test_a_rate_limit_is_waited_out(settings: Settings, tagger, tmp_path: Path) -> None:
    settings.rate_limit_per_minute, settings.rate_limit_burst = 60, 1  # one request a second
    path = tmp_path / "reviews.jsonl"
    rows = [{"id": f"r{n}", "text": f"The app crashes on screen {n}"} for n in range(150)]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    with TestClient(create_app(settings, tagger)) as client:
        report = send_feedback(client, path, Mapping.build("generic", {}, "app", dateless=True))
    assert (report.created, report.rejected) == (150, [])  # the second batch waited its turn


def test_cli_says_when_no_server_listens(tmp_path: Path, boucle) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    path = tmp_path / "tickets.csv"
    path.write_text(TICKETS)
    done = boucle("import", str(path), "--preset", "support", "--quiet",
                  "--url", f"http://127.0.0.1:{port}",
                  env={"BOUCLE_DATA_DIR": str(tmp_path / "data")})  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "cannot reach http://127.0.0.1" in done.stderr and "boucle serve" in done.stderr
    assert not (tmp_path / "data" / "qdrant").exists()  # no store opened, no model loaded


def test_rows_repeating_a_whole_row_are_sent_once(store_client: TestClient, tmp_path: Path) -> None:
    """With --content-ids two identical rows are one item: the API refuses a batch holding an
    item twice, so the second is counted a duplicate here, as a local import counts it."""
    path = tmp_path / "tickets.csv"
    path.write_text("subject,body\nLogin,Cannot log in\nLogin,Cannot log in\nExport,It crashes\n")
    mapping = Mapping.build("support", {"text": "subject+body"}, None, dateless=True,
                            content_ids=True)  # fmt: skip
    report = send_feedback(store_client, path, mapping)
    assert (report.read, report.created, report.duplicates, report.rejected) == (3, 2, 1, [])
    stored = store_client.get("/v1/feedback", params={"source": "support"}).json()["items"]
    assert len(stored) == 2
