"""The French sentencizer built without spaCy's French package (analyzer/sentencizers.py) cuts
sentences where spaCy's French pipeline does, and spaCy's stop words read by file path are the
ones its packages hold."""

import importlib
import itertools

import pytest
import spacy
from spacy.lang.fr import French
from spacy.lang.fr.punctuation import ELISION, HYPHENS
from spacy.lang.tokenizer_exceptions import BASE_EXCEPTIONS
from spacy.util import update_exc

from analyzer.sentencizers import FRENCH_ABBREVIATIONS, SentenceSpans, sentencizer
from analyzer.stages.language import spacy_stop_words


def _letters_hyphens_apostrophes(word: str) -> bool:
    return word[0].isalpha() and all(c.isalpha() or c in HYPHENS + ELISION for c in word)


def test_french_abbreviations_are_spacys_exceptions_that_can_end_a_sentence() -> None:
    """A spaCy upgrade that adds or changes a French exception holding a period fails here."""
    spacys = French.Defaults.tokenizer_exceptions
    ours = update_exc(BASE_EXCEPTIONS, FRENCH_ABBREVIATIONS)
    assert {k: v for k, v in ours.items() if k in spacys} == ours  # a subset, cut the same way
    left_out = set(spacys) - set(ours)
    assert left_out  # the hyphenated words ("peut-être"), so that the check below checks
    assert all(_letters_hyphens_apostrophes(word) for word in left_out)


# Every French exception and words of TOKEN_MATCH's families, where a sentence can end around them.
_WORDS = [
    *French.Defaults.tokenizer_exceptions,
    *("anti-bug", "entr'abat", "saut-de-ski", "pet-en-l'air", "Peut-être", "dit-elle", "va-t-il"),
    *("l'arrière-plan", "prud'homme", "hip-hop", "c'est-à-dire", "week-end", "lock-outs"),
]
_CONTEXTS = [
    "Fin. {w} suite",
    "Fin.{w} Suite",
    "({w}) Fin. Bla",
    "«{w}». Bla bla",
    "Fin!{w}? Non",
    "Voir {w}. Puis",
    "{w}.{w}!",
    "x.{w}.y",
    "« {w} » ? Oui.",
    'Fin."{w}" bla',
    "Fin. -{w}",
    "Fin.({w}. x) y",
]
_FEEDBACK = [
    "L'appli plante au démarrage. Depuis la mise à jour du 12 janv. rien ne marche !",
    "Merci M. Dupont pour votre aide... Mais le bug est toujours là ? Oui, etc. etc.",
    "Super appli!!! Par contre l'export CSV (cf. la doc p. 3) est cassé.Vraiment dommage",
    "Bonjour,\nJe n'arrive plus à me connecter depuis hier soir.Qu'est-ce qui se passe ?",
    "Le rendez-vous de l'après-midi a disparu. Peut-être un souci de synchro ? À voir.",
    "Prix : 4,99 €. Trop cher !? Je préfère l'ancienne version (v2.3.1) — vraiment.",
]


@pytest.fixture(scope="module")
def spacys_french() -> spacy.language.Language:
    nlp = spacy.blank("fr")
    nlp.add_pipe("sentencizer")
    return nlp


def test_french_sentences_are_where_spacys_french_pipeline_puts_them(spacys_french) -> None:
    ours = sentencizer("fr")
    texts = [c.format(w=w) for w, c in itertools.product(_WORDS, _CONTEXTS)] + _FEEDBACK
    differ = [
        text
        for text in texts
        if [(s.start_char, s.end_char) for s in ours(text).sents]
        != [(s.start_char, s.end_char) for s in spacys_french(text).sents]
    ]
    assert differ == []
    assert len(list(ours(_FEEDBACK[0]).sents)) == 2  # it does cut sentences


@pytest.mark.parametrize("code", ["en", "fr", "de", "es", "it", "pt"])
def test_stop_words_read_by_path_are_spacys(code: str) -> None:
    module = importlib.import_module(f"spacy.lang.{code}.stop_words")
    assert spacy_stop_words(code) == frozenset(module.STOP_WORDS)
    assert spacy_stop_words(code)


def test_a_language_without_a_spacy_list_has_no_stop_words() -> None:
    assert spacy_stop_words("xx") == frozenset()
    assert spacy_stop_words("zz") == frozenset()


# Sentence ends among punctuation, quotes, brackets, ellipses, emoji, abbreviations and spaces.
_LINES = [
    "It crashes. Every time!",
    "Why?? It worked yesterday... Now nothing!!! 😡 Fix it.",
    "L'export plante. (Encore !) « C'est inutilisable. » Merci.",
    "Dr. Smith said it's fine. No, it's not.  Really.",
    "Version 3.5 broke it. See https://example.com/a.b?c=d. Thanks",
    "¿Por qué? ¡No funciona! Gracias.",
    "end.",
    ". . .",
    "  Leading spaces. Trailing ones.   ",
    "Hmm.\"Quoted start.\" Next – one. 'Single.' Last",
]


@pytest.mark.parametrize("code", ["xx", "en", "fr", "de", "es"])
def test_sentence_spans_are_the_pipelines_sentences(code: str) -> None:
    nlp = sentencizer(code)
    spans = SentenceSpans(nlp)
    for line in _LINES:
        assert spans(line) == [(s.start_char, s.end_char) for s in nlp(line).sents], line
