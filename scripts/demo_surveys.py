"""What a survey tool and a support team record beside the demo's answers (scripts/demo_data.py):
the NPS and CSAT sends, most of them never answered, and the team's follow-ups on feedback.
Without them the demo's VoC response rate and follow-up time had nothing to show.

Each answer gets the send it answers, hours to days before it (the answer belongs to the
contact's latest send before it, GET /v1/voc/response-rate), and each week the segment's other
contacts get the sends nobody answered: as many as make that week's rate its segment's rate
(RESPONSE_RATES) give or take WEEKLY_SWING. Ground truth for checking the demo lives in each
record's `answer` (the answer's (source, external_id), or None); a loader stores the rest."""

import math
import random
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

SURVEY_OF_SOURCE = {"nps_survey": "nps", "csat_survey": "csat"}
# Share of sends answered, by survey and the contact's segment: larger customers answer more.
RESPONSE_RATES = {
    "nps": {"enterprise": 0.36, "mid-market": 0.3, "smb": 0.24},
    "csat": {"enterprise": 0.4, "mid-market": 0.34, "smb": 0.28},
}
WEEKLY_SWING = 0.2  # a week's rate is its segment's times 0.8 to 1.2: no program is that steady
ANSWER_HOURS = 16  # mean hours from a send to its answer (exponential, at most MAX_ANSWER_HOURS)
MAX_ANSWER_HOURS = 96  # well inside the response-rate window (14 days by default)
# Who follows up on an item, by source: (share followed up, median hours, kinds, team). Support
# answers tickets, forum posts and store reviews whatever their tone; survey answers are called
# back when unhappy (wants_follow_up). GET /v1/voc/follow-up counts those it deems negative.
FOLLOW_UPS = {
    "nps_survey": (0.8, 20.0, ["call", "email", "meeting"], "sales"),
    "csat_survey": (0.75, 10.0, ["reply", "call"], "support"),
    "zendesk": (0.9, 4.0, ["reply"], "support"),
    "community": (0.5, 24.0, ["reply"], "support"),
    "app_store": (0.3, 36.0, ["reply"], "support"),
    "google_play": (0.3, 36.0, ["reply"], "support"),
    "sales_call": (0.4, 48.0, ["email", "meeting"], "sales"),
}
NOTES = [
    "Logged the problem with product.",
    "Shared the workaround.",
    "Sent the fix ETA.",
    None,
    None,
]


def week_start(moment: datetime) -> date:
    return moment.date() - timedelta(days=moment.weekday())


def wants_follow_up(item: dict) -> bool:
    """Survey answers are followed up when unhappy: NPS detractors, CSAT 1-2."""
    if item["source"] == "nps_survey":
        return item["score"] <= 6
    if item["source"] == "csat_survey":
        return item["score"] <= 2
    return True


def answered_sends(feedback: list[dict]) -> list[dict]:
    """One send per survey answer from a known contact, its time still to `place`."""
    return [
        {"survey": SURVEY_OF_SOURCE[f["source"]], "contact_id": f["contact_id"],
         "answered_at": datetime.fromisoformat(f["created_at"]),
         "answer": (f["source"], f["external_id"])}
        for f in feedback
        if f["source"] in SURVEY_OF_SOURCE and f["contact_id"]
    ]  # fmt: skip


def place(rng: random.Random, answered: list[dict]) -> None:
    """Each answered send's time: before its answer, after the contact's previous answer to that
    survey (else that answer would be this send's and this one's the previous send's)."""
    previous: dict[tuple[str, str], datetime] = {}
    for send in sorted(answered, key=lambda s: s["answered_at"]):
        at = send["answered_at"]
        hours = min(rng.expovariate(1 / ANSWER_HOURS) + 0.2, MAX_ANSWER_HOURS)
        send["sent_at"] = at - timedelta(hours=hours)
        before = previous.get((send["survey"], send["contact_id"]))
        if before is not None and send["sent_at"] <= before:
            send["sent_at"] = before + (at - before) / 2
        previous[(send["survey"], send["contact_id"])] = at


