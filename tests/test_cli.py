"""The `boucle` command: `tag` with JSON lines or plain lines, and `serve`'s refusal to bind open."""

import io
import json
import os
import subprocess
import sys

import pytest

from api.cli import main, proxies, uvicorn_options
from api.env_names import unknown_variables
from api.security import check_bind
from api.settings import Settings
from api.tagging.lines import BadLine, Item, answers, read_items
from tests.processes import free_port, lines_until
from tests.serve_here import serve_up_to_uvicorn


@pytest.fixture
def never_serving(monkeypatch):
    """`boucle serve` called in this process must stop before it serves: a server started here
    would hold the test up for good."""
    import uvicorn

    def serving(*args, **options):
        raise AssertionError("boucle serve started a server")

    monkeypatch.setattr(uvicorn, "run", serving)


def test_tag_reads_json_lines_and_plain_lines(boucle):
    stdin = (
        json.dumps({"id": "t1", "text": "The export crashes. Please add dark mode!"})
        + "\n\nL'application est géniale, merci !\n"
    )
    done = boucle("tag", stdin=stdin)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    # each answer by its line's number (the blank line counts), an id only where one was given
    assert [(line["line"], line.get("id")) for line in lines] == [(1, "t1"), (3, None)]
    assert len(lines[0]["insights"]) == 2
    assert lines[1]["language"] == "fr" and lines[1]["sentiment"]["label"] == "positive"


def test_a_bad_line_is_read_as_one_with_its_number():
    items = list(read_items(io.StringIO(
        '{"text": "fine"}\n{"text": \n{"id": 1, "text": "  "}\n{"text": "ok", "language": "Klingon"}\n'
        '{"text": "ok", "language": "fr-CA"}\n'
    )))  # fmt: skip
    assert str(items[3]).startswith("line 4: 'language': 'Klingon' names no language")
    assert [str(item) for item in items[1:3]] == [
        "line 2: not valid JSON (Expecting value)",
        "line 3: 'text' must be a non-empty string",
    ]
    assert items[2] == BadLine(3, "'text' must be a non-empty string", "1")
    assert items[0] == Item(1, None, "fine", None) and items[4] == Item(5, None, "ok", "fr")


def test_an_id_is_read_as_the_batch_route_reads_it():
    """`boucle tag` echoed {"id": 7} as 7 while POST /v1/tag/batch echoes "7", as feedback
    stores an external_id: one type for a caller to join answers on."""
    items = list(read_items(io.StringIO(
        '{"id": 7, "text": "x"}\n{"id": "9003", "text": "x"}\n{"id": true, "text": "x"}\n'
        '{"id": 1.5, "text": "x"}\n{"id": [1], "text": "x"}\n'
    )))  # fmt: skip
    assert items[:2] == [Item(1, "7", "x", None), Item(2, "9003", "x", None)]
    assert [str(item) for item in items[2:]] == [
        "line 3: 'id': true is not an id: send the item's id as a string or an integer",
        "line 4: 'id': 1.5 is not an id: send the item's id as a string or an integer",
        "line 5: 'id' must be a string or an integer (got a list)",
    ]


def test_a_line_may_name_its_contact_whose_name_is_masked(boucle):
    stdin = "\n".join(json.dumps(line) for line in [
        {"id": "a", "text": "Anna's export crashes since Monday.", "contact": {"name": "Anna Schmidt"}},
        {"id": "b", "text": "Anna's export crashes since Monday."},
        {"id": "c", "text": "fine", "contact": {"email": "anna"}},
        {"id": "d", "text": "fine", "contact": ["Anna"]},
    ])  # fmt: skip
    done = boucle("tag", stdin=stdin)
    assert done.returncode == 2
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line.get("redacted_text") for line in lines[:2]] == [
        "[NAME]'s export crashes since Monday.",
        "Anna's export crashes since Monday.",
    ]
    assert lines[2:] == [
        {"line": 3, "id": "c", "error": "'contact.email': must be an e-mail address (name@domain)"},
        {"line": 4, "id": "d", "error": "'contact': must be an object (got a list)"},
    ]


def test_bad_lines_are_answered_in_their_place():
    entries = [BadLine(1, "no"), Item(2, "a", "x", None), BadLine(3, "no", 7),
               Item(4, None, "y", None), BadLine(5, "no")]  # fmt: skip
    lines = [line for line, _ in answers(entries, lambda items: ({"t": i.text} for i in items))]
    assert lines == [
        {"line": 1, "error": "no"},
        {"line": 2, "id": "a", "t": "x"},
        {"line": 3, "id": 7, "error": "no"},
        {"line": 4, "t": "y"},  # no id given: none made up
        {"line": 5, "error": "no"},
    ]


