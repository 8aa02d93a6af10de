"""One month's numbers in BOUCLE_TIMEZONE whatever the tool: the API, `boucle voc` and the
exports read a day filter as that day in the workspace's zone and bucket periods there; the
Excel style writes times on its wall clock. Around the November/December boundary in Paris
(UTC+1), on SQLite and PostgreSQL."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from api.app import create_app
from api.cli import main
from api.feedback.importer import Mapping, Report, feedback_batches
from api.params import MomentFrom, MomentTo, filter_moment
from api.search.schemas import Filters
from api.settings import Settings, get_settings
from tests.test_voc import ingest, item

PARIS = "Europe/Paris"
PARIS_ZONE = ZoneInfo(PARIS)
NOVEMBER = {"created_from": "2026-11-01", "created_to": "2026-11-30"}
ANSWERS = [
    item("e", "2026-09-30T22:30:00Z", 10),  # Paris: 1 October 00:30 (Q4; UTC: Q3)
    item("a", "2026-10-31T23:30:00Z", 0),  # Paris: 1 November 00:30 (UTC: October)
    item("b", "2026-11-04T23:00:00Z", 10),  # Paris: 5 November 00:00
    item("c", "2026-11-30T23:30:00Z", 9),  # Paris: 1 December 00:30 (UTC: November)
    item("d", "2026-12-02T10:00:00Z", 3),
    item("s1", "2026-10-31T23:30:00Z", 5, source="csat_survey"),  # Paris: November
    item("s2", "2026-11-10T10:00:00Z", 2, source="csat_survey"),
]


@pytest.fixture
def paris(store_settings: Settings, tagger, share_with_cli) -> TestClient:
    """A server whose workspace is in Paris, the answers stored; the CLI's settings the same."""
    settings = store_settings.model_copy(update={"timezone": PARIS})
    share_with_cli(settings)
    with TestClient(create_app(settings, tagger)) as client:
        ingest(client, ANSWERS)
        yield client


