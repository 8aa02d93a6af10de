"""The speed-ups of the rule stages change no output: keyword checks only skip patterns that
cannot match, accents are dropped as before, and cached rule results are not shared mutably."""

import re
import sys
import unicodedata

import pytest

import analyzer.names
import analyzer.stages.redact
from analyzer.keywords import holds, lowered
from analyzer.names import redact_names
from analyzer.negation import fold
from analyzer.stages.redact import NUMBER_RULES, RULES, redact_patterns
from analyzer.urgency_cues import matched_cues
from models.lexical import normalise
from models.marks import without_marks

EVERY_CHARACTER = "".join(map(chr, range(sys.maxunicode + 1)))


def all_keywords() -> set[str]:
    rules = [keywords for *_, keywords in RULES + NUMBER_RULES]
    rules += [keywords for _, keywords, _ in analyzer.names._RULES]
    return {word for keywords in rules for group in keywords for word in group}


@pytest.mark.parametrize("letter", sorted({c for w in all_keywords() for c in w if c.isalpha()}))
def test_lowered_reads_each_keyword_letter_as_ignorecase_does(letter: str) -> None:
    """Every character that re.IGNORECASE takes for a keyword's letter is that letter once
    lowered ("İ", "ı" and "ſ" too): a keyword check never misses what a pattern would match."""
    found = re.compile(re.escape(letter), re.IGNORECASE).findall(EVERY_CHARACTER)
    assert found and all(lowered(char) == letter for char in found)


def test_keywords_are_written_as_lowered_reads_them() -> None:
    assert all(lowered(word) == word for word in all_keywords())


def test_holds_needs_a_word_of_every_group() -> None:
    assert holds("merci,\npaul", ((",",), ("\n",), ("merci", "thank")))
    assert not holds("merci, paul", ((",",), ("\n",)))
    assert holds("anything", ())


# Texts each of which a rule behind keywords rewrites, several in capitals or with the letters
# str.lower and re.IGNORECASE read differently (Turkish İ and ı, the long ſ).
NAMED = [
    "Great app. Merci, Paul et Marie !",
    "MY NAME IS Anna and the export fails.",
    "Hello, Dr. Gregory House here",
    "The app crashes.\nTHANKS,\nAnna",
    "The export fails.\nThanks for your help,\nLaure",
    "Sync is slow.\nBONNE SOİRÉE,\nLaure",
    "Signé : François Lefèvre",
    "ſignature : Paul",
    "Thanks Tom!",
    "Thank you so much Sarah for your help",
    "Merci beaucoup à Julien",
    "My COLLEAGUE Anna Schmidt cannot log in.",
    "cc: Tom about the invoice",
    "Account owner: Priya Raman",
    "Renewal call WITH Ryan at Ridgeline.",
    "Ryan raised this during the call.",
    "Follow-up call from Yanis about billing.",
    'Harbourline Consulting. Nina: "the export fails"',
    "HI, THİS İS Sarah Connor, the sync fails",
    "Hi, thıs ıs Sarah Connor, the sync fails",
    "The export fails.\n-- Anna",
    "Dear Sir or Madam, the export fails.\nMit freundlichen GRÜSSEN\nJonas Weber",
]
PATTERNED = [
    "write to BOB.SMITH@ACME.IO now",
    "see HTTPS://app.acme.com/reset?token=abc123 now",
    "see WWW.acme.com/join/Zx81kQ2mP9vT4rW7yB3nL6hD now",
    "key sk_live_4eC39HqLyjWDarjtT1zdp7dc and AKIAIOSFODNN7EXAMPLE",
    "token xoxb-1234567890-abcdef and eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2QT4fw",
    "BORN ON 12/03/1985, SSN 123-45-6789",
    "née le 3 mars 1990",
    "PAſſPORT number 12AB34567",
    "card 4111 1111 1111 1111 CVV 123 EXP 12/27",
    "Code de sécurité : 456, valid thru 01/29",
]


def unfiltered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rule runs on every text, as before the keyword checks."""
    for module in (analyzer.names, analyzer.stages.redact):
        monkeypatch.setattr(module, "holds", lambda text, keywords: True)


@pytest.mark.parametrize("text", NAMED)
def test_keyword_checks_keep_every_name_the_rules_find(text: str, monkeypatch) -> None:
    filtered = redact_names(text)
    unfiltered(monkeypatch)
    assert filtered == redact_names(text)
    assert filtered[1] > 0  # the text meets its rule


@pytest.mark.parametrize("text", PATTERNED)
def test_keyword_checks_keep_every_detail_the_patterns_find(text: str, monkeypatch) -> None:
    filtered = redact_patterns(text)
    unfiltered(monkeypatch)
    assert filtered == redact_patterns(text)
    assert sum(filtered[1].values()) > 0  # the text meets its rules


def test_accents_are_dropped_from_every_character_as_before() -> None:
    decomposed = unicodedata.normalize("NFKD", EVERY_CHARACTER)
    before = "".join(char for char in decomposed if not unicodedata.combining(char))
    assert without_marks(EVERY_CHARACTER) == before
    assert fold(EVERY_CHARACTER) == before.lower().replace("\u2019", "'")
    assert normalise(EVERY_CHARACTER) == before.lower()
    ascii_text = "".join(map(chr, range(128)))
    assert fold(ascii_text) == ascii_text.lower() and normalise(ascii_text) == ascii_text.lower()


def test_cached_cues_are_not_shared() -> None:
    text = "Production is down for all our users!"
    found = matched_cues(text)
    assert found == {"outage": 0.5, "scope": 0.55}
    found["deadline"] = 0.55
    assert matched_cues(text) == {"outage": 0.5, "scope": 0.55}
