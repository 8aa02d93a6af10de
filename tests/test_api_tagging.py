"""POST /v1/tag and /v1/tag/batch, good and bad requests."""

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings

TICKET = "Hi, the CSV export crashes since the update. Also, please add a dark mode! Thanks, Anna"


def test_tag_one_ticket(client):
    response = client.post("/v1/tag", json={"text": TICKET})
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "en"
    assert body["redacted_text"].endswith("Thanks, [NAME]")
    assert body["sentiment"]["label"] in {"negative", "neutral", "positive"}
    assert {"bug_report", "feature_request"} <= {i["label"] for i in body["intents"]}
    assert body["urgency"]["level"] in {"low", "normal", "high", "critical"}
    assert len(body["insights"]) == 2
    for insight in body["insights"]:
        assert body["redacted_text"][insight["start"] : insight["end"]] == insight["text"]
        assert insight["intents"] and insight["sentiment"] and insight["urgency"]


def test_language_given_by_the_caller_is_kept(client):
    response = client.post("/v1/tag", json={"text": "ok merci", "language": "fr"})
    assert response.status_code == 200
    assert response.json()["language"] == "fr"
    for locale in ("FR", "fr-CA", "fr_FR"):  # what support tools send: a locale's language
        answer = client.post("/v1/tag", json={"text": "ok merci", "language": locale})
        assert answer.status_code == 200 and answer.json()["language"] == "fr"


def test_und_is_a_language_to_detect(client):
    """ "und" was a 422 ("'und' is not an ISO 639-1 language code"), though Boucle answers it
    for a language it cannot tell: a client sending back what it read was refused."""
    for code in ("und", "UND"):
        answer = client.post("/v1/tag", json={"text": "ok merci beaucoup", "language": code})
        assert answer.status_code == 200, answer.text
        assert answer.json()["language"] == "fr"  # detected, as for null
    batch = client.post(
        "/v1/tag/batch", json={"items": [{"id": 1, "text": "ok", "language": "und"}]}
    )
    assert batch.status_code == 200, batch.text


def test_batch_keeps_ids_and_order(client):
    items = [
        {"id": "b", "text": "L'appli plante à l'ouverture, je vais résilier."},
        {"id": "a", "text": "Love the new dashboard!"},
    ]
    response = client.post("/v1/tag/batch", json={"items": items})
    assert response.status_code == 200
    results = response.json()["items"]
    assert [r["id"] for r in results] == ["b", "a"]
    assert results[0]["language"] == "fr" and results[1]["sentiment"]["label"] == "positive"


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"text": ""}, "text", "empty"),
        ({"text": "   \n\t "}, "text", "empty"),
        ({"text": "\u200b\u200b\ufeff"}, "text", "invisible characters"),  # was stored as praise
        ({"text": "<div><br></div>"}, "text", "markup"),
        ({"text": "x" * 20_001}, "text", "20,000"),
        ({"text": 42}, "text", "string"),
        ({}, "text", "required"),
        ({"text": "fine", "language": "Klingon"}, "language", "ISO 639-1"),
        ({"text": "fine", "language": "xx"}, "language", "ISO 639-1"),
        ({"text": "fine", "lang": "en"}, "lang", "unknown field"),
        ({"text": "fine", "contact": "Anna Schmidt"}, "contact", "an object"),
        ({"text": "fine", "contact": {"name": 7}}, "contact.name", "a string"),
        ({"text": "fine", "contact": {"email": "anna"}}, "contact.email", "e-mail address"),
        ({"text": "fine", "contact": {"id": "c-1"}}, "contact.id", "unknown field"),
    ],
)
def test_bad_single_requests_say_what_to_fix(client, body, field, words):
    response = client.post("/v1/tag", json=body)
    assert response.status_code == 422
    problems = response.json()["errors"]
    assert any(p["field"] == field and words in p["message"] for p in problems), problems


