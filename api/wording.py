"""Words as people read them: counted ("1 account", "2 accounts", never "1 accounts"), and a
customer's text cut to one line."""


def plural(count: int, word: str, many: str | None = None) -> str:
    """The count (with thousands separators) and the word, singular for exactly 1: `many` for
    words that take more than an s ("1 person", "2 people")."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def one_line(text: str | None, width: int = 60) -> str:
    """A title or quote on one line, cut at `width` characters."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
