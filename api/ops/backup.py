"""`boucle backup DIR` / `boucle restore DIR`: every SQL table as JSON lines (portable between
SQLite and PostgreSQL), the custom taggers, and a manifest. Vectors are not copied: SQL keeps
every insight's and need's vector, and a restore rebuilds the collections from it."""

import base64
import json
import os
import secrets
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import DateTime, LargeBinary, Table, func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

import api.storage.key_tables  # noqa: F401  (every table in Base.metadata)
import api.storage.loop_tables  # noqa: F401
import api.storage.webhook_tables  # noqa: F401
from api.errors import Conflict
from api.ops.old_backups import derived_columns
from api.ops.restore_erasures import OWED, RESTORED
from api.ops.restore_keys import KEYS, merge_keys
from api.privacy.keyed import AUDIT_KEY, keyed_hex
from api.storage.db import Database
from api.storage.tables import (
    AuditEvent,
    Base,
    ForgottenItem,
    ForgottenParty,
    UtcDateTime,
    VectorHome,
    WorkspaceSecret,
)
from api.webhooks.sealing import seal_clear_secrets

FORMAT = 1
# the registers of erasures on request: a restore keeps them (api.privacy.service erases again)
REGISTERS = (ForgottenItem.__table__, ForgottenParty.__table__)
SECRETS = WorkspaceSecret.__table__
KEYED_REGISTER = "0018"  # the revision from which backups hold the register's digests keyed


def tables() -> list[Table]:
    """Parents before the tables that point at them; not which store holds the vectors (a
    restore rebuilds them where it runs, api/vectors/home.py)."""
    return [t for t in Base.metadata.sorted_tables if t is not VectorHome.__table__]


def encode(value):
    if isinstance(value, bytes):
        return {"b64": base64.b64encode(value).decode()}
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def decode(table: Table, row: dict, derived: dict[str, Callable[[dict], object]]) -> dict:
    """A backed-up row as `table` takes it; a column the backup lacks (made before it) is
    computed from the row when `derived` names it (api/ops/old_backups), else what a new row
    gets."""
    out = {}
    for column in table.columns:
        if column.name not in row:
            if column.name not in derived:
                out[column.name] = column_default(column)
            continue
        value = row.get(column.name)
        if value is not None and isinstance(column.type, LargeBinary):
            value = base64.b64decode(value["b64"])
        elif value is not None and isinstance(column.type, DateTime | UtcDateTime):
            value = datetime.fromisoformat(value)
        out[column.name] = value
    for name, compute in derived.items():
        if name not in row:
            out[name] = compute(out)
    return out


def column_default(column):
    default = column.default
    if default is None or not getattr(default, "is_scalar", False) and not default.is_callable:
        return None
    return default.arg(None) if default.is_callable else default.arg


