"""`boucle export`, `boucle search` and `boucle similar`: files and answers an analyst can trust."""

import json
from contextlib import nullcontext
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from api.settings import Settings, get_settings
from api.tagging import shared
from api.tagging.service import Tagger
from tests.test_search_api import ITEMS


@pytest.fixture
def stored(settings: Settings, tagger: Tagger, monkeypatch) -> Settings:
    """A workspace holding ITEMS, its server closed (the CLI opens the store), the CLI's
    settings pointed at it."""
    with TestClient(create_app(settings, tagger)) as client:
        assert client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    yield settings
    get_settings.cache_clear()


@pytest.mark.parametrize("options", [["--language", "french"], ["--theme", "99999"],
                                     ["--need", "4242"], ["--account", "big,small"]])  # fmt: skip
def test_a_failed_export_leaves_the_report_as_it_was(stored: Settings, tmp_path, capsys,
                                                     options: list[str]) -> None:  # fmt: skip
    report = tmp_path / "reports" / "report.csv"
    report.parent.mkdir()
    report.write_text("last week's report\n")
    assert main(["export", *options, "-o", str(report)]) == 2
    assert report.read_text() == "last week's report\n"
    assert capsys.readouterr().err.startswith("boucle export: ")
    assert [p.name for p in report.parent.iterdir()] == ["report.csv"]  # no part left behind
    report.chmod(0o640)  # a replaced report keeps the mode its owner gave it
    assert main(["export", "--language", "fr", "-o", str(report)]) == 0
    assert report.read_text().startswith("insight_id,feedback_id,")
    assert report.stat().st_mode & 0o777 == 0o640


def test_a_new_export_file_is_private(stored: Settings, tmp_path) -> None:
    """`boucle export -o` wrote customers' words 0644 (any user could read them), while backups
    and access exports are 0600."""
    report = tmp_path / "report.csv"
    assert main(["export", "--language", "fr", "-o", str(report)]) == 0
    assert report.stat().st_mode & 0o777 == 0o600


def test_a_filter_value_nothing_has_is_a_warning(stored: Settings, tmp_path, capsys) -> None:
    report = tmp_path / "report.csv"
    assert main(["export", "--source", "zendsk", "--account", "Big Corp", "-o", str(report)]) == 0
    assert report.read_text().count("\n") == 1  # the header: an empty answer is one
    assert capsys.readouterr().err.splitlines() == [
        "boucle export: warning: no feedback has source 'zendsk'; sources stored: zendesk, "
        "app_store, nps_survey",
        "boucle export: warning: no account has the id 'Big Corp'; an account named 'Big Corp' "
        "exists: big",
    ]


@pytest.mark.parametrize("options, said", [
    (["--from", "2026-11-01", "--to", "2026-10-01"], "--to: is before --from: swap the two dates"),
    (["--sentiment", "angry"], "use one of negative, neutral, positive (repeat the option for "
                               "several values)"),
    (["--score-min", "9", "--score-max", "6"], "--score-max: is under --score-min (9)"),
])  # fmt: skip
def test_export_problems_name_the_options(stored: Settings, capsys, options, said) -> None:
    assert main(["export", *options]) == 2
    error = capsys.readouterr().err
    assert said in error and "JSON" not in error and "created_" not in error


