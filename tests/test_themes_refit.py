"""Refits over stored insights: themes found, insights themed, ids stable from one refit to the
next, a person's edits (names, seeds, merges) kept, lineage recorded; the refit as a job."""

import csv
import io
import time

import numpy as np
from fastapi.testclient import TestClient

from scripts import demo_data


def load(client: TestClient, items: int = 300) -> None:
    data = demo_data.generate(seed=3, items=items)
    feedback = [{"source": f["source"], "external_id": f["external_id"], "text": f["text"],
                 "created_at": f["created_at"]} for f in data["feedback"]]  # fmt: skip
    for start in range(0, len(feedback), 100):
        response = client.post("/v1/feedback", json={"items": feedback[start : start + 100]})
        assert response.status_code == 200


def refit(client: TestClient) -> dict:
    started = client.post("/v1/themes/refit")
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        job = client.get(f"/v1/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            assert job["status"] == "done", job["message"]
            return job["result"]
        time.sleep(0.2)
    raise AssertionError("the refit did not finish")


def themes_of(client: TestClient) -> dict[int, int]:
    """Insight id -> theme id, for every stored insight."""
    page = client.get("/v1/feedback", params={"limit": 500}).json()["items"]
    return {i["id"]: i["theme_id"] for item in page for i in item["insights"]}


def test_refit_finds_themes_and_keeps_ids_and_edits(store_client: TestClient) -> None:
    load(store_client)
    first = refit(store_client)
    # A sanity bound on 300 demo items; the 15 % goal is measured on public sets (eval_themes).
    assert first["themes"] >= 5 and first["parents"] >= 1 and first["outlier_share"] <= 0.2
    tree = store_client.get("/v1/themes").json()
    parents = [p for p in tree["items"] if p["level"] == "parent"]
    assert parents and all(p["children"] for p in parents)
    # a theme close to no other is a top-level theme of its own
    assert all(t["children"] == [] for t in tree["items"] if t["level"] == "theme")
    for parent in parents:  # a parent's 8 weeks are its themes' added up, week by week
        weeks = [p["period_start"] for p in parent["trend"]]
        assert weeks and all(c["trend"] == [] or [p["period_start"] for p in c["trend"]] == weeks
                             for c in parent["children"])  # fmt: skip
        assert [p["volume"] for p in parent["trend"]] == [
            sum(c["trend"][k]["volume"] for c in parent["children"] if c["trend"])
            for k in range(len(weeks))
        ]
    theme = parents[0]["children"][0]
    parent = store_client.post(
        "/v1/themes/merge", json={"into": parents[0]["id"], "sources": [theme["id"]]}
    )
    assert parent.status_code == 409 and "is a parent" in parent.json()["message"]
    detail = store_client.get(f"/v1/themes/{theme['id']}").json()
    assert detail["keywords"] and 3 <= len(detail["quotes"]) <= 5
    before = themes_of(store_client)
    assert sum(t is not None for t in before.values()) >= 0.8 * len(before)
    names_in_the_readers_language(store_client)

    # A person renames one theme, merges two others, seeds a new one.
    store_client.patch(f"/v1/themes/{theme['id']}", json={"name": "Named by a person"})
    others = [c["id"] for c in themes_in(tree["items"]) if c["id"] != theme["id"]]
    merged = store_client.post("/v1/themes/merge", json={"into": others[0], "sources": [others[1]]})
    assert merged.status_code == 200
    seeded = store_client.post("/v1/themes/seed", json={
        "name": "Calendar sync", "examples": ["calendar sync broken", "la synchro du calendrier"]
    }).json()  # fmt: skip
    # a seed close to nothing the demo says: no insight joins it
    lonely = store_client.post("/v1/themes/seed", json={
        "name": "Quantum teleportation", "examples": ["The teleporter beam scattered my atoms"]
    }).json()  # fmt: skip
    # what joins the seeded theme at ingest stays in it after the refit (it went to other themes)
    calendar = ["My calendar no longer syncs with Google", "Calendar sync lost all my events",
                "La synchro du calendrier ne marche plus", "Outlook calendar sync fails daily",
                "Events vanish after the calendar sync", "Le calendrier ne se synchronise plus",
                "Google calendar stopped syncing since Monday", "Sync with my calendar is broken"]  # fmt: skip
    joined = store_client.post("/v1/feedback", json={"items": [
        {"source": "zendesk", "external_id": f"cal-{n}", "text": text}
        for n, text in enumerate(calendar)]}).json()["items"]  # fmt: skip
    in_seed = [
        i["id"] for item in joined for i in item["insights"] if i["theme_id"] == seeded["id"]
    ]
    assert len(in_seed) >= 5, joined

    second = refit(store_client)
    assert second["kept"] >= 0.8 * first["themes"], second
    after = themes_of(store_client)
    same = sum(before[i] == after[i] for i in before if before[i] is not None and
               before[i] not in (others[1], others[0]))  # fmt: skip
    comparable = sum(1 for i in before if before[i] is not None and before[i] not in others[:2])
    assert same >= 0.9 * comparable, (same, comparable)
    assert store_client.get(f"/v1/themes/{theme['id']}").json()["name"] == "Named by a person"
    in_french = store_client.get(f"/v1/themes/{theme['id']}", params={"lang": "fr"}).json()
    assert in_french["name"] == "Named by a person"  # a person's name is the name in every language
    assert in_french["names"] == {}  # discovery's labels no longer name it, in any language
    assert client_csv_names(store_client, {"lang": "fr"})[theme["id"]] == "Named by a person"
    assert store_client.get(f"/v1/themes/{seeded['id']}").json()["status"] == "active"
    kept = [i for i in in_seed if after[i] == seeded["id"]]
    assert len(kept) >= len(in_seed) - 1, (len(kept), len(in_seed))
    tree = store_client.get("/v1/themes").json()["items"]
    assert all(node["name"] for node in tree), [n["name"] for n in tree]  # no blank parent
    empty = store_client.get(f"/v1/themes/{lonely['id']}").json()
    assert empty["status"] == "active" and empty["name"] == "Quantum teleportation"
    assert store_client.get(f"/v1/themes/{others[1]}").json()["status"] == "merged"
    assert others[1] not in set(after.values())  # its insights stay with the theme it went into
    third = refit(store_client)  # nothing changed since: every themed insight keeps its theme
    assert third["kept"] >= 0.9 * second["themes"]
    again = themes_of(store_client)
    moved = [i for i, theme in after.items() if theme is not None and again[i] != theme]
    themed = sum(theme is not None for theme in after.values())
    # measured 2026-12-04: 0 on SQLite, 13 of ~490 on PostgreSQL, where the first (cold) fit
    # already differs: the warm refits cluster what no theme explains, and there the edge of one
    # theme splits off as a new theme; four more refits moved 2, 1, 2 and 0. A guard against
    # worse, not the goal of none.
    assert len(moved) <= 0.03 * themed, (len(moved), themed, third)


def themes_in(items: list[dict]) -> list[dict]:
    """The themes of the tree: under a parent or top-level."""
    return [c for node in items for c in (node["children"] or [node]) if c["level"] == "theme"]


def client_csv_names(client: TestClient, params: dict) -> dict[int, str]:
    """Theme id -> name, as the tree's CSV writes it."""
    answer = client.get("/v1/themes", params={**params, "format": "csv"})
    return {int(row["id"]): row["name"] for row in csv.DictReader(io.StringIO(answer.text))}


def names_in_the_readers_language(client: TestClient) -> None:
    """The demo mixes English and French: themes holding both get a label per language, made
    from that language's insights, and `name` follows `lang`, else Accept-Language."""
    children = themes_in(client.get("/v1/themes").json()["items"])
    mixed = [c for c in children if {"en", "fr"} <= set(c["names"])]
    assert mixed, [c["name"] for c in children]
    theme = mixed[0]
    assert theme["names"]["en"] != theme["names"]["fr"]

    def name_of(**request) -> str:
        tree = client.get("/v1/themes", **request).json()["items"]
        return next(c["name"] for c in themes_in(tree) if c["id"] == theme["id"])

    # no language asked: the label in the workspace's main language (most of the demo is English),
    # the same in the tree, its CSV and a theme's detail; it differed ("calendar · update" for
    # "calendar sync · update"), so the page (in the reader's language) and the files disagreed
    assert name_of() == theme["name"] == theme["names"]["en"]
    nodes = [n for p in client.get("/v1/themes").json()["items"] for n in [p, *p["children"]]]
    table = client_csv_names(client, {})
    in_english = [n for n in nodes if "en" in n["names"]]
    assert len(in_english) >= len(mixed)
    labels = [n["names"]["en"] for n in in_english]
    assert [n["name"] for n in in_english] == labels == [table[n["id"]] for n in in_english]
    for node in nodes:
        detail = client.get(f"/v1/themes/{node['id']}").json()
        assert detail["name"] == node["name"] == table[node["id"]], (detail, node)
    assert name_of(params={"lang": "fr"}) == theme["names"]["fr"]
    assert name_of(params={"lang": "en"}) == theme["names"]["en"]
    assert (
        name_of(headers={"Accept-Language": "de-DE,fr-CA;q=0.9,en;q=0.5"}) == theme["names"]["fr"]
    )
    assert name_of(params={"lang": "de"}) == theme["name"]  # no German insights: the main label
    detail = client.get(f"/v1/themes/{theme['id']}", headers={"Accept-Language": "fr"}).json()
    assert detail["name"] == theme["names"]["fr"] and detail["names"] == theme["names"]
    refused = client.get("/v1/themes", params={"lang": "french"})
    assert refused.status_code == 422 and "ISO 639-1" in refused.text


def test_no_blank_parent_for_themes_without_insights(workspace) -> None:
    """A seed no insight joined made a parent of its own, named "" (a blank row on the page);
    a parent whose insights give no words is named after its themes."""
    from analyzer.themes.discovery import Discovery, FoundTheme, ParentTheme
    from api.storage.tables import Theme
    from api.themes.refit import write_parents

    unit = np.eye(4, dtype=np.float32)

    def theme(members: list[int], label: str, parent: int) -> FoundTheme:
        return FoundTheme(np.array(members, dtype=np.int64), unit[parent], [], label, [], parent,
                          None)  # fmt: skip

    found = Discovery(
        labels=np.array([1, 1]),
        themes=[theme([], "", 0), theme([0, 1], "csv export", 1)],
        parents=[ParentTheme([0], unit[0], [], ""), ParentTheme([1], unit[1], [], "")],
        outlier_share=0.0,
        seconds=0.0,
    )
    with workspace.db.session() as session:
        ids = write_parents(session, found, {})
        assert list(ids) == [1]
        assert session.get(Theme, ids[1]).name == "csv export"


def post_an_unknown_topic(client: TestClient) -> list[int]:
    """14 items about a topic the demo's themes do not know (quotes' e-signature); their ids."""
    new = ["La signature électronique des devis échoue", "E-signature of quotes fails",
           "Impossible de signer électroniquement un devis", "Quote e-signing is broken",
           "Electronic signature on quotes keeps failing", "La signature des devis plante",
           "Signing a quote electronically gives an error"]  # fmt: skip
    when = ("depuis lundi", "since Monday", "depuis hier", "again today", "every time",
            "ce matin", "for all our clients")  # fmt: skip
    new += [f"{text}, {at}" for text, at in zip(new, when, strict=True)]
    items = [{"source": "zendesk", "external_id": f"sig-{n}", "text": text}
             for n, text in enumerate(new)]  # fmt: skip
    return [i["id"] for i in client.post("/v1/feedback", json={"items": items}).json()["items"]]


def finished(client: TestClient, job_id: int) -> dict:
    """The result of a job once done (a failed one fails the test)."""
    deadline = time.monotonic() + 300
    while (job := client.get(f"/v1/jobs/{job_id}").json())["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.2)
    assert job["status"] == "done", job["message"]
    return job["result"]


def test_the_worker_refits_when_new_feedback_lands_in_no_theme(store_client: TestClient) -> None:
    """A new problem landed in no theme and stayed there until a person asked for a refit: the
    emerging list and its alerts could not see it."""
    from api.worker import Worker, unthemed_since_refit

    load(store_client, 150)
    refit(store_client)
    ws = store_client.app.state.workspace
    ws.settings = ws.settings.model_copy(
        update={"theme_refit_interval_s": 1.0, "theme_refit_min_new": 5}
    )
    worker = Worker(ws, interval_s=60, grace_s=0)
    assert worker.refit_when_due() is None  # not at start: the interval has not passed
    ids = post_an_unknown_topic(store_client)
    assert unthemed_since_refit(ws) >= 5  # a topic the themes do not know yet

    worker.refit_checked -= 2.0
    job_id = worker.refit_when_due()
    assert job_id is not None
    assert finished(store_client, job_id)["cold"] is False  # warm by default
    themed = [
        i["theme_id"] for f in ids for i in store_client.get(f"/v1/feedback/{f}").json()["insights"]
    ]
    assert sum(t is not None for t in themed) >= 10 and unthemed_since_refit(ws) == 0
    worker.refit_checked -= 2.0
    assert worker.refit_when_due() is None  # nothing new in no theme: no refit


def test_the_worker_refits_as_the_operator_chose(store_client: TestClient) -> None:
    """`theme_auto_refit`: off, the worker never refits though one is due; cold, its refit
    starts the themes over (a topic absorbed at ingest is only ever regrouped by a cold one)."""
    from api.worker import Worker

    load(store_client, 150)
    refit(store_client)
    ws = store_client.app.state.workspace
    ws.settings = ws.settings.model_copy(
        update={"theme_refit_interval_s": 1.0, "theme_refit_min_new": 5, "theme_auto_refit": "off"}
    )
    worker = Worker(ws, interval_s=60, grace_s=0)
    post_an_unknown_topic(store_client)
    worker.refit_checked -= 2.0
    assert worker.refit_when_due() is None
    ws.settings = ws.settings.model_copy(update={"theme_auto_refit": "cold"})
    worker.refit_checked -= 2.0
    job_id = worker.refit_when_due()
    assert job_id is not None and finished(store_client, job_id)["cold"] is True


def test_refit_fits_a_sample_and_places_every_insight(store_settings, tagger) -> None:
    """With the fit bounded to 200 insights of ~600, the job reports the sample, every insight
    is placed (themed ones counted in their theme's size), and a second refit keeps the ids."""
    from sqlalchemy import func, select

    from api.app import create_app
    from api.storage.tables import Insight, Theme
    from api.workspace import open_existing_database

    settings = store_settings.model_copy(update={"theme_fit_sample": 200})
    with TestClient(create_app(settings, tagger)) as client:
        load(client, items=360)
        first = refit(client)
        assert first["sample"] == 200 and first["insights"] >= 500, first
        assert first["themes"] >= 3, first
        before = themes_of(client)
        assert len(before) == first["insights"]
        # measured 2026-12-05: 57 % themed (93 % when all 651 are fitted): 200 rows give 8
        # coarse themes, and a row under cosine 0.4 from all of them is an outlier
        assert sum(t is not None for t in before.values()) >= 0.5 * len(before)
        database = open_existing_database(settings)
        try:
            with database.session() as session:
                sizes = session.scalar(
                    select(func.sum(Theme.size)).where(
                        Theme.level == "theme", Theme.status == "active"
                    )  # fmt: skip
                )
                unscored = session.scalar(
                    select(func.count()).where(
                        Insight.theme_id.is_not(None), Insight.theme_score.is_(None)
                    )  # fmt: skip
                )
        finally:
            database.close()
        # sizes count every insight, not only the 200 fitted
        assert sizes == sum(t is not None for t in before.values()) and unscored == 0

        second = refit(client)  # another sample (stratified by the first refit's themes)
        assert second["sample"] == 200 and second["kept"] == first["themes"], second
        after = themes_of(client)
        themed = [i for i, theme in before.items() if theme is not None]
        same = sum(after[i] == before[i] for i in themed)
        # measured: 89 % (99.7 % when all are fitted): rows near the edge of a coarse theme move
        assert same >= 0.8 * len(themed), (same, len(themed), second)


def test_refit_fits_only_the_insights_both_reads_saw() -> None:
    """On PostgreSQL an insight stored or erased between reading the ids and the fitted rows
    made the sample and the corpus disagree: the corpus keeps only rows of `ids`."""
    from api.themes.corpus import Corpus, align

    corpus = Corpus(np.array([2, 3, 5, 9]), np.eye(4, dtype=np.float32), list("abcd"),
                    ["en"] * 4, np.array([-1, 7, 7, -1]))  # fmt: skip
    rows, picked = align(corpus, np.array([1, 2, 5, 6]))  # 3 erased, 9 stored since
    assert rows.ids.tolist() == [2, 5] and picked.tolist() == [1, 2]
    assert rows.texts == ["a", "c"] and rows.themes.tolist() == [-1, 7]
    assert np.array_equal(rows.vectors, np.eye(4, dtype=np.float32)[[0, 2]])
    same, at = align(corpus, np.array([2, 3, 5, 9]))
    assert same is corpus and at.tolist() == [0, 1, 2, 3]
