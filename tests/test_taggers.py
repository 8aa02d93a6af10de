"""Custom taggers end to end: train, predict, live in /v1/tag, versions, persistence, bad input."""

import csv
import io
import json
import subprocess
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from api.settings import Settings
from api.taggers.service import TrainOptions
from api.taggers.store import TaggerStore
from tests.conftest import fresh_sqlite_settings

EXAMPLES = [
    {"text": "I was charged twice for my order", "label": "billing"},
    {"text": "Why is there an extra fee on my invoice?", "label": "billing"},
    {"text": "Please refund my last payment", "label": "billing"},
    {"text": "On m'a facturé deux fois ce mois-ci", "label": "billing"},
    {"text": "I can't log in to my account", "label": "login"},
    {"text": "The password reset link does not work", "label": "login"},
    {"text": "My two-factor code is always rejected", "label": "login"},
    {"text": "Impossible de me connecter à mon compte", "label": "login"},
    {"text": "What's the weather like tomorrow?", "label": "oos"},
    {"text": "Tell me a joke about cats", "label": "oos"},
    {"text": "Who won the football game yesterday?", "label": "oos"},
]


def with_worker(data_dir: Path, migrated: Path, keys: dict[str, list[str]]) -> Settings:
    """Settings for a workspace in `data_dir` at the latest schema (copied, not migrated again),
    its embedded worker on, these API keys."""
    settings = fresh_sqlite_settings(data_dir, migrated)
    return settings.model_copy(update={"worker": True, "api_keys": keys})


@pytest.fixture
def trained(client):
    response = client.put("/v1/taggers/queues", json={"examples": EXAMPLES[:8]})
    assert response.status_code == 200, response.text
    return response.json()


def test_training_returns_cross_validated_figures(trained):
    assert trained["version"] == 1 and trained["labels"] == ["billing", "login"]
    assert trained["counts"] == {"billing": 4, "login": 4}
    metrics = trained["metrics"]
    assert metrics["folds"] >= 2 and 0 <= metrics["macro_f1"] <= 1
    assert set(metrics["per_label"]) == {"billing", "login"}


def test_predict_in_english_and_french(client, trained):
    response = client.post(
        "/v1/taggers/queues/predict",
        json={"texts": ["My login keeps failing", "Vous m'avez prélevé deux fois"]},
    )
    assert response.status_code == 200
    predictions = response.json()["predictions"]
    assert [p["label"] for p in predictions] == ["login", "billing"]
    assert all(0 <= p["score"] <= 1 and p["top"][0]["label"] == p["label"] for p in predictions)


def test_live_taggers_answer_in_every_tag_result(client, trained):
    tags = client.post("/v1/tag", json={"text": "I cannot sign in since this morning"}).json()[
        "tags"
    ]
    assert tags["queues"]["label"] == "login"
    # ingestion answers with them too: a help-desk bridge routes on them at once
    item = {"source": "zendesk", "external_id": "t-1", "text": "The password reset link fails"}
    stored = client.post("/v1/feedback", json={"items": [item]}).json()["items"][0]
    assert stored["tags"]["queues"]["label"] == "login"


def test_retraining_keeps_versions(client, trained):
    more = [{"text": "Where can I download my receipts?", "label": "billing"}]
    response = client.put("/v1/taggers/queues", json={"examples": more, "append": True})
    assert response.status_code == 200
    assert response.json()["version"] == 2 and response.json()["versions"] == [1, 2]
    assert response.json()["counts"]["billing"] == 5
    listed = client.get("/v1/taggers").json()["items"]
    assert [t["name"] for t in listed] == ["queues"]


def test_out_of_scope_answers_unknown(client):
    response = client.put("/v1/taggers/scoped", json={"examples": EXAMPLES, "unknown_label": "oos"})
    assert response.status_code == 200
    assert "out_of_scope_recall" in response.json()["metrics"]
    answer = client.post(
        "/v1/taggers/scoped/predict", json={"texts": ["Sing me a song about dogs"]}
    )
    assert answer.json()["predictions"][0]["label"] == "unknown"


MULTI = [
    {"text": "Charged twice and cannot log in", "label": ["billing", "login"]},
    {"text": "Wrong amount on my invoice", "label": ["billing"]},
    {"text": "Refund please, the fee is wrong", "label": ["billing"]},
    {"text": "Password reset fails", "label": ["login"]},
    {"text": "Locked out of my account", "label": ["login"]},
    {"text": "Billed for a plan I cancelled and my login fails", "label": ["billing", "login"]},
]


def test_multi_label_tagger(client):
    response = client.put("/v1/taggers/multi", json={"examples": MULTI, "multi_label": True})
    assert response.status_code == 200, response.text
    answer = client.post("/v1/taggers/multi/predict", json={"texts": ["I cannot log in"]})
    assert "login" in answer.json()["predictions"][0]["labels"]


def test_a_live_multi_label_tagger_keeps_every_label(client, trained):
    """/predict gave every label that applies, the tags of /v1/tag, batches, ingestion and the
    stored item only the top one; `label` and `score` stay the top label's, `labels` is added."""
    response = client.put("/v1/taggers/topics", json={"examples": MULTI, "multi_label": True})
    assert response.status_code == 200, response.text
    text = "I was billed twice and now I cannot log in to my account"
    (predicted,) = client.post("/v1/taggers/topics/predict", json={"texts": [text]}).json()[
        "predictions"
    ]
    assert sorted(predicted["labels"]) == ["billing", "login"]  # both apply: the case at stake
    expected = {k: predicted[k] for k in ("label", "score", "labels")}

    tagged = client.post("/v1/tag", json={"text": text}).json()["tags"]
    assert tagged["topics"] == expected
    assert set(tagged["queues"]) == {"label", "score"}  # a single-label tagger: as before
    batch = client.post("/v1/tag/batch", json={"items": [{"id": "1", "text": text}]}).json()
    assert batch["items"][0]["tags"]["topics"] == expected
    item = {"source": "web", "external_id": "m1", "text": text}
    ingested = client.post("/v1/feedback", json={"items": [item]}).json()["items"][0]
    assert ingested["tags"]["topics"] == expected
    assert client.get(f"/v1/feedback/{ingested['id']}").json()["tags"]["topics"] == expected
    hit = client.post("/v1/search", json={"query": text}).json()["items"][0]
    assert hit["feedback"]["tags"]["topics"] == expected
    rows = csv.DictReader(io.StringIO(client.get("/v1/insights/export").text))
    cell = f"queues={tagged['queues']['label']};topics={'|'.join(expected['labels'])}"
    assert {row["tags"] for row in rows} == {cell}


def test_multi_label_with_two_examples_a_label(client):
    # The README's smallest example: a plain KFold could leave a fold without one label's
    # examples, and the SVM refused a one-class fold (a 500).
    examples = [
        {"text": "I was charged twice for my order", "label": "billing"},
        {"text": "Why is there a fee on my invoice?", "label": "billing"},
        {"text": "I cannot log in to my account", "label": "login"},
        {"text": "Impossible de me connecter", "label": "login"},
    ]
    response = client.put("/v1/taggers/tiny", json={"examples": examples, "multi_label": True})
    assert response.status_code == 200, response.text
    assert response.json()["metrics"]["folds"] == 2


