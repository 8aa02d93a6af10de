"""A PostgreSQL address that accepts connections and never answers (a firewall, a wedged
server): commands held for minutes before a word. They now give up after
BOUCLE_DATABASE_CONNECT_TIMEOUT seconds, in one line."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest


@pytest.fixture
def silent_listener() -> Iterator[int]:
    """A port whose connections the kernel accepts and nobody ever answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


@pytest.mark.parametrize(("query", "setting"), [("", "2"), ("?connect_timeout=2", "90")])
def test_a_database_that_never_answers_is_given_up_on_in_one_line(
    silent_listener: int, tmp_path, query: str, setting: str
) -> None:
    """BOUCLE_DATABASE_CONNECT_TIMEOUT bounds the wait, unless the URL sets its own."""
    where = f"127.0.0.1:{silent_listener}/boucle"
    env = {**os.environ, "BOUCLE_DATA_DIR": str(tmp_path),
           "BOUCLE_DATABASE_URL": f"postgresql://postgres:hush-hush@{where}{query}",
           "BOUCLE_DATABASE_CONNECT_TIMEOUT": setting}  # fmt: skip
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "api", "keys", "list"], env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert time.monotonic() - started < 30, "the timeout was not applied"
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    said = done.stderr.strip().splitlines()[-1]
    assert said.startswith(f"boucle: cannot use the database at postgresql://postgres:***@{where}")
    assert "no answer within" in said and "BOUCLE_DATABASE_CONNECT_TIMEOUT" in said, said
    assert "hush-hush" not in said
