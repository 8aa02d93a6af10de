"""A refit: discovery over the stored insights' vectors (never re-embedded), on a seeded sample of
at most `theme_fit_sample` of them (stratified by theme), the others placed by nearest centroid;
then the clusters are mapped onto the existing themes so that ids, names and edits survive; what
changed is recorded as lineage (new, split, merged, retired), with dates."""

import time
from collections import Counter
from collections.abc import Callable, Iterable

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analyzer.themes.parents import TOP_LEVEL, label_from_children
from api.storage.tables import Theme
from api.themes.corpus import (
    Corpus,
    align,
    load_corpus,
    received_since,
    row_themes,
    themes_changed_at,
)
from api.themes.empty_parents import retire_empty_parents
from api.themes.index import prototypes
from api.themes.lineage import event
from api.themes.parent_names import name_parents_after_children
from api.themes.placement import Placement, place_all, write_placement
from api.themes.service import relabel_parent
from api.workspace import Workspace

Progress = Callable[[float, str], None]
MIN_MATCH = 0.8  # centroid cosine for a cluster to keep an existing theme's id
MIN_OVERLAP = 0.5  # share of a cluster's members from one old theme to keep its id anyway
MIN_JACCARD = 0.3  # members shared with an old theme (of both): a theme that grew or shrank
# Whatever they share, a cluster keeps an old id only when their centroids are at least this
# alike (`ThemeConfig.anchor_similarity`, under which a warm refit may cluster a row anew): a
# cold refit gave a 7-insight cluster 4 of whose insights were an old theme's, at cosine 0.49
# from it, that theme's id (QA: a link to theme 9 then showed another topic).
MIN_TOPIC = 0.65


def unit(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)


def map_clusters(
    found_centroids: list[np.ndarray],
    found_members: list[np.ndarray],
    old: list[Theme],
    corpus_themes: np.ndarray,
    fixed: dict[int, int],
    merged: list[tuple[int, bytes]] = (),
) -> dict[int, int]:
    """Found cluster index -> existing theme id: seeded ones by key (`fixed`), then by the
    insights a cluster shares with an old theme (`corpus_themes`: each fitted row's theme before,
    -1 for none or for a row too new to speak for one), centroid cosine breaking ties (one-to-one,
    the clearest continuation first), then a cluster like a merged theme goes where it went."""
    from analyzer.themes.matching import match_members

    mapping = dict(fixed)
    taken = set(mapping.values())
    free_old = [t for t in old if t.id not in taken and t.centroid is not None]
    free_new = [i for i in range(len(found_centroids)) if i not in mapping]
    if free_old and free_new:
        row = {t.id: r for r, t in enumerate(free_old)}
        overlap = np.zeros((len(free_old), len(free_new)))
        for column, index in enumerate(free_new):
            for theme_id, count in Counter(corpus_themes[found_members[index]].tolist()).items():
                if theme_id in row:
                    overlap[row[theme_id], column] = count
        counts = Counter(corpus_themes.tolist())
        old_sizes = np.array([counts[t.id] for t in free_old])
        new_sizes = np.array([len(found_members[i]) for i in free_new])
        sims = (
            np.vstack([unit(t.centroid) for t in free_old])
            @ np.vstack([found_centroids[i] for i in free_new]).T
        )
        pairs = match_members(overlap, old_sizes, new_sizes, sims, MIN_JACCARD, MIN_OVERLAP,
                              MIN_MATCH, MIN_TOPIC)  # fmt: skip
        for old_index, new_index in pairs.items():
            mapping[free_new[new_index]] = free_old[old_index].id
    # A cluster like a merged theme goes where that theme went: a person's merge survives. Into
    # a theme no other cluster continues, only when about its topic too (MIN_TOPIC): a refit
    # that no longer found "tasks assigned" gave its id to a cluster like the invoices theme once
    # merged into it, and theme 9 was about invoices with no lineage event.
    if merged and free_new:
        ids = [theme_id for theme_id, _ in merged]
        matrix = np.vstack([unit(blob) for _, blob in merged])
        own = {t.id: unit(t.centroid) for t in old if t.centroid is not None}
        continued = set(mapping.values())
        for index in free_new:
            if index in mapping:
                continue
            scores = matrix @ found_centroids[index]
            target = ids[int(scores.argmax())]
            on_topic = target in continued or (
                target in own and float(own[target] @ found_centroids[index]) >= MIN_TOPIC
            )
            if scores.max() >= MIN_MATCH and on_topic:
                mapping[index] = target
    return mapping


