"""Words that could be said of any topic, so a label made of them names none: "dark · great",
"click · check", "love · good", "away · link expire" (demo themes).

c-TF-IDF does not weed them out: its idf lowers a word common across all themes, but feedback
clusters partly by tone, and a cluster of "Great app, …" reviews holds "great" in a third of its
insights, far above its share elsewhere, so "great" scores as that theme's word. These words are
what tone and request templates are made of in any product's feedback:

- judgement and feeling (great, love, frustrating, super, adorer),
- politeness and request verbs (please, appreciate, wish, merci, vouloir),
- what any report says it did or wants done (check, click, try, follow, fix, régler, corriger),
- the product and the report themselves (app, tool, feature, issue, problème, appli),
- filler adverbs, modals and auxiliaries (away, really, right, vraiment, vite, trop, mal, devoir,
  aller: "vérifier que tout allait bien" named a demo theme "vérifier allait"),
- a sentence's frame around its topic ("is there a way": moyen; "the reason we stay": raison;
  "keep it up": continuer).

French "temps" is listed, English "time" not: "temps" alone is mostly filler ("ces derniers
temps", "tout le temps", "en même temps"), and a time topic keeps its phrase ("temps de
chargement", "temps réel"), which a generic word alone does not drop.

Lemmas, as `labels.lemma_documents` makes them (stop words are gone already). A label leaves
out terms made only of them (`without_generic`); a theme whose every term is one of them
("love · good": praise) still gets its label from them. Words that name a topic in some products ("time",
"update", "support", "slow") are not listed: the list must hold for every product.
"""

from analyzer.themes.word_classes import verb_readings

GENERIC_WORDS = frozenset(
    """
    great good nice love like awesome amaze amazing excellent perfect bad terrible awful horrible
    hate happy unhappy annoy frustrate frustrating cool fine solid best better wonderful fantastic
    brilliant useful useless unusable easy simple clear painful badly real small
    please appreciate wish hope want need ask
    fix check click follow try let know think feel look help use get make tell work adore solve
    break continue indicate
    app apps application product tool software feature thing stuff way lot issue problem bug
    question request feedback team devs reason
    away right really actually exactly overall lately anymore ever exist finish
    super génial top bien bon excellent parfait nul mauvais adorer aimer content satisfait
    frustrant déçu simple clair claire pénible mal vrai petit
    vouloir pouvoir aller besoin souhaiter aider demander demande devoir correspondre
    régler corriger correction vérifier cliquer suivre essayer marcher marche fonctionner utiliser
    résoudre casser continuer indiquer
    appli outil produit fonctionnalité truc chose problème souci équipe moyen raison
    vraiment vite rapidement exister fini finir trop prochain temps
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


def is_generic_word(word: str) -> bool:
    """Whether the lemma is a generic word or a form of a generic verb that the lookup tables
    leave as written ("corrigé", "vérifié": the French table reads them as adjectives)."""
    return word in GENERIC_WORDS or not GENERIC_WORDS.isdisjoint(verb_readings(word))


def is_generic(term: str) -> bool:
    """Whether every word of the term is generic ("great", "great app", "pouvoir corrigé"; not
    "web app")."""
    return all(map(is_generic_word, term.split()))


def without_generic(terms: list[str]) -> list[str]:
    """The terms that are not generic, in their order ("dark", "web app"); all of them when
    every one is ("love", "good": a praise theme is named by its praise)."""
    return [term for term in terms if not is_generic(term)] or list(terms)
