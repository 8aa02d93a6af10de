"""Account health: one score from 0 (at risk) to 100 (healthy), from five signals.

An item belongs to an account through its own account, else its contact's. Each signal is
scored 0–100 on its own, as of `as_of`:

- nps (weight 0.30): the NPS of the account's answers in the 180 days up to as_of:
  (NPS + 100) / 2.
- csat (0.15): the mean CSAT (1–5) of the account's answers in those 180 days: (mean − 1) / 4 × 100.
- sentiment (0.25): feedback sentiment as +1 (positive), 0 (neutral), −1 (negative), a label
  whose score (p(positive) − p(negative)) lies within 0.02 of 0 counting 0 (TONE_MARGIN: a
  tie, the head unable to tell positive from negative, as a message read negative at −0.009);
  r = mean over the last 30 days, p = mean over the 60 days before them (p = r when there were
  none):
  50 + 25·r + 12.5·(r − p), half where sentiment is, half where it is heading. With nothing
  toned in the last 30 days, the complaints of the 60 days before stand: 50 + 25·p when p < 0
  (a silence answers no complaint: three complaints then nothing read 25, not "no signal"); an
  earlier p ≥ 0 is left out (silence is not health), and so are fewer than 3 toned items
  (CARRIED_MIN_ITEMS): a mood is a pattern, and one ticket then a month of nothing is an account
  that writes rarely (a silence is ordinary after 1 or 2 items, see tickets below), not one
  unhappy ever since. One crash report said 66 days before, or an SSO request and a wish the
  sentiment head read as negative, read 25 and held healthy demo accounts at 45, under the
  at-risk line.
- tickets (0.15): volume of non-survey feedback; n = items in the last 30 days, b = items in the
  60 days before, halved (the same 30-day rate): 100·b / (n + b), so 50 = steady, 100 = none
  lately, towards 0 as volume climbs. Needs a baseline (b > 0): a first ticket is no trend.
  None lately is fewer tickets only while the account still speaks. One with no item at all in
  the last 30 days (no ticket, no survey answer) is silent, and silence is evidence of a drop
  only when the account's own rate made it unlikely: had its N tickets of the 90 days come at a
  steady rate, each would fall in the last 30 days with chance 1/3, and none with (2/3)^N. At
  most 0.05 (QUIET_CHANCE: 8 tickets or more in the 60 days before) the account has gone quiet,
  a churn sign, not health: the signal reads 25 (as low as volume tripling) and its reason says
  "gone quiet". Fewer tickets than that (1 ticket leaves the last 30 days empty 2 times in 3, 3
  tickets 3 times in 10) say nothing either way: the signal is left out, as without a baseline.
- urgent_needs (0.15): k = open urgent problems: needs still open (not shipped, declined or
  merged) linked to an insight of the account with high or critical urgency, as the needs stand
  now, plus the account's items of the last 90 days with such an insight that no need links and
  nobody has followed up (an urgent complaint nobody has put in the backlog nor answered is as
  open as an open need; the demo links none, so every account read 100, crashes and renewal
  blockers included; an action on the item, POST /v1/feedback/{id}/actions, at or before as_of,
  any kind, takes it off, as the follow-up report counts it handled): max(0, 100 − 25·k).
  Counted once the account has any feedback (no feedback is no evidence of no problem).

A churn threat overrides the mean: an account whose feedback tagged churn_risk is evidence enough
("we will cancel at the end of the month") scores at most 40, under the at-risk line, and its
reasons say so first, whatever its surveys said months ago. Each item tagged churn_risk in the
last 90 days counts its score (a calibrated probability) in full for 30 days, then less each day,
none at 90: e = Σ score·min(1, (90 − age in days) / 60). The cap holds while e ≥ 0.5, as much as
one item said today that is more likely a threat than not, and the evidence is corroborated: two
items or more still count (fresher than 90 days), or one the head is sure of, a score of 0.8 or
more (SURE_ALONE). One reading just above the label's threshold is no proof on its own: the head
over-reads some complaints ("Uninstalled and reinstalled, same thing." reads 0.66, its French
twin 0.64, and held a healthy demo account at 40), and a stated churn cue puts an item at 0.6
(threshold 0.3 + 0.3, analyzer/stages/intent.py), so such an item caps beside another, not alone.
So a lone item under 0.5 ("We'd upgrade to the Business plan for this." reads 0.41) or under
0.8 caps only beside another; a sure threat said 45 days ago still caps (0.99 · 0.75); one said
75 days ago, praise or silence since, no longer does: the evidence of a threat ages as the recent
signals do. Every tagged item is still counted and quoted, with the day it was said.

score = Σ wᵢ·sᵢ / Σ wᵢ over the signals present: a missing signal is left out and the others keep
their proportions (with no survey answers, sentiment weighs 0.25 / 0.55 and so on). `coverage` =
Σ wᵢ of the signals present says how much of the formula a score rests on. No signal, no score.
A score rests on at least half the formula: under a coverage of 0.5 the weight missing up to 0.5
reads a neutral 50, score = (Σ wᵢ·sᵢ + (0.5 − coverage)·50) / 0.5, and a reason gives the
coverage. One signal of weight 0.15 reading 100 scores 65, not a confident 100; from 0.5 up
nothing changes. Signals below 50 give the reasons an account is at risk, and so does any open
urgent problem (the signal reads 50 at two: not under the line, yet what pulls the score down).

The at-risk list ranks by `ranked_score`, the score with each survey signal weighed against its
sample: s' = (n·s + k·m) / (n + k), n = the account's answers to that survey, m = the signal over
every account's answers pooled (the workspace's mean), k = 5 (a Bayesian average). An NPS −100
from 1 answer is 1/6 of its own and 5/6 of the workspace's: it no longer outranks 30 answers that
average slightly better. `score` stays the account's own, as GET /v1/accounts/{id}/health has it."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from api.errors import NotFound
from api.storage.tables import Account
from api.voc.schemas import AccountHealth, AtRiskAccount, AtRiskList, HealthComponent
from api.voc.service import (
    UNKNOWN_SEGMENT,
    accounts_by_id,
    segments_matching_nothing,
    wanted_segment,
)
from api.voc.signals import PREVIOUS_DAYS, RECENT_DAYS, Signals, load_signals
from api.wording import plural

WEIGHTS = {"nps": 0.30, "csat": 0.15, "sentiment": 0.25, "tickets": 0.15, "urgent_needs": 0.15}
AT_RISK_BELOW = 50.0
FORMULA = (
    "score = Σ wᵢ·sᵢ / Σ wᵢ over the signals present (missing ones are left out, the others keep "
    "their proportions), each sᵢ in 0–100: nps (w 0.30) = (NPS + 100) / 2 over 180 days; "
    "csat (w 0.15) = (mean − 1) / 4 × 100 over 180 days; sentiment (w 0.25) = 50 + 25·r + "
    "12.5·(r − p), r = mean sentiment (+1/0/−1; a label scored within 0.02 of 0 counts 0) over "
    "the last 30 days, p = over the 60 days "
    "before; tickets (w 0.15) = 100·b / (n + b), n = non-survey items in the last 30 days, "
    "b = items in the 60 days before / 2, left out when b = 0 (no baseline: a first ticket is "
    "no trend); with no item at all in the last 30 days, 25 (gone "
    "quiet) after 8 or more tickets before ((2/3)^N ≤ 0.05: a steady rate would rarely leave "
    "the last 30 days empty), left out after fewer; urgent_needs (w 0.15) = max(0, 100 − 25·k), "
    "k = open needs linked to the account's high or critical insights plus its items of the "
    "last 90 days with such an insight in no need and no follow-up action. With nothing "
    "toned in the last 30 days, sentiment = 50 + 25·p when p < 0 over 3 items or more "
    "(complaints stand), else left out. Under a coverage (Σ wᵢ present) of 0.5, the weight "
    "missing up to 0.5 reads a neutral 50. Feedback tagged "
    "churn_risk caps the score at 40 while Σ score·min(1, (90 − age in days) / 60) over its "
    "items of the last 90 days is 0.5 or more (a threat counts in full for 30 days, then "
    "fades) and two items or more count, or one scoring 0.8 or more (one unsure reading alone "
    "caps nothing). The at-risk list ranks by ranked_score: nps and csat "
    "each shrunk to (n·s + 5·m) / (n + 5), n = the account's answers, m = the signal over every "
    "account's answers (a Bayesian average: few answers weigh little)."
)
PRIOR_ANSWERS = 5  # the workspace's mean counts as this many answers in each account's ranking
CHURN_CAP = 40.0  # under AT_RISK_BELOW: an account that says it will leave is at risk
# The churn evidence that caps: as much as one item, said today, more likely a threat than not
SURE_CHURN = 0.5
# One item caps on its own only when the head is this sure of it: a reading just above the
# threshold (0.3; a stated cue lifts an item to 0.6, an over-read complaint reads 0.64) needs a
# second item beside it
SURE_ALONE = 0.8
CHURN_DAYS = RECENT_DAYS + PREVIOUS_DAYS  # a threat has faded to nothing this many days on
SHOWN_ITEMS = 3  # churn items or urgent problems quoted in a reason; the rest are counted
GONE_QUIET = 25.0  # the tickets signal of an account silent after activity: under AT_RISK_BELOW
# Silence is a drop when a steady rate would leave the last 30 of the 90 days this rarely empty
QUIET_CHANCE = 0.05
STEADY_SHARE = RECENT_DAYS / (RECENT_DAYS + PREVIOUS_DAYS)  # a steady item's chance to be recent
# The toned items of the 60 days before it takes for their complaints to stand through a silence
CARRIED_MIN_ITEMS = 3
MIN_COVERAGE = 0.5  # a score rests on at least this much of the formula; neutral fills the rest
NEUTRAL = 50.0


@dataclass
class Part:
    name: str
    score: float | None
    detail: dict
    reason: str | None = None


def nps_part(s: Signals) -> Part:
    tally = s.nps
    if not tally.responses:
        return Part("nps", None, {"responses": 0})
    score = (tally.nps + 100) / 2
    detractors = plural(tally.detractors, "detractor")
    reason = f"NPS {tally.nps:+.0f} from {plural(tally.responses, 'answer')} ({detractors})"
    return Part("nps", score, tally.out(), reason)


def csat_part(s: Signals) -> Part:
    tally = s.csat
    if not tally.responses:
        return Part("csat", None, {"responses": 0})
    score = (tally.average - 1) / 4 * 100
    reason = f"CSAT {tally.average:.1f}/5 from {plural(tally.responses, 'answer')}"
    return Part("csat", score, tally.out(), reason)


def sentiment_part(s: Signals) -> Part:
    detail = {"recent_items": s.recent_toned, "previous_items": s.previous_toned}
    if not s.recent_toned:
        return silent_sentiment(s, detail)
    recent = s.recent_tone / s.recent_toned
    previous = s.previous_tone / s.previous_toned if s.previous_toned else None
    change = recent - (recent if previous is None else previous)
    score = min(100.0, max(0.0, 50 + 25 * recent + 12.5 * change))
    detail |= {"recent_mean": round(recent, 3),
               "previous_mean": None if previous is None else round(previous, 3),
               "change": round(change, 3)}  # fmt: skip
    before = "" if previous is None else f" (was {previous:+.2f} the 60 days before)"
    return Part("sentiment", score, detail, f"sentiment {recent:+.2f} over 30 days{before}")


def silent_sentiment(s: Signals, detail: dict) -> Part:
    """The sentiment of an account with nothing toned in the last 30 days: its complaints of the
    60 days before stand (a silence answers no complaint) once they are a pattern, its praise
    does not (silence is not health): 50 + 25·p for p < 0 over CARRIED_MIN_ITEMS items or more,
    else left out."""
    previous = s.previous_tone / s.previous_toned if s.previous_toned else None
    detail |= {"recent_mean": None,
               "previous_mean": None if previous is None else round(previous, 3)}  # fmt: skip
    if previous is None or previous >= 0 or s.previous_toned < CARRIED_MIN_ITEMS:
        return Part("sentiment", None, detail)
    reason = f"sentiment {previous:+.2f} in the 60 days before, none since"
    return Part("sentiment", 50 + 25 * previous, detail | {"carried": True}, reason)


def tickets_part(s: Signals) -> Part:
    recent, baseline = s.recent_tickets, s.previous_tickets / 2
    detail = {"recent": recent, "previous": s.previous_tickets, "previous_per_30_days": baseline}
    if not baseline:
        return Part("tickets", None, detail)
    if not s.recent_items:
        return silent_part(s, detail)
    score = 100 * baseline / (recent + baseline)
    reason = f"tickets up: {recent} in 30 days vs {baseline:g} per 30 days before"
    return Part("tickets", score, detail, reason)


def silence_chance(tickets: int) -> float:
    """The chance that none of `tickets` items, coming at a steady rate over the 90 days, fell in
    the last 30: how ordinary the account's silence is for its own volume."""
    return (1 - STEADY_SHARE) ** tickets


