"""Question bank (site-wide, filterable), per-role question pages, roadmap pages, and their JSON.

The bank is written twice: as static pages (readable with JavaScript off, paginated so no page
grows with the catalog) and as one compact JSON file that the browser filters.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from ..charts.blocks import roadmap_chart_block
from ..charts.svg import ChartSet
from ..index import Catalog, question_anchors, question_id  # noqa: F401 - question_id is used by validation and tests
from ..models.role import Question
from .env import render
from .links import file_link, page_link, role_page
from .paging import pager
from .role_facts import own_sources, status_line
from .text import markdown_to_text

BANK_PAGE_SIZE = 200


def _ordered(catalog: Catalog, role_id: str) -> list[tuple[str, Question]]:
    """(anchor, question) pairs in page order: by category, then level; own and shared questions alike."""
    cats = list(catalog.categories)
    levels = list(catalog.levels)
    pairs = [(a.anchor, a.question) for a in catalog.questions_of(role_id)]
    return sorted(pairs, key=lambda p: (cats.index(p[1].category), levels.index(p[1].level) if p[1].level else -1))


def role_questions_page(catalog: Catalog, role_id: str) -> str:
    entry = catalog.roles[role_id]
    here = role_page(role_id, "questions.md")
    groups = []
    for cid, category in catalog.categories.items():
        items = [{"id": Markup(anchor), "q": q, "level_name": catalog.levels[q.level].name if q.level else None}
                 for anchor, q in _ordered(catalog, role_id) if q.category == cid]
        if items:
            groups.append({"name": category.name, "description": category.description, "entries": items})
    return render("role_questions.md.j2", role=entry.role, groups=groups,
                  links={"guide": Markup(page_link(here, role_page(role_id, "index.md"))),
                         "bank": Markup(page_link(here, "questions/index.md") + "?role=" + role_id)},
                  sources=[], status_line=status_line(entry))


def bank_records(catalog: Catalog) -> list[dict[str, Any]]:
    """One record per question: a role's own question with that role, a shared set's question once,
    with every role that asks it."""
    records = []
    for role_id in catalog.roles:
        for asked in catalog.questions_of(role_id):
            if asked.set_id is not None and catalog.question_set_users[asked.set_id][0] != role_id:
                continue  # listed once, under the first role that asks the set
            q = asked.question
            roles = [role_id] if asked.set_id is None else catalog.question_set_users[asked.set_id]
            records.append({"id": asked.anchor, "roles": roles, "category": q.category, "level": q.level,
                            "difficulty": q.difficulty, "text": q.text,
                            "guidance": markdown_to_text(q.guidance) if q.guidance else None})
    cats, levels = list(catalog.categories), list(catalog.levels)
    return _by_first_role(records, cats, levels)


def _by_first_role(records: list[dict[str, Any]], cats: list[str], levels: list[str]) -> list[dict[str, Any]]:
    """Role order, then category and level within a role (as on the role's page)."""
    order = {rid: i for i, rid in enumerate(dict.fromkeys(r["roles"][0] for r in records))}
    return sorted(records, key=lambda r: (order[r["roles"][0]], cats.index(r["category"]),
                                          levels.index(r["level"]) if r["level"] else -1))


def questions_json(catalog: Catalog, records: list[dict[str, Any]]) -> str:
    """Compact: each question is [id, roles, category, level, difficulty, text, guidance]; `roles` lists
    every role that asks it (several for a question of a shared set)."""
    data = {
        "fields": ["id", "roles", "category", "level", "difficulty", "text", "guidance"],
        "roles": {rid: {"title": e.role.title, "url": f"roles/{rid}/questions/"} for rid, e in catalog.roles.items()},
        "categories": {cid: c.name for cid, c in catalog.categories.items()},
        "levels": {lid: lv.name for lid, lv in catalog.levels.items()},
        "questions": [[r["id"], r["roles"], r["category"], r["level"], r["difficulty"], r["text"], r["guidance"]]
                      for r in records],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def bank_pages(catalog: Catalog) -> dict[str, str]:
    """The bank: page 1 at questions/index.md (with the filters), further static pages as needed."""
    records = bank_records(catalog)
    chunks = [records[i:i + BANK_PAGE_SIZE] for i in range(0, len(records), BANK_PAGE_SIZE)] or [[]]
    paths = ["questions/index.md"] + [f"questions/page-{n}.md" for n in range(2, len(chunks) + 1)]
    used_levels = [lid for lid in catalog.levels if any(r["level"] == lid for r in records)]
    files = {"api/questions.json": questions_json(catalog, records)}
    for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1):
        items = [{**r, "category_name": catalog.categories[r["category"]].name,
                  "askers": [{"title": catalog.roles[rid].role.title,
                              "href": Markup(page_link(path, role_page(rid, "questions.md"), html=True) + "#" + r["id"])}
                             for rid in r["roles"]]}
                 for r in chunk]
        files[path] = render(
            "question_bank.md.j2", first=n == 1, page=n, pages=len(paths), total=len(records), items=items,
            pager=pager(paths, n, len(records), BANK_PAGE_SIZE, "Question bank pages"),
            categories=list(catalog.categories.items()), levels=[(lid, catalog.levels[lid].name) for lid in used_levels],
            api=Markup(file_link(path, "api/questions.json")),
            base=Markup(page_link(path, "index.md", html=True)),
        )
    return files


def roadmap_page(catalog: Catalog, role_id: str, charts: ChartSet) -> str:
    entry = catalog.roles[role_id]
    role = entry.role
    here = role_page(role_id, "roadmap.md")
    phases, week = [], 0
    for i, phase in enumerate(role.roadmap, start=1):
        phases.append({"n": i, "phase": phase, "start": week + 1, "end": week + phase.weeks,
                       "key": Markup(f"{role_id}/{i}")})
        week += phase.weeks
    return render("roadmap.md.j2", role=role, role_id=Markup(role_id), phases=phases, total_weeks=week,
                  total_months=f"{week / 4.345:.0f}", chart=roadmap_chart_block(charts, role),
                  links={"guide": Markup(page_link(here, role_page(role_id, "index.md")))},
                  sources=own_sources(catalog, role_id, role.roadmap_source), status_line=status_line(entry))
