"""`boucle needs`, `boucle voc` and `boucle loop` on a workspace filled through the API and closed,
as `boucle serve` leaves it: the figures the routes give, tables and JSON, and one-line errors."""

import json
import os
import re
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.app import create_app
from api.cli import main
from api.money import money
from api.needs.rice_cells import DEFAULT_FOOTNOTE
from api.settings import Settings, get_settings
from api.storage.loop_tables import Notification
from api.storage.tables import Base, Feedback, Insight, Need, NeedSuggestion
from api.terminal import opened
from api.vectors import EdgeVectorStore, VectorFilter
from api.workspace import NEEDS, open_collections, open_existing_database
from models.embedders import EMBEDDERS
from tests.test_loop import SECRET, Receiver

ANN = {"id": "c1", "email": "ann@northwind.com", "name": "Ann", "language": "en"}
LUC = {"id": "c2", "email": "luc@example.fr", "name": "Luc", "language": "fr"}


def feedback(ext: str, text: str, account: str, contact: dict | None = None, **fields) -> dict:
    item = {"source": "zendesk", "external_id": ext, "text": text, "account_id": account, **fields}
    return item if contact is None else {**item, "contact": contact}


@pytest.fixture
def served(settings: Settings, tagger, monkeypatch) -> dict[str, int]:
    """Two needs (export: Acme and Shop, with an effort; dark mode: Shop, none) and three NPS
    answers; BOUCLE_DATA_DIR points the CLI at them."""
    with TestClient(create_app(settings, tagger)) as client:
        client.put("/v1/accounts/acme", json={"name": "Acme", "arr": 200_000,
                                              "segment": "enterprise"})  # fmt: skip
        client.put("/v1/accounts/shop", json={"name": "Shop", "arr": 5_000, "segment": "smb"})
        items = [
            feedback("t1", "The CSV export crashes, we lose data, fix it now!", "acme", ANN),
            feedback("t2", "L'export plante tout le temps.", "shop", LUC),
            feedback("t3", "A dark mode would be nice.", "shop", {"id": "c3", "name": "Eve"}),
            # NPS: 10 (acme), 3 and 9 (shop): 2 promoters, 1 detractor of 3 -> 33.3
            *(feedback(f"n{n}", "Answer to the survey.", account, source="nps_survey",
                       score=score) for n, (account, score) in
              enumerate((("acme", 10), ("shop", 3), ("shop", 9)))),
        ]  # fmt: skip
        stored = client.post("/v1/feedback", json={"items": items}).json()["items"]
        insight = [i["insights"][0]["id"] for i in stored[:3]]
        export = client.post("/v1/needs", json={"title": "Export crashes",
                                                "insight_ids": insight[:2]}).json()["id"]  # fmt: skip
        dark = client.post("/v1/needs", json={"title": "Dark mode",
                                              "insight_ids": insight[2:]}).json()["id"]  # fmt: skip
        assert client.patch(f"/v1/needs/{export}", json={"effort": 2}).status_code == 200
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    yield {"export": export, "dark": dark}
    get_settings.cache_clear()


def database_rows() -> dict[str, int]:
    """How many rows each table of the workspace's database holds."""
    with opened() as ws, ws.db.session() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t))
                for t in Base.metadata.sorted_tables}  # fmt: skip


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_a_planned_need_s_rank_is_its_rank_among_every_open_need(served: dict, capsys) -> None:
    """`needs show` said "rank 1 among planned needs" where the ranking (GET /v1/priorities,
    `needs priorities`) puts every open, planned and in-progress need together: a planned need
    second there was first here."""
    with opened() as ws, ws.db.session() as session:
        session.get(Need, served["dark"]).status = "planned"
    ranked = json_lines(run(capsys, "needs", "priorities", "--json")[1])
    rank = next(i["rank"] for i in ranked if i["need_id"] == served["dark"])
    code, out, _ = run(capsys, "needs", "show", str(served["dark"]))
    assert code == 0 and rank == 2
    assert ", rank 2 of 2 open needs (open, planned or in progress)" in out, out


