"""Evaluate need matching (linking an insight to a customer need by cosine similarity) on the
mini-bar gold clusters (800 Garmin Connect / Huawei Health reviews, English + French, MIT) and
write the "dedup" section of docs/evaluation.md:

1. retrieval: recall@1 / recall@5 of a same-need item among all items of the same annotation
   file, overall, same-language and cross-lingual;
2. need matching as the product does it: needs built incrementally (shuffled order, seed 0), each
   item scored against every need centroid, with oracle linking; auto-link precision and coverage
   per threshold, plus pairwise precision / recall;
3. AUTO / REVIEW thresholds chosen on this set (the calibration set), and checked across apps.

    python scripts/eval_dedup.py [--datasets ../shared/datasets]
"""

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "scripts"]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from analyzer import Analyzer, AnalyzerConfig  # noqa: E402
from scripts import datasets as ds  # noqa: E402
from scripts.report import write_section  # noqa: E402

THRESHOLDS = np.round(np.arange(0.30, 0.95 + 1e-9, 0.025), 3)
AUTO_PRECISION = 0.90  # AUTO: the lowest threshold whose auto-link precision reaches this
REVIEW_PRECISION = 0.50  # REVIEW: the lowest threshold whose precision still reaches this
SEED = 0
EMBED_STAGES = ("normalise", "language", "redact", "segment", "embed")
USE, MINILM = "use-multilingual-v3", "all-minilm-l6-v2"


@dataclass
class Items:
    group: np.ndarray  # gold cluster id (app|feedback_type|raw id)
    lang: np.ndarray  # "en" / "fr", as given by the data set
    app: np.ndarray
    pool: np.ndarray  # the needs an item may be matched against: its annotation file or its app


@dataclass
class Variant:
    name: str
    message: np.ndarray  # (n, d) unit rows: the vector an item is represented by
    insights: list[np.ndarray]  # per item, its insights' unit vectors
    by_insight: bool  # score an item by its best-matching insight instead of `message`
    similarity: np.ndarray  # (n, n) item-to-item cosine used for retrieval and pairs


@dataclass
class Records:
    """The simulation's outcome for each item, indexed like `Items`."""

    score: np.ndarray  # best cosine to an existing need of the pool (-1: no need yet)
    correct: np.ndarray  # that best need is the item's gold group
    has_need: np.ndarray  # the item's gold group already had a need
    rank: np.ndarray  # 1-based rank of the gold need among the pool's needs (0: none yet)


# --- data and vectors ---------------------------------------------------------------------------


def load_items(rows: list[dict], pool_by: str) -> Items:
    pool = [r["app"] if pool_by == "app" else f"{r['app']}|{r['feedback_type']}" for r in rows]
    return Items(
        group=np.array([r["cluster_id"] for r in rows]),
        lang=np.array([r["lang"] for r in rows]),
        app=np.array([r["app"] for r in rows]),
        pool=np.array(pool),
    )


def unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.maximum(np.linalg.norm(matrix, axis=-1, keepdims=True), 1e-12)


def embed(rows: list[dict], embedder: str, message_vector: str) -> tuple[np.ndarray, list]:
    """The analyzer's message vectors and insight vectors (the data set's language is given)."""
    config = AnalyzerConfig(embedder=embedder, message_vector=message_vector, stages=EMBED_STAGES)
    analyses = Analyzer(config).analyze_batch(
        [r["text"] for r in rows], [r["lang"] for r in rows], until="embed"
    )
    message = unit(np.vstack([a.vector for a in analyses]))
    insights = [unit(np.vstack([i.vector for i in a.insights])) for a in analyses]
    return message, insights


def best_insight_similarity(insights: list[np.ndarray]) -> np.ndarray:
    """Item-to-item cosine of their best-matching pair of insights."""
    starts = np.cumsum([0] + [len(v) for v in insights[:-1]])
    stacked = np.vstack(insights)
    pairs = stacked @ stacked.T
    return np.maximum.reduceat(np.maximum.reduceat(pairs, starts, axis=0), starts, axis=1)


