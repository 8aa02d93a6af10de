"""Themes without a refit: seeding, assignment at ingest, edits, merges, trends, emerging."""

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from fastapi.testclient import TestClient

from api.storage.tables import Theme

CALENDAR = ["My calendar no longer syncs with Google since the update",
            "La synchronisation avec Outlook ne marche plus depuis la mise à jour",
            "Calendar sync is broken again, events are missing"]  # fmt: skip
INVOICE = ["The invoice PDF shows the wrong VAT rate", "La TVA est fausse sur la facture PDF"]


def post(client: TestClient, texts: list[str], prefix: str, days_ago: list[int] | None = None,
         account: str | None = None) -> list[dict]:  # fmt: skip
    now = datetime.now(UTC)
    items = [
        {"source": "zendesk", "external_id": f"{prefix}-{n}", "text": text,
         "created_at": (now - timedelta(days=(days_ago or [1] * len(texts))[n])).isoformat(),
         **({"account": {"id": account, "arr": 1000.0}} if account else {})}
        for n, text in enumerate(texts)
    ]  # fmt: skip
    response = client.post("/v1/feedback", json={"items": items})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def seed(client: TestClient, name: str, examples: list[str], **extra) -> dict:
    response = client.post("/v1/themes/seed", json={"name": name, "examples": examples, **extra})
    assert response.status_code == 201, response.text
    return response.json()


def test_seed_claims_stored_insights_and_new_ones_join_at_ingest(store_client: TestClient) -> None:
    stored = post(store_client, CALENDAR + INVOICE, "s", account="acme")
    theme = seed(
        store_client, "Calendar sync", ["Calendar does not sync", "La synchro ne marche plus"]
    )
    assert theme["seeded"] and theme["name"] == "Calendar sync"
    calendar_ids = {i["id"] for item in stored[:3] for i in item["insights"]}
    invoice_ids = {i["id"] for item in stored[3:] for i in item["insights"]}
    claimed = {q["insight_id"] for q in theme["quotes"]}
    assert claimed and claimed <= calendar_ids and not claimed & invoice_ids
    assert theme["accounts"] == 1 and theme["arr"] == 1000.0
    # Each quote says where it is from, so the page needs no request per quote or account.
    named = {"name": "Acme Corp", "arr": 1000.0, "segment": "smb"}
    assert store_client.put("/v1/accounts/acme", json=named).status_code == 200
    detail = store_client.get(f"/v1/themes/{theme['id']}").json()
    assert {q["language"] for q in detail["quotes"]} == {"en", "fr"}
    for quote in detail["quotes"]:
        assert (quote["account_name"], quote["segment"], quote["arr"]) == (
            "Acme Corp",
            "smb",
            1000.0,
        )
        stored_item = store_client.get(f"/v1/feedback/{quote['feedback_id']}").json()
        assert quote["language"] == stored_item["language"]
    assert detail["top_accounts"] == [{"account_id": "acme", "name": "Acme Corp", "arr": 1000.0}]
    # A new insight about it is assigned at ingest, without a refit.
    new = post(store_client, ["Google calendar sync fails every morning"], "n")[0]
    assert new["insights"][0]["theme_id"] == theme["id"]
    other = post(store_client, ["I love the new logo colours"], "o")[0]
    assert other["insights"][0]["theme_id"] is None
    hits = store_client.post(
        "/v1/search", json={"query": "sync", "filters": {"theme": theme["id"]}}
    )
    assert {h["insight_id"] for h in hits.json()["items"]} >= claimed
    tree = store_client.get("/v1/themes").json()
    assert [t["id"] for t in tree["items"]] == [theme["id"]] and tree["unthemed"] > 0