def test_needs_list_show_and_priorities(served: dict, capsys) -> None:
    export, dark = served["export"], served["dark"]
    code, out, _ = run(capsys, "needs", "list", "--sort", "arr")
    assert code == 0
    header, first, second = out.splitlines()
    assert header.split() == ["id", "status", "insights", "accounts", "ARR", "urgent", "title"]
    assert first.split()[:5] == [str(export), "open", "2", "2", "€205K"]  # BOUCLE_CURRENCY
    assert second.split()[0] == str(dark) and second.endswith("Dark mode")
    code, out, _ = run(capsys, "needs", "list", "--json", "--segment", "smb", "--limit", "1")
    [only] = json_lines(out)
    assert only["id"] == export and only["impact"]["arr"] == 5_000  # Shop's evidence only
    code, out, _ = run(capsys, "needs", "list", "--json", "--account", "acme")
    assert code == 0 and [n["id"] for n in json_lines(out)] == [export]  # Acme's needs only

    code, out, _ = run(capsys, "needs", "show", str(export))
    assert code == 0 and out.startswith(f"need {export}: Export crashes [open]")
    assert "2 insights, 2 accounts, 2 contacts, ARR €205K" in out
    assert "RICE over 90 days: score" in out
    # each number with what it counts and no ".0": "reach 2.0" read as a score, not 2 accounts
    assert (
        ", rank 1 of 2 open needs (open, planned or in progress); reach 2 accounts, impact 3, "
        "confidence 0.5, effort 2\n" in out
    ), out
    assert "set by a person" not in out  # nothing is
    assert "enterprise" in out and "Acme" in out and "The CSV export crashes" in out
    code, out, _ = run(capsys, "needs", "show", str(dark), "--json")
    shown = json.loads(out)
    assert "(default effort: 1 person-month (BOUCLE" in run(capsys, "needs", "show", str(dark))[1]
    with opened() as ws, ws.db.session() as session:  # one suggestion waits: said in the singular
        survey = session.scalars(select(Feedback.id).where(Feedback.source == "nps_survey")).first()
        insight = session.scalars(select(Insight.id).where(Insight.feedback_id == survey)).first()
        session.add(NeedSuggestion(insight_id=insight, need_id=dark, score=0.8))
    assert (
        "  1 suggestion waiting for review (latest " in run(capsys, "needs", "show", str(dark))[1]
    )
    assert shown["impact"]["by_segment"] == {"smb": {"accounts": 1, "arr": 5_000}}
    assert shown["rice"]["factors"]["effort"]["defaulted"] and len(shown["evidence"]) == 1

    code, out, _ = run(capsys, "needs", "priorities", "--json")
    ranked = json_lines(out)  # no effort: ranked by its score with the default effort
    assert {i["need_id"] for i in ranked} == {export, dark}
    assert [i["score"] for i in ranked] == sorted((i["score"] for i in ranked), reverse=True)
    code, out, _ = run(capsys, "needs", "priorities", "--reach", "arr")
    top = json_lines(run(capsys, "needs", "priorities", "--reach", "arr", "--json")[1])[0]
    value = {name: factor["value"] for name, factor in top["factors"].items()}
    # reach: 205 thousand ARR; confidence: 2 insights linked by hand, 0.5 x (0.5 + 0.5 x 1.0)
    assert (value["reach"], value["confidence"], value["effort"]) == (205.0, 0.5, 2)
    assert top["score"] == round(205.0 * value["impact"] * 0.5 / 2, 3)
    # the ARR reach as money, as the ARR column writes it: "205.0" said neither € nor thousands
    assert out.splitlines()[1].split()[:7] == ["1", str(export), "153.75", "€205K", "3", "0.5", "2"]

    assert run(capsys, "needs", "show", "999") == (1, "", "boucle: no need with id 999\n")
    with pytest.raises(SystemExit) as refused:
        main(["needs", "show", "-3"])
    assert refused.value.code == 2 and "not a positive whole number" in capsys.readouterr().err


def priorities_rows(capsys, *options: str) -> tuple[dict[int, list[str]], list[str]]:
    """`needs priorities`'s cells by need id (rank, id, score, reach, impact, ...: cells are two
    spaces apart, a reach of "2 accounts" is one), and the lines under the table."""
    header, *lines = run(capsys, "needs", "priorities", *options)[1].splitlines()
    rows = [re.split(" {2,}", line.strip()) for line in lines if line.split()[0].isdigit()]
    return {int(row[1]): row for row in rows}, lines[len(rows) :]


