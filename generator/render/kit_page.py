"""The interview kit (`roles/<id>/interview-kit/`): questions with answer guidance, the rubric rows of
the skills they probe, a scorecard with the rubric's behavioural anchors, timing and the level's red
flags. Everything is on the page (so it prints and works without JavaScript, showing every level);
rolebook-kit.js narrows it to a level and categories (kept in the URL) and copies it as Markdown.

A question probes a skill when its text or topic names the skill (as a learning-plan phase does, see
generator/plan.py). Timing is Rolebook's estimate per question: easy 5, medium 10, hard 15 minutes.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..index import Catalog
from ..plan import _word
from .env import render
from .links import page_link, role_page
from .text import markdown_html

MINUTES = {"easy": 5, "medium": 10, "hard": 15}


def probed(catalog: Catalog, text: str, skill_ids: list[str]) -> list[str]:
    low = text.casefold()
    return [s for s in skill_ids if _word(catalog.skills[s].name).search(low) or _word(s).search(low)]


def kit_page(catalog: Catalog, role_id: str) -> str:
    role = catalog.roles[role_id].role
    here = role_page(role_id, "interview-kit.md")
    a = role.assessment
    assessed = list(dict.fromkeys([*(a.skills if a else []), *(r.skill for r in (a.rubric if a else []))]))
    questions: list[dict[str, Any]] = []
    for asked in catalog.questions_of(role_id):
        q = asked.question
        skills = probed(catalog, f"{q.text} {q.topic or ''}", assessed)
        questions.append({"q": q, "category": catalog.categories[q.category].name, "minutes": MINUTES[q.difficulty],
                          "skills": " ".join(skills), "skill_names": ", ".join(catalog.skills[s].name for s in skills),
                          "guidance": markdown_html(q.guidance) if q.guidance else None})
    expected = {row.skill: row.levels for row in (a.expectations if a else [])}
    anchors = {row.skill: row.levels for row in (a.rubric if a else [])}
    levels: list[dict[str, Any]] = []
    for lv in role.levels:
        rows = [{"skill": s, "name": catalog.skills[s].name, "expected": expected.get(s, {}).get(lv.level),
                 "anchor": anchors.get(s, {}).get(lv.level)} for s in assessed]
        levels.append({"id": lv.level, "title": lv.title, "rows": rows, "red_flags": lv.red_flags})
    used = list(dict.fromkeys(q.category for q in (x["q"] for x in questions)))
    return render("interview_kit.md.j2", role=role, questions=questions, levels=levels,
                  categories=[(c, catalog.categories[c].name) for c in catalog.categories if c in used],
                  duration=a.duration_minutes if a else None, scenario=a.scenario if a else None,
                  total=sum(x["minutes"] for x in questions),
                  links={"guide": Markup(page_link(here, role_page(role_id, "index.md"))),
                         "questions": Markup(page_link(here, role_page(role_id, "questions.md")))})
