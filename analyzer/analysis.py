"""The objects that flow through the analyzer: one `Analysis` per message, holding its insights."""

from dataclasses import dataclass, field

import numpy as np

# re-exported: `from analyzer.analysis import INTENT_LABELS` reads them here too
from analyzer.output_labels import INTENT_LABELS, SENTIMENT_LABELS, URGENCY_LEVELS  # noqa: F401


@dataclass
class Sentiment:
    label: str
    score: float  # in [-1, 1]: p(positive) - p(negative)


@dataclass
class Intent:
    label: str
    score: float  # calibrated probability in [0, 1]


@dataclass
class Urgency:
    level: str
    score: float  # in [0, 1]


@dataclass
class Insight:
    """One atomic piece of feedback: a span of the redacted text."""

    text: str
    start: int
    end: int
    vector: np.ndarray | None = None
    says_no_problem: bool = False  # "No crashes since the update.": set by the negation stage
    lukewarm: bool = False  # "I don't hate the new design": a denied dislike (negation stage)
    mocks: bool = False  # "Thanks for nothing.": thanks meant as a reproach (negation stage)
    asks: bool = False  # "Merci de régler ça": a polite request, not thanks (negation stage)
    thanks: bool = False  # "Merci d'avoir corrigé le bug": thanks for a deed (negation stage)
    threatens: bool = False  # "On va changer d'outil": a churn cue, not denied (negation stage)
    ends_other: bool = False  # "our month-end close": ends no account, threatens not (negation)
    promises: bool = False  # "Nous ne manquerons pas de renouveler": to stay (negation stage)
    wishes: bool = False  # "I'd love a dark mode": a wish for something new (negation stage)
    requires: bool = False  # "Notre DSI l'exige": a requirement, not praise (negation stage)
    fails: bool = False  # "Export fails", "production down": a short failure statement (negation)
    exposes: bool = False  # "Another user can see my data": a data exposure (negation stage)
    grievance: str | None = None  # "price" / "slowness": "30% higher", "très lent" (negation)
    pleads: str | None = None  # "fix" / "need": "Merci de corriger au plus vite" (negation stage)
    acclaims: bool = False  # "Servizio impeccabile": praise said outright (negation stage)
    tells_tenure: bool = False  # "Client depuis 5 ans": context, not praise (negation stage)
    tells_purchase: bool = False  # "Je viens d'acheter une montre": context (negation stage)
    needs_no_more: bool = False  # "We no longer need the old module": context (negation stage)
    follows_up: bool = False  # "Remonté à la responsable de compte": the note-taker's (negation)
    sentiment: Sentiment | None = None
    intents: list[Intent] = field(default_factory=list)
    urgency: Urgency | None = None


@dataclass
class Analysis:
    """One message on its way through the stages; each stage fills in its own fields."""

    original_text: str
    text: str  # normalised, later redacted: what every later stage reads
    language: str | None = None  # given by the caller, or detected; "und" when unsure
    language_given: bool = False
    # People the message is known to name: the contact who sent it, the name its cut signature
    # signed with. Redaction masks them wherever the text names them ("Zoé Martin here").
    names: list[str] = field(default_factory=list)
    redactions: list[tuple[str, int]] = field(default_factory=list)  # (kind, count)
    insights: list[Insight] = field(default_factory=list)
    vector: np.ndarray | None = None  # the whole message's embedding
    sentiment: Sentiment | None = None
    intents: list[Intent] = field(default_factory=list)
    urgency: Urgency | None = None
    tags: dict[str, dict] = field(default_factory=dict)
    auto_reply: bool = False  # an out-of-office auto-reply, no feedback (negation stage)
