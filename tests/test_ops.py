"""`boucle doctor` finds and repairs drift between SQL and the vector store; backup and restore
round-trip a workspace (across engines too), vectors rebuilt from SQL."""

import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select

from api.feedback.schemas import FeedbackIn
from api.feedback.service import accept, ingest
from api.keys.store import create_key, list_keys, live_digests, revoke_key
from api.needs.schemas import NeedCreate, NeedUpdate
from api.needs.service import create_need, update_need
from api.ops.backup import backup, restore
from api.ops.doctor import check, repair
from api.search.schemas import Filters
from api.search.service import search
from api.storage import Database
from api.storage.db import sqlite_url
from api.storage.migrate import upgrade
from api.storage.tables import Account, Contact, Feedback, Insight, Need
from api.vectors.edge import check_store_free
from api.workspace import INSIGHTS, NEEDS, open_workspace

TEXTS = ["The CSV export crashes on big files.", "Please add a dark mode.",
         "L'export CSV plante encore.", "Great support, thanks!"]  # fmt: skip


def fill(ws) -> None:
    items = [FeedbackIn(source="zendesk", external_id=f"t{n}", text=text,
                        contact={"id": f"c{n}", "email": f"c{n}@example.com"},
                        account={"id": "acme", "arr": 1000})
             for n, text in enumerate(TEXTS)]  # fmt: skip
    ingest(ws, items)
    with ws.db.session() as session:
        first = session.scalar(select(Insight.id).order_by(Insight.id))
    need = create_need(ws, NeedCreate(title="Export crashes", insight_ids=[first]), "test")
    update_need(ws, need, NeedUpdate(status="shipped"), "test")


def test_doctor_finds_and_repairs_drift(workspace) -> None:
    fill(workspace)
    assert check(workspace).healthy
    ids = workspace.vectors.ids(INSIGHTS)
    workspace.vectors.delete(INSIGHTS, ids[:2])  # lost points
    workspace.vectors.upsert(INSIGHTS, [999_999], workspace.tagger.embed(["ghost"]), [{}])
    accept(workspace, [FeedbackIn(source="zendesk", external_id="late", text="Export broken")])
    found = check(workspace)
    assert found.missing_vectors == sorted(ids[:2]) and found.orphan_vectors == [999_999]
    assert found.pending == 1 and not found.healthy
    fixed = repair(workspace)
    assert fixed.healthy and fixed.repaired and fixed.insights == found.insights + 1
    hits = search(workspace, "CSV export crash", 3, Filters()).items
    assert hits[0].need_id is not None  # payloads rebuilt with their links


def test_backup_restore_round_trip(workspace, tagger, tmp_path: Path, settings) -> None:
    fill(workspace)
    manifest = backup(workspace.db, tmp_path / "backup")
    assert manifest["rows"]["feedback"] == 4 and manifest["rows"]["notifications"] == 1
    backup_is_private_and_kept(workspace, tmp_path / "backup", manifest)
    # Into a fresh SQLite workspace (whichever engine the backup came from).
    target = settings.model_copy(update={"data_dir": tmp_path / "restored"})
    fresh = open_workspace(target, tagger)
    try:
        damaged_backups_are_refused(fresh, tmp_path)
        restore(fresh.db, tmp_path / "backup")
        assert mode_of(tmp_path / "restored" / "boucle.db") == 0o600  # as private as the backup
        report = repair(fresh, rebuild=True)
        assert report.healthy and report.insights == manifest["rows"]["insights"]
        with fresh.db.session() as session:
            assert session.scalar(select(func.count()).select_from(Feedback)) == 4
            need = session.scalar(select(Need))
            assert need.status == "shipped" and need.vector is not None
        assert search(fresh, "dark mode", 1, Filters()).items[0].text == "Please add a dark mode."
        # New rows after a restore get new ids (sequences follow the restored rows).
        ingest(fresh, [FeedbackIn(source="zendesk", external_id="new", text="New one")])
        try:
            restore(fresh.db, tmp_path / "backup")
        except Exception as error:
            assert "not empty" in str(error)
        else:
            raise AssertionError("restore over data must be refused without force")
    finally:
        fresh.close()


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_sqlite_workspace_is_private(tmp_path: Path) -> None:
    """A new data folder is 0700 and its database (and SQLite's -wal/-shm beside it) 0600: other
    users of the host cannot read customers' feedback; an existing folder keeps its mode."""
    data_dir = tmp_path / "new" / "data"
    database = Database(sqlite_url(data_dir))
    try:
        upgrade(database)
        with database.session() as session:
            session.add(Account(id="acme", name="Acme"))
        assert mode_of(data_dir) == 0o700
        files = [p for p in data_dir.iterdir() if p.name.startswith("boucle.db")]
        assert {p.name for p in files} >= {"boucle.db", "boucle.db-wal"}
        assert {mode_of(p) for p in files} == {0o600}
    finally:
        database.close()
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    sqlite_url(shared)
    assert mode_of(shared) == 0o755


