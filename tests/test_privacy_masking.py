"""After a contact's erasure, no stored place keeps their name or address readable: themes
(names a person gave, descriptions, seed examples, lineage), alerts' quotes, notifications
already sent, need lineage, follow-up notes, other people's messages and metadata, contact
attributes; nor does a refit bring them back."""

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import LargeBinary, select

from api.audit import record
from api.keys.store import create_key
from api.storage.key_tables import ApiKey
from api.storage.loop_tables import Notification, ThemeAlert
from api.storage.tables import AuditEvent, Base, Contact, Feedback, FeedbackAction, Insight, Job
from api.storage.webhook_tables import WebhookDelivery, WebhookSubscription
from tests.test_privacy import DAN, ingest, item, workspace_of
from tests.test_themes_refit import refit

SARAH = {"id": "c-sarah", "email": "Sarah.Connor@Cyberdyne.io", "name": "Sarah Connor",
         "language": "en"}  # fmt: skip
TRACES = ("sarah", "connor", "cyberdyne")
# she is erased as a contact, or by her address alone (POST /v1/erasures)
BY_CONTACT_OR_ADDRESS = pytest.mark.parametrize(
    "erase",
    [
        lambda client: client.delete("/v1/contacts/c-sarah"),
        lambda client: client.post("/v1/erasures", json={"email": "sarah.connor@cyberdyne.io"}),
    ],
    ids=["contact", "email"],
)


def stored_words(client: TestClient) -> str:
    """Every readable column of every row of every table, casefolded."""
    rows = []
    with workspace_of(client).db.session() as session:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if not isinstance(c.type, LargeBinary)]
            rows += [repr(tuple(row)) for row in session.execute(select(*columns))]
    return "\n".join(rows).casefold()


def left_of(client: TestClient) -> list[str]:
    words = stored_words(client)
    return [line for line in words.splitlines() if any(t in line for t in TRACES)]


def test_an_erased_contact_leaves_no_readable_name_anywhere(store_client: TestClient) -> None:
    client = store_client
    hers, dans = ingest(
        client,
        item("s-1", "The export crashes on big files.", SARAH),
        item("d-1", "Export crashes for me too. Sarah Connor saw it first, she said.", DAN,
             metadata={"cc": "sarah.connor@cyberdyne.io", "reporter": "Sarah Connor"}),
    )  # fmt: skip
    evidence = [hers["insights"][0]["id"], dans["insights"][0]["id"]]
    need = client.post("/v1/needs", json={"title": "Export crash reported by Sarah Connor",
                                          "insight_ids": evidence}).json()  # fmt: skip
    other = client.post("/v1/needs", json={"title": "Sarah Connor's big files"}).json()
    merged = client.post(f"/v1/needs/{need['id']}/merge", json={"sources": [other["id"]]})
    assert merged.status_code == 200, merged.text
    client.patch(f"/v1/needs/{need['id']}", json={"status": "shipped"})
    note = {"kind": "note", "by": "zoe", "note": "Told Dan that Sarah Connor reported it first."}
    assert client.post(f"/v1/feedback/{dans['id']}/actions", json=note).status_code == 201
    seeded = client.post("/v1/themes/seed", json={
        "name": "Sarah Connor exports", "description": "What Sarah Connor reported",
        "examples": ["sarah.connor cannot export big files"]})  # fmt: skip
    assert seeded.status_code == 201, seeded.text
    theme_id = seeded.json()["id"]
    for name in ("Big exports", "Sarah Connor's board"):  # lineage: renamed, before and after
        assert client.patch(f"/v1/themes/{theme_id}", json={"name": name}).status_code == 200
    ws = workspace_of(client)
    with ws.db.session() as session:
        for row in session.scalars(select(Notification)):
            row.status = "sent"  # already written to the outbox and sent
        session.add(ThemeAlert(
            theme_id=theme_id, kind="emerging", idempotency_key="alert-1", status="sent",
            payload={"theme": {"id": theme_id, "name": "Big exports", "keywords": []},
                     "quotes": [{"insight_id": dans["insights"][0]["id"],
                                 "text": "Sarah Connor saw it first, she said."}]}))  # fmt: skip
        session.get(Contact, "c-dan").attributes = {"assistant": "Sarah Connor"}
    assert left_of(client)  # she is in every place above

    erased = client.delete("/v1/contacts/c-sarah").json()

    assert left_of(client) == []
    assert erased["contacts"] == 1 and erased["themes_masked"] >= 2
    with ws.db.session() as session:
        [sent] = session.scalars(select(Notification)).all()
        assert sent.status == "sent" and "Export crash reported by [NAME]" in sent.subject
        message = session.get(Feedback, dans["id"])
        assert message.text == "Export crashes for me too. [NAME] saw it first, she said."
        assert message.meta == {"cc": "[EMAIL]", "reporter": "[NAME]"}
        for insight in session.scalars(select(Insight).where(Insight.feedback_id == dans["id"])):
            assert message.text[insight.start : insight.end] == insight.text
    detail = client.get(f"/v1/themes/{theme_id}").json()
    assert detail["name"] == "[NAME]'s board"
    assert detail["seed_examples"] == ["[NAME] cannot export big files"]

    refit(client)
    assert left_of(client) == []


