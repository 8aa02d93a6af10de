"""PUT /v1/feedback/{id}: a ticket edited in its help desk is stored and analysed again, on
SQLite and PostgreSQL; its old insights go with what hangs on them. A re-send with POST still
stores nothing (`duplicate`, `changed: true`)."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.app import create_app
from api.cli import main
from api.feedback.bulk import import_feedback
from api.feedback.edits import replace_message
from api.feedback.importer import Mapping
from api.feedback.schemas import FeedbackIn
from api.feedback.service import accept, analyse, pending_work, save_analyses
from api.ops.backup import backup
from api.storage.tables import Feedback, Insight, NeedLink
from api.storage.webhook_tables import WebhookDelivery
from api.webhooks.delivery import deliver_webhooks
from api.workspace import INSIGHTS
from tests.test_ingest_key_limits import ADMIN as ADMIN_KEY
from tests.test_ingest_key_limits import INGEST, KEYS, READ, WRITE_READ
from tests.test_loop import Receiver
from tests.test_privacy import ANN, ingest, item, workspace_of
from tests.test_privacy_remote import ADMIN, URL, served  # noqa: F401 (a fixture)
from tests.test_webhook_subscriptions import register

OLD = "Login fails with error 500 since Monday."
NEW = "Login works again, thanks. But the invoices page takes a minute to load."


def stored_insights(client: TestClient) -> tuple[int, int, int]:
    """Insights and need links in SQL, and insight points in the vector store."""
    ws = workspace_of(client)
    with ws.db.session() as session:
        insights = session.scalar(select(func.count()).select_from(Insight))
        links = session.scalar(select(func.count()).select_from(NeedLink))
    return insights, links, ws.vectors.count(INSIGHTS)


def test_an_edit_is_analysed_again_and_replaces_what_the_old_text_made(store_client) -> None:
    """An edited ticket came back `duplicate` with `changed: true` and kept its first analysis:
    its typo fix or added details were never analysed. PUT stores the new text, analyses it and
    takes the old insights' links, vectors and unsent webhook away in the same step."""
    client = store_client
    register(client, "https://desk.acme.com/hooks/boucle")
    (first,) = ingest(client, item("t-1", OLD, ANN, score=2, metadata={"priority": "high"}))
    old_ids = {i["id"] for i in first["insights"]}
    need = client.post("/v1/needs", json={"title": "Login errors", "insight_ids": sorted(old_ids)})
    need_id = need.json()["id"]
    assert client.get(f"/v1/needs/{need_id}").json()["evidence_count"] == 1
    written = client.get(f"/v1/feedback/{first['id']}").json()["created_at"]

    answer = client.put(f"/v1/feedback/{first['id']}", json={"text": NEW, "score": 4})
    assert answer.status_code == 200, answer.text
    edited = answer.json()
    assert (edited["id"], edited["status"], edited["analysis"]) == (first["id"], "updated", "done")
    assert edited["insights"] and not old_ids & {i["id"] for i in edited["insights"]}
    stored = client.get(f"/v1/feedback/{first['id']}").json()
    assert "invoices page" in stored["text"] and "500" not in stored["text"]
    assert stored["score"] == 4 and stored["metadata"] == {}  # as sent: left out is none
    assert stored["contact_id"] == "c-ann" and stored["created_at"] == written
    # the need's evidence went with the old insight; SQL and the vector store agree
    assert client.get(f"/v1/needs/{need_id}").json()["evidence_count"] == 0
    insights, links, points = stored_insights(client)
    assert insights == points == len(edited["insights"]) and links == 0
    # the first analysis's delivery (not sent yet) went; the new one has a key of its own
    [delivery] = deliveries_of(client)
    assert delivery.idempotency_key.endswith(f"feedback:{first['id']}:analysed:1")
    assert "invoices" in str(delivery.payload) and "500" not in str(delivery.payload)
    [event] = client.get("/v1/audit", params={"action": "feedback.edit"}).json()["items"]
    assert event["entity_id"] == str(first["id"]) and event["detail"]["insights"] == len(old_ids)
    assert "invoices" not in str(event) and "500" not in str(event)

    # re-sending is still stored once: the old version is now the one that differs
    before = item("t-1", OLD, ANN, score=2, metadata={"priority": "high"})
    (again,) = ingest(client, before)
    assert (again["status"], again["changed"]) == ("duplicate", True)
    (again,) = ingest(client, item("t-1", NEW, ANN, score=4))
    assert (again["status"], again["changed"], again["id"]) == ("duplicate", False, first["id"])
    assert len(client.get("/v1/feedback").json()["items"]) == 1


