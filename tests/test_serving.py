"""The app as a server process: served by plain uvicorn (as Docker and gunicorn set-ups serve it),
and what its log says of requests stopped half-way."""

import json
import os
import signal
import socket
import subprocess
import sys
import time

import httpx

from tests.processes import free_port, tail, wait_ready

# `uvicorn api.app:app` (uvicorn's command line), once this process has said what importing
# api.app builds (nothing) and what its first look at `app` does (builds it, once).
UVICORN_AFTER_IMPORT = (
    "import sys, api.app as module; from api.app import create_app; "
    "print('built at import:', module._served is not None, file=sys.stderr); "
    "print('built once:', module.app is module.app and module._served is module.app, "
    "file=sys.stderr, flush=True); "
    "from uvicorn.main import main; main()"
)


def test_uvicorn_serves_api_app_app(tmp_path) -> None:
    """`uvicorn api.app:app` failed: there was only the factory `create_app`. Tests and tools
    import api.app: `app` is built at its first use, once. One process for both: each imports
    the app, seconds of CPU."""
    env = {**os.environ, "BOUCLE_DATA_DIR": str(tmp_path / "data"), "BOUCLE_WORKER": "false"}
    port, log = free_port(), tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-c", UVICORN_AFTER_IMPORT, "--port", str(port),
                                   "api.app:app"], env=env, stdout=out, stderr=out)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        with httpx.Client(timeout=2) as http:  # one client: see tests/processes.py wait_ready
            while True:
                assert server.poll() is None, f"uvicorn stopped:\n{tail(log)}"
                assert time.monotonic() < deadline, f"no answer from /healthz:\n{tail(log)}"
                try:
                    answer = http.get(f"http://127.0.0.1:{port}/healthz")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
        assert answer.status_code == 200 and answer.json() == {"status": "ok"}, answer.text
    finally:
        server.terminate()
        server.wait(timeout=60)
    said = log.read_text().splitlines()
    assert "built at import: False" in said and "built once: True" in said, said[:20]


def batch_request(port: int) -> socket.socket:
    """A POST /v1/tag/batch of 1,000 long texts (many seconds of work) sent on a raw socket: the
    test decides when the client goes away."""
    text = "The invoice page crashes when I open it and support never answers my emails. " * 20
    items = [{"id": str(i), "text": f"{i} {text}"} for i in range(1000)]
    body = json.dumps({"items": items}).encode()
    client = socket.create_connection(("127.0.0.1", port))
    client.sendall(b"POST /v1/tag/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                   b"application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)  # fmt: skip
    return client


def lines_saying(log, text: str) -> list[str]:
    return [line for line in log.read_text().splitlines() if text in line]


def test_stopped_batches_are_one_calm_line_each_not_a_500(tmp_path) -> None:
    """A batch whose client went away is said in one line; one still running when the shutdown
    grace ran out was a traceback and a 500 in uvicorn's access log."""
    env = {**os.environ, "BOUCLE_DATA_DIR": str(tmp_path / "data"), "BOUCLE_WORKER": "false",
           "BOUCLE_SHUTDOWN_GRACE_S": "1", "BOUCLE_LOG_LEVEL": "INFO"}  # fmt: skip
    port, log = free_port(), tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "api", "serve", "--port", str(port)],
                                  env=env, stdout=out, stderr=out)  # fmt: skip
    try:
        wait_ready(server, f"http://127.0.0.1:{port}", 300, log)
        gone = batch_request(port)
        time.sleep(1)
        gone.close()  # curl killed mid-batch
        deadline = time.monotonic() + 120
        while not lines_saying(log, "client gone") and time.monotonic() < deadline:
            time.sleep(0.2)
        stopped = batch_request(port)
        time.sleep(1)
        server.send_signal(signal.SIGTERM)
        stopped.settimeout(120)
        answer = stopped.makefile("rb").read().decode()  # until the server closes it
        server.wait(timeout=120)
    finally:
        if server.poll() is None:
            server.kill()
    said = log.read_text()
    assert answer.startswith("HTTP/1.1 503 "), answer[:300]
    assert "send it again" in answer and "retry-after: 5" in answer.lower()
    assert len(lines_saying(log, "client gone, stopped after")) == 1, said
    assert len(lines_saying(log, "BOUCLE_SHUTDOWN_GRACE_S ran out")) == 1, said
    assert len(lines_saying(log, "POST /v1/tag/batch")) == 2, said  # client gone; the access line
    assert lines_saying(log, '"POST /v1/tag/batch HTTP/1.1" 503') != [], said
    assert "Traceback" not in said and "ERROR" not in said and " 500 " not in said, said
