"""Files as real tools export them (Zendesk, Delighted, Typeform, App Store, Google Play, Excel):
header spellings, id-less rows, score-only answers, dates, languages and sources, read the way
`boucle import` reads them, before anything is stored."""

import json
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest

from api.accounts.importer import people_rows
from api.feedback.importer import (
    CSV_FIELD_LIMIT,
    DEFAULT_SOURCE,
    ImportError_,
    Mapping,
    Report,
    check_header,
    feedback_batches,
)
from api.search.export import CSV_COLUMNS


def read(path: Path, mapping: Mapping) -> tuple[list, Report]:
    report = Report()
    items = [item for batch, _ in feedback_batches(path, mapping, report, 100) for item in batch]
    return items, report


def test_a_mapped_column_the_file_lacks_stops_before_any_row(tmp_path: Path) -> None:
    """A typo in --map was ignored: every item dated "now", its score lost, exit 0."""
    path = tmp_path / "reviews.csv"
    path.write_text("Date,Rating,Title,Review,Review ID\n2024-03-05,2,Crashes,App crashes,as-1\n")
    mapping = Mapping.build("generic", {"text": "Title+Review", "created_at": "Dat"}, None)
    with pytest.raises(ImportError_, match=r"--map created_at=Dat: no such column; the columns "
                                           r"are 'Date', 'Rating'"):  # fmt: skip
        read(path, mapping)
    header_only = tmp_path / "empty.csv"
    header_only.write_text("id,subject\n")
    with pytest.raises(ImportError_, match="no column for the feedback text"):
        read(header_only, Mapping.build("generic", {}, None))


def test_presets_read_header_spellings_of_real_exports(tmp_path: Path) -> None:
    """Delighted's "Created", Typeform's "Submitted At" and Zendesk's "Id" were not found: NPS
    answers dated today, ticket ids replaced by content hashes."""
    delighted = tmp_path / "delighted.csv"
    delighted.write_text("Response ID,Score,Comment,Email,Created\n"
                         "r1,9,Great support,ann@acme.com,2024-03-05 14:22:10 +0100\n")  # fmt: skip
    typeform = tmp_path / "typeform.csv"
    typeform.write_text("Response ID,Score,Comment,Submitted At\nt1,3,Too slow,2024-03-06\n")
    zendesk = tmp_path / "zendesk.csv"
    zendesk.write_text("Id,Subject,Description,Created at,Requester email\n"
                       "4711,Export,The export fails,2024-03-07T08:00:00Z,bo@globex.fr\n")  # fmt: skip
    (answer,), report = read(delighted, Mapping.build("nps", {}, None))
    assert answer.created_at == datetime(2024, 3, 5, 13, 22, 10, tzinfo=UTC)
    assert (answer.score, answer.external_id, report.warnings) == (9.0, "r1", [])
    (answer,), _ = read(typeform, Mapping.build("nps", {}, None))
    assert answer.created_at == datetime(2024, 3, 6, tzinfo=UTC)
    (ticket,), _ = read(zendesk, Mapping.build("support", {}, None))
    assert (ticket.external_id, ticket.contact_id) == ("4711", "bo@globex.fr")


def test_a_preset_that_finds_no_score_in_json_says_so(tmp_path: Path) -> None:
    jsonl = tmp_path / "answers.jsonl"  # JSON objects may leave an empty score out
    jsonl.write_text('{"id": "1", "comment": "Too slow"}\n')
    _, report = read(jsonl, Mapping.build("nps", {}, None, dateless=True))
    assert [w.split(" column")[0] for w in report.warnings] == ["no score"]


def test_a_file_without_a_date_or_id_column_stops_before_any_row(tmp_path: Path) -> None:
    """An analyst's export ("Body" and a score) was stored whole, every item dated with the time
    of the import and keyed by a hash of its row, and only then a warning said so: a re-run
    with --map skipped every row as already stored."""
    path = tmp_path / "answers.csv"
    path.write_text("Body,Score\nToo slow,3\n")
    with pytest.raises(ImportError_) as stopped:
        read(path, Mapping.build("generic", {}, None))
    message = str(stopped.value)
    assert "no date column" in message and "--map created_at=COLUMN" in message
    assert "--no-date-column" in message and "no id column" in message
    assert "--map external_id=COLUMN" in message and "--content-ids" in message
    assert message.endswith("The columns are 'Body', 'Score'")
    with pytest.raises(ImportError_, match="no id column") as stopped:
        read(path, Mapping.build("generic", {}, None, dateless=True))
    assert "no date column" not in str(stopped.value)
    (answer,), report = read(path, Mapping.build("generic", {}, None, dateless=True,
                                                 content_ids=True))  # fmt: skip
    assert (answer.created_at, answer.external_id[:5], report.warnings) == (None, "sha1:", [])


