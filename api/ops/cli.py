"""`boucle doctor`, `boucle backup DIR`, `boucle restore DIR`, `boucle migrate`."""

import argparse
import json
import sys
from pathlib import Path


def doctor_command(args: argparse.Namespace) -> int:
    from api.feedback.cli import open_cli_workspace
    from api.settings import get_settings

    if unreachable_links := get_settings().link_warning():  # on stderr: stdout is the report
        print(f"boucle doctor: {unreachable_links}", file=sys.stderr)
    fixing = args.repair or args.rebuild  # the vectors written here: this store holds them now
    ws = open_cli_workspace(existing=True, take_over_vectors=fixing, instead=doctor_instead())
    from api.ops.doctor import check, repair  # once the store is known free: a refusal comes first

    report = repair(ws, rebuild=args.rebuild) if fixing else check(ws)
    ws.close()
    for advice in report.secret_key.advice if report.secret_key else []:
        print(f"boucle doctor: {advice}", file=sys.stderr)  # what to do, beside the report
    print(json.dumps(report.summary()))
    return 0 if report.healthy else 1


def doctor_instead() -> str:
    """What to do while a server holds the store: no route runs doctor's check (GET /readyz,
    once named here, checks none of it), but the server's worker compares the stores itself."""
    return ("read its log: its background worker compares the vector store with the database "
            "at each start and repairs a gap (doctor's full check needs the store to itself)")  # fmt: skip


def backup_command(args: argparse.Namespace) -> int:
    from api.errors import Conflict
    from api.ops.backup import backup
    from api.settings import get_settings
    from api.workspace import open_existing_database

    settings = get_settings()
    database = open_existing_database(settings)
    try:
        manifest = backup(database, Path(args.directory), settings.data_dir / "taggers",
                          force=args.force)  # fmt: skip
    except Conflict as error:
        print(f"boucle backup: {error}", file=sys.stderr)
        return 2
    audit_backup(database, Path(args.directory), manifest)
    database.close()
    print(json.dumps(manifest))
    return 0


def restore_command(args: argparse.Namespace) -> int:
    from api.errors import Conflict
    from api.feedback.cli import free_settings, open_cli_workspace
    from api.ops.backup import restorable
    from api.settings import get_settings
    from api.vectors.edge import StoreBusy
    from api.workspace import open_database

    directory = Path(args.directory)
    if not (directory / "manifest.json").is_file():
        print(f"boucle restore: {directory} holds no backup (manifest.json)", file=sys.stderr)
        return 2
    try:  # before the database is made or migrated: a refusal leaves it as it was
        settings = free_settings()
    except StoreBusy as error:  # no way through a server: a restore replaces its database
        print(f"boucle restore: {error.busy}: stop it first, then run the restore again; the "
              "database is as it was", file=sys.stderr)  # fmt: skip
        return 1
    database = open_database(settings)
    try:  # a refusal said before the models load
        restorable(database, directory, args.force)
    except Conflict as error:
        print(f"boucle restore: {error}", file=sys.stderr)
        return 2
    finally:
        database.close()
    # every store opened before the database is replaced: a vector store another process holds,
    # or a Qdrant server that does not answer, refuses here. Refused after the swap, the restore
    # left the people erased since the backup back in the database.
    ws = open_cli_workspace(take_over_vectors=True)  # rebuilt below, in this store
    try:
        return restored(ws, directory, get_settings().data_dir / "taggers", args.force)
    finally:
        ws.close()