def test_edits_merges_and_lineage(store_client: TestClient) -> None:
    post(store_client, CALENDAR + INVOICE, "e")
    calendar = seed(store_client, "Calendar", ["calendar sync is broken"])
    invoices = seed(store_client, "Invoices", ["wrong VAT on the invoice"])
    renamed = store_client.patch(f"/v1/themes/{calendar['id']}", json={"name": "Calendar sync"})
    assert renamed.json()["name"] == "Calendar sync" and renamed.json()["name_locked"]
    assert renamed.json()["lineage"][-1]["event"] == "renamed"
    # null gives the name back to discovery (it was silently ignored)
    released = store_client.patch(f"/v1/themes/{calendar['id']}", json={"name": None}).json()
    assert not released["name_locked"] and released["lineage"][-1]["event"] == "name_released"
    store_client.patch(f"/v1/themes/{calendar['id']}", json={"name": "Calendar sync"})
    bad_parent = store_client.patch(
        f"/v1/themes/{calendar['id']}", json={"parent_id": invoices["id"]}
    )
    assert bad_parent.status_code == 409 and "not a parent" in bad_parent.json()["message"]

    merged = store_client.post("/v1/themes/merge",
                               json={"into": calendar["id"], "sources": [invoices["id"]]})  # fmt: skip
    assert merged.status_code == 200, merged.text
    body = merged.json()
    assert body["size"] == calendar["size"] + invoices["size"]
    assert body["lineage"][-1]["event"] == "merged" and body["lineage"][-1]["themes"] == [
        invoices["id"]
    ]
    gone = store_client.get(f"/v1/themes/{invoices['id']}").json()
    assert (gone["status"], gone["merged_into_id"]) == ("merged", calendar["id"])
    assert gone["quotes"] == [] and gone["size"] == 0  # its quotes are the target's now
    assert store_client.post("/v1/themes/merge", json={"into": calendar["id"],
                                                       "sources": [invoices["id"]]}).status_code == 409  # fmt: skip
    # Assignment follows the merge at once: a new invoice insight joins the merged theme.
    new = post(store_client, ["The VAT rate on my invoice PDF is wrong"], "m")[0]
    assert new["insights"][0]["theme_id"] == calendar["id"]
    assert store_client.get("/v1/themes/999").status_code == 404
    assert store_client.post("/v1/themes/seed", json={"name": " "}).status_code == 422
    again = store_client.post("/v1/themes/seed", json={"name": "calendar SYNC",
                                                        "description": "Sync fails"})  # fmt: skip
    assert again.status_code == 409 and "already named" in again.json()["message"]
    blank = store_client.post("/v1/themes/seed", json={"name": "Login", "examples": ["ok", " "]})
    assert blank.status_code == 422 and "empty" in blank.json()["message"]
    # a name alone attracts nothing: refused, rather than an empty theme the tree counts for good
    for bare in [{"name": "Login"}, {"name": "Login", "description": " ", "examples": []}]:
        named_only = store_client.post("/v1/themes/seed", json=bare)
        assert named_only.status_code == 422, named_only.text
        assert "at least one example sentence" in named_only.json()["message"]
    tree = store_client.get("/v1/themes").json()["items"]
    names = {t["name"] for node in tree for t in [node, *node.get("children", [])]}
    assert "Login" not in names, names
    from api.storage.tables import Theme

    with store_client.app.state.workspace.db.session() as session:
        retired = Theme(level="parent", name="Old parent", status="retired")
        session.add(retired)
        session.flush()
        retired_id = retired.id
    moved = store_client.patch(f"/v1/themes/{calendar['id']}", json={"parent_id": retired_id})
    assert moved.status_code == 409 and "retired" in moved.json()["message"]


def test_releasing_a_name_gives_back_the_automatic_label_everywhere(
    store_client: TestClient,
) -> None:
    """PATCH {"name": null} after a rename: the tree, its CSV, the ranking and the detail say
    discovery's label again (the person's name stayed in all but the page's language)."""
    post(store_client, CALENDAR, "r")
    calendar = seed(store_client, "Calendar", ["calendar sync is broken"])
    with store_client.app.state.workspace.db.session() as session:
        theme = session.get(Theme, calendar["id"])  # as discovery labels a theme mixing languages
        theme.name, theme.name_locked = "calendar · sync", False
        theme.names = {"en": "calendar · sync", "fr": "synchronisation · outlook"}
    url = f"/v1/themes/{calendar['id']}"
    assert store_client.patch(url, json={"name": "csv exports"}).json()["name"] == "csv exports"
    store_client.patch(url, json={"name": "CSV exports"})  # a second rename: still discovery's
    released = store_client.patch(url, json={"name": None}).json()
    assert (released["name"], released["name_locked"]) == ("calendar · sync", False)
    assert released["lineage"][-1] == {**released["lineage"][-1], "before": "CSV exports"}
    table = csv.DictReader(io.StringIO(store_client.get("/v1/themes?format=csv").text))
    assert [r["name"] for r in table] == ["calendar · sync"]
    ranked = store_client.get("/v1/themes/ranking").json()["items"]
    assert [t["name"] for t in ranked] == ["calendar · sync"]
    french = store_client.get(url, headers={"Accept-Language": "fr"}).json()
    assert french["name"] == "synchronisation · outlook"