def test_framework_wording_is_rewritten_in_plain_words(client):
    """The integrator's three 422s, by pydantic's error type, so every route says them so."""
    cases = [
        ("/v1/tag", {"text": "x" * 23_512},
         "text: 23,512 characters; the limit is 20,000: split it or send fewer characters"),
        ("/v1/tag/batch", {"items": [{"id": str(i), "text": "t"} for i in range(10_000)]},
         "items: send at most 1,000 items per request (got 10,000)"),
        ("/v1/tag", {"text": 123}, "text: must be a string (got a number)"),
        ("/v1/tag", {"text": None}, "text: must be a string (got null)"),
        ("/v1/tag/batch", {"items": {"id": "1"}}, "items: must be a list (got an object)"),
        ("/v1/tag/batch", {"items": [{"id": "", "text": "t"}]},
         "items.0.id: must have at least 1 character"),
        ("/v1/taggers/q/predict", {"texts": ["t"] * 1_001},
         "texts: send at most 1,000 texts per request (got 1,001)"),
        ("/v1/taggers/q/predict", {"texts": ["fine", "x" * 20_001]},
         "texts.1: 20,001 characters; the limit is 20,000"),
    ]  # fmt: skip
    for path, body, said in cases:
        response = client.post(path, json=body)
        assert response.status_code == 422, response.text
        assert said in response.json()["message"], response.json()["message"]
        assert "should" not in response.json()["message"]  # pydantic's "Input should be ..."


NAMED = "Anna's export crashes since Monday, Schmidt in finance says so too."
MASKED = "[NAME]'s export crashes since Monday, [NAME] in finance says so too."


def test_a_contact_sent_with_a_text_has_its_name_masked(client):
    contact = {"name": "Anna Schmidt", "email": "anna.schmidt@example.com"}
    answer = client.post("/v1/tag", json={"text": NAMED, "contact": contact})
    assert answer.status_code == 200, answer.text
    assert answer.json()["redacted_text"] == MASKED
    for contact in ({}, {"email": "anna.schmidt@example.com"}, None):  # no name: nothing to mask
        answer = client.post("/v1/tag", json={"text": NAMED, "contact": contact})
        assert answer.json()["redacted_text"] == NAMED
    items = [
        {"id": "a", "text": NAMED, "contact": {"name": "Anna Schmidt"}},
        {"id": "b", "text": NAMED},
        {"id": "c", "text": NAMED, "contact": {"name": "Schmidt"}},  # one word: capitalised only
    ]
    answer = client.post("/v1/tag/batch", json={"items": items})
    assert answer.status_code == 200, answer.text
    assert [item["redacted_text"] for item in answer.json()["items"]] == [
        MASKED,
        NAMED,
        "Anna's export crashes since Monday, [NAME] in finance says so too.",
    ]


