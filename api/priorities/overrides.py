"""Which of a person's RICE values a ranking uses.

A reach override states what it counts (`reach_unit`: accounts, arr in thousands, contacts or
feedback, as `?reach=`; a PATCH that leaves it out states the workspace's BOUCLE_RICE_REACH) and
stands for all of the need's customers. So it is used only where the ranking counts in that unit
over every segment; elsewhere (`?reach=arr`, `?segment=smb`) the evidence's reach is, and the
factor says why: 50 accounts read as €50K of ARR, or as 50 of one segment's accounts.
"""

from api.priorities.reach import Reach


def in_force(
    overrides: dict, reach: Reach, segment: str | None, default_reach: Reach
) -> tuple[dict, str | None]:
    """(the factor values that apply to this ranking, why a reach override does not or None)."""
    values = {name: value for name, value in overrides.items() if name != "reach_unit"}
    stated = values.get("reach")
    if stated is None:
        return values, None
    unit = overrides.get("reach_unit") or default_reach  # stored before units were stated
    if unit != reach:
        why = f"it counts reach={unit}, this ranking reach={reach}"
    elif segment:
        why = f"it counts every segment, this ranking segment '{segment}' only"
    else:
        return values, None
    del values["reach"]
    return values, f"a person's reach of {stated:g} is not used here: {why}"


def stated_overrides(merged: dict, changes: dict | None, default_reach: Reach) -> dict:
    """The overrides to store after a PATCH merged `changes` in: a reach sent without its unit
    counts in the workspace's reach, and a reach given back to the evidence takes its unit."""
    if "reach" not in merged:
        return {name: value for name, value in merged.items() if name != "reach_unit"}
    if changes and changes.get("reach") is not None and not changes.get("reach_unit"):
        return {**merged, "reach_unit": default_reach}
    return merged