def test_boucle_search_and_similar(settings: Settings, tagger: Tagger, monkeypatch,
                                   capsys) -> None:  # fmt: skip
    query = {"query": "export to CSV is broken", "limit": 3}
    with TestClient(create_app(settings, tagger)) as client:
        assert client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
        hits = client.post("/v1/search", json=query).json()["items"]
        first = hits[0]["insight_id"]
        alike = client.get(f"/v1/insights/{first}/similar", params={"limit": 2}).json()["items"]
        ticket = {"feedback_source": "zendesk", "feedback_external_id": "z1", "limit": 2}
        of_ticket = client.get("/v1/feedback/similar", params=ticket).json()["items"]
        plain = client.get("/v1/feedback/similar", params={**ticket, "polarity": "false"})
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(settings.data_dir))
    monkeypatch.setattr(shared, "shared_tagger", lambda config: tagger)  # loaded once
    get_settings.cache_clear()
    try:
        assert main(["search", query["query"], "--limit", "3", "--json"]) == 0
        assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == hits
        assert main(["search", query["query"], "--limit", "1", "--language", "fr"]) == 0
        (line,) = capsys.readouterr().out.splitlines()
        assert line.startswith("0.") and "  2026-10-15  app_store  -  L'export CSV plante" in line
        (french,) = [hit for hit in hits if hit["feedback"]["external_id"] == "a1"]
        assert line.split("  ")[1] == str(french["insight_id"])  # what `boucle similar` takes
        assert main(["similar", str(first), "--limit", "2", "--json"]) == 0
        assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == alike
        # from a message: by its source (any case) and external_id, or by its id (z1 is 1)
        by_key = ["--feedback-source", "Zendesk", "--feedback-external-id", "z1"]
        for seed in (by_key, ["--feedback-id", "1"]):
            assert main(["similar", *seed, "--limit", "2", "--json"]) == 0
            out = capsys.readouterr().out
            assert [json.loads(line) for line in out.splitlines()] == of_ticket
        # --no-polarity: the plain cosine order, as the API's polarity=false
        assert plain.json()["items"] != of_ticket  # z1 reads clearly negative
        assert main(["similar", *by_key, "--limit", "2", "--json", "--no-polarity"]) == 0
        out = capsys.readouterr().out
        assert [json.loads(line) for line in out.splitlines()] == plain.json()["items"]
        assert main(["similar", "--feedback-id", "999999"]) == 1
        assert capsys.readouterr().err == "boucle: no feedback with id 999999\n"
        for unclear in ([], [str(first), "--feedback-id", "1"], ["--feedback-source", "zendesk"]):
            assert main(["similar", *unclear]) == 2
            assert capsys.readouterr().err.startswith("boucle similar: give ")
        assert main(["search", "export", "--theme", "99999"]) == 2
        assert capsys.readouterr().err == "boucle search: no theme with id 99999\n"
    finally:
        get_settings.cache_clear()


def test_boucle_search_takes_offset_and_min_score_as_the_api(settings: Settings, tagger: Tagger,
                                                               monkeypatch, capsys) -> None:  # fmt: skip
    query = {"query": "export to CSV is broken", "limit": 2, "offset": 1, "min_score": 0.3}
    with TestClient(create_app(settings, tagger)) as client:
        assert client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
        page = client.post("/v1/search", json=query).json()
    assert page["items"]
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(settings.data_dir))
    monkeypatch.setattr(shared, "shared_tagger", lambda config: tagger)  # loaded once
    get_settings.cache_clear()
    try:
        options = ["--limit", "2", "--offset", "1", "--min-score", "0.3", "--json"]
        assert main(["search", query["query"], *options]) == 0
        said = capsys.readouterr()
        assert [json.loads(line) for line in said.out.splitlines()] == page["items"]
        more = page["next_offset"]
        assert (f"more hits: --offset {more}" in said.err) == (more is not None)
        assert main(["search", query["query"], "--limit", "1", "--json"]) == 0
        assert "boucle search: more hits: --offset 1\n" in capsys.readouterr().err
        with pytest.raises(SystemExit):
            main(["search", "export", "--min-score", "2"])
        assert "--min-score: from -1 to 1" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()


def test_boucle_search_on_a_store_a_server_holds_fails_before_models_load(
    tmp_path, monkeypatch, capsys
) -> None:
    """It said so after 39 s of loading, and named port 8000 whatever the server's."""
    from api.vectors import EdgeVectorStore

    def no_models(config):
        raise AssertionError("models loaded before the store was checked")

    monkeypatch.setattr(shared, "shared_tagger", no_models)
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(tmp_path))
    held = EdgeVectorStore(tmp_path / "qdrant")  # as a running `boucle serve` holds it
    get_settings.cache_clear()
    try:
        assert main(["search", "still broken"]) == 1
        said = capsys.readouterr().err
        assert "open in another process" in said and "8000" not in said
        assert said.endswith(": stop it first, or search through it: `boucle search ... --url "
                             "URL`\n")  # fmt: skip
        assert main(["similar", "1"]) == 1
        assert capsys.readouterr().err.endswith("similar through it: `boucle similar ... --url "
                                                "URL`\n")  # fmt: skip
        assert "boucle import" not in said  # the hint fits the command
        monkeypatch.setenv("BOUCLE_PORT", "8708")
        get_settings.cache_clear()
        assert main(["search", "still broken"]) == 1
        said = capsys.readouterr().err
        assert said.endswith("search through it: `boucle search ... --url http://127.0.0.1:8708`\n")
    finally:
        held.close()
        get_settings.cache_clear()