def test_a_contacts_first_name_in_lower_case_after_a_cue_is_masked(client):
    """QA: "ask anna." stayed in a text with capitals (only "ask Anna." or an all lower-case
    text was masked)."""
    body = {"text": "The export fails, ask anna.", "contact": {"name": "Anna Schmidt"}}
    answer = client.post("/v1/tag", json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["redacted_text"] == "The export fails, ask [NAME]."


def test_a_batch_items_bad_contact_is_named_by_its_id(client):
    items = [{"id": "t-1", "text": "fine"}, {"id": "t-2", "text": "fine", "contact": {"email": 1}}]
    answer = client.post("/v1/tag/batch", json={"items": items})
    assert answer.status_code == 422
    assert (
        answer.json()["message"]
        == "items.1.contact.email (id 't-2'): must be a string (got a number)"
    )


def test_invalid_json_is_a_4xx(client):
    response = client.post(
        "/v1/tag", content=b'{"text": "unterminated', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["message"]


@pytest.mark.parametrize(
    ("items", "words"),
    [
        ([], "at least 1"),
        ([{"id": str(i), "text": "t"} for i in range(1_001)], "at most 1,000 items"),
        ([{"id": "1", "text": "a"}, {"id": "1", "text": "b"}], "repeated: 1"),
        ([{"text": "no id"}], "required"),
        ([{"id": "1", "text": " "}], "empty"),
    ],
)
def test_bad_batches_say_what_to_fix(client, items, words):
    response = client.post("/v1/tag/batch", json={"items": items})
    assert response.status_code == 422
    assert words in response.json()["message"]


def test_health_ready_and_docs_without_cdn(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    assert client.head("/healthz").status_code == client.head("/readyz").status_code == 200
    operations = [
        operation.get("operationId")
        for path in client.get("/openapi.json").json()["paths"].values()
        for operation in path.values()
    ]
    assert len(operations) == len(set(operations))  # client generators refuse duplicates
    docs = client.get("/docs").text
    assert "/static/docs/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert client.get("/static/docs/swagger-ui-bundle.js").status_code == 200
    redoc = client.get("/redoc").text
    assert "/static/docs/redoc.standalone.js" in redoc and "googleapis" not in redoc
    assert client.get("/static/docs/redoc.standalone.js").status_code == 200
    schema = client.get("/openapi.json").json()
    assert "example" in str(schema["components"]["schemas"]["TagRequest"]).lower()


def test_tagging_waits_for_models(settings):
    app = create_app(settings, tagger=None)
    with TestClient(app) as client:  # the background load has only just started
        app.state.tagger = None
        response = client.post("/v1/tag", json={"text": "hello there"})
        assert response.status_code == 503 and response.headers["Retry-After"]
        assert "retry" in response.json()["message"]
        assert client.get("/readyz").status_code == 503


def test_every_error_answers_with_a_message(client):
    """One error shape for clients: `message` on 404s of ours and of the router, 405, 422."""
    answers = [
        client.get("/v1/no-such-route"),
        client.get("/v1/tag"),  # POST only
        client.post("/v1/tag", json={}),
        client.get("/v1/feedback/999999"),
    ]
    assert [a.status_code for a in answers] == [404, 405, 422, 404]
    for answer in answers:
        assert isinstance(answer.json()["message"], str) and answer.json()["message"]
    # the router's own answers say what to do too, not only "Not Found"
    assert (
        answers[0].json()["message"]
        == "no route /v1/no-such-route: the API's routes are listed at /docs"
    )
    assert answers[1].json()["message"].startswith("/v1/tag does not take GET")


@pytest.fixture
def keyed_client(tmp_path, tagger):
    settings = Settings(
        data_dir=tmp_path,
        api_keys={"tagger-key": ["tag"], "reader-key": ["read"], "root": ["admin"]},
    )
    with TestClient(create_app(settings, tagger)) as client:
        yield client


def test_api_keys_and_scopes(keyed_client):
    body = {"text": "The export is slow."}
    assert keyed_client.post("/v1/tag", json=body).status_code == 401
    assert keyed_client.post("/v1/tag", json=body, headers={"X-API-Key": "nope"}).status_code == 401
    forbidden = keyed_client.post("/v1/tag", json=body, headers={"X-API-Key": "reader-key"})
    assert forbidden.status_code == 403 and "'tag' scope" in forbidden.json()["message"]
    for headers in ({"X-API-Key": "tagger-key"}, {"Authorization": "Bearer root"}):
        assert keyed_client.post("/v1/tag", json=body, headers=headers).status_code == 200
    assert keyed_client.get("/healthz").status_code == 200
    # a body that cannot be read is answered after the key, as a well-formed one is: without a
    # valid key nothing is said about it (it answered 422 "not valid JSON" to anyone)
    json_type = {"Content-Type": "application/json"}
    for broken in (b"{bad", b'{"text": "caf\xe9"}', b'{"text": 3}'):
        refused = keyed_client.post("/v1/tag", content=broken, headers=json_type)
        assert refused.status_code == 401, (broken, refused.text)
        with_key = keyed_client.post("/v1/tag", content=broken,
                                     headers={**json_type, "X-API-Key": "tagger-key"})  # fmt: skip
        assert with_key.status_code == 422, broken
        # nor with a key lacking the route's scope: 403, as for a well-formed body
        wrong_scope = keyed_client.post("/v1/tag", content=broken,
                                        headers={**json_type, "X-API-Key": "reader-key"})  # fmt: skip
        assert wrong_scope.status_code == 403, (broken, wrong_scope.text)


def test_a_body_not_sent_as_json_says_which_header_is_missing(client):
    answer = client.post(
        "/v1/tag", content='{"text": "hello"}', headers={"Content-Type": "text/plain"}
    )
    assert answer.status_code == 422
    assert "Content-Type: application/json" in answer.json()["message"]
    assert "text/plain" in answer.json()["message"]


def test_an_internal_error_answers_json_with_a_reference(settings, tagger, caplog):
    app = create_app(settings, tagger)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    # the exception is not raised again past the app (the client would raise it): uvicorn
    # logged each 500's traceback a second time
    with TestClient(app) as client:
        answer = client.get("/boom")
    assert answer.status_code == 500
    assert "internal error (reference " in answer.json()["message"]
    assert "a bug" not in answer.text  # details go to the log, not to the caller
    logged = [r for r in caplog.records if "internal error" in r.getMessage()]
    assert [r.name for r in logged] == ["boucle.errors"]  # once, its frames without "a bug"
    assert answer.json()["message"].split("reference ")[1][:12] in logged[0].getMessage()
    assert "RuntimeError" in logged[0].getMessage() and "a bug" not in caplog.text


def test_the_readme_example_is_what_the_api_answers(client):
    """The README's first example shows a real answer; a model or stage change must update it."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    request = re.search(r"/v1/tag -H .*?-d '(\{.*?\})'", readme, re.S).group(1)
    shown = json.loads(re.search(r"```jsonc\n(.*?)\n```", readme, re.S).group(1))
    answer = client.post("/v1/tag", json=json.loads(request)).json()

    def same(a, b, where="answer"):
        if isinstance(a, dict):
            assert set(a) == set(b), where
            for key in a:
                same(a[key], b[key], f"{where}.{key}")
        elif isinstance(a, list):
            assert len(a) == len(b), where
            for k, (x, y) in enumerate(zip(a, b, strict=True)):
                same(x, y, f"{where}[{k}]")
        elif isinstance(a, float):
            assert abs(a - b) < 0.01, f"{where}: README {b}, API {a}"
        else:
            assert a == b, f"{where}: README {b!r}, API {a!r}"

    same(answer, shown)


def test_a_body_that_is_not_utf8_is_a_422_naming_the_body(client):
    latin1 = '{"text": "Le café est froid"}'.encode("latin-1")
    answer = client.post("/v1/tag", content=latin1, headers={"Content-Type": "application/json"})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "body"
    assert "UTF-8" in answer.json()["message"]


def test_json_too_deep_for_the_parser_is_not_called_not_utf8(client):
    """1,500 nested brackets are valid UTF-8: the answer said to re-encode it as UTF-8."""
    deep = ('{"text": "hi", "x": ' + "[" * 1500 + "]" * 1500 + "}").encode()
    answer = client.post("/v1/tag", content=deep, headers={"Content-Type": "application/json"})
    assert answer.status_code == 422
    assert "UTF-8 but cannot be read as JSON" in answer.json()["message"]


def test_big_answers_are_compressed_for_clients_that_accept_it(client):
    body = {"items": [{"id": str(n), "text": f"The export crashes, case {n}."} for n in range(40)]}
    zipped = client.post("/v1/tag/batch", json=body, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers.get("content-encoding") == "gzip" and len(zipped.json()["items"]) == 40
    plain = client.post("/v1/tag/batch", json=body, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    single = client.post(
        "/v1/tag", json={"text": "Export broken."}, headers={"Accept-Encoding": "gzip"}
    )
    assert "content-encoding" not in single.headers  # small: sent as it is


def test_a_repeated_id_is_said_with_the_items_other_errors(client):
    """A repeated id was only told once every item was valid: a second 422 after the first."""
    items = [{"id": "a", "text": "fine"}, {"id": "a", "text": " "}, {"id": "b", "text": 42}]
    response = client.post("/v1/tag/batch", json={"items": items})
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert list(errors) == ["items.1.text", "items.2.text", "items"]
    assert errors["items"] == "item ids must be unique; repeated: a"
    assert "items: item ids must be unique; repeated: a" in response.json()["message"]


def test_a_lone_surrogate_is_named_with_its_position(client):
    """pydantic said "unable to parse raw data as a unicode string"."""
    body = json.dumps({"text": "abc \ud800 def"})  # as a JSON encoder escapes it: "\\ud800"
    response = client.post("/v1/tag", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["message"] == (
        "text: holds an invalid character (lone surrogate \\ud800) at position 4 (from 0): send "
        "valid Unicode, a surrogate comes in a pair"
    )


def test_a_batch_takes_integer_ids_as_feedback_does(client):
    """A help desk's ticket number (7) was refused here while POST /v1/feedback took it."""
    items = [{"id": 7, "text": "The export crashes."}, {"id": "t-2", "text": "Love it"}]
    answer = client.post("/v1/tag/batch", json={"items": items})
    assert answer.status_code == 200, answer.text
    assert [item["id"] for item in answer.json()["items"]] == ["7", "t-2"]
    twins = [{"id": 7, "text": "one"}, {"id": "7", "text": "two"}]
    repeated = client.post("/v1/tag/batch", json={"items": twins})
    assert repeated.status_code == 422 and "repeated: 7" in repeated.json()["message"]
    for wrong in (1.5, True):
        refused = client.post("/v1/tag/batch", json={"items": [{"id": wrong, "text": "one"}]})
        assert refused.status_code == 422
        assert "is not an id: send the item's id as a string or an integer" in refused.text


def test_an_html_mail_over_the_limit_is_told_what_to_send_and_named_in_its_batch(client):
    """An HTML e-mail of 22,580 characters, mostly a <style> block, whose visible text is one
    sentence, was told to "split it or send fewer characters"; in a batch, only its index
    named it. The markup is counted (stripping it is quadratic on hostile input), so the
    message says what to send, and the item is named by its own id too."""
    style = "<style>" + "p.x{margin:0;color:#333}" * 940 + "</style>"
    mail = f"<html><head>{style}</head><body><p>The export crashes.</p></body></html>"
    assert len(mail) > 20_000
    told = client.post("/v1/tag", json={"text": mail}).json()["message"]
    assert "HTML markup included" in told and "plain-text part" in told, told
    batch = {"items": [{"id": "t-1", "text": "Fine."}, {"id": "t-2", "text": mail}]}
    told = client.post("/v1/tag/batch", json=batch).json()
    assert told["message"].startswith("items.1.text (id 't-2'): "), told["message"]
    assert told["errors"][0]["item"] == "id 't-2'"
    items = [{"source": "zendesk", "external_id": 4711, "text": mail}]
    told = client.post("/v1/feedback", json={"items": items}).json()["message"]
    assert told.startswith("items.0.text (external_id '4711'): "), told
    plain = client.post("/v1/tag", json={"text": "x" * 23_512}).json()["message"]
    assert plain.endswith("split it or send fewer characters")  # plain text: as before


def test_an_unknown_field_close_to_a_known_one_is_named(client):
    """`{"filter": ...}` said "unknown field: remove it", as if the filters were not taken."""
    cases = [
        ("/v1/search", {"query": "export", "filter": {"segment": "smb"}},
         "filter: unknown field: remove it; did you mean 'filters'?"),
        ("/v1/search", {"query": "export", "filters": {"segmnt": "smb"}},
         "filters.segmnt: unknown field: remove it; did you mean 'segment'?"),
        ("/v1/tag", {"text": "fine", "lang": "en"},
         "lang: unknown field: remove it; did you mean 'language'?"),
        ("/v1/tag", {"text": "fine", "colour": "red"}, "colour: unknown field: remove it"),
    ]  # fmt: skip
    for path, body, said in cases:
        response = client.post(path, json=body)
        assert response.status_code == 422, response.text
        assert response.json()["message"] == said
