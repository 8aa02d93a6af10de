"""Themes: the tree with sizes and trends, one theme's evidence, and the edits a person makes
(rename, move, merge, seed), which apply to assignment at once and survive refits."""

from collections.abc import Sequence
from datetime import date, datetime

import numpy as np
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from analyzer.needs import centroid
from analyzer.themes.parents import label_from_children
from api.audit import record
from api.errors import Conflict, NotFound
from api.needs.service import needs_fed_by
from api.redacted_text import redacted_fields
from api.search.service import closest_insights
from api.storage.db import Database
from api.storage.tables import Account, Feedback, Insight, Theme
from api.themes import listing
from api.themes.apart import set_apart
from api.themes.breakdown import by_language, by_segment, distinct_quotes
from api.themes.empty_parents import restore_emptied_parent, retire_empty_parents
from api.themes.lineage import event, now
from api.themes.schemas import (
    FedNeed,
    Quote,
    ThemeDetail,
    ThemeEdit,
    ThemeMerge,
    ThemeSeed,
    ThemeSummary,
)
from api.themes.trends import empty, next_period, period_start, rollup, weeks_before
from api.vectors import VectorFilter
from api.workspace import INSIGHTS, Workspace

SEED_CLAIM_LIMIT = 5_000
# A seed takes every stored insight at least this close to it (cosine to the seed vector: its
# name, description and examples together) that discovery placed, whatever theme holds it, and
# any other one closer to it than to its own theme (one a person seeded or named included). Only "closer than to its own theme" left a cluster's core where
# it was: on the demo, "Mobile app crashes" took 1 unrelated insight of 17 "the app crashes as
# soon as I open it" (0.48-0.60 from it, 0.60-0.82 from their theme); at 0.45 it takes those
# 17 and 4 "Crashes on launch" (0.47), and 1 unrelated one ("Every other app on my phone has
# one.", 0.52), while the next ones, a timer pausing on a phone, are at 0.44 and under.
SEED_CLAIM_SIMILARITY = 0.45
QUOTES = 5  # representative quotes in a theme's detail; the page pages through the rest


def get_theme(session: Session, theme_id: int) -> Theme:
    theme = session.get(Theme, theme_id)
    if theme is None:
        raise NotFound(f"no theme with id {theme_id}")
    return theme


def usable_parent(session: Session, parent_id: int) -> Theme:
    parent = get_theme(session, parent_id)
    if parent.level != "parent":
        raise Conflict(f"theme {parent_id} is not a parent theme: pick a parent")
    if parent.status != "active":
        raise Conflict(f"parent theme {parent_id} is {parent.status}: pick an active parent")
    return parent


def active(session: Session) -> list[Theme]:
    return list(session.scalars(select(Theme).where(Theme.status == "active").order_by(Theme.id)))


def labels_by_language(theme: Theme) -> dict[str, str]:
    """Discovery's label per language; none once a person named the theme: their name is the
    name in every language, in the answers' `names` too."""
    return {} if theme.name_locked else dict(theme.names or {})


def display_name(theme: Theme, languages: Sequence[str] = ()) -> str:
    """The theme's label in the first of the reader's languages that discovery made one in (a
    theme mixing languages has one per language), else its name: the label in the workspace's
    main language (discovery's `named_in`), or the name a person gave."""
    names = labels_by_language(theme)
    return next((names[code] for code in languages if code in names), theme.name)


def summary(
    theme: Theme, totals: dict | None, trend: list[dict], languages: Sequence[str] = ()
) -> ThemeSummary:
    totals = totals or empty()
    return ThemeSummary(
        id=theme.id, level=theme.level, name=display_name(theme, languages),
        names=labels_by_language(theme), keywords=theme.keywords,
        size=totals["volume"], parent_id=theme.parent_id, seeded=theme.seed_vector is not None,
        accounts=totals["accounts"], arr=totals["arr"], sentiment=totals["sentiment"],
        trend=trend,
    )  # fmt: skip