def test_a_rename_to_another_themes_name_is_refused_as_a_seed_is(store_client: TestClient) -> None:
    """The 409 names the other theme's name as it has it ("Dark mode"), not as typed."""
    post(store_client, CALENDAR + INVOICE, "d")
    calendar = seed(store_client, "Dark mode", ["calendar sync is broken"])
    invoices = seed(store_client, "Invoices", ["wrong VAT on the invoice"])
    taken = store_client.patch(f"/v1/themes/{invoices['id']}", json={"name": " dark MODE "})
    assert taken.status_code == 409, taken.text
    assert taken.json()["message"] == (
        f"theme {calendar['id']} is already named 'Dark mode': pick another name, or rename that one"
    )
    assert store_client.get(f"/v1/themes/{invoices['id']}").json()["name"] == "Invoices"
    # its own name in another case is no clash
    same = store_client.patch(f"/v1/themes/{calendar['id']}", json={"name": "Dark Mode"})
    assert same.status_code == 200 and same.json()["name"] == "Dark Mode"


def test_trends_and_emerging(store_client: TestClient) -> None:
    # A quiet theme for two months, then a burst this week; another steady all along.
    old_days = [60, 45, 30]
    post(store_client, ["Calendar sync fails"] * 3, "q", days_ago=old_days)
    post(store_client, [f"Calendar sync broken again, case {n}" for n in range(8)], "b",
         days_ago=[1, 1, 2, 2, 3, 3, 4, 5], account="acme")  # fmt: skip
    post(store_client, [f"Invoice VAT wrong, number {n}" for n in range(10)], "v",
         days_ago=[5 * n + 1 for n in range(10)])  # fmt: skip
    calendar = seed(store_client, "Calendar sync", ["calendar sync is broken"])
    invoice = seed(store_client, "Invoice VAT", ["wrong VAT on the invoice"])
    weekly = store_client.get(f"/v1/themes/{calendar['id']}/trends", params={"period": "week"})
    points = weekly.json()["points"]
    assert sum(p["volume"] for p in points) == calendar["size"] == 11
    # the week holding yesterday's burst (on a Monday that is last week, not the one begun today)
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    burst = next(
        p for p in points if 0 <= (yesterday - date.fromisoformat(p["period_start"])).days < 7
    )
    assert burst["accounts"] == 1 and burst["arr"] == 1000.0
    assert set(burst["sentiment"]) == {"negative", "neutral", "positive"}
    # every week from the first insight's to this one, quiet weeks as zeros
    starts = [date.fromisoformat(p["period_start"]) for p in points]
    assert all(b - a == timedelta(days=7) for a, b in pairwise(starts))
    assert starts[-1] == date.today() - timedelta(days=date.today().weekday())
    assert any(p["volume"] == 0 for p in points)

    found = store_client.get("/v1/themes/emerging").json()
    ids = [item["theme"]["id"] for item in found["items"]]
    assert ids == [calendar["id"]], found
    item = found["items"][0]
    assert item["recent"] == 8 and item["baseline"] == 3 and item["p_value"] < 0.01
    # the theme as the tree shows it (it came back with size 0 and no trend)
    assert (item["theme"]["size"], item["theme"]["accounts"]) == (11, 1)
    assert sum(p["volume"] for p in item["theme"]["trend"]) == 10  # all but the one of day 60
    # what rose: this week's insights, not the theme's all-time quotes ("Calendar sync fails")
    assert [q["text"].startswith("Calendar sync broken again") for q in item["quotes"]] == [
        True
    ] * 3
    assert invoice["id"] not in ids
    strict = store_client.get("/v1/themes/emerging", params={"min_count": 9}).json()
    assert strict["items"] == []

    # a parent's trend is its themes' (it answered no points)
    ws = store_client.app.state.workspace
    with ws.db.session() as session:
        parent = Theme(level="parent", name="Sync and billing", quotes=[], keywords=[])
        session.add(parent)
        session.flush()
        parent_id = parent.id
    for child in (calendar, invoice):
        moved = store_client.patch(f"/v1/themes/{child['id']}", json={"parent_id": parent_id})
        assert moved.status_code == 200, moved.text
    together = store_client.get(f"/v1/themes/{parent_id}/trends", params={"period": "month"})
    assert sum(p["volume"] for p in together.json()["points"]) == 11 + invoice["size"]


