"""`boucle import`: presets and mappings, rejected rows, and a crash half-way then a resume that
loses nothing and duplicates nothing (a real process, killed)."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from api.feedback.bulk import import_feedback, import_people
from api.feedback.importer import SNIFF_BYTES, ImportError_, Mapping, Report
from api.settings import Settings
from api.storage.tables import Account, Feedback
from api.workspace import open_database
from tests.test_import_exports import read

ROOT = Path(__file__).resolve().parents[1]


def counts(ws_or_db) -> tuple[int, int, int]:
    """(rows, distinct (source, external_id), analysed)."""
    with ws_or_db.session() as session:
        rows = session.scalar(select(func.count()).select_from(Feedback))
        keys = session.scalar(
            select(func.count()).select_from(
                select(Feedback.source, Feedback.external_id).distinct().subquery()
            )
        )
        done = session.scalar(select(func.count()).where(Feedback.status == "analysed"))
        return rows, keys, done


def test_support_preset_csv_and_rerun(workspace, tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text(
        "Ticket ID,Subject,Description,Created at,Organization\n"
        '101,Export broken,"The CSV export crashes, please fix.",2026-10-01T10:00:00Z,acme\n'
        "102,Dark mode,Could you add a dark mode?,2026-10-02 11:00:00,acme\n"
        "103,,,2026-10-03T10:00:00Z,acme\n"
        "104,Bad date,Some text,yesterday,acme\n"
    )
    mapping = Mapping.build("support", {}, None)
    report = import_feedback(workspace, path, mapping)
    assert (report.read, report.created, report.duplicates) == (4, 2, 0)
    assert [r.split(":")[0] for r in report.rejected] == [
        "line 4 (external_id '103')",
        "line 5 (external_id '104')",
    ]
    assert "created_at: 'yesterday' is not a date: use ISO 8601" in report.rejected[1]
    with workspace.db.session() as session:
        row = session.scalar(select(Feedback).where(Feedback.external_id == "101"))
        assert row.source == "support" and row.account_id == "acme"
        assert row.text.startswith("Export broken\nThe CSV export crashes")
        assert row.status == "analysed" and row.raw_text is None
    again = import_feedback(workspace, path, mapping)
    assert (again.created, again.duplicates, again.changed) == (0, 2, 0)
    assert counts(workspace.db) == (2, 2, 2)
    # an edited row is still a duplicate (the stored one is kept), counted as changed
    path.write_text(path.read_text().replace("add a dark mode?", "add a dark mode soon?"))
    edited = import_feedback(workspace, path, mapping)
    assert (edited.created, edited.duplicates, edited.changed) == (0, 2, 1)


def test_jsonl_with_mapping_and_people(workspace, tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("id,name,arr,segment,country\nacme,Acme,12000,smb,FR\nbad,,-5,,\n")
    report = import_people(workspace, accounts, "accounts")
    assert report.created == 1 and report.rejected[0].startswith("line 3: arr")
    path = tmp_path / "reviews.jsonl"
    rows = [{"review": "Super appli, merci !", "stars": 5, "rid": "r1", "acct": "acme"},
            {"review": "Crashes on start", "stars": 1, "rid": "r2"},
            {"review": "Meh", "stars": "five", "rid": "r3"}]  # fmt: skip
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    overrides = {"text": "review", "external_id": "rid", "score": "stars", "account_id": "acct"}
    report = import_feedback(
        workspace, path, Mapping.build("appstore", overrides, "google_play", dateless=True)
    )
    assert report.created == 2
    assert report.rejected == ["line 3 (external_id 'r3'): score: 'five' is not a number"]
    with workspace.db.session() as session:
        assert session.get(Account, "acme").attributes == {"country": "FR"}
        review = session.scalar(select(Feedback).where(Feedback.external_id == "r1"))
        assert (review.source, review.score, review.account_id) == ("google_play", 5, "acme")


def test_nul_characters_in_a_file_are_dropped(workspace, tmp_path: Path) -> None:
    """A broken export's NUL (PostgreSQL text cannot hold it) does not reject or crash a row."""
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("id,name\nacme,Acme\x00 Corp\n")
    assert import_people(workspace, accounts, "accounts").created == 1
    path = tmp_path / "tickets.jsonl"
    path.write_text(json.dumps({"id": "t\u0000-1", "text": "Export\u0000 crashes on big files.",
                                "source": "support", "org": "acme\u0000"}) + "\n")  # fmt: skip
    report = import_feedback(
        workspace, path, Mapping.build("support", {"account_id": "org"}, None, dateless=True)
    )
    assert report.created == 1 and report.rejected == []
    with workspace.db.session() as session:
        row = session.scalar(select(Feedback).where(Feedback.external_id == "t-1"))
        assert row.text == "Export crashes on big files." and row.account_id == "acme"
        assert session.get(Account, "acme").name == "Acme Corp"


