"""The render cache's field trace: a unit is rendered again when a field it read of a role changed,
and only then. After any edit of one role, the pages of a cached generation equal those of a clean
one, byte for byte; an edited summary re-renders only the units that read that summary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import copy_small_project

from rolebook import generate as gen
from rolebook.index import build_catalog
from rolebook.pipeline import check
from rolebook.render_cache import ALL, WHOLE, Tracing

EDITS = {
    "summary": lambda t: t.replace("summary: ", "summary: Freshly edited. ", 1),
    "title": lambda t: re.sub(r"^title: .*$", "title: Insight Analyst", t, count=1, flags=re.M),
    "code": lambda t: t.replace("code: DATA.ANL", "code: DATA.INS", 1),
    "level title": lambda t: t.replace("title: Junior Data Analyst", "title: Associate Data Analyst", 1),
    "skill": lambda t: t.replace("{skill: statistics, proficiency: 3}", "{skill: statistics, proficiency: 5}", 1),
    "question": lambda t: t.replace("What is a left join?", "What is an inner join?", 1),
    "alias": lambda t: t.replace("title: BI Analyst", "title: Reporting Analyst", 1),
    "roadmap": lambda t: t.replace("weeks: 4", "weeks: 9", 1),
    "job description": lambda t: t.replace("We need an analyst.", "We need a curious analyst.", 1),
    "question set": lambda t: t.replace("question_sets: [sql-basics]", "question_sets: []", 1),
    "overview": lambda t: t.replace("overview: |\n", "overview: |\n  Freshly edited.\n", 1),
}


def _generate(root: Path, reuse: bool) -> dict[str, str]:
    return gen.generate(root, chart_cache=False, charts=False, jobs=1, reuse=reuse).pages


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_small_project(tmp_path_factory.mktemp("fields") / "project")


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_cached_generation_after_editing_one_field_equals_a_clean_one(project: Path, edit: str) -> None:
    role = project / "roles" / "data-analyst.yaml"
    before = role.read_text(encoding="utf-8")
    try:
        _generate(project, True)  # every unit stored
        after = EDITS[edit](before)
        assert after != before
        role.write_text(after, encoding="utf-8")
        cached = _generate(project, True)
        assert gen.LAST_RENDER["reused"] > 0
        clean = _generate(project, False)
        assert sorted(cached) == sorted(clean)
        differ = [path for path in clean if cached[path] != clean[path]]
        assert not differ, f"{len(differ)} files differ from a clean generation, e.g. {differ[:5]}"
    finally:
        role.write_text(before, encoding="utf-8")


def test_an_edited_summary_re_renders_only_the_units_that_read_it(project: Path) -> None:
    role = project / "roles" / "data-analyst.yaml"
    before = role.read_text(encoding="utf-8")
    try:
        _generate(project, True)
        role.write_text(EDITS["summary"](before), encoding="utf-8")
        _generate(project, True)
        rendered = gen.LAST_RENDER["units"] - gen.LAST_RENDER["reused"]
    finally:
        role.write_text(before, encoding="utf-8")
    project_files, _ = check(project)
    catalog = build_catalog(project_files)
    readers = []
    for unit in gen.units_of(catalog):
        view = Tracing(catalog)
        unit[1](view, gen.ChartSet(enabled=False))
        if {"summary", WHOLE} & view.fields.get("data-analyst", set()):
            readers.append(unit[0])
    assert "role:data-analyst" in readers and "skill:sql" not in readers, readers
    assert rendered == len(readers) < len(gen.units_of(catalog)) // 2, readers


def test_a_view_records_the_fields_read_of_each_role(project: Path) -> None:
    project_files, _ = check(project)
    catalog = build_catalog(project_files)
    view = Tracing(catalog)
    assert view.roles["data-analyst"].role.summary
    assert view.roles["data-analyst"].title
    assert view.fields == {"data-analyst": {"summary", "title"}}
    view = Tracing(catalog)
    assert view.roles_by_family
    assert ALL in view.read and all({"family", "title"} <= f for f in view.fields.values()), view.fields
    assert "summary" not in set().union(*view.fields.values())
    view = Tracing(catalog)
    view.roles["bi-developer"].role.model_dump()
    assert view.fields == {"bi-developer": {WHOLE}}
    view = Tracing(catalog)
    view.questions_of("bi-developer")
    assert view.fields == {"bi-developer": {"questions", "question_sets"}}