def test_a_vector_store_opened_first_keeps_a_new_data_folder_private(tmp_path: Path) -> None:
    """`boucle serve` checks the store's lock before SQLite makes the folder: that check made
    the new data folder 0755 (mkdir's parents take the umask), so any user could list it."""
    data_dir = tmp_path / "new" / "data"
    check_store_free(data_dir / "qdrant")
    assert mode_of(data_dir) == 0o700
    assert mode_of(data_dir / "qdrant") == 0o700
    assert mode_of(tmp_path / "new") == 0o700


def backup_is_private_and_kept(workspace, directory: Path, manifest: dict) -> None:
    """Every contact's address is in a backup: its folder 0700, its files 0600; a second backup
    into the same folder is refused unless forced (it replaced the first without a word)."""
    import pytest

    from api.errors import Conflict

    assert mode_of(directory) == 0o700
    assert {mode_of(path) for path in directory.iterdir()} == {0o600}
    with pytest.raises(Conflict, match="not empty"):
        backup(workspace.db, directory)
    assert backup(workspace.db, directory, force=True)["rows"] == manifest["rows"]
    assert {mode_of(path) for path in directory.iterdir()} == {0o600}


def damaged_backups_are_refused(fresh, tmp_path: Path) -> None:
    """A backup cut mid-line, or missing rows, is refused before the database is touched."""
    import shutil

    import pytest

    from api.errors import Conflict

    for cut, says in [(lambda text: text[: len(text) // 2], "is not JSON"),
                      (lambda text: text.split("\n", 1)[1], "holds 3 rows")]:  # fmt: skip
        copy = tmp_path / "damaged"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(tmp_path / "backup", copy)
        rows = copy / "feedback.jsonl"
        rows.write_text(cut(rows.read_text()))
        with pytest.raises(Conflict, match=says):
            restore(fresh.db, copy)
        with fresh.db.session() as session:  # nothing written
            assert session.scalar(select(func.count()).select_from(Feedback)) == 0


def test_the_worker_repairs_a_vector_store_of_another_database(workspace) -> None:
    """BOUCLE_DATABASE_URL pointed at a new database beside the old vector store: need matching
    found needs that did not exist (every new item failed on a foreign key, pending for good)
    and `doctor` counted 1,000 orphans. The worker now compares counts at start and repairs."""
    from api.worker import reconcile_vectors

    fill(workspace)
    assert reconcile_vectors(workspace) is False  # in step: nothing to do
    need_ids = workspace.vectors.ids(NEEDS)
    workspace.vectors.upsert(NEEDS, [need_ids[0] + 100], workspace.tagger.embed(["ghost"]), [{}])
    workspace.vectors.delete(INSIGHTS, workspace.vectors.ids(INSIGHTS))  # a new, empty store
    assert reconcile_vectors(workspace) is True
    assert check(workspace).healthy
    late = FeedbackIn(source="zendesk", external_id="after", text="The CSV export crashes again.")
    (stored,) = ingest(workspace, [late])
    with workspace.db.session() as session:
        assert session.get(Feedback, stored.id).status == "analysed"


def test_a_backup_from_an_older_release_restores(workspace, tagger, tmp_path: Path, settings):
    """Upgrading and moving to PostgreSQL at once was refused ("restore with the Boucle version
    that made it"): an older backup lacks only tables and columns added since."""
    import json

    import pytest

    from api.errors import Conflict

    fill(workspace)
    old = tmp_path / "backup"
    manifest = backup(workspace.db, old)
    # as schema 0007 wrote it: no forgotten_items table, no themes.names column
    (old / "forgotten_items.jsonl").unlink()
    rows = {k: v for k, v in manifest["rows"].items() if k != "forgotten_items"}
    (old / "manifest.json").write_text(json.dumps({**manifest, "revision": "0007", "rows": rows}))
    feedback_rows = [json.loads(line) for line in (old / "feedback.jsonl").read_text().splitlines()]
    for row in feedback_rows:
        del row["attempts"]  # a column with a default: what a new row gets
    (old / "feedback.jsonl").write_text("".join(json.dumps(r) + "\n" for r in feedback_rows))
    fresh = open_workspace(settings.model_copy(update={"data_dir": tmp_path / "new"}), tagger)
    try:
        restore(fresh.db, old)
        with fresh.db.session() as session:
            assert session.scalar(select(func.count()).select_from(Feedback)) == 4
            assert {row.attempts for row in session.scalars(select(Feedback))} == {0}
        newer = {**manifest, "revision": "9999", "rows": rows}
        (old / "manifest.json").write_text(json.dumps(newer))
        with pytest.raises(Conflict, match="newer than this Boucle"):
            restore(fresh.db, old, force=True)
    finally:
        fresh.close()


OLD_BACKUP = Path(__file__).parent / "fixtures" / "backup_0008"


def test_a_backup_made_at_schema_0008_restores(workspace) -> None:
    """tests/fixtures/backup_0008 was made by `boucle backup` at commit ea98d2d (schema 0008,
    before feedback.source_key): its restore died in that column's default, which reads the
    row being inserted (AttributeError: 'NoneType' object has no attribute
    'get_current_parameters'). The missing columns are computed from each row instead."""
    restore(workspace.db, OLD_BACKUP)
    with workspace.db.session() as session:
        keys = dict(session.execute(select(Feedback.id, Feedback.source_key)).all())
        contact = session.get(Contact, "c-1")
        account = session.get(Account, "acme")
        # item 4 re-sent item 1 with its source in another case: a twin, kept under a key
        # nothing matches, as migration 0014 keys twins stored before it
        assert keys == {1: "oldsrc", 2: "oldsrc", 3: "oldsrc", 4: "oldsrc#4"}
        assert contact.email == "c1@example.com" and len(contact.unsubscribe_token) > 30
        assert account.auto_created is False and account.arr == 1000
        assert {f.attempts for f in session.scalars(select(Feedback))} == {0}
    (again,) = accept(workspace, [FeedbackIn(source="OLDSRC", external_id="o-2", text="Again")])
    assert (again.created, again.id) == (False, 2)  # found by its key: stored once
    (new,) = accept(workspace, [FeedbackIn(source="oldsrc", external_id="o-4", text="New one")])
    assert new.created and new.id == 5  # ids follow the restored rows
    report = repair(workspace, rebuild=True)
    assert report.healthy and report.insights == 5


def test_a_restore_keeps_revocations_and_keys_made_since(workspace, tmp_path: Path) -> None:
    """Restoring an older backup brought a revoked (leaked) key back to life and dropped the
    keys made since, so that with none left the API opened again on loopback."""
    db = workspace.db
    create_key(db, "leaked", ["admin"])
    create_key(db, "ingest", ["ingest"])
    backup(db, tmp_path / "backup")
    revoke_key(db, "leaked")
    revoked_at = {k["name"]: k["revoked_at"] for k in list_keys(db)}["leaked"]
    create_key(db, "leaked", ["read"])  # the name given up by the revoked key
    create_key(db, "since", ["admin"])
    manifest = restore(db, tmp_path / "backup", force=True)
    keys = {k["name"]: k for k in list_keys(db)}
    assert sorted(keys) == ["ingest", "leaked", "leaked#1", "since"]
    assert keys["leaked#1"]["revoked_at"] == revoked_at  # revoked, at its first revocation
    assert keys["leaked"]["scopes"] == ["read"] and keys["leaked"]["revoked_at"] is None
    assert keys["since"]["revoked_at"] is None and keys["ingest"]["revoked_at"] is None
    assert len(live_digests(db)) == 4  # the revoked one still matches nothing
    assert manifest["keys"] == {"kept": 2, "revoked_again": 1}


@pytest.mark.parametrize("store", ["edge", "local"])
@pytest.mark.parametrize(
    ("command", "instead"),
    [
        # GET /readyz, once named here, runs none of doctor's check
        (["doctor"], "stop it first, or read its log: its background worker compares the vector "
         "store with the database at each start and repairs a gap (doctor's full check needs "
         "the store to itself)"),
        (["worker", "--once"], "stop it first, or leave the work to it: `boucle serve` runs the "
         "background worker itself (BOUCLE_WORKER, on by default)"),
        (["forget", "contact", "c-1", "--yes"],
         "stop it first, or erase through it: `boucle forget ... --url http://127.0.0.1:8714`"),
        (["themes", "refit", "--cold"], "stop it first, or refit through it: POST "
         '/v1/themes/refit at http://127.0.0.1:8714 ({"cold": true} to start over)'),
        (["needs", "decline", "8"], "stop it first, or decide through it: PATCH /v1/needs/8 at "
         'http://127.0.0.1:8714 ({"status": "declined"})'),
    ],
)  # fmt: skip
def test_a_command_beside_a_server_says_so_before_models_load_with_its_own_hint(
    tmp_path: Path, monkeypatch, capsys, store: str, command: list[str], instead: str
) -> None:
    """`boucle doctor` beside a server on qdrant-client's local mode loaded the models for
    ~55 s before saying the store was busy, and both stores' messages said to `boucle import
    --url`, which is no way to run a doctor."""
    from qdrant_client import QdrantClient

    from api.cli import main
    from api.settings import get_settings
    from api.tagging import shared
    from api.vectors import EdgeVectorStore

    def no_models(config):
        raise AssertionError("models loaded before the store was checked")

    monkeypatch.setattr(shared, "shared_tagger", no_models)
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BOUCLE_PORT", "8714")
    database = Database(sqlite_url(tmp_path))  # a workspace the server made
    upgrade(database)
    database.close()
    if store == "local":
        monkeypatch.setenv("BOUCLE_QDRANT_URL", f"local:{tmp_path / 'local'}")
        held = QdrantClient(path=str(tmp_path / "local"))  # as a running `boucle serve` holds it
    else:
        held = EdgeVectorStore(tmp_path / "qdrant")
    get_settings.cache_clear()
    try:
        assert main(command) == 1
    finally:
        held.close()
        get_settings.cache_clear()
    said = capsys.readouterr().err
    assert "is open in another process" in said and said.endswith(f": {instead}\n"), said
    assert "boucle import" not in said


@pytest.mark.parametrize(("env", "says"), [
    ({}, "is open in another process"),
    ({"BOUCLE_QDRANT_URL": "http://127.0.0.1:1"}, "cannot use the Qdrant server"),
])  # fmt: skip
def test_a_restore_refused_by_its_vector_store_leaves_the_erasures_alone(
    workspace, share_with_cli, boucle, tmp_path: Path, env: dict, says: str
) -> None:
    """With `boucle serve` holding the store (or a Qdrant server that does not answer),
    `boucle restore --force` replaced the database, then refused on the store: the contact
    erased since the backup was back."""
    from api.privacy.service import forget_contact

    fill(workspace)
    backup(workspace.db, tmp_path / "backup")
    forget_contact(workspace, "c1")
    share_with_cli(workspace.settings)  # `workspace` holds its store, as a server does
    done = boucle("restore", str(tmp_path / "backup"), "--force", env=env)
    assert done.returncode == 1 and says in done.stderr, done.stderr
    with workspace.db.session() as session:
        assert session.get(Contact, "c1") is None
        assert session.scalar(select(func.count()).select_from(Feedback)) == len(TEXTS) - 1


def test_the_worker_erases_first_what_a_restore_stopped_short_of_erasing(
    workspace, tmp_path: Path
) -> None:
    """A restore that stopped between the database's swap and the erasures since the backup
    left the erased contact back, and the next start repaired its vectors into search."""
    from api.privacy.service import forget_contact
    from api.worker import Worker

    fill(workspace)
    backup(workspace.db, tmp_path / "backup")
    forget_contact(workspace, "c1")
    restore(workspace.db, tmp_path / "backup", force=True)  # and stopped there
    with workspace.db.session() as session:
        assert session.get(Contact, "c1") is not None
    Worker(workspace, interval_s=60, grace_s=0).work()
    with workspace.db.session() as session:
        assert session.get(Contact, "c1") is None
        stored = set(session.scalars(select(Insight.id)))
    assert set(workspace.vectors.ids(INSIGHTS)) == stored  # repaired after the erasure
    assert search(workspace, "dark mode", 1, Filters()).items[0].text != TEXTS[1]
    # paid once: the contact writing again since is new data, which the next start keeps
    ingest(workspace, [FeedbackIn(source="zendesk", external_id="again", text="Hello again.",
                                  contact={"id": "c1"})])  # fmt: skip
    Worker(workspace, interval_s=60, grace_s=0).work()
    with workspace.db.session() as session:
        assert session.get(Contact, "c1") is not None


def test_a_restore_into_a_database_with_data_is_refused_before_models_load(
    settings, share_with_cli, boucle, tmp_path: Path, monkeypatch
) -> None:
    from api.tagging import shared

    def no_models(config):
        raise AssertionError("models loaded before the refusal")

    database = Database(sqlite_url(settings.data_dir))
    backup(database, tmp_path / "backup")
    create_key(database, "ci", ["read"])  # data: the database is not empty
    database.close()
    monkeypatch.setattr(shared, "shared_tagger", no_models)
    share_with_cli(settings)
    done = boucle("restore", str(tmp_path / "backup"))
    assert done.returncode == 2 and "the database is not empty" in done.stderr, done.stderr


def test_a_restore_beside_a_server_leaves_the_database_unmade(
    unmigrated_store_settings, migrated_sqlite: Path, share_with_cli, boucle, tmp_path: Path
) -> None:
    """With `boucle serve` holding the store, a restore into a new PostgreSQL database migrated
    it (24 tables) before it refused, and advised `boucle import FILE --url URL`."""
    from api.storage.migrate import current_revision
    from api.vectors import EdgeVectorStore
    from tests.conftest import fresh_sqlite_settings

    source = fresh_sqlite_settings(tmp_path / "source", migrated_sqlite)
    database = Database(sqlite_url(source.data_dir))
    backup(database, tmp_path / "backup")
    database.close()
    target = unmigrated_store_settings
    held = EdgeVectorStore(target.data_dir / "qdrant")  # as a running `boucle serve` holds it
    share_with_cli(target)
    try:
        done = boucle("restore", str(tmp_path / "backup"))
    finally:
        held.close()
    said = done.stderr
    assert done.returncode == 1 and "is open in another process" in said, said
    assert "stop it first, then run the restore again; the database is as it was" in said
    assert "boucle import" not in said and "migrated" not in said
    database = Database(target.database_url or sqlite_url(target.data_dir),
                        target.database_schema, make_schema=False)  # fmt: skip
    try:
        assert current_revision(database) is None
    finally:
        database.close()


def test_doctor_says_an_unreachable_database_before_a_held_store(
    settings, share_with_cli, boucle
) -> None:
    """With BOUCLE_DATABASE_URL at a closed port, `boucle doctor` said the vector store was
    open in another process, to stop it first."""
    from api.vectors import EdgeVectorStore

    held = EdgeVectorStore(settings.data_dir / "qdrant")
    share_with_cli(settings)
    try:
        done = boucle("doctor", env={"BOUCLE_DATABASE_URL": "postgresql://boucle@127.0.0.1:1/x"})
    finally:
        held.close()
    assert done.returncode == 1, done.stderr
    assert "nothing listens at that host and port" in done.stderr, done.stderr
    assert "check BOUCLE_DATABASE_URL" in done.stderr and "another process" not in done.stderr
