"""The `boucle` command: `tag`, `taggers`, `serve`, `import`, `worker`, `forget` and more."""

import argparse
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from api.raised import STORE_REFUSALS, raised_one_of
from api.settings import get_settings

if TYPE_CHECKING:  # imported where used: `boucle` starts without them
    from api.taggers.schemas import TrainRequest


class InputError(ValueError):
    """An input file that cannot be used; the message says where and why."""


def tag_command(args: argparse.Namespace) -> int:
    """Every line answered in order; a bad one with {"line", "error"} in its place (exit 2)."""
    import logging

    from api.tagging.lines import Item, read_items, write_answers

    if unredacted := get_settings().unredacted_warning():
        logging.getLogger("boucle.tag").warning(unredacted)
    tagger = open_taggers().tagger  # live custom taggers answer under "tags", as in the API

    def tagged(items: Iterator[Item]) -> Iterator[dict]:
        for result in tagger.stream((item.text, item.language, item.names) for item in items):
            yield result.model_dump()

    return write_answers("boucle tag", args.output, read_items(args.input), tagged)


def open_taggers():
    from api.taggers.service import Taggers
    from api.taggers.store import TaggerStore
    from api.tagging.shared import shared_tagger

    settings = get_settings()
    tagger = shared_tagger(settings.analyzer_config())
    return Taggers(TaggerStore(settings.data_dir / "taggers"), tagger)


MAX_EMPTY_SAID = 10  # empty cells of a training file named at once


def read_examples(path: str) -> list[dict]:
    """Rows of a CSV with `text` and `label` columns (a multi-label row joins labels with ';'),
    read as `boucle import` reads files: UTF-8 with or without BOM, UTF-16, Windows-1252; the
    delimiter of the header (`;` from a French Excel). A bad row stops it, naming its line."""
    from pathlib import Path

    from api.feedback.importer import BadRow, ImportError_, file_format, rows_of, text_stream

    file = Path(path)
    if not file.is_file():
        raise InputError(f"{path}: no such file")
    fmt = file_format(file)
    examples, empty = [], []
    try:
        with file.open("rb") as raw, text_stream(raw, fmt) as stream:
            for where, row in rows_of(file, stream, fmt.delimiter, fmt.errors == "replace"):
                if isinstance(row, BadRow):
                    raise InputError(f"{path}: {where}: {row.reason}")
                # "Text;Label" from a spreadsheet: the header's case and padding aside
                cells = {(column or "").strip().casefold(): cell for column, cell in row.items()}
                missing = {"text", "label"} - set(cells)
                if missing:
                    found = ", ".join(repr(c) for c in row) or "none"
                    raise InputError(f"{path}: missing column(s) {', '.join(sorted(missing))}; "
                                     f"the header has {found}")  # fmt: skip
                blank = [field for field in ("text", "label") if not (cells[field] or "").strip()]
                if blank:  # every one said (up to a few), not the first alone
                    empty.append(f"{where}: empty {' and '.join(blank)}")
                    continue
                examples.append({"text": cells["text"], "label": cells["label"]})
    except ImportError_ as error:
        raise InputError(str(error)) from None
    if empty:
        more = f" (and {len(empty) - MAX_EMPTY_SAID} more)" if len(empty) > MAX_EMPTY_SAID else ""
        raise InputError(f"{path}: {'; '.join(empty[:MAX_EMPTY_SAID])}{more}")
    if not examples:
        raise InputError(f"{path}: no rows under the header")
    return examples


