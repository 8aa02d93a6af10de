"""Theme labels a person can read aloud: topic words before filler ("dark mode", not "dark ·
great"), phrases as the members write them ("mise à jour", "tableau de bord"), a child that
does not repeat its parent."""

from dataclasses import replace

import numpy as np

from analyzer.themes import ThemeConfig, discover
from analyzer.themes.discovery import (
    FoundTheme,
    ParentTheme,
    main_language,
    named_in,
    set_apart,
)
from analyzer.themes.distinct import tell_apart
from analyzer.themes.labels import (
    covered_first,
    lemma_documents,
    make_label,
    ngrams,
    related_parts,
)
from analyzer.themes.naming import LanguageNamer
from analyzer.themes.phrases import Surface


def namer_for(texts: list[str], languages: list[str]) -> LanguageNamer:
    documents = lemma_documents(texts, languages)
    vocabulary = {t: n for n, t in enumerate(sorted({g for d in documents for g in ngrams(2)(d)}))}
    return LanguageNamer(documents, languages, vocabulary, np.ones(len(vocabulary)), ngrams(2),
                         8, 0.1, 2, Surface(texts, languages))  # fmt: skip


def test_filler_words_give_way_to_a_topic_word() -> None:
    assert make_label(["great", "dark", "dark mode", "app"]) == "dark mode"
    assert make_label(["check", "click", "spam folder", "choice"]) == "spam folder · choice"
    assert make_label(["super", "problème", "mise jour", "appli"]) == "mise jour"
    # a phrase with one generic word is a topic ("web app"), only all-filler terms go last
    assert make_label(["great", "dark theme", "web app"]) == "dark theme · web app"
    # two chosen words that make a phrase become it, whatever the phrase's rank
    assert make_label(["mode", "dark", "theme", "night", "screen", "dark mode"]) == "dark mode"
    # nothing more specific: the theme is praise, and its label says so
    assert make_label(["love", "good"]) == "love · good"


def test_a_phrase_reads_as_the_members_write_it() -> None:
    texts = [
        "L'appli plante depuis la mise à jour",
        "Depuis la dernière mise à jour, plus rien ne marche",
        "Le tableau de bord est vide",
        "The CSV export crashes on startup",
        "Our clients are on retainers",
        "Impossible de changer la date d'échéance",
    ]
    languages = ["fr", "fr", "fr", "en", "en", "fr"]
    surface = Surface(texts, languages)
    rows = np.arange(len(texts))
    assert surface.written("mise jour", rows) == "mise à jour"  # "à" kept inside the phrase
    assert surface.written("tableau bord", rows) == "tableau de bord"
    assert surface.written("csv export", rows) == "CSV export"  # an acronym stays one
    assert surface.written("crash startup", rows) == "crashes on startup"
    assert surface.written("date échéance", rows) == "date d'échéance"  # the elision stays
    assert surface.written("appli", rows) == "appli"  # "l'" is not part of the word
    # "are on" is a clause, not a phrase: each word as written, no verb in between
    assert surface.written("client retainer", rows) == "clients retainers"


def test_a_theme_label_is_made_of_its_topic_phrase() -> None:
    rng = np.random.default_rng(3)
    centres = rng.standard_normal((2, 64))
    groups = [
        ["Great app but it really needs a dark mode", "Great app, please add a dark mode",
         "Love it, but a dark mode would be great", "Dark mode please, my eyes hurt"],
        ["Depuis la mise à jour l'appli plante", "Super appli mais plante depuis la mise à jour",
         "La mise à jour a tout cassé, merci de régler", "Problème depuis la mise à jour"],
    ]  # fmt: skip
    texts, languages, vectors = [], [], []
    for g, phrases in enumerate(groups):
        for i in range(40):
            texts.append(phrases[i % 4])
            languages.append("en" if g == 0 else "fr")
            vectors.append(centres[g] + 0.3 * rng.standard_normal(64))
    found = discover(np.asarray(vectors, np.float32), texts, languages)
    labels = sorted(theme.label for theme in found.themes)
    assert len(labels) == 2, labels
    assert labels[0].startswith("dark mode") and "great" not in labels[0], labels
    assert labels[1].startswith("mise à jour") and "super" not in labels[1], labels