def deliveries_of(client: TestClient) -> list[WebhookDelivery]:
    with workspace_of(client).db.session() as session:
        return list(session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def test_an_edit_leaves_the_old_words_in_no_webhook_delivery(store_client, tmp_path) -> None:
    """The outbox kept the text an edit replaced (a sent delivery, and a pending one), backups
    copied it, and the trail said `webhook_deliveries: 0`. A pending delivery now carries the
    new text, a sent one keeps its row with its insights' words written "(edited)"."""
    client = store_client
    ws = workspace_of(client)
    up, down = Receiver(), Receiver(fail_first=100)
    try:
        register(client, up.url)
        register(client, down.url)
        (first,) = ingest(client, item("t-1", OLD, ANN))
        deliver_webhooks(ws)  # one sent, one failed once and still pending
        assert sorted(d.status for d in deliveries_of(client)) == ["pending", "sent"]
        edited = client.put(f"/v1/feedback/{first['id']}", json={"text": NEW})
        assert edited.status_code == 200, edited.text
    finally:
        up.close()
        down.close()
    rows = deliveries_of(client)
    # the old words' "error 500", not a bare "500": a timestamp's microseconds may hold one
    assert all("error 500" not in str(row.payload) for row in rows), [r.payload for r in rows]
    [sent] = [row for row in rows if row.status == "sent"]
    assert {i["text"] for i in sent.payload["insights"]} == {"(edited)"}
    pending = [row for row in rows if row.status == "pending"]
    assert len(pending) == 2 and all("invoices" in str(row.payload) for row in pending)
    [event] = client.get("/v1/audit", params={"action": "feedback.edit"}).json()["items"]
    assert event["detail"]["webhook_deliveries"] == 2  # the pending one replaced, the sent one
    backup(ws.db, tmp_path / "backup")
    copied = (tmp_path / "backup" / "webhook_deliveries.jsonl").read_text()
    assert "invoices" in copied and "error 500" not in copied


def test_an_edit_to_what_is_stored_changes_nothing(store_client: TestClient) -> None:
    client = store_client
    (first,) = ingest(client, item("t-1", OLD, score=2, metadata={"priority": "high"}))
    same = {"text": "  " + OLD, "score": 2, "metadata": {"priority": "high"}}
    answer = client.put(f"/v1/feedback/{first['id']}", json=same).json()
    assert (answer["status"], answer["changed"]) == ("duplicate", False)
    assert [i["id"] for i in answer["insights"]] == [i["id"] for i in first["insights"]]
    assert client.get("/v1/audit", params={"action": "feedback.edit"}).json()["items"] == []
    # the language given is part of the message: naming it is an edit
    relabelled = client.put(f"/v1/feedback/{first['id']}", json={**same, "language": "en"})
    assert relabelled.json()["status"] == "updated"


def test_bad_edits_are_refused_and_change_nothing(client: TestClient) -> None:
    first, survey = ingest(client, item("t-1", OLD), item("nps-1", "Great.", source="nps_survey"))
    url = f"/v1/feedback/{first['id']}"
    missing = client.put("/v1/feedback/999", json={"text": NEW})
    assert missing.status_code == 404 and "no feedback with id 999" in missing.json()["message"]
    empty = client.put(url, json={"text": "  "})
    assert empty.status_code == 422 and "text is empty" in empty.json()["message"]
    moved = client.put(url, json={"text": NEW, "source": "jira"})
    assert moved.status_code == 422 and "source" in moved.json()["message"]
    # the key an edit cannot move, said as such: not pydantic's "extra inputs" nor "unknown field"
    for field in ("source", "external_id"):
        keyed = client.put(url, json={"text": NEW, field: "t-2"}).json()
        said = keyed["errors"]
        assert said[0]["field"] == field, said
        assert said[0]["message"].startswith(f"{field} cannot be changed by an edit: source and "
                                             "external_id identify the item"), said  # fmt: skip
        assert "by its id in the URL" in said[0]["message"]
    as_text = client.put(url, json={"text": NEW, "score": "5"})
    assert as_text.status_code == 422 and "score" in as_text.json()["message"]
    # checked as POST checks it: the stored source says the scale
    off_scale = client.put(f"/v1/feedback/{survey['id']}", json={"text": "Great.", "score": 11})
    assert off_scale.status_code == 422 and "outside the NPS scale" in off_scale.json()["message"]
    assert client.get(url).json()["text"] == OLD
    client.delete(url)
    assert client.put(url, json={"text": NEW}).status_code == 404


def test_an_edit_without_text_says_it_is_required(client: TestClient) -> None:
    """PUT {} answered "text is empty once whitespace, markup ... are removed", as if a blank
    text had been sent; and an NPS score of 11 with no text got a second, false error
    "text is empty ... (only a survey answer with a score may have none)"."""
    first, survey = ingest(client, item("t-1", OLD), item("nps-1", "Great.", source="nps_survey"))
    url, survey_url = f"/v1/feedback/{first['id']}", f"/v1/feedback/{survey['id']}"
    for body in ({}, {"metadata": {"plan": "pro"}}):
        refused = client.put(url, json=body)
        assert refused.status_code == 422
        assert refused.json()["errors"] == [{"field": "text", "message": (
            "text is required: send the feedback's words (only a survey answer with a score "
            "may leave them out)")}]  # fmt: skip
    off_scale = client.put(survey_url, json={"score": 11})
    assert [e["field"] for e in off_scale.json()["errors"]] == ["score"], off_scale.json()
    assert client.get(url).json()["text"] == OLD
    # a survey answer with a score may leave its words out
    scored = client.put(survey_url, json={"score": 9})
    assert (scored.status_code, scored.json()["status"]) == (200, "updated"), scored.text
    assert client.get(survey_url).json()["text"] == ""


def test_und_given_as_language_is_detected(client: TestClient) -> None:
    """ "und" was refused on POST and PUT /v1/feedback (422, not ISO 639-1), though Boucle
    answers it itself and its filters take it: it is now "not known", detected as for null."""
    french = "L'export CSV plante à chaque fois depuis la mise à jour, c'est vraiment pénible."
    sent = {**item("t-1", french), "language": "und"}
    answer = client.post("/v1/feedback", json={"items": [sent]})
    assert answer.status_code == 200, answer.text
    first = answer.json()["items"][0]
    assert first["language"] == "fr"
    edited = client.put(f"/v1/feedback/{first['id']}", json={"text": NEW, "language": "und"})
    assert (edited.status_code, edited.json()["language"]) == (200, "en"), edited.text


def test_an_edit_whose_analysis_fails_is_stored_pending(client: TestClient, monkeypatch) -> None:
    """The edit is committed before the answer: an analysis that fails leaves the new text
    pending for the worker, never the old analysis."""
    (first,) = ingest(client, item("t-1", OLD))
    ws = workspace_of(client)

    def broken(*args, **kwargs):
        raise RuntimeError("model crashed")

    with monkeypatch.context() as patched:
        patched.setattr(ws.tagger, "analyze_many", broken)
        answer = client.put(f"/v1/feedback/{first['id']}", json={"text": NEW})
    assert answer.status_code == 200, answer.text
    assert (answer.json()["status"], answer.json()["analysis"]) == ("updated", "pending")
    stored = client.get(f"/v1/feedback/{first['id']}").json()
    assert (stored["status"], stored["insights"], stored["attempts"]) == ("pending", [], 1)
    assert stored_insights(client) == (0, 0, 0)
    analyse(ws, [first["id"]])  # the worker's retry
    assert "invoices page" in client.get(f"/v1/feedback/{first['id']}").json()["text"]


def test_an_analysis_of_the_text_before_an_edit_is_not_stored(workspace) -> None:
    """A worker analysing a pending item while it is edited would store the old text's
    analysis over the edit: it is dropped, and the new text analysed on its own."""
    ticket = FeedbackIn(source="desk", external_id="d-1", text=OLD)
    [accepted] = accept(workspace, [ticket])
    work = pending_work(workspace, [accepted.id])
    analyses = workspace.tagger.analyze_many(work.texts, work.languages, names=work.names)
    with workspace.db.session() as session:  # the edit's transaction, meanwhile
        replace_message(session.get(Feedback, accepted.id), ticket.model_copy(update={"text": NEW}))
    assert save_analyses(workspace, work.ids, analyses, work.texts) == set()
    with workspace.db.session() as session:
        assert session.get(Feedback, accepted.id).status == "pending"
    assert analyse(workspace, [accepted.id]) == {accepted.id}
    with workspace.db.session() as session:
        assert "invoices page" in session.get(Feedback, accepted.id).text


@pytest.fixture
def keyed(tmp_path, tagger):
    from api.settings import Settings

    settings = Settings(data_dir=tmp_path / "data", worker=False, api_keys=KEYS)
    with TestClient(create_app(settings, tagger)) as client:
        yield client


def test_an_edit_needs_ingest_and_read_so_a_write_only_key_probes_nothing(keyed) -> None:
    """A write-only key's PUT {"text": "probe"} by id answered 404 or 200, the 200 with the
    stored source and external id, and replaced the text and wiped the metadata for good. It
    is a 403 now, whether the id is stored or not, and nothing changes."""
    ticket = item("t-1", OLD, metadata={"priority": "high"})
    answer = keyed.post("/v1/feedback", json={"items": [ticket]}, headers=INGEST)
    url = f"/v1/feedback/{answer.json()['items'][0]['id']}"
    for target in (url, "/v1/feedback/999"):
        probe = keyed.put(target, json={"text": "probe"}, headers=INGEST)
        assert probe.status_code == 403, probe.text
        assert "lacks the 'read' scope" in probe.json()["message"]
        assert "t-1" not in probe.text
    malformed = keyed.put(url, content=b"{", headers={**INGEST, "Content-Type": "application/json"})
    assert malformed.status_code == 403  # not a 422 telling it the route would take a body
    stored = keyed.get(url, headers=READ).json()
    assert (stored["text"], stored["metadata"]) == (OLD, {"priority": "high"})
    assert keyed.put(url, json={"text": OLD}, headers=READ).status_code == 403
    same = {"text": OLD, "metadata": {"priority": "high"}}
    assert keyed.put(url, json=same, headers=WRITE_READ).json()["status"] == "duplicate"
    edited = keyed.put(url, json={"text": NEW}, headers=ADMIN_KEY)
    assert (edited.status_code, edited.json()["status"]) == (200, "updated"), edited.text


TICKETS = 'id,created_at,text\nt-1,2026-10-01,"{first}"\nt-2,2026-10-02,The export is slow.\n'


def test_a_file_repeating_an_id_imports_its_first_row_and_names_the_repeat(
    workspace, tmp_path
) -> None:
    """t-1 on line 2 and again on line 4: each --update-changed run stored both in turn, said
    "1 row differed" and swapped the stored text. The repeat is named and skipped instead."""
    path = tmp_path / "tickets.csv"
    path.write_text(TICKETS.format(first=OLD) + f't-1,2026-10-03,"{NEW}"\n')
    mapping = Mapping.build("generic", {}, "desk")
    for run in range(3):
        report = import_feedback(workspace, path, mapping, update_changed=True)
        assert (report.created, report.changed, report.updated) == (2 * (run == 0), 0, 0)
        assert report.rejected == [
            "line 4 (external_id 't-1'): repeats the external_id of line 2: the first row is "
            "imported, this one skipped"
        ]
        with workspace.db.session() as session:
            stored = session.scalar(select(Feedback).where(Feedback.external_id == "t-1"))
            assert (stored.text, stored.edits) == (OLD, 0)


def test_an_import_stores_the_rows_that_changed_when_asked(workspace, tmp_path) -> None:
    """`boucle import` of a help desk's new export kept every edited ticket's first text;
    with --update-changed they are stored as edits, the others left as they are."""
    path = tmp_path / "tickets.csv"
    path.write_text(TICKETS.format(first=OLD))
    mapping = Mapping.build("generic", {}, "desk")
    assert import_feedback(workspace, path, mapping).created == 2
    path.write_text(TICKETS.format(first=NEW))
    kept = import_feedback(workspace, path, mapping)
    assert (kept.duplicates, kept.changed, kept.updated) == (2, 1, 0)
    updated = import_feedback(workspace, path, mapping, update_changed=True)
    assert (updated.created, updated.duplicates, updated.changed, updated.updated) == (0, 2, 1, 1)
    with workspace.db.session() as session:
        rows = {r.external_id: r for r in session.scalars(select(Feedback))}
        assert "invoices page" in rows["t-1"].text and rows["t-1"].edits == 1
        assert rows["t-2"].edits == 0 and rows["t-2"].status == "analysed"
    again = import_feedback(workspace, path, mapping, update_changed=True)
    assert (again.changed, again.updated) == (0, 0)


def test_an_edit_of_the_metadata_alone_is_stored_without_analysing_again(workspace, tmp_path):
    """--update-changed of a kept column (a ticket's status) re-analysed each row, its text as
    stored (100 rows, 77 s): the metadata is stored, the analysis and its insights kept."""
    path = tmp_path / "tickets.csv"
    path.write_text("id,created_at,text,status\nt-1,2026-10-01,Login fails.,open\n")
    mapping = Mapping.build("generic", {}, "desk", keep=("status",))
    assert import_feedback(workspace, path, mapping).created == 1
    with workspace.db.session() as session:
        insights = list(session.scalars(select(Insight.id)))
    path.write_text(path.read_text().replace(",open", ",solved"))
    edited = import_feedback(workspace, path, mapping, update_changed=True)
    assert (edited.changed, edited.updated) == (1, 1)
    with workspace.db.session() as session:
        row = session.scalar(select(Feedback))
        assert (row.meta, row.edits, row.status) == ({"status": "solved"}, 0, "analysed")
        assert list(session.scalars(select(Insight.id))) == insights  # not analysed again
    # the text edited too: analysed again, as before
    path.write_text(path.read_text().replace("Login fails.", "Login fails on Safari."))
    assert import_feedback(workspace, path, mapping, update_changed=True).updated == 1
    with workspace.db.session() as session:
        assert session.scalar(select(Feedback.edits)) == 1
        assert not set(session.scalars(select(Insight.id))) & set(insights)


def test_an_import_through_the_api_stores_the_rows_that_changed(
    served,  # noqa: F811 (the fixture)
    tmp_path,
    capsys,
) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text(TICKETS.format(first=OLD))
    remote_args = ["--source", "desk", "--url", URL, "--api-key", ADMIN, "--quiet"]
    assert main(["import", str(path), *remote_args]) == 0
    path.write_text(TICKETS.format(first=NEW))
    assert main(["import", str(path), *remote_args]) == 0
    assert "the stored version is kept" in capsys.readouterr().err
    assert main(["import", str(path), "--update-changed", *remote_args]) == 0
    told = capsys.readouterr()
    assert "1 of the rows already stored differed" in told.err
    assert "0 stored, 1 updated, 1 already stored" in told.out  # was "0 stored, 2 already stored"
    [ticket] = served.get("/v1/feedback", params={"external_id": "t-1"}).json()["items"]
    assert "invoices page" in ticket["text"] and ticket["status"] == "analysed"