def silent_part(s: Signals, detail: dict) -> Part:
    """The tickets signal of an account with no item at all in the last 30 days: gone quiet when
    its earlier volume made that silence unlikely, else no evidence either way (left out)."""
    chance = silence_chance(s.previous_tickets)
    detail = detail | {"gone_quiet": chance <= QUIET_CHANCE, "silence_chance": round(chance, 3)}
    if not detail["gone_quiet"]:
        return Part("tickets", None, detail)
    reason = (f"gone quiet: no feedback in 30 days after {plural(s.previous_tickets, 'ticket')}"
              f" in the 60 days before (a steady rate leaves 30 days empty {chance:.0%} of the "
              "time)")  # fmt: skip
    return Part("tickets", GONE_QUIET, detail, reason)


def once_each(named: list[str]) -> list[str]:
    """Each name or quote once, in order, counted where it came more than once: two tickets
    pasting the same error read as one quote quoted twice, "“…” (×2)"."""
    return [f"{name} (×{times})" if times > 1 else name for name, times in Counter(named).items()]


def urgent_part(s: Signals) -> Part:
    needs = [{"id": i, "title": t} for i, t in sorted(s.urgent_needs.items())]
    items = [{"feedback_id": i, "excerpt": t} for i, t in sorted(s.untracked_urgent.items())]
    detail = {"open_urgent_needs": len(needs), "needs": needs,
              "untracked_urgent_items": len(items), "items": items}  # fmt: skip
    if not s.has_feedback:
        return Part("urgent_needs", None, detail)
    problems = len(needs) + len(items)
    score = max(0.0, 100 - 25 * problems)
    named = once_each([repr(n["title"]) for n in needs] + [f"“{i['excerpt']}”" for i in items])
    reason = f"{plural(problems, 'open urgent problem')}: {', '.join(named[:SHOWN_ITEMS])}"
    return Part("urgent_needs", score, detail, reason)


