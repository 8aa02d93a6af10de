"""RICE factors as the terminal writes them (api/needs/rice_cells.py): each reach with its unit,
ARR as money, no ".0", and a person's value marked."""

from api.needs.rice_cells import any_defaulted, any_set_by_a_person, factor_cell, reach_text


def factor(
    value: float | None, unit: str | None = None, overridden: bool = False, defaulted: bool = False
) -> dict:
    return {"value": value, "unit": unit, "overridden": overridden, "defaulted": defaulted}


def test_a_reach_says_what_it_counts_in_every_unit() -> None:
    assert [reach_text(v, u) for v, u in ((2.0, "accounts"), (1.0, "accounts"), (7.0, "customers"),
                                          (1.0, "people"), (1_234.0, "people"),
                                          (3.0, "feedback"))] == [
        "2 accounts", "1 account", "7 customers", "1 person", "1,234 people", "3 feedback items"
    ]  # fmt: skip
    # arr counts thousands: written as the ARR column writes money (BOUCLE_CURRENCY)
    assert (reach_text(205.0, "arr"), reach_text(0.0, "arr"), reach_text(1_250.5, "arr")) == (
        "€205K", "€0", "€1.3M"
    )  # fmt: skip
    assert (reach_text(None, "accounts"), reach_text(4.0, None)) == ("-", "4")


def test_other_factors_lose_the_dot_zero_and_a_person_s_value_is_marked() -> None:
    assert [factor_cell(name, factor(value)) for name, value in
            (("impact", 3.0), ("confidence", 0.5), ("effort", 2.0), ("effort", None))] == [
        "3", "0.5", "2", "-"
    ]  # fmt: skip
    assert factor_cell("reach", factor(50.0, "accounts", overridden=True)) == "50 accounts*"
    assert factor_cell("impact", factor(2.0, overridden=True)) == "2*"
    plain = {"reach": factor(2.0, "accounts"), "impact": factor(1.0)}
    assert not any_set_by_a_person([plain, plain])
    assert any_set_by_a_person([plain, {**plain, "impact": factor(2.0, overridden=True)}])


def test_the_default_effort_is_marked_as_the_page_badges_it() -> None:
    """An effort nobody set read "1", like one a person estimated (the page: a "default" badge)."""
    assert factor_cell("effort", factor(1.0, defaulted=True)) == "1 (default)"
    assert factor_cell("effort", factor(1.0)) == "1"
    plain = {"effort": factor(2.0), "impact": factor(1.0)}
    assert not any_defaulted([plain])
    assert any_defaulted([plain, {**plain, "effort": factor(1.0, defaulted=True)}])
