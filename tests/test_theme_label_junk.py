"""Label terms a product manager reads as junk, reproduced on hand-written French feedback: a noun
read as a verb ("ligner"), a stop word typed without its accent ("dela"), two words from either
side of a comma ("bonne sites"), a phrase cut after its preposition ("heures hors"), a word said
twice across the parts ("attente d'une vraie · vraie solution")."""

import numpy as np
import pytest

from analyzer.themes.labels import label_terms, lemma_documents, ngrams
from analyzer.themes.naming import LanguageNamer
from analyzer.themes.phrases import Surface


def label_of(texts: list[str], language: str = "fr") -> str:
    languages = [language] * len(texts)
    documents = lemma_documents(texts, languages)
    vocabulary = {t: n for n, t in enumerate(sorted({g for d in documents for g in ngrams(2)(d)}))}
    namer = LanguageNamer(documents, languages, vocabulary, np.ones(len(vocabulary)), ngrams(2),
                          8, 0.1, 2, Surface(texts, languages))  # fmt: skip
    return namer.label_of(np.arange(len(texts)))


def test_a_plural_noun_keeps_its_noun_lemma_not_a_verb():
    (document,) = lemma_documents(["Le tableur coupe les lignes du rapport."], ["fr"])
    assert "ligne" in document.split()
    assert "ligner" not in document.split()


def test_a_stop_word_typed_without_its_accent_is_still_a_stop_word():
    (document,) = lemma_documents(["Au-dela de cette taille, le fichier est vide."], ["fr"])
    assert "dela" not in document.split()
    assert document.split()[0] == "taille"


def test_no_bigram_spans_a_comma():
    grams = ngrams(2)(
        lemma_documents(["Le réseau est correct, les pages restent lentes."], ["fr"])[0]
    )
    assert "correct page" not in grams
    assert "réseau correct" in grams


def test_a_side_remark_after_a_comma_does_not_name_the_theme():
    texts = [
        "Les pages sont lentes. Notre connexion est bonne, les autres sites sont rapides.",
        "Pages lentes le matin. Notre connexion est bonne, les autres sites sont rapides.",
        "Les pages du rapport sont lentes.",
        "Pages lentes depuis la mise à jour.",
        "Toute l'équipe attend, les pages sont lentes.",
    ]
    label = label_of(texts)
    assert label.startswith("pages lentes")
    assert "bonne sites" not in label  # "bonne, les autres sites": two clauses


def test_a_phrase_led_by_hors_or_sans_is_not_cut():
    (document,) = lemma_documents(["Je note mes heures hors connexion et je synchronise."], ["fr"])
    grams = ngrams(2)(document)
    assert "hors connexion" in grams
    assert "heure hors" not in grams  # ends before its noun
    assert "connexion synchroniser" not in grams  # starts inside "hors connexion"


def test_no_word_is_repeated_across_the_label_parts():
    terms = label_terms(["vrai réponse", "délai", "délai vrai", "ticket"])
    words = [word for term in terms for word in term.split()]
    assert len(words) == len(set(words)), terms


def test_the_repeated_word_label_from_hand_written_texts():
    texts = [
        "Ticket fermé. Toujours en attente d'une vraie solution.",
        "Toujours en attente d'une vraie solution.",
        "Pas résolu. Toujours en attente d'une vraie solution.",
        "Ticket fermé mais le problème est toujours là.",
        "Pas de vraie solution, ticket fermé.",
    ]
    parts = label_of(texts).lower().split(" · ")
    assert parts[0] == "vraie solution"
    assert all("vraie" not in part for part in parts[1:]), parts


def test_aller_as_an_auxiliary_names_no_theme():
    assert label_terms(["vérifier aller", "rappel client"]) == ["rappel client"]


@pytest.mark.parametrize(
    ("text", "language", "function_words"),
    [
        ("Der Export nach DATEV bricht beim Speichern der Rechnung ab.", "de", {"der", "beim"}),
        ("L'invio allo SDI non funziona con le fatture.", "it", {"allo", "non", "con", "le"}),
        ("A exportação não funciona com as faturas.", "pt", {"não", "com", "as"}),
        ("La exportación no funciona con las facturas.", "es", {"las", "con"}),
    ],
)
def test_german_spanish_italian_and_portuguese_function_words_name_no_theme(
    text, language, function_words
):
    (document,) = lemma_documents([text], [language])
    assert not function_words & set(document.split())


def test_an_english_theme_word_on_another_languages_stop_list_stays():
    (document,) = lemma_documents(["The total is wrong after the press release."], ["en"])
    assert {"total", "press"} <= set(document.split())