def refit(ws: Workspace, progress: Progress | None = None, cold: bool = False) -> dict:
    """`cold`: discover the themes from scratch (no anchoring on the current ones, parents
    grouped anew, no row kept in its theme but in a person's: one seeded or named is a seed);
    found themes are still matched to the old ids, so a theme that is the same keeps its id,
    name and edits. A warm refit only clusters what no theme explains: a new topic absorbed at
    ingest into an unrelated theme stays there."""
    from analyzer.themes.discovery import Seed, ThemeConfig, discover
    from analyzer.themes.sampling import fit_sample

    report = progress or (lambda share, message: None)
    started = time.perf_counter()
    config = ThemeConfig()
    report(0.05, "reading stored vectors")
    with ws.db.session() as session:
        ids, themes = row_themes(session)
        # the fit reads a bounded sample (all rows when they fit): time and memory stay bounded
        picked = fit_sample(ids, themes, ws.settings.theme_fit_sample, config.seed)
        corpus = load_corpus(session, ids[picked] if len(picked) < len(ids) else None)
        corpus, picked = align(corpus, ids)
        old = list(
            session.scalars(select(Theme).where(Theme.status == "active").order_by(Theme.id))
        )
        fresh = received_since(session, themes_changed_at(session))
    if not len(corpus.ids):
        return {"cold": cold, "insights": 0, "sample": 0, "themes": 0, "seconds": 0.0}
    old_themes = [t for t in old if t.level == "theme"]
    seeds = [Seed(str(t.id), unit(t.seed_vector), unit(t.centroid) if t.centroid else None)
             for t in old_themes if t.seed_vector]  # fmt: skip
    if cold:  # a theme a person named is kept as a seed is: starting over drops no one's edit
        named = [t for t in old_themes if t.name_locked and not t.seed_vector and t.centroid]
        seeds += [Seed(str(t.id), unit(t.centroid), unit(t.centroid)) for t in named]
    report(0.15, f"discovering themes in {len(corpus.ids):,} of {len(ids):,} insights")
    # Warm refit: the current themes anchor the rows they explain, so ids stay put and only
    # what no theme explains is clustered anew (the first refit is a cold fit).
    anchored = [t for t in old_themes if t.centroid and not t.seed_vector and not cold]
    previous = np.vstack([unit(t.centroid) for t in anchored]) if anchored else None
    # each row's theme as an anchor index: the seeded themes first, then `previous`
    index = {int(s.key): i for i, s in enumerate(seeds)}
    index |= {t.id: len(seeds) + j for j, t in enumerate(anchored)}
    current = np.array([index.get(int(t), -1) for t in corpus.themes], dtype=np.int64)
    # each row's parent now: themes stay under their parents or at the top level (a cold fit,
    # the first one included, groups them anew)
    parent = {t.id: TOP_LEVEL if t.parent_id is None else t.parent_id for t in old_themes}
    parent_of = np.array([parent.get(int(t), -1) for t in corpus.themes], dtype=np.int64)
    if not old_themes:
        parent_of = None
    fresh_rows = np.isin(corpus.ids, fresh)
    if cold:  # no theme under its parent, no row kept in its theme but a person's (the seeds);
        # one that arrived since the themes last changed was placed by nearness alone: not kept
        current = np.where((current < len(seeds)) & ~fresh_rows, current, -1)
        parent_of = None
    found = discover(corpus.vectors, corpus.texts, corpus.languages, seeds, config,
                     previous=previous, current=current, parent_of=parent_of)  # fmt: skip
    report(0.7, "mapping onto existing themes")
    fixed = {i: int(t.seed) for i, t in enumerate(found.themes) if t.seed is not None}
    with ws.db.session() as session:
        active_ids = {t.id for t in old_themes}
        merged = [(i, blob) for i, blob in prototypes(session) if i in active_ids]
        merged = [m for m in merged if not any(m[1] == t.centroid for t in old_themes)]
    # Insights that arrived since the themes last changed were placed at ingest, by nearness
    # alone: they do not speak for the theme that took them (a new topic absorbed by an
    # unrelated theme would take its id), so they count for no old theme.
    settled = np.where(fresh_rows, -1, corpus.themes)
    mapping = map_clusters([t.centroid for t in found.themes], [t.members for t in found.themes],
                           old_themes, settled, fixed, merged)  # fmt: skip
    if len(found.themes):
        report(0.75, f"placing the other {len(ids) - len(picked):,} insights")
        with ws.db.session() as session:
            # a cold refit keeps out-of-sample rows only in a person's themes, as the fit did
            stay = {int(s.key) for s in seeds} if cold else None
            placement = place_all(session, ids, themes, picked, corpus, found, mapping, seeds,
                                  config, stay)  # fmt: skip
    else:
        placement = Placement(ids, themes, np.full(len(ids), -1), np.zeros(len(ids), np.float32))
    report(0.85, "writing themes and assigning insights")  # not inside the transaction below
    with ws.write_lock, ws.db.session() as session:
        summary = write_themes(session, corpus, found, mapping, placement, settled, not cold)
        write_placement(session, ws, placement, summary.pop("ids"))
        ws.themes.reload(session)
    summary.update(cold=cold, insights=len(ids), sample=len(corpus.ids),
                   outlier_share=round(float((placement.labels < 0).mean()), 4),
                   discovery_seconds=round(found.seconds, 2),
                   seconds=round(time.perf_counter() - started, 2))  # fmt: skip
    report(1.0, "done")
    return summary


