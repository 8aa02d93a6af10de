"""A seed gathers the stored insights that match it well: those at least
`SEED_CLAIM_SIMILARITY` close to it, even from a theme that holds them closer (the core of the
demo's crash cluster stayed there: seeding "Mobile app crashes" took 1 unrelated insight), and
not the unrelated ones."""

import numpy as np
from fastapi.testclient import TestClient

from analyzer.needs import centroid
from api.storage.tables import Insight, Theme
from tests.test_themes_api import CALENDAR, INVOICE, post

CRASHES = ["Since the 4.9.0 update the app crashes as soon as I open it.",
           "App closes immediately after the splash screen on my iPhone 14 Pro.",
           "Can't open the app anymore, it just flashes and closes."]  # fmt: skip
SEED = {"name": "Mobile app crashes",
        "description": "The iOS or Android app crashes or closes on its own",
        "examples": ["The app crashes when I open it on my iPhone",
                     "L'application se ferme toute seule sur Android"]}  # fmt: skip


def found_theme(client: TestClient, insight_ids: list[int]) -> int:
    """A theme as discovery makes one: the insights' mean, each insight in it at its cosine."""
    ws = client.app.state.workspace
    with ws.db.session() as session:
        rows = session.query(Insight).filter(Insight.id.in_(insight_ids)).all()
        vectors = np.vstack([np.frombuffer(r.vector, np.float32) for r in rows])
        middle = centroid(vectors.sum(axis=0))
        theme = Theme(level="theme", name="open the app · closes", lineage=[], keywords=[],
                      quotes=[], seed_examples=[], centroid=middle.tobytes(), size=len(rows))  # fmt: skip
        session.add(theme)
        session.flush()
        for row, vector in zip(rows, vectors, strict=True):
            row.theme_id, row.theme_score = theme.id, round(float(vector @ middle), 4)
        ws.themes.reload(session)
        return theme.id


def test_a_seed_takes_the_insights_close_to_it_from_the_theme_holding_them(
    store_client: TestClient,
) -> None:
    stored = post(store_client, [*CRASHES, *CALENDAR, *INVOICE], "c")
    crash_ids = [i["id"] for item in stored[:3] for i in item["insights"]]
    holder = found_theme(store_client, crash_ids)
    seeded = store_client.post("/v1/themes/seed", json=SEED)
    assert seeded.status_code == 201, seeded.text
    theme = seeded.json()
    ws = store_client.app.state.workspace
    with ws.db.session() as session:
        placed = {r.id: r.theme_id for r in session.query(Insight)}
    # each was closer to its theme than to the seed: the seed took none of them (size 0)
    assert {placed[i] for i in crash_ids} == {theme["id"]} and theme["size"] == len(crash_ids)
    others = set(placed) - set(crash_ids)
    assert {placed[i] for i in others} == {None}  # the calendar and invoice insights stay out
    assert holder not in set(placed.values())
