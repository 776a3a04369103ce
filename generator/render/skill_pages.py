"""Pure renderers for skill guides (an inverse index: skill → roles and levels) and assessments."""

from __future__ import annotations

from collections import Counter
from typing import Any

from markupsafe import Markup

from ..index import Catalog
from .env import render
from .links import level_page, page_link, role_page, skill_page
from .paging import chunked, page_paths, pager
from .role_facts import own_sources, status_line


def skill_page_text(catalog: Catalog, skill_id: str) -> dict[str, str]:
    """A skill guide; the roles that need it run `list_page_size` a page (skills/<id>/page-n.md)."""
    skill = catalog.skills[skill_id]
    needs = sorted(catalog.skill_users.get(skill_id, []), key=lambda u: (-u[1], u[0]))
    chunks = chunked(needs, catalog.list_page_size)
    paths = page_paths(skill_page(skill_id), len(chunks))
    together: Counter[str] = Counter()
    for role_id, _ in needs:
        together.update(s.skill for s in catalog.roles[role_id].role.skills if s.skill != skill_id)
    top = sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
    return {path: _skill_page(catalog, skill_id, path, chunk, top, pager(paths, n, len(needs), catalog.list_page_size,
                                                                        f"Roles that need {skill.name}: pages"))
            for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1)}


def _skill_page(catalog: Catalog, skill_id: str, here: str, needs: list[tuple[str, int]],
                top: list[tuple[str, int]], paging: dict[str, Any] | None) -> str:
    skill = catalog.skills[skill_id]
    users = []
    for role_id, proficiency in needs:
        role = catalog.roles[role_id].role
        by_level = _assessed(role, skill_id)
        users.append({
            "title": role.title, "href": Markup(page_link(here, role_page(role_id, "index.md"), html=True)),
            "proficiency": proficiency,
            "proficiency_name": catalog.proficiency[proficiency].name if proficiency in catalog.proficiency else "",
            "range": (min(by_level.values()), max(by_level.values())) if by_level else None,
            "assessment": Markup(page_link(here, role_page(role_id, "assessment.md"), html=True)) if by_level else None,
            "levels": [{"id": lv.level, "href": Markup(page_link(here, level_page(catalog, role_id, lv.level), html=True)),
                        "proficiency": by_level.get(lv.level)} for lv in role.levels],
        })
    related = [{"name": catalog.skills[s].name, "link": Markup(page_link(here, skill_page(s)))} for s, _ in top]
    return render("skill.md.j2", skill=skill, category=catalog.skill_categories[skill.category].name,
                  users=users, related=related, pager=paging, total=len(catalog.skill_users.get(skill_id, [])))


def _assessed(role: Any, skill_id: str) -> dict[str, int]:
    """The proficiency the role's assessment expects at each level, for one skill (empty without one):
    the skill page shows these, so it agrees with the assessment page for the same role and level."""
    if not role.assessment:
        return {}
    return next((dict(row.levels) for row in role.assessment.expectations if row.skill == skill_id), {})


def skills_index(catalog: Catalog) -> str:
    categories = []
    for cid, category in catalog.skill_categories.items():
        skills = [
            {"name": s.name, "description": s.description, "count": len(catalog.skill_users.get(s.id, [])),
             "link": Markup(page_link("skills/index.md", skill_page(s.id)))}
            for s in catalog.skills.values() if s.category == cid
        ]
        if skills:
            categories.append((category.name, skills))
    scale = [catalog.proficiency[k] for k in sorted(catalog.proficiency)]
    return render("skills_index.md.j2", categories=categories, scale=scale)


def assessment_page_text(catalog: Catalog, role_id: str) -> str:
    entry = catalog.roles[role_id]
    role = entry.role
    a = role.assessment
    assert a is not None
    here = role_page(role_id, "assessment.md")
    order = list(catalog.levels)
    matrix_levels = sorted({lv for row in a.expectations for lv in row.levels}, key=order.index)
    matrix = [{"name": catalog.skills[row.skill].name,
               "cells": [_scale(catalog, row.levels.get(lv)) for lv in matrix_levels]} for row in a.expectations]
    rubric_levels = sorted({lv for row in a.rubric for lv in row.levels}, key=order.index)
    links: dict[str, Any] = {"guide": Markup(page_link(here, role_page(role_id, "index.md"))),
                             "jd": Markup(page_link(here, role_page(role_id, "job-description.md")))
                             if role.job_description else None}
    return render(
        "assessment.md.j2", role=role, a=a, links=links,
        skills=[{"name": catalog.skills[s].name, "href": Markup(page_link(here, skill_page(s), html=True))} for s in a.skills],
        matrix_levels=matrix_levels, matrix=matrix, rubric_levels=rubric_levels,
        rubric=[{"skill": catalog.skills[r.skill].name, "levels": r.levels} for r in a.rubric],
        sources=own_sources(catalog, role_id, a.source), status_line=status_line(entry),
    )


def _scale(catalog: Catalog, value: int | None) -> str:
    if value is None:
        return "–"
    name = catalog.proficiency[value].name if value in catalog.proficiency else ""
    return f"{value} · {name}" if name else str(value)
