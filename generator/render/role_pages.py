"""Pure renderers: catalog + role id → Markdown page text."""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..charts.blocks import chosen_level, ladder_chart_block, region_chart_blocks, roadmap_chart_block, salary_band_charts
from ..charts.svg import ChartSet
from ..index import Catalog
from ..models.role import JobDescription, Level, Role
from . import role_pay
from .api import occupation_jsonld, pay_bands
from .env import money, render, years
from .labels import classification_rows
from .links import level_page, page_link, role_page, skill_page
from .paging import chunked, page_paths, pager
from .role_facts import band_text, cited_sources, region_rows, status_line
from .text import plain, unwrapped

CODING = {"none": "No programming", "helpful": "Programming helps", "required": "Programming required"}


@dataclass(frozen=True)
class LadderRow:
    link: Markup
    href: Markup  # the same page as a built URL, for raw HTML
    level_id: str
    level_name: str
    title: str
    years: Markup
    salary: Markup
    salary_text: bool
    entry: Level
    code: str


def _ladder(catalog: Catalog, role_id: str) -> list[LadderRow]:
    role = catalog.roles[role_id].role
    rows = []
    for entry in role.levels:
        definition = catalog.levels[entry.level]
        region = catalog.regions[entry.salary.region or catalog.default_region] if entry.salary else None
        salary = band_text(entry.salary, region.locale) if entry.salary and region else Markup("–")
        here, there = role_page(role_id, "index.md"), level_page(catalog, role_id, entry.level)
        rows.append(LadderRow(Markup(page_link(here, there)), Markup(page_link(here, there, html=True)),
                              entry.level, definition.name, entry.title, years(entry.years or definition.experience),
                              salary, entry.salary is not None, entry, catalog.level_code(role_id, entry.level)))
    return rows


def _badges(role: Role) -> list[dict[str, str]]:
    badges = []
    if role.status != "published":
        badges.append({"label": "Status", "value": role.status.capitalize()})
    if role.code:
        badges.append({"label": "Code", "value": role.code})
    req = role.requirements
    if req:
        badges += [
            {"label": "Difficulty", "value": req.difficulty.capitalize()},
            {"label": "Entry barrier", "value": req.entry_barrier.capitalize()},
            {"label": "Coding", "value": CODING[req.coding]},
            {"label": "Time to learn", "value": f"~{req.time_to_learn_months:g} months"},
        ]
    out = role.outlook
    if out:
        if out.demand_score is not None:
            badges.append({"label": "Demand", "value": f"{out.demand_score:g}/10"})
        if out.automation_risk is not None:
            badges.append({"label": "Automation risk", "value": f"{out.automation_risk * 100:.0f}%"})
        if out.remote_friendly is not None:
            badges.append({"label": "Remote-friendly", "value": "Yes" if out.remote_friendly else "Rarely"})
    return badges


def _phases(role: Role) -> list[dict[str, Any]]:
    out, week = [], 0
    for phase in role.roadmap:
        out.append({"phase": phase, "start": week + 1, "end": week + phase.weeks})
        week += phase.weeks
    return out


def _skills(catalog: Catalog, role_id: str, role: Role) -> list[dict[str, Any]]:
    here = role_page(role_id, "index.md")
    return [
        {
            "name": catalog.skills[n.skill].name,
            "href": Markup(page_link(here, skill_page(n.skill), html=True)),
            "proficiency": n.proficiency,
            "proficiency_name": catalog.proficiency[n.proficiency].name if n.proficiency in catalog.proficiency else "",
            "category": catalog.skill_categories[catalog.skills[n.skill].category].name,
        }
        for n in sorted(role.skills, key=lambda n: (-n.proficiency, catalog.skills[n.skill].name.casefold()))
    ]