def test_taggers_survive_a_restart(settings, tagger, trained):
    # The first app still holds the embedded vector store; taggers live on disk beside it.
    settings = settings.model_copy(update={"qdrant_url": ":memory:"})
    with TestClient(create_app(settings, tagger)) as restarted:
        assert restarted.get("/v1/taggers/queues").json()["version"] == 1
        answer = restarted.post("/v1/taggers/queues/predict", json={"texts": ["login broken"]})
        assert answer.json()["predictions"][0]["label"] == "login"


def test_a_tagger_trained_on_other_message_vectors_says_so(client, settings, trained):
    assert trained["message_vector"] == "pooled" and trained["warning"] is None
    meta = settings.data_dir / "taggers" / "queues" / "v1" / "meta.json"
    old = json.loads(meta.read_text())
    del old["message_vector"]  # as saved before the mode was recorded
    meta.write_text(json.dumps(old))
    info = client.get("/v1/taggers/queues").json()
    assert info["message_vector"] == "mean"
    assert "'mean'" in info["warning"] and "'pooled'" in info["warning"]
    assert "BOUCLE_MESSAGE_VECTOR=mean" in info["warning"]
    assert "/v1/taggers/queues/retrain" in info["warning"]

    retrained = client.post("/v1/taggers/queues/retrain")
    assert retrained.status_code == 200, retrained.text
    info = retrained.json()
    assert info["version"] == 2 and info["versions"] == [1, 2]
    assert info["message_vector"] == "pooled" and info["warning"] is None
    assert info["counts"] == trained["counts"] and info["labels"] == trained["labels"]
    assert client.get("/v1/taggers/queues").json()["version"] == 2
    assert client.post("/v1/taggers/nothing/retrain").status_code == 404


def test_retraining_keeps_the_out_of_scope_options(client):
    body = {"examples": EXAMPLES, "unknown_label": "oos", "description": "queues with oos"}
    first = client.put("/v1/taggers/scoped", json=body).json()
    again = client.post("/v1/taggers/scoped/retrain").json()
    assert again["version"] == 2
    assert again["unknown_label"] == "oos" and again["description"] == "queues with oos"
    assert "out_of_scope_recall" in again["metrics"]
    assert again["threshold"] == first["threshold"]  # chosen again, on the same folds
    fixed = client.put("/v1/taggers/fixed", json={"examples": EXAMPLES[:8], "threshold": 0.7})
    assert (
        client.post("/v1/taggers/fixed/retrain").json()["threshold"]
        == 0.7
        == fixed.json()["threshold"]
    )


def test_appending_keeps_the_live_versions_options_unless_given(client, settings):
    """An append gave v2 no out-of-scope label, threshold nor description: an out-of-scope
    text was then answered 'oos' (a label) instead of unknown, and nothing said so."""
    body = {"examples": EXAMPLES, "unknown_label": "oos", "threshold": 0.6,
            "description": "queues with oos"}  # fmt: skip
    assert client.put("/v1/taggers/scoped", json=body).status_code == 200
    more = [{"text": "Tell me a riddle", "label": "oos"},
            {"text": "My invoice shows the wrong VAT", "label": "billing"}]  # fmt: skip
    appended = client.put("/v1/taggers/scoped", json={"examples": more, "append": True}).json()
    assert appended["version"] == 2 and appended["counts"]["oos"] == 4
    assert appended["unknown_label"] == "oos" and appended["description"] == "queues with oos"
    assert appended["threshold"] == 0.6
    answer = client.post("/v1/taggers/scoped/predict", json={"texts": ["tell me a joke please"]})
    assert answer.json()["predictions"][0]["label"] == "unknown"
    # an option the request gives replaces the live one's, null included
    changed = client.put("/v1/taggers/scoped", json={"examples": more, "append": True,
                                                     "threshold": None, "description": "v3"})  # fmt: skip
    assert changed.json()["unknown_label"] == "oos" and changed.json()["description"] == "v3"
    assert TaggerStore(settings.data_dir / "taggers").meta("scoped")["requested_threshold"] is None
    # a multi-label tagger's append may leave multi_label out and still send label lists
    assert client.put("/v1/taggers/multi", json={"examples": MULTI, "multi_label": True}).is_success
    lists = [{"text": "Billed twice, locked out", "label": ["billing", "login"]}]
    again = client.put("/v1/taggers/multi", json={"examples": lists, "append": True})
    assert again.status_code == 200 and again.json()["multi_label"] is True
    # options that no longer fit together are a 422 saying which
    clash = client.put("/v1/taggers/scoped", json={"examples": more, "append": True,
                                                   "multi_label": True})  # fmt: skip
    assert clash.status_code == 422 and "unknown_label: null" in clash.json()["message"]


def test_an_unfinished_version_never_serves(client, settings, trained):
    (settings.data_dir / "taggers" / "queues" / "v2").mkdir()  # a training that crashed
    assert client.get("/v1/taggers/queues").json()["versions"] == [1]
    assert (
        client.post("/v1/taggers/queues/predict", json={"texts": ["x y z"]}).json()["version"] == 1
    )


def test_delete(client, trained):
    assert client.delete("/v1/taggers/queues").status_code == 204
    assert client.get("/v1/taggers/queues").status_code == 404
    assert "queues" not in client.post("/v1/tag", json={"text": "login broken"}).json()["tags"]
    assert client.delete("/v1/taggers/queues").status_code == 404


def test_a_deleted_taggers_tags_leave_items_exports_and_search(client, settings, trained, boucle):
    """After DELETE the items it had tagged still showed `queues=login` (item, exports, search
    hits), and a tagger trained again under the name would have shown them as its own."""
    assert client.put(
        "/v1/taggers/topics", json={"examples": MULTI, "multi_label": True}
    ).is_success
    item = {"source": "web", "external_id": "m1", "text": "I cannot log in since Monday"}
    stored = client.post("/v1/feedback", json={"items": [item]}).json()["items"][0]
    assert set(stored["tags"]) == {"queues", "topics"}

    def shown_tags() -> list:
        hit = client.post("/v1/search", json={"query": item["text"]}).json()["items"][0]
        feedback_csv = csv.DictReader(io.StringIO(client.get("/v1/feedback/export").text))
        insights_csv = csv.DictReader(io.StringIO(client.get("/v1/insights/export").text))
        jsonl = client.get("/v1/feedback/export", params={"format": "jsonl"}).text.splitlines()
        return [sorted(client.get(f"/v1/feedback/{stored['id']}").json()["tags"]),
                sorted(hit["feedback"]["tags"]), sorted(json.loads(jsonl[0])["tags"]),
                {row["tags"] for row in feedback_csv}, {row["tags"] for row in insights_csv}]  # fmt: skip

    assert client.delete("/v1/taggers/queues").status_code == 204
    *lists, feedback_cells, insight_cells = shown_tags()
    assert lists == [["topics"]] * 3
    assert all(cell.startswith("topics=") for cell in feedback_cells | insight_cells)
    deleted = boucle("taggers", "delete", "topics", env={"BOUCLE_DATA_DIR": str(settings.data_dir)})
    assert deleted.returncode == 0, deleted.stderr[-2000:]
    assert "topics: deleted, and its tags on 1 stored item" in deleted.stderr
    assert shown_tags() == [[]] * 3 + [{""}] * 2