def summaries(
    session: Session, themes: list[Theme], languages: Sequence[str] = (), zone: str = "UTC"
) -> dict[int, ThemeSummary]:
    """Each theme with its totals and its weekly volume over the last 8 weeks, weeks starting
    in `zone` (a parent: its themes' together, each account once). No top intents: the tree
    does not show them."""
    parents = {t.id: t.parent_id for t in themes if t.level == "theme" and t.parent_id}
    children = [t.id for t in themes if t.level == "theme"]
    totals = listing.counts(session, [t.id for t in themes], parents)
    since = weeks_before(now(), 8, zone)  # 8 whole weeks, then the week begun
    accounts, weeks = listing.accounts_and_weeks(
        session, [t.id for t in themes], parents, since, zone
    )
    for key, (count, arr) in accounts.items():
        totals.setdefault(key, empty()).update(accounts=count, arr=arr)
    for theme_id, parent_id in parents.items():
        together = weeks.setdefault(parent_id, {})
        for start, volume in weeks.get(theme_id, {}).items():
            together[start] = together.get(start, 0) + volume
    trends = {
        key: weekly(weeks.get(key, {}), since, zone) for key in [*children, *parents.values()]
    }
    return {t.id: summary(t, totals.get(t.id), trends.get(t.id, []), languages) for t in themes}


def weekly(volumes: dict[date, int], since: datetime, zone: str = "UTC") -> list[dict]:
    """One point a week from `since`'s to this one, weeks without insights as zeros."""
    start, last = period_start(since, "week", zone), period_start(now(), "week", zone)
    points = []
    while start <= max([last, *volumes]):
        points.append({"period_start": start.isoformat(), "volume": volumes.get(start, 0)})
        start = next_period(start, "week")
    return points


def theme_tree(
    db: Database, languages: Sequence[str] = (), zone: str = "UTC"
) -> tuple[list[ThemeSummary], int]:
    """The tree (parents, their themes) and how many insights have no theme: SQL only, so the
    CLI can list it beside a running server."""
    with db.session() as session:
        themes = active(session)
        nodes = summaries(session, themes, languages, zone)
        roots = []
        for theme in themes:
            node = nodes[theme.id]
            if theme.parent_id in nodes:
                nodes[theme.parent_id].children.append(node)
            else:
                roots.append(node)
        for node in nodes.values():
            node.children.sort(key=lambda n: -n.size)
        unthemed = session.scalar(
            select(func.count()).select_from(Insight).where(Insight.theme_id.is_(None))
        )
        return sorted(roots, key=lambda n: -n.size), unthemed


def quotes_of(session: Session, insight_ids: list[int]) -> list[Quote]:
    """The insights as quotes, with what a reader wants beside them (source, date, language,
    account name, segment and ARR), in the order asked."""
    rows = session.execute(
        select(Insight, Feedback, Account)
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .outerjoin(Account, Account.id == Feedback.account_id)
        .where(Insight.id.in_(insight_ids))
    ).all()
    by_id = {insight.id: (insight, feedback, account) for insight, feedback, account in rows}
    return [
        Quote(
            insight_id=i.id,
            text=i.text,
            feedback_id=f.id,
            source=f.source,
            created_at=f.created_at,
            language=f.language,
            account_id=f.account_id,
            account_name=a.name if a else None,
            segment=a.segment if a else None,
            arr=a.arr if a else None,
        )  # fmt: skip
        for i, f, a in (by_id[k] for k in insight_ids if k in by_id)
    ]


def top_accounts(session: Session, theme_ids: list[int], limit: int = 10) -> list[dict]:
    """The accounts of the themes' insights with the most ARR (ties: the first to speak)."""
    arr = func.coalesce(Account.arr, 0.0)
    rows = session.execute(
        select(Feedback.account_id, Account.name, arr)
        .select_from(Insight)
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .outerjoin(Account, Account.id == Feedback.account_id)
        .where(Insight.theme_id.in_(theme_ids), Feedback.account_id.is_not(None))
        .group_by(Feedback.account_id, Account.name, arr)
        .order_by(arr.desc(), func.min(Insight.id))
        .limit(limit)
    )
    return [{"account_id": account, "name": name, "arr": value} for account, name, value in rows]