def test_a_child_does_not_repeat_its_parent() -> None:
    texts = ["exporter l'année plante la page"] * 6 + ["exporter l'année en PDF échoue"] * 4
    namer = namer_for(texts, ["fr"] * 10)
    members = np.arange(10)
    child = FoundTheme(members, np.ones(4), ["exporter", "année", "page", "pdf"],
                       "exporter · année", [], 0, None, {"fr": "exporter · année"})  # fmt: skip
    other = FoundTheme(np.arange(0), np.ones(4), ["csv"], "csv", [], 0, None)
    parent = ParentTheme([0, 1], np.ones(4), ["exporter", "année"], "exporter · année",
                         {"fr": "exporter · année"})  # fmt: skip
    set_apart([child, other], [parent], namer)
    assert child.label == "exporter · année · page"  # its distinguishing word added
    assert child.labels["fr"] == "exporter · année · page"
    assert other.label == "csv"  # different already: untouched
    assert parent.label == "exporter · année"


def test_the_main_label_is_the_one_in_the_workspace_language() -> None:
    """One theme, one label unless a reader asks for another language: the label over all its
    members ("calendar · update") differed from the English one ("calendar sync · update"), and
    the page, the API, the CSV and the CLI each showed one of the two."""
    assert main_language(["fr", "en", "EN", None, "und", "en", "fr"]) == "en"
    assert main_language(["fr", "en"]) == "en"  # equals: the first code, every time
    assert main_language([None, "und"]) is None
    mixed = FoundTheme(np.arange(4), np.ones(4), [], "calendar · update", [], 0, None,
                       {"en": "calendar sync · update", "fr": "synchro · calendrier"})  # fmt: skip
    french = FoundTheme(np.arange(4), np.ones(4), [], "facture · TVA", [], 0, None,
                        {"fr": "facture · TVA · PDF", "de": "Rechnung"})  # fmt: skip
    parent = ParentTheme([0, 1], np.ones(4), [], "calendar · facture", {"en": "calendar · invoice"})
    named_in("en", [mixed, french, parent])
    assert (mixed.label, french.label, parent.label) == (
        "calendar sync · update", "facture · TVA", "calendar · invoice",
    )  # fmt: skip
    named_in(None, [mixed])  # no language known: as it was
    assert mixed.label == "calendar sync · update"


def test_a_name_keeps_the_capital_its_writers_give_it() -> None:
    """Labels read "zendesk", "salesforce": names were lower-cased like any word."""
    texts = [
        "We are moving from Zendesk to you",
        "The import from Zendesk duplicates tickets",
        "Zendesk import is slow",  # a capital that opens a sentence says nothing
        "zendesk import fails",
        "Sync with Garmin stopped",
        "My Garmin watch does not sync",
        "Dark mode please",  # only ever capitalised where a sentence starts
        "I want a dark mode",
        "Please add a dark mode",
        "The iPhone app crashes",
    ]
    surface = Surface(texts, ["en"] * len(texts))
    rows = np.arange(len(texts))
    assert surface.written("zendesk", rows) == "Zendesk"
    assert surface.written("garmin", rows) == "Garmin"
    assert surface.written("dark mode", rows) == "dark mode"
    assert surface.written("iphone app", rows) == "iPhone app"
    assert surface.written("csv", rows) == "csv"  # never written: the term itself


def test_a_rare_or_unrelated_second_part_is_dropped() -> None:
    texts = [
        *["The calendar sync fails every morning"] * 6,
        *["Calendar events show at the wrong hour", "My calendar is empty since Monday"],
        "I keep losing my notes",
        "Still losing notes, daily",
    ]
    rows = np.arange(len(texts))
    namer = namer_for(texts, ["en"] * len(texts))
    # before: the two top keywords glued, whatever their share of the theme
    assert namer.label(["calendar", "losing"], rows) == "calendar · losing"
    checked = replace(namer, part_ratio=0.5, part_lift=1.0)
    # "losing" is in 2 of 10 insights against 8 for "calendar", and never with it
    assert checked.label(["calendar", "losing"], rows) == "calendar"
    # a second part found with the first as often as chance and half as often stays
    assert checked.label(["calendar", "sync"], rows) == "calendar · sync"