def test_lines_are_numbered_as_in_the_input_and_only_objects_or_strings_are_tagged():
    """A plain line's id was its position among the answers (blank lines skipped), while errors
    gave the line's number, and it could equal another line's own "id": 7; "42" and "[1,2]"
    were tagged as text."""
    stdin = (
        'plain line\n\nanother plain line\n{"text"\n{"id": 4, "text": "x"}\n42\n[1,2]\n"quoted"\n'
    )
    lines = [line for line, _ in answers(read_items(io.StringIO(stdin)),
                                         lambda items: ({"t": i.text} for i in items))]  # fmt: skip
    refused = 'a JSON line must be an object {"text": ...} or a string (got KIND): to tag such'
    assert lines[:3] == [{"line": 1, "t": "plain line"}, {"line": 3, "t": "another plain line"},
                         {"line": 4, "error": "not valid JSON (Expecting ':' delimiter)"}]  # fmt: skip
    assert lines[3] == {"line": 5, "id": "4", "t": "x"}  # its own id, beside no other line's 4
    assert [line["line"] for line in lines[4:]] == [6, 7, 8]
    assert lines[4]["error"].startswith(refused.replace("KIND", "a number"))
    assert lines[5]["error"].startswith(refused.replace("KIND", "a list"))
    assert lines[6] == {"line": 8, "t": "quoted"}


def test_tag_answers_every_line_after_a_bad_one_and_exits_2(boucle):
    """The integrator's case: the third of four lines is bad; the fourth is still tagged."""
    done = boucle(
        "tag",
        stdin='The app crashes on login\n{"id": "b", "text": "Merci !"}\n{"text":""}\n'
        '{"id": 5, "text": "Please add dark mode"}\n{"id": 6}\n',
    )
    assert done.returncode == 2
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["line"] for line in lines] == [1, 2, 3, 4, 5]
    # an integer id echoed as a string, as POST /v1/tag/batch echoes it
    assert [line.get("id") for line in lines] == [None, "b", None, "5", "6"]
    assert lines[2] == {"line": 3, "error": "'text' must be a non-empty string"}
    assert lines[4] == {"line": 5, "id": "6", "error": "'text' must be a non-empty string"}
    assert lines[3]["insights"] and "error" not in lines[3]
    assert "boucle tag: line 3: 'text' must be a non-empty string" in done.stderr
    assert "line 5" in done.stderr and "2 bad line(s)" in done.stderr


def test_tag_warns_once_when_redaction_is_switched_off(tmp_path):
    """Without the redact stage, what `boucle tag` answers (and a server stores) keeps the PII.
    A process of its own: the warning must reach the terminal, where no test's logging is; with
    one stage, whose models it loads in a moment (the others' take seconds and warn nothing)."""
    env = {**os.environ, "BOUCLE_STAGES": '["normalise"]',
           "BOUCLE_DATA_DIR": str(tmp_path)}  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "api", "tag"], input="Call me at 0612345678\n",
                          env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stderr.count("leaves out 'redact'") == 1
    assert "0612345678" in done.stdout


def test_tag_help_says_the_exit_status(boucle):
    done = boucle("tag", "--help")
    said = " ".join(done.stdout.split())
    assert "2 when any line was bad" in said
    assert "the line's number in the input (blank lines count, and get no answer)" in said


def test_serve_refuses_an_open_api_beyond_loopback():
    with pytest.raises(SystemExit, match="BOUCLE_API_KEYS"):
        check_bind(Settings(), "0.0.0.0")
    check_bind(Settings(), "127.0.0.1")
    check_bind(Settings(api_keys={"k" * 16: ["tag"]}), "0.0.0.0")


@pytest.mark.parametrize(("port", "said"), [
    ("99999", "Input should be less than or equal to 65535"),  # was served on 34463
    ("0", "Input should be greater than or equal to 1"),
    ("http", "Input should be a valid integer"),
])  # fmt: skip
def test_serve_refuses_a_port_flag_as_it_refuses_boucle_port(boucle, never_serving, port, said):
    flag = boucle("serve", "--port", port)
    assert flag.returncode == 2 and f"argument --port: {said}" in flag.stderr, flag.stderr
    variable = boucle("serve", env={"BOUCLE_PORT": port})
    assert variable.returncode == 2 and f"BOUCLE_PORT: {said}" in variable.stderr


