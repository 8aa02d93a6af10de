"""What an operator reads in the logs: every line stamped (ISO time, level, logger), the stores
a server works with, migrations applied and backlogs analysed."""

import logging
import os
import re
import subprocess
import sys

from api.feedback.schemas import FeedbackIn
from api.feedback.service import accept
from api.logs import stores_said
from api.settings import Settings
from api.storage import Database, sqlite_url
from api.storage.migrate import head_revision, upgrade
from api.worker import drain_pending
from tests.serve_here import serve_up_to_uvicorn

STAMPED = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00 (INFO|WARNING|ERROR) [\w.]+: "


def test_boucle_and_uvicorn_lines_carry_an_iso_time_and_level() -> None:
    code = ("import logging, logging.config; from api.cli import show_boucle_logs; "
            "from api.cli import uvicorn_options; from api.settings import Settings; "
            "logging.config.dictConfig(uvicorn_options(Settings())['log_config']); "
            "show_boucle_logs(); logging.getLogger('boucle.worker').warning('a tick'); "
            "logging.getLogger('uvicorn.error').info('Started server process')")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    lines = done.stderr.splitlines()
    assert any(re.fullmatch(STAMPED + "a tick", line) for line in lines), done.stderr
    assert any(re.fullmatch(STAMPED + "Started server process", line) for line in lines), lines


def test_serve_names_its_stores_at_start_without_the_password(tmp_path, boucle, monkeypatch):
    said = stores_said(Settings(data_dir=tmp_path, database_url="postgresql://u:pw@db:5432/b"))
    assert said.startswith("database postgresql://u:***@db:5432/b, vectors in store ")  # once
    assert "Qdrant Edge at" in said and str(tmp_path / "qdrant") in said
    env = {"BOUCLE_DATA_DIR": str(tmp_path / "data"), "BOUCLE_WORKER": "false"}
    done, served = serve_up_to_uvicorn(boucle, monkeypatch, env)
    lines = [line for line in done.stderr.splitlines() if "serving on" in line]
    assert len(served) == 1 and len(lines) == 1, done.stderr
    assert re.fullmatch(STAMPED + r"serving on http://127\.0\.0\.1:\d+: database SQLite at .*"
                        r"boucle\.db, vectors in store \w{8}, Qdrant Edge at .*", lines[0])  # fmt: skip


def test_migrations_applied_are_logged(tmp_path, caplog) -> None:
    database = Database(sqlite_url(tmp_path))
    with caplog.at_level(logging.INFO, logger="boucle.migrate"):
        upgrade(database)
        upgrade(database)  # nothing to apply: nothing said
    database.close()
    said = [r.getMessage() for r in caplog.records if r.name == "boucle.migrate"]
    assert said == [f"database migrated from an empty schema to {head_revision()}"]


def test_the_worker_says_how_long_a_backlog_took(workspace, caplog) -> None:
    accept(workspace, [FeedbackIn(source="zendesk", external_id=str(n), text="Export broken")
                       for n in range(3)])  # fmt: skip
    with caplog.at_level(logging.INFO, logger="boucle.worker"):
        assert drain_pending(workspace) == 3
    said = [r.getMessage() for r in caplog.records if r.name == "boucle.worker"]
    assert len(said) == 1 and re.fullmatch(r"analysed 3 pending items in \d+\.\d s", said[0])


def test_a_library_warning_is_a_stamped_line_as_ours_are(tmp_path) -> None:
    """qdrant-client's UserWarnings in local mode went to the `serve` log bare, over two lines
    (the file, then its source line), without the time and level every other line has."""
    code = ("import warnings; from api.cli import show_boucle_logs; show_boucle_logs(); "
            "from qdrant_client import QdrantClient, models; client = QdrantClient(':memory:'); "
            "client.create_collection('c', vectors_config=models.VectorParams(size=2, "
            "distance=models.Distance.COSINE)); "
            "client.create_payload_index('c', 'source', models.PayloadSchemaType.KEYWORD); "
            "warnings.warn('a deprecation', DeprecationWarning, stacklevel=1)")  # fmt: skip
    env = {**os.environ, "BOUCLE_DATA_DIR": str(tmp_path), "PYTHONWARNINGS": "default"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=60)  # fmt: skip
    lines = done.stderr.splitlines()
    assert done.returncode == 0 and len(lines) == 2, done.stderr  # one line each, no source line
    # at the caller qdrant-client names (its stacklevel)
    assert re.fullmatch(STAMPED.replace("[\\w.]+", "py\\.warnings") + r"UserWarning: Payload "
                        r"indexes have no effect in the local Qdrant.* \(<string>:1\)",
                        lines[0]), lines[0]  # fmt: skip
    assert re.fullmatch(STAMPED + r"DeprecationWarning: a deprecation \(<string>:1\)", lines[1])
