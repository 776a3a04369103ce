"""Renderers are pure (catalog → Markdown): their output is pinned by golden files.

Run `pytest tests/test_golden.py --update-goldens` after an intended change, then review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rolebook.generate import generate, home_block, role_nav

PROJECT = Path(__file__).parent / "data" / "golden-project"
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def generated(monkeypatch_module: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch_module.setenv("SOURCE_DATE_EPOCH", "1790000000")
    return generate(PROJECT, chart_cache=False)  # never write a cache into tests/data


@pytest.fixture(scope="module")
def monkeypatch_module():  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as mp:
        yield mp


GOLDEN_PAGES = {
    "career_guide.md": "roles/data-analyst/index.md",
    "job_description.md": "roles/data-analyst/job-description.md",
    "roles_index.md": "roles/index.md",
    "level_p3.md": "catalog/data.anl.p3.md",
    "skill_sql.md": "skills/sql.md",
    "skills_index.md": "skills/index.md",
    "assessment.md": "roles/data-analyst/assessment.md",
    "catalog_index.md": "catalog/index.md",
    "compare.md": "compare.md",
    "catalog.json": "api/catalog.json",
    "compare.json": "api/compare.json",
    "role_data_analyst.json": "api/roles/data-analyst.json",
    "jd_download.txt": "roles/data-analyst/data-analyst-job-description.txt",
    "role_questions.md": "roles/data-analyst/questions.md",
    "question_bank.md": "questions/index.md",
    "questions.json": "api/questions.json",
    "roadmap.md": "roles/data-analyst/roadmap.md",
    "role_pay.md": "roles/data-analyst/pay.md",
    "role_pay.csv": "roles/data-analyst/data-analyst-pay.csv",
    "career_guide_hourly.md": "roles/bi-developer/index.md",
    "compensation.md": "compensation.md",
    "paths.md": "paths/index.md",
    "finder.md": "finder/index.md",
    "interview_kit.md": "roles/data-analyst/interview-kit.md",
    "finder_profiles.json": "api/finder/profiles.json",
    "paths_codes.json": "api/paths/codes.json",
    "paths_data_analyst.json": "api/paths/data.anl.json",
}


def _readable(name: str, text: str) -> str:
    """JSON files are written compact; their goldens are indented so a diff can be reviewed."""
    if not name.endswith(".json"):
        return text
    assert text.count("\n") == 1 and text.endswith("\n"), f"{name} should be compact, one line"
    return json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"


CASES = {
    **{name: (lambda g, name=name, path=path: _readable(name, g.pages[path])) for name, path in GOLDEN_PAGES.items()},
    "home_block.md": lambda g: home_block(g.catalog, "index.md"),
    "nav.txt": lambda g: repr(role_nav(g.catalog, g.pages)) + "\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, generated, update_goldens: bool) -> None:  # type: ignore[no-untyped-def]
    actual = CASES[name](generated)
    path = GOLDEN / name
    if update_goldens:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"missing golden {path}; run pytest --update-goldens"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def test_generated_page_set(generated) -> None:  # type: ignore[no-untyped-def]
    assert sorted(generated.pages) == sorted([
        "api/catalog.json", "api/compare.json", "api/paths/data.bideveloper.json", "api/paths/data.anl.json",
        "api/paths/codes.json", "api/finder/profiles.json", "paths/index.md", "finder/index.md", "api/jd/data-analyst.json",
        "roles/data-analyst/interview-kit.md", "roles/bi-developer/interview-kit.md", "api/questions.json", "api/regions.json",
        "api/roles/bi-developer.json", "api/roles/data-analyst.json", "api/schema/role.schema.json",
        "catalog/data.anl.p1.md", "catalog/data.anl.p3.md", "catalog/data.bideveloper.p3.md",
        "catalog/index.md", "compare.md", "compensation.md", "compensation/all-levels-national.csv",
        "compensation/level-p1.csv", "compensation/level-p3.csv", "compensation/occupation-statistics.csv",
        "compensation/regions.csv",
        "roles/bi-developer/bi-developer-pay.csv", "roles/bi-developer/index.md", "roles/bi-developer/pay.md",
        "roles/bi-developer/questions.md",
        "roles/data-analyst/assessment.md", "roles/data-analyst/data-analyst-pay.csv", "roles/data-analyst/pay.md",
        "roles/data-analyst/data-analyst-job-description.md.txt",
        "roles/data-analyst/data-analyst-job-description.txt", "roles/data-analyst/index.md",
        "roles/data-analyst/job-description.md", "roles/data-analyst/questions.md", "roles/data-analyst/roadmap.md",
        "roles/index.md", "questions/index.md",
        "skills/index.md", "skills/sql.md", "skills/statistics.md", "families/data.md",
    ])


def test_progression_delta(generated) -> None:  # type: ignore[no-untyped-def]
    from rolebook.render.catalog_pages import progression_delta

    delta = progression_delta(generated.catalog, "data-analyst", 1)
    assert delta["previous_id"] == "P1"
    assert ("Scope", "Tasks", "Features") in delta["descriptors"]
    assert ("responsibilities", ["Own a metric end to end"]) in delta["added"]  # "Build reports" is not new
    # Both tasks are new and the Components section lists them: the delta points there, not a second copy.
    assert ("tasks", 2) in delta["added"]
    assert delta["raised"] == [("SQL", 2, 4)]  # statistics stays at 2, so it is not listed
    assert progression_delta(generated.catalog, "data-analyst", 0) is None


def test_pinned_neighbour(generated) -> None:  # type: ignore[no-untyped-def]
    got = generated.catalog.adjacency.neighbours("bi-developer", "P3")
    assert got[0].role == "data-analyst" and got[0].pinned and got[0].level == "P3"