def taggers_train_command(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from api.taggers.examples import BadExamples
    from api.terminal import shown  # the file's labels and cells, quoted in its errors

    try:  # the whole file checked before the models load (tens of seconds)
        request = train_request(args)
    except (InputError, BadExamples) as error:
        print(shown(f"boucle taggers train: {error}"), file=sys.stderr)
        return 2
    except ValidationError as error:
        from api.errors import problem

        said = [problem(e) for e in error.errors()[:5]]  # in the API's words
        problems = "; ".join(f"{p['field']}: {p['message']}" for p in said)
        print(shown(f"boucle taggers train: {problems}"), file=sys.stderr)
        return 2
    from api.taggers.service import TaggerDeleted  # scikit-learn: imported once the file is good

    try:
        info = open_taggers().train(args.name, request)
    except TaggerDeleted as error:  # `boucle taggers delete` (or DELETE) while it trained
        print(f"boucle taggers train: {error}", file=sys.stderr)
        return 1
    print_trained(args.name, info)
    return 0


def train_request(args: argparse.Namespace) -> "TrainRequest":
    """The TrainRequest FILE makes, checked as training checks it (BadExamples): its header,
    its rows, at least 2 labels with 2 examples each, `--unknown-label` on some of them."""
    from api.taggers.examples import check_training_examples
    from api.taggers.schemas import TrainRequest

    examples = read_examples(args.file)
    if args.multi_label:
        for example in examples:
            example["label"] = [p.strip() for p in example["label"].split(";") if p.strip()]
    request = TrainRequest(
        examples=examples, multi_label=args.multi_label, description=args.description,
        unknown_label=args.unknown_label, threshold=args.threshold,
    )  # fmt: skip
    # as the request read them (labels trimmed and NFC-normalised), each repeat once
    checked = [e.model_dump() for e in request.examples]
    check_training_examples(checked, request.unknown_label, request.multi_label)
    return request


def taggers_retrain_command(args: argparse.Namespace) -> int:
    from api.taggers.service import TaggerDeleted
    from api.taggers.store import TaggerNotFound

    try:
        info = open_taggers().retrain(args.name)
    except TaggerNotFound as error:
        print(f"boucle taggers retrain: {error}", file=sys.stderr)
        return 2
    except TaggerDeleted as error:
        print(f"boucle taggers retrain: {error}", file=sys.stderr)
        return 1
    print_trained(args.name, info)
    return 0


def taggers_delete_command(args: argparse.Namespace) -> int:
    """Every version goes, and its tags on the stored items; a running server stops serving it
    within BOUCLE_TAGGERS_RELOAD_S."""
    from api.storage.db import NoWorkspace
    from api.taggers.deletion import delete_tagger
    from api.taggers.store import TaggerNotFound, TaggerStore
    from api.workspace import open_existing_database

    settings = get_settings()
    store = TaggerStore(settings.data_dir / "taggers")
    try:
        store.live_version(args.name)  # before opening the database
        try:
            database = open_existing_database(settings)
        except NoWorkspace:  # trained before anything was stored: no tags to drop
            database = None
        try:
            dropped = delete_tagger(database, args.name, store.delete)
        finally:
            if database is not None:
                database.close()
    except TaggerNotFound as error:
        print(f"boucle taggers delete: {error}", file=sys.stderr)
        return 2
    from api.wording import plural

    print(f"{args.name}: deleted, and its tags on {plural(dropped, 'stored item')}",
          file=sys.stderr)  # fmt: skip
    return 0


def print_trained(name: str, info: dict) -> None:
    from api.taggers.cli import figures
    from api.terminal import shown  # the warning quotes an example's text

    metrics = info["metrics"]
    print(
        f"{name} v{info['version']}: {len(info['labels'])} labels, {metrics['examples']} "
        f"examples, cross-validated {figures(metrics)} "
        f"({metrics['folds']} folds, {metrics['train_seconds']:.1f} s)"
    )
    if info["warning"]:  # low figures, a text under two labels, rolled back while it trained
        print(shown(f"{name}: warning: {info['warning']}"), file=sys.stderr)


def taggers_predict_command(args: argparse.Namespace) -> int:
    from itertools import islice

    from api.taggers.store import TaggerNotFound
    from api.tagging.lines import Item, read_items, write_answers

    try:
        taggers = open_taggers()
        taggers.store.live_version(args.name)
    except TaggerNotFound as error:
        print(f"boucle taggers predict: {error}", file=sys.stderr)
        return 2

    from api.taggers.schemas import Prediction

    def predicted(items: Iterator[Item]) -> Iterator[dict]:
        while chunk := list(islice(items, 256)):
            answers = taggers.predict(args.name, [item.text for item in chunk])
            # as the API answers them: `labels` null for a single-label tagger, not left out
            yield from (Prediction.model_validate(a).model_dump() for a in answers)

    return write_answers("boucle taggers predict", args.output, read_items(args.input), predicted)


def show_boucle_logs() -> None:
    """Boucle's own lines (an index build, taggers going live, themes emerging, a 500's
    traceback) beside uvicorn's, each with its level, from BOUCLE_LOG_LEVEL up: without a
    handler only warnings reached the terminal, bare."""
    import logging

    from api.logs import ToStderr, log_python_warnings

    logger = logging.getLogger("boucle")
    if not logger.handlers:
        logger.addHandler(ToStderr())
    level = get_settings().log_level
    logger.setLevel(level)
    log_python_warnings(logger.handlers[0], level)  # a library's warnings stamped as ours are


def quiet_logs() -> None:
    """What every serving process logs: Boucle's lines, an access log without addresses, and
    requests stopped at shutdown in one line each."""
    from api.access_log import quiet_uvicorn_logs

    show_boucle_logs()
    quiet_uvicorn_logs(get_settings().log_client_ips)


def served_app(warn_at_start: bool = True):
    """The app of a process of its own (`uvicorn api.app:app`, each `serve --workers N`
    process), with logs to set up (the access-log filter set in the parent never reached the
    processes that log requests)."""
    from api.app import create_app

    quiet_logs()
    return create_app(warn_at_start=warn_at_start)


def worker_app():
    """The app of each `serve --workers N` process: the parent said the start-up warnings once
    (N processes repeated each of them N times)."""
    return served_app(warn_at_start=False)


def serve_command(args: argparse.Namespace) -> int:
    import logging

    import uvicorn

    from api.feedback.cli import free_settings
    from api.listen_port import unbindable_port
    from api.logs import stores_said
    from api.ops.disk import low_disk_space
    from api.private_dir import make_private_dir
    from api.security import check_bind
    from api.vectors.home import claim_vectors, refuse_memory, store_home
    from api.workspace import open_database

    # A second server on this data dir stops here with one line naming the first one's pid
    # (StoreBusy), before it migrates a database in use or binds a port.
    if args.workers > 1 and (missing := unshared_stores(get_settings())):  # before any opens
        print(f"boucle serve: --workers > 1 needs a shared store: set {' and '.join(missing)}; "
              "the embedded default serves from one process", file=sys.stderr)  # fmt: skip
        return 2
    show_boucle_logs()  # before the database opens: the migration it makes is logged
    settings = free_settings()
    host = args.host or settings.host
    # a refusal to start leaves the database as it was: neither migrated nor made
    check_bind(settings, host, stored_keys=lambda: keys_stored(settings))
    check_vector_server(settings)
    port = args.port or settings.port
    if taken := unbindable_port(host, port):  # uvicorn found it after the models loaded
        print(f"boucle serve: {taken}", file=sys.stderr)
        return 2
    settings = served_at(settings, host, port, args.workers)
    database = open_database(settings)  # migrated before serving
    try:
        # another process's embedded store holding this database's vectors: VectorsElsewhere
        refuse_memory(database, settings.qdrant_url)
        claim_vectors(database, store_home(settings.data_dir, settings.qdrant_url))
    finally:
        database.close()
    make_private_dir(settings.data_dir)  # as sqlite_url makes it
    # the app's modules (every route's, the analyzer's) only once serving is sure: a refusal
    # above is said without the seconds they take to import
    from api.app import create_app, settings_warnings

    quiet_logs()
    if problem := low_disk_space(settings.data_dir, settings.min_free_mb):
        logging.getLogger("boucle.serve").warning(problem)
    logging.getLogger("boucle.serve").info("serving on http://%s:%s: %s", host, port,
                                           stores_said(settings))  # fmt: skip
    if not settings.worker:
        logging.getLogger("boucle.serve").warning(worker_off(settings))
    level = settings.log_level.lower()
    if args.workers > 1:
        from api.metrics.multiprocess import shared_metrics

        for line in settings_warnings(settings):  # here, once: the processes keep quiet
            logging.getLogger("boucle.serve").warning(line)
        # Each worker process builds its own app (and models) from the same settings, and
        # counts its requests in files that GET /metrics in any of them adds up.
        with shared_metrics():
            uvicorn.run("api.cli:worker_app", factory=True, host=host, port=port,
                        workers=args.workers, log_level=level, **uvicorn_options(settings))  # fmt: skip
        return 0
    uvicorn.run(create_app(settings), host=host, port=port, log_level=level,
                **uvicorn_options(settings))  # fmt: skip
    return 0


def served_at(settings, host: str, port: int, workers: int):
    """The settings of a server on `host`:`port`, given on the command line or not: without
    BOUCLE_PUBLIC_URL, unsubscribe links point at the address served (`--port 8101` linked to
    the default 8000). The processes of `--workers N` read theirs from the variables."""
    if workers > 1 and (host, port) != (settings.host, settings.port):
        os.environ["BOUCLE_HOST"], os.environ["BOUCLE_PORT"] = host, str(port)
    return settings.model_copy(update={"host": host, "port": port})


def keys_stored(settings) -> int:
    """The keys made with `boucle keys create` (revoked ones too, as the key ring counts them),
    read from the database as it is: none made, none migrated."""
    from sqlalchemy import inspect

    from api.keys.store import live_digests
    from api.workspace import connected

    if not settings.database_url and not (settings.data_dir / "boucle.db").is_file():
        return 0  # no workspace yet: `boucle keys create` makes one
    database = connected(settings)
    try:
        return len(live_digests(database)) if inspect(database.engine).has_table("api_keys") else 0
    finally:
        database.close()


def unshared_stores(settings) -> list[str]:
    """The settings still to set for several processes to serve these (PostgreSQL and a Qdrant
    server): only those missing."""
    embedded = settings.qdrant_url is None or settings.qdrant_url.startswith((":memory:", "local:"))
    missing = [] if settings.database_url else ["BOUCLE_DATABASE_URL (PostgreSQL)"]
    return missing + (["BOUCLE_QDRANT_URL (a Qdrant server, not local mode)"] if embedded else [])


def worker_off(settings) -> str:
    """What `serve` says at start with BOUCLE_WORKER off: the background work runs nowhere
    unless a `boucle worker` runs, which an embedded vector store held here does not let run."""
    work = ("BOUCLE_WORKER is false: this server runs no background work (retries of pending "
            "analysis, webhook and notification deliveries, retention, erasures' purge, the "
            "vector store's check)")  # fmt: skip
    if settings.qdrant_url is None or settings.qdrant_url.startswith("local:"):
        return (f"{work}, and its embedded vector store keeps a `boucle worker` from running "
                "beside it: set BOUCLE_WORKER=true (the default)")  # fmt: skip
    return f"{work}: run `boucle worker` with the same settings beside it"


def check_vector_server(settings) -> None:
    """A Qdrant server out of reach stops `serve` now with one line (VectorStoreUnavailable), as
    a database does: found by the loading thread instead, it left a server up that answered
    503 to every call."""
    from api.vectors import open_vector_store

    url = settings.qdrant_url
    if url and not url.startswith((":memory:", "local:")):  # local stores open in-process
        open_vector_store(settings.data_dir, url, settings.qdrant_api_key).close()


def uvicorn_options(settings) -> dict:
    """What every `serve` passes to uvicorn: the proxies it trusts, a bound on the graceful
    shutdown (unbounded, a batch in progress held SIGTERM up for minutes), and our log format."""
    from api.logs import uvicorn_log_config

    return {"timeout_graceful_shutdown": settings.shutdown_grace_s,
            "log_config": uvicorn_log_config(), **proxies(settings)}  # fmt: skip


def proxies(settings) -> dict:
    """X-Forwarded-For is believed only from the proxies named: uvicorn's default trusts it from
    127.0.0.1, so a local client could give itself a new address per request and never meet the
    failed-key limit."""
    if not settings.trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(settings.trusted_proxies)}


