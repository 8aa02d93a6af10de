"""POST/GET /v1/feedback against real stores: SQLite and PostgreSQL, Qdrant Edge."""

import json

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.storage.tables import Feedback

TICKET = {
    "source": "zendesk",
    "external_id": "zd-1",
    "text": "The CSV export crashes every time since the update. Also, please add a dark mode!",
    "created_at": "2026-10-01T09:30:00+02:00",
    "account": {"id": "acme", "name": "Acme", "arr": 120000, "segment": "enterprise"},
    "contact": {"id": "c-1", "email": "anna@example.com", "name": "Anna"},
    "score": 3,
    "metadata": {"priority": "high"},
}
FRENCH = {
    "source": "app_store",
    "external_id": "r-9",
    "text": "L'export CSV plante à chaque fois, c'est vraiment pénible.",
    "created_at": "2026-11-02T12:00:00Z",
}


def stored_count(client: TestClient) -> int:
    ws = client.app.state.workspace
    with ws.db.session() as session:
        return session.scalar(select(func.count()).select_from(Feedback))


def test_ingest_stores_analyses_and_answers_insights(store_client: TestClient) -> None:
    response = store_client.post("/v1/feedback", json={"items": [TICKET, FRENCH]})
    assert response.status_code == 200, response.text
    first, second = response.json()["items"]
    assert (first["status"], first["analysis"], first["external_id"]) == ("created", "done", "zd-1")
    assert len(first["insights"]) == 2  # the crash and the dark-mode request
    assert all(i["sentiment"] and i["urgency"] and i["intents"] for i in first["insights"])

    stored = store_client.get(f"/v1/feedback/{first['id']}").json()
    assert stored["status"] == "analysed"
    assert stored["language"] == "en" and stored["account"]["segment"] == "enterprise"
    assert stored["created_at"].startswith("2026-10-01T07:30:00")  # kept, in UTC
    assert stored["metadata"] == {"priority": "high"} and stored["score"] == 3
    assert [i["id"] for i in stored["insights"]] == [i["id"] for i in first["insights"]]
    assert store_client.get(f"/v1/feedback/{second['id']}").json()["language"] == "fr"
    assert store_client.get("/v1/contacts/c-1").json()["account_id"] == "acme"


def test_resending_stores_once(store_client: TestClient) -> None:
    first = store_client.post("/v1/feedback", json={"items": [TICKET]}).json()["items"][0]
    again = [store_client.post("/v1/feedback", json={"items": [TICKET]}).json()["items"][0]
             for _ in range(2)]  # fmt: skip
    assert [item["status"] for item in again] == ["duplicate", "duplicate"]
    assert {item["id"] for item in again} == {first["id"]}
    assert [i["id"] for i in again[0]["insights"]] == [i["id"] for i in first["insights"]]
    assert stored_count(store_client) == 1


def test_a_resent_item_changes_nothing_and_a_new_one_fills_its_account(store_client) -> None:
    """A replayed ticket carrying last year's account put back its old segment, and ingest
    never told search: its segment filter and GET /v1/feedback's disagreed. A new item's inline
    account fills a segment not known yet, and changes none (PUT /v1/accounts/{id} does)."""
    client = store_client

    def send(external_id: str, segment: str | None) -> dict:
        text = f"Reports are slow to load ({external_id})."  # two texts: search folds repeats
        account = {"id": "acc-1", "segment": segment, "arr": 1000} if segment else None
        item = {"source": "desk", "external_id": external_id, "text": text, "account": account,
                "account_id": None if segment else "acc-1"}  # fmt: skip
        return client.post("/v1/feedback", json={"items": [item]}).json()["items"][0]

    def found(segment: str) -> int:
        body = {"query": "slow reports", "filters": {"segment": segment}}
        return len(client.post("/v1/search", json=body).json()["items"])

    send("t-0", None)  # a bare reference: an account with no segment yet
    send("t-1", "enterprise")  # fills it, and every item of it follows
    assert found("enterprise") == 2
    assert send("t-1", "smb")["status"] == "duplicate"
    assert client.get("/v1/accounts/acc-1").json()["segment"] == "enterprise"
    assert send("t-2", "smb")["account_ignored"] == ["segment"]
    assert client.get("/v1/accounts/acc-1").json()["segment"] == "enterprise"
    client.put("/v1/accounts/acc-1", json={"segment": "smb"})
    assert found("smb") == 3 and found("enterprise") == 0
    listed = client.get("/v1/feedback", params={"segment": "smb"}).json()["items"]
    assert len(listed) == 3