def test_a_port_in_use_is_said_before_the_database_opens_or_models_load(
    boucle, never_serving, tmp_path
):
    """uvicorn said `[Errno 98]` (exit 3) after the migration and ~20 s of models."""
    import socket

    from api.listen_port import unbindable_port

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = boucle("serve", "--port", str(port), env={"BOUCLE_DATA_DIR": str(tmp_path)})
    assert done.returncode == 2, done.stderr
    assert f"boucle serve: cannot listen on 127.0.0.1:{port} (Address already in use): " \
           "another server listens there: pick another port with --port or BOUCLE_PORT" \
           in done.stderr  # fmt: skip
    assert not (tmp_path / "boucle.db").exists()  # neither made nor migrated
    assert unbindable_port("127.0.0.1", port) is None  # closed: free again


def test_short_keys_are_refused_beyond_loopback_and_named_everywhere(tmp_path, boucle):
    short = Settings(api_keys={"s3cret": ["tag"], "k" * 32: ["admin"]})
    with pytest.raises(SystemExit, match="1 key.s. in BOUCLE_API_KEYS are shorter than 16") as no:
        check_bind(short, "0.0.0.0")
    assert "s3cret" not in str(no.value)
    check_bind(short, "127.0.0.1")  # on this machine alone: a warning, below
    from api.workspace import open_database

    open_database(Settings(data_dir=tmp_path)).close()  # a workspace for `keys list` to read
    done = boucle("keys", "list", env={"BOUCLE_API_KEYS": '{"s3cret": ["tag"]}',
                                       "BOUCLE_DATA_DIR": str(tmp_path)})  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "shorter than 16 characters" in done.stderr and "s3cret" not in done.stderr


def test_unknown_boucle_variables_are_named_with_the_likely_name():
    lines = unknown_variables({"BOUCLE_DATABASE_URI": "postgresql://x", "BOUCLE_PORT": "1",
                               "BOUCLE_API_KEY": "k", "boucle_workr": "0", "HOME": "/",
                               "BOUCLE_ZZZ_QQQ": "1"})  # fmt: skip
    assert lines == [
        "boucle: unknown setting BOUCLE_DATABASE_URI (did you mean BOUCLE_DATABASE_URL?)",
        "boucle: unknown setting BOUCLE_ZZZ_QQQ (docs/settings.md lists them)",
        "boucle: unknown setting boucle_workr (did you mean BOUCLE_WORKER?)",
    ]


def test_an_app_served_without_the_cli_names_unknown_variables(tmp_path) -> None:
    """Only `boucle` named them: `uvicorn --factory api.app:create_app` (or gunicorn) ran on a
    typo's default without a word."""
    env = {**os.environ, "BOUCLE_DATA_DIR": str(tmp_path), "BOUCLE_WORKER": "false",
           "BOUCLE_DATABSE_URL": "postgresql://postgres@127.0.0.1:5432/test"}  # fmt: skip
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "--port", str(free_port()),
                               "api.app:create_app"], env=env, stderr=subprocess.PIPE,
                              text=True)  # fmt: skip
    try:
        said = lines_until(server, "unknown setting")
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert said and said[-1] == (
        "boucle: unknown setting BOUCLE_DATABSE_URL (did you mean BOUCLE_DATABASE_URL?)"
    ), said


def test_a_misspelled_variable_stops_serve_and_warns_other_commands(
    tmp_path, boucle, never_serving
) -> None:
    """BOUCLE_DATABASE_URI (for _URL) was ignored: the server ran on a new SQLite file."""
    env = {"BOUCLE_DATA_DIR": str(tmp_path),
           "BOUCLE_DATABASE_URI": "postgresql://postgres@127.0.0.1:5432/test"}  # fmt: skip
    says = "boucle: unknown setting BOUCLE_DATABASE_URI (did you mean BOUCLE_DATABASE_URL?)"
    served = boucle("serve", "--port", "1", env=env)
    assert served.returncode == 2 and says in served.stderr, served.stderr
    assert "refusing to start" in served.stderr and "Traceback" not in served.stderr
    assert not (tmp_path / "boucle.db").exists()  # stopped before any store was made
    listed = boucle("keys", "list", env=env)
    assert says in listed.stderr, listed.stderr  # and, reading, it finds no workspace there
    assert listed.returncode == 1 and "no Boucle database" in listed.stderr
    assert not (tmp_path / "boucle.db").exists()


