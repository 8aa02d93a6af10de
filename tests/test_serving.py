"""The app served by plain uvicorn, as Docker and gunicorn set-ups serve it."""

import os
import subprocess
import sys
import time

import httpx

from tests.processes import free_port, tail


def test_uvicorn_serves_api_app_app(tmp_path) -> None:
    """`uvicorn api.app:app` failed: there was only the factory `create_app`."""
    env = {**os.environ, "BOUCLE_DATA_DIR": str(tmp_path / "data"), "BOUCLE_WORKER": "false"}
    port, log = free_port(), tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--port", str(port),
                                   "api.app:app"], env=env, stdout=out, stderr=out)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, f"uvicorn stopped:\n{tail(log)}"
            assert time.monotonic() < deadline, f"no answer from /healthz:\n{tail(log)}"
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.5)
        assert answer.status_code == 200 and answer.json() == {"status": "ok"}, answer.text
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_importing_the_app_module_builds_no_app(tmp_path) -> None:
    """Tests and tools import api.app: `app` is built at its first use, once."""
    code = ("import api.app as module; from api.app import create_app; "
            "print(module._served is None); "
            "print(module.app is module.app, module._served is module.app)")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "BOUCLE_DATA_DIR": str(tmp_path)}, timeout=120)  # fmt: skip
    assert done.stdout.split() == ["True", "True", "True"], done.stderr[-2000:]