def test_a_bad_json_line_is_rejected_and_the_rest_imported(workspace, tmp_path: Path) -> None:
    """One broken line in a JSON lines export costs that line, not the rows after it."""
    path = tmp_path / "tickets.jsonl"
    path.write_text(
        "\ufeff" + json.dumps({"id": "a", "text": "The export crashes."}) + "\n"
        '{"id": "b", "text": "cut in the mid\n'
        "\n"
        '["not", "an", "object"]\n'
        + json.dumps({"id": "c", "text": "Please add a dark mode."})
        + "\n"
    )
    report = import_feedback(
        workspace, path, Mapping.build("generic", {}, "tickets", dateless=True)
    )
    assert (report.read, report.created) == (4, 2)
    assert report.rejected == [
        "line 2: not valid JSON (Invalid control character at column 36)",
        "line 4: expected a JSON object (one per line, or an array of them)",
    ]
    array = tmp_path / "reviews.json"  # what many tools export as .json: one array
    array.write_text(json.dumps([{"id": "d", "text": "Love the new charts."}, 7], indent=2))
    report = import_feedback(
        workspace, array, Mapping.build("generic", {}, "tickets", dateless=True)
    )
    assert (report.read, report.created) == (2, 1)
    assert report.rejected == ["item 2: expected a JSON object (one per line, or an array of them)"]
    with workspace.db.session() as session:
        assert set(session.scalars(select(Feedback.external_id))) == {"a", "c", "d"}
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "e", "text": "x"},')
    with pytest.raises(ImportError_, match="broken.json: not valid JSON"):
        import_feedback(workspace, broken, Mapping.build("generic", {}, "tickets", dateless=True))


def test_excel_exports_windows_1252_semicolons_and_utf16(workspace, tmp_path: Path) -> None:
    """What Excel saves as "CSV" on a French Windows: Windows-1252 and ";"; as "Unicode text":
    UTF-16 and tabs. Both import with their accents."""
    excel = tmp_path / "avis.csv"
    excel.write_bytes("id;text;note\n1;Café trop cher, l'équipe hésite;2\n".encode("cp1252"))
    mapping = Mapping.build("generic", {"score": "note"}, "excel", dateless=True)
    assert import_feedback(workspace, excel, mapping).created == 1
    unicode_text = tmp_path / "avis.txt"
    unicode_text.write_text("id\ttext\n2\tL'export plante à 10 000 lignes\n", encoding="utf-16")
    assert (
        import_feedback(
            workspace, unicode_text, Mapping.build("generic", {}, "excel", dateless=True)
        ).created
        == 1
    )
    with workspace.db.session() as session:
        texts = {r.external_id: (r.text, r.score) for r in session.scalars(select(Feedback))}
    assert texts == {"1": ("Café trop cher, l'équipe hésite", 2.0),
                     "2": ("L'export plante à 10 000 lignes", None)}  # fmt: skip


def read_rows(path: Path) -> tuple[list, Report]:
    """Every row `boucle import` would store from `path`, read as it reads them (no analysis:
    the choice of encoding is the reader's alone)."""
    return read(path, Mapping.build("generic", {}, "tickets", dateless=True))


