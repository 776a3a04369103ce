"""Reader tools: the career-move planner (`paths/`) and the skills finder (`finder/`) with their data, and
each level page's next moves.

Both are static. The planner reads one file per role, `api/paths/<role code>.json` (the level code up to
its last dot, lower-cased, e.g. `aimlam.dsc.json` for `AIMLAM.DSC.P1`), so a plan fetches just the two
roles it compares: each level's title, skill profile (generator/plan.py), descriptors, interview questions
and pay bands; the role's roadmap phases with the skills each covers and whether that is guessed from the
phase's text; and the names and resources of the skills its levels list. The list of level codes behind
the pickers' suggestions, `api/paths/codes.json`, is fetched only when a reader starts typing. The finder
reads one compact file, `api/finder/profiles.json`: skill names and, per role, each level's profile as
skill-index/proficiency pairs. Everything is read from the models, never from the other api/ files.
rolebook-paths.js and rolebook-finder.js compute the same gap, plan and ranking as generator/plan.py (the
browser tests check they agree).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from ..index import Catalog
from ..jd import composer_data
from ..plan import DESCRIPTORS, learning_plan, next_moves, phase_skills, profile
from .api import safe_json
from .env import render
from .links import file_link, level_page, page_link

PATHS_PAGE = "paths/index.md"
FINDER_PAGE = "finder/index.md"
MOVE_GAPS_SHOWN = 5  # on a level page, the largest gaps of each move; its plan lists them all


def _resources(resources: Any) -> list[list[str]]:
    return [[r.title, r.url or "", r.type] for r in resources]


def role_file(catalog: Catalog, role_id: str) -> str:
    """Where a role's planner data lives: api/paths/<role code, lower-case>.json (see the module docstring)."""
    return f"api/paths/{catalog.role_code(role_id).lower()}.json"


def finder_profiles(catalog: Catalog) -> dict[str, Any]:
    """The finder's one file: skills as [id, name] (their index is used below), and per role
    [role code, role title, [[level id, level title, [skill index, proficiency, ...]], ...]]."""
    index = {sid: i for i, sid in enumerate(catalog.skills)}
    roles = []
    for rid, entry in catalog.roles.items():
        levels = [[lv.level, lv.title, [x for s, p in profile(catalog, rid, lv.level).items() for x in (index[s], p)]]
                  for lv in entry.role.levels]
        roles.append([catalog.role_code(rid), entry.role.title, levels])
    return {"skills": [[sid, s.name] for sid, s in catalog.skills.items()], "roles": roles}


def level_codes(catalog: Catalog) -> list[list[Any]]:
    """The planner's suggestions: per role [role code, role title, [[level id, level title], ...]]."""
    return [[catalog.role_code(rid), e.role.title, [[lv.level, lv.title] for lv in e.role.levels]]
            for rid, e in catalog.roles.items()]


def _pay(catalog: Catalog, role_id: str, level_id: str) -> list[dict[str, Any]]:
    """The level's bands: its own `salary:`, the compensation rows for that level, then the role's rows for
    all levels (`all_levels`), each with its source and period, so the planner compares only like with like."""
    role = catalog.roles[role_id].role
    out = []
    entry = next(lv for lv in role.levels if lv.level == level_id)
    if entry.salary:
        b = entry.salary
        src = catalog.source(role_id, b.source)
        out.append({"region": b.region or catalog.default_region, "period": b.period, "currency": b.currency,
                    "min": b.min, "median": b.median, "max": b.max, "source": b.source, "source_title": src.title,
                    "as_of": src.as_of, "all_levels": False})
    for rec in catalog.compensation_for(role_id):
        if rec.level in (level_id, None) and not rec.occupation:  # occupation-wide statistics are not the role's pay
            src = catalog.source(role_id, rec.source)
            out.append({"region": rec.region, "period": rec.period, "currency": rec.currency,
                        "min": float(rec.min), "median": None if rec.median is None else float(rec.median),
                        "max": float(rec.max), "source": rec.source, "source_title": src.title, "as_of": rec.as_of,
                        "all_levels": rec.level is None})
    return sorted(out, key=lambda b: b["all_levels"])  # stable: a level's own bands first


def paths_role(catalog: Catalog, role_id: str) -> dict[str, Any]:
    role = catalog.roles[role_id].role
    skill_ids = list(catalog.skills)
    asked = catalog.questions_of(role_id)
    profiles = {lv.level: profile(catalog, role_id, lv.level) for lv in role.levels}
    pay = {lv.level: _pay(catalog, role_id, lv.level) for lv in role.levels}
    used = [sid for sid in catalog.skills if any(sid in p for p in profiles.values())]
    return {
        "code": catalog.role_code(role_id), "title": role.title,
        "descriptors": [label for label, _ in DESCRIPTORS],
        "skills": {sid: [catalog.skills[sid].name, _resources(catalog.skills[sid].resources)] for sid in used},
        "regions": {r: catalog.regions[r].name for r in dict.fromkeys(b["region"] for bands in pay.values() for b in bands)
                    if r in catalog.regions},
        "phases": [{"title": p.title, "weeks": p.weeks, "goals": list(p.goals), "milestone": p.milestone,
                    "resources": _resources(p.resources), "covers": phase_skills(catalog, p, skill_ids),
                    "guessed": not p.skills}
                   for p in role.roadmap],
        "levels": {lv.level: {
            "code": catalog.level_code(role_id, lv.level), "title": lv.title, "profile": profiles[lv.level],
            "level": [catalog.levels[lv.level].name, [getattr(catalog.levels[lv.level], attr) for _, attr in DESCRIPTORS]],
            "questions": [[a.question.text, a.question.guidance or "", catalog.categories[a.question.category].name,
                           a.question.difficulty] for a in asked if a.question.level == lv.level],
            "pay": pay[lv.level]} for lv in role.levels},
    }


