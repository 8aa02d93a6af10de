"""A PM's questions on the demo's priorities: a reach override read in every unit and segment
(50 accounts ranked as €50K, or as 50 smb accounts), pending suggestions counted outside the
window and segment, and the CSV's floats and missing columns."""

import csv
import io
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from api.storage.tables import NeedSuggestion
from tests.test_priority_reach import need, ranked

BIG = {"id": "big", "arr": 900_000, "segment": "enterprise"}
SHOP = {"id": "shop", "arr": 3_800, "segment": "smb"}


def stored(client: TestClient, prefix: str, items: list[tuple[str, dict, int]]) -> list[dict]:
    """Tickets (text, account, days ago), each answer's stored item."""
    now = datetime.now(UTC)
    sent = [{"source": "zendesk", "external_id": f"{prefix}-{n}", "text": text, "account": account,
             "created_at": (now - timedelta(days=days)).isoformat()}
            for n, (text, account, days) in enumerate(items)]  # fmt: skip
    return client.post("/v1/feedback", json={"items": sent}).json()["items"]


def two_needs(client: TestClient) -> tuple[int, int]:
    """SSO (big's ARR, one account) and Export (shop, one smb account)."""
    sso = need(client, "SSO", stored(client, "e", [("We need SAML single sign-on.", BIG, 1)]))
    export = need(client, "Export", stored(client, "s", [("The CSV export crashes.", SHOP, 1)]))
    return sso, export


def test_a_reach_override_counts_only_in_its_unit_over_every_segment(
    store_client: TestClient,
) -> None:
    sso, export = two_needs(store_client)
    patched = store_client.patch(f"/v1/needs/{export}", json={"rice_overrides": {"reach": 50}})
    assert patched.status_code == 200, patched.text
    shown = store_client.get(f"/v1/needs/{export}").json()["rice_overrides"]
    assert shown == {"reach": 50, "reach_unit": "accounts"}  # BOUCLE_RICE_REACH's, stated
    reach = ranked(store_client)[export]["factors"]["reach"]
    assert (reach["value"], reach["overridden"], ranked(store_client)[export]["rank"]) == (
        50,
        True,
        1,
    )
    # 50 accounts are not €50K: ARR ranks on the evidence, and says why
    by_arr = ranked(store_client, reach="arr")
    reach = by_arr[export]["factors"]["reach"]
    assert (reach["value"], reach["overridden"], by_arr[export]["rank"]) == (3.8, False, 2)
    assert reach["how"].endswith(
        "; a person's reach of 50 is not used here: it counts reach=accounts, this ranking "
        "reach=arr"
    ), reach["how"]
    # nor 50 smb accounts: the segment's evidence is one account
    smb = ranked(store_client, segment="smb")[export]["factors"]["reach"]
    assert (smb["value"], smb["overridden"]) == (1, False)
    assert "it counts every segment, this ranking segment 'smb' only" in smb["how"]
    # stated in ARR: used by the ARR ranking, not by the accounts one
    store_client.patch(f"/v1/needs/{export}",
                       json={"rice_overrides": {"reach": 2000, "reach_unit": "arr"}})  # fmt: skip
    assert ranked(store_client, reach="arr")[export]["factors"]["reach"]["value"] == 2000
    assert ranked(store_client)[export]["factors"]["reach"]["value"] == 1
    # given back to the evidence, its unit goes with it; a unit alone is a 422 saying what to send
    store_client.patch(f"/v1/needs/{export}", json={"rice_overrides": {"reach": None}})
    assert store_client.get(f"/v1/needs/{export}").json()["rice_overrides"] == {}
    alone = store_client.patch(f"/v1/needs/{export}",
                               json={"rice_overrides": {"reach_unit": "arr"}})  # fmt: skip
    assert alone.status_code == 422 and "send it with `reach`" in alone.json()["message"]
    wrong = store_client.patch(f"/v1/needs/{export}",
                               json={"rice_overrides": {"reach": 5, "reach_unit": "people"}})  # fmt: skip
    assert wrong.status_code == 422 and "rice_overrides.reach_unit" in wrong.json()["message"]
    assert ranked(store_client)[sso]["factors"]["reach"]["value"] == 1


def test_pending_suggestions_count_in_the_ranking_s_window_and_segment(
    store_client: TestClient,
) -> None:
    """/v1/needs?segment=enterprise said 1 suggestion waiting, /v1/priorities?segment=enterprise
    6: the ranking counted every segment's and every date's."""
    sso, _ = two_needs(store_client)
    settings = store_client.app.state.workspace.settings
    settings.need_auto_threshold = settings.need_review_threshold = 1.0  # queued below by hand
    waiting = stored(store_client, "w", [
        ("SAML login for our team, please.", BIG, 2),  # enterprise, in the window
        ("Single sign-on with Okta?", SHOP, 3),  # smb
        ("We asked for SSO last year.", BIG, 200),  # enterprise, before the 90 days
    ])  # fmt: skip
    with store_client.app.state.workspace.db.session() as session:
        for item in waiting:
            session.add(
                NeedSuggestion(insight_id=item["insights"][0]["id"], need_id=sso, score=0.6)
            )
    enterprise = ranked(store_client, segment="enterprise")[sso]
    assert enterprise["pending_suggestions"] == 1
    assert "leaves out 1 suggestion waiting for review" in enterprise["factors"]["reach"]["how"]
    assert ranked(store_client)[sso]["pending_suggestions"] == 2  # the window's, every segment
    backlog = store_client.get("/v1/needs", params={"segment": "enterprise"}).json()["items"]
    assert [n["pending_suggestions"] for n in backlog if n["id"] == sso] == [2]  # all time


def test_the_csv_writes_amounts_as_every_export_and_the_json_s_flags(
    store_client: TestClient,
) -> None:
    sso, export = two_needs(store_client)
    store_client.patch(f"/v1/needs/{sso}", json={"effort": 2})
    empty = need(store_client, "Offline mode", [])
    text = store_client.get("/v1/priorities", params={"format": "csv", "reach": "arr"}).text
    rows = {int(r["need_id"]): r for r in csv.DictReader(io.StringIO(text))}
    assert (rows[sso]["arr"], rows[sso]["reach"], rows[sso]["effort"]) == ("900000", "900", "2")
    # booleans as the JSON and every other CSV file write them (Python's False was written)
    assert (rows[sso]["effort_defaulted"], rows[export]["effort_defaulted"]) == ("false", "true")
    assert (rows[empty]["no_evidence"], rows[sso]["no_evidence"]) == ("true", "false")
    assert rows[sso]["reach_overridden"] == "false"
    assert rows[export]["arr"] == "3800" and rows[export]["reach"] == "3.8"
    assert rows[sso]["pending_suggestions"] == "0"