def parts_of(s: Signals) -> list[Part]:
    return [nps_part(s), csat_part(s), sentiment_part(s), tickets_part(s), urgent_part(s)]


def combine(parts: list[Part]) -> tuple[float | None, float]:
    """(score, coverage): the weighted mean over the signals present, the weight missing up to
    MIN_COVERAGE read as NEUTRAL, and the total weight present."""
    present = [p for p in parts if p.score is not None]
    coverage = sum(WEIGHTS[p.name] for p in present)
    if not present:
        return None, 0.0
    total = sum(WEIGHTS[p.name] * p.score for p in present)
    prior = max(0.0, MIN_COVERAGE - coverage)
    return (total + prior * NEUTRAL) / (coverage + prior), coverage


def pulls_down(part: Part) -> bool:
    """Whether a signal is a reason the score is low: under the at-risk line, or any open urgent
    problem (two read exactly 50, and a renewal blocker nobody tracks is the first thing an
    account manager must hear of)."""
    if part.score is None or not part.reason:
        return False
    return part.score < AT_RISK_BELOW or (part.name == "urgent_needs" and part.score < 100)


def reasons(parts: list[Part], s: Signals, as_of: datetime) -> list[str]:
    low = [p for p in parts if pulls_down(p)]
    ordered = [p.reason for p in sorted(low, key=lambda p: p.score)]
    return churn_reason(s, as_of) + ordered + thin(parts)


