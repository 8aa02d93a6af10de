"""Search on the demo workspace, by meaning alone and with the query's words boosted: for each
query, how many of the top 5 and top 10 come from messages written on the topic it asks about
(the demo's ground truth, `topic`: a message's side remark counts as off-topic), and the top
texts.

    BOUCLE_DATA_DIR=/tmp/demo python scripts/eval_search_words.py [--boosts 0,0.1,0.2] [--show 0.1]
        [--lowercase]

`--lowercase` asks every query in lower case, as analysts type ("vat", "tva"): the stored
insights' own case is restored where they (almost) always write a word cased (api/search/cased.py).

The workspace must hold `scripts/load_demo.py`'s default demo (seed 7, 600 items) loaded today:
the items are matched to their topics by source and external id.
"""

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "scripts"]
sys.path.insert(0, str(ROOT))

from analyzer import Analyzer  # noqa: E402
from api.search.schemas import Filters  # noqa: E402
from api.search.service import search  # noqa: E402
from api.settings import get_settings  # noqa: E402
from api.tagging.service import Tagger  # noqa: E402
from api.workspace import open_workspace  # noqa: E402
from scripts import demo_data  # noqa: E402

PRICE = {"price-increase"}
# query -> the demo topics that answer it
QUERIES = {
    "too expensive": PRICE, "trop cher": PRICE, "price": PRICE, "prix": PRICE,
    "pricing": PRICE, "tarif": PRICE,
    "dark mode": {"dark-mode"}, "mode sombre": {"dark-mode"},
    "slow": {"slow-dashboard"}, "lent": {"slow-dashboard"},
    "cancel": {"churn-threat"}, "résilier": {"churn-threat"},
    "password": {"login-reset"}, "mot de passe": {"login-reset"},
    "notifications": {"notification-overload"},
    "crash": {"csv-export-crash", "startup-crash"}, "plante": {"csv-export-crash", "startup-crash"},
    "calendar sync": {demo_data.EMERGING_TOPIC}, "synchronisation calendrier": {demo_data.EMERGING_TOPIC},
    "VAT": {demo_data.FADING_NEED}, "TVA": {demo_data.FADING_NEED},
}  # fmt: skip
TOP = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boosts", default="0,0.1,0.2", help="BOUCLE_SEARCH_WORD_BOOST values")
    parser.add_argument("--show", type=float, help="print the top texts for this boost too")
    parser.add_argument("--min-score", type=float, default=0.2, help="as the web page asks")
    parser.add_argument("--lowercase", action="store_true", help="ask each query in lower case")
    args = parser.parse_args()
    topics = {(f["source"], f["external_id"]): f["topic"] for f in demo_data.generate()["feedback"]}
    boosts = [float(b) for b in args.boosts.split(",")]
    base = get_settings()
    ws = open_workspace(base, Tagger(Analyzer()))
    print(f"on-topic hits in the top 5 + top {TOP}, boost " + " / ".join(map(str, boosts)))
    totals = [[0, 0] for _ in boosts]
    for query, wanted in QUERIES.items():
        counts, shown = [], {}
        for n, boost in enumerate(boosts):
            ws.settings = base.model_copy(update={"search_word_boost": boost})
            asked = query.lower() if args.lowercase else query
            hits = search(ws, asked, TOP, Filters(), min_score=args.min_score).items
            on = [topics.get((h.feedback.source, h.feedback.external_id)) in wanted for h in hits]
            counts.append(f"{sum(on[:5])}+{sum(on)}/{len(hits)}")
            totals[n][0] += sum(on[:5])
            totals[n][1] += sum(on)
            shown[boost] = list(zip(on, hits, strict=True))
        print(f"{query!r:30} " + "  ".join(f"{c:>8}" for c in counts))
        for boost in (b for b in (boosts[0], args.show) if b is not None):
            if args.show is None:
                break
            for on, hit in shown.get(boost, []):
                print(f"    {boost:<4} {'+' if on else '-'} {hit.score:.3f} {hit.text[:90]}")
    print(f"{'total':30} " + "  ".join(f"{t5:>4}+{t:<3}" for t5, t in totals))
    ws.close()


if __name__ == "__main__":
    main()