@BY_CONTACT_OR_ADDRESS
def test_an_erased_person_who_acted_is_masked_and_the_team_is_not(
    store_client: TestClient, erase
) -> None:
    """Follow-ups' `by` and the trail's actor name the team member who acted, kept; where they
    hold the erased person's whole name or address (a customer's admin logged a follow-up, a
    row written before `by` was redacted, a key named after them), that goes."""
    client = store_client
    _, dans = ingest(
        client,
        item("s-1", "The export crashes on big files.", SARAH),
        item("d-1", "Export crashes for me too.", DAN),
    )
    for by in ("Sarah Connor", "zoe", "Anna Martin", "Sarah"):
        action = {"kind": "note", "by": by}
        assert client.post(f"/v1/feedback/{dans['id']}/actions", json=action).status_code == 201
    ws = workspace_of(client)
    with ws.db.session() as session:
        session.add(FeedbackAction(feedback_id=dans["id"], kind="reply", at=datetime.now(UTC),
                                   actor="Sarah.Connor@Cyberdyne.io"))  # fmt: skip
        record(session, "sarah.connor@cyberdyne.io", "feedback.edit", "feedback", dans["id"], {})
        record(session, "Sarah Connor (admin)", "feedback.edit", "feedback", dans["id"], {})
    assert any("sarah" in line and "connor" in line for line in left_of(client))

    assert erase(client).status_code == 200

    actions = client.get(f"/v1/feedback/{dans['id']}/actions").json()["items"]
    assert sorted(a["by"] for a in actions) == ["Anna Martin", "Sarah", "[EMAIL]", "[NAME]", "zoe"]
    with ws.db.session() as session:
        actors = {event.actor for event in session.scalars(select(AuditEvent))}
    assert {"[EMAIL]", "[NAME] (admin)"} <= actors
    # "Sarah" alone, a team member's first name, stays: nothing else of her does
    assert not [line for line in left_of(client) if "connor" in line or "cyberdyne" in line]


@BY_CONTACT_OR_ADDRESS
def test_keys_jobs_and_failures_naming_an_erased_person_are_masked(
    store_client: TestClient, erase
) -> None:
    """An API key named after her, a job's message or result, a failure's `last_error` (an item,
    a notification, an alert, a webhook delivery) that quotes her whole name or address: masked
    in the erasure; a key or job naming only a team member, or "Sarah" alone, stays."""
    client = store_client
    _, dans = ingest(
        client,
        item("s-1", "The export crashes on big files.", SARAH),
        item("d-1", "Export crashes for me too.", DAN),
    )
    ws = workspace_of(client)
    for name in ("Sarah Connor", "sarah connor", "sarah.connor@cyberdyne.io", "zoe", "Sarah"):
        create_key(ws.db, name, ["read"])
    # once the server's key cache reloads (every few seconds) it asks for a key: the erasure
    # sends an admin one, so a slow machine reaching it late gets no 401
    client.headers["Authorization"] = "Bearer " + create_key(ws.db, "dpo", ["admin"])
    failed = "ValueError: could not read 'Sarah Connor <sarah.connor@cyberdyne.io>'"
    with ws.db.session() as session:
        session.add(Job(kind="refit", status="failed", message=failed,
                        result={"by": "Sarah.Connor@Cyberdyne.io", "themes": 2}))  # fmt: skip
        session.add(Job(kind="refit", status="done", message="done", result={"by": "zoe"}))
        session.get(Feedback, dans["id"]).last_error = failed
        session.add(Notification(kind="digest", language="en", email="dan@northwind.com",
                                 subject="Digest", body="Your digest", idempotency_key="n-1",
                                 status="failed", last_error=failed))  # fmt: skip
        session.add(ThemeAlert(kind="unthemed", payload={}, idempotency_key="a-1",
                               status="failed", last_error=failed))  # fmt: skip
        subscription = WebhookSubscription(url="https://hooks.example.com", secret="s")
        session.add(subscription)
        session.flush()
        session.add(WebhookDelivery(subscription_id=subscription.id, event="feedback.analysed",
                                    payload={}, idempotency_key="w-1", status="failed",
                                    last_error=failed))  # fmt: skip
    assert any("connor" in line for line in left_of(client))

    assert erase(client).status_code == 200

    assert not [line for line in left_of(client) if "connor" in line or "cyberdyne" in line]
    masked = "ValueError: could not read '[NAME] <[EMAIL]>'"
    with ws.db.session() as session:
        keys = sorted(session.scalars(select(ApiKey.name)))
        jobs = sorted((job.message, job.result) for job in session.scalars(select(Job)))
        errors = [session.scalar(select(table.last_error))
                  for table in (Feedback, Notification, ThemeAlert, WebhookDelivery)]  # fmt: skip
    # two keys masked to one name: the second keeps its id, as a revoked key's name does
    assert len(keys) == 6 and {"Sarah", "[EMAIL]", "zoe", "[NAME]", "dpo"} <= set(keys)
    assert [k for k in keys if k.startswith("[NAME]#")]
    assert jobs == [(masked, {"by": "[EMAIL]", "themes": 2}), ("done", {"by": "zoe"})]
    assert errors == [masked] * 4