def test_priorities_say_what_each_reach_counts_and_which_factor_a_person_set(
    served: dict, settings: Settings, tagger, capsys
) -> None:
    """The reach column said "7 customers" on a fallback row but a bare "2.0" on a row counted in
    accounts, and a reach a person set to 50 as "50.0", unmarked (the page shows ✎, the JSON
    `overridden`): each reach says its unit, a person's value is marked * and footnoted."""
    export, dark = served["export"], served["dark"]
    cells, under = priorities_rows(capsys)
    assert (cells[export][3], cells[dark][3]) == ("2 accounts", "1 account")
    assert under == [DEFAULT_FOOTNOTE]  # no * footnote where no factor is a person's

    with TestClient(create_app(settings, tagger)) as client:
        review = feedback("r1", "Export crashes on my phone.", None, source="app_store")
        anonymous = client.post("/v1/feedback", json={"items": [review]})
        insight = anonymous.json()["items"][0]["insights"][0]["id"]
        linked = client.post(f"/v1/needs/{export}/links", json={"insight_ids": [insight]})
        set_reach = client.patch(f"/v1/needs/{dark}", json={"rice_overrides": {"reach": 50}})
        assert (linked.status_code, set_reach.status_code) == (200, 200)
    cells, under = priorities_rows(capsys)
    # 2 accounts and a reviewer with none: customers; the person's 50 counts accounts, marked
    assert (cells[export][3], cells[dark][3]) == ("3 customers", "50 accounts*")
    assert under == ["* set by a person", DEFAULT_FOOTNOTE]
    assert priorities_rows(capsys, "--reach", "contacts")[0][export][3] == "3 people"
    # a person's 50 accounts is not a count of feedback: the evidence's reach, nothing marked
    cells, under = priorities_rows(capsys, "--reach", "feedback")
    assert (cells[export][3], cells[dark][3], under) == (
        "3 feedback items", "1 feedback item", [DEFAULT_FOOTNOTE]
    )  # fmt: skip
    ranked = json_lines(run(capsys, "needs", "priorities", "--json")[1])  # as it was
    reach = next(i["factors"]["reach"] for i in ranked if i["need_id"] == dark)
    assert reach | {"how": ""} == {"value": 50.0, "derived": 1.0, "how": "", "overridden": True,
                                   "defaulted": False, "unit": "accounts"}  # fmt: skip

    out = run(capsys, "needs", "show", str(dark))[1]
    assert "; reach 50 accounts*, impact " in out and "\n  * set by a person\n" in out, out
    assert "; reach 3 customers, impact " in run(capsys, "needs", "show", str(export))[1]


def test_priorities_mark_an_effort_nobody_set_as_the_default(served: dict, capsys) -> None:
    """The page badges the default effort ("default"), the JSON says `defaulted`; the table
    wrote it as a plain "1", as if a person had estimated one person-month."""
    export, dark = served["export"], served["dark"]
    cells, under = priorities_rows(capsys)
    # rank, id, score, reach, impact, confidence, effort
    assert (cells[export][6], cells[dark][6]) == ("2", "1 (default)")
    assert under == ["(default) no effort set yet: the default, BOUCLE_RICE_DEFAULT_EFFORT"]
    assert ", effort 1 (default)\n" in run(capsys, "needs", "show", str(dark))[1]
    assert ", effort 2\n" in run(capsys, "needs", "show", str(export))[1]


def test_needs_list_and_priorities_warn_of_a_segment_no_account_has(served: dict, capsys) -> None:
    """`--segment enterprize` (a typo) listed every need with zeros, silently: said on stderr as
    the routes say it, and the answer stays an answer (exit 0)."""
    said = "warning: no account has segment 'enterprize'; segments stored: enterprise, smb\n"
    code, out, err = run(capsys, "needs", "list", "--json", "--segment", "enterprize")
    assert code == 0 and err == f"boucle needs list: {said}"
    assert json_lines(out) == []  # no need has evidence from a segment no account has
    code, out, err = run(capsys, "needs", "priorities", "--segment", "enterprize")
    assert code == 0 and err == f"boucle needs priorities: {said}"
    for command in ("list", "priorities"):
        assert run(capsys, "needs", command, "--segment", "SMB")[2] == ""


