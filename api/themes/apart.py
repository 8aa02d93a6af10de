"""A theme alone under its parent whose label reads as the parent's gets a distinguishing word,
as discovery gives one (`analyzer.themes.naming.LanguageNamer.apart`): after a person's move the
parent is named after its themes (`label_from_children`), and a one-part label ("beta") named
its one-child parent "beta" over "beta"."""

from analyzer.themes.labels import LABEL_JOIN
from api.storage.tables import Theme


def with_word(label: str, keywords: list[str]) -> str:
    """`label` and the first of `keywords` that shares no word with it (none: `label`)."""
    have = set(label.lower().replace(LABEL_JOIN, " ").split())
    for keyword in keywords:
        if not have & set(keyword.lower().split()):
            return label + LABEL_JOIN + keyword
    return label


def set_apart(child: Theme, parent: Theme) -> None:
    """`child`'s name, and each of its labels by language, made to differ from `parent`'s; a
    name a person gave the child is theirs: the parent's (automatic) name takes the word then."""
    keywords = list(child.keywords or [])
    if child.name.casefold() == parent.name.casefold():
        if not child.name_locked:
            child.name = with_word(child.name, keywords)
        elif not parent.name_locked:
            parent.name = parent.auto_name = with_word(parent.name, keywords)
    names = dict(child.names or {})
    for code, label in names.items():
        if label == (parent.names or {}).get(code, parent.name):
            names[code] = with_word(label, keywords)
    child.names = names