def theme_detail(
    ws: Workspace, theme_id: int, languages: Sequence[str] = (), accounts_limit: int = 10
) -> ThemeDetail:
    with ws.db.session() as session:
        theme = get_theme(session, theme_id)
        members = [theme_id]
        if theme.level == "parent":
            members = list(session.scalars(select(Theme.id).where(Theme.parent_id == theme_id)))
        totals = rollup(session, theme_id, members).get(theme_id, {}).get(None, empty())
        return ThemeDetail(
            id=theme.id, level=theme.level, name=display_name(theme, languages),
            names=labels_by_language(theme), name_locked=theme.name_locked,
            description=theme.description, parent_id=theme.parent_id, keywords=theme.keywords,
            size=totals["volume"], status=theme.status, merged_into_id=theme.merged_into_id,
            seeded=theme.seed_vector is not None, seed_examples=theme.seed_examples,
            accounts=totals["accounts"], arr=totals["arr"], sentiment=totals["sentiment"],
            top_intents=totals["top_intents"],
            quotes=distinct_quotes(quotes_of(session, theme.quotes), QUOTES),
            top_accounts=top_accounts(session, members, accounts_limit),
            by_segment=by_segment(session, members), by_language=by_language(session, members),
            needs=[FedNeed(id=i, title=title, status=status, insights=count)
                   for i, title, status, count in needs_fed_by(session, theme_id)],
            lineage=theme.lineage, created_at=theme.created_at, updated_at=theme.updated_at,
        )  # fmt: skip


def relabel_parent(session: Session, parent: Theme, by_size: bool = False) -> None:
    """A parent's automatic label from the themes under it now, the largest first, in each of
    their languages: a theme moved out no longer names it (a refit names it from its words).
    `by_size`: their sizes as stored (a refit's, before it writes where each insight is)."""
    children = list(session.scalars(
        select(Theme).where(Theme.parent_id == parent.id, Theme.status == "active")))  # fmt: skip
    if not children:
        return  # no theme to name it after: `retire_empty_parents` takes it out of the tree
    if by_size:
        sized = [(c, c.size) for c in children]
    else:
        sizes = listing.counts(session, [c.id for c in children], {})
        sized = [(c, sizes.get(c.id, empty())["volume"]) for c in children]
    # kept under a person's name too: releasing that name gives back this label
    parent.auto_name = label_from_children([(c.name, size) for c, size in sized])
    if not parent.name_locked:
        parent.name = parent.auto_name
    codes = sorted({code for c in children for code in labels_by_language(c)})
    parent.names = {code: label_from_children([(labels_by_language(c).get(code, c.name), size)
                                               for c, size in sized]) for code in codes}  # fmt: skip
    if len(children) == 1:  # its one theme's first words: that theme's row says more
        set_apart(children[0], parent)


def refuse_taken_name(session: Session, name: str, theme_id: int | None = None) -> None:
    """A 409 when another active theme (`theme_id`: the one being renamed, not another) has
    the name, whatever its case: two themes of one name cannot be told apart in the tree. It
    says the name as that theme has it ("CSV exports"), not as typed ("csv EXPORTS")."""
    query = select(Theme).where(Theme.status == "active", func.lower(Theme.name) == name.lower())
    if theme_id is not None:
        query = query.where(Theme.id != theme_id)
    same = session.scalars(query.limit(1)).first()
    if same is not None:
        raise Conflict(f"theme {same.id} is already named {same.name!r}: pick another name, or "
                       "rename that one")  # fmt: skip


def automatic_name(theme: Theme) -> str:
    """Discovery's latest label (`auto_name`, stored at each refit under a person's name too).
    A theme not labelled since it was stored (renamed before migration 0030): the label before
    the first rename since the name was last released; never renamed (a seeded theme no refit
    labelled): its name."""
    if theme.auto_name:
        return theme.auto_name
    renames = []
    for change in theme.lineage:
        if change["event"] == "name_released":
            renames = []
        elif change["event"] == "renamed":
            renames.append(change["before"])
    return renames[0] if renames else theme.name


