"""A role with pay in 500 regions: its page stays bounded (the default, featured and first regions),
the rest are in the region picker (state in `?region=`), a paged full table and a CSV download."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from conftest import copy_project, run_cli, table_rows

from rolebook.generate import generate

REGIONS = 500
ROLE = "ml-engineer"


def _name(n: int) -> str:
    return f"Nonmetropolitan Area of Example County Number {n}, Including Parts of the Northern Valley"


def make_project(dest: Path) -> Path:
    root = copy_project(dest)
    regions = root / "site_config" / "regions.yaml"
    regions.write_text(regions.read_text(encoding="utf-8") + "".join(
        f"  - {{id: us-area-{n:04d}, name: \"{_name(n)}\", country: US, currency: USD, col_factor: 1.0}}\n"
        for n in range(REGIONS)), encoding="utf-8")
    site = root / "site_config" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "featured_regions: [us-area-0420]\npay_regions_shown: 8\n"
                    "pay_table_page_size: 100\n",
                    encoding="utf-8")
    rows = [f"{ROLE},,us-area-{n:04d},USD,year,{50000 + n},{70000 + n},{90000 + n},,jd-guide-2026,2026-06\n"
            for n in range(REGIONS)]
    rows.append(f"{ROLE},,us,USD,year,60000,80000,100000,,jd-guide-2026,2026-06\n")  # beside the BLS statistics
    rows += [f"{ROLE},,us-area-{n:04d},USD,hour,{20 + n / 100:.2f},,{40 + n / 100:.2f},,jd-guide-2026,2026-06\n"
             for n in range(0, REGIONS, 50)]
    (root / "roles" / "compensation" / "areas.csv").write_text(
        "role,level,region,currency,period,min,median,max,open_ended,source,as_of\n" + "".join(rows), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = make_project(tmp_path_factory.mktemp("regions") / "project")
    return generate(root, chart_cache=False, charts=True)


def _table_rows(section: str) -> list[str]:
    """The body rows of the section's tables (Markdown or a raw-HTML island), up to its next `## ` heading."""
    return [row for table in table_rows(section.split("\n## ", 1)[0], header=False) for row in table]


def test_role_page_is_bounded(many) -> None:  # type: ignore[no-untyped-def]
    guide = many.pages[f"roles/{ROLE}/index.md"]
    assert len(guide.encode()) < 150_000, len(guide.encode())
    annual = _table_rows(guide.split("### Pay bands of this role: annual pay", 1)[1].split("\n### ", 1)[0])
    assert len(annual) == 8, annual
    # the default region first, then the featured one
    assert annual[0].startswith("| United States") and _name(420) in annual[1]
    assert "Choose one of 5" in guide and "us-area-0499" not in guide
    wide = re.findall(r'rb-chart__wide"><svg[^>]* width="(\d+)" height="(\d+)"', guide)
    narrow = re.findall(r'rb-chart__narrow"><svg[^>]* width="(\d+)" height="(\d+)"', guide)
    assert wide and max(int(h) for _, h in wide) < 400 and max(int(w) for w, _ in wide) < 1000, wide
    # the phone drawing wraps long region names, so it is taller, never wider than a phone
    assert narrow and max(int(h) for _, h in narrow) < 700 and max(int(w) for w, _ in narrow) <= 341, narrow
    for page in (f"roles/{ROLE}/job-description.md", "compensation.md"):
        assert len(many.pages[page].encode()) < 400_000 and "us-area-0499" not in many.pages[page], page


