"""What the VoC routes answer to a value a person got wrong: a segment no account has, a CSAT
answer that is no answer a survey offers, a survey send to a contact nobody stored."""

from fastapi.testclient import TestClient
from sqlalchemy import update

from api.cli import main
from api.settings import Settings
from api.storage.tables import Feedback
from tests.test_voc import fields_of, ingest, item, send

AS_OF = "2026-11-30T00:00:00Z"
TYPO = "no account has segment 'enterprse'; segments stored: enterprise, smb"


def test_a_segment_no_account_has_is_said_on_every_voc_report(store_client: TestClient) -> None:
    """?segment=enterprse answered NPS, CSAT, response rate, follow-up and at-risk zeros with
    no word, and the NPS file no header, where GET /v1/needs/{id}/impact warned."""
    client = store_client
    client.put("/v1/accounts/acme", json={"name": "Acme", "segment": "enterprise"})
    client.put("/v1/accounts/bolt", json={"name": "Bolt", "segment": "smb"})
    client.put("/v1/contacts/c1", json={"account_id": "acme"})
    ingest(client, [item("n1", "2026-11-02T10:00:00Z", 3, account_id="acme"),
                    item("s1", "2026-11-02T10:00:00Z", 2, source="csat_survey",
                         account_id="bolt")])  # fmt: skip
    assert client.post("/v1/surveys/sends", json={"sends": [
        send("nps", "c1", "2026-11-01T10:00:00Z")]}).status_code == 200  # fmt: skip
    typo = {"segment": "enterprse", "as_of": AS_OF}
    for path, params in [
        ("/v1/voc/nps", {"segment": "enterprse"}),
        ("/v1/voc/csat", {"segment": "enterprse"}),
        ("/v1/voc/response-rate", typo),
        ("/v1/voc/non-respondents", typo),
        ("/v1/voc/follow-up", typo),
        ("/v1/voc/at-risk", typo),
    ]:
        answer = client.get(path, params=params)
        assert answer.status_code == 200, answer.text
        assert answer.json()["warnings"] == [TYPO], path
    for name in ("nps", "csat"):
        file = client.get(f"/v1/voc/{name}", params={"segment": "enterprse", "format": "csv"})
        assert file.headers.get_list("X-Boucle-Warning") == [TYPO]
    # a segment stored (in any case), or "unknown" (no account, no segment): no warning
    for params in ({"segment": "Enterprise"}, {"segment": ["unknown", "smb"]}, {}):
        for path in ("/v1/voc/nps", "/v1/voc/at-risk", "/v1/voc/response-rate"):
            assert client.get(path, params=params).json()["warnings"] == [], (path, params)
        file = client.get("/v1/voc/nps", params={**params, "format": "csv"})
        assert "X-Boucle-Warning" not in file.headers
    # the follow-up's filters are GET /v1/feedback's: a source typo is said there too
    follow_up = client.get("/v1/voc/follow-up", params={"source": "nps_survy"}).json()
    assert follow_up["warnings"][0].startswith("no feedback has source 'nps_survy'")


def test_a_survey_with_no_send_is_said(store_client: TestClient) -> None:
    """?survey=foo answered a response rate of zeros with no word, beside an nps with sends."""
    client = store_client
    client.put("/v1/contacts/c1", json={"name": "Ann"})
    assert client.post("/v1/surveys/sends", json={"sends": [
        send("nps", "c1", "2026-11-01T10:00:00Z")]}).status_code == 200  # fmt: skip
    for path in ("/v1/voc/response-rate", "/v1/voc/non-respondents"):
        typo = client.get(path, params={"survey": "foo", "as_of": AS_OF})
        assert typo.status_code == 200 and typo.json()["warnings"] == [
            "no send of survey 'foo' is stored (surveys with sends: nps): check the name, or "
            "record its sends first (POST /v1/surveys/sends)"], path  # fmt: skip
        known = client.get(path, params={"survey": "NPS", "as_of": AS_OF})
        assert known.json()["warnings"] == [], path


def test_a_survey_is_said_unknown_when_no_survey_has_sends(store_client: TestClient) -> None:
    """With no send stored at all, ?survey=nsp answered zeros with no word (the warning came
    only beside another survey's sends): it says so, and what to do."""
    client = store_client
    ingest(client, [item("n1", "2026-11-02T10:00:00Z", 9)])  # answers, but no send
    for path in ("/v1/voc/response-rate", "/v1/voc/non-respondents"):
        answer = client.get(path, params={"survey": "nsp", "as_of": AS_OF})
        assert answer.status_code == 200 and answer.json()["warnings"] == [
            "no send of survey 'nsp' is stored (no survey has sends yet): record its sends "
            "first (POST /v1/surveys/sends); the rate counts answers to them"], path  # fmt: skip


