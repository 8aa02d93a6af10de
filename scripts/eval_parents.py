"""Parent themes: how coherent the groups over the themes are, on public sets and on the demo
workspace. A parent should hold themes about one thing; a theme close to no other should not be
forced under one.

    python scripts/eval_parents.py [--datasets ../shared/datasets] [--demo-dir DIR]

Per set, one theme fit (`ThemeConfig()`), then the themes grouped by the old rule (Ward into
~sqrt(#themes) parents) and by `similar_groups` at each `parent_similarity` of the grid, average
and complete linkage. Banking77: official train split; CLINC150: its train split, in-scope rows
only (its 10 domains are a gold grouping of its 150 intents; the threshold is chosen on it);
CFPB complaints (held out): 13 products over 63 issues, long texts as feedback is. `--demo-dir`: a data dir holding
the demo workspace (scripts/load_demo.py): a cold refit, then the stored tree is measured and
printed.
"""

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "scripts"]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from scripts import datasets as ds  # noqa: E402

GRID = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
LINKAGES = ("average", "complete")


def ward(centroids: np.ndarray) -> np.ndarray:
    """The old rule: Ward agglomeration into round(sqrt(k)) parents (at most 30), every theme
    under one."""
    from sklearn.cluster import AgglomerativeClustering

    k = len(centroids)
    n = min(max(1, round(np.sqrt(k))), 30, k)
    if n == 1:
        return np.zeros(k, dtype=np.int64)
    return AgglomerativeClustering(n_clusters=n, linkage="ward").fit(centroids).labels_


def coherence(
    centroids: np.ndarray, sizes: np.ndarray, parent: np.ndarray, gold: list[str] | None = None
) -> dict:
    """Figures of a grouping: `parent` per theme (-1: top-level), `gold` a coarse label per
    theme (its rows' most common one) when the set has one."""
    k = len(centroids)
    sims = centroids @ centroids.T
    np.fill_diagonal(sims, -np.inf)
    groups = {g: np.flatnonzero(parent == g) for g in set(parent[parent >= 0].tolist())}
    multi = {g: c for g, c in groups.items() if len(c) >= 2}
    children = np.concatenate(list(multi.values())) if multi else np.array([], np.int64)
    to_parent, pairs = [], []
    for members in multi.values():
        centre = (centroids[members] * sizes[members, None]).sum(axis=0)
        centre /= np.linalg.norm(centre)
        to_parent += (centroids[members] @ centre).tolist()
        block = sims[np.ix_(members, members)]
        pairs += block[np.triu_indices(len(members), 1)].tolist()
    nearest = sims.argmax(axis=1)
    same = [parent[nearest[t]] == parent[t] for t in children]
    top = np.flatnonzero(parent < 0)
    out = {
        "themes": k,
        "parents": len(groups),
        "top_level": len(top),
        "child_to_parent": float(np.mean(to_parent)) if to_parent else float("nan"),
        "nearest_same": float(np.mean(same)) if same else float("nan"),
        "sibling_cos": float(np.mean(pairs)) if pairs else float("nan"),
        "sibling_under_03": float(np.mean(np.array(pairs) < 0.3)) if pairs else float("nan"),
        "top_nearest": float(sims[top].max(axis=1).mean()) if len(top) and k > 1 else float("nan"),
    }
    if gold is not None:
        gold_a = np.asarray(gold)
        rows = [(g, gold_a[c], sizes[c]) for g, c in multi.items()]
        right = sum(s[d == Counter(d.tolist()).most_common(1)[0][0]].sum() for _, d, s in rows)
        out["purity"] = float(right / sum(s.sum() for _, _, s in rows)) if rows else float("nan")
        i, j = np.triu_indices(k, 1)
        together = (parent[i] == parent[j]) & (parent[i] >= 0)
        alike = gold_a[i] == gold_a[j]
        precision = (together & alike).sum() / max(together.sum(), 1)
        recall = (together & alike).sum() / max(alike.sum(), 1)
        out["pair_p"], out["pair_r"] = float(precision), float(recall)
        out["pair_f1"] = float(2 * precision * recall / max(precision + recall, 1e-9))
    return out


def theme_gold(found, gold: list[str]) -> list[str]:
    gold_a = np.asarray(gold)
    return [Counter(gold_a[t.members].tolist()).most_common(1)[0][0] for t in found.themes]


def row(name: str, figures: dict) -> str:
    cells = [
        name,
        f"{figures['parents']} / {figures['top_level']}",
        f"{figures['child_to_parent']:.3f}",
        f"{100 * figures['nearest_same']:.1f} %",
        f"{figures['sibling_cos']:.3f}",
        f"{100 * figures['sibling_under_03']:.1f} %",
        f"{figures['top_nearest']:.3f}",
    ]
    if "purity" in figures:
        cells += [f"{100 * figures['purity']:.1f} %", f"{figures['pair_p']:.2f} / "
                  f"{figures['pair_r']:.2f} / {figures['pair_f1']:.2f}"]  # fmt: skip
    return "| " + " | ".join(cells).replace("nan", "–") + " |"


