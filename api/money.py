"""Amounts (ARR) as the page writes them: compact, with the currency of BOUCLE_CURRENCY.

money(310_000, "EUR") is "€310K", as the page's money() in api/web/static/core.js writes it with
Intl.NumberFormat("en", {style: "currency", notation: "compact", maximumFractionDigits: 1}):
the digest and the page agree on every amount (tests/test_web_e2e.py compares them)."""

from decimal import ROUND_HALF_UP, Decimal

# Intl's English symbols; another code is written before the amount ("SEK 310K"), as Intl does.
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹", "CAD": "CA$", "AUD": "A$",
           "CNY": "CN¥", "BRL": "R$", "KRW": "₩", "ILS": "₪", "MXN": "MX$", "NZD": "NZ$"}  # fmt: skip
UNITS = ("", "K", "M", "B", "T")
TENTH = Decimal("0.1")


def money(value: float | None, currency: str) -> str:
    """ "€310K", "€1.2M", "€950", "-€5K"; "—" for no amount."""
    if value is None:
        return "—"
    amount, unit = abs(Decimal(repr(float(value)))), 0
    while unit < len(UNITS) - 1 and amount.quantize(TENTH, ROUND_HALF_UP) >= 1000:
        amount, unit = amount / 1000, unit + 1  # 999,960 rounds to 1,000K: written 1M
    digits = f"{amount.quantize(TENTH, ROUND_HALF_UP):f}".removesuffix(".0")
    symbol = SYMBOLS.get(currency, f"{currency}\u00a0")
    sign = "-" if value < 0 and digits != "0" else ""
    return f"{sign}{symbol}{digits}{UNITS[unit]}"
