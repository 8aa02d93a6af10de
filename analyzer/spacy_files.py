"""Data modules of spaCy's languages (stop words, punctuation rules) run from their file path.
Importing `spacy.lang.fr.stop_words` runs the language package's __init__ first, and French's
compiles its tokenizer's regexes: 2.3 s of every process start, for a word list."""

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType


def _lang_dir() -> Path:
    spec = importlib.util.find_spec("spacy")  # finds spaCy without importing it
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("spaCy is not installed")
    return Path(spec.origin).parent / "lang"


@cache
def spacy_lang_file(code: str, name: str) -> ModuleType | None:
    """spacy/lang/{code}/{name}.py as a module of its own, without its language package's
    __init__; None where spaCy has no such file. Relative imports in it (`from ..char_classes`)
    resolve to spaCy's modules, as when spaCy imports it."""
    path = _lang_dir() / code / f"{name}.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(f"spacy.lang.{code}.{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
