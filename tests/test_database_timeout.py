"""A PostgreSQL address that accepts connections and never answers (a firewall, a wedged
server): commands held for minutes before a word. They now give up after
BOUCLE_DATABASE_CONNECT_TIMEOUT seconds, in one line."""

import contextlib
import os
import socket
import subprocess
import sys
import threading
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


@pytest.mark.parametrize(("query", "setting", "source"), [
    ("", "3", "3 s (BOUCLE_DATABASE_CONNECT_TIMEOUT)"),
    ("?connect_timeout=2", "90", "2 s (connect_timeout in BOUCLE_DATABASE_URL)"),
])  # fmt: skip
def test_a_database_that_never_answers_is_given_up_on_in_one_line(
    silent_listener: int, tmp_path, query: str, setting: str, source: str
) -> None:
    """BOUCLE_DATABASE_CONNECT_TIMEOUT bounds the wait, unless the URL sets its own; the line
    says it timed out, where, after how long and which setting to raise."""
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
    assert f"(cannot connect: OperationalError (ConnectionTimeout): no answer from 127.0.0.1:" \
           f"{silent_listener} within {source}): check BOUCLE_DATABASE_URL" in said, said  # fmt: skip
    assert "hush-hush" not in said


@pytest.fixture
def web_server_port() -> Iterator[int]:
    """A port where a web server answers whatever it is sent with an HTTP error."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)

        def answer() -> None:
            with contextlib.suppress(OSError):
                while True:
                    connection, _ = listener.accept()
                    with connection:
                        connection.recv(1024)
                        connection.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")

        threading.Thread(target=answer, daemon=True).start()
        yield listener.getsockname()[1]


@pytest.mark.parametrize("query", ["", "?sslmode=disable"])
def test_a_port_where_something_else_answers_is_said_so(
    web_server_port: int, tmp_path, query: str
) -> None:
    """A proxy or web server at the URL's host and port: the line said only the error's type."""
    where = f"127.0.0.1:{web_server_port}/boucle"
    env = {**os.environ, "BOUCLE_DATA_DIR": str(tmp_path),
           "BOUCLE_DATABASE_URL": f"postgresql://postgres@{where}{query}"}  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "api", "keys", "list"], env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        f"boucle: cannot use the database at postgresql://postgres@{where}{query} (cannot "
        "connect: OperationalError (OperationalError): something other than PostgreSQL answers "
        "at that host and port): check BOUCLE_DATABASE_URL"
    )
