"""What building an Analyzer imports in a new process (each worker, server and CLI call pays it):
spaCy, without its French package (seconds of regex compiling) nor PyTorch (thinc's optional
import), which the stages never use."""

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.hidden_modules import hidden_modules

ROOT = Path(__file__).resolve().parent.parent


def test_the_stages_import_spacy_without_its_french_package_nor_torch() -> None:
    code = (
        "import sys\n"
        "from analyzer.stages import stage_factories\n"
        "stage_factories()\n"
        "print(sorted(m for m in ('spacy', 'spacy.lang.fr', 'torch') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['spacy']"


def test_a_hidden_module_fails_to_import_inside_the_block_only(tmp_path, monkeypatch) -> None:
    (tmp_path / "boucle_optional_module.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with hidden_modules("boucle_optional_module", "json"):
        with pytest.raises(ImportError):
            importlib.import_module("boucle_optional_module")
        assert importlib.import_module("json")  # imported already: left alone
    assert importlib.import_module("boucle_optional_module").VALUE == 1
    monkeypatch.delitem(sys.modules, "boucle_optional_module")
