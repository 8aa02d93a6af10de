"""Held-out expectation tables (a sentence and the check it must pass), shared by the tests that
keep one: tests/test_reading_expectations.py, tests/test_pleas.py."""

from collections.abc import Callable, Iterable

import pytest


def held_out(expected: Iterable[tuple[str, Callable]], known_misses: set[str]) -> list:
    """pytest parameters (text, check) for every sentence not written down as a known miss,
    each test named by its sentence."""
    return [
        pytest.param(text, check, id=text) for text, check in expected if text not in known_misses
    ]