def test_emerging_quotes_each_text_once_and_a_refit_made_theme_is_new(
    store_client: TestClient,
) -> None:
    """Three reviews with one text were three quotes of an emerging theme; a theme a refit made
    this week around a topic's older unthemed insights was `new: false`."""
    from api.themes.lineage import event

    post(store_client, ["Calendar sync fails"] * 3, "q", days_ago=[40, 30, 20])
    same = "Calendar sync crashes at launch since the update"
    post(store_client, [same] * 3 + ["Calendar sync broken again", "Calendar sync is dead"], "w",
         days_ago=[1, 1, 2, 2, 3])  # fmt: skip
    calendar = seed(store_client, "Calendar sync", ["calendar sync is broken"])
    (item,) = store_client.get("/v1/themes/emerging").json()["items"]
    assert (item["recent"], item["baseline"], item["new"]) == (5, 3, False)  # a person's seed
    said = {q["text"]: q["said"] for q in item["quotes"]}
    assert len(said) == len(item["quotes"]) == 3 and said[same] == 3, item["quotes"]
    assert sum(said.values()) == 5

    ws = store_client.app.state.workspace
    with ws.db.session() as session:  # what a refit leaves: a theme it created just now
        session.get(Theme, calendar["id"]).lineage = [event("created")]
    (item,) = store_client.get("/v1/themes/emerging").json()["items"]
    assert item["new"] is False  # the workspace's first fit: the topics it already had
    with ws.db.session() as session:  # the first fit, two months ago
        session.add(Theme(level="theme", name="Invoices", lineage=[event("created")], quotes=[],
                          keywords=[], created_at=datetime.now(UTC) - timedelta(days=60)))  # fmt: skip
    (item,) = store_client.get("/v1/themes/emerging").json()["items"]
    assert (item["theme"]["id"], item["baseline"], item["new"]) == (calendar["id"], 3, True)
    with ws.db.session() as session:  # made by a refit a month ago: an old theme rising
        session.get(Theme, calendar["id"]).created_at = datetime.now(UTC) - timedelta(days=30)
    (item,) = store_client.get("/v1/themes/emerging").json()["items"]
    assert item["new"] is False


def test_theme_impact_by_window_and_segment(store_client: TestClient) -> None:
    post(store_client, CALENDAR[:2], "a", days_ago=[2, 40], account="acme")
    theme = seed(store_client, "Calendar sync", ["calendar sync is broken"])
    whole = store_client.get(f"/v1/themes/{theme['id']}/impact").json()
    assert whole["insights"] == theme["size"] and whole["accounts"] == 1 and whole["arr"] == 1000.0
    recent = store_client.get(f"/v1/themes/{theme['id']}/impact", params={"window_days": 7}).json()
    assert recent["insights"] < whole["insights"] and recent["quotes"]
    other = store_client.get(f"/v1/themes/{theme['id']}/impact", params={"segment": "none"}).json()
    assert other["insights"] == 0
    assert store_client.get("/v1/themes/999/impact").status_code == 404


def test_theme_impact_warns_of_a_segment_no_account_has(store_client: TestClient) -> None:
    post(store_client, CALENDAR[:2], "a", days_ago=[2, 40], account="acme")
    theme = seed(store_client, "Calendar sync", ["calendar sync is broken"])
    store_client.put("/v1/accounts/acme", json={"arr": 1000.0, "segment": "enterprise"})
    typo = store_client.get(f"/v1/themes/{theme['id']}/impact", params={"segment": "entreprise"})
    assert typo.json()["insights"] == 0
    assert typo.json()["warnings"] == [
        "no account has segment 'entreprise'; segments stored: enterprise"
    ]
    whole = store_client.get(f"/v1/themes/{theme['id']}/impact").json()
    assert whole["warnings"] == []


