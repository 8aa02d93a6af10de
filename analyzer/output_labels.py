"""The labels the analyzer gives: plain tuples, importable without numpy (the settings check
BOUCLE_INTENT_THRESHOLDS against them at every `boucle` start)."""

SENTIMENT_LABELS = ("negative", "neutral", "positive")
INTENT_LABELS = (
    "bug_report",
    "feature_request",
    "question",
    "praise",
    "complaint",
    "churn_risk",
    "pricing",
    "other",
)
URGENCY_LEVELS = ("low", "normal", "high", "critical")