def test_a_changed_resend_is_a_duplicate_that_says_it_changed(store_client) -> None:
    """A re-send with edited text answered exactly like an identical one: the integration could
    not tell its edit was dropped. The stored item is still kept as it was."""
    first = store_client.post("/v1/feedback", json={"items": [TICKET]}).json()["items"][0]
    edited = {**TICKET, "text": TICKET["text"] + " And the PDF export too."}
    rescored, retagged = {**TICKET, "score": 5}, {**TICKET, "metadata": {"priority": "low"}}
    # the same words, spaced and with another phone number: stored the same once normalised
    # and redacted, so no change
    respaced = {**TICKET, "text": "  " + TICKET["text"] + " Call +33 6 12 34 56 78"}
    stored_again = {**TICKET, "text": TICKET["text"] + " Call +33 6 98 76 54 32"}
    store_client.post("/v1/feedback", json={"items": [{**stored_again, "external_id": "zd-2"}]})
    items = [TICKET, edited, rescored, retagged, {**respaced, "external_id": "zd-2"}]
    again = [store_client.post("/v1/feedback", json={"items": [item]}).json()["items"][0]
             for item in items]  # fmt: skip
    assert [(i["status"], i["changed"]) for i in again] == [
        ("duplicate", False), ("duplicate", True), ("duplicate", True), ("duplicate", True),
        ("duplicate", False),
    ]  # fmt: skip
    stored = store_client.get(f"/v1/feedback/{first['id']}").json()
    assert stored["score"] == 3 and stored["metadata"] == {"priority": "high"}
    assert "PDF" not in stored["text"]
    assert first["changed"] is False


def test_a_batch_holding_an_item_twice_is_refused_naming_each(store_client) -> None:
    """The second was answered "duplicate", `changed: true`, and its text dropped: an update
    lost, while /v1/tag/batch and `boucle import` refuse a repeated id."""
    edited = {**FRENCH, "text": FRENCH["text"] + " Corrigez-le."}
    other = {**TICKET, "external_id": 4711}
    items = [FRENCH, other, edited, {**other, "external_id": "4711", "source": "ZENDESK"}]
    answer = store_client.post("/v1/feedback", json={"items": items})
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"] == [{"field": "items", "message": (
        "item ids (source, external_id) must be unique; repeated: source 'app_store' "
        "external_id 'r-9' (items 0 and 2), source 'zendesk' external_id '4711' (items 1 and 3): "
        "send each item once, in its latest version")}]  # fmt: skip
    assert stored_count(store_client) == 0
    # said with the items' other errors, in one answer
    bad = store_client.post("/v1/feedback", json={"items": [FRENCH, {**FRENCH, "text": 5}]})
    fields = [e["field"] for e in bad.json()["errors"]]
    assert bad.status_code == 422 and fields == ["items.1.text", "items"]
    thousand = store_client.post("/v1/feedback", json={"items": [FRENCH] * 1_000})
    assert "(items 0, 1, 2, 3, 4 and 995 more)" in thousand.json()["message"]
    assert stored_count(store_client) == 0
    apart = [store_client.post("/v1/feedback", json={"items": [item]}).json()["items"][0]
             for item in (FRENCH, edited)]  # fmt: skip
    assert [(i["status"], i["changed"]) for i in apart] == [("created", False),
                                                            ("duplicate", True)]  # fmt: skip


def test_pii_is_redacted_before_storage(store_client: TestClient) -> None:
    item = {**FRENCH, "external_id": "r-10",
            "text": "Rappelez-moi au +33 6 12 34 56 78 ou jean.dupont@example.fr svp"}  # fmt: skip
    feedback_id = store_client.post("/v1/feedback", json={"items": [item]}).json()["items"][0]["id"]
    text = store_client.get(f"/v1/feedback/{feedback_id}").json()["text"]
    assert "example.fr" not in text and "12 34" not in text


