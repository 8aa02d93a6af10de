"""A theme or need id merged away stands, in a filter, for the one it was merged into (the last
of the chain): its insights moved there, so the old id matched nothing, and said nothing. The
filter follows the merge and a warning names where it went."""

from sqlalchemy.orm import Session

from api.search.schemas import Filters, as_list
from api.storage.tables import Need, Theme
from api.themes.retired import retired_warnings


def merge_chain(session: Session, table: type[Theme] | type[Need], start: int) -> list[int]:
    """The ids `start` was merged into, in order, up to the one still standing ([]: not
    merged). A loop, which no merge should make, ends the chain rather than the request."""
    chain: list[int] = []
    row = session.get(table, start)
    while row is not None and row.merged_into_id is not None:
        if row.merged_into_id == start or row.merged_into_id in chain:
            break
        chain.append(row.merged_into_id)
        row = session.get(table, row.merged_into_id)
    return chain


def following_merges(session: Session, filters: Filters) -> tuple[Filters, list[str]]:
    """The filters with each merged theme or need id replaced by the one it was merged into,
    and a warning for each ("theme 43 was merged into 30: filtered on theme 30")."""
    update: dict[str, int | list[int]] = {}
    warnings: list[str] = []
    for name, table in (("theme", Theme), ("need", Need)):
        value = getattr(filters, name)
        chains = {wanted: merge_chain(session, table, wanted) for wanted in as_list(value) or []}
        if table is Theme:  # a retired theme (or the one a chain ends on) is said too
            warnings += retired_warnings(session, [c[-1] if c else w for w, c in chains.items()])
        if not any(chains.values()):
            continue
        followed = list(dict.fromkeys(chain[-1] if chain else wanted
                                      for wanted, chain in chains.items()))  # fmt: skip
        update[name] = followed if isinstance(value, list) else followed[0]
        warnings += [
            f"{name} {wanted} was merged into {', then '.join(map(str, chain))}: filtered on "
            f"{name} {chain[-1]} instead"
            for wanted, chain in chains.items()
            if chain
        ]
    return (filters.model_copy(update=update) if update else filters), warnings