def variants(rows: list[dict]) -> list[Variant]:
    use_pooled, use_insights = embed(rows, USE, "pooled")
    use_mean, _ = embed(rows, USE, "mean")
    use_whole, _ = embed(rows, USE, "whole")
    minilm, minilm_insights = embed(rows, MINILM, "mean")
    return [
        Variant("USE, message vector", use_pooled, use_insights, False, use_pooled @ use_pooled.T),
        Variant("USE, mean of insights", use_mean, use_insights, False, use_mean @ use_mean.T),
        Variant("USE, whole-text vector", use_whole, use_insights, False, use_whole @ use_whole.T),
        Variant(
            "USE, best-matching insight",
            use_pooled,
            use_insights,
            True,
            best_insight_similarity(use_insights),
        ),
        Variant("MiniLM, message vector", minilm, minilm_insights, False, minilm @ minilm.T),
    ]


# --- 1. retrieval -------------------------------------------------------------------------------

TargetFilter = Callable[[Items, int], np.ndarray]
TARGETS: dict[str, TargetFilter] = {
    "all": lambda items, q: np.ones(len(items.lang), dtype=bool),
    "same-language": lambda items, q: items.lang == items.lang[q],
    "cross-lingual": lambda items, q: items.lang != items.lang[q],
}


def recall_at(
    similarity: np.ndarray, items: Items, targets: str, paired: bool = False
) -> dict[str, float]:
    """Share of queries whose top-1 / top-5 targets hold a same-group item. Targets: the other
    items of the query's pool, restricted by language; queries: those with at least one same-group
    target. `paired`: only queries whose group has members in both languages besides themselves."""
    hits: list[tuple[bool, bool]] = []
    for q in range(len(items.group)):
        same_group = (items.group == items.group[q]) & (np.arange(len(items.group)) != q)
        if paired and len(set(items.lang[same_group])) < 2:
            continue
        candidates = np.flatnonzero(
            (items.pool == items.pool[q])
            & TARGETS[targets](items, q)
            & (np.arange(len(same_group)) != q)
        )
        if not same_group[candidates].any():
            continue
        ranked = candidates[np.argsort(-similarity[q, candidates], kind="stable")]
        hits.append((same_group[ranked[:1]].any(), same_group[ranked[:5]].any()))
    found = np.array(hits, dtype=bool)
    return {"queries": len(found), "r1": float(found[:, 0].mean()), "r5": float(found[:, 1].mean())}


def retrieval(variant: Variant, items: Items) -> dict[str, dict[str, float]]:
    result = {name: recall_at(variant.similarity, items, name) for name in TARGETS}
    for name in ("same-language", "cross-lingual"):
        result[f"{name} (paired)"] = recall_at(variant.similarity, items, name, paired=True)
    return result


# --- 2. need-matching simulation -----------------------------------------------------------------


def simulate(variant: Variant, items: Items, seed: int = SEED) -> Records:
    """Needs are built incrementally in a shuffled order. Each item is scored against every need
    of its pool (cosine to the need's centroid: the normalised mean of its members' vectors), then
    linked by the oracle: to its gold group's need, created if absent. Oracle linking keeps the
    needs equal to the gold groups seen so far, so the score distribution does not depend on a
    build threshold (a wrong link would otherwise pollute a centroid and bias every later score)."""
    n = len(items.group)
    records = Records(np.full(n, -1.0), np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, int))
    sums: dict[tuple[str, str], np.ndarray] = {}
    for i in np.random.default_rng(seed).permutation(n):
        keys = [key for key in sums if key[0] == items.pool[i]]
        own = (items.pool[i], items.group[i])
        centroids = unit(np.vstack([sums[k] for k in keys])) if keys else None
        if centroids is not None:
            vectors = variant.insights[i] if variant.by_insight else variant.message[i][None, :]
            scores = (vectors @ centroids.T).max(axis=0)
            order = np.argsort(-scores, kind="stable")
            records.score[i] = scores[order[0]]
            records.correct[i] = keys[order[0]] == own
            if own in sums:
                records.has_need[i] = True
                records.rank[i] = 1 + int(np.flatnonzero([keys[j] == own for j in order])[0])
        sums[own] = sums.get(own, 0) + member_vector(variant, i, sums.get(own))
    return records