def test_a_contacts_language_given_by_name_is_stored_as_its_code(store_client: TestClient) -> None:
    """A CRM sending "français" with the ticket: stored as fr, as PUT /v1/contacts and the
    contacts import read it."""
    item = {**TICKET, "external_id": "zd-lang", "contact": {"id": "c-fr", "language": "français"}}
    assert store_client.post("/v1/feedback", json={"items": [item]}).status_code == 200
    assert store_client.get("/v1/contacts/c-fr").json()["language"] == "fr"


def test_the_contacts_name_is_masked_in_the_stored_text(store_client: TestClient) -> None:
    item = {**FRENCH, "external_id": "r-11", "contact": {"id": "c-9", "name": "Zoé Martin"},
            "text": "Zoé Martin de Quasar Widgets : l'export CSV plante depuis lundi."}  # fmt: skip
    answer = store_client.post("/v1/feedback", json={"items": [item]}).json()["items"][0]
    text = store_client.get(f"/v1/feedback/{answer['id']}").json()["text"]
    assert text == "[NAME] de Quasar Widgets : l'export CSV plante depuis lundi."
    # Sent again unchanged: redone with the contact's name, it is the text stored.
    again = store_client.post("/v1/feedback", json={"items": [item]}).json()["items"][0]
    assert (again["status"], again["changed"]) == ("duplicate", False)


def test_nul_characters_are_dropped_not_a_server_error(store_client: TestClient) -> None:
    """PostgreSQL text cannot hold NUL; broken exports send it anyway (as JSON's \\u0000)."""
    item = {**FRENCH, "external_id": "r-nul\u0000", "text": "L'export\u0000 plante \\u0000 toujours.",
            "metadata": {"sujet\u0000": "export\u0000"}, "account": {"id": "acme\u0000", "name": "Acme\u0000"}}  # fmt: skip
    answer = store_client.post("/v1/feedback", json={"items": [item]})
    assert answer.status_code == 200, answer.text
    stored = store_client.get(f"/v1/feedback/{answer.json()['items'][0]['id']}").json()
    assert stored["external_id"] == "r-nul" and stored["metadata"] == {"sujet": "export"}
    assert stored["text"] == "L'export plante \\u0000 toujours."  # a literal backslash stays
    assert store_client.get("/v1/accounts/acme").json()["name"] == "Acme"


def nested(depth: int) -> dict:
    node: dict = {"leaf": 1}
    for _ in range(depth):
        node = {"a": node}
    return node


def test_bad_requests_say_what_to_fix(store_client: TestClient) -> None:
    cases = [
        ({"items": []}, "items"),
        ({"items": [{**TICKET, "text": "   ", "score": None}]}, "items.0.text"),
        (
            {"items": [{k: v for k, v in TICKET.items() if k not in ("text", "score")}]},
            "items.0.text",
        ),  # fmt: skip
        (
            {"items": [{k: v for k, v in TICKET.items() if k != "external_id"}]},
            "items.0.external_id",
        ),
        ({"items": [{**TICKET, "created_at": "2026-10-01T09:30:00"}]}, "items.0.created_at"),
        ({"items": [{**TICKET, "created_at": "3026-10-01T09:30:00Z"}]}, "items.0.created_at"),
        ({"items": [{**TICKET, "account_id": "other"}]}, "items.0"),
        ({"items": [{**TICKET, "colour": "red"}]}, "items.0.colour"),
        ({"items": [{**TICKET, "language": "xx"}]}, "items.0.language"),
        (
            # a language's name is read as its code ("french": fr), as the imports read it
            {"items": [{**TICKET, "contact": {"id": "c-1", "language": "klingon"}}]},
            "items.0.contact.language",
        ),
        ({"items": [TICKET] * 1001}, "items"),
        # stored, these made every page holding the item fail (500) for good
        ({"items": [{**TICKET, "metadata": {"k": "\ud800"}}]}, "items.0.metadata"),
        ({"items": [{**TICKET, "metadata": nested(12)}]}, "items.0.metadata"),
        (
            {"items": [{**TICKET, "account": {"id": "a", "attributes": nested(12)}}]},
            "items.0.account.attributes",
        ),  # fmt: skip
        ({"items": [{**TICKET, "created_at": "0001-01-01T05:00:00+06:00"}]}, "items.0.created_at"),
    ]
    for body, field in cases:
        # as a client's JSON encoder writes it: a lone surrogate escaped ("\\ud800")
        response = store_client.post("/v1/feedback", content=json.dumps(body),
                                     headers={"Content-Type": "application/json"})  # fmt: skip
        assert response.status_code == 422, body
        assert field in [e["field"] for e in response.json()["errors"]], response.json()
    assert stored_count(store_client) == 0
    assert store_client.get("/v1/feedback/999").status_code == 404