def test_ship_previews_queues_and_sends_as_the_route_and_worker_do(served: dict, capsys,
                                                                     monkeypatch, tagger) -> None:  # fmt: skip
    export = served["export"]
    written = database_rows()
    assert written[Notification.__tablename__] == 0
    code, out, _ = run(capsys, "needs", "ship", str(export), "--dry-run")
    assert code == 0 and "2 to notify, 0 excluded (dry run, nothing written)" in out
    table, *messages = out.split("\n\nmessage to ")
    header, *people = table.splitlines()[1:]
    assert header.split() == ["name", "email", "account", "ARR", "excluded"]
    # the route's preview: one row a person, the largest account first
    assert [p.split() for p in people] == [["Ann", "ann@northwind.com", "Acme", "€200K", "-"],
                                           ["Luc", "luc@example.fr", "Shop", "€5K", "-"]]  # fmt: skip
    # then the message each would get, as they would read it: the body was not shown at all
    assert [m.splitlines()[:2] for m in messages] == [
        ["Ann <ann@northwind.com> (en)", "  subject: You asked, we built it: Export crashes"],
        ["Luc <luc@example.fr> (fr)",
         "  subject: Vous l'avez demandé, c'est fait : Export crashes"],
    ]  # fmt: skip
    assert '  | You told us: "The CSV export crashes, we lose data, fix it now!"' in messages[0]
    assert "  | Vous nous aviez écrit : « L'export plante tout le temps. »" in messages[1]
    assert messages[1].endswith("\n  | Pour ne plus recevoir ces messages : [unsubscribe link]\n")
    out = run(capsys, "needs", "decline", str(served["dark"]), "--dry-run")[1]
    assert "\n\nmessage to Eve (en)\n  subject: About your request: Dark mode\n" in out, out
    assert '  | You told us: "A dark mode would be nice."\n' in out
    assert database_rows() == written  # the previews wrote nothing, anywhere

    code, out, _ = run(capsys, "needs", "ship", str(export))
    assert code == 0 and f"need {export} shipped: 2 notifications queued" in out
    queued = json_lines(run(capsys, "loop", "outbox", "--json", "--need", str(export))[1])
    assert {(q["email"], q["kind"], q["status"]) for q in queued} == {
        ("ann@northwind.com", "shipped", "pending"),
        ("luc@example.fr", "shipped", "pending"),
    }
    assert run(capsys, "needs", "ship", str(export))[1].endswith(
        "already shipped: nothing new queued\n"
    )
    # shipped already: nothing would change ("would be shipped" read as a change to come)
    assert run(capsys, "needs", "ship", str(export), "--dry-run")[1] == (
        f"need {export} is already shipped: nothing would change (dry run, nothing written)\n"
    )
    settings = get_settings()
    database = open_existing_database(settings)
    store = open_collections(settings, EMBEDDERS[settings.embedder].dim, database)  # the filter too
    try:
        assert store.count(NEEDS, VectorFilter(equals={"status": "shipped"})) == 1
    finally:
        store.close()
        database.close()

    assert run(capsys, "loop", "send") == (
        1, "", "boucle loop send: no channel to send with: set BOUCLE_NOTIFY_CHANNEL (webhook "
        "or smtp) and its settings\n")  # fmt: skip
    receiver = Receiver()
    monkeypatch.setenv("BOUCLE_NOTIFY_CHANNEL", "webhook")
    monkeypatch.setenv("BOUCLE_WEBHOOK_URL", receiver.url)
    monkeypatch.setenv("BOUCLE_WEBHOOK_SECRET", SECRET)
    get_settings.cache_clear()
    try:
        code, out, _ = run(capsys, "loop", "send")
    finally:
        receiver.close()
    assert (
        code == 0 and out == "2 notifications sent, 0 still pending (retries wait their back-off)\n"
    )
    assert len(receiver.received) == 2
    assert run(capsys, "loop", "outbox", "--unsent")[1].splitlines()[1:] == []
    code, out, _ = run(capsys, "loop", "metrics")
    assert out.startswith("1 of 1 decided needs closed (100%")

    assert run(capsys, "needs", "decline", "999") == (1, "", "boucle: no need with id 999\n")
    assert run(capsys, "needs", "ship", "999", "--dry-run")[2] == "boucle: no need with id 999\n"
    assert run(capsys, "loop", "outbox", "--need", "999")[0] == 1
    with TestClient(create_app(settings.model_copy(update={"worker": False}), tagger)) as client:
        client.post(f"/v1/needs/{export}/merge", json={"sources": [served["dark"]]})
    assert run(capsys, "needs", "decline", str(served["dark"]), "--dry-run") == (
        1, "", f"boucle: need {served['dark']} was merged into {export}: decide that one\n")  # fmt: skip


