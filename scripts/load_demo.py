"""Load the demo workspace (scripts/demo_data.py) into the configured store, the way a customer
would fill it: accounts and contacts, six months of feedback through ingestion, the survey sends
behind its NPS and CSAT answers and the team's first replies and calls, then a product
manager creates the backlog's needs from a few quotes each and Boucle finds the rest.

    python scripts/load_demo.py [--if-empty] [--items 600] [--seed 7]
"""

import argparse
import os
import sys
import time
from datetime import datetime
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "scripts"]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from analyzer import Analyzer  # noqa: E402
from api.accounts.schemas import AccountIn, ContactIn  # noqa: E402
from api.accounts.service import upsert_account, upsert_contact  # noqa: E402
from api.feedback.schemas import FeedbackIn  # noqa: E402
from api.feedback.service import ingest  # noqa: E402
from api.needs.schemas import NeedCreate, NeedUpdate  # noqa: E402
from api.needs.service import create_need, decide_suggestion, update_need  # noqa: E402
from api.settings import get_settings  # noqa: E402
from api.storage.tables import Feedback, Insight, NeedSuggestion  # noqa: E402
from api.tagging.service import Tagger  # noqa: E402
from api.themes.refit import refit  # noqa: E402
from api.voc.followup import add_action, list_actions  # noqa: E402
from api.voc.schemas import MAX_SENDS, ActionIn, SendIn  # noqa: E402
from api.voc.surveys import record_sends  # noqa: E402
from api.workspace import Workspace, open_workspace  # noqa: E402
from scripts import demo_data  # noqa: E402

# A closed need is created at the status it had before its decision, then closed (close_needs):
# a shipped one was worked on first, a declined one never started.
BEFORE_CLOSING = {"shipped": "in_progress", "declined": "open"}
SEED_QUOTES = 3  # quotes a PM picks to create each need; matching finds the others


def is_empty(ws: Workspace) -> bool:
    with ws.db.session() as session:
        return not session.scalar(select(func.count()).select_from(Feedback))


def load_people(ws: Workspace, data: dict) -> None:
    with ws.db.session() as session:
        for account in data["accounts"]:
            upsert_account(session, AccountIn(**account))
        session.flush()
        for contact in data["contacts"]:
            upsert_contact(session, ContactIn(**contact))


def load_feedback(ws: Workspace, data: dict) -> dict[tuple[str, str], int]:
    ids: dict[tuple[str, str], int] = {}
    items = [
        FeedbackIn(
            source=f["source"],
            external_id=f["external_id"],
            text=f["text"],
            created_at=f["created_at"],
            account_id=f["account_id"],
            contact_id=f["contact_id"],
            score=f["score"],
            metadata=f["metadata"],
        )  # fmt: skip
        for f in data["feedback"]
    ]
    for start in range(0, len(items), 100):
        for accepted in ingest(ws, items[start : start + 100]):
            ids[accepted.item.key] = accepted.id
    return ids


def load_sends(ws: Workspace, data: dict) -> int:
    """The survey tool's sends, as POST /v1/surveys/sends records them; a re-run's sends are
    duplicates of the stored ones (same external id), stored once. Returns how many are new."""
    sends = [SendIn(survey=s["survey"], contact_id=s["contact_id"], sent_at=s["sent_at"],
                    external_id=s["external_id"]) for s in data["sends"]]  # fmt: skip
    created = 0
    for start in range(0, len(sends), MAX_SENDS):
        results = record_sends(ws, sends[start : start + MAX_SENDS])
        created += sum(result.status == "created" for result in results)
    return created


def load_follow_ups(ws: Workspace, data: dict, ids: dict[tuple[str, str], int]) -> int:
    """The team's first follow-up on items, as POST /v1/feedback/{id}/actions records
    it. An item already followed up (a re-run, maybe on another day) is left as it is: actions
    have no key to tell a repeat by. Returns how many were added."""
    added = 0
    for action in data["follow_ups"]:
        feedback_id = ids[tuple(action["feedback"])]
        if list_actions(ws, feedback_id):
            continue
        body = ActionIn(kind=action["kind"], at=action["at"], by=action["by"], note=action["note"])
        add_action(ws, feedback_id, body, actor="demo")
        added += 1
    return added


def seed_quotes(ws: Workspace, need: dict, feedback_ids: list[int]) -> list[int]:
    """The insight of each chosen item that is closest to the need's title."""
    title = ws.tagger.embed([need["title"]])[0]
    chosen = []
    with ws.db.session() as session:
        for feedback_id in feedback_ids:
            insights = session.scalars(
                select(Insight).where(
                    Insight.feedback_id == feedback_id, Insight.vector.is_not(None)
                )
            ).all()
            if insights:
                scores = [float(np.frombuffer(i.vector, np.float32) @ title) for i in insights]
                chosen.append(insights[int(np.argmax(scores))].id)
    return chosen