def test_list_filters_and_pages(store_client: TestClient) -> None:
    items = [{**FRENCH, "external_id": f"r-{n}", "created_at": f"2026-11-{n + 1:02d}T10:00:00Z"}
             for n in range(5)]  # fmt: skip
    store_client.post("/v1/feedback", json={"items": [TICKET, *items]})
    page = store_client.get("/v1/feedback", params={"source": "app_store", "limit": 2}).json()
    assert len(page["items"]) == 2 and page["next_cursor"] is not None
    rest = store_client.get(
        "/v1/feedback", params={"source": "app_store", "limit": 10, "cursor": page["next_cursor"]}
    ).json()
    assert len(rest["items"]) == 3 and rest["next_cursor"] is None
    assert (
        store_client.get("/v1/feedback", params={"segment": "enterprise"}).json()["items"][0][
            "external_id"
        ]
        == "zd-1"
    )
    window = {"created_from": "2026-11-02T00:00:00Z", "created_to": "2026-11-03T23:00:00Z"}
    assert len(store_client.get("/v1/feedback", params=window).json()["items"]) == 2
    assert store_client.get("/v1/feedback", params={"language": "de"}).json()["items"] == []
    # what people type: days (the last one counted whole) and times without a zone (in
    # BOUCLE_TIMEZONE, UTC here)
    for typed in ({"created_from": "2026-11-02", "created_to": "2026-11-03"},
                  {"created_from": "2026-11-02T00:00:00", "created_to": "2026-11-03T23:00:00"}):  # fmt: skip
        assert len(store_client.get("/v1/feedback", params=typed).json()["items"]) == 2, typed
    bad = store_client.get("/v1/feedback", params={"created_from": "yesterday"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"].endswith("created_from")


def test_a_source_too_long_once_folded_is_a_422_not_a_500(store_client: TestClient) -> None:
    """100 × "ß" is a valid source, but its key ("ss" × 100) overflowed PostgreSQL's column."""
    item = {"source": "ß" * 100, "external_id": "1", "text": "The export crashes."}
    answer = store_client.post("/v1/feedback", json={"items": [item]})
    assert answer.status_code == 422 and "shorten it" in answer.json()["message"], answer.text
    ok = {**item, "source": "ß" * 60}
    assert store_client.post("/v1/feedback", json={"items": [ok]}).status_code == 200


def test_accounts_patch_keeps_unsent_fields_put_replaces(store_client: TestClient) -> None:
    assert (
        store_client.put("/v1/accounts/acme", json={"name": "Acme", "arr": 5000}).status_code == 200
    )
    account = store_client.patch("/v1/accounts/acme", json={"segment": "smb"}).json()
    assert (account["name"], account["arr"], account["segment"]) == ("Acme", 5000, "smb")
    account = store_client.put("/v1/accounts/acme", json={"segment": "smb"}).json()
    assert (account["name"], account["arr"], account["segment"]) == (None, None, "smb")
    assert store_client.put("/v1/accounts/acme", json={"arr": -1}).status_code == 422
    assert store_client.patch("/v1/accounts/acme", json={"arr": -1}).status_code == 422
    assert store_client.get("/v1/accounts/nobody").status_code == 404


def test_out_of_range_numbers_in_queries_are_422s(client: TestClient) -> None:
    """A 20-digit cursor or theme id overflowed SQLite's integers: a 500."""
    for url in ("/v1/feedback?cursor=99999999999999999999", "/v1/feedback?cursor=0",
                "/v1/needs?theme=99999999999999999999"):  # fmt: skip
        answer = client.get(url)
        assert answer.status_code == 422, (url, answer.text)
        assert answer.json()["errors"][0]["field"] in ("?cursor", "?theme")


def test_a_one_value_parameter_given_twice_is_refused(client: TestClient) -> None:
    """?status=open&status=planned answered the planned needs only, as if nothing else was
    asked; list parameters still take repeats."""
    twice = client.get("/v1/needs", params=[("status", "open"), ("status", "planned")])
    assert twice.status_code == 422
    assert twice.json()["errors"] == [
        {"field": "?status", "message": "given more than once; this parameter takes one value"}
    ]
    assert client.get("/v1/feedback", params=[("source", "a"), ("source", "b")]).status_code == 200


def test_source_and_segment_filters_ignore_case(store_client: TestClient) -> None:
    """ "Zendesk" and "Enterprise" answered nothing where "zendesk" and "enterprise" are stored."""
    client = store_client
    item = {"source": "zendesk", "external_id": "z-1", "text": "The export crashes on big files.",
            "account": {"id": "acme", "segment": "enterprise"}}  # fmt: skip
    client.post("/v1/feedback", json={"items": [item]})
    listed = client.get("/v1/feedback", params={"source": "Zendesk", "segment": "ENTERPRISE"})
    assert [row["external_id"] for row in listed.json()["items"]] == ["z-1"]
    body = {"query": "export crash", "filters": {"source": "ZenDesk", "segment": "Enterprise"}}
    assert len(client.post("/v1/search", json=body).json()["items"]) == 1
    exported = client.get("/v1/insights/export", params={"source": "ZENDESK", "format": "jsonl"})
    assert exported.text.count("\n") == 1
    assert client.get("/v1/feedback", params={"source": "intercom"}).json()["items"] == []


def test_sources_are_one_whatever_their_case_beyond_ascii(store_client: TestClient) -> None:
    """Ingest tells items apart by source_key (casefold), but the filters matched spellings with
    SQL's lower(): "équipe-support" found nothing stored as "Équipe-Support" (SQLite's lower() is
    ASCII only), "STRASSE" nothing of "straße" (on either database), nor VoC "NPS_Survey"."""
    client = store_client
    export = {
        "text": "The export crashes on big files.",
        "account": {"id": "acme", "segment": "Übersee"},
    }
    login = {"text": "Login is slow every morning."}
    answer = {"text": "Great support.", "score": 9}
    sent = client.post("/v1/feedback", json={"items": [
        {"source": "Équipe-Support", "external_id": "e-1", **export},
        {"source": "straße", "external_id": "s-1", **login},
        {"source": "NPS_Survey", "external_id": "n-1", **answer},
    ]})  # fmt: skip
    assert [item["status"] for item in sent.json()["items"]] == ["created"] * 3
    again = client.post("/v1/feedback", json={"items": [
        {"source": "équipe-support", "external_id": "e-1", **export},
        {"source": "STRASSE", "external_id": "s-1", **login},
    ]})  # fmt: skip
    assert [item["status"] for item in again.json()["items"]] == ["duplicate"] * 2

    for source, external_id in (("équipe-support", "e-1"), ("ÉQUIPE-SUPPORT", "e-1"),
                                ("STRASSE", "s-1"), ("Straße", "s-1")):  # fmt: skip
        listed = client.get("/v1/feedback", params={"source": source}).json()["items"]
        assert [row["external_id"] for row in listed] == [external_id], source
        lines = client.get("/v1/feedback/export", params={"source": source, "format": "jsonl"})
        assert [json.loads(line)["external_id"] for line in lines.text.splitlines()] == [
            external_id
        ], source
    body = {"query": "export crash", "filters": {"source": "ÉQUIPE-SUPPORT", "segment": "ÜBERSEE"}}
    assert len(client.post("/v1/search", json=body).json()["items"]) == 1
    insights = client.get(
        "/v1/insights/export", params={"source": "équipe-support", "format": "jsonl"}
    )
    assert insights.text.count("\n") == 1

    # VoC reads its survey's source by the same key, and ingest checks its scale by it
    assert client.get("/v1/voc/nps").json()["overall"]["responses"] == 1
    assert client.get("/v1/voc/nps", params={"source": "nps_SURVEY"}).json()["overall"][
        "responses"] == 1  # fmt: skip
    off = client.post("/v1/feedback", json={"items": [
        {"source": "NPS_SURVEY", "external_id": "n-2", **answer, "score": 11}]})  # fmt: skip
    assert off.status_code == 422 and "outside the NPS scale" in off.text


def test_a_sync_reads_what_was_stored_since_its_last_cursor(store_client: TestClient) -> None:
    """The list paged only backwards: a client could not ask for what is new since last time."""
    client = store_client

    def send(*ids: str) -> None:
        items = [{"source": "desk", "external_id": i, "text": f"Ticket {i} text."} for i in ids]
        client.post("/v1/feedback", json={"items": items})

    def page(cursor: int | None = None) -> tuple[list[str], int | None]:
        params = {"order": "oldest", "limit": 2, **({"cursor": cursor} if cursor else {})}
        body = client.get("/v1/feedback", params=params).json()
        return [row["external_id"] for row in body["items"]], body["next_cursor"]

    send("a", "b", "c")
    first, cursor = page()
    second, cursor = page(cursor)
    assert (first, second) == (["a", "b"], ["c"])
    send("d")
    assert page(cursor)[0] == ["d"]
    last = page(cursor)[1]
    # nothing new: the same cursor back (it answered null, and a poller storing it started over)
    assert page(last) == ([], last)
    send("e")
    assert page(last)[0] == ["e"]  # polling resumed where it was


def test_a_source_in_another_case_is_the_same_item(store_client: TestClient) -> None:
    """An item re-sent with source "Helpdesk" after "helpdesk" was stored again (601, 602), while
    reads match a source whatever its case; an item erased is not brought back in another case."""
    client = store_client
    first = client.post("/v1/feedback", json={"items": [{**FRENCH, "source": "helpdesk"}]})
    first_id = first.json()["items"][0]["id"]
    twins = [{**FRENCH, "source": "Helpdesk"}, {**FRENCH, "source": "HELPDESK"}]
    again = [client.post("/v1/feedback", json={"items": [twin]}).json()["items"][0]
             for twin in twins]  # fmt: skip
    assert [(item["status"], item["id"]) for item in again] == [("duplicate", first_id)] * 2
    assert stored_count(client) == 1
    both = client.post("/v1/feedback", json={"items": [{**TICKET, "source": "Desk"},
                                                        {**TICKET, "source": "desk"}]})  # fmt: skip
    assert (
        both.status_code == 422 and "source 'Desk' external_id 'zd-1' (items 0 and 1)" in both.text
    )
    assert client.delete(f"/v1/feedback/{first_id}").status_code == 200
    resent = client.post("/v1/feedback", json={"items": [twins[0]]}).json()["items"][0]
    assert (resent["status"], resent["id"]) == ("forgotten", None)


def test_an_integer_external_id_is_stored_as_its_digits(store_client: TestClient) -> None:
    """Zendesk and Freshdesk number their tickets: {"external_id": 9003} was refused."""
    client = store_client
    sent = client.post("/v1/feedback", json={"items": [{**FRENCH, "external_id": 9003}]})
    assert sent.status_code == 200, sent.text
    item = sent.json()["items"][0]
    assert (item["status"], item["external_id"]) == ("created", "9003")
    again = client.post("/v1/feedback", json={"items": [{**FRENCH, "external_id": "9003"}]})
    assert (again.json()["items"][0]["status"], again.json()["items"][0]["id"]) == (
        "duplicate", item["id"])  # fmt: skip
    huge = client.post("/v1/feedback", json={"items": [{**TICKET, "external_id": 2**70}]})
    assert huge.json()["items"][0]["external_id"] == str(2**70)
    for wrong in (True, 9003.0, 1e3, 9003.5):
        refused = client.post("/v1/feedback", json={"items": [{**FRENCH, "external_id": wrong}]})
        assert refused.status_code == 422, wrong
        assert "is not an id: send the item's id as a string or an integer" in refused.json()[
            "message"]  # fmt: skip
    assert stored_count(client) == 2


def test_an_external_id_with_edge_spaces_is_refused(store_client: TestClient) -> None:
    """ " 9003" was stored beside "9003" as a second item, by an integrator's padded template."""
    client = store_client
    for padded in (" 9003", "9003\t", "   "):
        refused = client.post("/v1/feedback", json={"items": [{**FRENCH, "external_id": padded}]})
        assert refused.status_code == 422, padded
        assert refused.json()["errors"][0]["field"] == "items.0.external_id", refused.json()
    said = client.post("/v1/feedback", json={"items": [{**FRENCH, "external_id": " 9003"}]})
    assert "send it without them ('9003')" in said.json()["message"], said.json()
    assert stored_count(client) == 0


def test_a_bad_survey_score_is_its_only_error(client: TestClient) -> None:
    """An NPS answer scored 11 with no text got a second, false error: "text is empty ...
    (only a survey answer with a score may have none)", though it had a score."""
    answer = client.post("/v1/feedback", json={"items": [
        {"source": "nps_survey", "external_id": "n1", "score": 11},
        {"source": "zendesk", "external_id": "z1"},
    ]})  # fmt: skip
    assert answer.status_code == 422
    assert [(e["field"], e["message"].split(":")[0]) for e in answer.json()["errors"]] == [
        ("items.0.score", "11 is outside the NPS scale, 0 to 10"),
        ("items.1.text", "text is required"),  # left out: not "empty"
    ]  # fmt: skip
    assert stored_count(client) == 0


def test_a_422_message_names_every_bad_item(client: TestClient) -> None:
    """The sixth bad item (a float id) was in `errors` but not in `message`, cut at five."""
    blank = [{**FRENCH, "external_id": f"r-{n}", "text": " "} for n in range(5)]
    response = client.post("/v1/feedback", json={"items": [*blank, {**FRENCH, "external_id": 1.5}]})
    assert response.status_code == 422
    message = response.json()["message"]
    fields = [f"items.{n}.text" for n in range(5)]
    named = [f"{field} (external_id 'r-{n}')" for n, field in enumerate(fields)]
    assert message.startswith(", ".join(named) + ": text is empty"), message  # said once
    assert "; items.5.external_id: 1.5 is not an id" in message
    assert [e["field"] for e in response.json()["errors"]] == [*fields, "items.5.external_id"]


NAMED = f"(external_id {FRENCH['external_id']!r})"  # a batch's bad item is named by its id too


def test_an_item_refused_as_a_whole_is_named_by_its_id_too(client: TestClient) -> None:
    """A check of the whole item (its account named two ways) answered `items.0: ...` without
    the item's external id, which every other bad batch item gets."""
    bad = {**FRENCH, "external_id": "k1", "account": {"id": "acme"}, "account_id": "globex"}
    response = client.post("/v1/feedback", json={"items": [bad]})
    assert response.status_code == 422
    assert response.json()["message"] == (
        "items.0 (external_id 'k1'): account.id and account_id differ: give one of them"
    )
    assert response.json()["errors"][0]["item"] == "external_id 'k1'"
    assert stored_count(client) == 0


def test_a_created_at_that_cannot_be_read_says_what_to_send(client: TestClient) -> None:
    """pydantic's "Input should have timezone info" for a day alone, "input is too short" for a
    word."""
    said = {}
    for created_at in ("2026-11-20", "2026-11-20T10:00:00", "yesterday"):
        item = {**FRENCH, "created_at": created_at}
        response = client.post("/v1/feedback", json={"items": [item]})
        assert response.status_code == 422
        said[created_at] = response.json()["message"]
    example = "e.g. 2026-11-20T10:00:00Z or 2026-11-20T11:00:00+01:00"
    assert said["2026-11-20"] == (
        f"items.0.created_at {NAMED}: a day alone is not enough: needs a time and a time zone, {example}"
    )
    assert (
        said["2026-11-20T10:00:00"] == f"items.0.created_at {NAMED}: needs a time zone, {example}"
    )
    assert said["yesterday"] == (
        f"items.0.created_at {NAMED}: is not a date and time: send ISO 8601 with a time zone, {example}"
    )


def test_a_created_at_given_as_a_number_is_refused_not_read_as_unix_time(client) -> None:
    """1700000000 was stored as 2023-11-14T22:13:20Z without a word; milliseconds, or a day
    typed 20261120, became another date. The API takes ISO 8601 only (README), so a number,
    or a string of digits, is a 422 that says what to send; nothing is stored."""
    for created_at in (1700000000, 1700000000123, 1.7e9, "1700000000", " 20261120 "):
        item = {**FRENCH, "created_at": created_at}
        response = client.post("/v1/feedback", json={"items": [item]})
        assert response.status_code == 422, (created_at, response.text)
        assert response.json()["message"] == (
            f"items.0.created_at {NAMED}: use an ISO 8601 date-time (e.g. 2026-03-01T10:00:00Z), "
            "not a number"
        )
    assert stored_count(client) == 0
    taken = client.post(
        "/v1/feedback", json={"items": [{**FRENCH, "created_at": "2023-11-14T22:13:20Z"}]}
    )
    assert taken.status_code == 200, taken.text


def test_a_score_is_a_json_number_not_text(client: TestClient) -> None:
    """ "5" was read as 5 while text 42 is refused: numbers are strict as strings are."""
    refused = client.post("/v1/feedback", json={"items": [{**FRENCH, "score": "5"}]})
    assert refused.status_code == 422
    assert refused.json()["message"] == (
        f"items.0.score {NAMED}: must be a number (got a string): send a JSON number, 5 "
        "without quotes"
    )
    assert client.post("/v1/feedback", json={"items": [{**FRENCH, "score": 5}]}).status_code == 200


def test_the_ingest_answer_has_the_message_level_analysis_of_tag(store_client) -> None:
    """A help desk called /v1/tag and /v1/feedback for each ticket, analysing it twice, since
    the ingest answer had per-insight fields only: each item now has the message's language,
    sentiment, intents and urgency as /v1/tag gives them, a duplicate too."""
    fields = ("language", "sentiment", "intents", "urgency")
    tagged = store_client.post("/v1/tag", json={"text": TICKET["text"]}).json()
    created = store_client.post("/v1/feedback", json={"items": [TICKET]}).json()["items"][0]
    assert created["status"] == "created"
    assert {f: created[f] for f in fields} == {f: tagged[f] for f in fields}
    assert created["urgency"]["level"] and created["intents"]
    again = store_client.post("/v1/feedback", json={"items": [TICKET]}).json()["items"][0]
    assert again["status"] == "duplicate"
    assert {f: again[f] for f in fields} == {f: tagged[f] for f in fields}


def test_null_metadata_is_no_metadata(store_client: TestClient) -> None:
    """`metadata: null` was a 422 ("must be an object") while null is taken for every other
    optional field: a client serialising an unset field writes null."""
    client = store_client
    sent = client.post("/v1/feedback", json={"items": [{**FRENCH, "metadata": None}]})
    assert sent.status_code == 200, sent.text
    item = sent.json()["items"][0]
    assert client.get(f"/v1/feedback/{item['id']}").json()["metadata"] == {}
    again = client.post("/v1/feedback", json={"items": [{**FRENCH, "metadata": {}}]})
    assert (again.json()["items"][0]["status"], again.json()["items"][0]["changed"]) == (
        "duplicate", False)  # fmt: skip
    edit = {"text": FRENCH["text"] + " Merci.", "metadata": None}
    edited = client.put(f"/v1/feedback/{item['id']}", json=edit)
    assert edited.status_code == 200 and edited.json()["status"] == "updated", edited.text
    assert client.get(f"/v1/feedback/{item['id']}").json()["metadata"] == {}
    schema = client.get("/openapi.json").json()["components"]["schemas"]["FeedbackIn"]
    assert {"type": "null"} in schema["properties"]["metadata"]["anyOf"]