def restored(ws, directory: Path, taggers_dir: Path, force: bool) -> int:
    """`boucle restore` once its stores are open: the SQL swapped, the erasures since the
    backup made again at once, then the rest (themes, taggers, the vectors rebuilt)."""
    from api.errors import Conflict
    from api.ops.backup import restore
    from api.ops.doctor import repair
    from api.ops.restore_erasures import reapply_owed
    from api.privacy.purge import want_purge
    from api.taggers.service import Taggers
    from api.taggers.store import TaggerStore
    from api.webhooks.sealing import unreadable_secrets

    try:
        manifest = restore(ws.db, directory, taggers_dir, force)
    except Conflict as error:
        print(f"boucle restore: {error}", file=sys.stderr)
        return 2
    try:
        erased = reapply_owed(ws)  # what was erased on request since the backup was made
    except BaseException:
        print("boucle restore: THE DATABASE WAS REPLACED by the backup, but the people erased "
              "since it was made are not erased again yet: run this restore again (the next "
              "`boucle serve` or `boucle worker` erases them first otherwise)", file=sys.stderr)  # fmt: skip
        raise
    if erased and (erased.feedback or erased.contacts or erased.accounts):
        print(f"boucle restore: {erased.feedback} restored items, {erased.contacts} contacts and "
              f"{erased.accounts} accounts had been erased on request since: erased again",
              file=sys.stderr)  # fmt: skip
    if unreadable := unreadable_secrets(ws.db):
        print(f"boucle restore: the secrets of webhooks {', '.join(map(str, unreadable))} were "
              "sealed with another key: set BOUCLE_SECRET_KEY (or BOUCLE_DATA_DIR/secret.key) to "
              "the one of the workspace backed up and run `boucle doctor`, or remove them and add "
              "them again",
              file=sys.stderr)  # fmt: skip
    keys = manifest["keys"]
    if keys["kept"] or keys["revoked_again"]:
        print(f"boucle restore: {keys['kept']} API keys made since the backup kept, "
              f"{keys['revoked_again']} revoked since revoked again", file=sys.stderr)  # fmt: skip
    with ws.db.session() as session:  # opened on the database replaced
        ws.themes.reload(session)
    Taggers(TaggerStore(taggers_dir), ws.tagger)  # the backup's custom taggers tag from now
    report = repair(ws, rebuild=True)  # the vector collections, rebuilt from SQL
    if erased and erased.insights:
        want_purge(ws, wait=True)  # and the rebuilt store keeps none of their vectors
    print(json.dumps(report.summary()))
    if report.vectors_agree and not report.healthy:  # a script reading the exit status alone
        print("boucle restore: the backup is restored, but the workspace is not healthy (see "
              "above): exit 1", file=sys.stderr)  # fmt: skip
    return 0 if report.healthy else 1


def migrate_command(args: argparse.Namespace) -> int:
    """The database brought to this Boucle's schema, as `serve` and `worker` do at start: the
    other commands leave one that is behind as it is (api.workspace.brought_up_to_date)."""
    from api.settings import get_settings
    from api.storage.migrate import current_revision
    from api.workspace import open_database

    database = open_database(get_settings())  # the migration is logged on stderr
    print(f"the database is at revision {current_revision(database)}")
    database.close()
    return 0


def audit_backup(database, directory: Path, manifest: dict) -> None:
    """A backup written, in the audit trail (a restore writes its own with the data it loads)."""
    from api.audit import record
    from api.ops.backup import copy_detail

    with database.session() as session:
        record(session, "cli", "backup", "backup", manifest.get("at") or "",
               copy_detail(directory, manifest))  # fmt: skip


def register(commands) -> None:
    doctor = commands.add_parser("doctor", help="check (and repair) SQL and vectors agree")
    doctor.add_argument("--repair", action="store_true", help="fix the drift found")
    doctor.add_argument("--rebuild", action="store_true", help="rewrite every vector from SQL")
    doctor.set_defaults(run=doctor_command)
    backup = commands.add_parser("backup", help="write the SQL store and taggers to DIR")
    backup.add_argument("directory", help="a new or empty folder; written readable by you alone")
    backup.add_argument("--force", action="store_true", help="replace a backup already in DIR")
    backup.set_defaults(run=backup_command)
    restore = commands.add_parser("restore", help="load a backup, then rebuild the vectors")
    restore.add_argument("directory")
    restore.add_argument("--force", action="store_true", help="replace a non-empty database")
    restore.set_defaults(run=restore_command)
    migrate = commands.add_parser(
        "migrate", help="bring the database to this Boucle's schema (serve and worker do at start)"
    )
    migrate.set_defaults(run=migrate_command)
