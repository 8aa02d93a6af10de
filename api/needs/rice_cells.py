"""A need's RICE factors as `boucle needs priorities|show` write them: each reach with what it
counts ("2 accounts", "7 customers", ARR as money: "€205K"), numbers without a useless ".0", and
a factor a person set marked "*" (the page's ✎, the JSON's `overridden`), explained by FOOTNOTE
under what shows one, and an effort nobody set, the default, marked "(default)" (the page's
"default" badge, the JSON's `defaulted`), explained by DEFAULT_FOOTNOTE."""

from collections.abc import Iterable

from api.search.cells import score_cell
from api.terminal import money
from api.wording import plural

SET_BY_A_PERSON = "*"
FOOTNOTE = f"{SET_BY_A_PERSON} set by a person"
DEFAULTED = " (default)"
DEFAULT_FOOTNOTE = "(default) no effort set yet: the default, BOUCLE_RICE_DEFAULT_EFFORT"
# A reach's unit (api/priorities/reach.py) as counted words, singular and plural; arr is money.
REACH_WORDS = {
    "accounts": ("account", "accounts"),
    "customers": ("customer", "customers"),
    "people": ("person", "people"),
    "feedback": ("feedback item", "feedback items"),
}


def number(value: float | None) -> str:
    """ "2", not "2.0"; "0.5"; "-" for no value (an effort nobody set, with no default)."""
    return "-" if value is None else str(score_cell(value))


def reach_text(value: float | None, unit: str | None) -> str:
    """ "2 accounts", "1 person", "€205K" (an arr reach counts thousands)."""
    if value is None:
        return "-"
    if unit == "arr":
        return money(value * 1_000)
    if unit not in REACH_WORDS:  # none stated: the number alone
        return number(value)
    return plural(score_cell(value), *REACH_WORDS[unit])


def factor_cell(name: str, factor: dict) -> str:
    """One factor of a ranking's `factors`, marked where a person set it, or where it is the
    default effort."""
    text = (
        reach_text(factor["value"], factor["unit"]) if name == "reach" else number(factor["value"])
    )
    return (
        text
        + (SET_BY_A_PERSON if factor["overridden"] else "")
        + (DEFAULTED if factor.get("defaulted") else "")
    )


def any_set_by_a_person(factor_sets: Iterable[dict]) -> bool:
    """Whether any of these `factors` (one per need) shows a person's value: FOOTNOTE is due."""
    return any(f["overridden"] for factors in factor_sets for f in factors.values())


def any_defaulted(factor_sets: Iterable[dict]) -> bool:
    """Whether any of these `factors` shows the default effort: DEFAULT_FOOTNOTE is due."""
    return any(f.get("defaulted") for factors in factor_sets for f in factors.values())
