"""Shouting's letter counts: the fast count agrees with str.isupper / str.islower per character."""

import random
import sys

from analyzer.shouting import cased_counts, shouts


def per_character(text: str) -> tuple[int, int]:
    return sum(c.isupper() for c in text), sum(c.islower() for c in text)


def test_cased_counts_agree_with_str_methods_on_every_code_point() -> None:
    for code_point in range(0, sys.maxunicode + 1, 7):
        text = f"aB{chr(code_point)}é{chr(code_point)}Ü."
        assert cased_counts(text) == per_character(text), hex(code_point)


def test_cased_counts_on_mixed_scripts() -> None:
    rng = random.Random(0)
    alphabet = "aZ ÉéßẞİıſǅΣσДдÆ😡ﬁ1!\n" + "".join(map(chr, range(0x370, 0x3FF)))
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(40)))
        assert cased_counts(text) == per_character(text), text
    assert shouts("ÇA NE MARCHE PAS DU TOUT") and not shouts("Ça ne marche pas DU TOUT")
