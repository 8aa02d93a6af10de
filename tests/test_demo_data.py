"""The demo-workspace generator: deterministic, consistent, bilingual and shaped over time."""

import json
import re
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest

from api.loop.channels import example_address
from scripts import demo_data

TODAY = date(2025, 6, 30)
MIDNIGHT = datetime(2025, 6, 30, tzinfo=UTC)
SCORE_RANGES = {"nps_survey": (0, 10), "csat_survey": (1, 5), "app_store": (1, 5), "google_play": (1, 5)}  # fmt: skip


@pytest.fixture(scope="module")
def data() -> dict:
    return demo_data.generate(seed=7, today=TODAY)


def days_ago(item: dict) -> float:
    return (MIDNIGHT - datetime.fromisoformat(item["created_at"])).total_seconds() / 86400


def test_same_seed_and_day_give_the_same_workspace(data):
    assert demo_data.generate(seed=7, today=TODAY) == data
    assert demo_data.generate(seed=8, today=TODAY)["feedback"] != data["feedback"]


def test_sizes_and_unique_ids(data):
    feedback = data["feedback"]
    assert len(feedback) == 600 and len(demo_data.generate(items=50, today=TODAY)["feedback"]) == 50
    assert 30 <= len(data["accounts"]) <= 50 and 6 <= len(data["needs"]) <= 10
    assert len({(f["source"], f["external_id"]) for f in feedback}) == len(feedback)
    assert len({a["id"] for a in data["accounts"]}) == len(data["accounts"])
    assert len({c["id"] for c in data["contacts"]}) == len(data["contacts"])
    assert set(Counter(f["source"] for f in feedback)) == set(demo_data.ID_PREFIX)


def test_accounts_have_a_long_tail_of_arr(data):
    by_segment = {}
    for account in data["accounts"]:
        by_segment.setdefault(account["segment"], []).append(account["arr"])
    assert set(by_segment) == {"enterprise", "mid-market", "smb"}
    assert all(100_000 <= arr <= 600_000 for arr in by_segment["enterprise"])
    assert all(1_000 <= arr <= 15_000 for arr in by_segment["smb"])
    assert len(by_segment["smb"]) > len(by_segment["mid-market"]) > len(by_segment["enterprise"])


def test_references_resolve(data):
    accounts = {a["id"] for a in data["accounts"]}
    contacts = {c["id"]: c for c in data["contacts"]}
    needs = {n["key"] for n in data["needs"]}
    assert all(c["account_id"] in accounts for c in contacts.values())
    # reserved for examples: a real channel set on the demo workspace never sends to them
    assert all(example_address(c["email"]) for c in contacts.values())
    for f in data["feedback"]:
        assert f["account_id"] is None or f["account_id"] in accounts
        assert f["contact_id"] is None or contacts[f["contact_id"]]["account_id"] == f["account_id"]
        assert f["need_key"] is None or f["need_key"] in needs
    statuses = {"open", "planned", "in_progress", "shipped", "declined"}
    assert {n["status"] for n in data["needs"]} == statuses


def test_both_languages_in_the_intended_share(data):
    share = Counter(f["language"] for f in data["feedback"])["fr"] / len(data["feedback"])
    assert 0.3 <= share <= 0.5
    contacts = {c["id"]: c for c in data["contacts"]}
    for f in data["feedback"]:
        assert f["contact_id"] is None or contacts[f["contact_id"]]["language"] == f["language"]


def test_dates_are_aware_and_inside_the_window(data):
    for f in data["feedback"]:
        created = datetime.fromisoformat(f["created_at"])
        assert created.utcoffset() == timedelta(0)
        assert MIDNIGHT - timedelta(days=6 * 31) <= created < MIDNIGHT
    assert [f["created_at"] for f in data["feedback"]] == sorted(f["created_at"] for f in data["feedback"])  # fmt: skip
    assert max(days_ago(f) for f in data["feedback"]) > 150