def write_themes(
    session: Session,
    corpus: Corpus,
    found,
    mapping: dict[int, int],
    placement: Placement,
    settled: np.ndarray,
    warm: bool = False,
) -> dict:
    """Create, update, split, merge and retire theme rows; returns counts and cluster -> id.
    Sizes, merges and retirements count every insight (`placement`); a new theme's origin (from
    `settled`, each fitted row's theme as `map_clusters` read it) and its quotes come from the
    fitted rows (`corpus`). `warm`: a theme or parent holding what it held keeps its words (a
    cold refit, starting over, names every one anew)."""
    old = {
        t.id: t
        for t in session.scalars(select(Theme).where(Theme.status == "active").order_by(Theme.id))
    }
    had_themes = {t.parent_id for t in old.values() if t.level == "theme"}  # before the refit
    parent_ids = write_parents(session, found, old, mapping, warm)
    sizes = np.bincount(placement.labels[placement.labels >= 0], minlength=len(found.themes))
    untouched = same_members(placement, mapping) if warm else set()
    ids: dict[int, int] = {}
    counts = Counter()
    splits: list[tuple[int, Theme]] = []  # (old theme id, the new theme split from it)
    for index, cluster in enumerate(found.themes):
        if mapping.get(index) in ids.values():  # a second cluster of a merged theme
            theme = session.get(Theme, mapping[index])
            theme.size += int(sizes[index])
            ids[index] = theme.id
            continue
        theme = old.get(mapping.get(index, -1))
        if theme is None:
            theme = Theme(level="theme", lineage=[], seed_examples=[])
            session.add(theme)
            origin = Counter(settled[cluster.members].tolist()).most_common(1)
            source = origin[0][0] if origin and origin[0][0] != -1 else None
            theme.lineage = [event("split_from", theme=source) if source else event("created")]
            counts["split" if source else "created"] += 1
            if source in old:
                splits.append((source, theme))
        else:
            counts["kept"] += 1
        parent_id = parent_ids.get(cluster.parent) if cluster.parent is not None else None
        if theme.parent_locked:
            parent_id = theme.parent_id
        # the same insights under the same parent: the same words (the labels of unchanged
        # themes flipped from refit to refit as c-TF-IDF moved with the other themes)
        if theme.id not in untouched or parent_id != theme.parent_id:
            # stored under a person's name too: releasing that name gives back this label
            theme.auto_name = cluster.label or None  # "": a seed no insight joined has no words
            if not theme.name_locked:
                theme.name = cluster.label
            theme.names = cluster.labels
            theme.keywords = cluster.keywords
            theme.quotes = [int(corpus.ids[i]) for i in cluster.quotes]
        theme.parent_id = parent_id
        theme.centroid = np.asarray(cluster.centroid, dtype=np.float32).tobytes()
        theme.size = int(sizes[index])
        session.flush()
        ids[index] = theme.id
    for source, theme in splits:  # both sides: the source says where a part of it went
        old[source].lineage = [*old[source].lineage, event("split_into", theme=theme.id)]
    kept = set(ids.values())
    for theme in old.values():
        if theme.level != "theme" or theme.id in kept:
            continue
        members = np.flatnonzero(placement.themes == theme.id)
        destinations = Counter(ids.get(int(placement.labels[i]), -1) for i in members)
        destinations.pop(-1, None)  # those in no theme went nowhere
        target, count = destinations.most_common(1)[0] if destinations else (-1, 0)
        # a person's theme goes where most of its insights went, said in its lineage; another
        # only where most of them went (else: retired, its insights scattered)
        edited = theme.name_locked or theme.seed_vector is not None
        if target != -1 and (edited or count >= MIN_OVERLAP * len(members)):
            theme.status, theme.merged_into_id = "merged", target
            theme.lineage = [*theme.lineage, event("merged_into", theme=target, by="refit")]
            survivor = session.get(Theme, target)
            survivor.lineage = [*survivor.lineage, event("merged", themes=[theme.id], by="refit")]
            counts["merged"] += 1
        else:  # where its insights went, most first: a link or filter on it can say so
            theme.status = "retired"
            successors = [theme_id for theme_id, _ in destinations.most_common()]
            theme.lineage = [*theme.lineage, event("retired", by="refit", successors=successors)]
            counts["retired"] += 1
    retire_unfound_parents(session, old, set(parent_ids.values()))
    # a parent whose themes all went elsewhere (a person's parent the refit kept) leaves the tree
    retire_empty_parents(session, had_themes, by="refit")
    grouped = {parent_ids[p]: {ids[c] for c in parent.children if c in ids}
               for p, parent in enumerate(found.parents) if p in parent_ids}  # fmt: skip
    name_parents_after_children(session, grouped)
    # clusters that went into one theme (a person's merge) count once, as the tree shows them
    tally = {key: counts[key] for key in ("kept", "created", "split", "merged", "retired")}
    return {"themes": len(set(ids.values())), "parents": active_parents(session), **tally,
            "new": counts["created"] + counts["split"], "edited": edited_gone(old.values()),
            "ids": ids}  # fmt: skip


