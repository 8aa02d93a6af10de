"""The digest sent, not only read: `boucle digest send` and POST /v1/digest/send write it to the
notification outbox for BOUCLE_DIGEST_RECIPIENTS, admin only, once per period, and the worker
delivers it through the loop's channel; on SQLite and PostgreSQL."""

import hashlib
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from api.cli import main
from api.loop.channels import WebhookChannel
from api.loop.delivery import deliver_due
from api.settings import Settings
from api.storage.loop_tables import Notification
from tests.test_loop import SECRET, Receiver

ADMIN = {"Authorization": "Bearer admin-key-0123456789"}
READER = {"Authorization": "Bearer read-key-0123456789"}
KEYS = {"admin-key-0123456789": ["admin"], "read-key-0123456789": ["read"]}
TEAM = ["pm@northwind-labs.fr", "cto@northwind-labs.fr"]
# a Wednesday and the Sunday of the same ISO week (2026-W48), then the next Monday
WEDNESDAY, SUNDAY, MONDAY = "2026-11-25T10:00:00Z", "2026-11-29T20:00:00Z", "2026-11-30T09:00:00Z"


@pytest.fixture
def team_client(store_settings: Settings, tagger):
    settings = store_settings.model_copy(update={"digest_recipients": TEAM, "api_keys": KEYS})
    with TestClient(create_app(settings, tagger)) as client:
        yield client


def digests(client: TestClient) -> list[Notification]:
    with client.app.state.workspace.db.session() as session:
        rows = list(session.scalars(select(Notification).where(Notification.kind == "digest")))
        session.expunge_all()
        return rows


def send(client: TestClient, as_of: str, headers: dict = ADMIN):
    return client.post("/v1/digest/send", params={"period": "week", "as_of": as_of},
                       headers=headers)  # fmt: skip


def test_the_digest_is_sent_once_a_week_to_its_recipients(team_client: TestClient) -> None:
    first = send(team_client, WEDNESDAY)
    assert first.status_code == 200, first.text
    assert first.json()["period_key"] == "2026-W48"
    assert (first.json()["queued"], first.json()["already"]) == (TEAM, [])
    again = send(team_client, SUNDAY)  # the same week: written once
    assert (again.json()["queued"], again.json()["already"]) == ([], TEAM)
    assert again.json()["notification_ids"] == first.json()["notification_ids"]
    rows = digests(team_client)
    assert sorted(r.email for r in rows) == sorted(TEAM)
    assert {(r.status, r.need_id, r.contact_id) for r in rows} == {("pending", None, None)}
    markdown = team_client.get("/v1/digest", params={"as_of": WEDNESDAY, "format": "markdown"},
                               headers=ADMIN).text  # fmt: skip
    assert {r.body for r in rows} == {markdown}
    assert {r.subject for r in rows} == {"Boucle digest: week to 2026-11-25"}
    next_week = send(team_client, MONDAY)
    assert (next_week.json()["period_key"], next_week.json()["queued"]) == ("2026-W49", TEAM)
    assert len(digests(team_client)) == 4
    # a digest closes no loop: the loop metrics count the needs' notifications only
    metrics = team_client.get("/v1/loop/metrics", headers=ADMIN).json()
    assert metrics["notifications"] == {}


def send_with_ratings(client: TestClient, sources: dict):
    """Five app-store ratings on the week's Tuesday, then the week's digest sent with `sources`."""
    items = [{"source": "app_store", "external_id": f"r{n}", "text": "", "score": score,
              "created_at": "2026-11-24T10:00:00Z"} for n, score in enumerate([5, 4, 4, 3, 5])]  # fmt: skip
    assert client.post("/v1/feedback", json={"items": items}, headers=ADMIN).status_code == 200
    return client.post("/v1/digest/send", headers=ADMIN, params={"as_of": WEDNESDAY, **sources})


def test_the_digest_sent_counts_the_source_asked(team_client: TestClient) -> None:
    """A workspace whose ratings come from app_store could read them in GET /v1/digest?source=
    but not send them: the digest sent said csat_survey's count."""
    sent = send_with_ratings(team_client, {"source": "app_store"})
    assert sent.status_code == 200, sent.text
    assert {"- CSAT 4.2 / 5, 5 answers from app_store" in r.body for r in digests(team_client)} == {
        True
    }