@pytest.mark.parametrize(("env", "says"), [
    ({"BOUCLE_PORT": "abc"}, "BOUCLE_PORT: Input should be a valid integer"),
    ({"BOUCLE_NOTIFY_CHANNEL": "webhook"}, "needs BOUCLE_WEBHOOK_URL and BOUCLE_WEBHOOK_SECRET"),
    ({"BOUCLE_NOTIFY_CHANNEL": "smtp"}, "needs BOUCLE_SMTP_HOST"),
    # theme alerts were signed with an empty key
    ({"BOUCLE_THEME_ALERT_WEBHOOK_URL": "https://chat.example/hook"},
     "BOUCLE_THEME_ALERT_WEBHOOK_URL needs BOUCLE_THEME_ALERT_WEBHOOK_SECRET (or "
     "BOUCLE_WEBHOOK_SECRET)"),
    # a key's own text is never printed (it went to stderr and container logs)
    ({"BOUCLE_API_KEYS": '{"sk-live-9f8e": ["superuser"]}'}, "BOUCLE_API_KEYS: Input should be"),
    ({"BOUCLE_API_KEYS": "not-json"}, "BOUCLE_API_KEYS is not valid JSON"),
    # a name uvicorn cannot read matched no proxy, without a word; not JSON said "e.g. [...]"
    ({"BOUCLE_TRUSTED_PROXIES": '["notanip"]'},
     "BOUCLE_TRUSTED_PROXIES: not an IP address or network: 'notanip'; write a JSON list such as"),
    ({"BOUCLE_TRUSTED_PROXIES": '["10.0.0.5/24"]'}, "not 10.0.0.5/24"),
    ({"BOUCLE_TRUSTED_PROXIES": '["*", "10.0.0.5"]'}, 'write ["*"] alone'),
    ({"BOUCLE_TRUSTED_PROXIES": "10.0.0.5"},
     'BOUCLE_TRUSTED_PROXIES is not valid JSON (e.g. ["10.0.0.5", "172.18.0.0/16"])'),
    ({"BOUCLE_DIGEST_RECIPIENTS": "pm@acme.com"}, '(e.g. ["pm@acme.com"])'),
    ({"BOUCLE_API_KEYS": '{"": ["admin"]}'}, "BOUCLE_API_KEYS: an API key is empty"),
    ({"BOUCLE_DATABASE_URL": "mysql://x"}, "BOUCLE_DATABASE_URL: use postgresql://"),
    # psycopg's own check, when connecting, was a traceback
    ({"BOUCLE_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test?connect_timeout=abc"},
     "BOUCLE_DATABASE_URL: its ?connect_timeout= is not a whole number of seconds"),
    ({"BOUCLE_DATABASE_SCHEMA": "Bad-Schema"}, "BOUCLE_DATABASE_SCHEMA: 'Bad-Schema'"),
    # analyzer settings are checked with the rest, not when the models load
    ({"BOUCLE_INTENT_THRESHOLDS": '{"bugreport": 0.35}'},
     "boucle: BOUCLE_INTENT_THRESHOLDS: unknown intents ['bugreport']"),
    ({"BOUCLE_STAGES": '["embed", "foo"]'}, "boucle: BOUCLE_STAGES: unknown stages ['foo']"),
    ({"BOUCLE_EMBEDDER": "nope"}, "boucle: BOUCLE_EMBEDDER: unknown embedder 'nope'"),
    ({"BOUCLE_TIMEZONE": "Europe/Pariss"},
     "boucle: BOUCLE_TIMEZONE: 'Europe/Pariss' is not an IANA time zone name: write one such as"),
])  # fmt: skip
def test_a_bad_setting_is_named_without_a_traceback(
    env: dict, says: str, tmp_path, boucle, never_serving
) -> None:
    done = boucle("serve", env={"BOUCLE_DATA_DIR": str(tmp_path), **env})
    assert done.returncode == 2 and says in done.stderr and "Traceback" not in done.stderr
    assert "sk-live" not in done.stderr


@pytest.mark.parametrize(("url", "driver_said", "we_say"), [
    ("postgresql://postgres@127.0.0.1:1/boucle", "Connection refused",
     "nothing listens at that host and port"),
    ("postgresql://postgres:s3cret@127.0.0.1:5432/no_such_database_here", "does not exist",
     "no such database on the server"),
    ("postgresql://no_such_role_here:s3cret@127.0.0.1:5432/test", "no_such_role_here\"",
     "no such user on the server"),
])  # fmt: skip
def test_a_database_out_of_reach_is_one_line(
    url: str, driver_said, we_say, tmp_path, boucle
) -> None:
    """Said by where, the error's type and our words for it: the driver's message, which may
    quote a connection's parameters, is not repeated."""
    env = {"BOUCLE_DATABASE_URL": url, "BOUCLE_DATA_DIR": str(tmp_path)}
    done = boucle("keys", "list", env=env)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("boucle: cannot use the database at postgresql://")
    assert "s3cret" not in done.stderr and "check BOUCLE_DATABASE_URL" in done.stderr
    assert f"(cannot connect: OperationalError (OperationalError): {we_say})" in done.stderr
    assert driver_said not in done.stderr and "FATAL" not in done.stderr, done.stderr