def test_common_export_headers_in_english_and_french(tmp_path: Path) -> None:
    """An analyst's "Ticket ID, Submitted At, Body, Language, Account ID, Segment, Channel,
    Score" file was stored with content ids, import-time dates, source `import` and no segment."""
    english = tmp_path / "qa_feedback.csv"
    english.write_text(
        "Ticket ID,Submitted At,Body,Language,Account ID,Segment,Channel,Score\n"
        "QA-001,2026-10-03T10:15:00Z,The PDF report is slow.,en,qa-acme,enterprise,qa_import,1\n"
    )
    french = tmp_path / "retours.csv"
    french.write_text(
        "Identifiant;Date de création;Commentaire;Langue;Compte;Segment;Canal;Note\n"
        "R-7;2026-10-04;L'export plante.;Français;acme;PME;Formulaire web;4\n"
    )
    (ticket,), report = read(english, Mapping.build("generic", {}, None))
    assert report.warnings == []
    assert (ticket.external_id, ticket.created_at, ticket.source, ticket.language) == (
        "QA-001", datetime(2026, 10, 3, 10, 15, tzinfo=UTC), "qa_import", "en",
    )  # fmt: skip
    assert (ticket.account.id, ticket.account.segment, ticket.score) == ("qa-acme", "enterprise", 1)
    for preset in ("generic", "support", "nps"):  # the common names, after each preset's own
        (retour,), _ = read(french, Mapping.build(preset, {}, None))
        assert (retour.external_id, retour.created_at, retour.text) == (
            "R-7", datetime(2026, 10, 4, tzinfo=UTC), "L'export plante.",
        )  # fmt: skip
        assert (retour.language, retour.score) == ("fr", 4)
        assert (retour.account.id, retour.account.segment) == ("acme", "PME")
        # only the generic preset reads a source column: the others name their source
        assert retour.source == {"generic": "Formulaire_web"}.get(preset, DEFAULT_SOURCE[preset])


def test_a_survey_file_whose_score_column_is_not_found_stops_before_any_row(tmp_path) -> None:
    """The scores were lost for good: 18 answers stored without them, then a warning, and the
    re-run with --map score=... skipped them all as already stored."""
    path = tmp_path / "nps.csv"
    path.write_text('id,date,"How likely are you to recommend us? (0-10)",comment\n'
                    "1,2026-11-02,9,Great\n")  # fmt: skip
    with pytest.raises(ImportError_, match=r"no column for the score .* --map score=COLUMN"):
        read(path, Mapping.build("nps", {}, None))
    mapping = Mapping.build("nps", {"score": "How likely are you to recommend us? (0-10)"}, None)
    (answer,), report = read(path, mapping)
    assert (answer.score, report.warnings) == (9.0, [])
    items, _ = read(path, Mapping.build("generic", {"text": "comment"}, None))
    assert items[0].score is None  # generic: no score expected


def test_rows_without_an_id_are_told_apart_by_the_whole_row(tmp_path: Path) -> None:
    """Three countries' "Love it!" on one day were folded into one review (and a 1-star lost)."""
    path = tmp_path / "reviews.csv"
    path.write_text("date,rating,title,review,territory\n2024-03-07,5,,Love it!,USA\n"
                    "2024-03-07,5,,Love it!,GBR\n2024-03-07,1,,Love it!,FRA\n")  # fmt: skip
    items, _ = read(path, Mapping.build("appstore", {}, None, content_ids=True))
    assert len({item.external_id for item in items}) == 3
    again, _ = read(path, Mapping.build("appstore", {}, None, content_ids=True))
    assert [i.external_id for i in again] == [i.external_id for i in items]  # stable: resumable


