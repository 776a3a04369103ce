"""Compensation data: every bad CSV row names file:row with a hint; charts, tables and downloads."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from rolebook.generate import generate
from rolebook.render.compensation_page import defuse, to_csv

HEADER = "role,level,region,currency,period,min,median,max,source,as_of\n"
GOOD = "ai-engineer,P2,us-austin,USD,year,100000,,200000,jd-guide-2026,2026-06\n"


@pytest.mark.parametrize(
    "body, expected",
    [
        ("ai-engineer,,us-austin,USD,year,\"130,000\",,200000,jd-guide-2026,2026-06\n",
         r"x.csv:2:6: error csv-invalid: column 'min': '130,000' is not a plain number"),
        ("ai-engineer,,us-austin,USD,year,$160k,,200000,jd-guide-2026,2026-06\n",
         r"x.csv:2:6: error csv-invalid: column 'min': '\$160k' is not a plain number"),
        ("ai-engineer,,us-austin,USD,year,1e5,,200000,jd-guide-2026,2026-06\n",
         r"x.csv:2:6: error csv-invalid: column 'min': '1e5' is not a plain number"),
        ("ai-engineer,,us-austin,USD,year,300000,,200000,jd-guide-2026,2026-06\n",
         r"x.csv:2: error csv-invalid: min \(300000\) is greater than max"),
        ("ai-engineer,,us-austin,USD,year,100000,250000,200000,jd-guide-2026,2026-06\n",
         r"x.csv:2: error csv-invalid: median \(250000\) must lie between"),
        ("ai-engineer,,us-austin,USD,year,0,,200000,jd-guide-2026,2026-06\n",
         r"x.csv:2:6: error csv-invalid: column 'min': Input should be greater than 0"),
        ("nobody,,us-austin,USD,year,100000,,200000,jd-guide-2026,2026-06\n", r"x.csv:2: error unknown-role: unknown role 'nobody'"),
        ("ai-engineer,Q7,us-austin,USD,year,100000,,200000,jd-guide-2026,2026-06\n", r"x.csv:2: error unknown-level: unknown level 'Q7'"),
        ("ai-engineer,,atlantis,USD,year,100000,,200000,jd-guide-2026,2026-06\n",
         r"x.csv:2: error unknown-region: unknown region 'atlantis'"),
        ("ai-engineer,,us-austin,EUR,year,100000,,200000,jd-guide-2026,2026-06\n",
         r"x.csv:2: error currency-mismatch: currency EUR differs from Austin's USD"),
        ("ai-engineer,,us-austin,usd,year,100000,,200000,jd-guide-2026,2026-06\n", r"x.csv:2:4: error csv-invalid: column 'currency'"),
        ("ai-engineer,,us-austin,USD,year,100000,,200000,nope,2026-06\n", r"x.csv:2: error unknown-source: unknown source 'nope'"),
        ("ai-engineer,,us-austin,USD,year,100000,,200000,jd-guide-2026,2026-13\n",
         r"x.csv:2:10: error csv-invalid: column 'as_of': month 13 does not exist"),
        (GOOD + GOOD, r"x.csv:3: error duplicate-row: same role, level, region, source and period as roles/compensation/x.csv:2"),
        (GOOD + "\n" + GOOD.replace("us-austin", "us-denver"), r"x.csv:3: error csv-blank-row: blank row"),
        (GOOD + "ai-engineer,,us-denver,USD,year,1,2\n", r"x.csv:3: error csv-ragged-row: row has 7 cells; expected 10"),
        ("ai-engineer,P1,us,USD,year,110000,,140000,jd-guide-2026,2026-06\n",
         r"x.csv:2: error band-conflict: ai-engineer P1 in us also has a salary band at roles/ai-engineer.yaml:\d+"),
    ],
)
def test_bad_rows_are_named(project: Path, body: str, expected: str) -> None:
    (project / "roles" / "compensation" / "x.csv").write_text(HEADER + body, encoding="utf-8")
    result = run_cli("validate", str(project), "--no-warnings")
    assert result.returncode == 1, result.stdout
    assert re.search("roles/compensation/" + expected, result.stdout), result.stdout
    assert "hint:" in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_bom_and_namibia_are_fine(project: Path) -> None:
    regions = project / "site_config" / "regions.yaml"
    regions.write_text(regions.read_text(encoding="utf-8") +
                       "  - {id: na-windhoek, name: Windhoek, country: NA, currency: NAD, locale: en_NA}\n", encoding="utf-8")
    (project / "roles" / "compensation" / "x.csv").write_bytes(
        ("\ufeff" + HEADER + "ai-engineer,,na-windhoek,NAD,year,300000,,500000,jd-guide-2026,2026-06\n").encode("utf-8"))
    result = run_cli("validate", str(project), "--no-warnings")
    assert result.returncode == 0, result.stdout
    bands = generate(project, chart_cache=False, charts=False).catalog.compensation_for("ai-engineer")
    row = next(b for b in bands if b.region == "na-windhoek")
    assert row.currency == "NAD" and row.min == 300000 and row.median is None and row.level is None


def test_every_pay_band_is_one_frozen_dataclass(project: Path) -> None:
    """YAML `salary:` bands and CSV rows travel as one typed, immutable `PayBand` (not dicts any
    code could change), and the files write them field by field in one order."""
    import dataclasses  # noqa: PLC0415

    from rolebook.index import PAY_BAND_FIELDS, PayBand  # noqa: PLC0415
    from rolebook.render.api import pay_bands  # noqa: PLC0415

    catalog = generate(project, chart_cache=False, charts=False).catalog
    bands = [b for rid in catalog.roles for b in pay_bands(catalog, rid, None)]
    assert {type(b) for b in bands} == {PayBand}
    assert any(b.level and b.occupation is None for b in bands) and any(b.level is None for b in bands)
    band = bands[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        band.min = 0  # type: ignore[misc]  # assigning to a frozen field is what this checks
    assert not hasattr(band, "__dict__")  # slots: a catalog of real wage data holds 230,000 of them
    assert list(band.as_dict()) == list(PAY_BAND_FIELDS) == ["level", "region", "currency", "period", "min", "median",
                                                              "max", "open_ended", "source", "as_of", "occupation"]


def test_stale_source_is_a_warning(project: Path) -> None:
    sources = project / "site_config" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("as_of: 2026-06", "as_of: 2020-01", 1), encoding="utf-8")
    result = run_cli("validate", str(project))
    assert result.returncode == 0
    assert re.search(r"site_config/sources.yaml:\d+:\d+: warning stale-source: source 'jd-guide-2026' is \d+ months old "
                     r"\(as_of 2020-01; limit 18\)", result.stdout)


def _source(project: Path, fields: str) -> str:
    """Add a source with these fields to site_config/sources.yaml; validate on 2026-12-01; return the output."""
    import os

    sources = project / "site_config" / "sources.yaml"
    original = project / "sources.orig"
    if not original.exists():
        original.write_bytes(sources.read_bytes())
    sources.write_text(original.read_text(encoding="utf-8") + f"  - {{id: extra, title: Extra survey, {fields}}}\n",
                       encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1796083200"}  # 2026-12-01
    exe = Path(sys.executable).with_name("rolebook")
    result = subprocess.run([str(exe), "validate", str(project)], capture_output=True, text=True, env=env)
    return result.stdout + result.stderr


def test_staleness_is_judged_from_the_release_not_the_reference_period(project: Path) -> None:
    # May 2025 figures released April 2026, yearly: the newest edition, not stale (19 months after as_of).
    assert "stale-source: source 'extra'" not in _source(project, "as_of: 2025-05, released: 2026-04, cadence_months: 12")


def test_a_source_is_stale_once_its_next_edition_is_due(project: Path) -> None:
    out = _source(project, "as_of: 2024-05, released: 2025-04, cadence_months: 12")
    assert "warning stale-source: source 'extra' (released 2025-04) is 20 months old: a new edition was due by " \
           "2026-04 (every 12 months)" in out
    assert re.search(r"sources.yaml:\d+:\d+: warning stale-source: source 'extra'", out)


def test_released_without_cadence_uses_the_site_limit(project: Path) -> None:
    assert "source 'extra' was released 20 months ago (2025-04; limit 18)" in _source(project, "as_of: 2024-05, released: 2025-04")
    assert "stale-source: source 'extra'" not in _source(project, "as_of: 2024-05, released: 2025-12")


def test_released_before_the_period_is_an_error(project: Path) -> None:
    out = _source(project, "as_of: 2025-05, released: 2025-01")
    assert "error invalid-value" in out and "released (2025-01) is before as_of (2025-05)" in out


def test_the_sample_catalog_validates_without_warnings() -> None:
    import os

    from conftest import REPO

    exe = Path(sys.executable).with_name("rolebook")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1796083200"}  # 2026-12-01, the day the sources were last reviewed
    result = subprocess.run([str(exe), "validate", str(REPO)], capture_output=True, text=True, env=env)
    assert result.stdout.strip().splitlines()[-1] == "0 error(s), 0 warning(s)", result.stdout


def test_defuse_formula_cells() -> None:
    assert [defuse(x) for x in ["=1+1", "+A1", "-2", "@SUM(A1)", "plain", 5]] == ["'=1+1", "'+A1", "'-2", "'@SUM(A1)", "plain", 5]
    text = to_csv([{"role": "x", "role_title": "=HYPERLINK(\"http://evil\")", "level": None, "region": "us",
                    "currency": "USD", "period": "year", "min": 1, "median": None, "max": 2, "source": "s", "as_of": "2026-01"}])
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[1].startswith("'=") and row[2] == "" and row[6] == "1"


def test_role_page_has_svg_charts_and_tables(sample_site: Path) -> None:
    html = (sample_site / "roles" / "ai-engineer" / "index.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="rb-chart"[^>]*>(.*?)</figure>', html, re.S)
    assert len(figures) == 3  # band by level, ladder, by region (this role has no roadmap)
    guide = (sample_site / "roles" / "ai-competency-framework-designer" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="Learning roadmap for AI Competency Framework Designer: 5 phases over 28 weeks."' in guide
    for fig in figures:
        assert "<svg" in fig and "<path" in fig and "<figcaption>" in fig
    assert "The numbers behind this chart" in html
    assert "<td>P1 · Junior AI Engineer</td>" in html and "$110,000" in html


def test_compensation_page_and_csv_match(sample_site: Path) -> None:
    html = (sample_site / "compensation" / "index.html").read_text(encoding="utf-8")
    assert html.count('<figure class="rb-chart">') >= 3
    rows = list(csv.DictReader((sample_site / "compensation" / "all-levels-national.csv").open(encoding="utf-8")))
    assert {r["role"] for r in rows} == {"ai-engineer"}  # the others' national figures are BLS statistics
    stats = list(csv.DictReader((sample_site / "compensation" / "occupation-statistics.csv").open(encoding="utf-8")))
    assert sorted(r["occupation"] for r in stats) == ["11-3021", "13-1041", "13-1151", "15-1252", "15-2051"]
    assert 'href="occupation-statistics.csv"' in html
    ai = next(r for r in rows if r["role"] == "ai-engineer")
    assert (ai["min"], ai["max"], ai["source"], ai["as_of"]) == ("130000", "200000", "jd-guide-2026", "2026-06")
    assert 'href="all-levels-national.csv"' in html


def test_chart_specs_match_golden(update_goldens: bool) -> None:
    from rolebook.generate import render_pages
    from rolebook.index import build_catalog
    from rolebook.pipeline import check

    project, _ = check(Path(__file__).parent / "data" / "golden-project")
    _, charts = render_pages(build_catalog(project))
    actual = json.dumps({k: charts.specs[k] for k in sorted(charts.specs)}, indent=1, sort_keys=True) + "\n"
    golden = Path(__file__).parent / "golden" / "chart_specs.json"
    if update_goldens:
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_chart_cache_is_used(tmp_path: Path) -> None:
    from rolebook.charts.svg import ChartSet

    charts = ChartSet()
    charts.add({"mark": "point", "data": {"values": [{"x": 1}]}, "encoding": {"x": {"field": "x", "type": "quantitative"}}})
    first = charts.render_all(tmp_path)
    (key,) = first
    from rolebook.charts.cache import write_entry

    cached = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><g/></svg>'
    write_entry(tmp_path, key, cached)  # a verified entry that differs from a fresh render
    assert charts.render_all(tmp_path) == {key: cached}


def test_svg_ids_do_not_depend_on_render_history() -> None:
    from rolebook.charts.svg import tidy_svg

    first = '<svg a><defs><linearGradient id="gradient_0"/></defs><rect fill="url(#gradient_0)"/></svg>'
    later = '<svg a><defs><linearGradient id="gradient_7"/></defs><rect fill="url(#gradient_7)"/></svg>'
    assert tidy_svg(first, "k") == tidy_svg(later, "k")
    assert 'id="ck-0"' in tidy_svg(first, "k") and "url(#ck-0)" in tidy_svg(first, "k")


def test_hostile_chart_titles_stay_text(hostile_site: Path) -> None:
    html = (hostile_site / "roles" / "evil-role" / "index.html").read_text(encoding="utf-8")
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert any("__pwned_title" in s for s in svgs)  # the title is in a chart...
    for s in svgs:
        assert "<script" not in s and "<img" not in s  # ...as text only


@pytest.mark.parametrize(
    "body, hint",
    [
        ("ai-engineer,,us-austin,USD,year,0,,200000,jd-guide-2026,2026-06\n", "a positive plain number"),
        ("ai-engineer,,us-austin,USD,year,100000,,2000000000,jd-guide-2026,2026-06\n", "1,000,000,000"),
        ("ai-engineer,,us-austin,usd,year,100000,,200000,jd-guide-2026,2026-06\n", "three capital letters"),
        ("ai-engineer,,us-austin,USD,week,100000,,200000,jd-guide-2026,2026-06\n", "year, month or hour"),
        ("ai-engineer,,us-austin,USD,year,100000,,200000,jd-guide-2026,June 2026\n", "YYYY-MM"),
        ("ai-engineer,,US Austin,USD,year,100000,,200000,jd-guide-2026,2026-06\n", "site_config/regions.yaml"),
        ("ai-engineer,p3,us-austin,USD,year,100000,,200000,jd-guide-2026,2026-06\n", "site_config/levels.yaml"),
        ("ai-engineer,,us-austin,USD,year,300000,,200000,jd-guide-2026,2026-06\n", "min ≤ median ≤ max"),
    ],
)
def test_bad_cells_get_a_specific_hint(project: Path, body: str, hint: str) -> None:
    (project / "roles" / "compensation" / "x.csv").write_text(HEADER + body, encoding="utf-8")
    result = run_cli("validate", str(project), "--no-warnings")
    assert result.returncode == 1, result.stdout
    hints = [line for line in result.stdout.splitlines() if line.strip().startswith("hint:")]
    assert any(hint in h for h in hints), result.stdout
    assert not any(h.strip() == "hint: correct the cell" for h in hints), result.stdout


def test_each_row_problem_names_its_own_row(project: Path) -> None:
    """Checks of a row (those in check_compensation and the occupation checks it hands the row to) report
    that row, never a later one: five bad rows in one file, five problems on rows 2 to 6."""
    header = HEADER.rstrip("\n") + ",occupation\n"
    body = ("ai-engineer,,atlantis,USD,year,100000,,200000,jd-guide-2026,2026-06,\n"
            "ai-engineer,,us-chicago,EUR,month,9000,,16000,jd-guide-2026,2026-06,\n"
            "ai-engineer,,us-austin,USD,year,100000,,200000,bls-oews-2025,2025-05,\n"
            "ai-engineer,,us-boston,USD,month,9000,,16000,jd-guide-2026,2026-06,15-1252\n"
            "nobody,,us-austin,USD,year,100000,,200000,jd-guide-2026,2026-06,\n")
    (project / "roles" / "compensation" / "x.csv").write_text(header + body, encoding="utf-8")
    out = run_cli("validate", str(project), "--no-warnings").stdout
    found = re.findall(r"^roles/compensation/x\.csv:(\d+): error ([a-z-]+):", out, flags=re.M)
    assert found == [("2", "unknown-region"), ("3", "currency-mismatch"), ("4", "occupation-missing"),
                     ("5", "occupation-unexpected"), ("6", "unknown-role")], out


def test_roles_sharing_an_occupation_are_indexed_once_and_read_by_key() -> None:
    """Which roles are shown one occupation's statistics is indexed once per build: each role page
    used to work it out again from every CSV row of every role (a 1,000-role wage catalog went
    through 230,000 rows for each of its 1,000 pages), and so depended on every role. A page now
    depends on the entries of its own occupations only."""
    from conftest import GOLDEN_PROJECT

    from rolebook.index import build_catalog
    from rolebook.pipeline import check
    from rolebook.render.occupation_pay import occupation_facts
    from rolebook.render_cache import ALL, Tracing

    project, _ = check(GOLDEN_PROJECT)
    catalog = build_catalog(project)
    view = Tracing(catalog)
    facts = occupation_facts(view, "data-analyst", "wage-stats", "15-2041")
    assert [r["id"] for r in facts["shared_with"]] == ["bi-developer"]
    assert ALL not in view.read, view.read
    assert ("occupation_users", "wage-stats:15-2041") in view.keys
    assert catalog.occupation_users["wage-stats:15-2041"] == ["bi-developer", "data-analyst"]
