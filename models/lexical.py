"""Stateless hashed lexical features: word uni/bi-grams and character n-grams, numpy only.

A head's card says which ones it was trained on, e.g.
`{"lexical": {"dims": 32768, "words": [1, 2], "chars": [3, 5], "weight": 1.0}}`:

- text: Unicode NFKD, accents dropped, lower-cased; words are runs of `[a-z0-9]` (so "plante",
  "planté" and "PLANTE" are one token);
- `words` [lo, hi]: word n-grams of lo..hi words; `chars` [lo, hi]: character n-grams of lo..hi
  characters inside each word padded with spaces (" crash ", like scikit-learn's `char_wb`);
  either may be absent;
- every n-gram string is hashed with zlib.crc32 (prefixed "w:" or "c:") modulo `dims`;
- counts are sublinear (1 + ln tf), the vector is L2-normalised, then multiplied by `weight`;
- `"emoji_words": true` (heads trained since 2026-12-04): emoji are spelt out first, as the
  embedder reads them (models/emoji_words.py); otherwise they are not words and drop out.

There is no vocabulary, so nothing is fitted: the same text gives the same vector everywhere.
"""

import re
import zlib
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from models.emoji_words import spell_emoji
from models.marks import without_marks

_WORD = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    if text.isascii():  # NFKD leaves ASCII as it is: most feedback takes this path
        return text.lower()
    return without_marks(text).lower()


@lru_cache(maxsize=1 << 14)
def tokens(text: str) -> tuple[str, ...]:
    """The words of a text (cached: the sentiment and intent heads read the same texts)."""
    return tuple(_WORD.findall(normalise(text)))


def ngrams(text: str, words: Sequence[int] | None, chars: Sequence[int] | None) -> Counter:
    """The n-gram strings of one text, with counts."""
    words_of = tokens(text)
    grams: Counter = Counter()
    if words:
        lo, hi = words
        for n in range(lo, hi + 1):
            grams.update("w:" + " ".join(words_of[i : i + n]) for i in range(len(words_of) - n + 1))
    if chars:
        lo, hi = chars
        for token in set(words_of):
            padded, count = f" {token} ", words_of.count(token)
            for n in range(lo, hi + 1):
                for i in range(len(padded) - n + 1):
                    grams["c:" + padded[i : i + n]] += count
    return grams


# crc32 runs on: crc32(gram, crc32(prefix)) == crc32(prefix + gram), without building the string.
_WORD_SEED = zlib.crc32(b"w:")
_CHAR_SEED = zlib.crc32(b"c:")


@lru_cache(maxsize=1 << 16)
def _word_crc(word: str) -> tuple[int, bytes]:
    """crc32 of "w:" + word (a unigram's, unreduced: a bigram's runs on from it), and the bytes
    that follow a word before it in a bigram (cached: words repeat a lot in feedback)."""
    return zlib.crc32(word.encode(), _WORD_SEED), f" {word}".encode()


@lru_cache(maxsize=1 << 12)
def _text_word_buckets(text: str, lo: int, hi: int, dims: int) -> np.ndarray:
    """Buckets of every word n-gram occurrence of a text (cached: the sentiment and intent heads
    hash the same texts' words). Words are ASCII (`_WORD`): their UTF-8 is their ASCII."""
    words_of = tokens(text)
    crcs: list[int] = []
    for n in range(lo, hi + 1):
        if n == 1:
            crcs += [_word_crc(word)[0] for word in words_of]
        elif n == 2:
            known = [_word_crc(word) for word in words_of]
            crcs += [zlib.crc32(b, a) for (a, _), (_, b) in zip(known, known[1:], strict=False)]
        else:
            crcs += [
                zlib.crc32(" ".join(words_of[i : i + n]).encode(), _WORD_SEED)
                for i in range(len(words_of) - n + 1)
            ]
    return np.array(crcs, dtype=np.int64) % dims