def career_guide(catalog: Catalog, role_id: str, charts: ChartSet | None = None) -> str:
    """The role's main page: everything a job seeker wants to know."""
    charts = charts if charts is not None else ChartSet()
    entry = catalog.roles[role_id]
    role = entry.role
    phases = _phases(role)
    total = sum(p.weeks for p in role.roadmap)
    ladder = _ladder(catalog, role_id)
    ladder_sources = {lv.salary.source for lv in role.levels if lv.salary}
    currencies = sorted({lv.salary.currency for lv in role.levels if lv.salary}) or ["–"]
    growth = None
    if role.outlook and role.outlook.growth:
        src = catalog.source(role_id, role.outlook.growth.source)
        growth = {"text": role.outlook.growth.text, "source_title": src.title, "as_of": src.as_of}
    own_regions, occupations, _ = role_pay.bounded_split(catalog, role_id, region_rows(catalog, role_id, None))
    _, hidden = role_pay.shown_records(catalog, [r for r in catalog.compensation_for(role_id) if r.level is None])
    pay_labels = {row.level_id: html.unescape(str(row.salary)) for row in ladder if row.salary_text}
    bands = pay_bands(catalog, role_id, None)
    region_charts = region_chart_blocks(charts, role.title, own_regions, "all levels") if len(own_regions) > 1 else []
    # Occupation-wide statistics get a table, not a chart: the role's page charts the role's own pay;
    # the compensation page charts each occupation's statistics once, labelled as such.
    level = chosen_level(role, bands)
    level_regions, _ = role_pay.bounded(catalog, region_rows(catalog, role_id, level)) if level else ([], 0)
    if len(level_regions) > 1:
        region_charts += region_chart_blocks(charts, role.title, level_regions, f"level {level}")
    here = role_page(role_id, "index.md")
    region_count = len({b.region for b in bands})
    return render(
        "career_guide.md.j2",
        band_charts=salary_band_charts(charts, catalog, role_id, money, bands),
        ladder_chart=ladder_chart_block(charts, role, catalog, pay_labels),
        region_charts=region_charts,
        roadmap_chart=roadmap_chart_block(charts, role),
        region_groups=role_pay.region_groups(own_regions),
        occupations=occupations,
        pay_faq=role_pay.pay_faq(catalog, role_id, ladder_sources, own_regions, occupations),
        pay_more=role_pay.picker(catalog, role_id, here, hidden, region_count),
        role=role,
        codes=classification_rows(role.classifications),
        badges=_badges(role),
        growth=growth,
        skills=_skills(catalog, role_id, role),
        phases=phases,
        total_weeks=total,
        total_months=f"{total / 4.345:.0f}",
        ladder=ladder,
        ladder_currency_note=", ".join(currencies),
        ladder_sources=[catalog.source(role_id, s) for s in sorted(ladder_sources)],
        questions=[a.question for a in catalog.questions_of(role_id)],
        has_jd=role.job_description is not None,
        has_assessment=role.assessment is not None,
        jsonld=occupation_jsonld(catalog, role_id),
        sources=cited_sources(catalog, entry),
        status_line=status_line(entry),
    )


def jd_markdown(role: Role, jd: JobDescription) -> str:
    """The job description as plain Markdown text, for copying or downloading: each paragraph and item on
    one line, so it pastes into a job board without breaks mid-sentence."""
    parts = [f"# {role.title}", "", "## About the role", "", unwrapped(jd.about.strip()), "", "## Key responsibilities", ""]
    parts += [f"- {_one_line(x)}" for x in jd.responsibilities]
    for heading, items in (("Must-have qualifications", jd.must_have), ("Nice-to-have qualifications", jd.nice_to_have),
                           ("What we offer", jd.offer)):
        if items:
            parts += ["", f"## {heading}", ""] + [f"- {_one_line(x)}" for x in items]
    return "\n".join(parts)


def _one_line(text: str) -> str:
    return " ".join(text.split())


FAQ_AUDIENCES = (("employer", "For employers"), ("job-seeker", "For job seekers"), ("everyone", "For everyone"))


def jd_downloads(role_id: str) -> dict[str, str]:
    """Generated download files beside the role's pages (not pages themselves)."""
    return {"markdown": f"roles/{role_id}/{role_id}-job-description.md.txt",
            "text": f"roles/{role_id}/{role_id}-job-description.txt"}


def jd_plain_text(role: Role, jd: JobDescription) -> str:
    """The job description as plain text: no Markdown, no site chrome."""
    from .text import markdown_to_text

    def block(title: str, items: list[str]) -> list[str]:
        return ["", title.upper(), ""] + [f"- {_one_line(x)}" for x in items] if items else []

    parts = [role.title.upper(), "", "ABOUT THE ROLE", "", markdown_to_text(unwrapped(jd.about))]
    parts += block("Key responsibilities", jd.responsibilities)
    parts += block("Must-have qualifications", jd.must_have)
    parts += block("Nice-to-have qualifications", jd.nice_to_have)
    parts += block("What we offer", jd.offer)
    return "\n".join(parts) + "\n"


