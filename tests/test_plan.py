"""Career-move computations (generator/plan.py) on the golden project's sample roles, and a golden file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rolebook.index import build_catalog
from rolebook.pipeline import check
from rolebook.plan import fit, learning_plan, next_moves, plan_dict, profile, rank, skill_gaps

PROJECT = Path(__file__).parent / "data" / "golden-project"
GOLDEN = Path(__file__).parent / "golden" / "plans.json"


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    project, problems = check(PROJECT)
    return build_catalog(project)


def test_profile_takes_the_seniority_matrix_at_that_level(catalog) -> None:  # type: ignore[no-untyped-def]
    assert profile(catalog, "data-analyst", "P1") == {"sql": 2, "statistics": 2}
    assert profile(catalog, "data-analyst", "P3") == {"sql": 4, "statistics": 2}
    assert profile(catalog, "bi-developer", "P3") == {"sql": 5}


def test_gap_and_plan_up_the_ladder(catalog) -> None:  # type: ignore[no-untyped-def]
    gaps = skill_gaps(catalog, ("data-analyst", "P1"), ("data-analyst", "P3"))
    assert [(g.skill, g.current, g.target, g.gap) for g in gaps] == [("sql", 2, 4, 2)]
    plan = learning_plan(catalog, ("data-analyst", "P1"), ("data-analyst", "P3"))
    # only the phase that names SQL ("SQL tutorial") covers the gap; the Statistics phase is left out
    assert [(s.title, s.weeks, s.covers) for s in plan.steps] == [("Basics", 4, ("sql",))]
    assert plan.weeks == 4
    assert ("Scope", "Tasks", "Features") in plan.descriptors


def test_plan_across_roles_keeps_the_phase_of_the_missing_skill(catalog) -> None:  # type: ignore[no-untyped-def]
    plan = learning_plan(catalog, ("bi-developer", "P3"), ("data-analyst", "P3"))
    assert [(g.skill, g.current, g.target) for g in plan.gaps] == [("statistics", 0, 2)]
    assert [(s.title, s.weeks) for s in plan.steps] == [("Statistics", 6)]
    assert plan.weeks == 6 and plan.descriptors == []


def test_gap_no_phase_covers_falls_back_to_skill_resources(catalog) -> None:  # type: ignore[no-untyped-def]
    plan = learning_plan(catalog, ("data-analyst", "P3"), ("bi-developer", "P3"))  # BI developer has no roadmap
    assert [(s.title, s.weeks, s.covers) for s in plan.steps] == [("Learn SQL", None, ("sql",))]
    assert plan.weeks == 0


def _with_phase_skills(tmp_path: Path, skills: str) -> object:
    """The golden project with `skills:` on the data analyst's first roadmap phase ("Basics", whose text names SQL)."""
    import shutil
    dest = tmp_path / "project"
    shutil.copytree(PROJECT, dest)
    role = dest / "roles" / "data-analyst.yaml"
    text = role.read_text(encoding="utf-8")
    marker = "    milestone: You can answer a question with a query.\n"
    assert marker in text
    role.write_text(text.replace(marker, marker + f"    skills: {skills}\n", 1), encoding="utf-8")
    project, problems = check(dest)
    assert not [p for p in problems if p.severity == "error"], problems
    return build_catalog(project)


def test_listed_phase_skills_decide_coverage_not_the_text(tmp_path: Path) -> None:
    catalog = _with_phase_skills(tmp_path, "[statistics]")
    # "Basics" names SQL in its text but lists only statistics: it no longer covers the SQL gap
    plan = learning_plan(catalog, ("data-analyst", "P1"), ("data-analyst", "P3"))
    assert [(s.title, s.covers, s.guessed) for s in plan.steps] == [("Learn SQL", ("sql",), False)]
    # ...and it covers statistics although its text never names it; the Statistics phase is still guessed
    plan = learning_plan(catalog, ("bi-developer", "P3"), ("data-analyst", "P3"))
    assert [(s.title, s.weeks, s.guessed) for s in plan.steps] == [("Basics", 4, False), ("Statistics", 6, True)]
    assert plan.weeks == 10


def test_phase_without_skills_is_guessed_from_its_text(catalog) -> None:  # type: ignore[no-untyped-def]
    plan = learning_plan(catalog, ("data-analyst", "P1"), ("data-analyst", "P3"))
    assert [(s.title, s.guessed) for s in plan.steps] == [("Basics", True)]


def test_fit_is_one_minus_the_adjacency_skills_distance() -> None:
    assert fit({"sql": 4, "statistics": 2}, {"sql": 4, "statistics": 2}) == 1.0
    # min 2 / max (4 + 2) -> 1/3
    assert fit({"sql": 2}, {"sql": 4, "statistics": 2}) == pytest.approx(0.3333)
    assert fit({}, {"sql": 1}) == 0.0


def test_ranking_puts_the_matching_role_level_first(catalog) -> None:  # type: ignore[no-untyped-def]
    ranked = rank(catalog, {"sql": 4, "statistics": 2})
    assert [(r.role, r.level, r.fit) for r in ranked][:1] == [("data-analyst", "P3", 1.0)]
    assert ranked[0].missing == ()
    ranked = rank(catalog, {"sql": 5})
    assert (ranked[0].role, ranked[0].level) == ("bi-developer", "P3")
    assert [(r.role, r.level) for r in ranked] == [("bi-developer", "P3"), ("data-analyst", "P3"), ("data-analyst", "P1")]


def test_next_moves_are_the_next_rung_then_adjacent_roles(catalog) -> None:  # type: ignore[no-untyped-def]
    moves = next_moves(catalog, "data-analyst", "P1")
    assert moves[0] == ("data-analyst", "P3", "next level")
    assert ("bi-developer", "P3") in [(r, lv) for r, lv, _ in moves[1:]]


def test_golden_plans_and_ranking(catalog, update_goldens: bool) -> None:  # type: ignore[no-untyped-def]
    pairs = [(a, b) for a in catalog.role_levels for b in catalog.role_levels if a != b]
    actual = {
        "plans": [plan_dict(catalog, (ra, la.level), (rb, lb.level)) for (ra, la), (rb, lb) in pairs],
        "rankings": {json.dumps(p, sort_keys=True): [[r.role, r.level, r.fit, list(r.missing)] for r in rank(catalog, p)]
                     for p in ({"sql": 4, "statistics": 2}, {"sql": 5}, {"statistics": 3}, {"sql": 1})},
    }
    text = json.dumps(actual, indent=1, sort_keys=True) + "\n"
    if update_goldens:
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_planner_and_composer_pay_are_role_bands_never_occupation_statistics(catalog) -> None:  # type: ignore[no-untyped-def]
    """Occupation-wide statistics (a CSV row with an occupation) are not a role's pay: the planner's and the
    composer's pay comparisons must leave them out (issue 15: never mixed with role bands)."""
    from rolebook.jd import _pay_bands as level_bands  # noqa: PLC0415
    from rolebook.render.tool_pages import _pay  # noqa: PLC0415

    stats = {r.source for rid in catalog.roles for r in catalog.compensation_for(rid) if r.occupation}
    assert stats, "the golden project has occupation-wide statistics"
    for rid, entry in catalog.roles.items():
        for lv in entry.role.levels:
            assert not {b["source"] for b in _pay(catalog, rid, lv.level)} & stats
            assert not {b["source"] for b in level_bands(catalog, rid, lv.level).values()} & stats
