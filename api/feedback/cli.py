"""`boucle import` and `boucle worker`: the store's commands."""

import argparse
import contextlib
import os
import sys
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from api.stop_signal import sigterm_as_ctrl_c
from api.wording import plural

WORKER_BUSY = 3  # `boucle worker --once`'s exit status while another process runs the worker

if TYPE_CHECKING:  # the CLI imports its heavy modules lazily, when a command runs
    from api.feedback.importer import Report
    from api.storage.db import Database
    from api.tagging.pool import AnalysisPool
    from api.workspace import Workspace


def free_settings(instead: str | None = None):
    """The settings, once the vector store kept on this disk (embedded, or qdrant-client's local
    mode) is known not to be held by a server: said before any model loads. `instead`: how
    this command's work is done through that server (StoreBusy says to import through it)."""
    from api.settings import get_settings
    from api.vectors.busy import check_vectors_free
    from api.vectors.edge import StoreBusy

    settings = get_settings()
    try:
        check_vectors_free(settings.data_dir, settings.qdrant_url)
    except StoreBusy as error:
        if instead is None:
            raise
        raise error.with_instead(instead) from None
    return settings


def open_cli_store(kind: str = "accounts"):
    """The stores alone, for accounts and contacts: no text to read, so no model loads. Contacts
    write no vector: their import runs beside a server that holds the vector store."""
    from api.settings import get_settings
    from api.workspace import open_store

    if kind == "contacts":
        return open_store(get_settings(), vectors=False)
    return open_store(free_settings())


def open_cli_workspace(
    existing: bool = False,
    take_over_vectors: bool = False,
    database: "Database | None" = None,
    instead: str | None = None,
):
    """The whole workspace, models loaded; `existing`: for a command that works on stored data
    (doctor, forget, refit), which refuses a database without Boucle's tables in one line
    rather than making them; `take_over_vectors`: this process's store holds the vectors now
    (a repair, a rebuild); `database`: one opened already (`boucle worker --once`); `instead`:
    as free_settings says it."""
    from api.cli import check_vector_server
    from api.settings import get_settings
    from api.workspace import open_database, open_existing_database, open_workspace

    # the database before the store's check: an unreachable one is said as such, not as the
    # store held by a server on this data dir; both before the models load (seconds)
    if database is None and existing:
        database = open_existing_database(get_settings())
    try:
        settings = free_settings(instead)
    except BaseException:
        if database is not None:
            database.close()
        raise
    if database is None:  # a bad URL is said at once, not after the models
        database = open_database(settings)
    try:
        check_vector_server(settings)  # a Qdrant server out of reach, as the database
        # the model code imported once the stores are known usable: a refusal above comes first
        from api.taggers.service import Taggers
        from api.taggers.store import TaggerStore
        from api.tagging.shared import shared_tagger

        tagger = shared_tagger(settings.analyzer_config())
        Taggers(TaggerStore(settings.data_dir / "taggers"), tagger)  # live custom taggers tag too
        return open_workspace(settings, tagger, database, take_over_vectors=take_over_vectors)
    except BaseException:
        database.close()
        raise


def analysis_pool(ws: "Workspace", jobs: int) -> "AbstractContextManager[AnalysisPool | None]":
    """Worker processes for a big import (None: analyse in this process)."""
    if jobs <= 1:
        return contextlib.nullcontext()
    from api.tagging.pool import AnalysisPool

    analyzer = ws.tagger.analyzer
    return AnalysisPool(analyzer.config, dict(analyzer.resources.taggers), jobs)


class BadMapping(ValueError):
    """A --map option that is not FIELD=COLUMN: said before the importer's modules load."""


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not name or not column:
            raise BadMapping(f"--map {pair!r}: write FIELD=COLUMN, e.g. text=Body")
        mapping[name.strip()] = column.strip()
    return mapping


def interrupted(rows: int | None) -> str:
    """What a Ctrl-C tells: every batch is committed before the next is read, so running the
    command again resumes it; `rows`: how many were handled (None: not counted)."""
    after = "" if rows is None else f" after {plural(rows, 'row')}"
    return (f"boucle import: interrupted{after}: re-run the same command to resume (stored rows "
            "are skipped)")  # fmt: skip


