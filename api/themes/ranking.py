"""Themes ranked among the insights that match the common filters (those of GET /v1/feedback and
the exports): "the themes behind detractors" is ?source=nps_survey&score_max=6. Counted by the
tree's code (listing.counts), narrowed by the insights export's filters (where_insights)."""

from collections.abc import Sequence
from typing import Literal

from sqlalchemy import Select, func, select

from api.search.export import stored_filters, where_insights
from api.search.records import with_record_joins
from api.search.schemas import Filters
from api.search.service import values_matching_nothing
from api.storage.db import Database
from api.storage.tables import Insight, Theme
from api.themes import listing
from api.themes.schemas import RankedTheme, ThemeRanking
from api.themes.service import active, display_name

Level = Literal["theme", "parent"]


def at_level(theme: Theme, level: Level) -> bool:
    """Whether the ranking at `level` lists the theme: "parent" ranks the tree's top, parents
    and the themes under none (top-level themes), so the shares cover every themed insight."""
    return theme.parent_id is None if level == "parent" else theme.level == level


def theme_ranking(
    db: Database,
    filters: Filters,
    level: Level = "theme",
    limit: int = 20,
    languages: Sequence[str] = (),
) -> ThemeRanking:
    """The `limit` themes (or the tree's top: parents and top-level themes) with the most
    matching insights, most first (ties: the older theme first), each with its share of the
    matching insights and their sentiment mix."""
    with db.session() as session:
        warnings = values_matching_nothing(session, filters)  # an empty ranking, but not silent
        filters, themes = stored_filters(session, filters)

        def narrow(query: Select) -> Select:
            return where_insights(with_record_joins(query), filters, themes)

        matching, themed = session.execute(
            narrow(select(func.count(), func.count(Insight.theme_id)).select_from(Insight))
        ).one()
        every = active(session)
        parents = {t.id: t.parent_id for t in every if t.level == "theme" and t.parent_id}
        totals = listing.counts(session, [t.id for t in every], parents, narrow)
        ranked = sorted(
            (t for t in every if at_level(t, level) and totals.get(t.id, {}).get("volume")),
            key=lambda t: (-totals[t.id]["volume"], t.id),
        )
        items = [
            RankedTheme(
                id=t.id,
                level=t.level,
                name=display_name(t, languages),
                parent_id=t.parent_id,
                insights=totals[t.id]["volume"],
                share=round(totals[t.id]["volume"] / matching, 4),
                sentiment=totals[t.id]["sentiment"],
            )  # fmt: skip
            for t in ranked[:limit]
        ]
    return ThemeRanking(
        insights=matching, unthemed=matching - themed, items=items, warnings=warnings
    )
