"""The interview kit (`roles/<id>/interview-kit/`): questions with answer guidance, the rubric rows of
the skills they probe, a scorecard with the rubric's behavioural anchors, timing and the level's red
flags. Everything is on the page (so it prints and works without JavaScript, showing every level);
rolebook-kit.js narrows it to a level and categories (kept in the URL) and copies it as Markdown.

A question probes the skills its `skills:` list names; a question without that list probes the skills
(of the role's assessment and `skills:`) its text or topic names, as a learning-plan phase without a
list does (generator/plan.py). A level's scorecard has one row per skill that a question of that level
(or of any level) probes, in the assessment's order then the role's; rolebook-kit.js keeps only the rows
of the questions the reader chose. Timing is Rolebook's estimate per question: easy 5, medium 10, hard
15 minutes.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..index import Catalog
from ..models.role import Question
from ..plan import profile, word_pattern
from .env import render
from .links import page_link, role_page
from .text import markdown_html

MINUTES = {"easy": 5, "medium": 10, "hard": 15}


def probed(catalog: Catalog, question: Question, skill_ids: list[str]) -> list[str]:
    """The skills a question probes: its `skills:` list, else those of `skill_ids` its text or topic names."""
    if question.skills:
        return list(question.skills)
    low = f"{question.text} {question.topic or ''}".casefold()
    return [s for s in skill_ids if word_pattern(catalog.skills[s].name).search(low) or word_pattern(s).search(low)]


def kit_page(catalog: Catalog, role_id: str) -> str:
    role = catalog.roles[role_id].role
    here = role_page(role_id, "interview-kit.md")
    a = role.assessment
    assessed = list(dict.fromkeys([*(a.skills if a else []), *(r.skill for r in (a.rubric if a else [])),
                                   *(need.skill for need in role.skills)]))
    questions: list[dict[str, Any]] = []
    for asked in catalog.questions_of(role_id):
        q = asked.question
        skills = probed(catalog, q, assessed)
        questions.append({"q": q, "category": catalog.categories[q.category].name, "minutes": MINUTES[q.difficulty],
                          "skills": " ".join(skills), "skill_names": ", ".join(catalog.skills[s].name for s in skills),
                          "probes": skills, "guidance": markdown_html(q.guidance) if q.guidance else None})
    anchors = {row.skill: row.levels for row in (a.rubric if a else [])}
    levels: list[dict[str, Any]] = []
    for lv in role.levels:
        asked_here = [s for x in questions if x["q"].level in (None, lv.level) for s in x["probes"]]
        order = [s for s in assessed if s in asked_here] + [s for s in dict.fromkeys(asked_here) if s not in assessed]
        expected = profile(catalog, role_id, lv.level)
        rows = [{"skill": s, "name": catalog.skills[s].name, "expected": expected.get(s),
                 "anchor": anchors.get(s, {}).get(lv.level)} for s in order]
        levels.append({"id": lv.level, "title": lv.title, "rows": rows, "red_flags": lv.red_flags})
    used = list(dict.fromkeys(q.category for q in (x["q"] for x in questions)))
    return render("interview_kit.md.j2", role=role, questions=questions, levels=levels,
                  categories=[(c, catalog.categories[c].name) for c in catalog.categories if c in used],
                  duration=a.duration_minutes if a else None, scenario=a.scenario if a else None,
                  total=sum(x["minutes"] for x in questions),
                  links={"guide": Markup(page_link(here, role_page(role_id, "index.md"))),
                         "questions": Markup(page_link(here, role_page(role_id, "questions.md")))})