def test_a_database_url_that_does_not_parse_is_said_without_its_parts(tmp_path, boucle) -> None:
    """A port that is not a number: a traceback that quoted the URL's part."""
    url = "postgresql://postgres:s3cret@127.0.0.1:port-s3cret/boucle"
    env = {"BOUCLE_DATABASE_URL": url, "BOUCLE_DATA_DIR": str(tmp_path)}
    done = boucle("keys", "list", env=env)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip() == (
        "boucle: BOUCLE_DATABASE_URL: not a database URL (is the port a number?): use "
        "postgresql://user:password@host:5432/database"
    )


def test_cli_help_lists_commands(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "tag" in out and "serve" in out


def test_themes_list_refuses_a_language_that_is_not_a_code(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["themes", "list", "--lang", "french"])
    assert exited.value.code == 2
    assert "ISO 639-1" in capsys.readouterr().err


def beside_a_server(boucle, data_dir, *command: str) -> subprocess.CompletedProcess:
    """`boucle COMMAND` on a data dir whose embedded store is held, as a running `boucle serve`
    holds it. Both in this process: the lock (flock) is held by an open file, so the command's
    own open is refused as another process's is, without the seconds a new process takes."""
    from api.vectors import EdgeVectorStore

    held = EdgeVectorStore(data_dir / "qdrant")
    try:
        return boucle(*command, env={"BOUCLE_DATA_DIR": str(data_dir)})
    finally:
        held.close()


@pytest.mark.parametrize("command", [["doctor"], ["worker", "--once"]])
def test_a_command_on_a_store_in_use_says_so_without_a_traceback(tmp_path, boucle, command):
    from api.settings import Settings
    from api.workspace import open_database

    # the server's database, as serve makes it: commands reach the database before the store
    open_database(Settings(data_dir=tmp_path)).close()
    done = beside_a_server(boucle, tmp_path, *command)
    assert done.returncode == 1
    assert "open in another process" in done.stderr
    assert "Traceback" not in done.stderr


def test_themes_list_reads_sql_only_beside_a_running_server(tmp_path, boucle):
    from api.settings import Settings
    from api.workspace import open_database

    open_database(Settings(data_dir=tmp_path)).close()  # the server's database, as serve makes it
    done = beside_a_server(boucle, tmp_path, "themes", "list", "--lang", "fr")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "unthemed insights: 0" in done.stdout


def test_reading_commands_refuse_a_folder_with_no_workspace(tmp_path, boucle) -> None:
    env = {"BOUCLE_DATA_DIR": str(tmp_path / "typo")}
    for command in (["export"], ["themes", "list"], ["backup", str(tmp_path / "b")]):
        done = boucle(*command, env=env)
        assert done.returncode == 1 and "no Boucle database" in done.stderr, (command, done)
        assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", [
    ["keys", "list"], ["keys", "revoke", "ops"], ["doctor"], ["feedback", "retry", "--all-failed"],
    ["export"], ["audit"], ["themes", "list"],
])  # fmt: skip
def test_commands_on_stored_data_refuse_a_postgresql_database_without_boucle_tables(
    command, tmp_path, monkeypatch, capsys
) -> None:
    """`boucle keys list` on an empty PostgreSQL database made every table of Boucle's and
    listed nothing, as if the settings pointed at the right place; then it still made the
    missing schema while saying nothing was written."""
    import uuid

    from sqlalchemy import inspect

    from api.settings import get_settings
    from api.storage import Database
    from tests.conftest import POSTGRES_URL, drop_schema

    schema = f"boucle_test_empty_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BOUCLE_DATABASE_URL", POSTGRES_URL)
    monkeypatch.setenv("BOUCLE_DATABASE_SCHEMA", schema)
    get_settings.cache_clear()
    try:
        assert main(command) == 1
        said = capsys.readouterr().err.strip()
        assert said == (
            f"boucle: no Boucle tables in {POSTGRES_URL}, schema {schema}: set "
            "BOUCLE_DATABASE_URL (and BOUCLE_DATABASE_SCHEMA) to the database `boucle serve` "
            "uses; nothing was written"
        )
        database = Database(POSTGRES_URL)  # not in the schema: opening it would make it
        try:  # no table, and no empty schema left behind either: nothing was written
            assert schema not in inspect(database.engine).get_schema_names()
        finally:
            database.close()
    finally:
        get_settings.cache_clear()
        drop_schema(schema)


