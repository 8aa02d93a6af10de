"""Words as people read them: counted ("1 account", "2 accounts", never "1 accounts"), a
customer's text cut to one line, and the names a typo was likely meant as."""

import difflib
from collections.abc import Sequence

CLOSE = 0.6  # difflib's similarity from which a name reads as a typo of another


def plural(count: int, word: str, many: str | None = None) -> str:
    """The count (with thousands separators) and the word, singular for exactly 1: `many` for
    words that take more than an s ("1 person", "2 people")."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def one_line(text: str | None, width: int = 60) -> str:
    """A title or quote on one line, cut at `width` characters."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def closest(given: str, known: Sequence[str], n: int = 1) -> list[str]:
    """Up to `n` of `known` that `given` was likely meant as, closest first, compared without
    case ("zendsk" -> "Zendesk", BOUCLE_DATABASE_URI -> BOUCLE_DATABASE_URL)."""
    folded = {name.casefold(): name for name in reversed(known)}  # the first spelling wins
    return [folded[name] for name in difflib.get_close_matches(given.casefold(), folded, n, CLOSE)]
