"""Consent, address and template changes leave a trace in the audit trail: who opted a
contact back in after its opt-out (and when it had opted out), who moved or cleared its
address (as digests, never the address), who rewrote or reset a template."""

from fastapi.testclient import TestClient

from api.storage.tables import Contact


def events(client: TestClient, action: str) -> list[dict]:
    answer = client.get("/v1/audit", params={"action": action})
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def test_an_opt_in_after_an_unsubscribe_is_recorded_with_the_opt_out_it_ends(
    store_client,
) -> None:
    put = store_client.put("/v1/contacts/qa-fr", json={"email": "fr@qacorp.io", "name": "Fr"})
    assert put.status_code == 200, put.text
    token = None
    ws = store_client.app.state.workspace
    with ws.db.session() as session:
        token = session.get(Contact, "qa-fr").unsubscribe_token
    assert store_client.post(f"/v1/unsubscribe/{token}").status_code == 200
    with ws.db.session() as session:
        opted_out_at = session.get(Contact, "qa-fr").notifications_opted_out_at
    again = store_client.patch("/v1/contacts/qa-fr", json={"notifications": True})
    assert again.status_code == 200 and again.json()["notifications"] is True
    [event] = events(store_client, "contact.opt_in")
    assert (event["entity"], event["entity_id"], event["actor"]) == ("contact", "qa-fr", "api")
    assert event["detail"] == {"opted_out_at": opted_out_at.isoformat()}
    store_client.patch("/v1/contacts/qa-fr", json={"notifications": False})
    assert [e["entity_id"] for e in events(store_client, "contact.opt_out")] == ["qa-fr"]
    store_client.patch("/v1/contacts/qa-fr", json={"notifications": False})  # no change
    assert len(events(store_client, "contact.opt_out")) == 1


def test_an_address_change_is_recorded_without_the_address(store_client) -> None:
    store_client.put("/v1/contacts/qa-c1", json={"email": "old@qacorp.io"})
    assert events(store_client, "contact.email") == []  # a new contact's address: no change
    moved = store_client.patch("/v1/contacts/qa-c1", json={"email": "new@qacorp.io"})
    assert moved.status_code == 200, moved.text
    store_client.patch("/v1/contacts/qa-c1", json={"email": "NEW@qacorp.io"})  # same address
    store_client.patch("/v1/contacts/qa-c1", json={"email": None})
    cleared, changed = events(store_client, "contact.email")  # newest first
    assert changed["entity_id"] == "qa-c1" and changed["detail"]["change"] == "changed"
    assert cleared["detail"]["change"] == "cleared" and cleared["detail"]["after"] is None
    assert changed["detail"]["after"] == cleared["detail"]["before"]  # one digest an address
    assert len({changed["detail"]["before"], changed["detail"]["after"]}) == 2
    assert "qacorp" not in str(changed) + str(cleared)


def test_template_edits_and_resets_are_recorded(store_client) -> None:
    body = {"subject": "Done: {need_title}", "body": "Hi {contact_name}"}
    assert store_client.put("/v1/templates/shipped/fr", json=body).status_code == 200
    assert store_client.delete("/v1/templates/shipped/fr").status_code == 200
    assert store_client.delete("/v1/templates/shipped/fr").status_code == 200  # default already
    [edit] = events(store_client, "template.edit")
    assert (edit["entity"], edit["entity_id"]) == ("template", "shipped/fr")
    assert set(edit["detail"]) == {"subject", "body"} and "Done" not in str(edit["detail"])
    assert [e["entity_id"] for e in events(store_client, "template.reset")] == ["shipped/fr"]
