"""The Jinja2 environment for page templates.

Every `{{ ... }}` is passed through `finalize`, which escapes anything that is not already
`Markup`: editor text can only reach a page through a deliberate, safe filter. Templates are
ours; editor text is only ever data, never a template.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from babel import Locale
from babel.numbers import format_currency, format_decimal
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .text import external_link, front_matter_str, html_attr, html_multiline, markdown_block, markdown_div, plain, raw_code


def _finalize(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return value
    return plain(value)


@cache
def whole_currency_pattern(locale: str) -> str:
    """The locale's own currency pattern with the fraction digits removed (e.g. `#,##0 ¤` for de_DE)."""
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    return re.sub(r"\.0+", "", pattern)


@lru_cache(maxsize=65536)
def money(amount: float, currency: str, locale: str = "en_US", cents: bool = False) -> Markup:
    """Locale-aware currency, e.g. $130,000 or 72.000 € (Babel); with `cents`, the currency's own
    fraction digits ($21.43, 1.234,50 €; none for JPY)."""
    if cents:
        return html_attr(format_currency(amount, currency, locale=locale))
    text = format_currency(amount, currency, locale=locale, format=whole_currency_pattern(locale), currency_digits=False)
    return html_attr(text)


def number(value: float, locale: str = "en_US") -> Markup:
    return html_attr(format_decimal(value, locale=locale))


def years(span: tuple[int, int | None] | None) -> Markup:
    if not span:
        return Markup("")
    low, high = span
    return Markup(f"{low}+ yrs" if high is None else f"{low}–{high} yrs")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("rolebook", "templates"),
        autoescape=False,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        t=plain, h=html_attr, fm=front_matter_str, md=markdown_block, md_html=markdown_div, money=money, number=number, years=years,
        raw_code=raw_code, hx=html_multiline, link=external_link,
    )
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
