"""Helpers for tests that run the service in a process of its own."""

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served_in_a_thread(app) -> Iterator[str]:
    """`app` behind uvicorn in a thread of this process (its models loaded already), at the
    address yielded, until the block ends."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def wait_ready(process: subprocess.Popen, base: str, timeout_s: float, log: Path | None = None):
    """Until GET `base`/readyz answers 200; fails if the server stops or never gets ready first,
    with the last lines of its `log` when it writes one."""

    def said() -> str:
        return f":\n{tail(log)}" if log else ""

    deadline = time.monotonic() + timeout_s
    # one client for every poll: httpx.get builds a client and its SSL context each time, 27 ms
    # of CPU, a fifth of a core at this pace while the server loads its models beside it
    with httpx.Client(timeout=2) as http:
        while True:
            assert process.poll() is None, f"the server stopped{said()}"
            assert time.monotonic() < deadline, (
                f"the server was not ready in {timeout_s:.0f} s{said()}"
            )
            try:
                if http.get(f"{base}/readyz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)  # a local request costs little; each half-second more is waited for


def lines_until(process: subprocess.Popen, text: str, timeout_s: float = 120) -> list[str]:
    """The lines `process` writes to stderr up to the first that holds `text` (all of them if it
    exits or `timeout_s` passes first)."""
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        for line in process.stderr:
            lines.append(line.rstrip("\n"))
            if text in line:
                found.set()
                return

    threading.Thread(target=read, daemon=True).start()
    found.wait(timeout_s)
    return list(lines)


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, read from /proc (children, their children, ...)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # ended meanwhile
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])  # the name may hold spaces
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        below = children.get(todo.pop(), [])
        found += below
        todo += below
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent has not read its status yet


def serve_lines_until(env: dict[str, str], text: str) -> list[str]:
    """The lines `boucle serve` (on a free port, with `env`) writes up to the first holding
    `text`; the server is stopped then."""
    server = subprocess.Popen([sys.executable, "-m", "api", "serve", "--port", str(free_port())],
                              env=env, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        return lines_until(server, text)
    finally:
        server.terminate()
        server.wait(timeout=60)
