"""Ctrl-C during `boucle import`, local or `--url`: one line saying how far it got and how to
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
from tests.test_import import ROOT, counts, write_tickets

INTERRUPTED = re.compile(
    r"boucle import: interrupted after (\d+) rows: re-run the same command to resume "
    r"\(stored rows are skipped\)"
)


def interrupt_once_stored(command: list[str], env: dict[str, str], settings: Settings,
                          rows: int) -> tuple[subprocess.CompletedProcess, int]:  # fmt: skip
    """Run `boucle` with `command`, send it SIGINT (as Ctrl-C does) once `rows` are stored in
    the store of `settings`; its answer, and the rows stored when it had ended."""
    database = open_database(settings)
    try:
        process = subprocess.Popen([sys.executable, "-m", "api", *command], cwd=ROOT,
                                   env={**os.environ, **env}, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)  # fmt: skip
        deadline = time.monotonic() + 240
        while counts(database)[0] < rows:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "nothing stored in time"
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
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
    command = ["import", str(path), "--quiet", "--no-date-column", "--jobs", "1"]
    done, stored = interrupt_once_stored(command, env, settings, 100)
    said_interrupted(done, stored, total)


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
    command = ["import", str(path), "--quiet", "--no-date-column", "--url", served]
    done, stored = interrupt_once_stored(command, {}, settings, 100)
    said_interrupted(done, stored, total)