def test_voc_nps_health_and_at_risk(served: dict, capsys, monkeypatch) -> None:
    code, out, _ = run(capsys, "voc", "nps")
    assert code == 0 and out.startswith("NPS 33.3 from 3 answers (2 promoters, 0 passives, "
                                        "1 detractor)")  # fmt: skip
    assert "enterprise" in out and "smb" in out
    report = json.loads(run(capsys, "voc", "nps", "--segment", "enterprise", "--json")[1])
    assert (report["overall"]["responses"], report["overall"]["nps"]) == (1, 100.0)
    assert json.loads(run(capsys, "voc", "nps", "--to", "2020-01-01", "--json")[1])[
        "overall"]["responses"] == 0  # fmt: skip
    january = run(capsys, "voc", "nps", "--from", "2020-01-01", "--to", "2020-01-31")[1]
    assert "The previous 31 days: NPS none from 0 answers; change none" in january
    code, _, err = run(capsys, "voc", "nps", "--from", "2026-12-02", "--to", "2026-12-01")
    assert code == 2 and "--from is after --to" in err
    with pytest.raises(SystemExit) as refused:
        main(["voc", "nps", "--from", "yesterday"])
    assert refused.value.code == 2 and "write a day (2026-11-01)" in capsys.readouterr().err

    # amounts in BOUCLE_CURRENCY, written as the page and the digest write them (api/money.py)
    monkeypatch.setenv("BOUCLE_CURRENCY", "USD")
    get_settings.cache_clear()
    code, out, _ = run(capsys, "voc", "health", "shop")
    assert code == 0 and out.startswith("shop (Shop, smb, ARR $5K): health ")
    health = json.loads(run(capsys, "voc", "health", "acme", "--json")[1])
    assert health["account_id"] == "acme" and health["components"]
    assert run(capsys, "voc", "health", "nobody") == (
        1,
        "",
        "boucle: no account with id 'nobody'\n",
    )
    ranked = json_lines(run(capsys, "voc", "at-risk", "--json")[1])
    assert {a["account_id"] for a in ranked} <= {"acme", "shop"} and ranked
    # in ranked order: few answers are weighed against the workspace's (the score is each's own)
    assert [a["ranked_score"] for a in ranked] == sorted(a["ranked_score"] for a in ranked)
    # the answers each score rests on, and the ARR under the line in a footer
    code, out, _ = run(capsys, "voc", "at-risk")
    lines = out.splitlines()
    assert code == 0 and {"score", "ranked", "answers"} <= set(lines[0].split())
    risky = [a for a in ranked if a["score"] < 50]
    arr = sum(a["arr"] or 0 for a in risky)
    assert lines[-1] == (
        f"{len(risky)} account{'s' if len(risky) != 1 else ''} at risk (under 50), "
        f"ARR at risk {money(arr, 'USD')}"
    )


def test_reads_need_no_models_and_no_vector_store(served: dict, tmp_path) -> None:
    """Beside a server holding the embedded store: the reads answer without loading a model;
    shipping, which moves the need's status in the store too, says the store is busy."""
    settings = get_settings()
    reads = [["needs", "list"], ["needs", "show", str(served["export"])],
             ["needs", "priorities"], ["needs", "ship", "1", "--dry-run"], ["voc", "nps"],
             ["voc", "at-risk"], ["loop", "outbox"], ["loop", "metrics"]]  # fmt: skip
    script = ("import sys; from api.cli import main\n"
              f"for argv in {reads!r}:\n    assert main(argv) == 0, argv\n"
              "assert 'torch' not in sys.modules and 'transformers' not in sys.modules\n"
              "sys.exit(main(['needs', 'ship', '1']))")  # fmt: skip
    held = EdgeVectorStore(settings.data_dir / "qdrant")
    try:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              env={**os.environ, "BOUCLE_DATA_DIR": str(settings.data_dir)},
                              timeout=300)  # fmt: skip
    finally:
        held.close()
    assert done.returncode == 1, done.stderr[-2000:]
    assert "open in another process" in done.stderr and "Traceback" not in done.stderr
    assert "Export crashes" in done.stdout