LINES_ANSWERED = (
    "One answer line per non-blank input line, in order. Each answer starts with "
    '"line": N, the line\'s number in the input (blank lines count, and get no answer), then '
    '"id" when the line gave one, as a string (7 is "7", as POST /v1/tag/batch echoes it; a '
    'plain line has none: join on "line"). A line is a JSON '
    'object, a JSON string or plain text; a bad line (not valid JSON, no "text", JSON that is '
    "neither an object nor a string, such as 42 or [1, 2]) is answered in its place with "
    '{"line": N, "id"?, "error": "..."}, said on stderr too, and the lines after it are still '
    "answered. Exit status: 0, or 2 when any line was bad."
)


def build_parser() -> argparse.ArgumentParser:
    from api.listen_port import port_number
    from api.version import VERSION

    parser = argparse.ArgumentParser(prog="boucle", description="Boucle feedback intelligence")
    parser.add_argument("--version", action="version", version=f"boucle {VERSION}")
    commands = parser.add_subparsers(dest="command", required=True)

    tag = commands.add_parser(
        "tag", help="tag JSON lines {id, text} (or plain lines) from stdin",
        description=f"Tag JSON lines {{id, text, language?}} (or plain lines). {LINES_ANSWERED}",
    )  # fmt: skip
    tag.add_argument("input", nargs="?", type=argparse.FileType("r"), default=sys.stdin)
    tag.add_argument("-o", "--output", type=argparse.FileType("w"), default=sys.stdout)
    tag.set_defaults(run=tag_command)

    taggers = commands.add_parser(
        "taggers", help="custom taggers: train, retrain, predict, list, show, roll back"
    )
    taggers_commands = taggers.add_subparsers(dest="taggers_command", required=True)
    train = taggers_commands.add_parser("train", help="train NAME from a CSV with text,label")
    train.add_argument("name")
    train.add_argument("file")
    train.add_argument("--multi-label", action="store_true", help="labels joined with ';'")
    train.add_argument("--description")
    train.add_argument("--unknown-label", help="the label of out-of-scope examples")
    train.add_argument("--threshold", type=float, help="below this score: unknown")
    train.set_defaults(run=taggers_train_command, tagger_name=True)
    retrain = taggers_commands.add_parser(
        "retrain", help="a new version of NAME from its own examples, on today's settings"
    )
    retrain.add_argument("name")
    retrain.set_defaults(run=taggers_retrain_command, tagger_name=True)
    predict = taggers_commands.add_parser(
        "predict", help="JSON lines {id, text} in, answers out",
        description=f"Predict with tagger NAME on JSON lines {{id, text}}. {LINES_ANSWERED}",
    )  # fmt: skip
    predict.add_argument("name")
    predict.add_argument("input", nargs="?", type=argparse.FileType("r"), default=sys.stdin)
    predict.add_argument("-o", "--output", type=argparse.FileType("w"), default=sys.stdout)
    predict.set_defaults(run=taggers_predict_command, tagger_name=True)
    delete = taggers_commands.add_parser(
        "delete", help="delete NAME, every version and its tags on stored items"
    )
    delete.add_argument("name")
    delete.set_defaults(run=taggers_delete_command, tagger_name=True)
    from api.taggers.cli import register as register_more_taggers

    register_more_taggers(taggers_commands)

    serve = commands.add_parser("serve", help="start the API (settings from BOUCLE_* variables)")
    serve.add_argument("--host", default=None, help="default: BOUCLE_HOST or 127.0.0.1")
    serve.add_argument("--port", type=port_number, default=None,
                       help="1 to 65535; default: BOUCLE_PORT or 8000")  # fmt: skip
    serve.add_argument("--workers", type=int, default=1,
                       help="API processes (PostgreSQL + Qdrant server only); one of "
                       "them at a time runs the background worker")  # fmt: skip
    serve.set_defaults(run=serve_command)

    from api.accounts.cli import register as register_contacts
    from api.feedback.cli import register as register_store
    from api.feedback.retry_cli import register as register_retry
    from api.keys.cli import register as register_keys
    from api.loop.cli import register as register_loop
    from api.needs.cli import register as register_needs
    from api.ops.cli import register as register_ops
    from api.privacy.access_cli import register as register_access
    from api.privacy.cli import register as register_forget
    from api.search.cli import register as register_export
    from api.themes.cli import register as register_themes
    from api.voc.cli import register as register_voc
    from api.webhooks.cli import register as register_webhooks

    register_store(commands)
    register_retry(commands)
    register_export(commands)
    register_themes(commands)
    register_needs(commands)
    register_voc(commands)
    register_loop(commands)
    register_keys(commands)
    register_ops(commands)
    register_forget(commands)
    register_contacts(commands)
    register_access(commands)
    register_webhooks(commands)
    return parser