def test_dropping_a_taggers_stored_tags_on_both_engines(workspace):
    """Only that tagger's key goes: not a tagger whose name it is a LIKE pattern of ("q_x" for
    "q-x"), nor a label that spells it."""
    from api.storage.tables import Feedback
    from api.taggers.deletion import drop_stored_tags

    tags = [{"q_x": {"label": "a"}, "other": {"label": "q_x"}}, {"q-x": {"label": "b"}}, {}]
    with workspace.db.session() as session:
        session.add_all(Feedback(source="web", external_id=str(i), created_at=datetime.now(UTC),
                                 tags=t) for i, t in enumerate(tags))  # fmt: skip
    with workspace.db.session() as session:
        assert drop_stored_tags(session, "q_x") == 1
    with workspace.db.session() as session:
        stored = session.execute(select(Feedback.tags).order_by(Feedback.id)).scalars().all()
    assert stored == [{"other": {"label": "q_x"}}, {"q-x": {"label": "b"}}, {}]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"examples": [{"text": f"t{i}", "label": "a"} for i in range(4)]}, "at least 2 labels"),
        ({"examples": EXAMPLES[:8] + [{"text": "lonely", "label": "solo"}]}, "too few for: 'solo'"),
        ({"examples": [*EXAMPLES[:7], {"text": "  ", "label": "login"}]}, "empty"),
        ({"examples": EXAMPLES[:8], "unknown_label": "oos"}, "on none of the examples"),
        ({"examples": [*EXAMPLES[:7], {"text": "x y", "label": ["login"]}]}, "multi_label"),
        ({"examples": []}, "at least 2 labels with 2 examples each (4 examples)"),
        ({"examples": EXAMPLES[:8], "threshold": 2}, "threshold: must be 1 or less (got 2)"),
        # a lone surrogate in a label was a 500 when the tagger was saved
        (
            {
                "examples": [
                    *EXAMPLES[:6],
                    *({"text": f"x {i}", "label": "x\ud800"} for i in range(2)),
                ]
            },
            "lone UTF-16 surrogate",
        ),  # fmt: skip
        (
            {
                "examples": [
                    *EXAMPLES[:6],
                    *({"text": f"x {i}", "label": "x" * 101} for i in range(2)),
                ]
            },
            "at most 100 characters",
        ),  # fmt: skip
        (
            {
                "examples": [{"text": f"t{i}", "label": ["urgent", f"l{i % 2}"]} for i in range(6)],
                "multi_label": True,
            },
            "at least 2 examples without it; add some for: 'urgent'",
        ),
    ],
)
def test_bad_training_requests_say_what_to_fix(client, body, words):
    # as a client's JSON encoder writes it: a lone surrogate escaped ("\\ud800")
    response = client.put("/v1/taggers/bad", content=json.dumps(body),
                          headers={"Content-Type": "application/json"})  # fmt: skip
    assert response.status_code == 422
    assert words in str(response.json()), response.json()
    assert response.json()["errors"] and response.json()["message"]


def test_a_bad_label_or_text_is_named_by_its_field_alone(client):
    """A number as a label was said on "examples.0.label.str" and "examples.0.label.list[str]"
    (pydantic's union branches); an empty text to predict on "texts" ("texts [0] are empty"),
    a long one on "texts.1"."""
    examples = [*EXAMPLES[:8], {"text": "a number", "label": 5}]
    refused = client.put("/v1/taggers/bad", json={"examples": examples}).json()
    assert refused["message"] == (
        "examples.8.label: must be a string, or a list of strings for a multi-label tagger "
        "(got a number)"
    )
    listed = [*MULTI, {"text": "a number", "label": ["billing", 5]}]
    refused = client.put("/v1/taggers/bad", json={"examples": listed, "multi_label": True})
    assert (
        refused.json()["message"]
        == "examples.6.label: must be a list of strings (got a number in it)"
    )
    texts = ["fine", " ", "x" * 20_001]
    refused = client.post("/v1/taggers/ghost/predict", json={"texts": texts}).json()
    assert [e["field"] for e in refused["errors"]] == ["texts.1", "texts.2"]
    assert refused["message"].startswith("texts.1: text is empty once whitespace")


def test_bad_names_and_missing_taggers(client):
    assert client.put("/v1/taggers/Bad Name!", json={"examples": EXAMPLES[:8]}).status_code == 422
    missing = client.post("/v1/taggers/ghost/predict", json={"texts": ["hello"]})
    assert missing.status_code == 404 and "PUT /v1/taggers/ghost" in missing.json()["message"]
    assert client.post("/v1/taggers/ghost/predict", json={"texts": [" "]}).status_code == 422
    appended = client.put("/v1/taggers/ghost", json={"examples": EXAMPLES[:8], "append": True})
    assert appended.status_code == 404
    # not "create it with PUT /v1/taggers/ghost": the very request just sent
    said = appended.json()["message"]
    assert 'leave out "append" (or set it false) to create it' in said and "PUT" not in said
    assert client.post("/v1/taggers/Bad Name!/retrain").status_code == 422
    retrained = client.post("/v1/taggers/ghost/retrain")
    assert retrained.status_code == 404 and "PUT /v1/taggers/ghost" in retrained.json()["message"]


def test_rolling_back_serves_an_earlier_version(client, trained):
    """v2 learns an out-of-scope label; rolled back to v1, the answers come from v1's head."""
    v2 = client.put("/v1/taggers/queues", json={"examples": EXAMPLES})
    assert v2.json()["version"] == 2 and "oos" in v2.json()["labels"]
    back = client.post("/v1/taggers/queues/rollback", json={"version": 1})
    assert back.status_code == 200, back.text
    assert back.json()["version"] == 1 and back.json()["versions"] == [1, 2]
    assert back.json()["labels"] == ["billing", "login"]
    shown = client.get("/v1/taggers/queues").json()
    assert shown["version"] == 1 and shown["counts"] == {"billing": 4, "login": 4}
    assert client.get("/v1/taggers").json()["items"][0]["version"] == 1
    answer = client.post("/v1/taggers/queues/predict", json={"texts": ["Tell me a joke"]}).json()
    assert answer["version"] == 1
    assert {s["label"] for s in answer["predictions"][0]["top"]} <= {"billing", "login"}
    tags = client.post("/v1/tag", json={"text": "Tell me a joke about dogs"}).json()["tags"]
    assert tags["queues"]["label"] in ("billing", "login")
    # the next training is a new version after the highest, from the live (v1) examples
    more = [{"text": "Where can I download my receipts?", "label": "billing"}]
    v3 = client.put("/v1/taggers/queues", json={"examples": more, "append": True}).json()
    assert v3["version"] == 3 and v3["counts"] == {"billing": 5, "login": 4}
    missing = client.post("/v1/taggers/queues/rollback", json={"version": 7})
    assert missing.status_code == 404
    assert missing.json()["message"] == "tagger 'queues' has no version 7: its versions are 1, 2, 3"
    ghost = client.post("/v1/taggers/ghost/rollback", json={"version": 1})
    assert ghost.status_code == 404 and "no tagger named 'ghost'" in ghost.json()["message"]
    bad = client.post("/v1/taggers/queues/rollback", json={"version": 0})
    assert bad.status_code == 422 and "version: must be 1 or more" in bad.json()["message"]


