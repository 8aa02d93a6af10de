"""A filter on a retired theme matches nothing (its insights are elsewhere, or in none): it is said,
as a merged theme's redirect is, with where its insights went when the lineage knows it."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.storage.tables import Theme


def successors(theme: Theme) -> list[int]:
    """The themes its last retirement sent its insights to, most first ([]: not recorded, as
    before refits wrote it, or none took any)."""
    retired = [e for e in theme.lineage or [] if e.get("event") == "retired"]
    return list(retired[-1].get("successors") or []) if retired else []


def retired_warnings(session: Session, theme_ids: list[int]) -> list[str]:
    """One warning per retired theme among `theme_ids` ("theme 4 was retired by refit: …")."""
    if not theme_ids:
        return []
    retired = session.scalars(
        select(Theme).where(Theme.id.in_(theme_ids), Theme.status == "retired").order_by(Theme.id)
    )
    warnings = []
    for theme in retired:
        last = next((e for e in reversed(theme.lineage or []) if e.get("event") == "retired"), {})
        how = "deleted" if last.get("reason") == "deleted" else "retired"
        said = f"theme {theme.id} was {how}" + (f" by {last['by']}" if last.get("by") else "")
        went = successors(theme)
        if went:
            named = ", ".join(map(str, went))
            warnings.append(f"{said}: no insight is in it now; its insights went to theme"
                            f"{'s' if len(went) > 1 else ''} {named}: filter on "
                            f"{'those' if len(went) > 1 else 'that one'}")  # fmt: skip
        else:
            warnings.append(f"{said}: no insight is in it now; pick an active theme "
                            "(GET /v1/themes)")  # fmt: skip
    return warnings
