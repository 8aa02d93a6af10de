"""A segment spelt in another case by one account ("SMB" beside the demo's "smb"), or with other
spaces, hyphens or underscores ("Mid-Market", "mid market"), is the same segment wherever it is
filtered on or figures are grouped by it, under one name: the spelling most accounts use."""

import csv
import io

import pytest
from fastapi.testclient import TestClient

from tests.test_themes_api import seed
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


# One segment spelt as CRM exports write it: "Mid-Market" by most accounts, the others otherwise.
MID_MARKET = {"m1": "Mid-Market", "m2": "Mid-Market", "m3": "mid-market", "m4": "Mid market"}
EXPORT_TEXTS = {"m1": "The CSV export crashes.", "m2": "Export crashes again.",
                "m3": "The export keeps crashing.", "m4": "Export crashed twice today.",
                "big": "The export crashes on big files."}  # fmt: skip


def mid_market_items(client: TestClient) -> list[dict]:
    """An item from each account, each mid-market spelling and an enterprise one."""
    for account, segment in {**MID_MARKET, "big": "enterprise"}.items():
        arr = 100_000 if segment == "enterprise" else 20_000
        answer = client.put(f"/v1/accounts/{account}", json={"segment": segment, "arr": arr})
        assert answer.status_code in (200, 201), answer.text
    items = [{"source": "zendesk", "external_id": account, "text": text, "account_id": account}
             for account, text in EXPORT_TEXTS.items()]  # fmt: skip
    return ingest(client, items)


@pytest.mark.parametrize("asked", ["Mid-Market", "mid market", "MID_MARKET"])
def test_filters_find_every_spelling_of_a_segment(store_client: TestClient, asked: str) -> None:
    """ "Mid-Market", "mid-market" and "Mid market" were three segments: ?segment=mid-market
    found one account of four, in lists, search and exports alike."""
    client = store_client
    mid_market_items(client)
    params = {"segment": asked}
    listed = client.get("/v1/feedback", params=params).json()["items"]
    assert sorted(row["external_id"] for row in listed) == ["m1", "m2", "m3", "m4"]
    accounts = client.get("/v1/accounts", params=params).json()["items"]
    assert sorted(a["id"] for a in accounts) == ["m1", "m2", "m3", "m4"]
    found = client.post("/v1/search", json={"query": "export crash", "filters": params}).json()
    assert found["warnings"] == []  # a stored segment, not a typo
    # each row shows its account's segment as stored (GET /v1/accounts/{id} has it so)
    assert sorted(h["feedback"]["external_id"] for h in found["items"]) == list(MID_MARKET)
    for path in ("/v1/insights/export", "/v1/feedback/export"):
        text = client.get(path, params=params).text.lstrip("\ufeff")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert sorted((row["external_id"], row["segment"]) for row in rows) == sorted(
            MID_MARKET.items()
        ), path
    nps = client.get("/v1/voc/nps", params=params)
    assert nps.status_code == 200 and nps.json()["warnings"] == []


def test_tallies_by_segment_count_every_spelling_as_one(store_client: TestClient) -> None:
    """A need's reach in the mid-market counted the one account spelling it as asked, and its
    impact split the segment's accounts under three names."""
    client = store_client
    ids = [item["insights"][0]["id"] for item in mid_market_items(client)]
    need = client.post("/v1/needs", json={"title": "Export", "insight_ids": ids}).json()
    impact = client.get(f"/v1/needs/{need['id']}/impact").json()
    assert impact["by_segment"] == {
        "enterprise": {"accounts": 1, "arr": 100_000}, "Mid-Market": {"accounts": 4, "arr": 80_000}
    }  # fmt: skip
    segments = client.get("/v1/segments").json()["items"]
    assert [(s["segment"], s["accounts"]) for s in segments] == [
        ("Mid-Market", 4),
        ("enterprise", 1),
    ]
    for asked in ("mid market", "MID-MARKET"):
        narrowed = client.get(f"/v1/needs/{need['id']}/impact", params={"segment": asked}).json()
        assert (narrowed["accounts"], narrowed["warnings"]) == (4, [])
        [ranked] = client.get("/v1/priorities", params={"segment": asked}).json()["items"]
        assert ranked["factors"]["reach"]["value"] == 4  # accounts
        [listed] = client.get("/v1/needs", params={"segment": asked}).json()["items"]
        assert listed["impact"]["accounts"] == 4


def test_a_theme_s_breakdown_names_each_segment_once(store_client: TestClient) -> None:
    """A theme's detail listed "Mid-Market", "mid-market" and "Mid market" as three segments."""
    mid_market_items(store_client)
    theme = seed(store_client, "Export", ["the export crashes", "export keeps crashing"])
    assert theme["size"] == 5, theme["quotes"]
    assert [(s["segment"], s["insights"], s["accounts"]) for s in theme["by_segment"]] == [
        ("Mid-Market", 4, 4), ("enterprise", 1, 1)
    ]  # fmt: skip