def test_an_unusable_data_dir_is_named_without_a_traceback(tmp_path, boucle) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x")
    read_only = tmp_path / "ro"
    read_only.mkdir()
    read_only.chmod(0o500)
    cases = [(a_file, "is a file"), (a_file / "data", "cannot be created")]
    if not os.access(read_only, os.W_OK):  # root may write anywhere: that case is then moot
        cases.append((read_only, "not writable"))
    for data_dir, says in cases:
        done = boucle("themes", "list", env={"BOUCLE_DATA_DIR": str(data_dir)})
        assert done.returncode == 1 and says in done.stderr and "Traceback" not in done.stderr


def test_log_lines_have_a_level_and_follow_boucle_log_level() -> None:
    """Lines of boucle.errors (a 500's traceback) and boucle.vectors went bare to stderr, or
    nowhere below WARNING, beside uvicorn's."""
    code = ("import logging; from api.cli import show_boucle_logs; show_boucle_logs(); "
            "logging.getLogger('boucle.errors').error('a bug'); "
            "logging.getLogger('boucle.vectors').warning('an index'); "
            "logging.getLogger('boucle.worker').info('a tick')")  # fmt: skip
    for level, shown, hidden in [("INFO", ["a tick"], []), ("WARNING", [], ["a tick"])]:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={**os.environ, "BOUCLE_LOG_LEVEL": level}, timeout=60)  # fmt: skip
        lines = [line.split(" ", 1)[-1] for line in done.stderr.splitlines()]  # after the time
        assert "ERROR boucle.errors: a bug" in lines, done.stderr
        assert "WARNING boucle.vectors: an index" in lines
        assert all(any(s in line for line in lines) for s in shown)
        assert not any(h in done.stderr for h in hidden)


@pytest.fixture
def logs_of_a_new_process(monkeypatch, tmp_path):
    """This process's loggers as a new serving process finds them: uvicorn's without the filters
    an app built earlier here set. What serving sets up (the filters, Boucle's handler and level)
    is put back after; the settings are read from BOUCLE_DATA_DIR=`tmp_path`."""
    import logging

    from api.settings import get_settings

    for name in ("uvicorn.access", "uvicorn.error"):
        monkeypatch.setattr(logging.getLogger(name), "filters", [])
    boucle_log = logging.getLogger("boucle")
    handlers, level = list(boucle_log.handlers), boucle_log.level
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
    boucle_log.handlers[:] = handlers
    boucle_log.setLevel(level)


def filters_of(logger_name: str) -> list[str]:
    import logging

    return [type(f).__name__ for f in logging.getLogger(logger_name).filters]


def test_each_serving_process_keeps_addresses_out_of_its_access_log(logs_of_a_new_process) -> None:
    """`serve --workers N` builds the app in new processes, which log the requests: the filter
    set in the parent never reached them. In this process, its loggers bare as a new one's: a
    process of its own took seconds to import the app."""
    from api.cli import served_app

    served_app()
    assert filters_of("uvicorn.access") == ["AddressesOutOfAccessLog", "ClientNetworksInAccessLog"]
    assert filters_of("uvicorn.error") == ["StoppedAtShutdown"]


# `boucle keys list`, then a `serve` refused before it binds, in one process; then which of the
# modules that take seconds to import (the analyzer's name lists, every route's) it loaded.
SQL_ALONE = """
import sys
from api.cli import main
code = main(["keys", "list"])
try:
    main(["serve", "--host", "0.0.0.0"])  # no API key: refused
except SystemExit as refused:
    print(refused, file=sys.stderr)
slow = ("analyzer.names", "api.tagging.service", "api.app")
print(code, [name for name in slow if name in sys.modules])
"""


def test_commands_on_sql_alone_and_refusals_to_serve_skip_the_slow_imports(tmp_path) -> None:
    """Every `boucle` command imported the analyzer's name lists (for the import presets, the
    webhook event names, an error message) and `serve` the whole app before it refused: a
    second or two at each start, before a word."""
    from api.workspace import open_database

    open_database(Settings(data_dir=tmp_path)).close()  # a workspace for `keys list` to read
    done = subprocess.run([sys.executable, "-c", SQL_ALONE], capture_output=True, text=True,
                          env={**os.environ, "BOUCLE_DATA_DIR": str(tmp_path)}, timeout=60)  # fmt: skip
    assert "refusing to bind to 0.0.0.0" in done.stderr, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == "0 []", done.stdout + done.stderr[-2000:]


