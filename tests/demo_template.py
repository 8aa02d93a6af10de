"""The demo workspace behind the browser tests' servers (test_web_e2e.py, test_web_priorities_e2e.py):
scripts/load_demo.py's demo loaded once per run, in the test process with the models it holds
already, then copied for each module's server, which changes only its own copy. Loading it took
each module ~40 s of CPU in a process of its own (its models, bertopic's imports, the refit)."""

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

from api.settings import Settings
from api.tagging.service import Tagger

# A 200-item demo keeps the run short; the screenshots show the full 600-item one.
SHOOT = os.environ.get("BOUCLE_SCREENSHOTS") == "1"
DEMO_ITEMS = 600 if SHOOT else 200


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's temporary folder: under pytest-xdist, the one above every worker's own, so that
    the workers load the demo once between them."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def demo_template(
    folder: Path, settings_for: Callable[[Path], Settings], tagger: Callable[[], Tagger]
) -> Path:
    """The data folder of the demo loaded in `folder` (by the first worker to ask; the others
    wait for it); `settings_for(data)`: a new SQLite workspace's settings there; `tagger()`:
    the models, asked for only by the worker that loads it."""
    from api.workspace import open_workspace
    from scripts.load_demo import load

    data = folder / f"demo-{DEMO_ITEMS}" / "data"
    loaded = data.parent / "loaded"  # written last: a load that failed is made again
    with FileLock(data.parent.with_suffix(".lock")):
        if not loaded.is_file():
            shutil.rmtree(data, ignore_errors=True)
            ws = open_workspace(settings_for(data), tagger())
            try:
                said = load(ws, items=DEMO_ITEMS)
            finally:
                ws.close()
            loaded.write_text(said + "\n")
    return data


def copy_of_demo(template: Path, data: Path) -> Path:
    """A workspace of its own for one server: the demo's database and vector store, copied."""
    shutil.copytree(template, data)
    return data
