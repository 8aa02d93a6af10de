"""The language of a short text lingua is unsure of, from its confidences among the languages the
text gives evidence of. On a one-line ticket lingua spreads its confidence: "Filters reset on
reload." reads German 0.49, English 0.42; "L'export vers Excel ne marche plus." French 0.37. The
text's stop words say which languages it can be in ("on": English or French; "vers", "ne",
"plus", "l'": French or Italian); among those, the one lingua clearly prefers is the answer.
Nothing is guessed from a text with no stop word of ours ("HubSpot Zendesk", "Super") or with a
word of a language we do not support ("Export do Excelu nefunguje.": Czech, "do" is Portuguese
and English too): `und` stays `und`."""

import re

from analyzer.short_language_cues import WORD

# A one-word text is a name or an interjection as often as a sentence ("Top", "Salesforce").
MIN_WORDS = 2
# Lingua's confidence in the answer, at least; and at least LEAD times its confidence in the
# next language with evidence in the text (scripts/eval_language.py, chosen on the public sets'
# training splits).
MIN_CONFIDENCE = 0.3
LEAD = 1.5
# Links and handles are no words of a language ("t", "co" of a t.co link are Italian stop words).
_LINKS_AND_HANDLES = re.compile(r"\S+://\S+|\bwww\.\S+|@\w+")


def words_of(text: str) -> list[str]:
    """The text's words as written, links and @handles left out."""
    return WORD.findall(_LINKS_AND_HANDLES.sub(" ", text))


def likeliest_with_evidence(
    words: list[str],
    confidences: dict[str, float],
    stop_words: dict[str, frozenset[str]],
) -> str | None:
    """The language lingua is most confident of among those with a stop word in `words` (lower
    case), when it leads the others with one clearly; None otherwise."""
    if len(words) < MIN_WORDS:
        return None
    candidates = sorted(
        ((confidences.get(code, 0.0), code) for code, stops in stop_words.items()
         if any(w in stops for w in words)),
        reverse=True,
    )  # fmt: skip
    if not candidates:
        return None
    best, language = candidates[0]
    runner_up = candidates[1][0] if len(candidates) > 1 else 0.0
    return language if best >= MIN_CONFIDENCE and best >= LEAD * runner_up else None