def data_dir_problem(data_dir: Path) -> str | None:
    """Why BOUCLE_DATA_DIR cannot hold a workspace (None: it can), said before any command
    trips over it with a traceback."""
    where = f"BOUCLE_DATA_DIR {data_dir}"
    if data_dir.exists():
        if not data_dir.is_dir():
            return f"{where} is a file, not a directory: point it at a folder"
        if not os.access(data_dir, os.W_OK | os.X_OK):
            return (
                f"{where} is not writable (read-only disk or permissions): fix it or pick another"
            )
        return None
    ancestor = data_dir.parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir() or not os.access(ancestor, os.W_OK | os.X_OK):
        return f"{where} cannot be created: {ancestor} is not a writable directory"
    return None


JSON_EXAMPLES = {
    "BOUCLE_API_KEYS": '{"7f3c9a1e5b2d48c6a0e4f1b3d5c7e9a2": ["tag", "read"]}',
    "BOUCLE_LANGUAGES": '["en", "fr"]',
    "BOUCLE_INTENT_THRESHOLDS": '{"bug_report": 0.3}',
    "BOUCLE_CORS_ORIGINS": '["https://app.example.com"]',
    "BOUCLE_TRUSTED_PROXIES": '["10.0.0.5", "172.18.0.0/16"]',
    "BOUCLE_DIGEST_RECIPIENTS": '["pm@acme.com"]',
    "BOUCLE_STAGES": '["normalise", "language", "redact", "segment", "embed"]',
    "BOUCLE_NOT_NAMES": '["Garmin"]',
}


