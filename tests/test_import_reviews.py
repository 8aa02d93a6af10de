"""App-store reviews, as a QA imported them with `boucle import --preset appstore` and sent them
to POST /v1/feedback: the title over the review is a heading (not glued onto the first insight,
not read for the language), "Merci" is no name, stars off 1-5 are rejected rows, and the columns
the import drops are named."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.settings import Settings
from api.storage.tables import Feedback, Insight
from api.workspace import open_database

HEADER = "Review ID,Date,Title,Review,Rating,app_version,platform\n"
# (id, title, review): two reviews with the same words under different titles among them
REVIEWS = [
    ("r1", "Batterie", "Battery drain is insane"),
    ("r2", "Plante", "Crash on startup."),
    ("r3", "Crash", "Crash on startup."),
    ("r4", "Merci", "Merci, ça remarche depuis la mise à jour."),
    ("r5", "meh", "It's ok I guess."),
    ("r6", "Super appli", "J'adore cette application, très pratique."),
]
# the words of each review's insights, and its language
READ = {
    "r1": (["Battery drain is insane"], "en"),
    "r2": (["Crash on startup."], "en"),
    "r3": (["Crash on startup."], "en"),
    "r4": (["Merci, ça remarche depuis la mise à jour."], "fr"),
    "r5": (["It's ok I guess."], "en"),
    "r6": (["Super appli", "J'adore cette application, très pratique."], "fr"),
}


def reviews_csv(path: Path, extra: str = "") -> Path:
    rows = "".join(f'{i},2026-11-0{n},{t},"{r}",4,3.2.1,ios\n'
                   for n, (i, t, r) in enumerate(REVIEWS, start=1))  # fmt: skip
    path.write_text(HEADER + rows + extra)
    return path


def stored_reviews(data_dir: Path) -> dict[str, tuple[str, list[str], str]]:
    """external_id -> (text, insight texts, language) as stored."""
    database = open_database(Settings(data_dir=data_dir))
    try:
        with database.session() as session:
            items = session.scalars(select(Feedback)).all()
            insights = session.scalars(select(Insight).order_by(Insight.position)).all()
            return {
                item.external_id: (
                    item.text,
                    [i.text for i in insights if i.feedback_id == item.id],
                    item.language,
                )
                for item in items
            }
    finally:
        database.close()


def imported(boucle, tmp_path: Path, path: Path, *flags: str):
    env = {"BOUCLE_DATA_DIR": str(tmp_path / "data")}
    return boucle("import", str(path), "--preset", "appstore", "--quiet", "--jobs", "1", *flags,
                  env=env)  # fmt: skip


def test_a_title_is_a_heading_not_part_of_the_first_insight(boucle, tmp_path: Path) -> None:
    """ "Batterie\\nBattery drain is insane" was one insight and "Plante\\nCrash on startup." was
    `und`; "Merci\\nMerci, ça remarche" was stored as "Merci\\n[NAME], ça remarche"."""
    done = imported(boucle, tmp_path, reviews_csv(tmp_path / "reviews.csv"))
    assert done.returncode == 0, done.stderr
    stored = stored_reviews(tmp_path / "data")
    for external_id, title, review in REVIEWS:
        text, insights, language = stored[external_id]
        assert text == f"{title}\n{review}"  # the title is kept in the stored text
        assert (insights, language) == READ[external_id], external_id
    # the same words under two titles are the same insight
    assert stored["r2"][1] == stored["r3"][1]


def test_reviews_sent_to_the_api_read_as_imported(client: TestClient) -> None:
    items = [{"source": "app_store", "external_id": i, "text": f"{t}\n{r}", "score": 4}
             for i, t, r in REVIEWS]  # fmt: skip
    answer = client.post("/v1/feedback", json={"items": items})
    assert answer.status_code == 200, answer.text
    for item in answer.json()["items"]:
        stored = client.get(f"/v1/feedback/{item['id']}").json()
        words = [insight["text"] for insight in stored["insights"]]
        assert (words, stored["language"]) == READ[stored["external_id"]], stored


@pytest.mark.parametrize(
    ("score", "said"),
    [
        ("6", "6 is outside the app stores' star scale, 1 to 5:"),
        ("0", "0 is outside the app stores' star scale, 1 to 5:"),
        ("4,5", "4.5 is not a whole number: stars are 1, 2, … 5;"),
    ],
)
def test_stars_off_the_store_scale_are_rejected_rows(
    boucle, tmp_path: Path, score: str, said: str
) -> None:
    """A 6 or a "4,5" was stored without a word, then counted `ignored` by the CSAT report."""
    extra = f'r9,2026-11-09,Top,Great app,"{score}",3.2.1,ios\n'
    path = reviews_csv(tmp_path / "reviews.csv", extra)
    done = imported(boucle, tmp_path, path, "--keep", "app_version,platform")
    assert done.returncode == 0, done.stderr
    assert f"{len(REVIEWS) + 1} rows read, {len(REVIEWS)} stored" in done.stdout
    rejected = [line for line in done.stderr.splitlines() if "rejected" in line]
    assert rejected == [
        f"  rejected line 8 (external_id 'r9'): score: {said} fix the score, or leave it out "
        "(the review is stored without stars)"
    ]
    assert "r9" not in stored_reviews(tmp_path / "data")


def test_the_api_refuses_stars_off_the_store_scale(client: TestClient) -> None:
    for score in (6, 4.5):
        item = {"source": "google_play", "external_id": "g1", "text": "Great app", "score": score}
        answer = client.post("/v1/feedback", json={"items": [item]})
        assert answer.status_code == 422 and "stars" in answer.json()["message"], answer.text
    fine = {"source": "app_store", "external_id": "a1", "text": "Great app", "score": 5}
    assert client.post("/v1/feedback", json={"items": [fine]}).status_code == 200


def test_the_summary_names_the_columns_not_kept(boucle, tmp_path: Path) -> None:
    path = reviews_csv(tmp_path / "reviews.csv")
    done = imported(boucle, tmp_path, path)
    assert done.returncode == 0, done.stderr
    assert (
        "warning: 2 columns not kept ('app_version', 'platform'): keep them as each item's "
        "metadata with --keep app_version,platform"
    ) in done.stderr
    kept = imported(boucle, tmp_path, path, "--keep", "app_version,platform")
    assert "not kept" not in kept.stderr


def test_boucles_own_export_columns_are_worked_out_again() -> None:
    """Importing an export back is no reason for a warning: its analysis is made again."""
    from api.feedback.export import MESSAGE_COLUMNS
    from api.feedback.importer import WORKED_OUT

    assert set(WORKED_OUT) <= set(MESSAGE_COLUMNS)


def test_a_help_desks_status_arr_and_sentiment_columns_are_named_as_not_kept() -> None:
    """A support file's own "Status", "ARR" and "Sentiment" were taken for Boucle's export
    columns and dropped without a word; only Assignee was named."""
    from api.feedback.importer import Mapping

    columns = ["Ticket ID", "Description", "Created", "Status", "ARR", "Sentiment", "Assignee"]
    warnings = Mapping.build("support", {}, None).check_columns(Path("t.csv"), columns)
    assert warnings == [
        "4 columns not kept ('Status', 'ARR', 'Sentiment', 'Assignee'): keep them as each item's "
        "metadata with --keep Status,ARR,Sentiment,Assignee (--keep '*': every column not read)"
    ]


def test_an_export_imported_back_warns_of_no_column_it_works_out_again() -> None:
    from api.feedback.export import MESSAGE_COLUMNS
    from api.feedback.importer import Mapping

    warnings = Mapping.build("generic", {}, None).check_columns(
        Path("e.csv"), list(MESSAGE_COLUMNS)
    )
    assert not [warning for warning in warnings if "not kept" in warning], warnings