def test_score_only_answers_are_kept_and_empty_rows_say_why(tmp_path: Path) -> None:
    """Survey answers without a comment were rejected, so NPS counted commenters only."""
    path = tmp_path / "nps.csv"
    path.write_text("Response ID,Score,Comment\nr1,10,\nr2,0,Too expensive\nr3,,\n")
    items, report = read(path, Mapping.build("nps", {}, None, dateless=True))
    assert [(i.external_id, i.score, i.text) for i in items] == [
        ("r1", 10.0, ""),
        ("r2", 0.0, "Too expensive"),
    ]
    assert report.rejected == [  # named by its line and by its id, as the API names an item
        "line 4 (external_id 'r3'): text is empty (and the row has no score): nothing to import"
    ]
    # r1 is counted in the command's summary once stored (tests/test_import.py), not when read
    no_id = tmp_path / "tickets.csv"
    no_id.write_text("subject,body\n,\nLogin,Cannot log in\n")
    mapping = Mapping.build("support", {"text": "subject+body"}, None, dateless=True,
                            content_ids=True)  # fmt: skip
    _, report = read(no_id, mapping)
    assert report.rejected == [
        "line 2: text is empty (and the row has no score): nothing to import"
    ]


def test_source_language_date_and_score_as_exports_write_them(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(
        "id;source;text;lang;note;when\n"
        "1;Web Widget;Très lent;French;4,5;05/03/2024 14:22\n"
        "2;email;Muy lento;Spanish;3;06/03/2024 09:00\n"
        "3;email;Mabagal;fil;2;07/03/2024 10:00\n".encode("cp1252")
    )
    overrides = {"language": "lang", "score": "note", "created_at": "when"}
    mapping = Mapping.build("generic", overrides, None, "%d/%m/%Y %H:%M", "Europe/Paris")
    items, report = read(path, mapping)
    assert report.rejected == []
    assert [(i.source, i.language, i.score) for i in items] == [
        ("Web_Widget", "fr", 4.5),
        ("email", "es", 3.0),
        ("email", None, 2.0),  # Filipino is no code the analyzer knows: detected, not "fi"
    ]
    assert items[0].created_at == datetime(2024, 3, 5, 13, 22, tzinfo=UTC)  # Paris is UTC+1
    given = Mapping.build("generic", overrides, "helpscout", "%d/%m/%Y %H:%M")
    assert {i.source for i in read(path, given)[0]} == {"helpscout"}  # --source wins


def test_a_date_written_right_that_does_not_exist_says_so(tmp_path: Path) -> None:
    """31 February matched --date-format, and was told it did not."""
    path = tmp_path / "export.csv"
    path.write_text("id,text,when\n1,Slow,31/02/2026 10:00\n2,Slow,2026-02-31\n3,Slow,02/2026\n")
    mapping = Mapping.build("generic", {"created_at": "when"}, None, "%d/%m/%Y %H:%M")
    assert read(path, mapping)[1].rejected == [
        "line 2 (external_id '1'): created_at: '31/02/2026 10:00' does not exist (day is out of "
        "range for month)",
        "line 3 (external_id '2'): created_at: '2026-02-31' does not match --date-format "
        "'%d/%m/%Y %H:%M'",
        "line 4 (external_id '3'): created_at: '02/2026' does not match --date-format "
        "'%d/%m/%Y %H:%M'",
    ]
    iso = read(path, Mapping.build("generic", {"created_at": "when"}, None))[1].rejected
    assert iso[1] == (
        "line 3 (external_id '2'): created_at: '2026-02-31' does not exist (day is out of range "
        "for month)"
    )


def test_epoch_milliseconds_and_a_row_over_several_lines(tmp_path: Path) -> None:
    path = tmp_path / "play.csv"
    path.write_text('id,text,at\n1,"Crashes\non start",1709648530000\n2,"one\ntwo\nthree",x\n')
    items, report = read(path, Mapping.build("generic", {"created_at": "at"}, None))
    assert items[0].created_at == datetime(2024, 3, 5, 14, 22, 10, tzinfo=UTC)
    assert report.rejected[0].startswith(
        "line 4 (external_id '2'): created_at: 'x' is not"
    )  # its 1st line


def test_a_crm_export_of_accounts_and_contacts(tmp_path: Path) -> None:
    """Salesforce-style headers were refused ("id: Field required", no columns listed), --map
    was refused for accounts, "$12,500.00" rejected the whole account, and a contact whose
    language was "French" was rejected."""
    accounts = tmp_path / "accounts.csv"
    accounts.write_text(
        "Account ID,Account Name,ARR,Segment,Billing Country\n"
        'A-1,Acme,"$12,500.00",Enterprise,FR\nA-2,Globex,12 500 €,smb,DE\n'
        'A-3,Initech,"1.250.000,00",mid,ES\nA-4,Hooli,lots,smb,US\n'
        "A-5,Umbrella,€1.2M,smb,FR\nA-6,Stark,12.5k,smb,US\nA-7,Wayne,N/A,smb,US\n"
    )
    report = Report()
    people = [person for _, person in people_rows(accounts, "accounts", report)]
    assert [(p.id, p.name, p.arr) for p in people] == [
        ("A-1", "Acme", 12500.0), ("A-2", "Globex", 12500.0), ("A-3", "Initech", 1250000.0),
        ("A-5", "Umbrella", 1_200_000.0), ("A-6", "Stark", 12_500.0), ("A-7", "Wayne", None),
    ]  # fmt: skip
    assert people[0].attributes == {"Billing Country": "FR"}
    assert report.rejected[0].startswith("line 5: arr: 'lots' is not an amount: write")
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("Contact,Mail,Company,Language\nc1,ann@acme.com,A-1,French\n"
                        "c2,bo@hooli.com,A-4,Klingon\n")  # fmt: skip
    with pytest.raises(ImportError_, match=r"no column for the contact id .* --map id=COLUMN"):
        people_rows(contacts, "contacts", Report())
    mapped = people_rows(contacts, "contacts", Report(), {"id": "Contact", "email": "Mail",
                                                          "account_id": "Company"})  # fmt: skip
    assert [(c.id, c.email, c.account_id, c.language) for _, c in mapped] == [
        ("c1", "ann@acme.com", "A-1", "fr"), ("c2", "bo@hooli.com", "A-4", None)
    ]  # fmt: skip
    with pytest.raises(ImportError_, match="unknown field 'text' for contacts"):
        people_rows(contacts, "contacts", Report(), {"text": "Mail"})


def test_an_arr_cell_with_words_around_its_number_is_refused(tmp_path: Path) -> None:
    """ "Red 31m evil" was read as 31,000,000 (the letters dropped, "m" read as million): a
    cell is a whole amount, or its line is refused saying how to write it."""
    accounts = tmp_path / "accounts.csv"
    accounts.write_text(
        'id,arr\nA-1,Red 31m evil\nA-2,31m\nA-3,$31M\nA-4,31 000 000 €\nA-5,"31,5k"\n'
        "A-6,about 12 500\nA-7,EUR 1.2M\nA-8,31m evil\n"
    )
    report = Report()
    people = [person for _, person in people_rows(accounts, "accounts", report)]
    assert [(p.id, p.arr) for p in people] == [
        ("A-2", 31e6),
        ("A-3", 31e6),
        ("A-4", 31e6),
        ("A-5", 31_500.0),
        ("A-7", 1.2e6),
    ]
    fix = "write the amount alone, e.g. 31m, $31M, 31 000 000 €, 31,5k (or N/A for none)"
    assert report.rejected == [
        f"line 2: arr: 'Red 31m evil' is not an amount: {fix}",
        f"line 7: arr: 'about 12 500' is not an amount: {fix}",
        f"line 9: arr: '31m evil' is not an amount: {fix}",
    ]


def test_crm_headers_with_units_and_split_names(tmp_path: Path) -> None:
    """ "ARR (EUR)" was not the ARR (kept as an attribute, no warning), and "First Name" / "Last
    Name" gave contacts no name, so every message opened "Hello ,"."""
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("Account ID,ARR (EUR),Segment\nA-1,12 500,smb\n")
    ((_, account),) = people_rows(accounts, "accounts", Report())
    assert (account.arr, account.attributes) == (12500.0, {})
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("Contact ID,First Name,Last Name,Email\nc1,Marie,Curie,mc@acme.fr\n"
                        "c2,,Dupont,d@acme.fr\n")  # fmt: skip
    (_, marie), (_, dupont) = people_rows(contacts, "contacts", Report())
    assert (marie.name, marie.attributes, dupont.name) == ("Marie Curie", {}, "Dupont")


def test_columns_kept_as_metadata(tmp_path: Path) -> None:
    """Zendesk tags and status, App Store territory and version were dropped on import."""
    path = tmp_path / "zendesk.csv"
    path.write_text("Id,Subject,Description,Status,Tags,Priority\n"
                    "1,Export,The export fails,open,export bug,high\n")  # fmt: skip
    mapping = partial(Mapping.build, "support", {}, None, dateless=True)
    (ticket,), _ = read(path, mapping(keep=("Tags", "status")))
    assert ticket.metadata == {"Status": "open", "Tags": "export bug"}
    (ticket,), _ = read(path, mapping(keep=("*",)))
    assert ticket.metadata == {"Status": "open", "Tags": "export bug", "Priority": "high"}
    with pytest.raises(ImportError_, match="--keep 'Version': no such column"):
        read(path, mapping(keep=("Version",)))


def test_nested_json_fields_are_named_by_their_path(tmp_path: Path) -> None:
    """Intercom exports hold the text at source.body: it could not be mapped."""
    path = tmp_path / "intercom.jsonl"
    path.write_text(
        '{"id": "c1", "created_at": 1709648530, "source": {"body": "<p>Export fails</p>", '
        '"author": {"email": "ann@acme.com"}}, "contact": {"id": "ann", "name": "Ann"}}\n'
    )
    mapping = Mapping.build("generic", {"text": "source.body", "contact_id": "source.author.email"},
                            "intercom")  # fmt: skip
    (item,), report = read(path, mapping)
    assert (item.text, item.source, report.rejected) == ("<p>Export fails</p>", "intercom", [])
    assert item.contact is not None and item.contact.name == "Ann"  # taken whole, as before


def test_a_note_column_of_remarks_is_not_read_as_the_score(tmp_path: Path) -> None:
    """A help desk's English "Note" (an agent's remark) was read as the French survey score:
    every row that had one was rejected ("score: 'Called back' is not a number")."""
    path = tmp_path / "tickets.csv"
    path.write_text("Ticket ID,Created,Body,Note\n"
                    "T-1,2026-10-01,The export fails,Called back on Monday\n"
                    "T-2,2026-10-02,Refund please,\n"
                    "T-3,2026-10-03,Slow sync,3 calls so far\n"
                    "T-4,2026-10-04,Login loops,VIP: escalate\n")  # fmt: skip
    items, report = read(path, Mapping.build("generic", {}, None))
    assert report.rejected == []
    assert [(i.external_id, i.score, i.metadata) for i in items] == [
        ("T-1", None, {"Note": "Called back on Monday"}),
        ("T-2", None, {}),
        ("T-3", None, {"Note": "3 calls so far"}),
        ("T-4", None, {"Note": "VIP: escalate"}),
    ]
    assert report.warnings == [
        "the 'Note' column holds text, not scores (numbers: 0 of its first 3 values): kept "
        "as each item's metadata, not read as its score; name the score column with --map "
        "score=COLUMN, or the text with --map text=Note"
    ]
    # the next score column is read; --keep '*' keeps the remark once
    both = tmp_path / "both.csv"
    both.write_text("id,date,text,Note,Satisfaction\n1,2026-10-01,Slow,Called back,4\n")
    (item,), _ = read(both, Mapping.build("generic", {}, None, keep=("*",)))
    assert (item.score, item.metadata) == (4.0, {"Note": "Called back"})
    # a survey preset stops, and says why the Note column is not its score
    with pytest.raises(ImportError_, match=r"no column for the score \(tried .*\) \('Note' holds "
                                           r"text, not scores\)"):  # fmt: skip
        read(path, Mapping.build("nps", {}, None))
    # with no text column, it is offered as the text
    remarks = tmp_path / "remarks.jsonl"
    remarks.write_text('{"id": "1", "date": "2026-10-01", "note": "Too slow"}\n')
    with pytest.raises(ImportError_, match=r"--map text=COLUMN \('note' holds text, not scores\)"):
        read(remarks, Mapping.build("generic", {}, None))
    (item,), _ = read(remarks, Mapping.build("generic", {"text": "note"}, None))
    assert (item.text, item.score) == ("Too slow", None)


def test_a_score_column_of_numbers_stays_the_score(tmp_path: Path) -> None:
    """French "Note" columns are scores: a few bad values among numbers are rejected rows, and a
    column named with --map is read as told."""
    path = tmp_path / "avis.csv"
    path.write_text("id;date;commentaire;Note\n1;2026-10-01;Bien;4,5\n2;2026-10-02;Nul;1\n"
                    "3;2026-10-03;Bof;n/a\n4;2026-10-04;Sans note;\n")  # fmt: skip
    items, report = read(path, Mapping.build("generic", {}, None))
    assert [(i.external_id, i.score) for i in items] == [("1", 4.5), ("2", 1.0), ("4", None)]
    assert (report.rejected, report.warnings) == (
        ["line 4 (external_id '3'): score: 'n/a' is not a number"],
        [],
    )
    remarks = tmp_path / "remarks.csv"
    remarks.write_text("id,date,text,Note\n1,2026-10-01,Slow,Called back\n")
    _, report = read(remarks, Mapping.build("generic", {"score": "Note"}, None))
    assert report.rejected == ["line 2 (external_id '1'): score: 'Called back' is not a number"]


def test_json_lines_are_checked_against_their_first_objects_not_the_first_alone(
    tmp_path: Path,
) -> None:
    """An export that leaves out empty fields: its first object had no "created_at", so the
    import stopped ("no date column") though every other object had one."""
    path = tmp_path / "tickets.jsonl"
    rows = [{"id": "1", "text": "The export fails"}]
    rows += [{"id": str(n), "text": f"Ticket {n}", "created_at": "2026-10-01"} for n in (2, 3)]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    check_header(path, Mapping.build("generic", {}, None))  # the command's check, before models
    items, report = read(path, Mapping.build("generic", {}, None))
    assert (len(items), report.rejected, report.warnings) == (3, [], [])
    assert [i.created_at for i in items] == [None] + [datetime(2026, 10, 1, tzinfo=UTC)] * 2
    # no object among the first ones has a date: the command stops before loading models
    dateless = tmp_path / "dateless.jsonl"
    dateless.write_text("".join(json.dumps({"id": str(n), "text": "Slow"}) + "\n"
                                for n in range(150)) + '{"id": "x", "text": "a", "date": "2026-10-01"}\n')  # fmt: skip
    with pytest.raises(ImportError_, match="no date column"):
        check_header(dateless, Mapping.build("generic", {}, None))


def test_a_cell_longer_than_csvs_field_limit_is_one_rejected_row(tmp_path: Path) -> None:
    """A cell over 131,072 characters (csv's default limit) stopped the command with a raw
    `_csv.Error` traceback before the first row, nothing imported; one over 20,000 got
    pydantic's "String should have at most 20000 characters" where the API says how to fix it."""
    path = tmp_path / "huge.csv"
    huge, long = "word " * 40_000, "x" * 25_000
    path.write_text(
        f'id,date,text\nh1,2026-03-01T10:00:00Z,"{huge}"\n'
        f"h2,2026-03-02T10:00:00Z,ok\nh3,2026-03-03T10:00:00Z,{long}\n"
    )
    mapping = Mapping.build("generic", {}, "huge")
    check_header(path, mapping)  # the command's check, before models load
    items, report = read(path, mapping)
    assert [item.external_id for item in items] == ["h2"]
    assert report.rejected == [
        "line 2 (external_id 'h1'): text: 199,999 characters; the limit is 20,000: split it or "
        "send fewer characters",
        "line 4 (external_id 'h3'): text: 25,000 characters; the limit is 20,000: split it or "
        "send fewer characters",
    ]
    # past the raised bound (a double quote left open reads on): that row alone is rejected
    over = "y" * (CSV_FIELD_LIMIT + 1)
    path.write_text(f'id,text\nx1,"{over}"\nx2,ok\n')
    items, report = read(path, Mapping.build("generic", {}, None, dateless=True))
    assert [item.external_id for item in items] == ["x2"]
    assert report.rejected == [
        f"line 2: a field over {CSV_FIELD_LIMIT:,} characters (the text limit is 20,000): split "
        "it, or close the double quote left open before it"
    ]


def test_boucles_export_of_insights_is_refused_before_any_row(tmp_path: Path) -> None:
    """`boucle export` writes a row per insight: imported back, each message became its first
    insight (the others rejected as repeats, exit 0), and --update-changed cut stored messages
    to that fragment. The messages export (--messages) is the one that imports back."""
    row = dict.fromkeys(CSV_COLUMNS, "")
    path = tmp_path / "insights.csv"
    lines = [",".join(CSV_COLUMNS)]
    for insight, text in ((1, "The export crashes."), (2, "Please add a dark mode!")):
        cells = {**row, "insight_id": str(insight), "feedback_id": "7", "source": "desk",
                 "external_id": "t-1", "created_at": "2026-03-01T10:00:00Z", "text": text}  # fmt: skip
        lines.append(",".join(cells[column] for column in CSV_COLUMNS))
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ImportError_, match=r"nothing imported; this is Boucle's export of "
                                           r"insights .* `boucle export --messages`"):  # fmt: skip
        check_header(path, Mapping.build("generic", {}, None))
    as_lines = tmp_path / "insights.jsonl"  # its JSON lines: the message nested under "feedback"
    as_lines.write_text(
        json.dumps(
            {
                "insight_id": 1,
                "text": "The export crashes.",
                "feedback": {
                    "id": 7,
                    "source": "desk",
                    "external_id": "t-1",
                    "created_at": "2026-03-01T10:00:00Z",
                },
            }
        )
    )
    with pytest.raises(ImportError_, match="`boucle export --messages`"):
        check_header(as_lines, Mapping.build("generic", {"external_id": "feedback.external_id"},
                                             None))  # fmt: skip
    # each insight an item of its own, when asked
    items, report = read(path, Mapping.build("generic", {"external_id": "insight_id"}, None))
    assert ([i.external_id for i in items], report.rejected) == (["1", "2"], [])