def tool_files(catalog: Catalog) -> dict[str, str]:
    """The planner page and its JSON files."""
    files = tool_site_files(catalog)
    for rid in catalog.roles:
        files.update(tool_role_files(catalog, rid))
    return files


def tool_role_files(catalog: Catalog, role_id: str) -> dict[str, str]:
    """One role's planner file and, when it has a job description, the composer's."""
    files = {role_file(catalog, role_id): safe_json(paths_role(catalog, role_id)) + "\n"}
    if catalog.roles[role_id].role.job_description:
        files[f"api/jd/{role_id}.json"] = safe_json(composer_data(catalog, role_id)) + "\n"
    return files


def tool_site_files(catalog: Catalog) -> dict[str, str]:
    """The planner and finder pages and the files of the whole catalog (each role's are `tool_role_files`)."""
    files = {"api/paths/codes.json": safe_json(level_codes(catalog), compact=True) + "\n"}
    files["api/finder/profiles.json"] = safe_json(finder_profiles(catalog), compact=True) + "\n"
    files[FINDER_PAGE] = finder_page(catalog)
    files[PATHS_PAGE] = render("paths.md.j2", data=Markup(file_link(PATHS_PAGE, "api/paths") + "/"),
                               catalog=Markup(page_link(PATHS_PAGE, "catalog/index.md", html=True)))
    return files


def finder_page(catalog: Catalog) -> str:
    groups = [(c.name, [s for s in catalog.skills.values() if s.category == cid]) for cid, c in catalog.skill_categories.items()]
    return render("finder.md.j2", groups=[(name, skills) for name, skills in groups if skills],
                  levels=sorted((v, p.name) for v, p in catalog.proficiency.items()),
                  api=Markup(file_link(FINDER_PAGE, "api/finder/profiles.json")),
                  paths=Markup(page_link(FINDER_PAGE, PATHS_PAGE, html=True)),
                  catalog=Markup(page_link(FINDER_PAGE, "catalog/index.md")),
                  catalog_base=Markup(page_link(FINDER_PAGE, "catalog/index.md", html=True)),
                  skills_index=Markup(page_link(FINDER_PAGE, "skills/index.md", html=True)))


def composer_context(catalog: Catalog, role_id: str) -> dict[str, Any]:
    """What the composer on a JD page needs: its data file, and the role's choices for the pickers."""
    role = catalog.roles[role_id].role
    jd = role.job_description
    assert jd is not None
    here = f"roles/{role_id}/job-description.md"
    return {"data": Markup(file_link(here, f"api/jd/{role_id}.json")), "name": Markup(f"{role_id}-job-description"),
            "levels": [(lv.level, f"{lv.level} · {lv.title}") for lv in role.levels],
            "contexts": [c.context for c in jd.contexts], "industries": [i.industry for i in jd.industries]}


def plan_href(catalog: Catalog, from_page: str, frm: tuple[str, str], to: tuple[str, str]) -> str:
    query = urlencode({"from": catalog.level_code(*frm), "to": catalog.level_code(*to)})
    return page_link(from_page, PATHS_PAGE, html=True) + "?" + query


def moves_context(catalog: Catalog, role_id: str, level_id: str) -> list[dict[str, Any]]:
    """"Where people go from here" on a level page: each next move with its gap and weeks, linking to its plan."""
    here = level_page(catalog, role_id, level_id)
    out = []
    for rid, lid, why in next_moves(catalog, role_id, level_id):
        plan = learning_plan(catalog, (role_id, level_id), (rid, lid))
        role = catalog.roles[rid].role
        title = next(lv.title for lv in role.levels if lv.level == lid)
        out.append({
            "title": title if title.casefold() == role.title.casefold() else f"{title} ({role.title})",
            "code": catalog.level_code(rid, lid), "why": why, "href": page_link(here, level_page(catalog, rid, lid), html=True),
            "plan_href": plan_href(catalog, here, (role_id, level_id), (rid, lid)),
            "gaps": [f"{g.name} {g.current}→{g.target}" for g in plan.gaps[:MOVE_GAPS_SHOWN]]
            + ([f"and {len(plan.gaps) - MOVE_GAPS_SHOWN} more"] if len(plan.gaps) > MOVE_GAPS_SHOWN else []), "weeks": plan.weeks,
            "uncovered": sum(1 for s in plan.steps if s.weeks is None),
        })
    return out
