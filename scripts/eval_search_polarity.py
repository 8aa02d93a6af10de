"""Search with and without the query's polarity (api/search/polarity.py), on public reviews:

1. opposite opinions: mini-bar's classification reviews (Garmin Connect / Huawei Health, EN + FR,
   MIT) are stored; the queries are sentences of other reviews that the sentiment head reads
   clearly positive or negative AND whose review's stars agree (4-5 or 1-2). For each, how many
   of the top 10 clearly say the opposite by their stored sentiment, and how many come from a
   review whose stars say the opposite (1-2 for a positive query, 4-5 for a negative one: the
   gold, independent of the head);
2. relevance that does not depend on sentiment: mini-bar's clustering set (800 reviews, gold
   clusters), eval_dedup.py's protocol: each review is the query, among the other reviews of its
   annotation file (app|feedback_type, a source filter here), recall@1 / recall@5 of a review
   of its cluster. An evaluation set: nothing is chosen on it, the rule's threshold and penalty
   were fixed beforehand (polarity.py).

3. similar lists (`api.search.service.similar`, GET /v1/feedback/{id}/similar): on the store of
   part 1, each stored review whose insights read clearly one way (seed_polarity) with its stars
   agreeing is a seed; of its top 10, how many come from a review of opposite stars; and on the
   store of part 2, each review as the seed among its annotation file, same-cluster recall@1 /
   @5; with BOUCLE_SEARCH_POLARITY_PENALTY 0 (off), 0.1 and 0.25.

Parts 1 and 2 run through `api.search.service.search`, part 3 through `similar`, on real stores
in a temporary folder.

    python scripts/eval_search_polarity.py [--datasets ../shared/datasets] [--stored 1000]
        [--asked 500] [--only opposite|clusters|similar]
"""

import argparse
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "scripts"]
sys.path.insert(0, str(ROOT))

from sqlalchemy.orm import Session  # noqa: E402

from analyzer import Analyzer  # noqa: E402
from api.feedback.schemas import FeedbackIn  # noqa: E402
from api.feedback.service import ingest  # noqa: E402
from api.search.polarity import polarity_of, seed_polarity  # noqa: E402
from api.search.schemas import Filters, SearchHit  # noqa: E402
from api.search.seeds import Seed, feedback_by_key, feedback_seed  # noqa: E402
from api.search.service import search, similar  # noqa: E402
from api.settings import Settings  # noqa: E402
from api.tagging.service import Tagger  # noqa: E402
from api.workspace import Workspace, open_workspace  # noqa: E402
from scripts import datasets as ds  # noqa: E402

SEED = 0
TOP = 10
PENALTIES = (0.0, 0.1, 0.25)  # off, the first default, the default now
CREATED = datetime(2026, 1, 1, tzinfo=UTC)


def stars_polarity(stars: float | None) -> int:
    """The gold opinion of a review: +1 for 4-5 stars, -1 for 1-2, 0 for 3 (or none)."""
    if stars is None:
        return 0
    return 1 if stars >= 4 else -1 if stars <= 2 else 0


def store(ws: Workspace, rows: list[dict], source: Callable[[dict], str]) -> None:
    items = [
        FeedbackIn(
            source=source(row),
            external_id=row["id"],
            text=row["text"],
            created_at=CREATED,
            score=float(row["score"]),
        )  # fmt: skip
        for row in rows
    ]
    for start in range(0, len(items), 100):
        ingest(ws, items[start : start + 100])


def opened(folder: Path, tagger: Tagger) -> Workspace:
    return open_workspace(Settings(data_dir=folder, worker=False), tagger)