def test_related_parts_checks_share_and_association() -> None:
    grams = [{"a", "b"}] * 4 + [{"a"}] * 4 + [{"c"}] * 2
    assert related_parts(["a", "b"], grams, 0.5, 1.0) == ["a", "b"]  # 4 >= 0.5 * 8, lift 1.25
    assert related_parts(["a", "c"], grams, 0.5, 1.0) == ["a"]  # 2 < 4, and never together
    assert related_parts(["a", "c"], grams, 0.2, 0.0) == ["a", "c"]  # checks off: as before
    assert related_parts(["b", "c"], grams, 0.5, 1.0) == [
        "b"
    ]  # half as common: enough, but never together
    assert related_parts(["a"], grams, 0.5, 1.0) == ["a"]


def test_a_label_leaves_out_a_topic_few_of_its_insights_share() -> None:
    texts = [
        "The calendar sync fails",
        "Calendar events show at the wrong hour",
        "My calendar is empty since Monday",
        "Shared calendar invites vanish",
        "The calendar shows old meetings",
        "Calendar colours reset",
        "Calendar too slow to open",
        *["Losing notes again"] * 3,
    ]
    vectors = np.tile(np.eye(8, dtype=np.float32)[0], (len(texts), 1))  # one theme
    found = discover(vectors, texts, ["en"] * len(texts))
    # without the check the top two keywords are glued: "calendar · losing notes"
    assert [theme.label for theme in found.themes] == ["calendar"]
    no_check = ThemeConfig(label_part_ratio=0.0)
    unchecked = discover(vectors, texts, ["en"] * len(texts), config=no_check)
    assert [theme.label for theme in unchecked.themes] == ["calendar · losing notes"]


def test_inflected_generic_words_and_adverbs_name_no_theme() -> None:
    """Demo labels "existe · pouvez corrigé", "cassées derniers · honnêtement on regarde",
    "heures · clients devient", "mails rien": the French lookup table reads "corrigé" as an
    adjective (so the generic "corriger" was missed) and lists no adverb at all."""
    documents = lemma_documents(
        [
            "Honnêtement, vous pouvez corriger l'export ? Il devient lent depuis les derniers jours",
            "Rien ne s'affiche dans les mails",
            "Honestly the export finally works, but it basically became slow",
            # "sommes" read as "sommer", "été" as itself: demo label "sommes · techniciens sol"
            "Nous sommes techniciens sol, le planning a été perdu",
        ],
        ["fr", "fr", "en", "fr"],
    )
    words = {word for document in documents for word in document.split()}
    assert {"export", "lent", "jour", "mail", "slow", "technicien", "planning"} <= words
    assert not words & {"honnêtement", "honestly", "finally", "basically", "rien", "devenir",
                        "dernier", "become", "sommes", "sommer", "été"}  # fmt: skip
    # "hors ligne" (offline) keeps "hors", an adverb that turns a phrase into its opposite
    assert lemma_documents(["Le mode hors ligne plante"], ["fr"]) == ["mode hors ligne plante |"]
    # forms of generic verbs left as written by the table are generic like their infinitive
    assert make_label(["pouvoir corrigé", "facture", "exister"]) == "facture"
    assert make_label(["vérifié", "réglé", "cliqué", "export csv"]) == "export csv"
    assert make_label(["fixed clicked", "dashboard"]) == "dashboard"


def test_a_label_term_is_said_by_more_than_one_insight() -> None:
    documents = lemma_documents(
        ["The calendar sync fails", "Calendar is empty", "My calendar shows old meetings",
         "Calendar colours reset", "Noticfction calendar crash"],
        ["en"] * 5,
    )  # fmt: skip
    # "noticfction" (a typo) is in 1 of 5 insights, above `keyword_share` 0.1, yet one review's
    assert covered_first(["noticfction", "calendar"], documents, 2, 0.1) == (
        ["calendar", "noticfction"], 1,
    )  # fmt: skip


