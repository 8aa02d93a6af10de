"""Optional settings left "" (what compose files write for unset) and a Qdrant address without
its scheme: said in one line, never a traceback."""

import os
import subprocess
import sys

import pytest

from api.settings import Settings

OPTIONAL = (
    "database_url", "database_schema", "qdrant_url", "qdrant_api_key", "webhook_url",
    "webhook_secret", "smtp_host", "smtp_user", "smtp_password", "public_url",
    "theme_alert_webhook_url", "theme_alert_webhook_secret", "secret_key",
)  # fmt: skip


def boucle(*args: str, env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "api", *args],
                          env={**os.environ, "BOUCLE_DATA_DIR": str(tmp_path), **env},
                          capture_output=True, text=True, timeout=120)  # fmt: skip


@pytest.mark.parametrize("name", OPTIONAL)
def test_an_empty_optional_setting_is_unset(name: str, monkeypatch) -> None:
    monkeypatch.setenv(f"BOUCLE_{name.upper()}", "")
    assert getattr(Settings(), name) is None


def test_a_qdrant_address_without_scheme_is_one_line_naming_the_fix(tmp_path) -> None:
    done = boucle("keys", "list", env={"BOUCLE_QDRANT_URL": "qdrant:6333"}, tmp_path=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    said = done.stderr.strip().splitlines()[-1]
    assert said.startswith("boucle: BOUCLE_QDRANT_URL: 'qdrant:6333' is no Qdrant server "
                           "address: write its scheme, e.g. http://qdrant:6333"), said  # fmt: skip


def test_several_workers_refuse_an_empty_qdrant_address(tmp_path) -> None:
    """An empty address passed the check that --workers needs a Qdrant server, and each process then opened
    an embedded store of its own."""
    env = {"BOUCLE_QDRANT_URL": "", "BOUCLE_DATABASE_URL": "postgresql://postgres@127.0.0.1:1/x"}
    done = boucle("serve", "--workers", "2", env=env, tmp_path=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "--workers > 1 needs a shared store" in done.stderr, done.stderr


@pytest.mark.parametrize("port", [0, 99999])
def test_an_smtp_port_out_of_range_is_refused(port: int) -> None:
    """BOUCLE_SMTP_PORT=99999 was accepted, and every e-mail then failed at the worker."""
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="smtp_port"):
        Settings(smtp_port=port)
    assert Settings(smtp_port=587).smtp_port == 587