def test_a_windows_1252_file_whose_first_accent_comes_late(tmp_path: Path) -> None:
    """2,000 rows of plain ASCII, then "Très lent" in Windows-1252: it stopped at that line
    ("not UTF-8") after the rows before it were stored, because only the first 64 KB were read
    to choose the encoding."""
    path = tmp_path / "tickets.csv"
    rows = [f"{i},The export of project {i} fails again today" for i in range(2000)]
    path.write_bytes(("id,text\n" + "\n".join(rows) + "\n").encode() + b"2001,Tr\xe8s lent\n")
    assert path.stat().st_size > SNIFF_BYTES
    items, report = read_rows(path)
    assert (len(items), report.rejected) == (2001, [])
    assert (items[-1].external_id, items[-1].text) == ("2001", "Très lent")


def test_a_utf8_file_with_a_late_bad_line_says_where(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    rows = [f"{i},The export of project {i} fails again today" for i in range(2000)]
    body = "id,text\n" + "\n".join(rows) + "\n2000,Déjà vu\n"
    path.write_bytes(body.encode() + b"2001,Caf\xe9\n")
    assert path.stat().st_size > SNIFF_BYTES
    with pytest.raises(ImportError_, match=r"line 2003 is not UTF-8: save the file as UTF-8"):
        read_rows(path)


def test_a_mixed_utf8_file_stops_at_its_bad_line_instead_of_turning_garbled(
    workspace, tmp_path: Path
) -> None:
    """A UTF-8 file with one Windows-1252 line near its start was read whole as Windows-1252:
    "Déjà vu" was stored as "DÃ©jÃ  vu"."""
    path = tmp_path / "tickets.csv"
    path.write_bytes("id,text\n1,Déjà vu: the export fails\n".encode() + b"2,Caf\xe9 cr\xe8me\n")
    with pytest.raises(ImportError_, match=r"line 3 is not UTF-8"):
        import_feedback(workspace, path, Mapping.build("generic", {}, "tickets", dateless=True))
    assert counts(workspace.db)[0] == 0  # nothing garbled stored


def test_rows_wider_than_the_header_and_undecodable_bytes_are_rejected(
    workspace, tmp_path: Path
) -> None:
    path = tmp_path / "tickets.csv"
    path.write_bytes(
        b"id,text\n"
        b"1,No quotes here, so the text is cut\n"  # 3 fields: was stored as "No quotes here"
        b'2,"Quoted, so it is whole"\n'
        b"3,Caf\xe9 \x81 cr\xe8me\n"  # not UTF-8; 0x81 is not Windows-1252 either
    )
    report = import_feedback(
        workspace, path, Mapping.build("generic", {}, "tickets", dateless=True)
    )
    assert report.created == 1
    assert report.rejected == [
        "line 2: 3 fields, the header has 2: put a field that holds the delimiter ',' in double "
        "quotes",
        "line 4: bytes that are neither UTF-8 nor Windows-1252 text (shown as \ufffd): save the "
        "file as UTF-8 and import it again",
    ]
    with workspace.db.session() as session:
        assert list(session.scalars(select(Feedback.text))) == ["Quoted, so it is whole"]


def test_a_mapping_that_finds_no_text_stops_before_any_row(workspace, tmp_path: Path) -> None:
    path = tmp_path / "avis.csv"
    path.write_text("id;ce que vous en pensez;date\n1;L'export plante;2026-11-02\n")
    with pytest.raises(ImportError_, match=r"no column for the feedback text .* --map text="):
        import_feedback(workspace, path, Mapping.build("generic", {}, "avis"))
    with pytest.raises(ImportError_, match=r"no column for the feedback text \(tried 'Nope'\)"):
        import_feedback(workspace, path, Mapping.build("generic", {"text": "Nope"}, "avis"))
    with pytest.raises(ImportError_, match=r"unknown field 'txt'; the fields are external_id"):
        Mapping.build("generic", {"txt": "ce que vous en pensez"}, "avis")
    mapped = Mapping.build("generic", {"text": "ce que vous en pensez"}, "avis")
    assert import_feedback(workspace, path, mapped).created == 1


def test_a_file_without_date_or_id_columns_stores_nothing(workspace, tmp_path: Path) -> None:
    """52 rows were stored dated with the time of the import and keyed by content hashes, and
    only then a warning said that no date or id column was found: a re-run with --map could
    not mend them (it skips stored rows)."""
    path = tmp_path / "qa_feedback.csv"
    path.write_text("Ref,Quand,Body\nQA-1,2026-10-03,The PDF report is slow.\n")
    with pytest.raises(ImportError_, match=r"no date column .* --no-date-column") as stopped:
        import_feedback(workspace, path, Mapping.build("generic", {}, None))
    assert "The columns are 'Ref', 'Quand', 'Body'" in str(stopped.value)
    assert counts(workspace.db) == (0, 0, 0)
    mapped = Mapping.build("generic", {"created_at": "Quand"}, None)  # "Ref" is a known id name
    assert import_feedback(workspace, path, mapped).created == 1
    with workspace.db.session() as session:
        row = session.scalar(select(Feedback))
        assert (row.external_id, row.created_at.date().isoformat()) == ("QA-1", "2026-10-03")


def test_the_command_stops_before_loading_models_or_opening_a_store(tmp_path, monkeypatch,
                                                                     capsys) -> None:  # fmt: skip
    from api.cli import main
    from api.settings import get_settings

    path = tmp_path / "answers.csv"
    path.write_text("Body,Score\nThe export fails,3\n")
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    try:
        assert main(["import", str(path), "--quiet"]) == 2
    finally:
        get_settings.cache_clear()
    said = capsys.readouterr().err
    assert "--no-date-column" in said and "--content-ids" in said
    assert not (tmp_path / "data").exists()


# `boucle import` beside a server holding the embedded store, then which of the modules that
# take seconds to import (the importer's, the analyzer's) it loaded before refusing.
IMPORT_BESIDE_A_SERVER = """
import sys
from api.cli import main
code = main(sys.argv[1:])
slow = ("api.feedback.importer", "api.feedback.bulk", "analyzer.stages.normalise")
print(code, [name for name in slow if name in sys.modules])
"""


def test_an_import_beside_a_server_refuses_before_loading_the_importer(tmp_path: Path) -> None:
    """It said so after ~20 s of imports, where `boucle search` says so at once."""
    from api.vectors import EdgeVectorStore

    path = tmp_path / "tickets.csv"
    path.write_text("id,text\n1,The export fails\n")
    held = EdgeVectorStore(tmp_path / "data" / "qdrant")  # as a running `boucle serve` holds it
    try:
        done = subprocess.run(
            [sys.executable, "-c", IMPORT_BESIDE_A_SERVER, "import", str(path), "--quiet",
             "--no-date-column"],
            env={**os.environ, "BOUCLE_DATA_DIR": str(tmp_path / "data")}, cwd=ROOT,
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    finally:
        held.close()
    assert done.stdout.splitlines()[-1] == "2 []", done.stdout + done.stderr[-2000:]
    assert "open in another process" in done.stderr and "--url" in done.stderr
    assert "Traceback" not in done.stderr


def write_tickets(path: Path, n: int) -> None:
    with path.open("w") as handle:
        for i in range(n):
            text = f"Ticket {i}: the export of project {i} fails with error {i * 7}. Please help."
            handle.write(json.dumps({"id": f"t-{i}", "text": text, "source": "support"}) + "\n")


def children(pid: int) -> list[int]:
    task = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in task.read_text().split()] if task.exists() else []


# `boucle import` in batches of 20 rows (not 100), whose analysis pool takes over after the
# first batch (not after 1,000 rows): a few batches reach the pool, as many more do in use.
IMPORT_POOLED_EARLY = (
    "import sys; from api.feedback import bulk; from api.cli import main; "
    "bulk.BATCH = bulk.POOL_AFTER = 20; sys.exit(main(sys.argv[1:]))"
)


def run_import(env: dict, path: Path) -> subprocess.Popen:
    command = [sys.executable, "-c", IMPORT_POOLED_EARLY, "import", str(path), "--quiet",
               "--no-date-column", "--jobs", "2"]  # fmt: skip
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)