def thin(parts: list[Part]) -> list[str]:
    """The coverage, as a reason, when the score rests on less than MIN_COVERAGE of the formula."""
    present = [p.name for p in parts if p.score is not None]
    coverage = sum(WEIGHTS[name] for name in present)
    if not present or coverage >= MIN_COVERAGE:
        return []
    return [f"low coverage: {coverage:.2f} of the formula has data ({', '.join(present)}); "
            f"the rest up to {MIN_COVERAGE} reads a neutral {NEUTRAL:.0f}"]  # fmt: skip


def freshness(said: datetime, as_of: datetime) -> float:
    """How much of a churn item still counts: all of it for RECENT_DAYS, then a little less each
    day, none at CHURN_DAYS ("we will cancel at the end of the month", 75 days on, followed by
    praise or by nothing, is no longer today's news)."""
    age = (as_of - said).total_seconds() / 86400
    return min(1.0, max(0.0, (CHURN_DAYS - age) / PREVIOUS_DAYS))


def churn_evidence(s: Signals, as_of: datetime) -> float:
    """The churn_risk scores of the account's items, each weighed by its freshness, summed."""
    return sum(q.score * freshness(q.created_at, as_of) for q in s.churn_quotes)


def corroborated(s: Signals, as_of: datetime) -> bool:
    """Whether the churn evidence rests on more than one unsure reading: two items or more that
    still count, or one the head is sure of (SURE_ALONE)."""
    counting = [q for q in s.churn_quotes if freshness(q.created_at, as_of) > 0]
    return len(counting) >= 2 or any(q.score >= SURE_ALONE for q in counting)


