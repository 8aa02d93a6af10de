"""Keys and secrets an operator copies from examples: placeholders refused beyond loopback, the
Qdrant key sent in clear said at start, and examples that would themselves be accepted."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from api.security import check_bind, qdrant_key_in_clear
from api.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("key", ["replace-with-a-long-secret", "changeme-changeme-changeme",
                                 "CHANGE_ME_BEFORE_PRODUCTION", "your-api-key-goes-here"])  # fmt: skip
def test_placeholder_keys_are_refused_beyond_loopback(key: str) -> None:
    settings = Settings(api_keys={key: ["admin"]})
    with pytest.raises(SystemExit, match="1 key.s. in BOUCLE_API_KEYS are placeholders"):
        check_bind(settings, "0.0.0.0")
    check_bind(settings, "127.0.0.1")  # on this machine alone: allowed


def test_the_invalid_json_example_is_a_key_that_serves_beyond_loopback(tmp_path) -> None:
    done = subprocess.run([sys.executable, "-m", "api", "keys", "list"],
                          env={**os.environ, "BOUCLE_DATA_DIR": str(tmp_path),
                               "BOUCLE_API_KEYS": "not-json"},
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    example = re.search(r"\(e\.g\. (\{.*\})\)", done.stderr)
    assert example, done.stderr
    check_bind(Settings(api_keys=json.loads(example[1])), "0.0.0.0")


@pytest.mark.parametrize(("url", "warned"), [
    ("http://qdrant:6333", True), ("http://10.0.0.7:6333", True), ("https://qdrant:6333", False),
    ("http://127.0.0.1:6333", False), ("http://localhost:6333", False),
])  # fmt: skip
def test_a_qdrant_key_sent_in_clear_is_said(url: str, warned: bool) -> None:
    line = qdrant_key_in_clear(Settings(qdrant_url=url, qdrant_api_key="k" * 32))
    assert (line is not None) == warned
    if warned:
        assert "in clear over http" in line and "k" * 32 not in line
    assert qdrant_key_in_clear(Settings(qdrant_url=url)) is None  # no key, nothing to say


def test_the_docker_build_context_leaves_out_what_the_image_never_needs() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "data", "node_modules", "**/__pycache__"} <= set(ignored)
    header = (ROOT / "Dockerfile").read_text().split("FROM")[0]
    assert "scripts/load_demo.py --if-empty" in header and "loads no demo" in header


def test_a_placeholder_key_is_said_on_loopback_too(boucle, tmp_path) -> None:
    """docker-compose.yml's "replace-with-a-long-secret" passed without a word on 127.0.0.1,
    where a short key is warned about."""
    env = {"BOUCLE_DATA_DIR": str(tmp_path),
           "BOUCLE_API_KEYS": '{"replace-with-a-long-secret": ["admin"]}'}  # fmt: skip
    done = boucle("keys", "list", env=env)
    assert "boucle: 1 key(s) in BOUCLE_API_KEYS are placeholders from an example" in done.stderr


def test_the_image_holds_the_docs_its_messages_point_at() -> None:
    """Errors name docs/settings.md and docs/scale-out.md; the image copied no docs/."""
    named = {path for source in (ROOT / "api").rglob("*.py")
             for path in re.findall(r"docs/[\w-]+\.md", source.read_text())}  # fmt: skip
    copied = re.findall(r"^COPY --chown=boucle (\S+) ", (ROOT / "Dockerfile").read_text(), re.M)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {"docs/settings.md", "docs/scale-out.md"} <= named
    for path in named:
        assert "docs" in copied and path not in ignored and (ROOT / path).is_file(), path