def test_the_digest_sent_counts_csat_from_one_source_and_nps_from_another(
    team_client: TestClient, store_settings: Settings, share_with_cli, monkeypatch, capsys
) -> None:
    """`source=app_store` made the sent digest's NPS out of star ratings: `csat_source` sets
    CSAT's alone, on POST /v1/digest/send and `boucle digest send --csat-source`."""
    sent = send_with_ratings(team_client, {"csat_source": "app_store"})
    assert sent.status_code == 200, sent.text
    bodies = {r.body for r in digests(team_client)}
    assert all("- CSAT 4.2 / 5, 5 answers from app_store" in body for body in bodies)
    assert all("- NPS: no answers from nps_survey this week" in body for body in bodies)
    share_with_cli(store_settings)
    monkeypatch.setenv("BOUCLE_DIGEST_RECIPIENTS", json.dumps(TEAM))
    assert main(["digest", "send", "--as-of", MONDAY, "--nps-source", "app_store",
                 "--csat-source", "csat_survey"]) == 0  # fmt: skip
    capsys.readouterr()
    next_week = [r.body for r in digests(team_client) if "2026-11-30" in r.subject]
    assert len(next_week) == 2
    assert all("- NPS -100, 5 answers from app_store" in body for body in next_week)
    assert all("- CSAT: no answers from csat_survey this week" in body for body in next_week)


def test_sending_the_digest_takes_an_admin_key(team_client: TestClient) -> None:
    assert send(team_client, WEDNESDAY, READER).status_code == 403
    assert send(team_client, WEDNESDAY, {}).status_code == 401
    assert digests(team_client) == []


def test_without_recipients_the_send_says_what_to_set(store_client: TestClient) -> None:
    refused = store_client.post("/v1/digest/send")
    assert refused.status_code == 409, refused.text
    assert "BOUCLE_DIGEST_RECIPIENTS" in refused.json()["message"]
    assert digests(store_client) == []


def test_the_worker_delivers_the_digest_through_the_channel(team_client: TestClient) -> None:
    assert send(team_client, WEDNESDAY).status_code == 200
    receiver = Receiver()
    try:
        channel = WebhookChannel(receiver.url, SECRET)
        assert deliver_due(team_client.app.state.workspace, channel) == 2
        assert deliver_due(team_client.app.state.workspace, channel) == 0
    finally:
        receiver.close()
    bodies = [json.loads(r["body"]) for r in receiver.received]
    assert sorted(b["email"] for b in bodies) == sorted(TEAM)
    assert {(b["kind"], b["need_id"], b["contact_id"]) for b in bodies} == {("digest", None, None)}
    assert all(b["body"].startswith("# Boucle digest: week to 2026-11-25") for b in bodies)
    assert {r.status for r in digests(team_client)} == {"sent"}


def test_recipients_must_be_addresses() -> None:
    with pytest.raises(ValueError, match="not an e-mail address: 'pm'"):
        Settings(digest_recipients=["pm"])
    # one message per address, whatever its case
    assert Settings(digest_recipients=["PM@x.fr", "pm@x.fr "]).digest_recipients == ["PM@x.fr"]


def test_boucle_digest_send_writes_once_a_period(workspace, store_settings, share_with_cli,
                                                 monkeypatch, capsys) -> None:  # fmt: skip
    share_with_cli(store_settings)  # the store `workspace` made
    monkeypatch.setenv("BOUCLE_DIGEST_RECIPIENTS", json.dumps(TEAM))
    assert main(["digest", "send", "--as-of", WEDNESDAY]) == 0
    said = capsys.readouterr().out
    assert "digest of 2026-W48 written to the outbox for 2 recipients" in said
    assert "no channel set" in said
    assert main(["digest", "send", "--as-of", SUNDAY, "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert (answer["queued"], answer["already"]) == ([], TEAM)
    monkeypatch.setenv("BOUCLE_DIGEST_RECIPIENTS", "[]")
    from api.settings import get_settings

    get_settings.cache_clear()
    assert main(["digest", "send"]) == 2
    assert "BOUCLE_DIGEST_RECIPIENTS" in capsys.readouterr().err


def plain_digest_key(week: str, email: str) -> str:
    """A digest's key before keys were keyed: the plain sha256 of the address."""
    return f"boucle:digest:week:{week}:to:{hashlib.sha256(email.encode()).hexdigest()[:24]}"


def test_a_digest_written_before_keys_were_keyed_is_not_written_again(team_client) -> None:
    """The week's digest went out under the plain keys before the upgrade: sending the week
    again after it finds them, rather than writing (and sending) it a second time under keys
    that a guessed address can no longer be hashed to."""
    first = send(team_client, WEDNESDAY).json()
    with team_client.app.state.workspace.db.session() as session:
        for row in session.scalars(select(Notification).where(Notification.kind == "digest")):
            assert row.idempotency_key != plain_digest_key("2026-W48", row.email)
            row.idempotency_key = plain_digest_key("2026-W48", row.email)
            row.status = "sent"
    again = send(team_client, SUNDAY).json()
    assert (again["queued"], again["already"]) == ([], TEAM)
    assert again["notification_ids"] == first["notification_ids"]
    next_week = send(team_client, MONDAY).json()
    assert next_week["queued"] == TEAM and len(digests(team_client)) == 4
