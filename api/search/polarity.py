"""A query's polarity: when it reads clearly positive or negative, hits that confidently say the
opposite score lower.

The embedding puts a statement and its opposite side by side: both are about one thing ("prix
trop cher" and "Vaut largement son prix." are about the price), so praise of the price ranked
among the complaints about it. Every stored insight carries the sentiment head's score
(p(positive) - p(negative)); the query is read by that same head on the vector it was embedded
as for the search, so this costs no embedding (a linear layer: well under a millisecond).

Fixed from what they mean, before any measurement (docs/evaluation.md, "search polarity"):
a text reads clearly one way when one side leads the other by half the probability mass, and a
hit that clearly says the opposite must be closer in meaning by BOUCLE_SEARCH_POLARITY_PENALTY's
cosine to rank above one that agrees or says neither. Its first default, 0.1 ("the step from the
same topic to a close paraphrase"), was too small for the short queries it was written for: on
the demo, "prix trop cher" scores "Vaut largement son prix." 0.57 and the first complaint about
the price 0.41 (a short query sits closer to a short text than to a long one saying the same),
so the praise stayed first; 0.25 puts it after them (measured after: docs/evaluation.md).
Similar insights read their seed's stored sentiment as a search reads its query (seed_polarity).
The short-query rule (STATEMENT_WORDS,
SURE) came later, from queries a QA found misread ("export", "x"), not from a measurement (the
evaluation's queries are review sentences, mostly longer: not measured again)."""

import re
from collections.abc import Collection, Mapping, Sequence

import numpy as np

from analyzer import Analyzer
from analyzer.failures import states_a_failure
from analyzer.grievance import grievance
from api.search.slowness import says_slow
from api.vectors import VectorHit

# |p(positive) - p(negative)| from which a query or a stored insight reads clearly one way.
CLEAR = 0.5
# A query of fewer words names a topic more than it says anything of it: the head reads a topic's
# name by the tone of what is said about it ("export" -0.81: exports are complained about; "dark
# mode" +0.61), not the asker's. Such a query reads one way only when the head is all but sure
# (SURE: nine tenths of the mass on one side: "great", "nul", "love it"), or by the grievance rule.
STATEMENT_WORDS = 3
SURE = 0.9
FAILURE_WORDS = 2
# The intents that say an opinion, and which (hit_polarity): one tagged alone reads that way.
OPINION_INTENTS = {"praise": 1, "complaint": -1}
_WORD = re.compile(r"[^\W\d_]+")  # a run of letters, in any script


def query_polarity(analyzer: Analyzer, query: str, vector: np.ndarray) -> int:
    """+1 when the query reads clearly positive, -1 clearly negative, 0 otherwise (also when the
    analyzer runs no sentiment stage): the sentiment head on the query's own search vector (a
    query of one or two words: only when the head is SURE), or -1 for a query that states a
    grievance the head reads flat ("prix trop cher", "too expensive": analyzer/grievance.py,
    the rule the analyzer applies to stored insights) or a failure ("funktioniert nicht", "no
    funciona", "non funziona", "não funciona": the head read them -0.02 to -0.23, where it read
    "doesn't work" -0.91; analyzer/failures.py)."""
    stage = next((stage for stage in analyzer.stages if stage.name == "sentiment"), None)
    if stage is None:
        return 0
    if grievance(query) or states_a_failure_in_words(query) or says_slow(query):
        return -1
    probabilities = stage.head.predict([query], vector[None, :])[0]
    score = stage.sentiment(probabilities).score
    if len(_WORD.findall(query)) < STATEMENT_WORDS and abs(score) < SURE:
        return 0  # a topic's name ("export", "x", "dark mode"): its tone is not the asker's
    return polarity_of(score)


def states_a_failure_in_words(query: str) -> bool:
    """A failure said in two words or more ("no funciona", "stürzt ständig ab"); a word alone
    ("crash", "timeout", "erreur") names what is searched for, not the asker's tone."""
    return len(_WORD.findall(query)) >= FAILURE_WORDS and states_a_failure(query)


def polarity_of(score: float | None) -> int:
    """+1, -1 or 0 (not clear, or not scored) for a sentiment score in [-1, 1]."""
    if score is None or abs(score) < CLEAR:
        return 0
    return 1 if score > 0 else -1


def seed_polarity(sentiments: Sequence[float | None]) -> int:
    """A similar list's seed read as a search reads its query, from what is stored (no model
    call): one insight by its sentiment score, a message by its insights' mean score, as its
    vector is their mean direction (a mixed message, a complaint and a wish, reads as neither)."""
    scores = [score for score in sentiments if score is not None]
    return polarity_of(sum(scores) / len(scores)) if scores else 0


def hit_polarity(score: float | None, intents: Collection[str] = ()) -> int:
    """A stored insight's opinion: its sentiment when it reads clearly one way, else its praise
    or complaint tag when it holds one and not the other. The head scores much praise of a
    feature weakly ("Support answers within the hour.", +0.10) and the intent stage tags it praise:
    it said the opposite of "support is slow to answer" yet kept its place (no penalty)."""
    read = polarity_of(score)
    if read:
        return read
    opinions = OPINION_INTENTS.keys() & set(intents)
    return OPINION_INTENTS[opinions.pop()] if len(opinions) == 1 else 0


def polarity_label(polarity: int) -> str | None:
    """ "positive", "negative", or None for a query read as neither."""
    return {1: "positive", -1: "negative"}.get(polarity)


def with_polarity(
    found: list[VectorHit],
    opinions: Mapping[int, int],
    polarity: int,
    penalty: float,
    min_score: float | None,
) -> list[VectorHit]:
    """`found` with each hit whose stored opinion (hit_polarity, by id) opposes `polarity`
    scored `penalty` lower (never under -1), best first, those under `min_score` left out. Each
    hit's score depends on itself alone, and only goes down: the order of all hits is one, page
    after page, and no hit left unfetched can score above the last one fetched."""
    rescored = [
        VectorHit(hit.id, max(-1.0, hit.score - penalty), {})
        if opinions.get(hit.id, 0) == -polarity
        else hit
        for hit in found
    ]
    if min_score is not None:
        rescored = [hit for hit in rescored if hit.score >= min_score]
    return sorted(rescored, key=lambda hit: (-round(hit.score, 4), hit.id))