def test_boucle_search_and_similar_through_a_running_server(
    settings: Settings, tagger: Tagger, monkeypatch, capsys, tmp_path
) -> None:
    """With `boucle serve` holding the vector store, search and similar could not run at all:
    --url asks the server, as import, forget and privacy export do."""
    from api.feedback import remote

    query = {"query": "export to CSV is broken", "limit": 3}
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(tmp_path / "elsewhere"))  # nothing stored here
    get_settings.cache_clear()
    with TestClient(create_app(settings, tagger)) as client:  # it holds the vector store
        monkeypatch.setattr(remote, "api_client", lambda url, key: nullcontext(client))
        assert client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
        hits = client.post("/v1/search", json=query).json()["items"]
        french = client.post("/v1/search", json={**query, "filters": {"language": "fr"}}).json()
        first = hits[0]["insight_id"]
        ticket = {"feedback_source": "zendesk", "feedback_external_id": "z1", "limit": 2,
                  "language": "en"}  # fmt: skip
        of_ticket = client.get("/v1/feedback/similar", params=ticket).json()["items"]
        plain = client.get("/v1/feedback/similar", params={**ticket, "polarity": "false"})
        alike = client.get(f"/v1/insights/{first}/similar", params={"limit": 2}).json()["items"]
        url = ["--url", "http://boucle.test"]

        def printed(*args: str) -> list[dict]:
            assert main([*args, *url, "--json"]) == 0
            return [json.loads(line) for line in capsys.readouterr().out.splitlines()]

        assert printed("search", query["query"], "--limit", "3") == hits
        assert printed("search", query["query"], "--limit", "3", "--language", "fr") == french[
            "items"]  # fmt: skip
        assert printed("similar", str(first), "--limit", "2") == alike
        assert printed("similar", "--feedback-source", "zendesk", "--feedback-external-id", "z1",
                       "--limit", "2", "--language", "en") == of_ticket  # fmt: skip
        assert plain.json()["items"] != of_ticket
        assert printed("similar", "--feedback-source", "zendesk", "--feedback-external-id", "z1",
                       "--limit", "2", "--language", "en", "--no-polarity") == plain.json()[
            "items"]  # fmt: skip
        assert main(["similar", "999999", *url]) == 1
        assert "answered 404" in capsys.readouterr().err
    get_settings.cache_clear()


class Recorded:
    """The server's test client, each request's keywords kept: what the CLI sent."""

    def __init__(self, client: TestClient) -> None:
        self.client, self.sent = client, []

    def request(self, method: str, path: str, **request):
        self.sent.append(request)
        return self.client.request(method, path, **request)


PARIS = "Europe/Paris"
ZONE_HEADER = "X-Boucle-Timezone"  # as the API documents it
LATE = {
    "source": "zendesk",
    "external_id": "late",
    "created_at": "2026-10-31T23:30:00Z",
    "text": "The CSV export crashes again since the update.",
}  # Paris: 1 November 00:30


QUERY = "export to CSV is broken"


@dataclass
class Served:
    """A server in Paris holding ITEMS and LATE, the CLI (in New York) asking it with --url."""

    client: TestClient
    recorded: Recorded
    every: list[dict]  # the hits of QUERY, best first, as the API pages them
    capsys: pytest.CaptureFixture

    def printed(self, *args: str) -> list[str]:
        assert main([*args, "--url", "http://boucle.test"]) == 0, self.capsys.readouterr().err
        return self.capsys.readouterr().out.splitlines()