def import_command(args: argparse.Namespace) -> int:
    from api.settings import get_settings
    from api.terminal import shown

    path = Path(args.file)
    if not path.is_file():
        print(f"boucle import: no file {path}", file=sys.stderr)
        return 2
    try:  # a usage error: said before anything opens
        overrides = parse_mapping(args.map)
    except BadMapping as error:
        print(shown(f"boucle import: {error}"), file=sys.stderr)
        return 2
    # a server holding the store: said before the importer's modules load (seconds); a data
    # dir not made yet has no holder, and a wrong mapping is said before one is made;
    # contacts write no vector (open_cli_store); --url opens no store here
    if not args.url and args.kind != "contacts" and get_settings().data_dir.is_dir():
        from api.vectors.edge import StoreBusy

        try:
            free_settings()
        except StoreBusy as error:
            print(shown(f"boucle import: {error}"), file=sys.stderr)
            return 2
    live: list[Report] = []  # a feedback import's report, filled as rows are read
    try:
        return import_file(args, path, overrides, live)
    except KeyboardInterrupt:  # Ctrl-C: one line and the shell's status for it, no traceback
        print(interrupted(live[0].read if live else None), file=sys.stderr)
        return 130


def import_file(
    args: argparse.Namespace, path: Path, overrides: dict[str, str], live: "list[Report]"
) -> int:
    """`boucle import`, the file known to exist, with the --map `overrides`; a feedback import
    puts its report in `live` before its first row, for a Ctrl-C's line."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    from api.feedback.importer import ImportError_, Mapping, Report, check_header
    from api.raised import STORE_REFUSALS, raised_one_of
    from api.terminal import shown

    columns = (TextColumn("[bold]{task.description}"), BarColumn(), DownloadColumn(),
               TextColumn("{task.fields[status]}"), TimeRemainingColumn())  # fmt: skip
    ws = None
    try:
        # accounts and contacts have fields of their own (api/accounts/importer.py)
        keep = tuple(c.strip() for value in args.keep for c in value.split(",") if c.strip())
        mapping = (Mapping.build(args.preset, overrides, args.source, args.date_format,
                                 args.timezone, keep, args.no_date_column, args.content_ids)
                   if args.kind == "feedback" else None)  # fmt: skip
        if mapping is not None:  # a wrong mapping is said before the models load
            check_header(path, mapping)
            live.append(Report())
        started = time.perf_counter()
        # Sent to a running server: no models, no store opened here.
        ws = None
        if not args.url:
            ws = open_cli_workspace() if args.kind == "feedback" else open_cli_store(args.kind)
        with Progress(*columns, disable=args.quiet or args.kind != "feedback") as bar:
            task = bar.add_task(f"import {path.name}", total=path.stat().st_size, status="")

            def progress(done: int, report) -> None:
                status = f"{report.created} new, {report.duplicates} already stored"
                bar.update(task, completed=done, status=status)

            if ws is None:
                from api.feedback.remote import api_client, send_feedback, send_people

                with api_client(args.url, args.api_key) as client:
                    report = (send_people(client, path, args.kind, overrides)
                              if args.kind != "feedback"
                              else send_feedback(client, path, mapping, progress,
                                                 args.update_changed, live[0]))  # fmt: skip
            elif args.kind != "feedback":
                from api.feedback.bulk import import_people  # the store's modules: not for --url

                report = import_people(ws, path, args.kind, overrides)
            else:
                from api.feedback.bulk import import_feedback

                with analysis_pool(ws, args.jobs) as pool:
                    report = import_feedback(ws, path, mapping, progress, pool,
                                             update_changed=args.update_changed,
                                             report=live[0])  # fmt: skip
    except Exception as error:
        if not (isinstance(error, ImportError_) or raised_one_of(error, STORE_REFUSALS)):
            raise
        print(shown(f"boucle import: {error}"), file=sys.stderr)
        return 2
    finally:
        if ws is not None:  # a Ctrl-C too: what was stored is flushed for the re-run
            ws.close()
    seconds = time.perf_counter() - started
    # rows stored as edits (--update-changed) are counted apart from those left as they were
    updated = f"{report.updated} updated, " if report.updated else ""
    print(
        f"{path.name}: {report.read} rows read, {report.created} stored, {updated}"
        f"{report.duplicates - report.updated} already stored, {len(report.rejected)} rejected, "
        f"{report.pending} pending ({seconds:.1f} s)"
    )
    if report.forgotten:
        print(f"  {report.forgotten} rows skipped: erased on request earlier", file=sys.stderr)
    if report.score_only:  # stored this run without words: not a silent empty item
        answers = "a survey answer" if report.score_only == 1 else "survey answers"
        print(f"  {plural(report.score_only, 'row')} had a score and no text: stored as {answers} "
              "without a comment (counted in scores, no insight)", file=sys.stderr)  # fmt: skip
    if report.updated:
        print(f"  {report.updated} of the rows already stored differed (text, score or "
              "metadata): stored as edits, analysed again unless their metadata alone "
              "changed", file=sys.stderr)  # fmt: skip
    elif report.changed:
        print(f"  {report.changed} of the rows already stored differ (text, score or metadata): "
              "the stored version is kept, the new one was not stored (--update-changed "
              "stores them)", file=sys.stderr)  # fmt: skip
    for warning in report.warnings:  # they quote the file's cells: an id, a column's name
        print(shown(f"  warning: {warning}"), file=sys.stderr)
    for problem in report.rejected[:20]:
        print(shown(f"  rejected {problem}"), file=sys.stderr)
    if len(report.rejected) > 20:
        print(f"  ... and {len(report.rejected) - 20} more", file=sys.stderr)
    accepted = report.created + report.duplicates + report.forgotten
    # Nothing accepted at all is a failed import, --strict or not (a wrong file, a wrong mapping).
    return 1 if report.rejected and (args.strict or not accepted) else 0


def worker_database(settings) -> "Database":
    """The worker's database, before its models load; refused (VectorsElsewhere) with
    ':memory:' vectors when its vectors live in a real store, as `boucle serve` refuses it."""
    from api.vectors.home import refuse_memory
    from api.workspace import open_database

    database = open_database(settings)
    try:
        refuse_memory(database, settings.qdrant_url)
    except BaseException:
        database.close()
        raise
    return database


# What `boucle worker` does while a server holds the store: nothing, the server does the work
# (the default hint, `boucle import FILE --url`, is no way to run a worker).
WORKER_INSTEAD = ("leave the work to it: `boucle serve` runs the background worker itself "
                  "(BOUCLE_WORKER, on by default)")  # fmt: skip


def work_once(settings) -> int:
    """`boucle worker --once`: one pass under the worker's turn (api/worker_turn), taken before
    the models load; while another process runs the worker of this workspace, a refusal (exit
    WORKER_BUSY) that leaves it be."""
    from api.worker_turn import WorkerTurn

    free_settings(WORKER_INSTEAD)  # the embedded store held by a server: say that first
    turn = WorkerTurn(database := worker_database(settings))
    try:
        if not turn.take_once():
            print("boucle worker --once: another process (`boucle serve` or `boucle worker`) "
                  "runs the background worker of this workspace and does this work already: "
                  "nothing done; stop it first to run a pass here", file=sys.stderr)  # fmt: skip
            database.close()
            return WORKER_BUSY
        from api.worker import TasksFailed, Worker  # here: the refusals above need no import

        ws = open_cli_workspace(database=database)
        try:
            # a tick of the long-running worker's (vectors checked against SQL, retention,
            # webhooks, erasures' purge, indexes), but on every pending item: no request is
            # still on one (grace 0). A theme refit, minutes in the background, is left to it.
            try:
                analysed, sent = Worker(ws, settings.worker_interval_s, 0.0, turn).work()
            except TasksFailed as error:  # the others ran; the log said what failed and where
                print(f"boucle worker --once: {error}", file=sys.stderr)
                return 1
            print(f"{plural(analysed, 'pending item')} analysed, "
                  f"{plural(sent, 'notification')} sent")  # fmt: skip
        finally:
            ws.close()
    finally:
        turn.release()
    return 0


def worker_command(args: argparse.Namespace) -> int:
    import logging

    from api.cli import show_boucle_logs
    from api.settings import get_settings

    show_boucle_logs()
    settings = get_settings()
    if unreachable_links := settings.link_warning():  # the worker is what sends them
        logging.getLogger("boucle.worker").warning(unreachable_links)
    if args.once:
        return work_once(settings)
    # the embedded store held by a server: said before the database opens
    free_settings(WORKER_INSTEAD)
    from api.worker import Worker  # here: the refusal above is said without its imports

    ws = open_cli_workspace(database=worker_database(settings))
    worker = Worker(ws, settings.worker_interval_s, settings.retry_after_s)
    try:
        # Ctrl-C is how it is stopped, and SIGTERM alike (`docker stop`)
        with contextlib.suppress(KeyboardInterrupt), sigterm_as_ctrl_c():
            worker.run()
    finally:  # any other error too: the embedded vector store is not left locked
        ws.close()
    return 0


def register(commands) -> None:
    from api.feedback.presets import PRESETS  # not the importer: it loads analyzer code

    imp = commands.add_parser(
        "import",
        help="import feedback (or accounts / contacts) from CSV or JSON lines; re-run to resume",
    )
    imp.add_argument("file")
    imp.add_argument("--kind", choices=["feedback", "accounts", "contacts"], default="feedback")
    imp.add_argument("--preset", choices=sorted(PRESETS), default="generic",
                     help="column names of a common export")  # fmt: skip
    imp.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                     help="e.g. --map text=Body --map external_id=Ticket (a+b joins columns)")  # fmt: skip
    imp.add_argument("--source",
                     help="source name of every row (default: the file's source column, else "
                     "the preset's)")  # fmt: skip
    imp.add_argument("--keep", action="append", default=[], metavar="COLUMN",
                     help="keep these columns as each item's metadata (e.g. --keep Tags,Status; "
                     "'*' keeps every column not mapped)")  # fmt: skip
    imp.add_argument("--date-format", metavar="FORMAT",
                     help="how dates are written when not ISO 8601, as Python's strptime reads "
                     "them: e.g. '%%d/%%m/%%Y %%H:%%M' (epoch seconds and milliseconds are read "
                     "as they are)")  # fmt: skip
    imp.add_argument("--timezone", metavar="ZONE",
                     help="time zone of times written without one, e.g. Europe/Paris (default: "
                     "the zone the date column's header names, 'created_at (Europe/Paris)' as "
                     "export --excel writes it, else UTC)")  # fmt: skip
    for flag, accepted in (("--no-date-column", "no date column: date every item with the time "
                                                  "of the import"),
                           ("--content-ids", "no id column: make each row's id from its content "
                                             "(a row edited since imports again)")):  # fmt: skip
        imp.add_argument(flag, action="store_true", help=f"the file has {accepted} (without "
                         "it, such a file stops before its first row)")  # fmt: skip
    imp.add_argument("--strict", action="store_true",
                     help="exit 1 if any row was rejected (without it: only if every row was)")  # fmt: skip
    imp.add_argument("--update-changed", action="store_true",
                     help="a row already stored (same source and external id) whose text, "
                     "score or metadata differ replaces the stored message, which is analysed "
                     "again (PUT /v1/feedback/{id}); without it the stored version is kept. "
                     "With --url, the key needs the read scope to be told which differ")  # fmt: skip
    imp.add_argument("--quiet", action="store_true", help="no progress bar")
    imp.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                     help="analysis processes from the 1,001st row on (default: one per CPU "
                     "core; 1 analyses everything in this process)")  # fmt: skip
    imp.add_argument("--url", metavar="URL",
                     help="send the file to a running server's API instead (e.g. "
                     "http://127.0.0.1:8000): how to import while `boucle serve` holds the "
                     "embedded store")  # fmt: skip
    imp.add_argument("--api-key", default=os.environ.get("BOUCLE_API_KEY"),
                     help="with --url, when the server has keys (needs the ingest scope); "
                     "default: $BOUCLE_API_KEY")  # fmt: skip
    imp.set_defaults(run=import_command)

    worker = commands.add_parser("worker", help="analyse pending items and build indexes")
    worker.add_argument("--once", action="store_true",
                        help="one pass of the worker: check the vectors against SQL, analyse "
                        "what is pending, erase what retention expires, send what is due, "
                        "build the search index if enough is new (after a bulk import), then "
                        "stop; exits 3, doing nothing, while another process runs the worker")  # fmt: skip
    worker.set_defaults(run=worker_command)