def test_reader_languages_follow_preference_order() -> None:
    from api.params import reader_languages

    assert reader_languages("fr", "en-GB,en") == ("fr",)  # lang= wins over the header
    assert reader_languages(None, "de-DE,fr-CA;q=0.9,en;q=0.5") == ("de", "fr", "en")
    assert reader_languages(None, "en;q=0.2, fr-FR, fr;q=0.9") == ("fr", "en")
    assert reader_languages(None, "*, zz, fr;q=0, it;q=bad") == ()  # none usable
    assert reader_languages(None, None) == ()


def test_needs_filtered_by_theme(store_client: TestClient) -> None:
    stored = post(store_client, CALENDAR + INVOICE, "t")
    theme = seed(store_client, "Calendar sync", ["Calendar does not sync"])
    claimed = [q["insight_id"] for q in theme["quotes"]]
    invoice = [i["id"] for item in stored[3:] for i in item["insights"]]
    made = {}
    for title, insight in [("Calendar sync", claimed[0]), ("VAT on invoices", invoice[0])]:
        need = store_client.post("/v1/needs", json={"title": title}).json()
        linked = store_client.post(f"/v1/needs/{need['id']}/links", json={"insight_ids": [insight]})
        assert linked.status_code == 200, linked.text
        made[title] = need["id"]
    store_client.post("/v1/needs", json={"title": "No evidence yet"})
    listed = store_client.get("/v1/needs", params={"theme": theme["id"]}).json()["items"]
    assert [n["id"] for n in listed] == [made["Calendar sync"]]
    assert len(store_client.get("/v1/needs").json()["items"]) == 3
    missing = store_client.get("/v1/needs", params={"theme": 999})
    assert missing.status_code == 404 and "GET /v1/themes" in missing.json()["message"]
    # the theme's detail names the needs it feeds, with how many of its insights each holds
    more = store_client.post(f"/v1/needs/{made['Calendar sync']}/links",
                             json={"insight_ids": claimed[1:]})  # fmt: skip
    assert more.status_code == 200, more.text
    detail = store_client.get(f"/v1/themes/{theme['id']}").json()
    assert detail["needs"] == [{"id": made["Calendar sync"], "title": "Calendar sync",
                                "status": listed[0]["status"], "insights": len(claimed)}]  # fmt: skip


def test_a_parent_theme_filters_by_the_themes_under_it(store_client: TestClient) -> None:
    from api.storage.tables import Theme

    post(store_client, CALENDAR + INVOICE, "p")
    calendar = seed(store_client, "Calendar sync", ["Calendar does not sync"])
    ws = store_client.app.state.workspace
    with ws.db.session() as session:
        parent = Theme(level="parent", name="Integrations")
        session.add(parent)
        session.flush()
        session.get(Theme, calendar["id"]).parent_id = parent.id
        parent_id = parent.id
    claimed = {q["insight_id"] for q in calendar["quotes"]}
    body = {"query": "sync", "limit": 50, "filters": {"theme": parent_id}}
    hits = store_client.post("/v1/search", json=body).json()["items"]
    assert {h["insight_id"] for h in hits} == claimed  # was nothing
    export = store_client.get("/v1/insights/export", params={"theme": parent_id, "format": "jsonl"})
    assert {json.loads(line)["insight_id"] for line in export.text.splitlines()} == claimed
    listed = store_client.get("/v1/feedback", params={"theme": parent_id}).json()["items"]
    assert listed and all(
        any(i["theme_id"] == calendar["id"] for i in item["insights"]) for item in listed
    )


def test_as_of_takes_a_day_or_a_time_without_a_zone(client: TestClient) -> None:
    """Both were 500s (a naive datetime compared with aware ones)."""
    day = client.get("/v1/themes/emerging", params={"as_of": "2026-11-01"})
    assert day.status_code == 200 and day.json()["as_of"].startswith("2026-11-01T23:59:59")
    naive = client.get("/v1/themes/emerging", params={"as_of": "2026-11-01T08:00:00"})
    assert naive.status_code == 200 and naive.json()["as_of"] == "2026-11-01T08:00:00Z"
    check = client.post("/v1/themes/alerts/check", json={"as_of": "2026-11-01"})
    assert check.status_code == 200, check.text
    typo = client.post("/v1/themes/alerts/check", json={"as_off": "2026-11-01"})
    assert typo.status_code == 422 and "as_off" in typo.json()["message"]