def threatened(s: Signals, as_of: datetime) -> bool:
    """Whether the account's churn_risk items are evidence enough to cap its score: as much as
    one recent item more likely a threat than not, corroborated (see the module's docs)."""
    return churn_evidence(s, as_of) >= SURE_CHURN and corroborated(s, as_of)


def churn_reason(s: Signals, as_of: datetime) -> list[str]:
    """Which items threaten to leave, as a reader knows them: their source and id there (the
    ticket number), and what they say; GET /v1/feedback/{id} opens each (churn_items). Items
    too unsure or too old to cap are no reason either (churn_quotes still lists them)."""
    if not threatened(s, as_of):
        return []
    quoted = " · ".join(f"{q.source} {q.external_id}: “{q.excerpt}”"
                       for q in s.churn_quotes[:SHOWN_ITEMS])  # fmt: skip
    more = len(s.churn_quotes) - SHOWN_ITEMS
    quoted += f" · … {more} more" if more > 0 else ""
    says = "item in 90 days says" if s.churn_threats == 1 else "items in 90 days say"
    return [f"churn risk: {s.churn_threats} {says} they may leave ({quoted})"]


def answers_of(s: Signals) -> int:
    """The survey answers the score rests on: a score from 1 answer is 1 customer's word."""
    return s.nps.responses + s.csat.responses


def capped(score: float | None, s: Signals, as_of: datetime) -> float | None:
    """The weighted mean, held under the at-risk line while a churn threat is recent."""
    if not threatened(s, as_of):
        return score
    return CHURN_CAP if score is None else min(score, CHURN_CAP)


def health_out(account: Account, signals: Signals, as_of: datetime) -> AccountHealth:
    parts = parts_of(signals)
    score, coverage = combine(parts)
    score = capped(score, signals, as_of)
    components = [
        HealthComponent(
            name=p.name,
            score=None if p.score is None else round(p.score, 1),
            weight=WEIGHTS[p.name],
            effective_weight=round(WEIGHTS[p.name] / max(coverage, MIN_COVERAGE), 4)
            if p.score is not None
            else 0,
            detail=p.detail,
            reason=p.reason if pulls_down(p) else None,
        )
        for p in parts
    ]
    return AccountHealth(
        account_id=account.id, name=account.name, segment=account.segment, arr=account.arr,
        as_of=as_of, score=None if score is None else round(score, 1),
        coverage=round(coverage, 2), components=components, formula=FORMULA,
        churn_threats=signals.churn_threats, churn_items=signals.churn_items,
        churn_quotes=signals.churn_quotes,
        answers=answers_of(signals), reasons=reasons(parts, signals, as_of),
    )  # fmt: skip


def account_health(session: Session, account_id: str, as_of: datetime) -> AccountHealth:
    account = session.get(Account, account_id)
    if account is None:
        raise NotFound(f"no account with id {account_id!r}")
    signals = load_signals(session, as_of, [account_id]).get(account_id, Signals())
    return health_out(account, signals, as_of)


