"""First names, surnames and dictionary words, for telling a person's name from a product's in
the middle of a sentence (analyzer/names.py). Nothing is copied into the repository nor
downloaded: the names are Faker's person lists (MIT) for the English and French locales, the words
WordNet's index (and its French counterpart) as spacy-lookups-data ships them. Loaded once, on
first use (~0.2 s)."""

import gzip
import importlib
import json
from functools import cache
from importlib.resources import files

# English and French locales: what our customers' texts are written in.
_LOCALES = ("en_US", "en_GB", "fr_FR", "fr_BE", "fr_CA", "fr_CH")


@cache
def _person_lists() -> tuple[frozenset[str], frozenset[str]]:
    first: set[str] = set()
    last: set[str] = set()
    for locale in _LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        first.update(name.casefold() for name in provider.first_names)
        last.update(name.casefold() for name in provider.last_names)
    return frozenset(first), frozenset(last)


def first_names() -> frozenset[str]:
    """Known first names, casefolded ("mary", "jean", "françois")."""
    return _person_lists()[0]


def last_names() -> frozenset[str]:
    """Known surnames, casefolded ("johnson", "dupont")."""
    return _person_lists()[1]


@cache
def english_words() -> frozenset[str]:
    """English nouns, verbs, adjectives and adverbs, lower case ("gold", "period", "pay"):
    a capitalised one after a first name is more likely a product's word than a surname."""
    return _lemma_index("en")


@cache
def french_words() -> frozenset[str]:
    """French nouns, verbs, adjectives and adverbs, lower case ("merci", "atelier")."""
    return _lemma_index("fr")


def _lemma_index(language: str) -> frozenset[str]:
    path = files("spacy_lookups_data") / "data" / f"{language}_lemma_index.json.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as file:
        index: dict[str, list[str]] = json.load(file)
    return frozenset(word for words in index.values() for word in words)


def load() -> None:
    """Load the lists now (a stage's start), not on the first text tagged."""
    _person_lists()
    english_words()
