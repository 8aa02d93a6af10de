"""An erasure by address deleted another person's own item that merely held the address in its
metadata (Carl's ticket with Anke in `cc`): the access export listed it as Carl's, the contact's
dry run said it would be masked, and `POST /v1/erasures {"email": …}` deleted it. It is masked
(the address replaced), never deleted, whichever way the person is erased."""

import pytest
from fastapi.testclient import TestClient

from api.cli import main
from tests.test_privacy import ingest, item

ANKE = {"id": "c-anke", "email": "anke.schulz@example.de", "name": "Anke Schulz", "language": "de"}
CARL = {"id": "c-carl", "email": "carl.berg@example.de", "name": "Carl Berg", "language": "de"}
ANKES = "anke.schulz@example.de"


def stored(client: TestClient) -> tuple[dict, dict]:
    anke, carl = ingest(
        client,
        item("t-anke", "Die Rechnung kommt zu spät.", ANKE),
        item("t-carl", "The export crashes on big files.", CARL, metadata={"cc": ANKES}),
    )
    return anke, carl


def test_an_erasure_by_address_masks_another_persons_item_naming_it(
    store_client: TestClient,
) -> None:
    client = store_client
    anke, carl = stored(client)
    export = client.post("/v1/access-exports", json={"email": ANKES}).json()
    assert [m["id"] for m in export["feedback_naming_address"]] == [carl["id"]]

    by_contact = client.delete("/v1/contacts/c-anke", params={"dry_run": "true"}).json()
    dry = client.post("/v1/erasures", json={"email": ANKES, "dry_run": True}).json()
    assert (dry["contacts"], dry["feedback"]) == (1, 1), dry
    assert dry["texts_masked"] >= 1 and by_contact["feedback"] == dry["feedback"]

    real = client.post("/v1/erasures", json={"email": ANKES, "dry_run": False}).json()
    assert {**real, "dry_run": True} == dry  # the dry run said what the erasure did
    assert client.get(f"/v1/feedback/{anke['id']}").status_code == 404
    kept = client.get(f"/v1/feedback/{carl['id']}")
    assert kept.status_code == 200, kept.text
    assert kept.json()["metadata"] == {"cc": "[EMAIL]"}
    assert kept.json()["contact_id"] == "c-carl"


@pytest.mark.parametrize("erase", ["contact", "email"])
def test_forget_without_yes_counts_the_item_naming_the_address_as_masked(
    store_client: TestClient, share_with_cli, capsys, erase: str
) -> None:
    client = store_client
    _, carl = stored(client)
    share_with_cli(client.app.state.workspace.settings)
    target = "c-anke" if erase == "contact" else ANKES

    assert main(["forget", erase, target]) == 0
    said = capsys.readouterr().err
    assert "Here: 1 item, 1 contact; 1 other stored text masked" in said, said
    assert client.get(f"/v1/feedback/{carl['id']}").json()["metadata"] == {"cc": ANKES}