def test_blank_ids_short_rows_and_lines_of_spaces_say_so(tmp_path: Path) -> None:
    """A blank id cell was keyed by the row's content without a word; a row written with
    another delimiter than the header's was "text is empty"; a line of spaces was a row."""
    path = tmp_path / "tickets.csv"
    path.write_text("id;date;text\ns1;2026-03-01T10:00:00Z;Hello\n"
                    "s2,2026-03-02T10:00:00Z,Written with commas\n   \n"
                    ";2026-03-04T10:00:00Z;No id here\ns5;2026-03-05T10:00:00Z\n")  # fmt: skip
    items, report = read(path, Mapping.build("generic", {}, "desk"))
    assert [item.text for item in items] == ["Hello", "No id here"]
    assert items[1].external_id.startswith("sha1:")
    assert report.rejected == [
        "line 3 (external_id 's2,2026-03-02T10:00:00Z,Written with commas'): 1 field, the "
        "header has 3: write the row with the header's delimiter ';', a field for each column",
        "line 6 (external_id 's5'): 2 fields, the header has 3: write the row with the header's "
        "delimiter ';', a field for each column",
    ]
    assert report.blank_ids == ["line 5"] and report.read == 4  # the line of spaces: no row
    assert report.warnings == [
        "1 row with no id in the 'id' column (line 5): keyed by its whole content instead, so an "
        "edit of such a row imports as a new item; give every row an id"
    ]
    # JSON lines: an object that leaves the id key out is keyed by its content too, and said
    lines = tmp_path / "tickets.jsonl"
    lines.write_text('{"id": "j1", "text": "Export crashes"}\n{"text": "Dark mode please"}\n'
                     '{"id": "", "text": "Blank id"}\n')  # fmt: skip
    items, report = read(lines, Mapping.build("generic", {}, "desk", dateless=True))
    assert [item.external_id[:5] for item in items] == ["j1", "sha1:", "sha1:"]
    assert report.blank_ids == ["line 2", "line 3"], report.warnings
    assert report.warnings[-1].startswith("2 rows with no id in the 'id' column (line 2, line 3)")
    # a row that leaves off trailing empty cells is still read
    trailing = tmp_path / "trailing.csv"
    trailing.write_text("id,text,score\nt1,Slow export\n")
    items, report = read(trailing, Mapping.build("generic", {}, None, dateless=True))
    assert ([i.text for i in items], report.rejected, report.warnings) == (["Slow export"], [], [])
