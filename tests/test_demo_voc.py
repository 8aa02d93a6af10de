"""The demo workspace (scripts/load_demo.py) as a new user meets it on the VoC page: survey
response rates and follow-up times with something to show, and a second load adding nothing.
The demo used to record the answers alone: "no send of survey 'nps' is stored", no follow-up."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.app import create_app
from api.settings import Settings
from api.storage.tables import FeedbackAction, SurveySend
from api.workspace import open_workspace
from scripts import demo_data
from scripts.load_demo import load_feedback, load_follow_ups, load_sends
from tests.demo_template import DEMO_ITEMS, copy_of_demo


@pytest.fixture(scope="module")
def http(tmp_path_factory: pytest.TempPathFactory, demo_data_dir: Path, tagger):
    data = copy_of_demo(demo_data_dir, tmp_path_factory.mktemp("demo-voc") / "data")
    with TestClient(create_app(Settings(data_dir=data, worker=False), tagger)) as client:
        yield client


@pytest.mark.parametrize("survey", ["nps", "csat"])
def test_the_demo_has_a_response_rate_per_period_and_segment(http: TestClient, survey: str):
    report = http.get("/v1/voc/response-rate", params={"survey": survey, "period": "month"}).json()
    assert report["warnings"] == [] and 0.2 <= report["overall"]["rate"] <= 0.45, report["overall"]
    rates = [p["rate"] for p in report["periods"] if p["rate"] is not None]
    assert len(rates) >= 4 and len(set(rates)) >= 3, report["periods"]
    by_segment = {s["segment"]: s["rate"] for s in report["segments"]}
    assert set(by_segment) == {"enterprise", "mid-market", "smb"}, by_segment
    assert None not in by_segment.values() and len(set(by_segment.values())) == 3, by_segment


def test_the_voc_pages_range_compares_with_the_previous_one(http: TestClient):
    """The page's card: the last 90 days' rate, "+4 points vs the previous 90 days"."""
    since = (datetime.now(UTC) - timedelta(days=90)).date().isoformat()
    report = http.get("/v1/voc/response-rate", params={"sent_from": since}).json()
    assert report["overall"]["rate"] is not None and report["change"] is not None, report
    assert report["overall"]["awaiting"] < report["overall"]["sends"]
    silent = http.get("/v1/voc/non-respondents").json()
    assert silent["warnings"] == [] and silent["total"] > 0


def test_the_demo_has_a_follow_up_time(http: TestClient):
    report = http.get("/v1/voc/follow-up", params={"target_hours": 48}).json()
    assert report["handled"] > 0 and report["waiting"] > 0, report
    assert report["median_hours"] > 0 and 0 < report["within_target_share"] < 1, report
    detractors = http.get("/v1/voc/follow-up", params={"source": "nps_survey"}).json()
    assert detractors["handled"] > 0 and detractors["median_hours"] is not None, detractors


def test_loading_the_demo_again_adds_no_send_and_no_follow_up(
    tmp_path: Path, demo_data_dir: Path, tagger
):
    ws = open_workspace(Settings(data_dir=copy_of_demo(demo_data_dir, tmp_path / "data"),
                                 worker=False), tagger)  # fmt: skip
    try:
        with ws.db.session() as session:
            sends = session.scalar(select(func.count()).select_from(SurveySend))
        data = demo_data.generate(items=DEMO_ITEMS)
        ids = load_feedback(ws, data)
        assert load_sends(ws, data) == 0
        load_follow_ups(ws, data, ids)  # a day later, the newest items may get their first one
        with ws.db.session() as session:
            assert session.scalar(select(func.count()).select_from(SurveySend)) == sends > 0
            per_item = select(func.count(FeedbackAction.id)).group_by(FeedbackAction.feedback_id)
            assert set(session.scalars(per_item)) == {1}
    finally:
        ws.close()