def test_a_tag_key_reads_the_taggers_it_may_predict_with(tmp_path, migrated_sqlite, tagger):
    keys = {"tagging-bridge-key": ["tag"], "reading-key-0000": ["read"],
            "ingesting-key-000": ["ingest"], "root-key-00000000": ["admin"]}  # fmt: skip
    with TestClient(create_app(with_worker(tmp_path, migrated_sqlite, keys), tagger)) as client:

        def as_key(key: str) -> dict:
            return {"X-API-Key": key}

        body = {"examples": EXAMPLES[:8]}
        assert client.put(
            "/v1/taggers/q", json=body, headers=as_key("root-key-00000000")
        ).is_success
        for key in ("tagging-bridge-key", "reading-key-0000"):
            listed = client.get("/v1/taggers", headers=as_key(key))
            assert listed.status_code == 200 and listed.json()["items"][0]["labels"] == [
                "billing",
                "login",
            ]
            assert client.get("/v1/taggers/q", headers=as_key(key)).status_code == 200
        refused = client.get("/v1/taggers", headers=as_key("ingesting-key-000"))
        assert refused.status_code == 403
        assert refused.json()["message"].startswith(
            "this API key lacks the 'read' or 'tag' scope: send a key that has it"
        )
        tag_key = as_key("tagging-bridge-key")
        predicted = client.post("/v1/taggers/q/predict", json={"texts": ["hi"]}, headers=tag_key)
        assert predicted.status_code == 200
        # reading is all: changing the taggers stays admin
        rollback = client.post("/v1/taggers/q/rollback", json={"version": 1}, headers=tag_key)
        assert rollback.status_code == 403 and "'admin'" in rollback.json()["message"]
        assert client.delete("/v1/taggers/q", headers=tag_key).status_code == 403
        # a malformed body is refused for the key first, as for any route
        early = client.post("/v1/taggers/q/rollback", content=b"{", headers={
            **as_key("reading-key-0000"), "Content-Type": "application/json"})  # fmt: skip
        assert early.status_code == 403


def test_cli_lists_shows_and_rolls_back(client, settings, trained, boucle):
    assert client.put("/v1/taggers/queues", json={"examples": EXAMPLES}).json()["version"] == 2

    def taggers(*args: str) -> subprocess.CompletedProcess:
        return boucle("taggers", *args, env={"BOUCLE_DATA_DIR": str(settings.data_dir)})

    listed = taggers("list")
    assert listed.returncode == 0, listed.stderr[-2000:]
    assert listed.stdout.startswith("queues  v2 (versions 1, 2)  3 labels: billing, login, oos")
    rolled = taggers("rollback", "queues", "1")
    assert rolled.returncode == 0 and "queues: version 1 is live" in rolled.stdout
    shown = taggers("show", "queues")
    assert shown.returncode == 0, shown.stderr[-2000:]
    info = json.loads(shown.stdout)
    assert info["version"] == 1 and info["versions"] == [1, 2]
    assert info["labels"] == ["billing", "login"] and "metrics" in info

    # the running server serves what the CLI made live (BOUCLE_TAGGERS_RELOAD_S)
    def served_labels() -> set[str]:
        answer = client.post("/v1/taggers/queues/predict", json={"texts": ["Tell me a joke"]})
        return {s["label"] for s in answer.json()["predictions"][0]["top"]}

    assert wait_for(lambda: served_labels() <= {"billing", "login"}), served_labels()
    missing = taggers("rollback", "queues", "9")
    assert missing.returncode == 2 and "has no version 9: its versions are 1, 2" in missing.stderr
    assert taggers("show", "ghost").returncode == 2
    assert "not a whole number" in taggers("rollback", "queues", "v1").stderr


def test_the_two_out_of_scope_figures_are_told_apart():
    """per_label's recall scores the top label alone; out_of_scope_recall the answer as served,
    threshold included: out-of-scope examples caught by the threshold count in the second only."""
    from models.training import _per_label, scope_metrics

    labels = ["billing", "oos"]
    y = np.array([0, 0, 1, 1, 1, 1])
    oof = np.array([[0.9, 0.1], [0.8, 0.2], [0.2, 0.8], [0.3, 0.7], [0.1, 0.9], [0.55, 0.45]])
    assert _per_label(y, oof.argmax(axis=1), labels)["oos"]["recall"] == 0.75
    served = scope_metrics(oof, y, unknown=1, threshold=0.6)  # 0.55 < 0.6: answered unknown
    assert served == {"in_scope_accuracy": 1.0, "out_of_scope_recall": 1.0}


def test_the_metrics_are_explained_in_the_schema(client):
    openapi = client.get("/openapi.json").json()
    predict = openapi["paths"]["/v1/taggers/{name}/predict"]["post"]
    assert (
        predict["summary"] == "Predict with a custom tagger" and "unknown" in predict["description"]
    )
    threshold = openapi["components"]["schemas"]["TrainRequest"]["properties"]["threshold"]
    assert "one is chosen on the cross-validated scores" in threshold["description"]
    schema = openapi["components"]["schemas"]["TaggerInfo"]
    said = schema["properties"]["metrics"]["description"]
    assert "out_of_scope_recall" in said and "per_label[unknown_label].recall" in said
    assert "rollback" in schema["properties"]["versions"]["description"]


def test_training_needs_the_admin_scope(tmp_path, migrated_sqlite, tagger):
    settings = with_worker(
        tmp_path, migrated_sqlite, {"reader": ["read", "tag"], "root": ["admin"]}
    )
    with TestClient(create_app(settings, tagger)) as client:
        body = {"examples": EXAMPLES[:8]}
        denied = client.put("/v1/taggers/q", json=body, headers={"X-API-Key": "reader"})
        assert denied.status_code == 403
        assert (
            client.put("/v1/taggers/q", json=body, headers={"X-API-Key": "root"}).status_code == 200
        )
        assert client.get("/v1/taggers", headers={"X-API-Key": "reader"}).status_code == 200
        refused = client.post("/v1/taggers/q/retrain", headers={"X-API-Key": "reader"})
        assert refused.status_code == 403


