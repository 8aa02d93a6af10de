"""A segment spelt in another case by one account ("SMB" beside the demo's "smb") is the same
segment wherever figures are grouped by it, under one name: the spelling most accounts use."""

from fastapi.testclient import TestClient

from tests.test_voc import ingest, item

ACCOUNTS = {"a1": "smb", "a2": "smb", "a3": "smb", "a4": "SMB", "big": "enterprise"}


def stored_accounts(client: TestClient) -> None:
    for account, segment in ACCOUNTS.items():
        arr = 100_000 if segment == "enterprise" else 5_000
        answer = client.put(f"/v1/accounts/{account}", json={"segment": segment, "arr": arr})
        assert answer.status_code in (200, 201), answer.text


def test_a_needs_impact_counts_a_segment_once_whatever_its_case(
    store_client: TestClient,
) -> None:
    """by_segment was {"smb": 3 accounts, "SMB": 1}."""
    stored_accounts(store_client)
    texts = {"a1": "The CSV export crashes.", "a2": "Export crashes again.",
             "a3": "The export keeps crashing.", "a4": "Export crashed twice today."}  # fmt: skip
    items = [{"source": "zendesk", "external_id": account, "text": text, "account_id": account}
             for account, text in texts.items()]  # fmt: skip
    stored = ingest(store_client, items)
    ids = [i["insights"][0]["id"] for i in stored]
    need = store_client.post("/v1/needs", json={"title": "Export", "insight_ids": ids}).json()
    impact = store_client.get(f"/v1/needs/{need['id']}/impact").json()
    assert impact["by_segment"] == {"smb": {"accounts": 4, "arr": 20_000}}
    segments = store_client.get("/v1/segments").json()["items"]
    assert [s["segment"] for s in segments] == ["smb", "enterprise"]  # the same name


def test_one_answer_from_an_account_spelling_it_otherwise_does_not_rename_the_segment(
    store_client: TestClient,
) -> None:
    """The whole "smb" bucket of the VoC's NPS by segment was relabelled "SMB" once one "SMB"
    account answered (the first spelling in sort order named it)."""
    stored_accounts(store_client)
    answers = [item(f"n{n}", f"2026-10-0{n}T10:00:00Z", score, account_id=account)
               for n, (account, score) in enumerate((("a1", 9), ("a4", 3), ("big", 10)), 1)]  # fmt: skip
    ingest(store_client, answers)
    nps = store_client.get("/v1/voc/nps").json()
    assert sorted((s["segment"], s["responses"]) for s in nps["segments"]) == [
        ("enterprise", 1), ("smb", 2)
    ]  # fmt: skip
