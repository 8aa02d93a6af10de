"""What the context-free lookup lemmas miss about a word's class, from the POS-indexed word lists
and suffix rules spaCy's rule lemmatizer ships with (spacy-lookups-data, English and French):

- adverbs: the lookup tables hold inflected forms only, so "honnêtement", "honestly",
  "finally" stay as written and named demo themes ("honnêtement on regarde");
- verb forms the French table reads as adjectives: "corrigé" stays "corrigé", "fini" "fini", so
  "pouvez corrigé" escaped the generic word "corriger".
"""

from functools import cache

WORD_CLASS_LANGUAGES = ("en", "fr")


@cache
def _index(code: str) -> dict[str, frozenset[str]]:
    """{part of speech: its lemmas} for a language (empty for one without the list)."""
    if code not in WORD_CLASS_LANGUAGES:
        return {}
    import spacy_lookups_data
    from spacy.util import load_language_data

    data = load_language_data(getattr(spacy_lookups_data, code)["lemma_index"])
    return {pos: frozenset(words) for pos, words in data.items()}


@cache
def _verb_rules(code: str) -> tuple[tuple[str, str], ...]:
    """(suffix, replacement) rules that turn a verb form into its infinitive."""
    if code not in WORD_CLASS_LANGUAGES:
        return ()
    import spacy_lookups_data
    from spacy.util import load_language_data

    rules = load_language_data(getattr(spacy_lookups_data, code)["lemma_rules"])
    return tuple((old, new) for old, new in rules.get("verb", []) if old)


def is_adverb(word: str, code: str) -> bool:
    """Whether the word is only ever an adverb in the language ("honestly", "rapidement"; not
    "daily", an adjective and a noun too, nor "paiement")."""
    index = _index(code)
    return word in index.get("adv", ()) and not any(
        word in words for pos, words in index.items() if pos != "adv"
    )


def verb_readings(word: str) -> set[str]:
    """What the word reads as an infinitive by the English and French verb suffix rules, each
    rule that fits giving one candidate ("corrigé" -> {"corriger", ...}, "clicked" -> {"click",
    "clicke"}): a word is a form of a listed verb when one of them is that verb. Not checked
    against a verb list: the French one misses "corriger" (listed as an adjective)."""
    return {
        word[: -len(old)] + new
        for code in WORD_CLASS_LANGUAGES
        for old, new in _verb_rules(code)
        if word.endswith(old) and len(word) > len(old)
    }