def test_cli_trains_and_predicts(tmp_path, boucle):
    csv_file = tmp_path / "examples.csv"
    csv_file.write_text(
        "text,label\n" + "".join(f'"{e["text"]}",{e["label"]}\n' for e in EXAMPLES[:8])
    )
    env = {"BOUCLE_DATA_DIR": str(tmp_path / "data")}
    trained = boucle("taggers", "train", "queues", str(csv_file), env=env)
    assert trained.returncode == 0, trained.stderr[-2000:]
    assert "queues v1: 2 labels, 8 examples" in trained.stdout
    predicted = boucle("taggers", "predict", "queues",
                       stdin='{"id": "x", "text": "I forgot my password"}\n')  # fmt: skip
    assert predicted.returncode == 0, predicted.stderr[-2000:]
    assert '"label": "login"' in predicted.stdout and '"id": "x"' in predicted.stdout
    tagged = boucle("tag", stdin="My password reset link is broken\n")
    assert tagged.returncode == 0, tagged.stderr[-2000:]
    assert json.loads(tagged.stdout)["tags"]["queues"]["label"] == "login"
    retrained = boucle("taggers", "retrain", "queues")
    assert retrained.returncode == 0, retrained.stderr[-2000:]
    assert "queues v2: 2 labels, 8 examples" in retrained.stdout
    missing = boucle("taggers", "retrain", "nothing")
    assert missing.returncode == 2 and "no tagger named 'nothing'" in missing.stderr
    bad = boucle("taggers", "train", "q", str(tmp_path / "missing.csv"))
    assert bad.returncode == 2 and "no such file" in bad.stderr and "Traceback" not in bad.stderr
    deleted = boucle("taggers", "delete", "queues")
    assert deleted.returncode == 0 and not (tmp_path / "data" / "taggers" / "queues").exists()


def test_cli_reads_spreadsheet_csvs_and_refuses_bad_names_before_training(tmp_path, boucle) -> None:
    from api.cli import InputError, read_examples

    rows = [("Café froid, remboursez-moi", "refund"), ("Mot de passe oublié", "login")]
    excel_fr = tmp_path / "fr.csv"  # French Excel: Windows-1252, ";"
    excel_fr.write_bytes(("text;label\r\n" + "".join(f"{t};{lb}\r\n" for t, lb in rows))
                         .encode("cp1252"))  # fmt: skip
    bom = tmp_path / "bom.csv"  # Excel's "CSV UTF-8": a byte-order mark before the header
    bom.write_bytes(
        ("text,label\n" + "".join(f'"{t}",{lb}\n' for t, lb in rows)).encode("utf-8-sig")
    )
    for path in (excel_fr, bom):
        assert read_examples(str(path)) == [{"text": t, "label": lb} for t, lb in rows], path
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("phrase,categorie\nx,y\n")
    with pytest.raises(InputError, match="the header has 'phrase', 'categorie'"):
        read_examples(str(wrong))
    blank = tmp_path / "blank.csv"
    blank.write_text("text,label\nfine,a\n ,b\n")
    with pytest.raises(InputError, match="line 3: empty text"):
        read_examples(str(blank))
    for name in ("../evil", "Bad Name"):
        done = boucle("taggers", "train", name, str(bom),
                      env={"BOUCLE_DATA_DIR": str(tmp_path / "data")})  # fmt: skip
        assert done.returncode == 2 and "tagger name" in done.stderr, done.stderr[-500:]
    assert not (tmp_path / "data" / "evil").exists() and not (tmp_path / "evil").exists()


def test_a_few_perfectly_separated_examples_do_not_make_scores_certain() -> None:
    """Nine examples all right out of fold: the calibration stops short of the largest scale
    (plain log-loss would take it, and every score would round to 1.0)."""
    from models.training import _softmax, _temperature

    y = np.arange(9) % 3
    decisions = np.where(np.eye(3)[y] > 0, 1.0, -1.0)
    scale = _temperature(decisions, y)
    assert scale < 20
    assert 0.85 < _softmax(scale * decisions).max(axis=1).mean() < 0.99
    many = np.arange(3000) % 3  # thousands of examples: the smoothing no longer holds scores down
    assert (
        _softmax(_temperature(np.where(np.eye(3)[many] > 0, 1.0, -1.0), many) * decisions).max()
        > 0.99
    )


@pytest.mark.parametrize(
    ("saved", "threshold"),
    [
        ({"multi_label": False, "unknown_label": None, "threshold": 0.0}, None),
        ({"multi_label": False, "unknown_label": None, "threshold": 0.7}, 0.7),
        ({"multi_label": False, "unknown_label": "oos", "threshold": 0.45}, None),
        ({"multi_label": True, "unknown_label": None, "threshold": 0.5}, None),
        ({"multi_label": False, "unknown_label": "oos", "requested_threshold": 0.6}, 0.6),
    ],
)
def test_options_of_versions_saved_before_they_were_recorded(saved, threshold):
    options = TrainOptions.of({"description": "d", "threshold": 0.3, **saved})
    assert options.threshold == threshold
    assert (options.multi_label, options.unknown_label) == (
        saved["multi_label"],
        saved["unknown_label"],
    )


def test_a_tagger_trained_by_another_process_goes_live_here(tmp_path, migrated_sqlite, tagger):
    """`boucle taggers train` (another process) writes a version to disk; a running server
    serves it within `taggers_reload_s`, and stops serving a tagger deleted there."""
    settings = fresh_sqlite_settings(tmp_path, migrated_sqlite)
    settings = settings.model_copy(update={"taggers_reload_s": 0.1})
    with TestClient(create_app(settings, tagger)) as client:
        assert client.put("/v1/taggers/queues", json={"examples": EXAMPLES[:8]}).status_code == 200
        store = TaggerStore(tmp_path / "taggers")
        # as the other process would: a tagger this server never trained
        head = replace(store.head("queues", tagger.analyzer.config.embedder), name="support")
        store.save(head, {**store.meta("queues"), "name": "support"}, store.examples("queues"))

        def tags() -> set[str]:
            return set(client.post("/v1/tag", json={"text": "I forgot my password"}).json()["tags"])

        assert wait_for(lambda: tags() == {"queues", "support"}), tags()
        store.delete("support")
        assert wait_for(lambda: tags() == {"queues"}), tags()
        assert client.app.state.taggers.refresh() is False  # nothing new since


