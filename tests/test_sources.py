"""GET /v1/feedback/sources: the stored sources with their message counts, what the web page
suggests in its source filter."""

from fastapi.testclient import TestClient

from api.app import create_app


def item(source: str, external_id: str) -> dict:
    return {"source": source, "external_id": external_id, "text": "The export is slow."}


def test_sources_are_listed_with_their_counts(store_client: TestClient) -> None:
    assert store_client.get("/v1/feedback/sources").json() == {"items": []}
    items = [item("zendesk", "z1"), item("Zendesk", "z2"), item("zendesk", "z3"),
             item("app_store", "a1"), item("intercom", "i1")]  # fmt: skip
    assert store_client.post("/v1/feedback", json={"items": items}).status_code == 200
    listed = store_client.get("/v1/feedback/sources").json()["items"]
    # "Zendesk" is the same source as "zendesk", as ingest and the filters read it
    assert [(s["source"].casefold(), s["feedback"]) for s in listed] == [
        ("zendesk", 3), ("app_store", 1), ("intercom", 1)
    ]  # fmt: skip
    # the route before /v1/feedback/{id} still reads ids
    assert store_client.get("/v1/feedback/1").json()["source"] == "zendesk"


def test_each_source_is_named_once_as_most_of_its_messages_spell_it(store_client) -> None:
    """ "Zendesk" once and "zendesk" twice were listed as "Zendesk" (the first along the index),
    and a filter matching no source listed both spellings as two sources."""
    items = [item("Zendesk", "z1"), item("zendesk", "z2"), item("zendesk", "z3"),
             item("app_store", "a1")]  # fmt: skip
    assert store_client.post("/v1/feedback", json={"items": items}).status_code == 200
    assert store_client.get("/v1/feedback/sources").json()["items"] == [
        {"source": "zendesk", "feedback": 3}, {"source": "app_store", "feedback": 1}]  # fmt: skip
    page = store_client.get("/v1/feedback", params={"source": "zendsk"}).json()
    assert page["warnings"] == [
        "no feedback has source 'zendsk'; sources stored: zendesk, app_store"
    ]
    # a segment spelt two ways is one too
    for account, segment in (("a1", "Enterprise"), ("a2", "enterprise"), ("a3", "enterprise")):
        store_client.put(f"/v1/accounts/{account}", json={"segment": segment})
    page = store_client.get("/v1/feedback", params={"segment": "entreprise"}).json()
    assert page["warnings"] == ["no account has segment 'entreprise'; segments stored: enterprise"]


def test_a_source_typo_lists_the_closest_sources_first_then_the_most_used(store_client) -> None:
    """The first 10 sources in alphabetical order were listed: ?source=zendsk hid zendesk."""
    names = [f"app_{letter}" for letter in "abcdefghijk"] + ["zendesk"]
    items = [item(name, f"{name}-{n}") for name in names for n in range(1 + (name == "app_k"))]
    assert store_client.post("/v1/feedback", json={"items": items}).status_code == 200
    page = store_client.get("/v1/feedback", params={"source": "zendsk"}).json()
    assert page["warnings"] == [
        "no feedback has source 'zendsk'; sources stored: zendesk, app_k, app_a, app_b, app_c, "
        "app_d, app_e, app_f, app_g, app_h, ..."
    ]


def test_sources_need_the_read_scope(settings, tagger) -> None:
    settings = settings.model_copy(
        update={"api_keys": {"tagger-key-0123456": ["tag"], "reader-key-0123456": ["read"]}}
    )
    with TestClient(create_app(settings, tagger)) as client:
        refused = client.get("/v1/feedback/sources", headers={"X-API-Key": "tagger-key-0123456"})
        assert refused.status_code == 403 and refused.json()["message"]
        read = client.get("/v1/feedback/sources", headers={"X-API-Key": "reader-key-0123456"})
        assert read.status_code == 200 and read.json() == {"items": []}


def plan_of(session, statement) -> list[str]:
    """The store's plan for `statement`; on PostgreSQL with sequential scans priced out, since on
    a tiny table it would rightly prefer one: what is asked is whether an index path exists."""
    from sqlalchemy import text

    dialect = session.bind.dialect
    sql = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    if dialect.name == "sqlite":
        return [row[-1] for row in session.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
    session.execute(text("SET LOCAL enable_seqscan = off"))
    return [row[0] for row in session.execute(text(f"EXPLAIN {sql}"))]


def reads_every_row(plan: list[str], table: str) -> bool:
    return any(line.strip() == f"SCAN {table}" or f"Seq Scan on {table}" in line for line in plan)


def test_sources_are_counted_and_spelt_along_indexes(workspace) -> None:
    """The web page lists the sources at every load, and a source filter reads their spellings:
    on PostgreSQL the spellings read the whole feedback table once per source (0014 dropped the
    only index leading with source)."""
    from api.search.service import each_value
    from api.search.spellings import spellings_counted
    from api.storage.tables import Account, Feedback

    queries = {
        "the sources' spellings counted": spellings_counted(Feedback.source),
        "the sources' spellings": each_value(Feedback.source).select(),
        "the segments' spellings": each_value(Account.segment).select(),
    }
    with workspace.db.session() as session:
        for name, statement in queries.items():
            plan = plan_of(session, statement)
            assert not reads_every_row(plan, "feedback"), (name, plan)
            assert not reads_every_row(plan, "accounts"), (name, plan)
            assert any("INDEX" in line.upper() for line in plan), (name, plan)