def member_vector(variant: Variant, i: int, need_sum: np.ndarray | None) -> np.ndarray:
    """What an item adds to its need's centroid: its message vector, or with `by_insight` its
    insight closest to the need (the founding item of a need adds its message vector)."""
    if not variant.by_insight or need_sum is None:
        return variant.message[i]
    insights = variant.insights[i]
    return insights[int(np.argmax(insights @ unit(need_sum)))]


@dataclass
class Curve:
    links: np.ndarray  # items whose best score >= t (would be auto-linked at t)
    precision: np.ndarray  # share of those linked to their gold need
    coverage: np.ndarray  # share of items whose need exists that are linked correctly at t


def link_curve(records: Records, mask: np.ndarray | None = None) -> Curve:
    mask = np.ones(len(records.score), bool) if mask is None else mask
    score, correct = records.score[mask], records.correct[mask]
    linked = score[None, :] >= THRESHOLDS[:, None]
    links = linked.sum(axis=1)
    right = (linked & correct[None, :]).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(links > 0, right / links, np.nan)
    return Curve(links, precision, right / max(int(records.has_need[mask].sum()), 1))


def lowest_threshold(curve: Curve, target: float) -> float | None:
    """The lowest threshold whose auto-link precision reaches `target` (None if none does)."""
    reached = np.flatnonzero(curve.precision >= target)
    return float(THRESHOLDS[reached[0]]) if len(reached) else None


def at(curve: Curve, threshold: float | None) -> dict[str, float]:
    if threshold is None:
        return {"links": 0, "precision": float("nan"), "coverage": 0.0}
    k = int(np.flatnonzero(np.isclose(THRESHOLDS, threshold))[0])
    return {
        "links": int(curve.links[k]),
        "precision": float(curve.precision[k]),
        "coverage": float(curve.coverage[k]),
    }


def band_precision(records: Records, low: float | None, high: float | None) -> tuple[float, int]:
    """Precision of the suggestions a reviewer would see: best scores in [REVIEW, AUTO)."""
    if low is None:
        return float("nan"), 0
    band = (records.score >= low) & (records.score < (high if high is not None else np.inf))
    return (float(records.correct[band].mean()) if band.any() else float("nan")), int(band.sum())


def wilson(successes: int, total: int, z: float = 1.96) -> tuple[float, float]:
    if total == 0:
        return float("nan"), float("nan")
    p = successes / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * np.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return float(centre - half), float(centre + half)


# --- pairs --------------------------------------------------------------------------------------


def pairwise(similarity: np.ndarray, items: Items) -> dict[str, dict]:
    """Pairwise precision / recall per threshold over the item pairs of each pool (same gold
    group = positive, cosine >= t = predicted), for same-language and cross-lingual pairs."""
    upper = np.triu(np.ones_like(similarity, dtype=bool), k=1)
    in_pool = upper & (items.pool[:, None] == items.pool[None, :])
    positive = items.group[:, None] == items.group[None, :]
    same_lang = items.lang[:, None] == items.lang[None, :]
    result = {}
    for name, mask in (
        ("same-language", in_pool & same_lang),
        ("cross-lingual", in_pool & ~same_lang),
    ):
        scores, gold = similarity[mask], positive[mask]
        predicted = scores[None, :] >= THRESHOLDS[:, None]
        true_pos = (predicted & gold[None, :]).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            precision = np.where(
                predicted.sum(axis=1) > 0, true_pos / predicted.sum(axis=1), np.nan
            )
        result[name] = {
            "precision": precision,
            "recall": true_pos / gold.sum(),
            "pairs": int(mask.sum()),
            "positives": int(gold.sum()),
        }
    return result


# --- 3. thresholds ------------------------------------------------------------------------------


def choose(records: Records, mask: np.ndarray | None = None) -> tuple[float | None, float | None]:
    curve = link_curve(records, mask)
    return lowest_threshold(curve, AUTO_PRECISION), lowest_threshold(curve, REVIEW_PRECISION)