def database_problem(settings, error: Exception) -> str:
    """One line for a database that cannot be used: where, why, what to check (no password)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, InterfaceError, NoSuchModuleError, OperationalError

    from api.failures import database_failure_named, failure_kind
    from api.storage.db import connect_wait

    where = "the SQLite file under BOUCLE_DATA_DIR"
    if settings.database_url:
        try:
            where = make_url(settings.database_url).render_as_string(hide_password=True)
        except Exception:  # an unreadable URL: say so without echoing it
            where = "BOUCLE_DATABASE_URL"
    # its types and SQLSTATE, not its message: a URL not understood is quoted whole, password
    # included, and a driver's words may carry a connection's parameters
    reason = database_failure_named(error)
    said = str(getattr(error, "orig", None) or error)
    if isinstance(error, ArgumentError):
        reason += ": not a database URL, e.g. postgresql://user:password@host:5432/boucle"
    elif isinstance(error, NoSuchModuleError):
        reason += ": no driver for this URL's scheme: postgresql:// or sqlite:///"
    elif settings.database_url and "timeout expired" in said:  # psycopg's, for connect_timeout
        url = make_url(settings.database_url)  # its host and port: how long, for what
        seconds, source = connect_wait(settings.database_url, settings.database_connect_timeout)
        reason = (f"cannot connect: {failure_kind(error)}: no answer from "
                  f"{url.host or 'its local socket'}:{url.port or 5432} within {seconds} s "
                  f"({source})")  # fmt: skip
    elif (
        settings.database_url
        and isinstance(error, OperationalError | InterfaceError)
        and ("SQLSTATE" not in reason)
    ):
        reason = f"cannot connect: {reason}"  # the server never answered: where says where
    return f"cannot use the database at {where} ({reason}): check BOUCLE_DATABASE_URL"


def main(argv: list[str] | None = None) -> int:
    # Never reach a model hub; pin BLAS/OpenMP pools to this machine's cores before numpy loads.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from pydantic import ValidationError
    from pydantic_settings import SettingsError

    from api.env_names import unknown_variables

    unknown = unknown_variables()
    for line in unknown:  # before the settings: a typo may be why one of them is missing
        print(line, file=sys.stderr)
    try:
        settings = get_settings()
    except ValidationError as error:  # a bad BOUCLE_* variable: say which, no traceback
        for problem in error.errors():
            # the variable alone: a location inside BOUCLE_API_KEYS would print a key
            message = problem["msg"].removeprefix("Value error, ")
            name = f"BOUCLE_{str(problem['loc'][0]).upper()}" if problem["loc"] else None
            if name is None and not message.startswith("BOUCLE_"):  # else it names its variable
                name = "settings"
            print(f"boucle: {f'{name}: ' if name else ''}{message}", file=sys.stderr)
        return 2
    except SettingsError as error:  # a JSON setting that is not JSON
        field = re.search(r'field "(\w+)"', str(error))
        name = f"BOUCLE_{field[1].upper()}" if field else "a BOUCLE_* setting"
        print(f"boucle: {name} is not valid JSON (e.g. {JSON_EXAMPLES.get(name, '[...]')})",
              file=sys.stderr)  # fmt: skip
        return 2
    from api.key_checks import placeholder_warning, weak_key_warning

    for weak in (weak_key_warning(settings), placeholder_warning(settings)):
        if weak:  # `serve` beyond loopback refuses them (check_bind)
            print(f"boucle: {weak}", file=sys.stderr)
    os.environ.setdefault("OMP_NUM_THREADS", str(settings.threads))
    from api.logs import say_migrations

    say_migrations(settings.log_level)  # whichever command migrates, it says so
    args = build_parser().parse_args(argv)
    if unknown and args.command == "serve":  # a typo there can send production data elsewhere
        print("boucle serve: refusing to start with unknown BOUCLE_ variables: fix or unset "
              "them (docs/settings.md lists the settings)", file=sys.stderr)  # fmt: skip
        return 2
    if args.command != "tag" and (problem := data_dir_problem(settings.data_dir)):
        print(f"boucle: {problem}", file=sys.stderr)
        return 1
    try:
        if getattr(args, "tagger_name", False):  # before any model loads
            from api.taggers.store import check_name as check_tagger_name

            check_tagger_name(args.name)
        return args.run(args)
    except BrokenPipeError:  # `boucle export | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        return 0
    except Exception as error:
        if raised_one_of(error, SAID_IN_ONE_LINE):  # an id or a name as stored, spelt out
            from api.terminal import shown

            print(shown(f"boucle: {error}"), file=sys.stderr)
            return 1
        if raised_one_of(error, DATABASE_ERRORS):
            print(f"boucle: {database_problem(settings, error)}", file=sys.stderr)
            return 1
        if raised_one_of(error, BAD_NAMES):
            print(f"boucle: {error}", file=sys.stderr)
            return 2
        raise


# Errors said in one line, no traceback (api/raised.py: their modules are imported by the
# commands that raise them, not by every `boucle` start). NotFound / Conflict: an id not stored,
# a need merged away.
SAID_IN_ONE_LINE = (
    *STORE_REFUSALS,
    ("api.storage.db", "NoWorkspace"),
    ("api.storage.migrate", "NotMigrated"),
    ("api.errors", "NotFound"),
    ("api.errors", "Conflict"),
)
DATABASE_ERRORS = tuple(
    ("sqlalchemy.exc", name)
    for name in ("OperationalError", "InterfaceError", "NoSuchModuleError", "ArgumentError")
)
BAD_NAMES = (("api.taggers.store", "BadTaggerName"),)


if __name__ == "__main__":
    sys.exit(main())