def test_killed_import_resumes_without_loss_or_duplicates(
    store_settings: Settings, tmp_path: Path, boucle
) -> None:
    """Where the kill lands: the first 20 rows are analysed in process; the next batches are
    stored pending and handed to the 2 workers, until 2 batches a worker plus one wait for the
    first answer (row 120), which comes only once a worker has loaded the models (seconds). The
    kill comes once 60 rows are stored: the import is always cut between its pooled batches,
    whose workers are running, long before its 200th row. The resume and the check run in this
    process (models loaded already); 200 rows stay under POOL_AFTER there, so no pool starts
    (pooled imports: test_import_pool.py)."""
    total = 200
    path = tmp_path / "tickets.jsonl"
    write_tickets(path, total)
    store = {"BOUCLE_DATA_DIR": str(store_settings.data_dir), "BOUCLE_WORKER": "false"}
    if store_settings.database_url:
        store |= {"BOUCLE_DATABASE_URL": store_settings.database_url,
                  "BOUCLE_DATABASE_SCHEMA": store_settings.database_schema}  # fmt: skip
    database = open_database(store_settings)

    process = run_import({**os.environ, **store}, path)
    deadline = time.monotonic() + 240
    while counts(database)[0] < 60:  # killed mid-way, once the analysis pool has started
        assert process.poll() is None, "the import ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    workers = children(process.pid)  # the analysis pool's processes (and its resource tracker)
    assert workers, "the analysis pool had not started: the kill would not test it"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in workers):  # orphans leave by themselves
        assert time.monotonic() < deadline, f"pool workers {workers} outlived their parent"
        time.sleep(0.2)
    stored, _, analysed = counts(database)
    assert 0 < stored < total, "kill came too late to test a resume"

    resumed = boucle("import", str(path), "--quiet", "--no-date-column", env=store)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert counts(database) == (total, total, total)
    assert f"{total} rows read" in resumed.stdout and "0 pending" in resumed.stdout
    database.close()
    doctor = boucle("doctor", env=store)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr  # SQL and vectors agree
    assert '"missing_vectors": 0' in doctor.stdout and '"orphan_vectors": 0' in doctor.stdout