def opposite_opinions(
    tagger: Tagger, rows: list[dict], stored: int, asked: int, folder: Path
) -> None:
    rows = [row for row in rows if row["text"].strip()]
    random.Random(SEED).shuffle(rows)
    corpus, rest = rows[:stored], rows[stored : stored + asked]
    ws = opened(folder, tagger)
    started = time.perf_counter()
    store(ws, corpus, lambda row: "minibar")
    print(f"stored {len(corpus)} reviews in {time.perf_counter() - started:.0f} s")
    queries = confident_queries(tagger, rest)
    print(f"{len(queries)} queries (sentences read clearly one way, their review's stars agree)")
    totals = {flag: [0, 0, 0] for flag in (False, True)}  # stored-opposite, gold-opposite, hits
    for text, sign in queries:
        for flag in (False, True):
            hits = search(ws, text, TOP, Filters(), polarity=flag).items
            total = totals[flag]
            total[0] += sum(polarity_of(h.sentiment.score if h.sentiment else None) == -sign
                            for h in hits)  # fmt: skip
            total[1] += sum(stars_polarity(h.feedback.score) == -sign for h in hits)
            total[2] += len(hits)
    for flag, (by_head, by_stars, hits) in totals.items():
        print(f"polarity {'on ' if flag else 'off'}: top-{TOP} hits clearly opposite by stored "
              f"sentiment {by_head}/{hits} ({by_head / hits:.1%}), from a review of opposite "
              f"stars {by_stars}/{hits} ({by_stars / hits:.1%})")  # fmt: skip
    ws.close()


def confident_queries(tagger: Tagger, rows: list[dict]) -> list[tuple[str, int]]:
    """(sentence, +1 or -1): a sentence of a review that the head reads clearly one way, with
    the review's stars agreeing; one per review."""
    analyses = tagger.analyze_many([row["text"] for row in rows], [row["lang"] for row in rows])
    queries = []
    for row, analysis in zip(rows, analyses, strict=True):
        gold = stars_polarity(float(row["score"]))
        for insight in analysis.insights:
            sign = polarity_of(insight.sentiment.score if insight.sentiment else None)
            if sign and sign == gold and len(insight.text.split()) >= 3:
                queries.append((insight.text, sign))
                break
    return queries


def clusters_stored(
    tagger: Tagger, rows: list[dict], folder: Path
) -> tuple[Workspace, dict[str, str], dict[str, str]]:
    """The clustering set stored, each review's annotation file as its source (letters, digits
    and - only): the workspace, each review's file and each review's gold cluster."""
    ws = opened(folder, tagger)
    pool = {row["id"]: re.sub(r"[^A-Za-z0-9]+", "-", f"{row['app']}-{row['feedback_type']}")
            for row in rows}  # fmt: skip
    store(ws, rows, lambda row: pool[row["id"]])
    return ws, pool, {row["id"]: row["cluster_id"] for row in rows}


def same_cluster_recall(tagger: Tagger, rows: list[dict], folder: Path) -> None:
    ws, pool, group = clusters_stored(tagger, rows, folder)
    found = {flag: [0, 0] for flag in (False, True)}
    asked = read_as = 0
    for row in rows:
        others = [r for r in rows if pool[r["id"]] == pool[row["id"]] and r is not row]
        if not any(group[r["id"]] == group[row["id"]] for r in others):
            continue  # no review of its cluster to find
        asked += 1
        pages = {True: search(ws, row["text"], 30, Filters(source=pool[row["id"]]),
                              distinct=False, polarity=True)}  # fmt: skip
        read_as += pages[True].polarity is not None
        # a query read as neither ranks the same either way (tests/test_search_polarity.py)
        pages[False] = pages[True] if pages[True].polarity is None else search(
            ws, row["text"], 30, Filters(source=pool[row["id"]]), distinct=False, polarity=False
        )  # fmt: skip
        for flag, page in pages.items():
            ranked = reviews_ranked(page.items, row["id"])
            for n, top in enumerate((1, 5)):
                found[flag][n] += any(group[r] == group[row["id"]] for r in ranked[:top])
    for flag, (at1, at5) in sorted(found.items()):
        print(
            f"polarity {'on ' if flag else 'off'}: same-cluster recall@1 {at1 / asked:.3f}, "
            f"recall@5 {at5 / asked:.3f} over {asked} queries ({read_as} read clearly one way)"
        )
    ws.close()


def reviews_ranked(hits: list[SearchHit], own: str) -> list[str]:
    """The reviews of the hits, best first, each once (a review is its best insight), not `own`."""
    seen: list[str] = []
    for hit in hits:
        review = hit.feedback.external_id
        if review != own and review not in seen:
            seen.append(review)
    return seen


