"""Hyphenated compounds are one theme word: "e-mail", "check-in", "mot-clé" named labels "mail"
and "check" (their parts), while a French verb's inverted pronoun ("existe-t-il", "peut-on") and
compounds of stop words ("au-delà", "peut-être") still leave nothing behind."""

from analyzer.themes.labels import lemma_documents, lemma_tokens
from tests.test_theme_label_junk import label_of


def test_an_english_compound_names_the_theme_whole():
    emails = ["The confirmation e-mail never arrives.", "No e-mail after I sign up.",
              "Your e-mails land in spam."]  # fmt: skip
    assert label_of(emails, "en") == "e-mail"
    check_ins = ["Online check-in fails on the app.", "Check-in is broken again.",
                 "I could not do the check-in."]  # fmt: skip
    assert label_of(check_ins, "en") == "check-in"


def test_a_french_compound_names_the_theme_whole():
    emails = ["Les e-mails de rappel n'arrivent pas.", "Aucun e-mail reçu.",
              "L'e-mail de confirmation est vide."]  # fmt: skip
    assert label_of(emails, "fr") == "e-mail"


def test_a_plural_compound_has_the_singular_lemma():
    (english,) = lemma_documents(["Plug-ins and add-ons crash, follow-ups too"], ["en"])
    assert english.split()[:3] == ["plug-in", "add-on", "crash"]
    assert "follow-up" in english.split()
    (french,) = lemma_documents(["Les mots-clés des sous-traitants, un rendez-vous"], ["fr"])
    assert french.split() == ["mot-clé", "sous-traitant", ",", "rendez-vous", "|"]


def test_inverted_pronouns_and_stop_word_compounds_are_no_compounds():
    (document,) = lemma_documents(
        ["Existe-t-il une limite ? Au-delà de 5 lignes, peut-être. Pouvez-vous corriger ?"], ["fr"]
    )
    assert document.split() == ["exister", "limite", ",", "ligne", ",", "pouvoir", "corriger", "|"]


def test_a_compound_token_spans_the_word_past_its_elision():
    text = "Le mot-clé de l'e-mail"
    tokens = [
        (lemma, text[start:end]) for lemma, start, end in lemma_tokens(text, "fr", {}) if lemma
    ]
    assert tokens == [("mot-clé", "mot-clé"), ("e-mail", "e-mail")]
    parts = lemma_tokens(text, "fr", {}, compounds=False)
    assert [lemma for lemma, _, _ in parts if lemma] == ["mot", "clé", "mail"]