def edit_theme(ws: Workspace, theme_id: int, body: ThemeEdit, actor: str) -> None:
    # a name is the team's words too: an address typed into a rename is not kept
    changes = redacted_fields(body, ws.settings, "name", "description").model_dump(
        exclude_unset=True
    )
    with ws.db.session() as session:
        theme = get_theme(session, theme_id)
        if theme.status != "active":
            raise Conflict(f"theme {theme_id} is {theme.status}: edit the theme it became")
        if "parent_id" in changes:
            parent_id = changes["parent_id"]
            if theme.level == "parent" and parent_id is not None:
                raise Conflict("a parent theme cannot have a parent (two levels)")
            if parent_id is not None:
                restore_emptied_parent(session, parent_id, by=actor)
                usable_parent(session, parent_id)
            before = theme.parent_id
            theme.parent_id, theme.parent_locked = parent_id, True
            theme.lineage = [*theme.lineage, event("moved", parent=parent_id)]
            for changed in {before, parent_id} - {None}:
                relabel_parent(session, get_theme(session, changed))
            retire_empty_parents(session, [before], by=actor)  # its last theme moved out
        if "name" in changes and changes["name"]:
            name = changes["name"].strip()
            refuse_taken_name(session, name, theme_id)
            if not theme.name_locked:  # discovery's label: what releasing the name gives back
                theme.auto_name = theme.name
            if name != theme.name:  # its own name again: kept, no "renamed" from it to itself
                theme.lineage = [*theme.lineage, event("renamed", before=theme.name, after=name)]
            theme.name, theme.name_locked = name, True
        elif "name" in changes and theme.name_locked:  # null: discovery names it again
            automatic = automatic_name(theme)
            theme.lineage = [*theme.lineage, event("name_released", before=theme.name)]
            theme.name, theme.name_locked = automatic, False
        if "description" in changes:
            theme.description = changes["description"]
        record(session, actor, "theme.edit", "theme", theme_id, changes)


def move_insights(session: Session, ws: Workspace, from_ids: list[int], to_id: int) -> list[int]:
    insight_ids = list(session.scalars(select(Insight.id).where(Insight.theme_id.in_(from_ids))))
    session.execute(update(Insight).where(Insight.theme_id.in_(from_ids)).values(theme_id=to_id))
    for start in range(0, len(insight_ids), 1_000):
        ws.vectors.set_payload(INSIGHTS, insight_ids[start : start + 1_000], {"theme_id": to_id})
    return insight_ids


def merge_themes(ws: Workspace, body: ThemeMerge, actor: str) -> None:
    if body.into in body.sources:
        raise Conflict("a theme cannot be merged into itself: remove its id from sources")
    with ws.db.session() as session:
        target = get_theme(session, body.into)
        sources = [get_theme(session, i) for i in body.sources]
        for theme in [target, *sources]:
            if theme.status != "active":
                raise Conflict(f"theme {theme.id} is {theme.status}: only active themes merge")
            if theme.level != "theme":
                raise Conflict(
                    f"theme {theme.id} is a parent: parents do not merge; merge their themes, "
                    "or move a theme under another parent (PATCH parent_id)"
                )
        total = np.zeros(len(np.frombuffer(target.centroid, np.float32)), np.float32)
        for theme in [target, *sources]:
            total += np.frombuffer(theme.centroid, np.float32) * max(theme.size, 1)
        moved = move_insights(session, ws, body.sources, target.id)
        target.centroid = centroid(total).tobytes()
        target.size += len(moved)
        for theme in sources:
            theme.status, theme.merged_into_id = "merged", target.id
            theme.quotes, theme.size = [], 0  # its insights, and so its quotes, are the target's
            theme.lineage = [*theme.lineage, event("merged_into", theme=target.id, by=actor)]
        target.lineage = [*target.lineage, event("merged", themes=body.sources,
                                                 names=[s.name for s in sources], by=actor)]  # fmt: skip
        # the sources' parents are named after the themes they have left, or leave the tree
        session.flush()
        parent_ids = {t.parent_id for t in [target, *sources]} - {None}
        for parent_id in parent_ids:
            relabel_parent(session, get_theme(session, parent_id))
        retire_empty_parents(session, parent_ids, by=actor)
        record(session, actor, "theme.merge", "theme", target.id, body.model_dump())
        session.flush()
        ws.themes.reload(session)