def cross_app(records: Records, items: Items) -> list[dict]:
    """Thresholds chosen on one app's items, measured on the other app's (needs never span apps,
    so one simulation serves both halves)."""
    rows = []
    for chosen_on in sorted(set(items.app)):
        train, test = items.app == chosen_on, items.app != chosen_on
        auto, review = choose(records, train)
        curve = link_curve(records, test)
        rows.append({
            "chosen_on": chosen_on,
            "measured_on": ", ".join(sorted(set(items.app[test]))),
            "auto": auto,
            "review": review,
            "at_auto": at(curve, auto),
            "at_review": at(curve, review),
        })  # fmt: skip
    return rows


@dataclass
class Evaluation:
    variant: Variant
    retrieval: dict[str, dict[str, float]]
    records: Records
    curve: Curve
    auto: float | None
    review: float | None
    cross_app: list[dict]
    top3: float  # share of items whose need exists that find it among their 3 best needs


def evaluate(variant: Variant, items: Items) -> Evaluation:
    records = simulate(variant, items)
    auto, review = choose(records)
    has = records.has_need
    return Evaluation(
        variant, retrieval(variant, items), records, link_curve(records), auto, review,
        cross_app(records, items), float(((records.rank >= 1) & (records.rank <= 3))[has].mean()),
    )  # fmt: skip


# --- report -------------------------------------------------------------------------------------


def f(value: float | None, digits: int = 3) -> str:
    return "–" if value is None or value != value else f"{value:.{digits}f}"