def test_the_command_fails_when_no_row_was_accepted(tmp_path: Path, boucle) -> None:
    """Rows without words (empty, blanks, markup, invisible characters) are each counted and
    named by line and id; a row with a score and no text is a survey answer: said, not silent."""
    path = tmp_path / "blank.csv"
    path.write_text("id,text,score\n1,,\n2,   ,\nt-3,<div><br></div>,\n4,\u200b\u00a0,\n")
    env = {"BOUCLE_DATA_DIR": str(tmp_path / "data")}
    command = ["import", str(path), "--quiet", "--jobs", "1", "--no-date-column"]
    done = boucle(*command, env=env)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "4 rows read, 0 stored, 0 already stored, 4 rejected" in done.stdout
    for line, external_id in ((2, "1"), (3, "2"), (4, "t-3"), (5, "4")):
        assert f"rejected line {line} (external_id '{external_id}'): text" in done.stderr
    with path.open("a") as rows:
        rows.write("5,,4\n")
    done = boucle(*command, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "5 rows read, 1 stored, 0 already stored, 4 rejected" in done.stdout
    assert "1 row had a score and no text: stored as a survey answer" in done.stderr
    done = boucle(*command, env=env)  # a re-run stores nothing: no answer said to be stored
    assert "5 rows read, 0 stored, 1 already stored, 4 rejected" in done.stdout
    assert "had a score and no text" not in done.stderr


def test_an_accounts_import_moves_stored_insights_to_the_new_segment(workspace, tmp_path) -> None:
    """PUT /v1/accounts kept search's segment filter in step; an accounts file did not, so a
    segment filter missed the account's feedback until a rebuild."""
    from api.search.schemas import Filters
    from api.search.service import search

    feedback = tmp_path / "tickets.csv"
    feedback.write_text("id,text,account\nt1,The CSV export crashes on big files,acme\n")
    import_feedback(workspace, feedback, Mapping.build("generic", {}, "tickets", dateless=True))
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("id,name,segment\nacme,Acme,enterprise\n")
    import_people(workspace, accounts, "accounts")
    hits = search(workspace, "export crash", 5, Filters(segment="enterprise")).items
    assert [hit.feedback.external_id for hit in hits] == ["t1"]


def test_an_accounts_import_loads_no_model(tmp_path: Path, monkeypatch) -> None:
    """Accounts and contacts carry no text to analyse: `boucle import --kind accounts` opened the
    whole workspace, analyzer and models included (seconds and hundreds of MB for a CRM file)."""
    import analyzer
    import analyzer.resources
    from api.cli import main
    from api.settings import get_settings
    from api.tagging import shared

    built, loaded, fetched = [], [], []

    class SpyAnalyzer(analyzer.Analyzer):
        def __init__(self, *args, **kwargs) -> None:
            built.append(args)
            super().__init__(*args, **kwargs)

    real_load = analyzer.resources.load_embedder
    monkeypatch.setattr(analyzer, "Analyzer", SpyAnalyzer)
    monkeypatch.setattr(analyzer.resources, "load_embedder",
                        lambda *args, **kwargs: loaded.append(args) or real_load(*args, **kwargs))  # fmt: skip
    # a tagger built by an earlier command in this process is fetched, not built again
    real_fetch = shared.shared_tagger
    monkeypatch.setattr(shared, "shared_tagger",
                        lambda config: fetched.append(config) or real_fetch(config))  # fmt: skip
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    accounts = tmp_path / "accounts.csv"
    accounts.write_text('Account ID,Account Name,ARR,Segment\nacc-1,Acme,"$12,500.00",smb\n')
    try:
        assert main(["import", str(accounts), "--kind", "accounts", "--quiet"]) == 0
    finally:
        get_settings.cache_clear()
    assert built == [] and loaded == [] and fetched == []
    database = open_database(Settings(data_dir=tmp_path / "data"))
    with database.session() as session:
        assert session.get(Account, "acc-1").arr == 12500
    database.close()


def test_off_scale_survey_scores_are_rejected_rows(workspace, tmp_path: Path) -> None:
    """An NPS 11 in a survey file was stored, then left out of NPS without a word."""
    survey = tmp_path / "nps.csv"
    survey.write_text(
        "Response ID,Score,Comment,Submitted At\n"
        "r1,9,Great,2026-10-01\n"
        "r2,11,Typo,2026-10-01\n"
        "r3,-1,,2026-10-01\n"
    )
    report = import_feedback(workspace, survey, Mapping.build("nps", {}, None))
    assert report.created == 1
    assert [r.split(": ", 1)[0] for r in report.rejected] == [
        "line 3 (external_id 'r2')",
        "line 4 (external_id 'r3')",
    ]
    assert "score: 11 is outside the NPS scale, 0 to 10" in report.rejected[0]
    csat = tmp_path / "csat.csv"
    csat.write_text("Response ID,Score,Comment\nc1,5,Good\nc2,7,Great\n")
    report = import_feedback(
        workspace, csat, Mapping.build("nps", {}, "csat_survey", dateless=True)
    )
    assert report.created == 1 and "outside the CSAT scale, 1 to 5" in report.rejected[0]


def test_an_nps_score_with_a_decimal_is_a_rejected_row(workspace, tmp_path: Path) -> None:
    """A French export's "7,5" was stored as 7.5 and counted a passive: NPS is 0, 1, … 10."""
    survey = tmp_path / "nps.csv"
    survey.write_text("Response ID;Score;Comment\nr1;7,5;Bof\nr2;8;Bien\nr3;9,0;Top\n")
    report = import_feedback(workspace, survey, Mapping.build("nps", {}, None, dateless=True))
    assert report.created == 2
    assert report.rejected == [
        "line 2 (external_id 'r1'): score: 7.5 is not a whole number: NPS answers are 0, 1, … 10; fix the score, "
        "or leave the answer out"
    ]
    lines = tmp_path / "nps.jsonl"
    lines.write_text('{"id": "j1", "score": 6.5, "comment": "Hmm"}\n')
    report = import_feedback(workspace, lines, Mapping.build("nps", {}, None, dateless=True))
    assert report.created == 0 and "6.5 is not a whole number" in report.rejected[0]