def private_file(path: Path):
    """Open `path` for writing, readable by its owner alone: a backup holds every contact's
    e-mail address and every message."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(handle, 0o600)  # a file already there keeps its mode through os.open
    return os.fdopen(handle, "w", encoding="utf-8")


def make_private(root: Path) -> None:
    """Directories 0700 and files 0600 under `root` (the taggers copied with their modes)."""
    root.chmod(0o700)
    for path in root.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)


def backup(db: Database, directory: Path, taggers_dir: Path | None = None,
           force: bool = False) -> dict:  # fmt: skip
    """Write the backup into `directory`, which must be new or empty unless `force`: a second
    backup into the same folder replaced the first without a word."""
    if directory.exists() and not directory.is_dir():
        raise Conflict(f"{directory} is a file: give a folder for the backup")
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise Conflict(f"{directory} is not empty: give a new folder, or pass --force to "
                       "replace what it holds")  # fmt: skip
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    directory.chmod(0o700)
    if force:
        shutil.rmtree(directory / "taggers", ignore_errors=True)  # no taggers of the old backup
    counts = {}
    with db.engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        for table in tables():
            with private_file(directory / f"{table.name}.jsonl") as handle:
                count = 0
                rows = select(table).order_by(*table.primary_key.columns)  # as a restore reads
                for row in connection.execute(rows).mappings():
                    handle.write(json.dumps({k: encode(v) for k, v in row.items()},
                                            ensure_ascii=False) + "\n")  # fmt: skip
                    count += 1
            counts[table.name] = count
    if taggers_dir is not None and taggers_dir.is_dir():
        shutil.copytree(taggers_dir, directory / "taggers", dirs_exist_ok=True)
        make_private(directory / "taggers")
    manifest = {"format": FORMAT, "revision": revision, "at": datetime.now(UTC).isoformat(),
                "engine": db.dialect, "rows": counts}  # fmt: skip
    with private_file(directory / "manifest.json") as handle:
        handle.write(json.dumps(manifest, indent=2))
    return manifest


def restore(db: Database, directory: Path, taggers_dir: Path | None = None,
            force: bool = False) -> dict:  # fmt: skip
    """Load the backup in `directory`; returns its manifest, with "keys": the API keys of this
    workspace kept through it and those it revoked again (api/ops/restore_keys.py)."""
    manifest = json.loads((directory / "manifest.json").read_text())
    check_backup(directory, manifest)  # before the database is touched
    with db.engine.begin() as connection:
        check_target(connection, manifest, force)
        # the register of erasures outlives the data it replaces: an older backup must not
        # bring back who asked to be forgotten (the caller erases them again)
        kept = {
            t: connection.execute(select(t)).mappings().all()
            for t in (*REGISTERS, AuditEvent.__table__)
        }  # so is the trail
        own_secrets = connection.execute(select(SECRETS)).mappings().all()
        own_keys = connection.execute(select(KEYS)).mappings().all()  # revocations and new keys
        for table in reversed(tables()):
            connection.execute(table.delete())
        for table in tables():
            if table.name in manifest["rows"]:  # a table newer than the backup starts empty
                load_table(connection, table, directory / f"{table.name}.jsonl")
        keep_own_secrets(connection, own_secrets)
        keys = merge_keys(connection, own_keys)
        if manifest["revision"] < KEYED_REGISTER:
            key_old_register(connection)
        dialect = postgresql if db.dialect == "postgresql" else sqlite
        for table, rows in kept.items():
            if rows:  # an event of the same id in the backup is the same event
                statement = dialect.insert(table).on_conflict_do_nothing()
                connection.execute(statement, [dict(row) for row in rows])
        if db.dialect == "postgresql":
            reset_sequences(connection)
        # with the data it swapped in: erasures owed until re-applied (api/ops/restore_erasures)
        connection.execute(insert(AuditEvent.__table__).values(
            actor="cli", action=RESTORED, entity="backup", entity_id=manifest.get("at") or "",
            detail={**copy_detail(directory, manifest), OWED: True}))  # fmt: skip
    if db.dialect == "sqlite":  # it now holds what the private backup held
        for suffix in ("", "-wal", "-shm"):
            path = Path(f"{db.engine.url.database}{suffix}")
            if path.is_file():
                path.chmod(0o600)
    if taggers_dir is not None and (directory / "taggers").is_dir():
        shutil.copytree(directory / "taggers", taggers_dir, dirs_exist_ok=True)
    seal_clear_secrets(db)  # a backup made before they were sealed holds them in clear
    return {**manifest, "keys": keys.summary()}


def copy_detail(directory: Path, manifest: dict) -> dict:
    """A backup written or restored, in the audit trail: where, of when, how many rows."""
    return {"directory": str(directory.resolve()), "backup_at": manifest.get("at"),
            "rows": sum(manifest.get("rows", {}).values())}  # fmt: skip


def restorable(db: Database, directory: Path, force: bool = False) -> None:
    """Conflict when `restore` would refuse this backup or this database, asked before the
    restore opens anything else (its vector store, its models); restore asks again."""
    manifest = json.loads((directory / "manifest.json").read_text())
    check_backup(directory, manifest)
    with db.engine.connect() as connection:
        check_target(connection, manifest, force)


def check_target(connection, manifest: dict, force: bool) -> None:
    """Conflict when the database cannot take the backup: a newer schema, or data without
    `force`."""
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    # Migrations only add tables, columns and indexes: an older backup loads into today's
    # schema (what it lacks gets its default); a newer one needs a newer Boucle.
    if manifest["revision"] > revision:
        raise Conflict(f"backup is at schema {manifest['revision']}, newer than this Boucle's "
                       f"{revision}: restore it with the Boucle version that made it")  # fmt: skip
    stored = sum(connection.execute(select(func.count()).select_from(t)).scalar() for t in tables())
    if stored and not force:
        raise Conflict("the database is not empty: restore into a new one, or pass --force "
                       "to replace everything in it")  # fmt: skip


def keep_own_secrets(connection, own: list) -> None:
    """The workspace's secrets win over the backup's: the register and the trail kept through
    the restore are keyed with them (a backup of this workspace holds the same ones)."""
    if own:
        connection.execute(SECRETS.delete())
        connection.execute(SECRETS.insert(), [dict(row) for row in own])


def key_old_register(connection) -> None:
    """A backup made before migration 0018 holds the register's digests plain: keyed here as
    the migration keyed the stored ones, with the workspace's secret (made if none yet)."""
    stored = connection.execute(select(SECRETS.c.value).where(SECRETS.c.name == AUDIT_KEY))
    value = stored.scalar()
    if value is None:
        value = secrets.token_hex(32)
        connection.execute(SECRETS.insert(), [{"name": AUDIT_KEY, "value": value,
                                               "created_at": datetime.now(UTC)}])  # fmt: skip
    for table in REGISTERS:
        for (plain,) in connection.execute(select(table.c.digest)).all():
            keyed = keyed_hex(bytes.fromhex(value), plain)
            connection.execute(table.update().where(table.c.digest == plain).values(digest=keyed))


