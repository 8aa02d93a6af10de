"""Bulk work cut into chunks by work, not by count: a chunk holds at most `CHUNK_ITEMS` texts
and, past its first text, at most `CHUNK_CHARS` characters. A ticket waits for the chunk in
progress only, so 16 texts of 19,000 characters (minutes of work) must not make one chunk."""

from collections.abc import Sequence

CHUNK_ITEMS = 16
# 16 tickets of ~500 characters, the usual size: those chunks stay 16 items (the throughput
# measured in docs/benchmarks.md); 3,000-character texts go 2 at a time, longer ones 1.
CHUNK_CHARS = 8_000


def chunk_bounds(
    texts: Sequence[str], max_items: int = CHUNK_ITEMS, max_chars: int = CHUNK_CHARS
) -> list[slice]:
    """Consecutive slices covering `texts` in order; one text longer than `max_chars` is a
    chunk of its own (a text is never split: its analysis depends on all of it)."""
    bounds: list[slice] = []
    start, chars = 0, 0
    for index, text in enumerate(texts):
        if index > start and (index - start == max_items or chars + len(text) > max_chars):
            bounds.append(slice(start, index))
            start, chars = index, 0
        chars += len(text)
    if start < len(texts):
        bounds.append(slice(start, len(texts)))
    return bounds


def chunk_full(texts: Sequence[str]) -> bool:
    """Whether texts read one by one (a stream) make a chunk: no other text may join it."""
    return len(texts) >= CHUNK_ITEMS or sum(map(len, texts)) >= CHUNK_CHARS
