"""Which `boucle` commands migrate the database: `serve`, `worker`, `import`, `restore` and
`migrate` do; the others leave a database that is behind as it is (a newer CLI run against it
upgraded it under the older servers still running) and say what to run, in one line."""

import re

import pytest

from api.cli import main
from api.storage.migrate import current_revision, downgrade, head_revision
from api.workspace import open_database
from tests.serve_here import serve_up_to_uvicorn
from tests.test_logs import STAMPED

BEHIND = "0031"


@pytest.fixture
def behind(store_settings, share_with_cli):
    """A store one revision behind this Boucle's, which `boucle` (its BOUCLE_* variables) opens."""
    database = open_database(store_settings)
    downgrade(database, BEHIND)
    share_with_cli(store_settings)
    yield database
    database.close()


def test_commands_that_do_not_migrate_leave_a_database_behind_as_it_is(
    behind, tmp_path, capsys
) -> None:
    said = (f"boucle: the database is at revision {BEHIND}, this Boucle needs {head_revision()}: "
            "run `boucle serve` or `boucle worker` (which migrate) or `boucle migrate`")  # fmt: skip
    for command in (["keys", "list"], ["keys", "create", "ops", "--scopes", "read"], ["doctor"],
                    ["backup", str(tmp_path / "backup")], ["export"], ["needs", "list"],
                    ["webhooks", "list"], ["themes", "list"], ["audit"], ["loop", "outbox"]):  # fmt: skip
        assert main(command) == 1, command
        assert said_lines(capsys.readouterr().err) == [said], command
        assert current_revision(behind) == BEHIND, command
    assert not (tmp_path / "backup").exists()

    assert main(["migrate"]) == 0
    out, err = capsys.readouterr()
    assert out == f"the database is at revision {head_revision()}\n"
    migrated = STAMPED + f"database migrated from {BEHIND} to {head_revision()}"
    assert any(re.fullmatch(migrated, line) for line in err.splitlines()), err
    assert current_revision(behind) == head_revision()
    assert main(["keys", "list"]) == 0


def said_lines(err: str) -> list[str]:
    """What a command said on stderr, without the log lines of the test process's threads."""
    return [line for line in err.splitlines() if not re.match(STAMPED, line)]


@pytest.mark.parametrize(("keys", "says"), [
    ('{"replace-with-a-long-secret": ["admin"]}', "remove them from BOUCLE_API_KEYS"),
    ("{}", "with no API keys"),
])  # fmt: skip
def test_serve_refusing_to_bind_leaves_the_database_as_it_was(
    behind, boucle, monkeypatch, keys, says
) -> None:
    """It migrated, then refused to bind: the schema went up under the servers running."""
    done, served = serve_up_to_uvicorn(boucle, monkeypatch, {"BOUCLE_API_KEYS": keys},
                                       "--host", "0.0.0.0")  # fmt: skip
    assert done.returncode == 1 and "refusing to bind to 0.0.0.0" in done.stderr, done.stderr
    assert says in done.stderr and served == []
    assert current_revision(behind) == BEHIND


def test_serve_logs_the_migration_it_makes(tmp_path, boucle, monkeypatch) -> None:
    """Migrated before its log was set up, the line went nowhere (INFO without a handler)."""
    env = {"BOUCLE_DATA_DIR": str(tmp_path / "data"), "BOUCLE_WORKER": "false"}
    done, served = serve_up_to_uvicorn(boucle, monkeypatch, env)
    assert done.returncode == 0 and len(served) == 1, done.stderr
    migrated = STAMPED + f"database migrated from an empty schema to {head_revision()}"
    assert any(re.fullmatch(migrated, line) for line in done.stderr.splitlines()), done.stderr
