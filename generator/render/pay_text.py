"""Pay figures as text: every figure carries its period (`$21.43 / hour`), cents are kept where the
source has them (and always for hourly pay), and a top-coded maximum reads `$239,200+`.

One place formats pay, so a table, a chart caption and a ladder rung can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache
from typing import Any

from babel import Locale
from babel.numbers import get_currency_precision, get_currency_symbol, parse_pattern
from markupsafe import Markup

from .env import html_attr, whole_currency_pattern

PERIODS = ("year", "month", "hour")
"""Display order of pay periods: annual tables first."""
PERIOD_NAMES = {"year": "Annual pay", "month": "Monthly pay", "hour": "Hourly pay"}


_PROBES = (0, 7, 12.5, 21.435, 21.445, 999.995, 1000, 1234.5, 99999, 123456.78, 1234567, 239200, 10 ** 9 + 0.5)


def _plain(pattern: Any, loc: Locale, currency: str, digits: int) -> Callable[[float], str] | None:
    """Babel's pattern as plain string work (prefix, grouped digits, fixed fraction, suffix), for the
    patterns that are only that; None for any other (scientific, significant digits, ¤¤...)."""
    pre, post = pattern.prefix[0], pattern.suffix[0]
    if pattern.exp_prec or pattern.scale or "@" in pattern.pattern or "¤¤" in pre + post or "'" in pre + post:
        return None
    symbol = get_currency_symbol(currency, loc)
    pre, post = pre.replace("¤", symbol), post.replace("¤", symbol)
    symbols = loc.number_symbols["latn"]
    group, point = symbols["group"], symbols["decimal"]
    first, rest = pattern.grouping
    min_int = pattern.int_prec[0]

    def apply(amount: float) -> str:
        whole, _, frac = f"{Decimal(str(amount)):.{digits}f}".partition(".")
        whole, grouped, size = whole.rjust(min_int, "0"), "", first
        while len(whole) > size:
            grouped, whole, size = group + whole[-size:] + grouped, whole[:-size], rest
        return pre + whole + grouped + (point + frac if frac else "") + post

    return apply


@cache
def _babel(currency: str, locale: str, cents: bool) -> tuple[Callable[[float], str], Any, Locale, int]:
    """Babel's writer for one currency, locale and precision, its pattern parsed once."""
    loc = Locale.parse(locale)
    if cents:
        pattern, options = loc.currency_formats["standard"], {}
        digits = get_currency_precision(currency)
    else:
        pattern, options = parse_pattern(whole_currency_pattern(locale)), {"currency_digits": False}
        digits = pattern.frac_prec[1]

    def write(amount: float) -> str:
        return pattern.apply(amount, loc, currency=currency, numbering_system="latn", **options)  # type: ignore[no-any-return]

    return write, pattern, loc, digits


@cache
def _formatter(currency: str, locale: str, cents: bool) -> Callable[[float], str]:
    """One currency, locale and precision as a function, made once: where Babel's pattern is plain
    (`_plain`) and the plain version writes every probe amount exactly as Babel does, it runs without
    Babel (a 1,000-role wage catalog formats 700,000 figures; Babel per figure was a fifth of its
    build); Babel itself for any pattern that differs on a single probe."""
    babel, pattern, loc, digits = _babel(currency, locale, cents)
    fast = _plain(pattern, loc, currency, digits) if cents or pattern.frac_prec[0] == pattern.frac_prec[1] else None
    if fast and all(fast(a) == babel(a) for a in _PROBES):
        return fast
    return babel


def money(amount: float, currency: str, locale: str = "en_US", cents: bool = False) -> Markup:
    """The same text as `env.money` ($130,000, 72.000 €, $21.43)."""
    write = _formatter(currency, locale, cents) if amount >= 0 else _babel(currency, locale, cents)[0]
    return html_attr(write(amount))


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
