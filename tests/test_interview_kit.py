"""The interview kit's scorecard (generator/render/kit_page.py): one row per skill the questions probe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rolebook.index import build_catalog
from rolebook.pipeline import check
from rolebook.render.kit_page import kit_page, probed

PROJECT = Path(__file__).parent / "data" / "golden-project"


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    project, _ = check(PROJECT)
    return build_catalog(project)


def _rows(page: str) -> dict[str, list[str]]:
    """Level id -> the skills of its scorecard rows, in order."""
    out = {}
    for level, body in re.findall(r'<div class="rb-kit__level" data-level="([^"]+)">(.*?)</div>', page, re.S):
        out[level] = re.findall(r'<tr data-skill="([^"]+)">', body)
    return out


def test_listed_skills_are_what_a_question_probes(catalog) -> None:  # type: ignore[no-untyped-def]
    asked = {a.question.text: a.question for a in catalog.questions_of("data-analyst")}
    assert probed(catalog, asked["What is a left join?"], ["statistics"]) == ["sql"]  # the list, not the text
    # without a list, the skills the text names
    unlisted = asked["What does GROUP BY do?"].model_copy(update={"text": "How would you test a statistics claim?"})
    assert probed(catalog, unlisted, ["sql", "statistics"]) == ["statistics"]


def test_scorecard_rows_are_the_skills_the_level_s_questions_probe(catalog) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(kit_page(catalog, "data-analyst"))
    # P1: the left join question (sql); P3: the set's duplicate rows question (sql, statistics)
    assert rows == {"P1": ["sql"], "P3": ["sql", "statistics"]}


def test_question_skills_must_be_known(tmp_path: Path) -> None:
    import shutil
    dest = tmp_path / "project"
    shutil.copytree(PROJECT, dest)
    qs = dest / "site_config" / "question_sets" / "sql-basics.yaml"
    qs.write_text(qs.read_text(encoding="utf-8").replace("skills: [sql, statistics]", "skills: [sql, sql, juggling]"),
                  encoding="utf-8")
    _, problems = check(dest)
    found = [(p.path, p.line, p.code) for p in problems]
    assert ("site_config/question_sets/sql-basics.yaml", 5, "unknown-skill") in found, problems
    assert ("site_config/question_sets/sql-basics.yaml", 5, "duplicate-skill") in found, problems
