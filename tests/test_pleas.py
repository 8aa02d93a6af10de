"""Support tickets that plead for a fix ("Merci de corriger au plus vite, j'en ai besoin pour le
travail.", "We need it asap.") read as positive praise: the heads learnt from reviews, where a short
polite text is mostly praise. A plea is a bug report that the writer needs fixed, not praise; real
thanks for a fix ("Thanks for fixing it so quickly!") stay praise.

HELD OUT (dev1, 2026-12-06): written before the rule, never tuned on; the sentences never changed
after. The reported sentences are checked apart."""

import pytest

from analyzer import Analyzer
from analyzer.analysis import Analysis

# A plea to fix something: a bug report, no praise, not positive.
HELD_OUT_FIX_PLEAS = [
    "Please fix the sync as soon as possible, my whole team uses it.",
    "Can you fix this quickly? We depend on it.",
    "Could you please resolve this urgently, our clients are waiting.",
    "Kindly repair the export asap, we use it daily.",
    "Fix this asap please, I need it for my job.",
    "Pouvez-vous corriger ça rapidement s'il vous plaît, on l'utilise tous les jours.",
    "Merci de résoudre ce problème au plus vite, toute l'équipe en dépend.",
    "Réglez ça vite svp, j'en ai besoin pour bosser.",
    "Pourriez-vous réparer l'export en urgence ?",
    "Il faut corriger ça au plus vite, on en a besoin.",
]
# A need said with its urgency: no praise, not positive.
HELD_OUT_NEEDS = [
    "We really need this working by tomorrow.",
    "I need it urgently for a client.",
    "J'en ai besoin rapidement pour le travail.",
    "Nous en avons besoin au plus vite.",
]
# Thanks for a fix, however quick: positive praise.
HELD_OUT_THANKS = [
    "Thank you for resolving this so fast, we needed it.",
    "Merci d'avoir réglé ça rapidement, on en avait besoin.",
    "They fixed it within the hour, great job!",
    "Bug corrigé en une journée, bravo l'équipe !",
    "Thanks, the fix came quickly and works perfectly.",
    "Super réactifs, problème résolu au plus vite.",
]


def labels(analysis: Analysis) -> set[str]:
    return {intent.label for intent in analysis.intents}


def pleads_for_a_fix(analysis: Analysis) -> bool:
    """A bug report, no praise, not positive."""
    found = labels(analysis)
    return (
        analysis.sentiment.label != "positive" and "bug_report" in found and "praise" not in found
    )


def states_a_need(analysis: Analysis) -> bool:
    """No praise, not positive."""
    return analysis.sentiment.label != "positive" and "praise" not in labels(analysis)


def thanks(analysis: Analysis) -> bool:
    """Positive praise."""
    return analysis.sentiment.label == "positive" and "praise" in labels(analysis)


EXPECTED = [
    *((text, pleads_for_a_fix) for text in HELD_OUT_FIX_PLEAS),
    *((text, states_a_need) for text in HELD_OUT_NEEDS),
    *((text, thanks) for text in HELD_OUT_THANKS),
]
# Held-out sentences still read wrong after the rule: written down in models/README.md, left out
# of the checks (each check asserts what the analyzer does).
KNOWN_MISSES: set[str] = set()


@pytest.mark.parametrize(
    ("text", "reads_right"),
    [(text, check) for text, check in EXPECTED if text not in KNOWN_MISSES],
    ids=[text for text, _ in EXPECTED if text not in KNOWN_MISSES],
)
def test_held_out_pleas_and_thanks_read_as_a_support_lead_would(
    analyzer: Analyzer, text: str, reads_right
) -> None:
    analysis = analyzer.analyze(text)
    assert reads_right(analysis), (analysis.sentiment, analysis.intents)
