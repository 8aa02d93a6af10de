"""Text the team writes is redacted as a customer's message is (a DPO review): a follow-up note
and its `by`, a theme's name, seed examples and description, a need's title and description
kept the e-mails, phone numbers and IBANs pasted into them, stored as sent and shown to every
`read` key."""

import json
import re

from fastapi.testclient import TestClient

from tests.test_privacy import ingest, item

PASTED = "(paul.petit@x.com, 06 55 44 33 22, IBAN FR76 3000 6000 0112 3456 7890 189)"
MORE = "card 4111 1111 1111 1111, NIR 1 85 05 78 006 084 36, 12 rue de la Paix, 75002 Paris"
PERSONAL = ("paul.petit@x.com", "06 55 44 33 22", "FR76", "4111", "78 006", "rue de la Paix")
MARKS = ("[EMAIL]", "[PHONE]", "[IBAN]", "[CARD]", "[SSN]", "[ADDRESS]")


def kept(text: str) -> list[str]:
    """The personal data of PASTED and MORE still in `text`, not within a longer number: a
    timestamp's microseconds (".411123") hold "4111" too."""
    return [data for data in PERSONAL if re.search(rf"(?<!\d){re.escape(data)}(?!\d)", text)]


def test_a_follow_up_note_is_redacted_as_feedback_is(client: TestClient) -> None:
    [row] = ingest(client, item("t-1", "The export crashes."))
    note = f"Hi Paul, called Paul Petit {PASTED} about the refund; {MORE}."
    answer = client.post(f"/v1/feedback/{row['id']}/actions",
                         json={"kind": "call", "by": "zoe", "note": note})  # fmt: skip
    assert answer.status_code == 201, answer.text
    [stored] = client.get(f"/v1/feedback/{row['id']}/actions").json()["items"]

    for shown in (answer.json()["note"], stored["note"]):
        assert kept(shown) == [] and all(mark in shown for mark in MARKS), shown
        assert "Hi Paul" not in shown  # a greeting's name, as ingestion's rules take it
        # a first name and surname mid-sentence too (the gazetteer rule); the rest as written
        assert "called [NAME] (" in shown and "about the refund" in shown
    assert stored["by"] == "zoe"


def test_a_seeded_and_edited_theme_is_redacted_as_feedback_is(client: TestClient) -> None:
    seeded = client.post("/v1/themes/seed", json={
        "name": "Refunds", "description": f"Refunds asked by phone {PASTED}",
        "examples": [f"Refund me please {PASTED}", "Where is my refund?"]})  # fmt: skip
    assert seeded.status_code in (200, 201), seeded.text
    theme_id = seeded.json()["id"]
    detail = client.get(f"/v1/themes/{theme_id}").json()
    assert kept(json.dumps(detail)) == [] and "[IBAN]" in detail["description"]
    assert detail["seed_examples"][1] == "Where is my refund?"

    edited = client.patch(f"/v1/themes/{theme_id}", json={"description": f"Sent to {MORE}"})
    assert edited.status_code == 200, edited.text
    assert kept(edited.json()["description"]) == [] and "[CARD]" in edited.json()["description"]
    trail = client.get("/v1/audit", params={"action": ["theme.seed", "theme.edit"]})
    assert len(trail.json()["items"]) == 2 and kept(trail.text) == []  # nor in the trail


def test_a_need_is_redacted_as_feedback_is(client: TestClient) -> None:
    created = client.post("/v1/needs", json={"title": f"Refund Paul {PASTED}",
                                             "description": f"Asked from {MORE}"})  # fmt: skip
    assert created.status_code == 201, created.text
    need_id = created.json()["id"]
    edited = client.patch(f"/v1/needs/{need_id}", json={"description": f"Again {PASTED}"})
    assert edited.status_code == 200, edited.text

    need = client.get(f"/v1/needs/{need_id}").json()
    assert kept(json.dumps(need)) == [] and need["title"].startswith("Refund Paul (")
    assert "[PHONE]" in need["title"] and "[EMAIL]" in need["description"]
    trail = client.get("/v1/audit", params={"action": ["need.create", "need.update"]})
    assert len(trail.json()["items"]) == 2 and kept(trail.text) == []


def test_a_theme_name_is_redacted_when_seeded_and_renamed(client: TestClient) -> None:
    """A name is what a person typed too: an address or a phone number pasted into a seed's or
    a rename's name was kept, in the theme, its lineage and the trail."""
    seeded = client.post("/v1/themes/seed", json={
        "name": "Calls from 06 55 44 33 22", "examples": ["Stop calling me"]})  # fmt: skip
    assert seeded.status_code in (200, 201), seeded.text
    theme_id = seeded.json()["id"]
    assert seeded.json()["name"] == "Calls from [PHONE]"

    renamed = client.patch(f"/v1/themes/{theme_id}", json={"name": f"Refunds {PASTED}"})
    assert renamed.status_code == 200, renamed.text
    detail = client.get(f"/v1/themes/{theme_id}").json()
    assert detail["name"].startswith("Refunds (") and "[EMAIL]" in detail["name"]
    assert kept(json.dumps(detail)) == [] and "06 55" not in json.dumps(detail)  # lineage too
    trail = client.get("/v1/audit", params={"action": ["theme.seed", "theme.edit"]})
    assert len(trail.json()["items"]) == 2 and kept(trail.text) == []
    assert "06 55" not in trail.text


def test_who_followed_up_is_kept_but_an_address_typed_there_is_not(client: TestClient) -> None:
    """`by` names a team member: a name or a handle stays; an e-mail address or a phone number
    typed there was stored, listed to every `read` key and written in the trail as sent."""
    [row] = ingest(client, item("t-2", "The export crashes."))
    actions = f"/v1/feedback/{row['id']}/actions"
    for by in ("Anna Martin", "paul.petit@x.com", "06 55 44 33 22"):
        assert client.post(actions, json={"kind": "reply", "by": by}).status_code == 201
    stored = [action["by"] for action in client.get(actions).json()["items"]]
    assert stored == ["Anna Martin", "[EMAIL]", "[PHONE]"]
    trail = client.get("/v1/audit", params={"action": "feedback.action"})
    assert len(trail.json()["items"]) == 3 and kept(trail.text) == []