@lru_cache(maxsize=1 << 16)
def _word_char_buckets(token: str, lo: int, hi: int, dims: int) -> np.ndarray:
    """Buckets of the character n-grams of one word (cached: words repeat a lot in feedback). A
    word is ASCII (`_WORD`), so its bytes' n-grams are its characters'."""
    padded = f" {token} ".encode()
    crcs = [
        zlib.crc32(padded[i : i + n], _CHAR_SEED)
        for n in range(lo, hi + 1)
        for i in range(len(padded) - n + 1)
    ]
    return np.array(crcs, dtype=np.int64) % dims


def _distinct_with_counts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys, sorted, and how often each occurs: np.unique's, in one sort."""
    ordered = np.sort(keys)
    first = np.empty(len(ordered), dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return ordered[starts], np.diff(starts, append=len(ordered))


def hashed_rows(
    texts: Sequence[str],
    dims: int,
    words: Sequence[int] | None = None,
    chars: Sequence[int] | None = None,
    weight: float = 1.0,
    emoji_words: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR parts (indptr, indices, values) of the hashed features of `texts` (indices sorted
    within a row). Python only lists each text's word n-gram buckets and its words' cached
    character buckets (a word's once per occurrence: its count is then how often its buckets
    occur); counting, duplicates and norms are numpy work over the whole batch, as few calls as
    can be: a ticket is a batch of one to a few texts, where each call's overhead is the cost."""
    if emoji_words:  # read emoji as the embedder does, spelt out (models/emoji_words.py)
        texts = [spell_emoji(text) for text in texts]
    parts: list[np.ndarray] = []  # arrays of bucket occurrences
    part_rows: list[int] = []
    for row, text in enumerate(texts):
        words_of = tokens(text)
        start = len(parts)
        if words and len(words_of) >= words[0]:
            parts.append(_text_word_buckets(text, words[0], words[1], dims))
        if chars:
            parts += [_word_char_buckets(token, chars[0], chars[1], dims) for token in words_of]
        part_rows += [row] * (len(parts) - start)
    keys = np.concatenate(parts) if parts else np.zeros(0, np.int64)
    if not len(keys):  # no n-gram in any text (a word shorter than every character n-gram)
        return np.zeros(len(texts) + 1, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
    if len(texts) > 1:  # one text's keys are its buckets (row 0)
        sizes = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
        keys += np.repeat(np.array(part_rows, dtype=np.int64), sizes) * dims
    unique, counts = _distinct_with_counts(keys)
    rows, indices = np.divmod(unique, dims)
    values = 1.0 + np.log(counts)
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(texts)))
    values *= weight / norms[rows]
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=len(texts)), out=indptr[1:])
    return indptr, indices, values.astype(np.float32)


def hashed_dense(texts: Sequence[str], dims: int, **spec) -> np.ndarray:
    """The same features as a dense (n_texts, dims) float32 matrix."""
    indptr, indices, values = hashed_rows(texts, dims, **spec)
    out = np.zeros((len(texts), dims), dtype=np.float32)
    rows = np.repeat(np.arange(len(texts)), np.diff(indptr))
    np.add.at(out, (rows, indices), values)
    return out


def sparse_dot(texts: Sequence[str], weights: np.ndarray, dims: int, **spec) -> np.ndarray:
    """hashed_dense(texts) @ weights without building the dense matrix: (n_texts, n_labels)."""
    indptr, indices, values = hashed_rows(texts, dims, **spec)
    out = np.zeros((len(texts), weights.shape[1]), dtype=np.float32)
    if len(indices):
        contrib = weights[indices].astype(np.float32, copy=False) * values[:, None]
        filled = np.diff(indptr) > 0  # reduceat would copy a row's next entry into an empty row
        if filled.all():  # most batches: no text without n-grams
            return np.add.reduceat(contrib, indptr[:-1], axis=0)
        out[filled] = np.add.reduceat(contrib, indptr[:-1][filled], axis=0)
    return out
