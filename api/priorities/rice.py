"""RICE = Reach × Impact × Confidence / Effort, each factor derived from a need's evidence (and
any factor overridable by a person; the override is shown as such).

- Reach: unique accounts with evidence in the window, each person behind evidence with no account
  one more (people where none of it is linked to an account), or their ARR in thousands, or
  people, or feedback items (api/priorities/reach.py). A person's reach states its unit and
  applies to that unit over every segment only (api/priorities/overrides.py).
- Impact: each insight's severity in [0, 1] is the strongest of its intents (churn risk 1.0, bug
  report 0.6, complaint 0.5, pricing 0.4, feature request 0.35, question 0.2, other 0.1, praise 0),
  plus its urgency (critical +0.4, high +0.2, low -0.1) and negative tone (+0.1 × -sentiment),
  clipped to [0, 1]. The mean severity maps onto the standard scale: < 0.15 → 0.25 (minimal),
  < 0.3 → 0.5 (low), < 0.5 → 1 (medium), < 0.7 → 2 (high), else 3 (massive).
- Confidence: amount × agreement. Amount is 0.5 under 3 insights, 0.8 under 10, else 1.0;
  agreement is the mean link confidence (auto links their match score, accepted or manual ones
  1.0), mapped as 0.5 + 0.5 × mean. So a need backed by many hand-checked quotes gets 100 %.
- Effort: person-months, entered by the product manager; until it is, the default effort
  (BOUCLE_RICE_DEFAULT_EFFORT, 1 person-month) stands in, marked `defaulted`, so every need has a
  score and is ranked among the others by it.
"""

from dataclasses import dataclass

from api.priorities.reach import Reach, reach_of, unit_of
from api.wording import plural

INTENT_SEVERITY = {"churn_risk": 1.0, "bug_report": 0.6, "complaint": 0.5, "pricing": 0.4,
                   "feature_request": 0.35, "question": 0.2, "other": 0.1, "praise": 0.0}  # fmt: skip
URGENCY_BONUS = {"critical": 0.4, "high": 0.2, "normal": 0.0, "low": -0.1}
IMPACT_STEPS = ((0.15, 0.25), (0.3, 0.5), (0.5, 1.0), (0.7, 2.0))
IMPACT_LEVELS = (*(level for _, level in IMPACT_STEPS), 3.0)  # what a person may set
FACTORS = ("reach", "impact", "confidence", "effort")


def severity(intents: list[dict], urgency: str | None, sentiment: float | None) -> float:
    value = max((INTENT_SEVERITY.get(i["label"], 0.1) for i in intents), default=0.1)
    value += URGENCY_BONUS.get(urgency or "normal", 0.0)
    if sentiment is not None and sentiment < 0:
        value += 0.1 * -sentiment
    return min(1.0, max(0.0, value))


def impact_scale(mean_severity: float) -> float:
    for bound, level in IMPACT_STEPS:
        if mean_severity < bound:
            return level
    return 3.0


def confidence(link_scores: list[float]) -> float:
    count = len(link_scores)
    if not count:
        return 0.0
    amount = 0.5 if count < 3 else 0.8 if count < 10 else 1.0
    return round(amount * (0.5 + 0.5 * sum(link_scores) / count), 3)


@dataclass
class Factor:
    value: float | None
    derived: float | None
    how: str
    overridden: bool = False
    defaulted: bool = False  # the default effort, not a person's
    unit: str | None = None  # what Reach counts: accounts, customers, arr, people or feedback


def impact_how(mean: float, count: int) -> str:
    """What the Impact factor was derived from, with what severity is and the scale it maps on."""
    steps = ", ".join(f"< {bound} → {level:g}" for bound, level in IMPACT_STEPS)
    return (
        f"mean severity {mean:.2f} over {plural(count, 'insight')} → {impact_scale(mean):g}. "
        "Severity "
        "(0-1) is an insight's strongest intent (churn risk 1, bug 0.6, complaint 0.5, pricing "
        "0.4, feature request 0.35, question 0.2, praise 0), plus urgency and negative tone; "
        f"the mean maps as {steps}, else → 3"
    )


def rice(
    rows: list,
    effort: float | None,
    overrides: dict,
    reach: Reach,
    default_effort: float | None = None,
):
    """(score or None, {factor: Factor}) from evidence rows (api/needs/impact.evidence); an
    unset effort takes `default_effort` (marked defaulted), else there is no score."""
    counted = reach_of(rows, reach)
    severities = [severity(r.intents, r.urgency_level, r.sentiment_score) for r in rows]
    mean = sum(severities) / len(severities) if severities else 0.0
    links = [1.0 if r.how in ("manual", "accepted") else (r.score or 0.0) for r in rows]
    factors = {
        "reach": Factor(counted.value, counted.value, counted.how, unit=counted.unit),
        "impact": Factor(impact_scale(mean), impact_scale(mean), impact_how(mean, len(rows))),
        "confidence": Factor(
            confidence(links),
            confidence(links),
            f"{plural(len(rows), 'insight')}, mean link confidence "
            f"{(sum(links) / len(links) if links else 0):.2f}",
        ),  # fmt: skip
        "effort": Factor(
            effort,
            None,
            "person-months, set by the product manager"
            if effort is not None
            else "not set: PATCH the need's effort",
        ),  # fmt: skip
    }
    if effort is None and default_effort is not None:
        factors["effort"] = Factor(
            default_effort,
            default_effort,
            f"default effort: {default_effort:g} person-month{'s' * (default_effort != 1)} "
            "(BOUCLE_RICE_DEFAULT_EFFORT) "
            "until the product manager sets it",
            defaulted=True,
        )
    for name, value in overrides.items():
        if name in factors and value is not None:
            factors[name].value, factors[name].overridden = float(value), True
            factors[name].how += f" (overridden: {value})"
    if factors["reach"].overridden:  # a person's reach counts in the ranking's unit, as stated
        factors["reach"].unit = unit_of(reach)
    values = [factors[name].value for name in FACTORS]
    if any(v is None for v in values) or not values[3]:
        return None, factors
    r, i, c, e = values
    return round(r * i * c / e, 3), factors