def cli_json(capsys, *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def buckets(report: dict) -> list[tuple[str, int]]:
    return [(p["period_start"], p["responses"]) for p in report["periods"]]


def test_a_day_is_that_day_in_the_workspace_zone() -> None:
    start = filter_moment("2026-11-01", zone=PARIS)
    end = filter_moment("2026-11-30", end_of_day=True, zone=PARIS)
    assert start.isoformat() == "2026-11-01T00:00:00+01:00"
    assert start.astimezone(UTC) == datetime(2026, 10, 31, 23, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 11, 30, 22, 59, 59, 999999, tzinfo=UTC)
    # summer time: the day starts two hours before UTC's
    assert filter_moment("2026-07-01", zone=PARIS).astimezone(UTC).hour == 22
    # a time with its offset or Z stays as given
    for given in ("2026-11-01T00:00:00Z", "2026-11-01T00:00:00+00:00", "2026-11-01 00:00:00Z"):
        assert filter_moment(given, zone=PARIS) == datetime(2026, 11, 1, tzinfo=UTC)
    assert filter_moment("2026-11-01T09:00:00+05:30", zone=PARIS).utcoffset().seconds == 19800


def test_a_time_without_a_zone_is_read_in_the_workspace_zone_as_a_day_is() -> None:
    for given in ("2026-11-01T09:00", "2026-11-01T09:00:00", "2026-11-01 09:00",
                  datetime(2026, 11, 1, 9)):  # fmt: skip
        moment = filter_moment(given, zone=PARIS)
        assert moment.isoformat() == "2026-11-01T09:00:00+01:00"
        assert moment.astimezone(UTC) == datetime(2026, 11, 1, 8, tzinfo=UTC)
    assert filter_moment("2026-07-01T09:00", zone=PARIS).astimezone(UTC).hour == 7  # summer
    assert filter_moment("2026-11-01T09:00", zone="UTC").isoformat() == "2026-11-01T09:00:00+00:00"


def test_every_filter_parser_reads_days_in_boucle_timezone(monkeypatch) -> None:
    monkeypatch.setenv("BOUCLE_TIMEZONE", PARIS)
    get_settings.cache_clear()
    try:
        start = TypeAdapter(MomentFrom).validate_python("2026-11-01")
        end = TypeAdapter(MomentTo).validate_python("2026-11-30")
        filters = Filters(**NOVEMBER)
        # a time without a zone, as `boucle taggers apply --since` and `voc --from` read it too
        naive = TypeAdapter(MomentFrom).validate_python("2026-11-01T09:00")
        naive_filters = Filters(created_from="2026-11-01T09:00", created_to="2026-11-30T09:00")
    finally:
        get_settings.cache_clear()
    assert start == filters.created_from == datetime(2026, 10, 31, 23, tzinfo=UTC)
    assert end == filters.created_to == datetime(2026, 11, 30, 22, 59, 59, 999999, tzinfo=UTC)
    assert naive == naive_filters.created_from == datetime(2026, 11, 1, 8, tzinfo=UTC)
    assert naive_filters.created_to == datetime(2026, 11, 30, 8, tzinfo=UTC)


def test_nps_agrees_across_the_api_and_the_cli(paris: TestClient, capsys) -> None:
    api = paris.get("/v1/voc/nps", params={"period": "month"}).json()
    assert buckets(api) == [("2026-10-01", 1), ("2026-11-01", 2), ("2026-12-01", 2)]
    assert cli_json(capsys, "voc", "nps", "--json") == api

    api = paris.get("/v1/voc/nps", params={"period": "month", **NOVEMBER}).json()
    # Paris's November: a (0) and b (10); c is 1 December there
    assert buckets(api) == [("2026-11-01", 2)] and api["overall"]["nps"] == 0.0
    assert (api["created_from"], api["created_to"]) == (
        "2026-11-01T00:00:00+01:00", "2026-11-30T23:59:59.999999+01:00",
    )  # fmt: skip
    cli = cli_json(capsys, "voc", "nps", "--period", "month", "--from", "2026-11-01", "--to",
                   "2026-11-30", "--json")  # fmt: skip
    assert cli == api

    quarters = paris.get("/v1/voc/nps", params={"period": "quarter"}).json()
    assert buckets(quarters) == [("2026-10-01", 5)]
    assert cli_json(capsys, "voc", "nps", "--period", "quarter", "--json") == quarters


def test_boucle_voc_csat_is_get_voc_csat(paris: TestClient, capsys) -> None:
    api = paris.get("/v1/voc/csat", params={"period": "month", **NOVEMBER}).json()
    assert buckets(api) == [("2026-11-01", 2)] and api["overall"]["average"] == 3.5
    assert cli_json(capsys, "voc", "csat", "--from", "2026-11-01", "--to", "2026-11-30",
                    "--json") == api  # fmt: skip
    weeks = paris.get("/v1/voc/csat", params={"period": "week"}).json()["periods"]
    starts = [p["period_start"] for p in weeks]
    assert starts[0] == "2026-10-26" and "2026-11-09" in starts  # Paris's Monday of s1: 26 October
    assert main(["voc", "csat", "--period", "week"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("CSAT 3.5 / 5 from 2 answers, 1 satisfied (4-5) (50%); 0 ignored")
    assert all(
        p["label"] in out for p in weeks if p["responses"]
    )  # rows named as the API names them


def test_list_filters_read_days_in_the_zone(paris: TestClient) -> None:
    items = paris.get("/v1/feedback", params={"source": "nps_survey", **NOVEMBER}).json()
    assert sorted(i["external_id"] for i in items["items"]) == ["a", "b"]


# Paris's 1 November 00:15 is 31 October 23:15 UTC: a (23:30 UTC) is after it, in UTC it is not.
NAIVE = {"created_from": "2026-11-01T00:15", "created_to": "2026-11-30T23:45"}


def test_times_without_a_zone_are_read_in_the_zone_by_every_filter(
    paris: TestClient, capsys
) -> None:
    items = paris.get("/v1/feedback", params={"source": "nps_survey", **NAIVE}).json()
    # c is 1 December 00:30 in Paris: after 30 November 23:45 there
    assert sorted(i["external_id"] for i in items["items"]) == ["a", "b"]
    exported = messages(paris, **NAIVE)
    assert sorted(row["external_id"] for row in exported) == ["a", "b"]

    api = paris.get("/v1/voc/nps", params={"period": "month", **NAIVE}).json()
    assert (api["created_from"], api["created_to"]) == (
        "2026-11-01T00:15:00+01:00", "2026-11-30T23:45:00+01:00",
    )  # fmt: skip
    assert buckets(api) == [("2026-11-01", 2)]
    cli = cli_json(capsys, "voc", "nps", "--period", "month", "--from", NAIVE["created_from"],
                   "--to", NAIVE["created_to"], "--json")  # fmt: skip
    assert cli == api


def messages(client: TestClient, **params) -> list[dict]:
    answer = client.get("/v1/feedback/export", params={"source": "nps_survey", **params})
    assert answer.status_code == 200, answer.text
    excel = params.get("excel") == "true"
    text = answer.content.decode("utf-8-sig" if excel else "utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter=";" if excel else ","))


def test_excel_exports_write_the_zones_wall_clock(paris: TestClient, tmp_path) -> None:
    (plain,) = messages(paris, external_id="b")
    assert plain["created_at"] == "2026-11-04T23:00:00Z"  # the default stays UTC
    (excel,) = messages(paris, external_id="b", excel="true")
    assert excel["created_at (Europe/Paris)"] == "2026-11-05 00:00:00"
    received = datetime.fromisoformat(plain["received_at"]).astimezone(PARIS_ZONE)
    assert excel["received_at (Europe/Paris)"] == received.strftime("%Y-%m-%d %H:%M:%S")
    assert "created_at" not in excel

    insights = paris.get("/v1/insights/export", params={"excel": "true", **NOVEMBER})
    header, *rows = insights.content.decode("utf-8-sig").splitlines()
    assert header.split(";")[4] == "created_at (Europe/Paris)"
    # a and s1 (31 October, 23:30 UTC) first, then b and s2
    assert [row.split(";")[4] for row in rows] == [
        "2026-11-01 00:30:00", "2026-11-01 00:30:00", "2026-11-05 00:00:00",
        "2026-11-10 11:00:00",
    ]  # fmt: skip
    written = tmp_path / "november.csv"
    argv = ["export", "--excel", "--from", "2026-11-01", "--to", "2026-11-30", "-o", str(written)]
    assert main(argv) == 0
    assert written.read_bytes() == insights.content


def test_an_excel_export_imports_back_at_the_times_stored(paris: TestClient, tmp_path) -> None:
    """`boucle import` of an Excel-style export read "created_at (Europe/Paris)" as created_at in
    UTC (the brackets were dropped as a unit's): every item moved by the zone's offset."""
    answer = paris.get("/v1/feedback/export", params={"source": "nps_survey", "excel": "true"})
    exported = tmp_path / "messages.csv"
    exported.write_bytes(answer.content)
    stored = {a["external_id"]: datetime.fromisoformat(a["created_at"])
              for a in ANSWERS if a["source"] == "nps_survey"}  # fmt: skip

    def imported(zone: str | None = None) -> tuple[dict, Report]:
        report = Report()
        mapping = Mapping.build("generic", {}, None, zone=zone)
        batches = feedback_batches(exported, mapping, report, 100)
        return {i.external_id: i.created_at for batch, _ in batches for i in batch}, report

    times, report = imported()
    assert (times, report.rejected, report.warnings) == (stored, [], [])
    # --timezone still wins (a person's word over a file's), but says so
    times, report = imported("UTC")
    assert times["b"] == datetime(2026, 11, 5, 0, 0, tzinfo=UTC)
    assert report.warnings == [
        "the 'created_at (Europe/Paris)' column names its time zone; its times without one are "
        "read in UTC as --timezone says"
    ]


def test_a_time_columns_header_names_its_zone_or_a_unit() -> None:
    from api.feedback.importer import zone_in_header

    assert zone_in_header("created_at (Europe/Paris)") == PARIS_ZONE
    assert zone_in_header("Date [UTC]") == UTC
    assert zone_in_header("date (UTC+05:30)").utcoffset(None) == timedelta(hours=5, minutes=30)
    assert zone_in_header("date (-0300)").utcoffset(None) == timedelta(hours=-3)
    assert [zone_in_header(name) for name in ("ARR (EUR)", "date (local)", "date", "d (+99)")] == [
        None, None, None, None,
    ]  # fmt: skip