def workspace_means(signals: dict[str, Signals]) -> dict[str, float | None]:
    """Each survey signal over every account's answers pooled: where few answers are pulled to."""
    pooled = Signals()
    for own in signals.values():
        pooled.nps.promoters += own.nps.promoters
        pooled.nps.passives += own.nps.passives
        pooled.nps.detractors += own.nps.detractors
        pooled.csat.total += own.csat.total
        pooled.csat.satisfied += own.csat.satisfied
        counts = zip(pooled.csat.distribution, own.csat.distribution, strict=True)
        pooled.csat.distribution = [a + b for a, b in counts]
    return {part.name: part.score for part in (nps_part(pooled), csat_part(pooled))}


def ranked_score(
    parts: list[Part], s: Signals, means: dict[str, float | None], as_of: datetime
) -> float | None:
    """The score with each survey signal shrunk toward the workspace's mean (a Bayesian
    average, PRIOR_ANSWERS answers' worth), capped as the score is."""
    sizes = {"nps": s.nps.responses, "csat": s.csat.responses}
    shrunk = [
        replace(p, score=(sizes[p.name] * p.score + PRIOR_ANSWERS * means[p.name])
                / (sizes[p.name] + PRIOR_ANSWERS))
        if p.name in sizes and p.score is not None else p
        for p in parts
    ]  # fmt: skip
    return capped(combine(shrunk)[0], s, as_of)


def ranking_reason(score: float, ranked: float, answers: int) -> list[str]:
    """Why the list puts an account elsewhere than its score would: one under the at-risk line
    anywhere, a healthy one (not counted at risk) when ranked under the line, among them."""
    if abs(ranked - score) < 1 or (score >= AT_RISK_BELOW and ranked >= AT_RISK_BELOW):
        return []
    rests = f"{answers} answer{'s' if answers != 1 else ''}"
    healthy = f" (not counted at risk: {AT_RISK_BELOW:g} or more)" if score >= AT_RISK_BELOW else ""
    return [f"ranked at {ranked:.1f}, not {score:.1f}{healthy}: its survey signals rest on "
            f"{rests}, weighed with {PRIOR_ANSWERS} at the workspace's mean"]  # fmt: skip


def at_risk(
    session: Session, as_of: datetime, limit: int = 20, segments: Sequence[str] | None = None
) -> AtRiskList:
    """Accounts with a score, least healthy first by `ranked_score` (few answers weigh little:
    see the module's docs); among equal ones, the larger ARR first. Every account is scored;
    only the first `limit` are written out, with their reasons and the answers their score rests
    on; `at_risk` and `arr_at_risk` count every account whose score is under 50. ARR breaks
    ties, it does not weigh in."""
    signals = load_signals(session, as_of)
    accounts = accounts_by_id(session, signals)
    means = workspace_means(signals)
    scored = []
    for account_id, own in signals.items():
        account = accounts.get(account_id)
        if account is None or not wanted_segment(account.segment or UNKNOWN_SEGMENT, segments):
            continue
        parts = parts_of(own)
        score, coverage = combine(parts)
        score = capped(score, own, as_of)
        if score is not None:
            ranked = round(ranked_score(parts, own, means, as_of), 1)
            scored.append((ranked, -(account.arr or 0), account.id, round(score, 1), coverage,
                           parts, own))  # fmt: skip
    scored.sort(key=lambda entry: entry[:3])
    risky = [-minus_arr for _, minus_arr, _, score, *_ in scored if score < AT_RISK_BELOW]
    items = [
        AtRiskAccount(
            account_id=account_id,
            name=accounts[account_id].name,
            segment=accounts[account_id].segment,
            arr=accounts[account_id].arr,
            score=score,
            ranked_score=ranked,
            coverage=round(coverage, 2),
            answers=answers_of(own),
            churn_items=own.churn_items,
            churn_quotes=own.churn_quotes,
            reasons=reasons(parts, own, as_of) + ranking_reason(score, ranked, answers_of(own)),
        )
        for ranked, _, account_id, score, coverage, parts, own in scored[:limit]
    ]
    return AtRiskList(as_of=as_of, formula=FORMULA, at_risk=len(risky),
                      arr_at_risk=round(sum(risky), 2), items=items,
                      warnings=segments_matching_nothing(session, segments))  # fmt: skip
