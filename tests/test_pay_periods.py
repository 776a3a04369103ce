"""Pay periods and top-coded values: every figure shows its period, cents are kept where the source
has them, hourly and annual figures never share a table or an axis, and a top-coded maximum
("at least") reads as `$239,200+` in pages, charts, JSON-LD and CSV downloads."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import run_cli, table_rows

from rolebook.generate import generate

OLD_HEADER = "role,level,region,currency,period,min,median,max,source,as_of\n"
NEW_HEADER = "role,level,region,currency,period,min,median,max,open_ended,source,as_of\n"


def _pages(project: Path) -> dict[str, str]:
    return generate(project, chart_cache=False, charts=True).pages


def test_hourly_only_role_shows_period_and_cents(project: Path) -> None:
    (project / "roles" / "compensation" / "x.csv").write_text(
        NEW_HEADER + "ml-engineer,,us-austin,USD,hour,16.5,21.43,144,,jd-guide-2026,2026-06\n"
                     "ml-engineer,,us-denver,USD,hour,17,22,99.99,,jd-guide-2026,2026-06\n", encoding="utf-8")
    result = run_cli("validate", str(project), "--no-warnings")
    assert result.returncode == 0, result.stdout
    pages = _pages(project)
    guide = pages["roles/ml-engineer/index.md"]
    assert "$16.50–$144.00 / hour" in guide and "$21.43 / hour" in guide
    assert "$16–$144" not in guide
    # the hourly rows have their own table and chart, never the annual one's
    assert "USD per hour" in guide
    row = next(line for table in table_rows(guide) for line in table if "$16.50" in line)
    assert "/ year" not in row


def test_annual_and_hourly_are_never_in_one_table(project: Path) -> None:
    (project / "roles" / "compensation" / "x.csv").write_text(
        OLD_HEADER + "ai-engineer,,us-austin,USD,hour,50,,90,jd-guide-2026,2026-06\n", encoding="utf-8")
    guide = _pages(project)["roles/ai-engineer/index.md"]
    tables = table_rows(guide)
    hourly = [t for t in tables if any("$50.00–$90.00 / hour" in line for line in t)]
    assert hourly, "the hourly band is shown with its period and cents"
    for table in tables:
        body = "\n".join(table)
        assert not ("/ hour" in body and "/ year" in body), body


def test_top_coded_max_in_csv(project: Path) -> None:
    (project / "roles" / "compensation" / "x.csv").write_text(
        NEW_HEADER + "ml-engineer,,us-austin,USD,year,90000,180000,239200,true,jd-guide-2026,2026-06\n", encoding="utf-8")
    result = run_cli("validate", str(project), "--no-warnings")
    assert result.returncode == 0, result.stdout
    pages = _pages(project)
    guide = pages["roles/ml-engineer/index.md"]
    assert "$90,000–$239,200+ / year" in guide
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', guide, re.S).group(1))
    austin = next(s for s in ld["estimatedSalary"] if s["name"].startswith("Austin") and s["minValue"] == 90000)
    assert "maxValue" not in austin and austin["median"] == 180000  # a top-coded maximum is no maximum
    rows = [r for p, t in pages.items() if p.endswith("regions.csv") for r in csv.DictReader(io.StringIO(t))]
    top = next(r for r in rows if r["role"] == "ml-engineer" and r["region"] == "us-austin" and r["min"] == "90000")
    assert top["max"] == "239200" and top["open_ended"] == "true"
    role = json.loads(pages["api/roles/ml-engineer.json"])
    cells = role["pay_columns"]
    assert any(dict(zip(cells, row, strict=True)) == {"region": "us-austin", "level": None, "min": 90000, "median": 180000,
                                         "max": 239200, "open_ended": True} for g in role["pay"] for row in g["rows"])


def test_open_ended_cell_must_be_true_or_false(project: Path) -> None:
    (project / "roles" / "compensation" / "x.csv").write_text(
        NEW_HEADER + "ml-engineer,,us-austin,USD,year,90000,,239200,at least,jd-guide-2026,2026-06\n", encoding="utf-8")
    result = run_cli("validate", str(project), "--no-warnings")
    assert result.returncode == 1
    assert re.search(r"roles/compensation/x.csv:2:9: error csv-invalid: column 'open_ended'", result.stdout), result.stdout
    assert "hint:" in result.stdout and "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("currency, locale", [("USD", "en_US"), ("EUR", "de_DE"), ("JPY", "ja_JP"), ("INR", "en_IN"),
                                              ("CHF", "de_CH"), ("NAD", "en_NA")])
def test_fast_money_is_babels_money(currency: str, locale: str) -> None:
    from rolebook.render import env, pay_text

    for amount in (130000, 21.43, 57.5, 239200.0, 1234.5, 99.99, 1_000_000_000, 0.5):
        for cents in (True, False):
            assert pay_text.money(amount, currency, locale, cents) == env.money(amount, currency, locale, cents)


@pytest.mark.parametrize("locale", ["en_US", "de_DE", "fr_FR", "en_IN", "ja_JP", "de_CH"])
@pytest.mark.parametrize("currency", ["USD", "EUR", "JPY", "INR", "CHF"])
def test_money_reads_exactly_as_babel_writes_it(locale: str, currency: str) -> None:
    from babel.numbers import format_currency

    from rolebook.render.env import whole_currency_pattern
    from rolebook.render.pay_text import money
    from rolebook.render.text import html_attr

    amounts = [0, 7, 12.5, 21.435, 21.445, 999.995, 1000, 1234.5, 99999, 123456.78, 1234567, 239200, 10 ** 9 + 0.5]
    for amount in amounts:
        assert money(amount, currency, locale, True) == html_attr(format_currency(amount, currency, locale=locale))
        assert money(amount, currency, locale, False) == html_attr(format_currency(
            amount, currency, whole_currency_pattern(locale), locale=locale, currency_digits=False))


def test_money_does_not_go_through_babel_per_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 1,000-role wage catalog formats about 700,000 figures for its full pay tables: Babel's
    pattern for each was a fifth of the build. Babel now writes only the probe amounts that check
    the plain formatter once per currency, locale and precision, never each figure."""
    from babel.numbers import NumberPattern

    from rolebook.render import pay_text

    calls: list[float] = []
    apply = NumberPattern.apply
    monkeypatch.setattr(NumberPattern, "apply", lambda self, value, *a, **k: calls.append(value) or apply(self, value, *a, **k))
    pay_text._babel.cache_clear()
    pay_text._formatter.cache_clear()
    for k in range(5000):
        pay_text.money(30000 + 37 * k + k / 100, "USD", "en_US", True)
    assert 0 < len(calls) <= len(pay_text._PROBES), len(calls)