def test_insights_in_no_theme_can_be_listed_searched_and_exported(store_client: TestClient) -> None:
    """A PM saw "66 insights in no theme" and had no way to see which (a new problem waits there
    until a refit)."""
    stored = post(store_client, CALENDAR + INVOICE, "u")
    seed(store_client, "Calendar sync", ["Calendar does not sync", "La synchro ne marche plus"])
    invoice = {item["id"] for item in stored[3:]}
    page = store_client.get("/v1/feedback", params={"unthemed": "true"}).json()["items"]
    assert {item["id"] for item in page} == invoice
    assert all(i["theme_id"] is None for item in page for i in item["insights"])
    hits = store_client.post("/v1/search", json={
        "query": "problem", "limit": 50, "filters": {"unthemed": True}}).json()["items"]  # fmt: skip
    assert hits and {h["feedback"]["id"] for h in hits} == invoice
    rows = store_client.get("/v1/insights/export", params={"unthemed": "true", "format": "jsonl"})
    exported = [json.loads(line) for line in rows.text.splitlines()]
    assert exported and {r["feedback"]["id"] for r in exported} == invoice
    both = store_client.get("/v1/feedback", params={"unthemed": "true", "theme": 1})
    assert both.status_code == 422 and "theme or unthemed" in both.text


def test_detail_breaks_down_by_segment_and_language_and_quotes_each_text_once(
    store_client: TestClient,
) -> None:
    now = datetime.now(UTC).isoformat()
    accounts = {"big": {"id": "big", "arr": 1000.0, "segment": "enterprise"},
                "small": {"id": "small", "arr": 200.0, "segment": "smb"}}  # fmt: skip
    said = [("Calendar sync is broken again, events are missing", "big"),
            ("calendar sync is  broken again, events are missing 😡", "big"),
            ("My calendar no longer syncs with Google since the update", "small"),
            ("La synchronisation avec Outlook ne marche plus depuis la mise à jour", None)]  # fmt: skip
    items = [{"source": "zendesk", "external_id": f"b-{n}", "text": text, "created_at": now,
              **({"account": accounts[account]} if account else {})}
             for n, (text, account) in enumerate(said)]  # fmt: skip
    assert store_client.post("/v1/feedback", json={"items": items}).status_code == 200
    theme = seed(store_client, "Calendar", ["calendar sync is broken",
                                            "La synchronisation du calendrier ne marche plus"])  # fmt: skip
    assert theme["size"] == 4, theme["quotes"]
    keys = [" ".join(q["text"].casefold().replace("😡", "").split()) for q in theme["quotes"]]
    assert len(keys) == len(set(keys)) == 3, keys  # the emoji repeat was a quote of its own
    segments = {s["segment"]: s for s in theme["by_segment"]}
    assert segments["enterprise"] == {"segment": "enterprise", "insights": 2, "accounts": 1,
                                      "arr": 1000.0}  # fmt: skip
    assert segments["smb"]["accounts"] == 1 and segments["smb"]["arr"] == 200.0
    assert segments[None] == {"segment": None, "insights": 1, "accounts": 0, "arr": 0.0}
    assert theme["by_language"][0] == {"language": "en", "insights": 3}
    assert {row["language"] for row in theme["by_language"]} == {"en", "fr"}
    one = store_client.get(f"/v1/themes/{theme['id']}", params={"accounts_limit": 1}).json()
    assert [a["account_id"] for a in one["top_accounts"]] == ["big"]
    bad = store_client.get(f"/v1/themes/{theme['id']}", params={"accounts_limit": 0})
    assert bad.status_code == 422 and "accounts_limit" in bad.text
    wrong = store_client.post("/v1/search", json={"query": "sync", "filters": {"theme": "x"}})
    assert wrong.status_code == 422


def test_renaming_a_theme_to_its_own_name_leaves_no_lineage(store_client: TestClient) -> None:
    post(store_client, CALENDAR, "r")
    theme = seed(store_client, "Calendar", ["calendar sync is broken"])
    again = store_client.patch(f"/v1/themes/{theme['id']}", json={"name": " Calendar "}).json()
    assert again["name"] == "Calendar" and again["lineage"] == theme["lineage"]
    renamed = store_client.patch(f"/v1/themes/{theme['id']}", json={"name": "Sync"}).json()
    assert renamed["lineage"][-1] == {
        **renamed["lineage"][-1],
        "before": "Calendar",
        "after": "Sync",
    }


