"""Pay a reader can trust: a role's own bands and occupation-wide wage statistics never share a table
or a chart; statistics name their occupation, how closely it matches the role, the population and
what min/median/max are; no estimate without its method; generated sentences follow the data."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from conftest import copy_project, run_cli, table_rows

from rolebook.generate import generate

# data-scientist's national BLS row (15-2051 Data Scientists) and a band of the role's own, added below
BLS_NATIONAL = "$67,240–$199,130 / year"
OWN_NATIONAL = "$101,000–$151,000 / year"
OWN_ROWS = ("data-scientist,,us,USD,year,101000,,151000,,jd-guide-2026,2026-06\n"
            "data-scientist,,us-seattle,USD,year,111000,,171000,,jd-guide-2026,2026-06\n")
HEADER = "role,level,region,currency,period,min,median,max,open_ended,source,as_of\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = copy_project(tmp_path_factory.mktemp("coherence") / "project")
    (root / "roles" / "compensation" / "own.csv").write_text(HEADER + OWN_ROWS, encoding="utf-8")
    return generate(root, chart_cache=False, charts=True)


def _tables(text: str) -> list[tuple[str, str]]:
    """(the nearest heading above it, the table's text) for every Markdown and HTML table."""
    out, heading, current = [], "", []
    lines = html.unescape(text).splitlines()
    in_html = False
    for line in lines + [""]:
        if line.startswith("#"):
            heading = line
        if "<table" in line:
            in_html = True
        if in_html or line.startswith("|"):
            current.append(line)
        elif current:
            out.append((heading, "\n".join(current)))
            current = []
        if "</table>" in line:
            in_html = False
    return out


PAGES = ["roles/data-scientist/index.md", "roles/data-scientist/pay.md", "compensation.md"]


@pytest.mark.parametrize("page", PAGES)
def test_role_bands_and_occupation_statistics_never_share_a_table(built, page: str) -> None:  # type: ignore[no-untyped-def]
    tables = _tables(built.pages[page])
    with_bls = [(h, t) for h, t in tables if "$67,240" in t]
    with_own = [(h, t) for h, t in tables if "$101,000" in t]
    assert with_bls and with_own, (page, tables)
    for heading, table in with_bls:
        assert "$101,000" not in table, (page, heading, table)
        assert "Occupation-wide" in heading or "occupation-wide" in table.lower() or "Occupation" in table, (page, heading)
    for heading, _table in with_own:
        assert "Occupation-wide" not in heading, (page, heading)


def test_statistics_say_what_they_are(built) -> None:  # type: ignore[no-untyped-def]
    guide = html.unescape(built.pages["roles/data-scientist/index.md"])
    section = guide.split("### Occupation-wide statistics: SOC 2018 15-2051 Data Scientists", 1)[1].split("\n## ", 1)[0]
    assert "not pay for this role" in section
    assert "exact match" in section  # the role file's `match: exact`
    assert "excluding the self-employed" in section  # the source's population
    assert "10th percentile – 90th percentile" in section and "Median (50th percentile)" in section
    assert BLS_NATIONAL in section and OWN_NATIONAL not in section
    own = guide.split("### Pay bands of this role: annual pay", 1)[1].split("###", 1)[0]
    assert OWN_NATIONAL in own and BLS_NATIONAL not in own
    assert guide.index("### Pay bands of this role") < guide.index("### Occupation-wide statistics")  # role first


def test_match_quality_and_shared_occupation_are_shown(built) -> None:  # type: ignore[no-untyped-def]
    guide = html.unescape(built.pages["roles/ml-engineer/index.md"])
    section = guide.split("### Occupation-wide statistics: SOC 2018 15-1252 Software Developers", 1)[1][:1200]
    assert "broader occupation" in section
    assert "The same figures are shown for AI/ML Engineer, MLOps Engineer" in section
    rows = [row for table in table_rows(guide) for row in table]  # the codes table shows the match
    assert any(row.startswith("| SOC 2018 | 15-1252 | Software Developers | broader |") for row in rows), rows


def test_compensation_page_shows_a_shared_occupation_once(built) -> None:  # type: ignore[no-untyped-def]
    page = html.unescape(built.pages["compensation.md"])
    rows = [line for line in page.splitlines() if line.startswith("| SOC 2018 15-1252 Software Developers")]
    assert len(rows) == 1, rows
    assert "AI/ML Engineer (broader), Machine Learning Engineer (broader), MLOps Engineer (broader)" in rows[0]
    national = page.split("## All levels", 1)[1].split("\n## ", 1)[0]
    assert "$82,460" not in national  # statistics are not listed as the roles' bands


def test_no_estimate_without_its_method(built) -> None:  # type: ignore[no-untyped-def]
    for path, text in built.pages.items():
        if path.endswith(".md"):
            assert "× factor" not in text and "(estimate)" not in text, path


def test_pay_faq_is_derived_from_the_figures(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    guide = html.unescape(built.pages["roles/ai-competency-framework-designer/index.md"])
    answer = guide.split("<summary>Where do the pay figures on this page come from?</summary>", 1)[1].split("</details>", 1)[0]
    assert "Career guide: AI Competency Framework Designer (as of 2026-11)" in answer  # the ladder's source
    assert "SOC 2018 13-1151 Training and Development Specialists" in answer and "related occupation" in answer
    assert "come from the source career guide" not in guide
    # without the statistics, the answer no longer mentions them
    root = copy_project(tmp_path / "project")
    csv = root / "roles" / "compensation" / "bls-oews-2025.csv"
    csv.write_text("".join(line for line in csv.read_text(encoding="utf-8").splitlines(keepends=True)
                           if not line.startswith("ai-competency-framework-designer,")), encoding="utf-8")
    again = html.unescape(generate(root, chart_cache=False, charts=False).pages["roles/ai-competency-framework-designer/index.md"])
    answer = again.split("<summary>Where do the pay figures on this page come from?</summary>", 1)[1].split("</details>", 1)[0]
    assert "13-1151" not in answer and "occupation-wide" not in answer and "Career guide" in answer


def test_json_keeps_the_two_apart(built) -> None:  # type: ignore[no-untyped-def]
    role = json.loads(built.pages["api/roles/data-scientist.json"])
    groups = {g["source"]: g for g in role["pay"]}
    assert groups["bls-oews-2025"]["statistics"]["code"] == "15-2051"
    assert groups["bls-oews-2025"]["statistics"]["match"] == "exact"
    assert "statistics" not in groups["jd-guide-2026"]
    assert role["pay_columns"] == ["region", "level", "min", "median", "max", "open_ended"]
    assert ["us", None, 67240, 120230, 199130, False] in groups["bls-oews-2025"]["rows"]
    for record in role["role_levels"]:
        assert all(b["occupation"] is None for b in record["salary"])  # compare shows role bands only
    catalog = json.loads(built.pages["api/catalog.json"])
    assert "compensation" not in catalog  # every band is in its role's file, once
    regions = json.loads(built.pages["api/regions.json"])["regions"]
    assert regions["us-seattle"]["name"] == "Seattle"


CASES = {
    "data-scientist,,us,USD,year,67240,120230,199130,,bls-oews-2025,2025-05,\n":
        r"roles/compensation/x.csv:2: error occupation-missing: .*\n    hint: write the occupation code .*15-2051",
    "data-scientist,,us,USD,year,67240,120230,199130,,jd-guide-2026,2026-06,15-2051\n":
        r"roles/compensation/x.csv:2: error occupation-unexpected: .*\n    hint: leave the occupation column empty",
    "data-scientist,,us,USD,year,67240,120230,199130,,bls-oews-2025,2025-05,15-9999\n":
        r"roles/compensation/x.csv:2: error unknown-occupation: occupation '15-9999' is not among the "
        r"classifications of roles/data-scientist.yaml .*\n    hint: add it under classifications:",
    "data-scientist,P3,us-boston,USD,year,67240,120230,199130,,bls-oews-2025,2025-05,15-2051\n":
        r"roles/compensation/x.csv:2: error occupation-level: .*\n    hint: leave the level column empty",
}


@pytest.mark.parametrize("row", list(CASES))
def test_occupation_rows_are_checked(project: Path, row: str) -> None:
    (project / "roles" / "compensation" / "x.csv").write_text(HEADER.replace("as_of", "as_of,occupation") + row,
                                                               encoding="utf-8")
    result = run_cli("validate", str(project), "--no-warnings")
    assert result.returncode == 1, result.stdout
    assert re.search(CASES[row], result.stdout), result.stdout
    assert "Traceback" not in result.stdout + result.stderr
