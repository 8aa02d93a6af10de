"""The theme tree as a CSV file (GET /v1/themes?format=csv, `boucle themes list --csv`), written
as the other exports write theirs (api/search/export.py: CRLF; in the `excel` style a BOM, ";"
and decimal commas). One row per theme, each parent before its themes, largest first as the
tree lists them; a theme's parent is named beside its id, so a spreadsheet needs no lookup."""

import io
from collections.abc import Iterator

from api.search.cells import inert, score_cell
from api.search.export import csv_writer, excel_cells
from api.themes.schemas import ThemeSummary
from api.themes.trends import SENTIMENTS

RECENT_WEEKS = 4  # the trend figures: the last weeks' volume against the weeks before them
THEME_COLUMNS = (
    "id", "level", "name", "parent_id", "parent_name", "size", "accounts", "arr",
    *(f"sentiment_{label}" for label in SENTIMENTS), "last_4_weeks", "previous_4_weeks",
    "weekly_from", "weekly_volume", "keywords", "seeded",
)  # fmt: skip
_TEXT_CELLS = tuple(THEME_COLUMNS.index(name) for name in ("name", "parent_name", "keywords"))


def tree_rows(items: list[ThemeSummary]) -> Iterator[tuple[ThemeSummary, ThemeSummary | None]]:
    """(theme, its parent) for every node of the tree, each parent before its themes."""
    for node in items:
        yield node, None
        for child in node.children:
            yield child, node


def theme_cells(theme: ThemeSummary, parent: ThemeSummary | None) -> list:
    """A theme's row: sizes, each sentiment's insights, the last 4 complete weeks' volume and the
    4 before (the week begun, its last point, counts in neither: at 00:05 on a Monday 3 weeks
    and 5 minutes stood against 4 weeks, every theme "down"), the weekly volume oldest first."""
    volumes = [point["volume"] for point in theme.trend]
    whole = volumes[:-1]  # the weeks before the one begun
    cells = [
        theme.id, theme.level, theme.name, theme.parent_id, parent.name if parent else None,
        theme.size, theme.accounts, score_cell(theme.arr),  # 178600, as every export writes it
        *(theme.sentiment.get(label, 0) for label in SENTIMENTS),
        sum(whole[-RECENT_WEEKS:]), sum(whole[-2 * RECENT_WEEKS : -RECENT_WEEKS]),
        theme.trend[0]["period_start"] if theme.trend else None,
        ";".join(map(str, volumes)), ";".join(theme.keywords), theme.seeded,
    ]  # fmt: skip
    for i in _TEXT_CELLS:  # discovery names themes after what customers wrote
        cells[i] = inert(cells[i])
    return cells


def themes_csv(items: list[ThemeSummary], excel: bool = False) -> str:
    """The tree as CSV text: a short table (a row a theme), written at once."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, excel)
    writer.writerow(THEME_COLUMNS)
    for theme, parent in tree_rows(items):
        cells = theme_cells(theme, parent)
        writer.writerow(excel_cells(cells) if excel else cells)
    return buffer.getvalue()