def test_emerging_topic_is_recent_and_rising(data):
    ages = [days_ago(f) for f in data["feedback"] if f["topic"] == demo_data.EMERGING_TOPIC]
    assert len(ages) >= 15 and max(ages) <= 22
    weeks = Counter(min(int(age // 7), 2) for age in ages)
    assert weeks[2] < weeks[1] < weeks[0]


def test_fixed_need_fades(data):
    need = next(n for n in data["needs"] if n["key"] == demo_data.FADING_NEED)
    ages = [days_ago(f) for f in data["feedback"] if f["need_key"] == need["key"]]
    assert need["status"] == "shipped" and len(ages) >= 10 and min(ages) >= 55


def test_a_need_is_declined_with_its_reason(data):
    """The README's demo closes the loop on a shipped and a declined need: none was declined."""
    (declined,) = [n for n in data["needs"] if n["status"] == "declined"]
    assert declined["key"] == demo_data.DECLINED_NEED
    assert "Declined: " in declined["description"]


def test_every_need_has_a_french_title(data):
    """A French customer told of a decision reads the need's title in French (`titles`): the
    shipped one had none, its message quoting « Invoice PDF shows the wrong VAT rate »."""
    assert all(n["titles"]["fr"] and n["titles"]["fr"] != n["title"] for n in data["needs"])


def test_scores_fit_their_source(data):
    for f in data["feedback"]:
        if f["source"] in SCORE_RANGES:
            low, high = SCORE_RANGES[f["source"]]
            assert isinstance(f["score"], int) and low <= f["score"] <= high
        else:
            assert f["score"] is None


def test_texts_are_diverse_and_realistic(data):
    texts = [f["text"] for f in data["feedback"]]
    assert len(set(texts)) / len(texts) >= 0.9
    assert all(t.strip() and "{" not in t and "}" not in t for t in texts)
    emails = [e for t in texts for e in re.findall(r"[\w.+-]+@[\w.-]+\w", t)]
    assert emails and all(example_address(e) for e in emails)
    assert any(re.search(r"\+\d{1,2} \d", t) for t in texts)  # a few phone numbers to redact
    app_reviews = [f for f in data["feedback"] if f["source"] in ("app_store", "google_play")]
    assert sum(f["account_id"] is None for f in app_reviews) / len(app_reviews) > 0.7


def test_accounts_differ_in_how_they_are_doing(data):
    """Every account heard of every topic alike, so nearly every one had a churn threat among its
    items and the at-risk list read 40, 40, 40: now healthy accounts mostly praise and ask,
    at-risk ones complain, and only churning ones say they will leave."""
    moods = {a["id"]: demo_data.mood_of(a["id"]) for a in data["accounts"]}
    counts = Counter(moods.values())
    assert counts["healthy"] > counts["at_risk"] > counts["churning"] >= 4, counts
    tied = [f for f in data["feedback"] if f["account_id"]]
    assert {moods[f["account_id"]] for f in tied if f["topic"] == "churn-threat"} == {"churning"}
    assert "healthy" not in {moods[f["account_id"]] for f in tied if f["topic"] == "price-increase"}

    def negative_share(mood: str) -> float:
        own = [f for f in tied if moods[f["account_id"]] == mood]
        return sum(demo_data.TOPIC_BY_KEY[f["topic"]]["tone"] < 0 for f in own) / len(own)

    assert negative_share("healthy") < 0.3 < negative_share("at_risk") < negative_share("churning")
    nps = {mood: [f["score"] for f in tied if f["source"] == "nps_survey"
                  and moods[f["account_id"]] == mood] for mood in counts}  # fmt: skip
    mean = {mood: sum(scores) / len(scores) for mood, scores in nps.items()}
    assert mean["healthy"] > mean["at_risk"] > mean["churning"], mean


def test_main_writes_json_lines(tmp_path, capsys):
    out = tmp_path / "demo.jsonl"
    demo_data.main(["--out", str(out), "--items", "80", "--seed", "3", "--today", "2025-06-30"])
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    kinds = Counter(r["kind"] for r in rows)
    assert kinds["feedback"] == 80 and kinds["account"] and kinds["contact"] and kinds["need"]
    assert "language:" in capsys.readouterr().err


def test_each_survey_answer_has_the_send_it_answers(data):
    """The send an answer counts for (GET /v1/voc/response-rate): the contact's latest send of
    that survey before it, within the default 14-day window, and the one the demo wrote for it."""
    sends = defaultdict(list)
    for send in data["sends"]:
        sends[(send["survey"], send["contact_id"])].append(send)
    answers = [f for f in data["feedback"] if f["source"] in ("nps_survey", "csat_survey")]
    assert answers and all(f["contact_id"] for f in answers)
    for answer in answers:
        survey = answer["source"].removesuffix("_survey")
        at = datetime.fromisoformat(answer["created_at"])
        before = [s for s in sends[(survey, answer["contact_id"])]
                  if datetime.fromisoformat(s["sent_at"]) <= at]  # fmt: skip
        latest = max(before, key=lambda s: s["sent_at"])
        assert latest["answer"] == (answer["source"], answer["external_id"])
        assert at - datetime.fromisoformat(latest["sent_at"]) <= timedelta(days=14)


def response_rates(data: dict, key) -> dict:
    sends, answered = Counter(), Counter()
    for send in data["sends"]:
        sends[key(send)] += 1
        answered[key(send)] += send["answer"] is not None
    return {k: answered[k] / sends[k] for k in sends}


def test_sends_make_a_realistic_response_rate(data):
    segment = {a["id"]: a["segment"] for a in data["accounts"]}
    account = {c["id"]: c["account_id"] for c in data["contacts"]}
    overall = response_rates(data, lambda s: s["survey"])
    assert set(overall) == {"nps", "csat"} and all(0.2 <= r <= 0.4 for r in overall.values()), (
        overall
    )
    by_segment = response_rates(data, lambda s: (s["survey"], segment[account[s["contact_id"]]]))
    assert by_segment[("nps", "enterprise")] > by_segment[("nps", "smb")], by_segment
    by_month = response_rates(data, lambda s: (s["survey"], s["sent_at"][:7]))
    assert len(by_month) >= 10 and len({round(r, 2) for r in by_month.values()}) >= 5, by_month
    assert all(0.1 <= r <= 0.6 for r in by_month.values()), by_month


def test_sends_are_unique_dated_and_to_stored_contacts(data):
    contacts = {c["id"] for c in data["contacts"]}
    assert len({s["external_id"] for s in data["sends"]}) == len(data["sends"])
    assert len({(s["survey"], s["contact_id"], s["sent_at"]) for s in data["sends"]}) == len(
        data["sends"]
    )
    for send in data["sends"]:
        assert send["contact_id"] in contacts
        sent = datetime.fromisoformat(send["sent_at"])
        assert (
            sent.utcoffset() == timedelta(0) and MIDNIGHT - timedelta(days=7 * 31) < sent < MIDNIGHT
        )
    assert [s["sent_at"] for s in data["sends"]] == sorted(s["sent_at"] for s in data["sends"])


def test_the_team_follows_up_hours_to_days_later(data):
    """Tickets, posts and reviews get answers; survey answers when unhappy (detractors, CSAT
    1-2), most but not all of them, the latest not yet."""
    feedback = {(f["source"], f["external_id"]): f for f in data["feedback"]}
    delays = defaultdict(list)
    for action in data["follow_ups"]:
        item = feedback[action["feedback"]]
        assert (item["score"] or 0) <= {"nps_survey": 6, "csat_survey": 2}.get(item["source"], 10)
        at = datetime.fromisoformat(action["at"])
        assert at < MIDNIGHT and action["kind"] in ("reply", "call", "email", "meeting")
        delays[item["source"]].append(
            (at - datetime.fromisoformat(item["created_at"])) / timedelta(hours=1)
        )
    assert set(delays) == set(demo_data.ID_PREFIX)
    every = sorted(d for source in delays.values() for d in source)
    assert every[0] > 0 and every[len(every) // 2] < 48 < every[-1]
    detractors = [f for f in data["feedback"] if f["source"] == "nps_survey" and f["score"] <= 6]
    followed = {a["feedback"] for a in data["follow_ups"]}
    share = sum((f["source"], f["external_id"]) in followed for f in detractors) / len(detractors)
    assert 0.5 < share < 1
    assert len(followed) == len(data["follow_ups"]) < len(data["feedback"])
    last_day = [f for f in data["feedback"] if days_ago(f) < 0.2]
    assert last_day and not followed & {(f["source"], f["external_id"]) for f in last_day}