def test_an_answers_source_nothing_has_is_said_by_api_and_cli(
    store_client: TestClient, store_settings: Settings, share_with_cli, capsys
) -> None:
    """?source=nps_survy (a typo of where the answers come from) answered NPS, CSAT and response
    rate zeros with no word, and `boucle voc nps --source nps_survy` too."""
    client = store_client
    client.put("/v1/contacts/c1", json={"name": "Ann"})
    ingest(client, [item("n1", "2026-11-02T10:00:00Z", 9)])
    assert client.post("/v1/surveys/sends", json={"sends": [
        send("nps", "c1", "2026-11-01T10:00:00Z")]}).status_code == 200  # fmt: skip
    said = "no feedback has source 'nps_survy'; sources stored: nps_survey"
    for path, params in [("/v1/voc/nps", {}), ("/v1/voc/csat", {}),
                         ("/v1/voc/response-rate", {"as_of": AS_OF})]:  # fmt: skip
        typo = client.get(path, params={**params, "source": "nps_survy"})
        assert typo.status_code == 200 and typo.json()["warnings"] == [said], path
    assert client.get("/v1/voc/nps").json()["warnings"] == []  # its answers found: no word
    share_with_cli(store_settings)
    assert main(["voc", "nps", "--source", "nps_survy"]) == 0
    assert f"boucle voc nps: warning: {said}" in capsys.readouterr().err


def test_a_csat_answer_is_a_whole_number(store_client: TestClient) -> None:
    """CSAT 4.5 and 3.5 in one segment read average 4.0 beside a distribution of a 4 and a 5 and
    2 satisfied: the 3.5 was counted a satisfied 4. Survey tools offer 1, 2, … 5: a half is
    refused at ingestion, as an NPS 7.5 is, and one stored before is ignored, not bucketed."""
    client = store_client
    for score in (4.5, 3.5):
        half = item("s1", "2026-10-01T10:00:00Z", score, source="csat_survey")
        answer = client.post("/v1/feedback", json={"items": [half]})
        assert fields_of(answer) == ["items.0.score"]
        assert f"{score:g} is not a whole number: CSAT answers are 1, 2, … 5" in answer.text
    keyed = item("t1", "2026-10-01T10:00:00Z", 4.5, source="typeform", metadata={"survey": "csat"})
    assert fields_of(client.post("/v1/feedback", json={"items": [keyed]})) == ["items.0.score"]
    # whole answers are stored; one made a 3.5 in the store (as before this version) is ignored
    ingest(client, [item(f"s{n}", "2026-10-01T10:00:00Z", score, source="csat_survey")
                    for n, score in enumerate((5, 4, 3))])  # fmt: skip
    with client.app.state.workspace.db.session() as session:
        session.execute(update(Feedback).where(Feedback.external_id == "s2").values(score=3.5))
    overall = client.get("/v1/voc/csat").json()
    assert overall["ignored"] == 1
    assert overall["overall"]["average"] == 4.5  # (5 + 4) / 2, as the distribution says
    assert overall["overall"]["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 1}
    assert overall["overall"]["satisfied"] == 2


def test_a_send_to_a_contact_nobody_stored_is_refused(store_client: TestClient) -> None:
    """A mistyped contact_id ("nobody-here") answered created and made an empty contact, whose
    send then went unanswered for ever: the response rate fell and the non-respondents listed
    nobody-here. A send names a stored contact, or gives the address to make one from."""
    client = store_client
    client.put("/v1/contacts/c-ann", json={"email": "ann@acme.com"})
    sends = [send("nps", "c-ann", "2026-11-01T10:00:00Z"),
             send("nps", "nobody-here", "2026-11-01T10:00:00Z", account_id="acme")]  # fmt: skip
    answer = client.post("/v1/surveys/sends", json={"sends": sends})
    assert fields_of(answer) == ["sends.1.contact_id"]
    assert "no contact has the id 'nobody-here': store the contact first" in answer.text
    assert client.get("/v1/contacts/nobody-here").status_code == 404  # nothing made
    assert client.get("/v1/voc/response-rate").json()["overall"]["sends"] == 0  # all or nothing
    # a stored id, the address of a stored contact (any case), or a new address: stored
    sends[1] = send("nps", "ANN@acme.com", "2026-11-02T10:00:00Z")
    sends.append(send("nps", "new.person@acme.com", "2026-11-01T10:00:00Z"))
    stored = client.post("/v1/surveys/sends", json={"sends": sends})
    assert stored.status_code == 200, stored.text
    assert [i["contact_id"] for i in stored.json()["items"]] == [
        "c-ann", "c-ann", "new.person@acme.com",
    ]  # fmt: skip
    made = client.get("/v1/contacts/new.person@acme.com").json()
    assert made["email"] == "new.person@acme.com"


def test_a_blank_segment_is_no_server_error(store_client: TestClient) -> None:
    """?segment= (a blank value) made the typo check fail inside the route: 500 on every VoC
    report (found by the schema fuzzer). The reports narrow to no account; follow-up, which
    takes search's filters, refuses it as search does."""
    store_client.put("/v1/contacts/c1", json={"name": "Ann"})
    assert store_client.post("/v1/surveys/sends", json={"sends": [
        send("nps", "c1", "2026-11-01T10:00:00Z")]}).status_code == 200  # fmt: skip
    for path in ("/v1/voc/nps", "/v1/voc/response-rate", "/v1/voc/non-respondents",
                 "/v1/voc/at-risk"):  # fmt: skip
        answer = store_client.get(path, params={"segment": ["", " "]})
        assert answer.status_code == 200, (path, answer.text)
        assert answer.json()["warnings"] == [], path  # no segment named: nothing to say
    refused = store_client.get("/v1/voc/follow-up", params={"segment": ""})
    assert refused.status_code == 422 and "an empty value" in refused.json()["message"]
