"""Counted words as people write them: "1 account", "2 accounts", never "1 accounts"."""


def plural(count: int, word: str, many: str | None = None) -> str:
    """The count (with thousands separators) and the word, singular for exactly 1: `many` for
    words that take more than an s ("1 person", "2 people")."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"
