"""Theme labels after an erasure. A refit builds keywords from the insights' words, so a theme
may hold a word of an erased person's name alone ("blix" of Ysolde Quarrington-Blix), which the
whole-name masks leave (a word alone is as often another person's or a product's). Once the
erasure has masked the texts, such a word that no stored insight holds any more came from them:
it goes, and with it the labels built from it, as a refit would do."""

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from analyzer.person_names import WORD, bare
from api.storage.tables import Insight, Theme


def relabel(theme: Theme, named: Callable[[str], bool]) -> bool:
    """The theme without the keywords and labels `named` finds; its name (unless a person gave
    it) and auto name made again from the keywords left. Returns whether it changed."""
    before = (theme.keywords, theme.names, theme.name, theme.auto_name)
    keywords = [k for k in theme.keywords or [] if not named(k)]
    if keywords != (theme.keywords or []):
        theme.keywords = keywords
    labels = {code: label for code, label in (theme.names or {}).items() if not named(label)}
    if labels != (theme.names or {}):
        theme.names = labels
    if not theme.name_locked and named(theme.name):
        theme.name = " · ".join(keywords[:2]) or f"Theme {theme.id}"
    if theme.auto_name and named(theme.auto_name):  # a released name would bring it back
        theme.auto_name = " · ".join(keywords[:2]) or None
    return (theme.keywords, theme.names, theme.name, theme.auto_name) != before


def words_of(text: str | None) -> set[str]:
    return set(WORD.findall(bare(text or "").casefold()))


def words_still_written(session: Session, words: set[str]) -> set[str]:
    """Those of `words` some stored insight still holds."""
    found: set[str] = set()
    for text in session.scalars(select(Insight.text).execution_options(yield_per=2_000)):
        found |= words & words_of(text)
        if found == words:
            break
    return found


def drop_name_words(session: Session, name_words: set[str]) -> int:
    """Theme keywords holding a word of an erased name (`name_words`, as masking.name_words
    gives them) that no stored insight holds any more, and the labels built from them. Returns
    how many themes changed."""
    erased = {bare(word).casefold() for word in name_words}
    themes = list(session.scalars(select(Theme)))
    held = erased & {w for theme in themes for k in theme.keywords or [] for w in words_of(k)}
    gone = held - words_still_written(session, held) if held else set()
    if not gone:
        return 0
    return sum(relabel(theme, lambda label: bool(gone & words_of(label))) for theme in themes)