def with_penalty(ws: Workspace, penalty: float) -> None:
    ws.settings = ws.settings.model_copy(update={"search_polarity_penalty": penalty})


def similar_opposite_stars(tagger: Tagger, rows: list[dict], stored: int, folder: Path) -> None:
    """Part 3 on part 1's store: seeds that read clearly one way, their stars agreeing."""
    rows = [row for row in rows if row["text"].strip()]
    random.Random(SEED).shuffle(rows)
    corpus = rows[:stored]
    ws = opened(folder, tagger)
    store(ws, corpus, lambda row: "minibar")
    stars = {row["id"]: stars_polarity(float(row["score"])) for row in corpus}
    seeds = []
    with ws.db.session() as session:
        for row in corpus:
            seed = feedback_seed_or_none(session, "minibar", row["id"])
            if (
                seed is not None
                and stars[row["id"]]
                and seed_polarity(seed.sentiments) == stars[row["id"]]
            ):
                seeds.append((seed, stars[row["id"]]))
    print(f"{len(seeds)} seeds (stored reviews read clearly one way, their stars agreeing)")
    for penalty in PENALTIES:
        with_penalty(ws, penalty)
        opposite = hits = 0
        for seed, sign in seeds:
            found = similar(ws, seed, TOP, Filters()).items
            opposite += sum(stars[hit.feedback.external_id] == -sign for hit in found)
            hits += len(found)
        print(f"similar, penalty {penalty}: top-{TOP} hits from a review of opposite stars "
              f"{opposite}/{hits} ({opposite / max(hits, 1):.1%})")  # fmt: skip
    ws.close()


def feedback_seed_or_none(session: Session, source: str, external_id: str) -> Seed | None:
    """The stored review as a similar list's seed; None for one with no insight."""
    feedback = feedback_by_key(session, source, external_id)
    return feedback_seed(session, feedback) if feedback.insights else None


def similar_cluster_recall(tagger: Tagger, rows: list[dict], folder: Path) -> None:
    """Part 3 on part 2's store: each review the seed, among its annotation file."""
    ws, pool, group = clusters_stored(tagger, rows, folder)
    with ws.db.session() as session:
        seeds = {row["id"]: feedback_seed_or_none(session, pool[row["id"]], row["id"])
                 for row in rows}  # fmt: skip
    for penalty in PENALTIES:
        with_penalty(ws, penalty)
        at1 = at5 = asked = 0
        for row in rows:
            others = [r for r in rows if pool[r["id"]] == pool[row["id"]] and r is not row]
            seed = seeds[row["id"]]
            if seed is None or not any(group[r["id"]] == group[row["id"]] for r in others):
                continue
            asked += 1
            page = similar(ws, seed, 30, Filters(source=pool[row["id"]]), distinct=False)
            ranked = reviews_ranked(page.items, row["id"])
            at1 += any(group[r] == group[row["id"]] for r in ranked[:1])
            at5 += any(group[r] == group[row["id"]] for r in ranked[:5])
        print(f"similar, penalty {penalty}: same-cluster recall@1 {at1 / asked:.3f}, "
              f"recall@5 {at5 / asked:.3f} over {asked} seeds")  # fmt: skip
    ws.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=ds.DEFAULT_ROOT)
    parser.add_argument("--stored", type=int, default=1000, help="reviews stored for part 1")
    parser.add_argument("--asked", type=int, default=500, help="reviews the queries come from")
    parser.add_argument(
        "--only", choices=("opposite", "clusters", "similar"), help="run one part only"
    )
    args = parser.parse_args()
    tagger = Tagger(Analyzer())
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        if args.only == "similar":
            similar_opposite_stars(tagger, ds.minibar(args.datasets), args.stored, Path(first))
            similar_cluster_recall(tagger, ds.minibar_clustering(args.datasets), Path(second))
            return
        if args.only != "clusters":
            opposite_opinions(tagger, ds.minibar(args.datasets), args.stored, args.asked,
                              Path(first))  # fmt: skip
        if args.only != "opposite":
            same_cluster_recall(tagger, ds.minibar_clustering(args.datasets), Path(second))


if __name__ == "__main__":
    main()
