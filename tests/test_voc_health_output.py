"""`boucle voc health` says "at risk" only of an account under the line, and a health score is
not read for a moment to come (it scored urgent needs alone as a health)."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from api.settings import Settings, get_settings


def answers(account: str, scores: list[int]) -> list[dict]:
    return [{"source": "nps_survey", "external_id": f"{account}-{n}", "score": score,
             "text": "Answer to the survey.", "account_id": account}
            for n, score in enumerate(scores)]  # fmt: skip


@pytest.fixture
def scored(settings: Settings, tagger, monkeypatch):
    """qa-ok: NPS −33 (a low signal) in a score over 50; qa-low: NPS −100, under 50."""
    with TestClient(create_app(settings, tagger)) as client:
        items = answers("qa-ok", [0, 0, 10]) + answers("qa-low", [0, 1, 2])
        assert client.post("/v1/feedback", json={"items": items}).status_code == 200
        monkeypatch.setenv("BOUCLE_DATA_DIR", str(settings.data_dir))
        get_settings.cache_clear()
        yield client
    get_settings.cache_clear()


def health_said(capsys, account: str) -> tuple[dict, list[str]]:
    assert main(["voc", "health", account, "--json"]) == 0
    health = json.loads(capsys.readouterr().out)
    assert main(["voc", "health", account]) == 0
    return health, capsys.readouterr().out.splitlines()


def test_only_an_account_under_the_line_is_said_at_risk(scored, capsys) -> None:
    healthy, lines = health_said(capsys, "qa-ok")
    assert healthy["score"] >= 50 and healthy["reasons"]  # a low signal in a healthy score
    assert not any("at risk" in line and "not at risk" not in line for line in lines), lines
    assert "not at risk; what pulls the score down:" in lines
    assert f"  - {healthy['reasons'][0]}" in lines
    risky, lines = health_said(capsys, "qa-low")
    assert risky["score"] < 50 and risky["reasons"]
    assert "at risk (under 50) because:" in lines
    assert f"  - {risky['reasons'][0]}" in lines


def test_a_future_as_of_is_refused(scored, capsys) -> None:
    later = scored.get("/v1/accounts/qa-ok/health", params={"as_of": "2030-01-01"})
    assert later.status_code == 422 and "in the future" in later.json()["message"]
    assert [e["field"] for e in later.json()["errors"]] == ["?as_of"]
    risky = scored.get("/v1/voc/at-risk", params={"as_of": "2030-01-01"})
    assert risky.status_code == 422
    today = datetime.now(UTC).date().isoformat()  # a day's end, tonight: let in
    assert scored.get("/v1/accounts/qa-ok/health", params={"as_of": today}).status_code == 200
    past = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    assert scored.get("/v1/accounts/qa-ok/health", params={"as_of": past}).status_code == 200
    with pytest.raises(SystemExit) as refused:
        main(["voc", "health", "qa-ok", "--as-of", "2030-01-01"])
    assert refused.value.code == 2 and "in the future" in capsys.readouterr().err
