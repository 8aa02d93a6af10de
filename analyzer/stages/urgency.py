"""Urgency per insight and per message: a level (low/normal/high/critical) and a score in [0, 1].

Evidence combines as a noisy-OR: every cue (outage, breach, fraud, data loss, blocker, money,
deadline, churn words) and model signal (churn-risk or bug intent, negative sentiment) is an independent chance
that the message needs action now; praise halves what is left, and so does the writer saying it
is not urgent. Rules, not a trained model: no public data set labels urgency; the cue lists live in
analyzer/urgency_cues.py. The parts before a follow-up that tells the failure fixed read no
failure cue (analyzer/settled_failures.py), and an out-of-office auto-reply is low."""

from analyzer.analysis import Analysis, Insight, Urgency
from analyzer.config import AnalyzerConfig
from analyzer.resources import Resources
from analyzer.settled_failures import settled_until
from analyzer.urgency_cues import CHURN_WEIGHT, matched_cues, outweighs_calm, says_not_urgent

BASE = 0.15
SIGNAL_WEIGHTS = {"churn_risk": 0.35, "bug_report": 0.15, "complaint": 0.1}
NEGATIVE_WEIGHT = 0.15
# "Not urgent, we have a workaround": the writer knows best; halve, like praise, and keep it low
# (an error code alone, high, halved was still normal; the support lead files "not urgent" as
# low). An outage, lost money or data, or a breach is not calmed: "Not urgent but production is
# down" is an incident.
NOT_URGENT_FACTOR = 0.5
HIGHEST_NOT_URGENT = 0.24
LEVELS = ((0.8, "critical"), (0.55, "high"), (0.25, "normal"), (0.0, "low"))
# Critical is for harm beyond the writer: a service down, data lost or exposed, an incident with its
# reach. "Crashes on launch, fix asap" (a blocker and a deadline) is one user blocked: high at most,
# however many cues and signals add up.
WIDE_HARM = frozenset({"outage", "security", "data_loss", "scope"})
HIGHEST_WITHOUT_WIDE_HARM = 0.79
# An out-of-office auto-reply asks nothing of us: its "for urgent matters, contact …" is the
# sender's hand-off. No more than the base: low.
AUTO_REPLY_SCORE = BASE


def urgency_score(
    text: str,
    insight: Insight | Analysis,
    not_urgent: bool = False,
    polite: bool = False,
    settled: bool = False,
) -> float:
    """`not_urgent`: the message says it can wait (the caller checks the whole message, since
    "Not urgent." is often a part of its own). `polite`: a polite request ("Merci de régler ça au
    plus vite"), whose "merci" the sentiment head hears as warmth: that warmth calms nothing.
    `settled`: a follow-up after `text` tells its failure fixed ("Update: fixed now, thanks!")."""
    calm = 1.0 - BASE
    cues = matched_cues(text, settled)
    # a threat the cues cannot hear alone ("That's it for me." after a complaint: negation
    # stage) is as urgent as one they hear ("We will cancel our subscription")
    if isinstance(insight, Insight) and insight.threatens and "churn" not in cues:
        cues = {**cues, "churn": CHURN_WEIGHT}
    for weight in cues.values():
        calm *= 1.0 - weight
    for intent in insight.intents:
        calm *= 1.0 - SIGNAL_WEIGHTS.get(intent.label, 0.0) * intent.score
    sentiment = insight.sentiment
    if sentiment is not None and sentiment.score < 0:
        calm *= 1.0 - NEGATIVE_WEIGHT * -sentiment.score
    score = 1.0 - calm
    if sentiment is not None and sentiment.score > 0.5 and not polite:
        score *= 0.5
    if (not_urgent or says_not_urgent(text)) and not outweighs_calm(text):
        score = min(score * NOT_URGENT_FACTOR, HIGHEST_NOT_URGENT)
    if not cues.keys() & WIDE_HARM:
        score = min(score, HIGHEST_WITHOUT_WIDE_HARM)
    return round(min(max(score, 0.0), 1.0), 4)


def urgency_level(score: float) -> str:
    return next(level for floor, level in LEVELS if score >= floor)


class UrgencyStage:
    name = "urgency"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        pass

    def __call__(self, batch: list[Analysis]) -> None:
        for analysis in batch:
            # "Server error 500. Not urgent." calms the error's part as well as the whole.
            not_urgent = says_not_urgent(analysis.text)
            # "…error 500. Mise à jour : c'est réparé": the parts before the follow-up are settled
            settled = settled_until(analysis.text.lower())
            for insight in analysis.insights:
                score = urgency_score(
                    insight.text, insight, not_urgent, insight.asks, insight.end <= settled
                )
                if analysis.auto_reply:
                    score = min(score, AUTO_REPLY_SCORE)
                insight.urgency = Urgency(urgency_level(score), score)
            # The message is as urgent as its most urgent part, or as its whole text reads.
            scores = [i.urgency.score for i in analysis.insights]
            polite = bool(analysis.insights) and all(i.asks for i in analysis.insights)
            score = max([urgency_score(analysis.text, analysis, not_urgent, polite), *scores])
            if analysis.auto_reply:
                score = min(score, AUTO_REPLY_SCORE)
            analysis.urgency = Urgency(urgency_level(score), score)