HEADER = ("| grouping | parents / top-level themes | child→parent cos | nearest theme a sibling "
          "| sibling pair cos | sibling pairs < 0.3 | top-level: nearest cos |")  # fmt: skip


def public_sets(root: Path) -> None:
    from analyzer import Analyzer
    from analyzer.themes import ThemeConfig, discover
    from analyzer.themes.parents import similar_groups
    from scripts.embed_cache import CachedEmbedder

    embedder = CachedEmbedder(Analyzer().resources.embedder)
    bank = ds.banking77_train(root)
    clinc = [r for r in ds.read_csv(root, "clinc150/clinc150_full.csv")
             if r["split"] == "train" and r["domain"] != "oos"]  # fmt: skip
    sets = (
        ("Banking77 train", bank, None),
        ("CLINC150 train", clinc, "domain"),
        ("CFPB complaints", ds.cfpb(root), "product"),
    )
    for name, rows, coarse in sets:
        texts = [r["text"] for r in rows]
        found = discover(embedder.embed(texts), texts, ["en"] * len(texts), config=ThemeConfig())
        centroids = np.stack([t.centroid for t in found.themes]).astype(np.float64)
        sizes = np.array([len(t.members) for t in found.themes], dtype=np.float64)
        gold = theme_gold(found, [r[coarse] for r in rows]) if coarse else None
        print(f"\n{name}: {len(rows)} rows, {len(found.themes)} themes")
        extra = " parent purity | theme pairs P / R / F1 |" if gold else ""
        print(HEADER + extra)
        print("|---" * (7 + 2 * bool(gold)) + "|")
        print(
            row(
                "Ward, sqrt(k) parents (before)", coherence(centroids, sizes, ward(centroids), gold)
            )
        )
        for linkage in LINKAGES:
            for similarity in GRID:
                groups = similar_groups(centroids, similarity, linkage)
                print(row(f"{linkage} ≥ {similarity}", coherence(centroids, sizes, groups, gold)))
        print("parents (this code):")
        for parent in found.parents[:6]:
            kids = "; ".join(found.themes[c].label for c in parent.children[:6])
            print(f"- {parent.label!r} <- {kids}")


def demo(directory: Path) -> None:
    from sqlalchemy import select

    from analyzer import Analyzer
    from api.settings import Settings
    from api.storage.tables import Theme
    from api.tagging.service import Tagger
    from api.themes.refit import refit
    from api.workspace import open_workspace

    settings = Settings(data_dir=directory)
    ws = open_workspace(settings, Tagger(Analyzer(settings.analyzer_config())))
    summary = refit(ws, cold=True)
    with ws.db.session() as session:
        rows = list(session.scalars(select(Theme).where(Theme.status == "active")))
    ws.close()
    themes = [t for t in rows if t.level == "theme" and t.centroid and t.size]
    names = {t.id: t.name for t in rows if t.level == "parent"}
    parent_index = {p: i for i, p in enumerate(sorted(names))}
    centroids = np.stack([np.frombuffer(t.centroid, np.float32) for t in themes]).astype(np.float64)
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    sizes = np.array([t.size for t in themes], dtype=np.float64)
    parent = np.array([parent_index.get(t.parent_id, -1) for t in themes])
    print(f"\ndemo workspace ({directory}): cold refit {summary.get('themes')} themes")
    print(HEADER)
    print("|---" * 7 + "|")
    print(row("stored tree", coherence(centroids, sizes, parent)))
    by_parent: dict[int | None, list[Theme]] = {}
    for t in themes:
        by_parent.setdefault(t.parent_id if t.parent_id in names else None, []).append(t)
    for parent_id, kids in sorted(by_parent.items(), key=lambda kv: -sum(t.size for t in kv[1])):
        kids.sort(key=lambda t: -t.size)
        title = f"{names[parent_id]!r}" if parent_id is not None else "(top level)"
        print(f"- {title} <- " + "; ".join(f"{t.name} ({t.size})" for t in kids))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=Path, default=ds.DEFAULT_ROOT)
    parser.add_argument("--demo-dir", type=Path, help="a data dir holding the demo workspace")
    parser.add_argument("--no-sets", action="store_true", help="the demo workspace only")
    args = parser.parse_args()
    if not args.no_sets:
        public_sets(args.datasets)
    if args.demo_dir:
        demo(args.demo_dir)


if __name__ == "__main__":
    main()