# One `boucle` command in a process of its own, then which of the given modules it imported.
MODULES_IMPORTED = """
import sys
from api.cli import main
try:
    code = main(sys.argv[2:])
except SystemExit as exited:  # argparse: --version, --help, a bad option
    code = exited.code
print(code, [name for name in sys.argv[1].split(",") if name in sys.modules])
"""
# What a command that never analyses a text has no use for: numpy, SQL, the web app's modules,
# the analyzer's (api.settings imported the analyzer and scipy: seconds of CPU for --version).
ANALYZER_AND_STORES = ("numpy", "scipy", "sqlalchemy", "fastapi", "uvicorn", "httpx",
                       "analyzer.analysis", "analyzer.pipeline", "analyzer.themes.discovery",
                       "analyzer.names", "models.embedders")  # fmt: skip
# What only a command that analyses texts here needs: the models and their code.
MODELS = ("analyzer.pipeline", "analyzer.names", "models.embedders", "api.tagging.service",
          "api.app")  # fmt: skip


def modules_imported(tmp_path, modules: tuple[str, ...], *argv: str, env: dict | None = None):
    """`boucle ARGV` run in a new process: its exit status, the `modules` it imported, stderr."""
    done = subprocess.run(
        [sys.executable, "-c", MODULES_IMPORTED, ",".join(modules), *argv],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "BOUCLE_DATA_DIR": str(tmp_path), **(env or {})},
    )  # fmt: skip
    code, imported = done.stdout.splitlines()[-1].split(" ", 1)
    return int(code), imported, done.stderr


@pytest.mark.parametrize(
    ("argv", "code", "said"),
    [
        (["--version"], 0, ""),
        (["--help"], 0, ""),
        (["import", "--help"], 0, ""),
        (["export", "--colour"], 2, "unrecognized arguments: --colour"),
        (["import", "{dir}/feedback.csv", "--map", "Body"], 2, "--map 'Body': write FIELD=COLUMN"),
    ],
)
def test_version_help_and_bad_options_import_neither_the_analyzer_nor_the_stores(
    tmp_path, argv, code, said
) -> None:
    """`boucle --version` took 3 s of CPU: the settings imported the analyzer (and scipy, for
    the themes' defaults), every start the web app's and SQL's modules; a bad --map was said
    after the models loaded (15 s)."""
    (tmp_path / "feedback.csv").write_text("id,Body\n1,The export crashes\n")
    found = modules_imported(tmp_path, ANALYZER_AND_STORES, *(a.format(dir=tmp_path) for a in argv))
    assert found[:2] == (code, "[]"), found
    assert said in found[2]


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "{dir}/feedback.csv", "--no-date-column", "--url", "{url}"],
        ["forget", "contact", "c-1", "--yes", "--url", "{url}"],
        ["forget", "contact", "c-1", "--url", "{url}"],  # its dry run, counted there
    ],
)
def test_commands_through_a_server_load_no_models(tmp_path, argv) -> None:
    """`boucle import --url` (2 rows) took 21 s and `forget --url` 19.6 s: the models loaded in
    a process that sends everything to the server. Here no server listens: the refusal is the
    answer, said without them."""
    (tmp_path / "feedback.csv").write_text("id,text\n1,The export crashes\n2,Love it\n")
    url = f"http://127.0.0.1:{free_port()}"
    argv = [arg.format(dir=tmp_path, url=url) for arg in argv]
    code, imported, said = modules_imported(tmp_path, ("numpy", *MODELS), *argv)
    assert f"cannot reach {url}" in said, said[-2000:]
    assert imported == "[]" and code in (1, 2), said[-2000:]  # forget: 1, import: 2


@pytest.mark.parametrize("argv", [["doctor", "--repair"], ["forget", "contact", "c-1", "--yes"]])
def test_a_vector_server_out_of_reach_is_said_before_the_models_load(tmp_path, argv) -> None:
    """`doctor --repair` and `restore --force` with BOUCLE_QDRANT_URL out of reach spent 14 s of
    CPU loading the models before they asked the store ("Connection refused")."""
    from api.workspace import open_database

    open_database(Settings(data_dir=tmp_path)).close()  # a workspace to repair
    url = f"http://127.0.0.1:{free_port()}"
    code, imported, said = modules_imported(tmp_path, MODELS, *argv,
                                            env={"BOUCLE_QDRANT_URL": url})  # fmt: skip
    assert f"cannot use the Qdrant server at {url}" in said, said[-2000:]
    assert (code, imported) == (1, "[]"), said[-2000:]