def job_description(catalog: Catalog, role_id: str) -> str:
    """The hiring manager's page: template, level matrix, pay, questions, FAQ."""
    from .tool_pages import composer_context

    entry = catalog.roles[role_id]
    role = entry.role
    jd = role.job_description
    assert jd is not None
    groups = []
    for cid, category in catalog.categories.items():
        qs = [a.question for a in catalog.questions_of(role_id) if a.question.category == cid]
        if qs:
            groups.append({"name": category.name, "questions": qs})
    faq_groups = [{"name": name, "entries": [f for f in role.faq if f.audience == key]} for key, name in FAQ_AUDIENCES]
    here = role_page(role_id, "job-description.md")
    ladder = [row for row in _ladder(catalog, role_id) if row.salary_text]
    own_regions, occupations, _ = role_pay.bounded_split(catalog, role_id, region_rows(catalog, role_id, None))
    links = {
        "guide": Markup(page_link(here, role_page(role_id, "index.md"))),
        "assessment": Markup(page_link(here, role_page(role_id, "assessment.md"))) if role.assessment else None,
    }
    files = jd_downloads(role_id)
    downloads = {
        "markdown": Markup("../" + files["markdown"].rsplit("/", 1)[1]),
        "markdown_name": Markup(f"{role_id}-job-description.md"),
        "text": Markup("../" + files["text"].rsplit("/", 1)[1]),
        "text_name": Markup(f"{role_id}-job-description.txt"),
    }
    return render(
        "job_description.md.j2",
        role=role,
        jd=jd,
        jd_filename=Markup(f"{role_id}-job-description.md"),
        template_text=jd_markdown(role, jd), composer=composer_context(catalog, role_id) if role.levels else None,
        downloads=downloads,
        matrix=[row for row in _ladder(catalog, role_id)
                if row.entry.core_skills or row.entry.expectation or row.entry.red_flags],
        question_groups=groups,
        pay={"ladder": ladder, "groups": role_pay.region_groups(own_regions), "occupations": occupations,
             "table": Markup(page_link(here, role_pay.pay_table_path(role_id)))} if ladder or own_regions or occupations else None,
        links=links,
        faq_groups=[g for g in faq_groups if g["entries"]],
        sources=cited_sources(catalog, entry),
        status_line=status_line(entry),
    )


HOME_LIMIT = 20
"""Roles shown per family on the home and roles pages; the family page lists them all."""


def _family_rows(catalog: Catalog, limit: int | None = None) -> list[tuple[Any, list[dict[str, Any]], int]]:
    out = []
    for family, entries in catalog.roles_by_family:
        rows = []
        for e in entries[:limit]:
            levels = ", ".join(lv.level for lv in e.role.levels) or "–"
            rows.append({"id": Markup(e.id), "title": e.title, "role": e.role, "levels": levels})
        out.append((family, rows, len(entries)))
    return out


def roles_index(catalog: Catalog) -> str:
    return render("roles_index.md.j2", families=_family_rows(catalog, HOME_LIMIT), site_name=catalog.site_name,
                  role_prefix=Markup(""), family_prefix=Markup("../families/"))


def roles_by_family_block(catalog: Catalog, link_prefix: str = "") -> str:
    """The family listing inserted into a hand-written page; `link_prefix` leads from it to the site root."""
    return render("_roles_by_family.md.j2", families=_family_rows(catalog, HOME_LIMIT),
                  role_prefix=Markup(link_prefix + "roles/"), family_prefix=Markup(link_prefix + "families/"))


def family_page(catalog: Catalog, family_id: str) -> dict[str, str]:
    """A family's roles, `list_page_size` a page: families/<id>.md, then families/<id>/page-n.md."""
    family, rows, _ = next(f for f in _family_rows(catalog) if f[0].id == family_id)
    chunks = chunked(rows, catalog.list_page_size)
    paths = page_paths(f"families/{family.id}.md", len(chunks))
    return {path: render("family.md.j2", family=family, entries=chunk, total=len(rows),
                         role_prefix=Markup(posixpath.relpath("roles", posixpath.dirname(path)) + "/"),
                         pager=pager(paths, n, len(rows), catalog.list_page_size, f"{family.name} pages"))
            for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1)}


__all__ = ["career_guide", "family_page", "job_description", "jd_markdown", "roles_index", "roles_by_family_block", "plain"]