def check_backup(directory: Path, manifest: dict) -> None:
    """Every table file is whole: each line is JSON and there are as many as the manifest
    counted, so a cut or edited backup is refused with the file to look at."""
    for name, expected in manifest.get("rows", {}).items():
        path = directory / f"{name}.jsonl"
        if not path.is_file():
            raise Conflict(f"damaged backup: {path} is missing")
        count = 0
        with path.open(encoding="utf-8") as handle:
            for count, line in enumerate(handle, start=1):  # noqa: B007 - the count is wanted
                try:
                    json.loads(line)
                except ValueError:
                    raise Conflict(f"damaged backup: {path} line {count} is not JSON") from None
        if count != expected:
            raise Conflict(f"damaged backup: {path} holds {count} rows, the manifest {expected}")


def load_table(connection, table: Table, path: Path) -> None:
    """Rows in chunks; a column pointing at its own table is filled in a second pass, since a
    row may point at a later one."""
    own = [c.name for c in table.columns if any(fk.column.table is table for fk in c.foreign_keys)]
    derived = derived_columns(table)
    rows, later = [], []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = decode(table, json.loads(line), derived)
            if any(row[name] is not None for name in own):
                later.append({"id": row["id"], **{name: row[name] for name in own}})
                row.update({name: None for name in own})
            rows.append(row)
            if len(rows) == 1_000:
                connection.execute(insert(table), rows)
                rows = []
    if rows:
        connection.execute(insert(table), rows)
    for row in later:
        values = {name: row[name] for name in own}
        connection.execute(update(table).where(table.c.id == row["id"]).values(**values))


def reset_sequences(connection) -> None:
    for table in tables():
        if "id" in table.columns and table.c.id.autoincrement is not False:
            if table.c.id.type.python_type is not int:
                continue
            connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 1))"))  # fmt: skip