def test_a_mixed_theme_is_named_in_its_majority_language() -> None:
    """A demo theme of 5 English and 2 French NPS answers was named "mis" (from "Avant j'aurais
    mis 9."): the English ones are all stop words, so the minority's word named the theme."""
    texts = [
        "Used to be a 9.",
        "It used to be a 9.",
        "Used to be a 9!",
        "It was a 9 last year.",
        "Used to be a 9 before the redesign.",
        "Avant j'aurais mis 9.",
        "Avant j'aurais mis 9 !",
    ]
    languages = ["en"] * 5 + ["fr"] * 2
    vectors = np.tile(np.eye(8, dtype=np.float32)[0], (len(texts), 1))  # one theme
    [theme] = discover(vectors, texts, languages).themes
    assert "mis" not in theme.label.split()
    assert theme.label in texts[:5]  # no term said by enough: its first English quote
    assert theme.labels == {}  # 2 French insights are too few for their own label


def test_french_sentence_frames_name_no_theme() -> None:
    """Demo labels "existe moyen · API", "projet devrait", "cassées temps · outils trop",
    "claire marche", "hausse de prix · mal": the words around a French topic ("il existe un
    moyen de", "ces derniers temps", "trop de choses cassées", "passe mal") were taken for it."""
    assert make_label(["exister moyen", "réassigner", "tâche masse"]) == "réassigner · tâche masse"
    assert (
        make_label(["devoir", "déplacer projet", "sélectionner"])
        == "déplacer projet · sélectionner"
    )
    assert make_label(["casser temps", "outil trop", "regarder outil"]) == "regarder outil"
    assert make_label(["clair marcher", "interface clair"]) == "interface clair"
    assert make_label(["raison", "mal", "prochain", "hausse prix", "passer mal"]) == (
        "hausse prix · passer mal"
    )
    assert make_label(["reason", "solve", "painful", "sso login"]) == "sso login"
    # topic words stay: a theme about load time or support is still named by them
    assert make_label(["temps chargement", "support"]) == "temps chargement · support"
    # a theme of nothing else is still named ("continuez · adore": keep it up, praise)
    assert make_label(["continuer", "adorer"]) == "continuer · adorer"


def test_themes_that_read_alike_each_get_their_distinctive_word() -> None:
    """A cold refit of ~2,000 app reviews named four themes "mise à jour", three of them
    siblings: each gets its next keyword, the first none of the others names."""
    texts = (
        ["La mise à jour a cassé les notifications", "Notifications perdues après la mise à jour"]
        * 3
        + ["La mise à jour bloque la synchronisation", "Synchronisation ratée, mise à jour"] * 3
        + ["Since the update my watch faces are gone", "Update broke the watch faces"] * 3
    )
    languages = ["fr"] * 12 + ["en"] * 6
    namer = namer_for(texts, languages)
    notes = FoundTheme(np.arange(6), np.ones(4), ["mise jour", "synchronisation", "notification"],
                       "mise à jour", [], 0, None)  # fmt: skip
    sync = FoundTheme(np.arange(6, 12), np.ones(4), ["mise jour", "synchronisation"],
                      "mise à jour", [], 0, None)  # fmt: skip
    # mixed themes whose French readers read one name
    faces = FoundTheme(np.r_[np.arange(12, 18), np.arange(6)], np.ones(4), ["watch face"],
                       "watch faces", [], 1, None, {"en": "watch faces", "fr": "mise à jour"})  # fmt: skip
    bands = FoundTheme(np.r_[np.arange(12, 18), np.arange(6, 12)], np.ones(4), ["watch"],
                       "watch", [], 1, None, {"en": "watch", "fr": "mise à jour"})  # fmt: skip
    alone = FoundTheme(np.arange(6), np.ones(4), ["csv"], "csv", [], None, None)
    tell_apart([notes, sync, faces, bands, alone], namer)
    # "synchronisation" is the sync theme's: the notes theme takes its own word
    assert notes.label == "mise à jour · notifications"
    assert sync.label == "mise à jour · synchronisation"
    french = [theme.labels.get("fr", theme.label) for theme in (notes, sync, faces, bands)]
    assert len(set(french)) == 4, french
    assert all(label.startswith("mise à jour · ") for label in french), french
    assert (faces.label, faces.labels["en"], bands.label) == ("watch faces", "watch faces", "watch")
    assert alone.label == "csv"