def test_quotes_differing_in_case_emoji_or_spacing_are_one_quote() -> None:
    from api.search.service import text_key
    from api.themes.breakdown import distinct_quotes
    from api.themes.schemas import Quote

    texts = ["Sync is broken 😡", "sync  is broken", "Sync is broken 👍🏽!", "Sync is slow"]
    assert text_key(texts[0]) == text_key(texts[1]) == text_key(texts[2]) != text_key(texts[3])
    quotes = [Quote(insight_id=n, text=t, feedback_id=n, source="zendesk", account_id=None,
                    created_at=datetime.now(UTC)) for n, t in enumerate(texts)]  # fmt: skip
    assert [q.text for q in distinct_quotes(quotes, 5)] == ["Sync is broken 😡", "Sync is slow"]
    assert [q.insight_id for q in distinct_quotes(quotes, 1)] == [0]


def test_the_tree_as_csv(store_client: TestClient) -> None:
    """GET /v1/themes?format=csv: a row per theme, its parent named beside its id, the figures
    of the JSON tree; `excel`: the BOM, ";" and decimal commas of the other exports."""
    # in the last 4 whole weeks whatever the day: the week begun counts in neither figure
    post(store_client, CALENDAR, "c", days_ago=[8, 9, 100], account="acme")
    post(store_client, INVOICE, "i")
    calendar = seed(store_client, "Calendar sync", ["calendar sync is broken"])
    invoice = seed(store_client, "=Invoices", ["wrong VAT on the invoice"])
    with store_client.app.state.workspace.db.session() as session:
        parent = Theme(
            level="parent", name="Sync and billing", name_locked=True, quotes=[], keywords=[]
        )  # a person's name: a child moving in does not relabel it
        session.add(parent)
        session.flush()
        parent_id = parent.id
    moved = store_client.patch(f"/v1/themes/{calendar['id']}", json={"parent_id": parent_id})
    assert moved.status_code == 200, moved.text

    response = store_client.get("/v1/themes", params={"format": "csv"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "filename=themes.csv" in response.headers["content-disposition"]
    table = {int(r["id"]): r for r in csv.DictReader(io.StringIO(response.text))}
    tree = store_client.get("/v1/themes").json()
    nodes = [*tree["items"], *(c for node in tree["items"] for c in node["children"])]
    assert set(table) == {n["id"] for n in nodes} == {parent_id, calendar["id"], invoice["id"]}
    # as the JSON writes it, and every other CSV file (Python's False was written)
    assert (table[calendar["id"]]["seeded"], table[parent_id]["seeded"]) == ("true", "false")
    for node in nodes:
        row = table[node["id"]]
        assert (row["level"], int(row["size"]), int(row["accounts"]), float(row["arr"])) == (
            node["level"], node["size"], node["accounts"], node["arr"],
        )  # fmt: skip
        for label, count in node["sentiment"].items():
            assert int(row[f"sentiment_{label}"]) == count
        volumes = [p["volume"] for p in node["trend"]]
        assert row["weekly_volume"] == ";".join(map(str, volumes))
        assert int(row["last_4_weeks"]) == sum(volumes[-5:-1])
    child = table[calendar["id"]]
    assert (child["name"], child["parent_id"], child["parent_name"]) == (
        "Calendar sync", str(parent_id), "Sync and billing",
    )  # fmt: skip
    # the trend: 2 insights in the last 4 whole weeks, none in the 4 before (the third is older)
    assert (child["size"], child["last_4_weeks"], child["previous_4_weeks"]) == ("3", "2", "0")
    assert table[invoice["id"]]["name"] == "'=Invoices"  # a spreadsheet does not run it
    assert child["arr"] == "1000"  # as every CSV export writes an ARR: not 1000.0
    assert list(table) == [parent_id, calendar["id"], invoice["id"]]  # a parent, then its themes

    excel = store_client.get("/v1/themes", params={"format": "csv", "excel": "true"}).content
    assert excel.startswith("\ufeffid;level;name;parent_id;parent_name;".encode())
    rows = list(csv.DictReader(io.StringIO(excel.decode("utf-8-sig")), delimiter=";"))
    assert {r["arr"] for r in rows if r["id"] == str(calendar["id"])} == {"1000"}


def test_a_ranking_filtered_on_what_nothing_has_says_so(store_client: TestClient) -> None:
    """GET /v1/themes/ranking?segment=Entreprise (a typo): an empty ranking, with the warnings
    GET /v1/feedback gives for the same filters."""
    post(store_client, CALENDAR, "w", account="acme")
    seed(store_client, "Calendar sync", ["calendar sync is broken"])
    store_client.put("/v1/accounts/acme", json={"name": "Acme", "segment": "enterprise"})
    params = {"segment": "Entreprise", "source": "zendsk"}
    ranking = store_client.get("/v1/themes/ranking", params=params).json()
    listed = store_client.get("/v1/feedback", params=params).json()
    assert ranking["items"] == [] and ranking["warnings"] == listed["warnings"]
    assert "no account has segment 'Entreprise'; segments stored: enterprise" in ranking["warnings"]
    assert any("source 'zendsk'" in warning for warning in ranking["warnings"])
    found = store_client.get("/v1/themes/ranking", params={"segment": "Enterprise"}).json()
    assert len(found["items"]) == 1 and found["warnings"] == []


def test_a_parent_is_relabelled_after_its_children_when_one_moves(store_client: TestClient) -> None:
    """A parent named after a child kept that name once the child moved out; its automatic
    label follows the themes under it now, the largest first (a person's name stays)."""
    post(store_client, CALENDAR, "m")
    post(store_client, INVOICE, "n")
    calendar = seed(store_client, "Calendar sync", ["calendar sync is broken"])
    invoices = seed(store_client, "Invoices", ["wrong VAT on the invoice"])
    assert calendar["size"] > invoices["size"]
    with store_client.app.state.workspace.db.session() as session:
        parents = [Theme(level="parent", name=name, name_locked=locked, quotes=[], keywords=[])
                   for name, locked in (("Invoices · VAT", False), ("Billing", True))]  # fmt: skip
        session.add_all(parents)
        session.flush()
        parent_id, locked_id = (p.id for p in parents)

    def move(theme: dict, parent: int | None) -> None:
        moved = store_client.patch(f"/v1/themes/{theme['id']}", json={"parent_id": parent})
        assert moved.status_code == 200, moved.text

    def name(theme_id: int) -> str:
        return store_client.get(f"/v1/themes/{theme_id}").json()["name"]

    move(invoices, parent_id)
    assert name(parent_id) == "Invoices"
    move(calendar, parent_id)
    assert name(parent_id) == "Calendar sync · Invoices"  # the larger child first
    move(calendar, None)
    assert name(parent_id) == "Invoices"
    tree = store_client.get("/v1/themes").json()["items"]
    assert {t["name"] for t in tree if t["id"] == parent_id} == {"Invoices"}
    move(invoices, locked_id)
    assert name(locked_id) == "Billing"  # a person named it: kept


def test_the_parent_ranking_counts_the_themes_under_no_parent(store_client: TestClient) -> None:
    """?level=parent ranks the tree's top: a theme under no parent is ranked beside the parents
    (it was left out, so the parents' shares added up to less than the themed insights')."""
    post(store_client, CALENDAR + INVOICE, "r")
    calendar = seed(store_client, "Calendar sync", ["Calendar does not sync"])
    invoice = seed(store_client, "Invoice VAT", ["The VAT on the invoice is wrong"])
    with store_client.app.state.workspace.db.session() as session:
        parent = Theme(level="parent", name="Integrations", quotes=[], keywords=[])
        session.add(parent)
        session.flush()
        session.get(Theme, calendar["id"]).parent_id = parent.id
        parent_id = parent.id
    ranking = store_client.get("/v1/themes/ranking", params={"level": "parent"}).json()
    ranked = {t["id"]: (t["level"], t["parent_id"]) for t in ranking["items"]}
    assert ranked == {parent_id: ("parent", None), invoice["id"]: ("theme", None)}
    themed = ranking["insights"] - ranking["unthemed"]
    assert sum(t["insights"] for t in ranking["items"]) == themed
    themes = store_client.get("/v1/themes/ranking").json()["items"]  # level=theme: as before
    assert {t["id"] for t in themes} == {calendar["id"], invoice["id"]}
