"""A stopped server leaves no process behind: training a tagger ran its cross-validation in
joblib's loky worker processes, which outlived `boucle serve` stopped with SIGTERM."""

import os
import signal
import subprocess
import sys
import time

import httpx

from tests.processes import alive, descendants, free_port, wait_ready
from tests.test_taggers import EXAMPLES


def test_a_server_stopped_after_training_leaves_no_process(tmp_path) -> None:
    env = {**os.environ, "BOUCLE_DATA_DIR": str(tmp_path), "BOUCLE_WORKER": "false"}
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "api", "serve", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(server, base, 300)
        trained = httpx.put(f"{base}/v1/taggers/queues", json={"examples": EXAMPLES[:8]},
                            timeout=300)  # fmt: skip
        assert trained.status_code == 200, trained.text
        below = descendants(server.pid)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    deadline = time.monotonic() + 2  # what would stop with it has had the time to by then
    while [pid for pid in below if alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in below if alive(pid)] == []
