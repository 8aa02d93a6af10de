"""What `boucle serve` says at start about where the work runs: with BOUCLE_WORKER off the
background work ran nowhere without a word, and `--workers 2` named both shared stores to set
when one of them was set already."""

import pytest

from tests.conftest import POSTGRES_URL


@pytest.fixture
def served(monkeypatch):
    """`uvicorn.run` replaced: the start is said, no port bound, no model loaded."""
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: print("served"))


@pytest.mark.parametrize(("env", "says"), [
    ({}, "its embedded vector store keeps a `boucle worker` from running beside it: set "
         "BOUCLE_WORKER=true (the default)"),
    ({"BOUCLE_QDRANT_URL": "http://127.0.0.1:6333"}, "run `boucle worker` with the same "
                                                     "settings beside it"),
])  # fmt: skip
def test_serve_warns_once_when_its_worker_is_off(
    settings, share_with_cli, boucle, served, monkeypatch, env, says
) -> None:
    from api import cli

    monkeypatch.setattr(cli, "check_vector_server", lambda settings: None)  # none listens here
    share_with_cli(settings)
    done = boucle("serve", "--port", "1", env={"BOUCLE_WORKER": "false", **env})
    assert (done.returncode, done.stdout) == (0, "served\n"), done.stderr
    warned = [line for line in done.stderr.splitlines() if "BOUCLE_WORKER is false" in line]
    assert len(warned) == 1 and " WARNING " in warned[0] and warned[0].endswith(says), done.stderr


def test_serve_says_nothing_of_the_worker_when_it_runs(settings, share_with_cli, boucle, served):
    share_with_cli(settings)
    done = boucle("serve", "--port", "1", env={"BOUCLE_WORKER": "true"})
    assert done.returncode == 0 and "BOUCLE_WORKER" not in done.stderr, done.stderr


@pytest.mark.parametrize(("env", "missing"), [
    ({"BOUCLE_DATABASE_URL": POSTGRES_URL},
     "set BOUCLE_QDRANT_URL (a Qdrant server, not local mode);"),
    ({"BOUCLE_QDRANT_URL": "http://127.0.0.1:6333"}, "set BOUCLE_DATABASE_URL (PostgreSQL);"),
    ({}, "set BOUCLE_DATABASE_URL (PostgreSQL) and BOUCLE_QDRANT_URL (a Qdrant server, not "
         "local mode);"),
])  # fmt: skip
def test_several_workers_name_only_the_shared_store_missing(
    settings, share_with_cli, boucle, env, missing
) -> None:
    share_with_cli(settings)
    done = boucle("serve", "--workers", "2", env=env)
    assert done.returncode == 2 and missing in done.stderr, done.stderr