def test_full_table_is_paged_and_the_csv_has_every_band(many) -> None:  # type: ignore[no-untyped-def]
    pages = sorted(p for p in many.pages if p == f"roles/{ROLE}/pay.md" or p.startswith(f"roles/{ROLE}/pay/"))
    bands = [b for b in many.catalog.compensation_for(ROLE)] + [lv for lv in many.catalog.roles[ROLE].role.levels if lv.salary]
    assert len(pages) == -(-len(bands) // 100) >= 5, pages
    first = many.pages[f"roles/{ROLE}/pay.md"]
    def html_rows(text: str, heading: str) -> list[str]:
        return re.findall(r"<tr><td>.*?</tr>", text.split(heading, 1)[1].split("\n## ", 1)[0])

    own = html_rows(first, "## Pay bands of this role: annual pay")
    stats = html_rows(first, "## Occupation-wide statistics")  # the role's BLS rows, in their own table
    assert len(own) + len(stats) == 100 and len(stats) == 8 and "Page 1 of" in first
    last = many.pages[pages[-1]]
    assert "## Pay bands of this role: hourly pay" in last and "$20.00–$40.00 / hour" in last
    rows = list(csv.DictReader(io.StringIO(many.pages[f"roles/{ROLE}/{ROLE}-pay.csv"])))
    assert len(rows) == len(bands) and {r["region"] for r in rows} >= {f"us-area-{n:04d}" for n in range(REGIONS)}


def test_role_csv_does_not_repeat_the_role_on_every_row(many) -> None:  # type: ignore[no-untyped-def]
    """The file's name says the role: its rows carry the figures, not the role's id and title again
    (at 1,000 roles with 230 regions each those two columns were 11 MB). The catalog-wide download
    on the compensation page keeps them: its rows are of many roles."""
    role_csv = many.pages[f"roles/{ROLE}/{ROLE}-pay.csv"]
    header = role_csv.splitlines()[0].split(",")
    assert header == ["level", "region", "currency", "period", "min", "median", "max", "open_ended", "source", "as_of",
                      "occupation"], header
    assert many.catalog.roles[ROLE].role.title not in role_csv
    site_csv = next(text for path, text in many.pages.items() if path.startswith("compensation") and path.endswith(".csv"))
    assert site_csv.splitlines()[0].startswith("role,role_title,"), site_csv.splitlines()[0]


def test_featured_region_must_exist(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    site = root / "site_config" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "featured_regions: [us-seatle]\n", encoding="utf-8")
    result = run_cli("validate", str(root), "--no-warnings")
    assert result.returncode == 1
    assert re.search(r"site_config/site.yaml:\d+:\d+: error unknown-region: unknown region 'us-seatle'", result.stdout)
    assert "did you mean 'us-seattle'?" in result.stdout


def test_benchmark_wage_catalog_is_valid(tmp_path: Path) -> None:
    """`make bench`'s real-wage-shaped catalog (benchmarks/wages.py), at a small size."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from wages import make_wage_project

    root = make_wage_project(tmp_path / "wages", n_roles=12, n_regions=30, per_role=10)
    result = run_cli("validate", str(root), "--no-warnings")
    assert result.returncode == 0, result.stdout
    text = (root / "roles" / "compensation" / "oews-areas.csv").read_text(encoding="utf-8")
    assert ",hour," in text and ",239200,true," in text and len(text.splitlines()) == 1 + 12 * 11


def test_level_page_badge_names_a_few_regions_and_counts_the_rest(many) -> None:  # type: ignore[no-untyped-def]
    """A level page's "Pay figures for" badge is a summary, not a list: with pay in 500 regions it
    named `pay_regions_shown` long region names on each of a catalog's thousands of level pages."""
    level = many.catalog.roles[ROLE].role.levels[0].level
    page = next(text for path, text in many.pages.items()
                if path.startswith("catalog/") and f"{many.catalog.level_code(ROLE, level)}</code>" in text)
    badge = re.search(r'Pay figures for</span> <span class="rb-badge__value">([^<]*)<', page)
    assert badge, page[:2000]
    assert badge[1].startswith("United States") and len(badge[1]) < 200, badge[1]
    entry = many.catalog.roles[ROLE].role.levels[0]
    regions = {b.region for b in many.catalog.compensation_for(ROLE)} | (
        {entry.salary.region or many.catalog.default_region} if entry.salary else set())
    assert len(regions) > REGIONS and badge[1].endswith(f" and {len(regions) - 2:,} more regions"), badge[1]