def same_members(placement: Placement, mapping: dict[int, int]) -> set[int]:
    """The old theme ids a single found cluster continues with exactly the insights it had."""
    size = max(int(placement.labels.max(initial=-1)), max(mapping, default=-1)) + 2
    lookup = np.full(size, -1, dtype=np.int64)  # cluster -> theme id; new clusters: -1
    for index, theme_id in mapping.items():
        lookup[index] = theme_id
    now = np.where(placement.labels >= 0, lookup[placement.labels], -1)
    moved = now != placement.themes
    touched = set(placement.themes[moved].tolist()) | set(now[moved].tolist())
    once = [t for t, n in Counter(mapping.values()).items() if n == 1]
    return {t for t in once if t not in touched}


def edited_gone(old: Iterable[Theme]) -> list[dict]:
    """The themes and parents a person named or seeded that the refit merged or retired, by
    name and where they went: counted among the others, a person's work went unsaid."""
    return [{"id": t.id, "name": t.name, "level": t.level, "status": t.status,
             "merged_into": t.merged_into_id}
            for t in old if (t.name_locked or t.seed_vector) and t.status != "active"]  # fmt: skip


def active_parents(session: Session) -> int:
    """Parents in the tree after the refit: those it found, and those it kept (a person named
    one, or moved a theme under it), as GET /v1/themes shows them."""
    session.flush()
    where = (Theme.status == "active", Theme.level == "parent")
    return session.scalar(select(func.count()).select_from(Theme).where(*where)) or 0


