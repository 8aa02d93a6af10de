"""Theme names a reader can tell apart: after a cold refit of ~2,000 app reviews and complaints,
four themes read "mise à jour" (three under one parent), two "watch faces", two "add". Themes
that read alike in a language each get their next most distinctive keyword added: the first of
their own that none of the others names ("mise à jour · notifications", "mise à jour ·
synchroniser"), else the first not already in the name."""

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from analyzer.themes.generic_words import without_generic
from analyzer.themes.labels import LABEL_JOIN
from analyzer.themes.naming import LanguageNamer


class Named(Protocol):
    members: np.ndarray
    keywords: list[str]
    label: str
    labels: dict[str, str]


def tell_apart(themes: Sequence[Named], namer: LanguageNamer) -> None:
    """Every two `themes` read differently in every language: their main labels, and for each
    language the label a reader of it gets (its own, else the main one). Labels are changed in
    place; a theme with no keyword left to add keeps its label."""
    codes = sorted({code for theme in themes for code in theme.labels})
    for code in [*codes, None]:
        taken = {read_in(theme, code).lower() for theme in themes}
        for same in alike(themes, code):
            words = [keywords_in(theme, code, namer) for theme in same]
            for theme, own in zip(same, words, strict=True):
                others = {w for other in words if other is not own for w in other}
                label = read_in(theme, code)
                added = next_term(label, own, others, taken, theme, code, namer)
                if added is not None:
                    renamed(theme, label, added)
                    taken.add(added.lower())


def renamed(theme: Named, old: str, new: str) -> None:
    """`old` replaced by `new` wherever the theme reads it, main label and per language: the
    main label of a theme is its label in the workspace's language, and stays it."""
    if theme.label == old:
        theme.label = new
    for code, label in theme.labels.items():
        if label == old:
            theme.labels[code] = new


def read_in(theme: Named, code: str | None) -> str:
    """The label a reader of `code` gets (None: the main label)."""
    return theme.label if code is None else theme.labels.get(code, theme.label)


def alike(themes: Sequence[Named], code: str | None) -> list[list[Named]]:
    """Groups of two or more themes whose label in `code` reads the same (case aside)."""
    groups: dict[str, list[Named]] = {}
    for theme in themes:
        if label := read_in(theme, code):
            groups.setdefault(label.lower(), []).append(theme)
    return [group for group in groups.values() if len(group) > 1]


def keywords_in(theme: Named, code: str | None, namer: LanguageNamer) -> list[str]:
    """The theme's ranked keywords, from its insights in `code` when it has a label of its own
    there (the words its readers of that language write)."""
    if code is None or code not in theme.labels:
        return list(theme.keywords)
    rows = namer.rows_in(theme.members, code)
    return namer.label_words(rows)[0] if len(rows) else list(theme.keywords)


def next_term(
    label: str,
    keywords: list[str],
    others: set[str],
    taken: set[str],
    theme: Named,
    code: str | None,
    namer: LanguageNamer,
) -> str | None:
    """`label` and the first of `keywords` none of `others` is and that shares no word with it
    (else the first that shares no word), as the theme's insights write it, so that it reads
    as no label in `taken` (lower-cased) does; None if none."""
    have = set(label.lower().replace(LABEL_JOIN, " ").split())
    rows = theme.members
    if code is not None and code in theme.labels:
        rows = namer.rows_in(rows, code) if len(namer.rows_in(rows, code)) else rows
    fresh = [k for k in without_generic(keywords) if not have & set(k.split())]
    for keyword in sorted(fresh, key=lambda k: k in others):  # stable: keeps the rank
        written = namer.written(keyword, rows)
        named = label + LABEL_JOIN + written
        if not have & set(written.lower().split()) and named.lower() not in taken:
            return named
    return None