def test_forwarded_addresses_count_only_from_named_proxies():
    """uvicorn believes X-Forwarded-For from 127.0.0.1 by default: a local client could name a
    new address per request and never meet the failed-key limit."""
    assert proxies(Settings()) == {"proxy_headers": False}
    named = proxies(Settings(trusted_proxies=["10.0.0.5", "10.0.0.6"]))
    assert named == {"proxy_headers": True, "forwarded_allow_ips": "10.0.0.5,10.0.0.6"}
    network = proxies(Settings(trusted_proxies=[" 172.18.0.0/16", "::1"]))  # as uvicorn reads them
    assert network["forwarded_allow_ips"] == "172.18.0.0/16,::1"
    assert proxies(Settings(trusted_proxies=["*"]))["forwarded_allow_ips"] == "*"


def test_an_app_served_without_the_cli_keeps_addresses_out_of_its_access_log(
    logs_of_a_new_process,
) -> None:
    """`uvicorn --factory api.app:create_app` and gunicorn never run `boucle serve`'s set-up: the
    app sets the filter itself, once however often it is built."""
    from api.app import create_app

    create_app()
    create_app()
    assert filters_of("uvicorn.access") == ["AddressesOutOfAccessLog", "ClientNetworksInAccessLog"]


def test_themes_refit_cold_says_it_started_over(tmp_path, boucle) -> None:
    from api.settings import Settings
    from api.workspace import open_database

    open_database(Settings(data_dir=tmp_path)).close()
    done = boucle("themes", "refit", "--cold", "--quiet", env={"BOUCLE_DATA_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.splitlines()[-1]) == {
        "cold": True,
        "insights": 0,
        "sample": 0,
        "themes": 0,
        "seconds": 0.0,
    }


# `boucle serve` up to uvicorn, which prints its shutdown bound instead of serving.
SERVE_WITHOUT_SERVING = (
    "import sys, uvicorn; from api.cli import main; "
    "uvicorn.run = lambda app, **options: "
    "print('grace', options.get('timeout_graceful_shutdown')); "
    "sys.exit(main(['serve', '--port', '18123']))"
)


def serve_without_serving(data_dir, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SERVE_WITHOUT_SERVING], capture_output=True,
                          text=True, env={**os.environ, "BOUCLE_DATA_DIR": str(data_dir), **env},
                          timeout=120)  # fmt: skip


def test_a_second_serve_on_a_data_dir_in_use_stops_naming_the_first_ones_pid(tmp_path):
    """It started (same port, same data dir) though the embedded store serves one process."""
    from api.vectors import EdgeVectorStore

    held = EdgeVectorStore(tmp_path / "qdrant")  # as the first `boucle serve` holds it
    try:
        done = serve_without_serving(tmp_path)
    finally:
        held.close()
    assert done.returncode == 1 and "grace" not in done.stdout
    assert f"open in another process (pid {os.getpid()}: `boucle serve`" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_serve_bounds_its_graceful_shutdown_and_a_stale_lock_file_stops_nothing(
    tmp_path, boucle, monkeypatch
):
    """SIGTERM waited for a bulk batch in progress for minutes (kill -9 needed)."""
    assert uvicorn_options(Settings())["timeout_graceful_shutdown"] == 10  # unless set
    (tmp_path / "qdrant").mkdir()
    (tmp_path / "qdrant" / ".boucle.lock").write_text("999999\n")  # left by a process killed
    env = {"BOUCLE_DATA_DIR": str(tmp_path), "BOUCLE_SHUTDOWN_GRACE_S": "3"}
    done, served = serve_up_to_uvicorn(boucle, monkeypatch, env, "--port", "18123")
    assert done.returncode == 0, done.stderr
    assert [options["timeout_graceful_shutdown"] for options in served] == [3], done.stderr


def test_a_request_stopped_at_shutdown_is_one_line_not_a_traceback():
    import asyncio
    import logging

    from api.access_log import StoppedAtShutdown

    try:
        raise asyncio.CancelledError("Task cancelled, timeout graceful shutdown exceeded")
    except asyncio.CancelledError:
        record = logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1,
                                   "Exception in ASGI application\n", (), sys.exc_info())  # fmt: skip
    assert StoppedAtShutdown().filter(record)
    assert record.exc_info is None
    assert logging.Formatter().format(record) == (
        "an answer in progress was cut: BOUCLE_SHUTDOWN_GRACE_S ran out"
    )
    # uvicorn's own error when the grace runs out: a warning naming the setting
    cancelling = logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1,
                                   "Cancel %s running task(s), timeout graceful shutdown exceeded",
                                   (2,), None)  # fmt: skip
    assert StoppedAtShutdown().filter(cancelling) and cancelling.levelname == "WARNING"
    assert cancelling.getMessage() == (
        "BOUCLE_SHUTDOWN_GRACE_S ran out: 2 request(s) in progress stopped (503)"
    )
