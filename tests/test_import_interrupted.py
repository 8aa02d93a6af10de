"""Ctrl-C during `boucle import`, local (its analysis pool too) or `--url`: one line saying how far it got and how to
resume, exit status 130, no traceback (a real process, sent SIGINT mid-file)."""

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.app import create_app
from api.settings import Settings
from api.workspace import open_database
from tests.processes import served_in_a_thread
from tests.test_import import IMPORT_POOLED_EARLY, ROOT, children, counts, write_tickets

INTERRUPTED = re.compile(
    r"boucle import: interrupted after (\d+) rows: re-run the same command to resume "
    r"\(stored rows are skipped\)"
)


def interrupt_once_stored(argv: list[str], env: dict[str, str], settings: Settings, rows: int,
                          pooled: bool = False) -> tuple[subprocess.CompletedProcess, int]:  # fmt: skip
    """Run `python argv`, send it SIGINT once `rows` are stored in the store of `settings`, to
    its whole process group as Ctrl-C in a terminal does (with `pooled`, once its analysis pool
    has started); its answer, and the rows stored when it had ended."""
    database = open_database(settings)
    try:
        process = subprocess.Popen([sys.executable, *argv], cwd=ROOT, env={**os.environ, **env},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True)  # fmt: skip
        deadline = time.monotonic() + 240
        while counts(database)[0] < rows or (pooled and not children(process.pid)):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "nothing stored in time"
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=120)
        return subprocess.CompletedProcess(process.args, process.returncode, out, err), counts(
            database
        )[0]
    finally:
        database.close()


def said_interrupted(done: subprocess.CompletedProcess, stored: int, total: int) -> None:
    assert done.returncode == 130, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert 0 < stored < total, "the interrupt came too late to test"
    lines = done.stderr.strip().splitlines()
    told = INTERRUPTED.fullmatch(lines[-1])
    assert told and len(lines) == 1, done.stderr
    assert stored <= int(told.group(1)) <= total  # rows read and handled: stored, or rejected


def test_ctrl_c_during_a_local_import_says_how_to_resume(settings: Settings, tmp_path) -> None:
    total = 3000
    path = tmp_path / "tickets.jsonl"
    write_tickets(path, total)
    env = {"BOUCLE_DATA_DIR": str(settings.data_dir), "BOUCLE_WORKER": "false"}
    command = ["-m", "api", "import", str(path), "--quiet", "--no-date-column", "--jobs", "1"]
    done, stored = interrupt_once_stored(command, env, settings, 100)
    said_interrupted(done, stored, total)


def test_ctrl_c_reaches_a_pooled_import_and_its_workers_say_nothing(settings: Settings,
                                                                   tmp_path: Path) -> None:  # fmt: skip
    """The analysis pool's processes get the terminal's SIGINT too: each printed a traceback."""
    total = 3000
    path = tmp_path / "tickets.jsonl"
    write_tickets(path, total)
    env = {"BOUCLE_DATA_DIR": str(settings.data_dir), "BOUCLE_WORKER": "false"}
    command = ["-c", IMPORT_POOLED_EARLY, "import", str(path), "--quiet", "--no-date-column",
               "--jobs", "2"]  # fmt: skip
    done, stored = interrupt_once_stored(command, env, settings, 60, pooled=True)
    said_interrupted(done, stored, total)


# A pool's first worker is started, and Ctrl-C comes before the worker is sent what to run (a
# thread other than the main one takes the signal, as the import's threads do).
CTRL_C_WHILE_A_WORKER_STARTS = """
import os, signal, threading, time
import multiprocessing.util as util
from analyzer import AnalyzerConfig
from api.tagging.pool import AnalysisPool

threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
pool = AnalysisPool(AnalyzerConfig(), {}, 1)
spawn = util.spawnv_passfds

def spawn_then_ctrl_c(*args):
    util.spawnv_passfds = spawn
    pid = spawn(*args)
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.5)  # the other thread takes it meanwhile
    return pid

util.spawnv_passfds = spawn_then_ctrl_c
try:
    pool.submit(["The export crashes."], [None])
    print("not interrupted")
except KeyboardInterrupt:
    print("interrupted")
pool.close()
"""


def test_ctrl_c_while_a_pool_worker_starts_is_answered_once_it_has_started() -> None:
    """The main thread blocks SIGINT while it starts a worker, but another thread took the signal
    and Python raised KeyboardInterrupt in the main thread all the same, between starting the
    worker and writing it its task: the worker read an empty pipe and printed a traceback
    ("EOFError: Ran out of input") after the import had said it was interrupted."""
    done = subprocess.run([sys.executable, "-c", CTRL_C_WHILE_A_WORKER_STARTS], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.stdout.strip() == "interrupted", (done.stdout, done.stderr[-3000:])
    assert "Traceback" not in done.stderr, done.stderr[-3000:]


@pytest.fixture
def served(settings: Settings, tagger) -> Iterator[str]:
    """The app behind uvicorn, in a thread of this process: its models are loaded already."""
    with served_in_a_thread(create_app(settings, tagger)) as address:
        yield address


def test_ctrl_c_during_an_import_sent_to_a_server_says_how_to_resume(
    served: str, settings: Settings, tmp_path: Path
) -> None:
    total = 3000
    path = tmp_path / "tickets.jsonl"
    write_tickets(path, total)
    command = ["-m", "api", "import", str(path), "--quiet", "--no-date-column", "--url", served]
    done, stored = interrupt_once_stored(command, {}, settings, 100)
    said_interrupted(done, stored, total)