def load_needs(ws: Workspace, data: dict, ids: dict[tuple[str, str], int]) -> dict[int, str]:
    """Creates the backlog; returns need id -> the demo's key for it."""
    keys = {}
    for need in data["needs"]:
        examples = [f for f in data["feedback"] if f["need_key"] == need["key"]][:SEED_QUOTES]
        found = [ids[(f["source"], f["external_id"])] for f in examples]
        # A closed need is shipped (or declined) once its evidence is in (close_needs), so its
        # customers are told, as when a PM decides one.
        status = BEFORE_CLOSING.get(need["status"], need["status"])
        body = NeedCreate(title=need["title"], titles=need["titles"],
                          description=need["description"], status=status,
                          insight_ids=seed_quotes(ws, need, found))  # fmt: skip
        need_id = create_need(ws, body, actor="demo")
        keys[need_id] = need["key"]
        if need.get("effort"):  # estimated by the team, as RICE needs (some are not yet)
            update_need(ws, need_id, NeedUpdate(effort=need["effort"]), actor="demo")
    return keys


def close_needs(ws: Workspace, data: dict, keys: dict[int, str]) -> int:
    """The demo's shipped and declined needs reach that status the way a PM's do (PATCH), which
    writes one notification per contact behind them to the outbox."""
    status = {need["key"]: need["status"] for need in data["needs"]}
    closed = 0
    for need_id, key in keys.items():
        if status[key] in BEFORE_CLOSING:
            update_need(ws, need_id, NeedUpdate(status=status[key]), actor="demo")
            closed += 1
    return closed


def review_some_suggestions(ws: Workspace, data: dict, keys: dict[int, str], share: float) -> int:
    """A product manager has worked through part of the queue: the suggestions of the oldest
    `share` of the feedback are decided (accepted when the demo wrote that item for that need);
    the rest wait in GET /v1/needs/suggestions."""
    need_key = {(f["source"], f["external_id"]): f["need_key"] for f in data["feedback"]}
    dates = sorted(datetime.fromisoformat(f["created_at"]) for f in data["feedback"])
    cutoff = dates[int(share * len(dates))]
    with ws.db.session() as session:
        rows = session.execute(
            select(NeedSuggestion.id, NeedSuggestion.need_id, Feedback.source, Feedback.external_id)
            .join(Insight, Insight.id == NeedSuggestion.insight_id)
            .join(Feedback, Feedback.id == Insight.feedback_id)
            .where(NeedSuggestion.status == "pending", Feedback.created_at < cutoff)
        ).all()
    for suggestion_id, need_id, source, external_id in rows:
        accept = need_key.get((source, external_id)) == keys.get(need_id)
        decide_suggestion(ws, suggestion_id, accept, actor="demo")
    return len(rows)


def load(ws: Workspace, items: int = 600, seed: int = 7) -> str:
    """The demo into the empty workspace `ws`; what it loaded, in words. Apart from main() so
    that the browser tests load it in their own process, with the models they loaded already."""
    data = demo_data.generate(seed=seed, items=items)
    load_people(ws, data)
    ids = load_feedback(ws, data)
    sends = load_sends(ws, data)
    follow_ups = load_follow_ups(ws, data, ids)
    keys = load_needs(ws, data, ids)
    decided = review_some_suggestions(ws, data, keys, share=0.7)
    close_needs(ws, data, keys)
    themes = refit(ws)  # so that the page opens on themes, as after a nightly refit
    return (
        f"{len(data['accounts'])} accounts, {len(data['contacts'])} contacts, "
        f"{len(ids)} feedback items, {sends} survey sends, {follow_ups} follow-ups, "
        f"{len(data['needs'])} needs ({decided} suggestions reviewed) "
        f"and {themes.get('themes', 0)} themes"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--if-empty", action="store_true", help="do nothing if feedback exists")
    parser.add_argument("--items", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    settings = get_settings()
    ws = open_workspace(settings, Tagger(Analyzer(settings.analyzer_config())))
    if args.if_empty and not is_empty(ws):
        print("demo: the store already holds feedback; nothing loaded")
        return 0
    started = time.perf_counter()
    loaded = load(ws, items=args.items, seed=args.seed)
    ws.close()
    print(f"demo: {loaded} loaded into {settings.database_url or settings.data_dir} "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