def write_parents(
    session: Session,
    found,
    old: dict[int, Theme],
    mapping: dict[int, int] | None = None,
    warm: bool = False,
) -> dict[int, int]:
    """Parent index -> parent theme id: the parent a found one continues (its key), else matched
    by centroid like themes; a parent a person named, else, by the themes it held (`mapping`:
    found theme index -> old theme id). `warm`: one holding the themes it held keeps its name."""
    from analyzer.themes.matching import match_themes

    old_parents = [t for t in old.values() if t.level == "parent" and t.centroid is not None]
    by_id = {t.id: t for t in old_parents}
    by_new = {i: by_id[p.key] for i, p in enumerate(found.parents) if p.key in by_id}
    free_old = [t for t in old_parents if t not in by_new.values()]
    free_new = [i for i in range(len(found.parents)) if i not in by_new]
    if free_old and free_new:
        pairs = match_themes(np.vstack([unit(t.centroid) for t in free_old]),
                             np.vstack([found.parents[i].centroid for i in free_new]),
                             MIN_MATCH)  # fmt: skip
        by_new |= {free_new[new]: free_old[o] for o, new in pairs.items()}
    named_parents_continue(found, old, mapping or {}, by_new)
    ids = {}
    for index, parent in enumerate(found.parents):
        if not any(len(found.themes[child].members) for child in parent.children):
            # only themes nothing joined (a seed no insight is close to yet): a parent with no
            # words to be named by would be a blank row; they stay at the top level instead
            continue
        theme = by_new.get(index)
        if theme is None:
            theme = Theme(level="parent", lineage=[event("created")], seed_examples=[], quotes=[])
            session.add(theme)
        held = {t.id for t in old.values() if t.level == "theme" and t.parent_id == theme.id}
        # the same themes under it: its name stays, the one a person's move gave it included
        if not warm or not held or held != {(mapping or {}).get(c) for c in parent.children}:
            # the children's labels if its insights gave it no words; kept under a person's name
            children = [(found.themes[c].label, len(found.themes[c].members))
                        for c in parent.children]  # fmt: skip
            theme.auto_name = parent.label or label_from_children(children)
            if not theme.name_locked:
                theme.name = theme.auto_name
            theme.names = parent.labels
            theme.keywords = parent.keywords
        theme.centroid = np.asarray(parent.centroid, dtype=np.float32).tobytes()
        theme.size = len(parent.children)
        session.flush()
        ids[index] = theme.id
    return ids


def named_parents_continue(
    found, old: dict[int, Theme], mapping: dict[int, int], by_new: dict[int, Theme]
) -> None:
    """A parent a person named that no found parent continues (by key or centroid) continues as
    the free found parent holding most of its themes: a cold refit regrouped the tree and
    retired it, empty, with its name. Adds to `by_new` (found parent index -> old parent)."""
    taken = set(by_new.values())
    for parent in sorted(old.values(), key=lambda t: t.id):
        if parent.level != "parent" or not parent.name_locked or parent in taken:
            continue
        held = Counter(
            index
            for index, found_parent in enumerate(found.parents)
            if index not in by_new
            for child in found_parent.children
            if (theme := old.get(mapping.get(child, -1))) is not None
            and theme.parent_id == parent.id
        )
        if held:
            index = min(held, key=lambda i: (-held[i], i))
            by_new[index] = parent
            taken.add(parent)


def retire_unfound_parents(session: Session, old: dict[int, Theme], found: set[int]) -> None:
    """The old parents the refit did not find again (not in `found`) leave the tree, after the
    themes are written: one a person named stays, and so does one a theme is still under (a
    person moved it there, and a refit keeps a person's move), named after the themes it holds
    now; the theme would otherwise show at the top level under a retired parent's id."""
    session.flush()
    under = select(Theme.parent_id).where(
        Theme.status == "active", Theme.level == "theme", Theme.parent_id.in_(old)
    )
    holding = set(session.scalars(under))
    for theme in old.values():
        if theme.level != "parent" or theme.id in found or theme.name_locked:
            continue
        if theme.id in holding:
            relabel_parent(session, theme)
        else:
            theme.status = "retired"
            theme.lineage = [*theme.lineage, event("retired", by="refit")]