@pytest.fixture
def served(settings: Settings, tagger: Tagger, monkeypatch, capsys, tmp_path) -> Served:
    from api.feedback import remote

    monkeypatch.setenv("BOUCLE_DATA_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("BOUCLE_TIMEZONE", "America/New_York")  # this machine's, not the server's
    get_settings.cache_clear()
    with TestClient(create_app(settings.model_copy(update={"timezone": PARIS}), tagger)) as client:
        recorded = Recorded(client)
        monkeypatch.setattr(remote, "api_client", lambda url, key: nullcontext(recorded))
        assert client.post("/v1/feedback", json={"items": [*ITEMS, LATE]}).status_code == 200
        every = client.post("/v1/search", json={"query": QUERY, "limit": 200}).json()["items"]
        yield Served(client, recorded, every, capsys)
    get_settings.cache_clear()


def ids(lines: list[str]) -> list[str]:
    return [line.split("  ")[1] for line in lines]


def test_boucle_search_through_a_server_takes_the_limit_it_allows(served: Served, monkeypatch):
    """--limit 500 --url passed the CLI's check (1 to 5,000), then failed on the API's 422 (a
    JSON page holds 200): the CLI asks a page at a time, as next_offset pages them."""
    from api.search import schemas

    every = [str(hit["insight_id"]) for hit in served.every]
    assert ids(served.printed("search", QUERY, "--limit", "500")) == every
    assert len(served.printed("similar", every[0], "--limit", "500")) == len(every) - 1
    monkeypatch.setattr(schemas, "PAGE_LIMIT", 2)
    served.recorded.sent.clear()
    assert ids(served.printed("search", QUERY, "--limit", "3")) == every[:3]
    asked = [(body["json"]["limit"], body["json"]["offset"]) for body in served.recorded.sent]
    assert asked == [(2, 0), (1, 2)]


def test_plain_hits_show_the_insight_id_similar_takes(served: Served) -> None:
    """Only --json showed the insight id that `boucle similar INSIGHT_ID` takes."""
    lines = served.printed("search", QUERY)
    assert ids(lines) == [str(hit["insight_id"]) for hit in served.every]
    alike = ids(served.printed("similar", ids(lines)[0]))  # the seed is no hit of its own
    assert alike and ids(lines)[0] not in alike and set(alike) < set(ids(lines))


def test_days_go_as_typed_to_a_server_and_its_dates_print_in_its_zone(served: Served) -> None:
    """--from was sent as a moment of this machine's zone, not the day of the server's
    BOUCLE_TIMEZONE that its page means, and the hits' dates printed in UTC."""
    (late,) = [line for line in served.printed("search", QUERY) if "crashes again" in line]
    assert "  2026-11-01  zendesk  " in late  # Paris's day, not UTC's (nor New York's)
    days = ["--from", "2026-11-01", "--to", "2026-11-30T12:00"]
    served.recorded.sent.clear()
    served.printed("search", QUERY, *days)
    served.printed("similar", str(served.every[0]["insight_id"]), *days)
    search, similar = served.recorded.sent
    for sent in (search["json"]["filters"], similar["params"]):
        assert (sent["created_from"], sent["created_to"]) == ("2026-11-01", "2026-11-30T12:00")
    assert served.client.post("/v1/search", json={"query": QUERY}).headers[ZONE_HEADER] == PARIS
    first = served.every[0]["insight_id"]
    hits_file = served.client.get(f"/v1/insights/{first}/similar", params={"format": "csv"})
    assert hits_file.headers[ZONE_HEADER] == PARIS


ESCAPES = "\x1b]0;pwned\x07Evil\x1b[2J Corp\x9b"  # retitles, clears, then a C1 CSI


def test_search_hits_spell_out_control_characters(settings: Settings, tagger: Tagger,
                                                  monkeypatch, capsys) -> None:  # fmt: skip
    """A customer's escape sequence reached the operator's terminal raw (clearing it, retitling
    it); a person now reads it spelt out, a script reads the exact value from --json."""
    item = {"source": "zendesk", "external_id": "e1", "created_at": "2026-11-02T10:00:00Z",
            "text": "The CSV export crashes \x1b[2J again.",
            "account": {"id": "evil", "name": ESCAPES}}  # fmt: skip
    with TestClient(create_app(settings, tagger)) as client:
        assert client.post("/v1/feedback", json={"items": [item]}).status_code == 200
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(settings.data_dir))
    monkeypatch.setattr(shared, "shared_tagger", lambda config: tagger)
    get_settings.cache_clear()
    try:
        assert main(["search", "CSV export crashes", "--limit", "1"]) == 0
        (line,) = capsys.readouterr().out.splitlines()
        assert "  \\x1b]0;pwned\\x07Evil\\x1b[2J Corp\\x9b  " in line
        assert not any(c < " " or "\x7f" <= c <= "\x9f" for c in line)
        assert main(["search", "CSV export crashes", "--limit", "1", "--json"]) == 0
        out = capsys.readouterr().out
        assert "\x9b" not in out and "\x1b" not in out  # escaped as JSON escapes them
        assert json.loads(out)["account"]["name"] == ESCAPES
    finally:
        get_settings.cache_clear()