def wait_for(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_the_same_text_under_two_labels_is_pointed_out(client):
    """A contradictory example was accepted without a word: the tagger can answer only one."""
    clash = [{"text": "I was charged twice for my order", "label": "login"}]
    trained = client.put("/v1/taggers/clash", json={"examples": [*EXAMPLES[:8], *clash]})
    assert trained.status_code == 200, trained.text
    warning = trained.json()["warning"]
    assert "1 text carries different labels" in warning and "billing, login" in warning
    clean = client.put("/v1/taggers/clean", json={"examples": EXAMPLES[:8]}).json()
    assert clean["warning"] is None


def test_training_in_the_background_answers_a_job_at_once(client, trained):
    """50,000 examples in one synchronous request outlived proxies' timeouts."""
    more = [{"text": "Where can I download my receipts?", "label": "billing"}]
    started = client.put("/v1/taggers/queues", params={"wait": "false"},
                         json={"examples": more, "append": True})  # fmt: skip
    assert started.status_code == 202, started.text
    job_url = started.headers["Location"]
    assert job_url == f"/v1/jobs/{started.json()['id']}"
    assert started.json()["kind"] == "tagger.train"
    assert wait_for(lambda: client.get(job_url).json()["status"] == "done"), client.get(
        job_url
    ).text
    result = client.get(job_url).json()["result"]
    assert result["version"] == 2 and result["counts"]["billing"] == 5
    # the synchronous answer's fields, no more (requested_threshold, conflicts were extra)
    assert result == client.get("/v1/taggers/queues").json()
    assert client.get("/v1/taggers/queues").json()["version"] == 2
    again = client.post("/v1/taggers/queues/retrain", params={"wait": "false"})
    assert again.status_code == 202
    assert wait_for(lambda: client.get(again.headers["Location"]).json()["status"] == "done")
    # examples it cannot learn from are a 422 at once, not a failed job later
    bad = client.put("/v1/taggers/other", params={"wait": "false"},
                     json={"examples": [{"text": "hello", "label": "only"}] * 2})  # fmt: skip
    assert bad.status_code == 422 and "label" in bad.json()["message"]


def test_examples_are_kept_redacted(client, settings):
    """Examples pasted from real tickets were stored verbatim, addresses and phones included."""
    examples = [
        {"text": "Refund me, write to jane.doe@example.com", "label": "billing"},
        {"text": "Charged twice, call +33 6 12 34 56 78", "label": "billing"},
        {"text": "Cannot log in", "label": "login"},
        {"text": "Password reset fails", "label": "login"},
    ]
    assert client.put("/v1/taggers/private", json={"examples": examples}).status_code == 200
    stored = (settings.data_dir / "taggers" / "private" / "v1" / "examples.jsonl").read_text()
    assert "jane.doe@example.com" not in stored and "12 34 56 78" not in stored
    assert "[EMAIL]" in stored and "[PHONE]" in stored
    again = client.post("/v1/taggers/private/retrain")  # retraining reads them as they are
    assert again.status_code == 200 and again.json()["counts"] == {"billing": 2, "login": 2}


def test_a_live_tagger_applies_to_the_items_stored_before_it(client, settings, monkeypatch,
                                                             capsys):  # fmt: skip
    from api.cli import main
    from api.settings import get_settings
    from api.taggers.apply import apply_tagger
    from api.taggers.store import TaggerNotFound

    items = [
        {"source": "web", "external_id": "old", "created_at": "2026-01-10T09:00:00Z",
         "text": "I was charged twice for my order"},
        {"source": "web", "external_id": "new", "created_at": "2026-11-10T09:00:00Z",
         "text": "The password reset link does not work"},
        {"source": "nps", "external_id": "score-only", "score": 9},
    ]  # fmt: skip
    stored = client.post("/v1/feedback", json={"items": items}).json()["items"]
    ids = [item["id"] for item in stored]
    assert all(item["tags"] == {} for item in stored)  # no tagger was live then
    assert client.put("/v1/taggers/queues", json={"examples": EXAMPLES[:8]}).status_code == 200
    db, taggers = client.app.state.workspace.db, client.app.state.taggers

    def tags() -> list[dict]:
        return [client.get(f"/v1/feedback/{i}").json()["tags"] for i in ids]

    done: list[int] = []
    assert apply_tagger(db, taggers, "queues", batch=1, progress=done.append) == 2
    assert done == [1, 2]  # a batch at a time
    first = tags()
    assert [t["queues"]["label"] for t in first[:2]] == ["billing", "login"] and first[2] == {}
    for item, tag in zip(items[:2], first, strict=False):  # what ingestion would have given
        live = client.post("/v1/tag", json={"text": item["text"]}).json()["tags"]["queues"]
        assert tag["queues"]["label"] == live["label"]
        assert abs(tag["queues"]["score"] - live["score"]) < 1e-3
    assert apply_tagger(db, taggers, "queues") == 2 and tags() == first  # again: the same

    response = client.put("/v1/taggers/topics", json={"examples": MULTI, "multi_label": True})
    assert response.status_code == 200, response.text
    since = datetime(2026, 6, 1, tzinfo=UTC)
    assert apply_tagger(db, taggers, "topics", since=since) == 1
    later = tags()
    assert "topics" not in later[0] and later[0]["queues"] == first[0]["queues"]
    assert set(later[1]) == {"queues", "topics"} and "labels" in later[1]["topics"]
    with pytest.raises(TaggerNotFound):
        apply_tagger(db, taggers, "ghost")

    monkeypatch.setenv("BOUCLE_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    try:
        assert main(["taggers", "apply", "ghost"]) == 1
        assert "ghost" in capsys.readouterr().err
        assert main(["taggers", "apply", "queues", "--since", "2026-13-01"]) == 2
        assert "--since: " in capsys.readouterr().err
        assert main(["taggers", "apply", "topics", "--since", "2026-01-01"]) == 0
        assert capsys.readouterr().out == "2 items tagged by topics (version 1)\n"
        assert "topics" in tags()[0] and tags()[1] == later[1]
    finally:
        get_settings.cache_clear()


def test_a_tagger_deleted_while_it_is_applied_brings_no_tag_back(client):
    """`boucle taggers apply` went on after a deletion from another process and wrote the
    deleted tagger's tags back on the items after it."""
    from api.taggers.apply import apply_tagger
    from api.taggers.deletion import delete_tagger
    from api.taggers.store import TaggerNotFound

    items = [{"source": "web", "external_id": str(i), "text": text}
             for i, text in enumerate(["Charged twice", "Cannot log in", "Refund please"])]  # fmt: skip
    ids = [
        item["id"] for item in client.post("/v1/feedback", json={"items": items}).json()["items"]
    ]
    assert client.put("/v1/taggers/queues", json={"examples": EXAMPLES[:8]}).status_code == 200
    db, taggers = client.app.state.workspace.db, client.app.state.taggers

    def deleted_after_the_first(done: int) -> None:
        if done == 1:
            delete_tagger(db, "queues", taggers.store.delete)  # as `boucle taggers delete` does

    with pytest.raises(TaggerNotFound, match="deleted while it was being applied: stopped after 1"):
        apply_tagger(db, taggers, "queues", batch=1, progress=deleted_after_the_first)
    assert [client.get(f"/v1/feedback/{i}").json()["tags"] for i in ids] == [{}, {}, {}]


def test_a_tag_key_sees_how_to_call_a_tagger_not_its_training(tmp_path, migrated_sqlite, tagger):
    """A `tag` key (a help desk's bridge) read each tagger's `warning` (its examples' problems),
    metrics and counts: internal detail. It sees a card; a `read` key sees everything."""
    keys = {"tagging-bridge-key": ["tag"], "reading-key-0000": ["read"]}
    clash = [*EXAMPLES[:8], {"text": "I was charged twice for my order", "label": "login"}]
    with TestClient(create_app(with_worker(tmp_path, migrated_sqlite, keys), tagger)) as client:
        trained = client.app.state.taggers.fit(
            "q", clash, TrainOptions(False, "Queues", None, None)
        )
        assert "different labels" in trained["warning"]
        card = {"name": "q", "version": 1, "live": True, "description": "Queues",
                "multi_label": False, "labels": ["billing", "login"], "unknown_label": None,
                "created_at": trained["created_at"]}  # fmt: skip
        tag_key, read_key = {"X-API-Key": "tagging-bridge-key"}, {"X-API-Key": "reading-key-0000"}
        assert client.get("/v1/taggers/q", headers=tag_key).json() == card
        assert client.get("/v1/taggers", headers=tag_key).json() == {"items": [card]}
        full = client.get("/v1/taggers/q", headers=read_key).json()
        assert "different labels" in full["warning"]
        assert full["counts"] == {"billing": 4, "login": 5}
        assert full["metrics"] == trained["metrics"] and full["versions"] == [1]
        assert client.get("/v1/taggers", headers=read_key).json() == {"items": [full]}


def held_training(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """Single-label trainings wait, once started, until `release` is set: something can happen
    while one runs. Returns (started, release)."""
    import api.taggers.service as service

    started, release = threading.Event(), threading.Event()
    fit = service.fit_single_label

    def slow_fit(*args, **kwargs):
        started.set()
        assert release.wait(60)
        return fit(*args, **kwargs)

    monkeypatch.setattr(service, "fit_single_label", slow_fit)
    return started, release


@pytest.mark.parametrize("rolled_back_by", ["api", "another process"])
def test_a_rollback_answers_at_once_and_a_running_training_does_not_undo_it(
    client, trained, monkeypatch, rolled_back_by
):
    """A rollback waited behind a training of the same tagger, which, once done, served its own
    version over the rollback without a word. Now the rollback answers at once; the training's
    version is saved, not served, and its answer says so until it is rolled forward to."""
    assert client.put("/v1/taggers/queues", json={"examples": EXAMPLES}).json()["version"] == 2
    started, release = held_training(monkeypatch)
    training = client.put("/v1/taggers/queues", params={"wait": "false"},
                          json={"examples": EXAMPLES})  # fmt: skip
    assert training.status_code == 202 and started.wait(60)
    job_url = training.headers["Location"]

    def roll_back() -> None:
        if rolled_back_by == "api":
            back = client.post("/v1/taggers/queues/rollback", json={"version": 1})
            assert back.status_code == 200 and back.json()["version"] == 1, back.text
        else:  # `boucle taggers rollback` writes the disk alone
            client.app.state.taggers.store.make_live("queues", 1)

    rolling = threading.Thread(target=roll_back)
    rolling.start()
    rolling.join(10)
    answered_at_once = not rolling.is_alive()
    release.set()
    rolling.join(60)
    assert answered_at_once, "the rollback waited for the training"
    assert wait_for(lambda: client.get(job_url).json()["status"] == "done", 60)
    result = client.get(job_url).json()["result"]
    assert result["version"] == 3 and result["live"] is False and "oos" in result["labels"]
    assert "version 3 was saved but is not live: version 1 was made live" in result["warning"]
    shown = client.get("/v1/taggers/queues").json()
    assert (shown["version"], shown["live"], shown["versions"]) == (1, True, [1, 2, 3])
    assert client.post("/v1/taggers/queues/predict", json={"texts": ["hi"]}).json()["version"] == 1
    forward = client.post("/v1/taggers/queues/rollback", json={"version": 3}).json()
    assert (forward["version"], forward["live"], forward["warning"]) == (3, True, None)
    # the next training goes live as before
    assert client.post("/v1/taggers/queues/retrain").json()["live"] is True


@pytest.mark.parametrize("deleted_by", ["api", "another process"])
@pytest.mark.parametrize("wait", [False, True])
def test_a_tagger_deleted_while_it_trains_stays_deleted(client, trained, monkeypatch, deleted_by,
                                                        wait):  # fmt: skip
    """DELETE during a training of the tagger: once the training finished, the tagger came back
    (saved and live again). The deletion wins: the training is discarded, its job says
    `cancelled` (a waiting caller gets a 409), and the tagger stays gone."""
    started, release = held_training(monkeypatch)
    answers: list = []
    training = threading.Thread(target=lambda: answers.append(client.put(
        "/v1/taggers/queues", params={"wait": str(wait).lower()}, json={"examples": EXAMPLES})))  # fmt: skip
    training.start()
    assert started.wait(60)
    if deleted_by == "api":
        assert client.delete("/v1/taggers/queues").status_code == 204
    else:  # `boucle taggers delete` writes the disk alone
        client.app.state.taggers.store.delete("queues")
    release.set()
    training.join(60)
    answer = answers[0]
    if wait:
        assert answer.status_code == 409, answer.text
        message = answer.json()["message"]
    else:
        assert answer.status_code == 202, answer.text
        job_url = answer.headers["Location"]
        assert wait_for(lambda: client.get(job_url).json()["status"] not in ("queued", "running"),
                        60)  # fmt: skip
        job = client.get(job_url).json()
        assert job["status"] == "cancelled", job
        message = job["message"]
    assert "was deleted while it trained: this training was discarded" in message
    assert client.get("/v1/taggers/queues").status_code == 404
    assert client.get("/v1/taggers").json()["items"] == []
    assert "queues" not in client.post("/v1/tag", json={"text": "login broken"}).json()["tags"]
    # trained again, it comes back
    assert client.put("/v1/taggers/queues", json={"examples": EXAMPLES[:8]}).status_code == 200


def test_repeats_are_learnt_once_and_kept_in_one_fold() -> None:
    """Each row given 4 times: split across folds, each copy was scored by a model trained on
    another (random labels: 1.0 cross-validated, chance on rows held back). A text's repeats
    now share a fold: the figures say what the features tell, not what was memorised."""
    from models.training import fit_single_label

    rng = np.random.default_rng(0)
    words = [f"w{i}x" for i in range(300)]
    texts = [" ".join(rng.choice(words, 3)) for _ in range(48)]
    labels = list(rng.choice(["a", "b"], 48))
    vectors = rng.normal(size=(48, 8)).astype(np.float32)
    fitted = fit_single_label("random", texts * 4, np.vstack([vectors] * 4), labels * 4, "test")
    assert fitted.metrics["accuracy"] < 0.8, fitted.metrics


def test_repeated_examples_are_said_and_an_append_of_stored_ones_too(client):
    twice = [*EXAMPLES[:8], *({**e, "text": f"  {e['text'].upper()} "} for e in EXAMPLES[:8])]
    trained = client.put("/v1/taggers/queues", json={"examples": twice}).json()
    assert trained["metrics"]["examples"] == 8 and trained["counts"] == {"billing": 4, "login": 4}
    assert "8 examples repeat an earlier one" in trained["warning"], trained["warning"]
    assert "already stored" not in trained["warning"]
    again = client.put("/v1/taggers/queues", json={"examples": EXAMPLES[:3], "append": True})
    said = again.json()["warning"]
    assert again.json()["counts"] == {"billing": 4, "login": 4}
    assert "3 examples repeat an earlier one" in said and "(3 of them already stored" in said


def test_a_multi_label_taggers_threshold_is_applied(client):
    trained = client.put("/v1/taggers/multi", json={"examples": MULTI, "multi_label": True,
                                                    "threshold": 0.9}).json()  # fmt: skip
    assert trained["threshold"] == 0.9 and trained["metrics"]["threshold"] == 0.9, trained
    assert client.get("/v1/taggers/multi").json()["threshold"] == 0.9
    texts = ["I cannot log in", "Charged twice", "Refund and password reset"]
    answers = client.post("/v1/taggers/multi/predict", json={"texts": texts}).json()
    for answer in answers["predictions"]:
        scores = {s["label"]: s["score"] for s in answer["top"]}
        assert answer["labels"] == [label for label, s in scores.items() if s >= 0.9], answer
    default = client.put("/v1/taggers/multi", json={"examples": MULTI, "multi_label": True})
    assert default.json()["threshold"] == 0.5


def test_a_threshold_that_sends_in_scope_text_to_unknown_is_warned_about(client):
    trained = client.put("/v1/taggers/strict", json={"examples": EXAMPLES, "unknown_label": "oos",
                                                     "threshold": 0.95}).json()  # fmt: skip
    metrics = trained["metrics"]
    cost = metrics["in_scope_accuracy_without_threshold"] - metrics["in_scope_accuracy"]
    assert cost > 0.1, metrics
    assert "threshold 0.95 sends in-scope examples to unknown" in trained["warning"], trained
    chosen = client.put("/v1/taggers/chosen", json={"examples": EXAMPLES, "unknown_label": "oos"})
    assert "sends in-scope" not in (chosen.json()["warning"] or "")


def test_labels_are_trimmed_and_normalised_and_case_twins_named(client):
    nfd, nfc = "Ru\u0308ckerstattung", "R\u00fcckerstattung"
    examples = [
        {"text": "Where is my money back?", "label": nfd},
        {"text": "Refund not received", "label": nfc},
        {"text": "I lost my card", "label": " carte perdue "},
        {"text": "Card stolen yesterday", "label": "carte perdue"},
        {"text": "My Card app crashes", "label": "Card"},
        {"text": "The Card app is slow", "label": "Card"},
        {"text": "Card payment refused", "label": "card"},
        {"text": "My card was declined", "label": "card"},
    ]
    trained = client.put("/v1/taggers/labels", json={"examples": examples}).json()
    assert trained["counts"] == {"Card": 2, nfc: 2, "card": 2, "carte perdue": 2}, trained
    assert "differ only by case" in trained["warning"] and "'Card', 'card'" in trained["warning"]
    multi = [{**e, "label": [e["label"]]} for e in examples]
    listed = client.put("/v1/taggers/multi", json={"examples": multi, "multi_label": True})
    assert set(listed.json()["labels"]) == {"Card", nfc, "card", "carte perdue"}


def test_a_first_training_is_cancelled_by_a_delete(client, monkeypatch):
    """DELETE during the first training of a tagger (nothing saved yet) answered 404 and the
    training went on to make it."""
    started, release = held_training(monkeypatch)
    training = client.put("/v1/taggers/fresh", params={"wait": "false"},
                          json={"examples": EXAMPLES[:8]})  # fmt: skip
    assert training.status_code == 202 and started.wait(60)
    assert client.delete("/v1/taggers/fresh").status_code == 204
    release.set()
    job_url = training.headers["Location"]
    assert wait_for(lambda: client.get(job_url).json()["status"] not in ("queued", "running"), 60)
    job = client.get(job_url).json()
    assert job["status"] == "cancelled" and "was deleted while it trained" in job["message"]
    assert client.get("/v1/taggers/fresh").status_code == 404
    assert client.delete("/v1/taggers/fresh").status_code == 404  # nothing left to cancel


def test_a_delete_before_the_job_starts_cancels_the_training(client, monkeypatch):
    """DELETE after the 202 but before the job's thread began the training answered 404 (no
    tagger yet), and the training went on to make the tagger live."""
    import api.taggers.service as service

    begun, release = threading.Event(), threading.Event()
    distinct = service.distinct_examples

    def held_distinct(*args, **kwargs):  # the job's first step: held before the fit starts
        begun.set()
        assert release.wait(60)
        return distinct(*args, **kwargs)

    monkeypatch.setattr(service, "distinct_examples", held_distinct)
    training = client.put("/v1/taggers/fresh", params={"wait": "false"},
                          json={"examples": EXAMPLES[:8]})  # fmt: skip
    assert training.status_code == 202 and begun.wait(60)
    job_url = training.headers["Location"]
    deleted = client.delete("/v1/taggers/fresh")
    assert deleted.status_code == 204, deleted.text
    job = client.get(job_url).json()  # said at once: it never started
    assert job["status"] == "cancelled" and "was deleted while it trained" in job["message"], job
    release.set()
    for job in [t for t in threading.enumerate() if t.name == "boucle-tagger.train"]:
        job.join(60)  # its thread ran on to its end: it made nothing
    assert client.get(job_url).json()["status"] == "cancelled"
    assert client.get("/v1/taggers/fresh").status_code == 404
    assert "fresh" not in client.post("/v1/tag", json={"text": "login broken"}).json()["tags"]
    assert client.delete("/v1/taggers/fresh").status_code == 404  # nothing left to cancel


def test_a_training_waiting_its_turn_is_queued_not_running(client, monkeypatch):
    """A job waiting behind another training said `running` (and a started_at) for as long as
    it waited."""
    started, release = held_training(monkeypatch)
    first = client.put("/v1/taggers/one", params={"wait": "false"}, json={"examples": EXAMPLES})
    assert first.status_code == 202 and started.wait(60)
    assert client.get(first.headers["Location"]).json()["status"] == "running"
    second = client.put("/v1/taggers/two", params={"wait": "false"}, json={"examples": EXAMPLES})
    second_url = second.headers["Location"]
    assert wait_for(lambda: client.get(second_url).json()["message"].startswith("queued behind"))
    waiting = client.get(second_url).json()
    assert (waiting["status"], waiting["started_at"]) == ("queued", None), waiting
    release.set()
    assert wait_for(lambda: client.get(second_url).json()["status"] == "done", 60)
    assert client.get(second_url).json()["started_at"] is not None


def test_a_training_job_says_what_it_waits_behind_and_how_far_it_is(client, monkeypatch):
    started, release = held_training(monkeypatch)
    first = client.put("/v1/taggers/one", params={"wait": "false"}, json={"examples": EXAMPLES})
    assert first.status_code == 202 and started.wait(60)
    second = client.put("/v1/taggers/two", params={"wait": "false"}, json={"examples": EXAMPLES})
    second_url = second.headers["Location"]
    behind = f"queued behind job {first.json()['id']} (training 'one')"
    assert wait_for(lambda: client.get(second_url).json()["message"] == behind), client.get(
        second_url
    ).json()
    release.set()
    assert wait_for(lambda: client.get(second_url).json()["status"] == "done", 60)
    heard: list[tuple[float, str]] = []
    client.app.state.taggers.fit("three", EXAMPLES, TrainOptions(False, None, None, None),
                                 progress=lambda share, said: heard.append((share, said)))  # fmt: skip
    fitted = [said for _, said in heard if said.startswith("fitted")]
    assert fitted[0] == "fitted 1 of 4 models (folds, then the last)" and len(fitted) == 4, heard
    shares = [share for share, _ in heard]
    assert shares == sorted(shares) and 0 < shares[-1] < 1


def test_opening_the_taggers_logs_nothing_of_a_taggers_examples(client, tagger, caplog):
    """Every `boucle taggers` command (predict twice) logged another tagger's warning about its
    examples: it is said where that tagger is trained or shown."""
    import logging

    from api.taggers.service import Taggers

    clash = [*EXAMPLES[:8], {"text": "I was charged twice for my order", "label": "login"}]
    assert "different labels" in client.put("/v1/taggers/dup", json={"examples": clash}).text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        Taggers(client.app.state.taggers.store, tagger)
    assert not [r for r in caplog.records if "different labels" in r.getMessage()]