def met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def sweep_table(e: Evaluation, pairs: dict) -> list[str]:
    lines = [
        "| t | auto-links | auto-link precision | coverage | pairs same-lang P / R | pairs cross-lingual P / R |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for k, t in enumerate(THRESHOLDS):
        same_p, same_r = pairs["same-language"]["precision"], pairs["same-language"]["recall"]
        cross_p, cross_r = pairs["cross-lingual"]["precision"], pairs["cross-lingual"]["recall"]
        mark = " (AUTO)" if t == e.auto else " (REVIEW)" if t == e.review else ""
        lines.append(
            f"| {t:.3f}{mark} | {e.curve.links[k]} | {f(e.curve.precision[k])} | {f(e.curve.coverage[k])} "
            f"| {f(same_p[k])} / {f(same_r[k])} | {f(cross_p[k])} / {f(cross_r[k])} |"
        )
    return lines


def variant_table(evaluations: list[Evaluation]) -> list[str]:
    lines = [
        "| variant | R@1 all | R@5 all | R@5 same-lang | R@5 cross-lingual | gap (paired) | best need correct | in top 3 | AUTO (precision, links, coverage) | REVIEW (precision, coverage) |",
        "|---|---:|---:|---:|---:|---|---:|---:|---|---|",
    ]
    for e in evaluations:
        r, has = e.retrieval, e.records.has_need
        a, v = at(e.curve, e.auto), at(e.curve, e.review)
        gap = 100 * (r["same-language"]["r5"] - r["cross-lingual"]["r5"])
        paired = 100 * (r["same-language (paired)"]["r5"] - r["cross-lingual (paired)"]["r5"])
        lines.append(
            f"| {e.variant.name} | {f(r['all']['r1'])} | {f(r['all']['r5'])} | {f(r['same-language']['r5'])} "
            f"| {f(r['cross-lingual']['r5'])} | {gap:.1f} ({paired:.1f}) | {f(e.records.correct[has].mean())} | {f(e.top3)} "
            f"| {f(e.auto, 3)} ({f(a['precision'])}, {a['links']}, {f(a['coverage'])}) "
            f"| {f(e.review, 3)} ({f(v['precision'])}, {f(v['coverage'])}) |"
        )
    return lines


def retrieval_table(e: Evaluation) -> list[str]:
    lines = ["| queries → targets | queries | recall@1 | recall@5 |", "|---|---:|---:|---:|"]
    for name, r in e.retrieval.items():
        lines.append(f"| {name} | {r['queries']} | {f(r['r1'])} | {f(r['r5'])} |")
    return lines


def cross_app_table(evaluations: list[Evaluation]) -> list[str]:
    lines = [
        "| variant | chosen on → measured on | AUTO | precision at AUTO (links) | coverage at AUTO | REVIEW | precision at REVIEW | coverage at REVIEW |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for e in evaluations:
        for row in e.cross_app:
            a, v = row["at_auto"], row["at_review"]
            lines.append(
                f"| {e.variant.name} | {row['chosen_on']} → {row['measured_on']} | {f(row['auto'])} "
                f"| {f(a['precision'])} ({a['links']}) | {f(a['coverage'])} | {f(row['review'])} "
                f"| {f(v['precision'])} | {f(v['coverage'])} |"
            )
    return lines


def variant_notes(evaluations: list[Evaluation]) -> str:
    notes = []
    for e in evaluations[1:]:
        r = e.retrieval
        gap = 100 * (r["same-language"]["r5"] - r["cross-lingual"]["r5"])
        notes.append(
            f"{e.variant.name}: recall@5 {f(r['all']['r5'])}, cross-lingual gap {gap:.1f} points "
            f"({'within' if gap <= 10 else 'outside'} the 10-point goal)"
        )
    return "; ".join(notes)


def report(
    evaluations: list[Evaluation],
    items: Items,
    pairs: dict,
    app_scope: dict,
    seeds: list,
    seconds: float,
) -> str:
    main = evaluations[0]
    r = main.retrieval
    r5, gap = r["all"]["r5"], 100 * (r["same-language"]["r5"] - r["cross-lingual"]["r5"])
    a = at(main.curve, main.auto)
    right = round(a["precision"] * a["links"]) if a["links"] else 0
    low, high = wilson(right, a["links"])
    band, band_n = band_precision(main.records, main.review, main.auto)
    held_out = [row["at_auto"] for row in main.cross_app]
    confirmed = (
        "**confirmed**"
        if all(h["links"] and h["precision"] >= 0.90 for h in held_out)
        else "**not confirmed**"
    )
    best_right = main.records.correct[main.records.has_need].mean()
    multi = sum(len(v) > 1 for v in main.variant.insights)
    groups = {g: (items.group == g).sum() for g in set(items.group)}
    mixed = sum(len(set(items.lang[items.group == g])) == 2 for g in groups)
    lines = [
        "## Need matching / deduplication (`scripts/eval_dedup.py`)",
        "",
        f"Measured {date.today().isoformat()} with `python scripts/eval_dedup.py` on "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, CPU only ({seconds:.0f} s including model loading).",
        "",
        f"**Data.** mini-bar `clustering.csv` (MIT; Wei et al., ICTAI 2023): {len(items.group)} Google Play "
        f"reviews of Garmin Connect and Huawei Health, half English half French, from four annotation "
        f"files (app × problem report / feature request, 200 reviews each; the folder's README also "
        f"counts Samsung Health files, which this CSV does not hold). Gold: {len(groups)} clusters "
        f"(`cluster_id` = app|type|raw id, since raw ids repeat across files), "
        f"{sum(v == 1 for v in groups.values())} singletons, {mixed} mixing English and French. "
        "There is no catch-all or noise label (raw ids 0–88 are all real clusters). Singletons are kept: "
        "they are never retrieval queries (nothing to find) but stay as distractors, and in the "
        "simulation they are items that should start a need of their own, so any link they get is wrong. "
        "An item may only be matched within its pool: the other items (needs) of its annotation file, "
        "since annotators grouped reviews within each file only. Language as given by the data set.",
        "",
        "**Vectors.** The analyzer's default embedder (use-multilingual-v3), stages normalise → embed. "
        '*Message vector*: `Analysis.vector` with the default config (`message_vector="pooled"`: '
        "USE's token pooling over all the insights' tokens, from the forward pass that embeds them, "
        "models/use_pooling.py; a single-insight review's insight vector). *Mean of insights*: "
        '`message_vector="mean"`, the length-weighted mean of the insight vectors. '
        '*Whole-text vector*: `message_vector="whole"` (one embedding of the whole review). '
        "*Best-matching insight*: item-to-item score = max cosine over their insight pairs; item-to-need "
        "score = max over the item's insights of the cosine to the need centroid, and a linked item adds "
        "its insight closest to the need to the centroid (a need's founder adds its message vector). "
        "MiniLM (English-only all-MiniLM-L6-v2) for comparison. Cosine of L2-normalised vectors throughout.",
        "",
        "**Protocol.** (1) *Retrieval*: each item with at least one other member of its gold group in its "
        "pool is a query; all other items of the pool are ranked by cosine; recall@k = share of queries "
        "with a same-group item in the top k. *Same-language*: targets restricted to the query's "
        "language, queries whose group has another member in that language. *Cross-lingual*: targets "
        "restricted to the other language, queries whose group has a member in the other language. "
        "*(paired)*: the same two measures on only the queries whose group has other members in both "
        "languages, so both are measured on the same queries. "
        "(2) *Need-matching simulation*: items arrive in a fixed shuffled order (numpy seed 0); each is "
        "scored against every existing need of its pool (cosine to the centroid, the normalised mean of "
        "its members' vectors; no need titles here), and we record the best score and whether that best "
        "need is the item's gold group. The item is then linked by the oracle (to its gold group's "
        "need, created if absent) instead of by a build threshold: the needs stay equal to the gold "
        "groups seen so far, so the scores at one threshold are not confounded by wrong links made at "
        "another (a wrong link drags a centroid and biases every later score, and the result would "
        "depend on the threshold being measured). *Auto-link precision(t)* = share of items whose best "
        "score ≥ t whose best need is right (items whose group has no need yet count as wrong links); "
        "*coverage(t)* = share of the items whose group already has a need that are linked to it at t. "
        "*Pairwise*: over all item pairs within a pool, positive = same gold group, predicted = "
        "cosine ≥ t; split into same-language and cross-lingual pairs. "
        f"(3) *Thresholds*: AUTO = the lowest t (grid 0.30–0.95, step 0.025) whose auto-link precision "
        f"is ≥ {AUTO_PRECISION:.2f}; REVIEW = the lowest t whose precision is still ≥ "
        f"{REVIEW_PRECISION:.2f}: below it most suggestions a reviewer sees are wrong. The alternative "
        f"REVIEW rule (coverage ≥ 0.8) is unreachable: the best need is the right one for only "
        f"{f(main.records.correct[main.records.has_need].mean())} of the items whose need exists, at any "
        "threshold. **The thresholds were chosen on this data set** (it is the calibration set the "
        "issue names); the cross-app table below chooses them on one app and measures on the other.",
        "",
        "### Goals",
        "",
        "| goal | measured (message vector) | status |",
        "|---|---|---|",
        f"| retrieval recall@5 ≥ 0.80 (all queries, within the annotation file) | {f(r5)} | {met(r5 >= 0.80)} |",
        f"| cross-lingual recall@5 within 10 points of same-language | {f(r['same-language']['r5'])} vs "
        f"{f(r['cross-lingual']['r5'])}: {gap:.1f} points (paired queries: "
        f"{100 * (r['same-language (paired)']['r5'] - r['cross-lingual (paired)']['r5']):.1f}) | {met(gap <= 10)} |",
        f"| auto-link precision ≥ 0.90 | {f(a['precision'])} at AUTO = {f(main.auto)} on the calibration "
        f"set ({a['links']} links, 95 % Wilson interval {f(low, 2)}–{f(high, 2)}, coverage "
        f"{f(a['coverage'])}); chosen on one app, measured on the other: "
        + ", ".join(f"{f(h['precision'])} ({h['links']} links)" for h in held_out)
        + f" | {met(a['links'] > 0 and a['precision'] >= 0.90)} on the calibration set (by construction, "
        f"{a['links']} links); {confirmed} across apps |",
        "",
        f"**Recommended (message vector, chosen on this set): AUTO = {f(main.auto)}, REVIEW = "
        f"{f(main.review)}.** At REVIEW the cumulative precision is "
        f"{f(at(main.curve, main.review)['precision'])} and coverage "
        f"{f(at(main.curve, main.review)['coverage'])}; the suggestions in [REVIEW, AUTO) are right "
        f"{f(band)} of the time ({band_n} of {len(items.group)} items). "
        f"A review queue showing an item's 3 best needs would hold the right one for {f(main.top3)} of "
        f"the items whose need exists, against {f(best_right)} for the best need alone.",
        "",
        "### Variants",
        "",
        "R@k = retrieval recall@k; gap = same-language minus cross-lingual recall@5, in points (on "
        "paired queries in brackets); best need correct "
        "/ in top 3: simulation, over items whose need exists; AUTO / REVIEW chosen per variant.",
        "",
        *variant_table(evaluations),
        "",
        "### Retrieval, message vector",
        "",
        *retrieval_table(main),
        "",
        f"Harder pool, all reviews of the same app (both feedback types; a same-topic pair across "
        f"types counts as a miss, although annotators never compared across files): recall@1 "
        f"{f(app_scope['retrieval']['all']['r1'])}, recall@5 {f(app_scope['retrieval']['all']['r5'])}; "
        f"need matching at AUTO {f(main.auto)}: precision {f(app_scope['auto']['precision'])} "
        f"({app_scope['auto']['links']} links), at REVIEW {f(main.review)}: precision "
        f"{f(app_scope['review']['precision'])}, coverage {f(app_scope['review']['coverage'])}.",
        "",
        "### Threshold sweep, message vector",
        "",
        "auto-links: items whose best need scores ≥ t (of "
        f"{len(items.group)}; {int(main.records.has_need.sum())} had their need already). Pairs: "
        'precision / recall of "cosine ≥ t" as a same-need test, over '
        + " and ".join(
            f"{v['pairs']} {k} pairs ({v['positives']} positive)" for k, v in pairs.items()
        )
        + ".",
        "",
        *sweep_table(main, pairs),
        "",
        "### Thresholds across apps (chosen on one app, measured on the other)",
        "",
        *cross_app_table(evaluations),
        "",
        "Order sensitivity (message vector): AUTO / REVIEW chosen with shuffle seeds 1–4 instead of 0: "
        + ", ".join(f"{f(x)} / {f(y)}" for x, y in seeds)
        + ".",
        "",
        "**Reading.** Gold clusters here are fine-grained and many reviews mention several topics while "
        f"belonging to one cluster ({multi} of {len(items.group)} reviews split into 2 or more insights), so even with perfect (oracle) needs the nearest need is the right one "
        f"for only {f(best_right)} of the items, and precision reaches 0.90 only in the thin top tail of "
        f"scores: AUTO rests on {a['links']} links and auto-linking covers {f(a['coverage'])} of the "
        "items whose need exists. In practice nearly every match goes through the suggestion queue "
        "(REVIEW to AUTO). No variant meets the recall@5 goal; " + variant_notes(evaluations) + ".",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=Path, default=ds.DEFAULT_ROOT)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "evaluation.md")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = ds.minibar_clustering(args.datasets)
    items = load_items(rows, pool_by="file")
    evaluations = [evaluate(variant, items) for variant in variants(rows)]
    main_eval = evaluations[0]
    pairs = pairwise(main_eval.variant.similarity, items)
    app_items = load_items(rows, pool_by="app")
    app_curve = link_curve(simulate(main_eval.variant, app_items))
    app_scope = {
        "retrieval": retrieval(main_eval.variant, app_items),
        "auto": at(app_curve, main_eval.auto),
        "review": at(app_curve, main_eval.review),
    }
    seeds = [choose(simulate(main_eval.variant, items, seed)) for seed in range(1, 5)]
    markdown = report(evaluations, items, pairs, app_scope, seeds, time.perf_counter() - started)
    write_section(args.out, "dedup", markdown)
    print(markdown)
    print(json.dumps({
        "embedder": USE,
        "vector": "message",
        "auto": main_eval.auto,
        "review": main_eval.review,
        "recall_at_5": round(main_eval.retrieval["all"]["r5"], 4),
        "chosen_on": "mini-bar clustering.csv (calibration set)",
    }))  # fmt: skip


if __name__ == "__main__":
    main()