def seed_theme(ws: Workspace, body: ThemeSeed, actor: str) -> int:
    """A theme from a name, a description and examples. It collects at once the stored
    insights at least `SEED_CLAIM_SIMILARITY` close to it (but from a theme a person seeded or
    named) or closer to it than to their own theme, and every later one nearer to it than to
    any other theme. A refit keeps
    the theme (id, name, examples), warm or cold: it holds the insights within the seed
    similarity of it, those in it still near it (`min_similarity`) and those nearer to it than to
    any theme the refit forms."""
    # embedded as stored; the name too (what a person typed into it)
    body = redacted_fields(body, ws.settings, "name", "description", "examples")
    text = ". ".join(p for p in [body.name, body.description or ""] if p)
    vectors = ws.tagger.embed([text, *body.examples])
    seed = centroid(vectors.sum(axis=0))
    with ws.db.session() as session:
        if body.parent_id is not None:
            usable_parent(session, body.parent_id)
        refuse_taken_name(session, body.name.strip())
        theme = Theme(level="theme", name=body.name.strip(), name_locked=True,
                      description=body.description, parent_id=body.parent_id,
                      parent_locked=body.parent_id is not None, centroid=seed.tobytes(),
                      seed_vector=seed.tobytes(), seed_examples=body.examples,
                      lineage=[event("seeded", by=actor)], keywords=[], quotes=[])  # fmt: skip
        session.add(theme)
        session.flush()
        claimed = claim_for_seed(session, ws, theme.id, seed)
        theme.size = len(claimed)
        theme.quotes = claimed[: 2 * QUOTES]  # room for repeats the detail leaves out
        record(session, actor, "theme.seed", "theme", theme.id, body.model_dump())
        session.flush()
        ws.themes.reload(session)
        return theme.id


def persons_themes(session: Session, theme_ids: set[int]) -> set[int]:
    """Those of the themes a person seeded or named: another seed takes from them only what is
    closer to it than to them (a second seed took a first one's insights at 0.45)."""
    if not theme_ids:
        return set()
    persons = (Theme.seed_vector.is_not(None)) | Theme.name_locked
    return set(session.scalars(select(Theme.id).where(Theme.id.in_(theme_ids), persons)))


def claim_for_seed(session: Session, ws: Workspace, theme_id: int, seed: np.ndarray) -> list[int]:
    # exact as search decides: a graph walk would leave most copies of a text unclaimed
    hits, _ = closest_insights(ws, seed, SEED_CLAIM_LIMIT, VectorFilter(), ws.themes.min_similarity)
    if not hits:
        return []
    rows = session.scalars(select(Insight).where(Insight.id.in_([h.id for h in hits]))).all()
    current = {r.id: (r.theme_score if r.theme_id is not None else -1.0) for r in rows}
    held = persons_themes(session, {r.theme_id for r in rows} - {None})
    open_to = {r.id for r in rows if r.theme_id not in held}
    claimed = [h.id for h in hits if (h.id in current and h.score > (current[h.id] or -1.0))
               or (h.id in open_to and h.score >= SEED_CLAIM_SIMILARITY)]  # fmt: skip
    scores = {h.id: h.score for h in hits}
    for insight in rows:
        if insight.id in claimed:
            insight.theme_id, insight.theme_score = theme_id, round(scores[insight.id], 4)
    for start in range(0, len(claimed), 1_000):
        ws.vectors.set_payload(INSIGHTS, claimed[start : start + 1_000], {"theme_id": theme_id})
    return claimed
