"""Pay figures as text: every figure carries its period (`$21.43 / hour`), cents are kept where the
source has them (and always for hourly pay), and a top-coded maximum reads `$239,200+`.

One place formats pay, so a table, a chart caption and a ladder rung can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from babel import Locale
from babel.numbers import parse_pattern
from markupsafe import Markup

from .env import html_attr, whole_currency_pattern

PERIODS = ("year", "month", "hour")
"""Display order of pay periods: annual tables first."""
PERIOD_NAMES = {"year": "Annual pay", "month": "Monthly pay", "hour": "Hourly pay"}


@cache
def _formatter(currency: str, locale: str, cents: bool) -> tuple[Any, Locale, dict[str, Any]]:
    """Babel's pattern and locale for one currency, locale and precision, parsed once (a full pay
    table formats hundreds of figures; parsing them for each was most of its cost)."""
    loc = Locale.parse(locale)
    if cents:
        return loc.currency_formats["standard"], loc, {}
    return parse_pattern(whole_currency_pattern(locale)), loc, {"currency_digits": False}


def money(amount: float, currency: str, locale: str = "en_US", cents: bool = False) -> Markup:
    """The same text as `env.money` ($130,000, 72.000 €, $21.43), from a pattern parsed once."""
    pattern, loc, options = _formatter(currency, locale, cents)
    return html_attr(pattern.apply(amount, loc, currency=currency, numbering_system="latn", **options))


def cents_for(period: str, amounts: Iterable[float | None]) -> bool:
    """Show cents when the pay is hourly or the source gives any fraction of a unit."""
    return period == "hour" or any(a is not None and float(a) != int(a) for a in amounts)


def figure(value: float, currency: str, period: str, locale: str, cents: bool | None = None) -> Markup:
    """One amount with its period: `$21.43 / hour`."""
    cents = cents_for(period, [value]) if cents is None else cents
    return Markup(f"{money(value, currency, locale, cents)} / {period}")


def band(low: float, high: float, currency: str, period: str, locale: str, open_ended: bool = False,
         median: float | None = None) -> Markup:
    """A band with its period: `$16.50–$144.00 / hour`, `$90,000–$239,200+ / year`."""
    cents = cents_for(period, [low, high, median])
    plus = "+" if open_ended else ""
    return Markup(f"{money(low, currency, locale, cents)}–{money(high, currency, locale, cents)}{plus} / {period}")


def bare(value: float | None, currency: str, period: str, locale: str, open_ended: bool = False,
         others: Iterable[float | None] = ()) -> Markup:
    """An amount in a column whose heading names the period (`$239,200+`); `–` for none."""
    if value is None:
        return Markup("–")
    cents = cents_for(period, [value, *others])
    return Markup(f"{money(value, currency, locale, cents)}{'+' if open_ended else ''}")


def by_period(rows: list[dict[str, Any]], key: str = "period") -> list[tuple[str, list[dict[str, Any]]]]:
    """Rows grouped by pay period, in PERIODS order (never mixed in one table or chart)."""
    return [(p, [r for r in rows if r[key] == p]) for p in PERIODS if any(r[key] == p for r in rows)]