def free(sent_at: datetime, answered: list[dict]) -> bool:
    """A send at `sent_at` leaves every answer to the send it was written for."""
    return not any(s["sent_at"] <= sent_at <= s["answered_at"] for s in answered)


def unanswered_sends(
    rng: random.Random, answered: list[dict], pools: dict[str, list[str]], segment_of: dict,
    until: datetime,
) -> list[dict]:  # fmt: skip
    """The sends nobody answered, week by week and segment by segment, to the segment's
    contacts, at times that steal no answer, before `until`."""
    by_contact: dict[tuple[str, str], list[dict]] = defaultdict(list)
    buckets: dict[tuple[str, str, date], int] = defaultdict(int)
    for send in answered:
        by_contact[(send["survey"], send["contact_id"])].append(send)
        buckets[(send["survey"], segment_of[send["contact_id"]], week_start(send["sent_at"]))] += 1
    swing = {week: rng.uniform(1 - WEEKLY_SWING, 1 + WEEKLY_SWING)
             for week in sorted({week for *_, week in buckets})}  # fmt: skip
    sends = []
    for (survey, segment, week), answers in sorted(buckets.items()):
        rate = RESPONSE_RATES[survey][segment] * swing[week]
        start = datetime.combine(week, time(), UTC)
        span = min(timedelta(days=7), until - start)
        for _ in range(round(answers / rate) - answers):
            for _try in range(20):  # a busy contact's week may have no room: another one has
                contact = rng.choice(pools[segment])
                sent_at = start + span * rng.random()
                if free(sent_at, by_contact[(survey, contact)]):
                    sends.append({"survey": survey, "contact_id": contact,
                                  "sent_at": sent_at, "answer": None})  # fmt: skip
                    break
    return sends


def survey_sends(seed: int, data: dict, today: date) -> list[dict]:
    """Every send, oldest first: {"survey", "contact_id", "sent_at" (ISO), "external_id",
    "answer": (source, external_id) or None}."""
    rng = random.Random(f"{seed}:survey-sends")  # apart from the feedback's: it stays as it was
    segment = {a["id"]: a["segment"] for a in data["accounts"]}
    segment_of = {c["id"]: segment[c["account_id"]] for c in data["contacts"]}
    pools: dict[str, list[str]] = defaultdict(list)
    for contact in data["contacts"]:
        pools[segment_of[contact["id"]]].append(contact["id"])
    answered = answered_sends(data["feedback"])
    place(rng, answered)
    until = datetime.combine(today, time(), UTC)
    sends = answered + unanswered_sends(rng, answered, pools, segment_of, until)
    sends.sort(key=lambda s: (s["sent_at"], s["survey"], s["contact_id"]))
    return [
        {"survey": s["survey"], "contact_id": s["contact_id"],
         "sent_at": s["sent_at"].isoformat(timespec="seconds"),
         "external_id": f"{s['survey']}-send-{n:05d}", "answer": s["answer"]}
        for n, s in enumerate(sends, 1)
    ]  # fmt: skip


def follow_ups(seed: int, data: dict, people: dict[str, list[str]], today: date) -> list[dict]:
    """The first follow-up on a share of the items (FOLLOW_UPS), hours to days after each, none
    yet on the latest: {"feedback": (source, external_id), "kind", "at" (ISO), "by", "note"}.
    `people`: who follows up, by team ("sales", "support")."""
    rng = random.Random(f"{seed}:follow-ups")
    until = datetime.combine(today, time(), UTC)
    actions = []
    for item in data["feedback"]:
        if not wants_follow_up(item):
            continue
        share, median, kinds, team = FOLLOW_UPS[item["source"]]
        hours = rng.lognormvariate(math.log(median), 1.0)
        at = datetime.fromisoformat(item["created_at"]) + timedelta(hours=hours)
        by, kind, note = rng.choice(people[team]), rng.choice(kinds), rng.choice(NOTES)
        if rng.random() < share and at < until:
            actions.append({"feedback": (item["source"], item["external_id"]), "kind": kind,
                            "at": at.isoformat(timespec="seconds"), "by": by, "note": note})  # fmt: skip
    return actions
