"""Pure renderers for the taxonomy catalog: one page per role × level, and the catalog index."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from ..adjacency import BANDS, TRACK_PENALTY, WEIGHTS
from ..index import Catalog
from ..models.role import Component, Level
from .env import render, years
from .labels import classification_rows
from .links import level_page, page_link, role_page
from .paging import chunked, page_paths, pager
from .role_facts import band_text, cited_sources, region_rows
from .role_pay import bounded, region_groups
from .tool_pages import moves_context

DESCRIPTORS = (
    ("Scope", "scope"), ("Autonomy", "autonomy"), ("Complexity", "complexity"), ("Impact", "impact"),
    ("Decision rights", "decision_rights"), ("Leadership", "leadership"),
)
COMPONENT_GROUPS = (
    ("Responsibilities", "responsibilities"), ("Tasks", "tasks"), ("Skills", "skills"), ("Knowledge", "knowledge"),
    ("Competencies", "competencies"), ("Qualifications", "qualifications"),
)

ADJACENCY_DOC = Markup(f"""Each role-level has three coordinates: its **seniority** (the lower bound of the level's
typical experience, plus its track), its **family**, and the role's **skills** with their
proficiency. The distance between two role-levels is

`d = {WEIGHTS['level']} × level + {WEIGHTS['family']} × family + {WEIGHTS['skills']} × skills`

- *level*: the gap in years of typical experience divided by the spread of the whole scheme, plus
  {TRACK_PENALTY} when the tracks differ (capped at 1);
- *family*: 0 for the same role, 0.5 for another role in the same family, 1 otherwise;
- *skills*: 1 − Σ min(proficiency) / Σ max(proficiency) over both roles' skills (weighted Jaccard
  distance; 1 when either role lists no skills).

So d runs from 0 (the same role-level) to 1. Matches below {BANDS[0][0]} are **close**, below
{BANDS[1][0]} **related**, and the rest **distant**. Another role is listed at its level nearest in
seniority. Editors can pin a neighbour or exclude one with `adjacency: {{pin: [...], exclude: [...]}}`
in the role file.
""")


def _items(values: list[Any]) -> list[Component]:
    return [v if isinstance(v, Component) else Component(text=v) for v in values]


def _texts(level: Level, group: str) -> list[str]:
    own = {"responsibilities": level.responsibilities, "skills": level.core_skills}.get(group, [])
    comp = _items(getattr(level.components, group)) if level.components else []
    return list(dict.fromkeys([*own, *(c.text for c in comp)]))


def progression_delta(catalog: Catalog, role_id: str, index: int) -> dict[str, Any] | None:
    """What changes from the previous rung of this role's ladder (not the cumulative text again)."""
    role = catalog.roles[role_id].role
    if index == 0:
        return None
    prev, cur = role.levels[index - 1], role.levels[index]
    d_prev, d_cur = catalog.levels[prev.level], catalog.levels[cur.level]
    descriptors = [(label, getattr(d_prev, attr), getattr(d_cur, attr))
                   for label, attr in DESCRIPTORS if getattr(d_prev, attr) != getattr(d_cur, attr)]
    added: list[tuple[str, int | list[str]]] = []
    for label, group in COMPONENT_GROUPS:
        before = {t.casefold() for t in _texts(prev, group)}
        current = _texts(cur, group)
        new = [t for t in current if t.casefold() not in before]
        in_components = bool(cur.components and getattr(cur.components, group))
        if new and len(new) == len(current) and in_components:
            added.append((label.lower(), len(new)))  # all of it is new: the Components section lists it once
        elif new:
            added.append((label.lower(), new))
    raised = []
    if role.assessment:
        for row in role.assessment.expectations:
            a, b = row.levels.get(prev.level), row.levels.get(cur.level)
            if a is not None and b is not None and b > a:
                raised.append((catalog.skills[row.skill].name, a, b))
    return {
        "previous_id": prev.level, "previous_title": prev.title,
        "previous_href": page_link(level_page(catalog, role_id, cur.level), level_page(catalog, role_id, prev.level), html=True),
        "descriptors": descriptors, "added": added, "raised": raised,
    }


BADGE_REGIONS = 2
"""Region names a level page's "Pay figures for" badge spells out (the first the career guide shows)."""


def _region_list(catalog: Catalog, regions: set[str]) -> str:
    """Region names for a badge, at most `BADGE_REGIONS` of them (`…, Seattle and 517 more regions`):
    a summary on each of a catalog's thousands of level pages, the regions themselves are on the guide."""
    shown = catalog.shown_regions(regions)[:BADGE_REGIONS]
    names = ", ".join(catalog.regions[r].name for r in sorted(shown))
    rest = len(regions) - len(shown)
    return names + (f" and {rest:,} more region{'s' if rest > 1 else ''}" if rest else "")


def _badges(catalog: Catalog, role_id: str, entry: Level) -> list[dict[str, str]]:
    role = catalog.roles[role_id].role
    regions = sorted({rec.region for rec in catalog.compensation_for(role_id)})
    if entry.salary:
        regions = sorted(set(regions) | {entry.salary.region or catalog.default_region})
    # Where the definition applies, as its source says; else the regions the pay figures describe.
    region = ({"label": "Region", "value": role.region_scope} if role.region_scope else
              {"label": "Pay figures for", "value": _region_list(catalog, set(regions))} if regions else
              {"label": "Region", "value": "Global"})
    badges = [
        {"label": "Level", "value": entry.level},
        {"label": "Status", "value": (entry.status or role.status).capitalize()},
        {"label": "Version", "value": f"v{role.version}"},
        region,
    ]
    if role.focus:
        badges.insert(1, {"label": "Focus", "value": role.focus})
    if entry.confidence is not None:
        band = f"{entry.confidence_band} ({entry.confidence:.2f})" if entry.confidence_band else f"{entry.confidence:.2f}"
        badges.insert(-2, {"label": "Confidence", "value": band})
    return badges


def level_page_text(catalog: Catalog, role_id: str, level_id: str) -> str:
    entry_ix = next(i for i, lv in enumerate(catalog.roles[role_id].role.levels) if lv.level == level_id)
    role_entry = catalog.roles[role_id]
    role = role_entry.role
    entry = role.levels[entry_ix]
    here = level_page(catalog, role_id, level_id)
    definition = catalog.levels[level_id]
    components = []
    if entry.components:
        components = [(label, _items(getattr(entry.components, attr))) for label, attr in COMPONENT_GROUPS
                      if getattr(entry.components, attr)]
    neighbours = []
    for n in catalog.adjacency.neighbours(role_id, level_id):
        other = catalog.roles[n.role].role
        other_level = next(lv for lv in other.levels if lv.level == n.level)
        compare_query = urlencode({"a": catalog.level_code(role_id, level_id), "b": catalog.level_code(n.role, n.level)})
        neighbours.append({
            "title": other_level.title if other_level.title.casefold() == other.title.casefold()
            else f"{other_level.title} ({other.title})", "href": page_link(here, level_page(catalog, n.role, n.level), html=True),
            "code": catalog.level_code(n.role, n.level), "distance": f"{n.distance:.2f}", "band": n.band,
            "pinned": n.pinned, "compare_href": page_link(here, "compare.md", html=True) + "?" + compare_query,
        })
    region = catalog.regions[(entry.salary.region or catalog.default_region)] if entry.salary else None
    pay = band_text(entry.salary, region.locale) if entry.salary and region else None
    level_rows, _ = bounded(catalog, region_rows(catalog, role_id, level_id))
    all_levels = any(rec.level is None for rec in catalog.compensation_for(role_id))
    pay_summary = pay or (Markup(f"{len(level_rows)} regional band(s) below") if level_rows else
                          Markup("bands for all levels only (see the career guide)") if all_levels else Markup("not recorded"))
    return render(
        "level.md.j2",
        role=role, entry=entry, code=catalog.level_code(role_id, level_id), definition=definition,
        family=catalog.families[role.family], badges=_badges(catalog, role_id, entry),
        experience=years(entry.years or definition.experience), pay_summary=pay_summary,
        descriptors=[(label, getattr(definition, attr)) for label, attr in DESCRIPTORS],
        delta=progression_delta(catalog, role_id, entry_ix), components=components, neighbours=neighbours,
        moves=moves_context(catalog, role_id, level_id),
        level_groups=region_groups(level_rows),
        aliases=[a for a in role.aliases if a.level in (None, level_id)], classifications=classification_rows(role.classifications),
        links={"guide_href": page_link(here, role_page(role_id, "index.md"), html=True)},
        sources=cited_sources(catalog, role_entry), status_line=f"{(entry.status or role.status).capitalize()} · version "
        f"{role.version} · source file {role_entry.path}",
    )


def catalog_index(catalog: Catalog) -> dict[str, str]:
    """The catalog index: every role × level sorted by code, `list_page_size` rows a page; a role
    without levels is one row under its role code, linking to its guide. The level scheme and the
    adjacency definition are explained once, on page 1."""
    order = {lid: i for i, lid in enumerate(catalog.levels)}
    codes: list[tuple[str, str, Level | None]] = [(catalog.level_code(role_id, lv.level), role_id, lv)
                                                  for role_id, lv in catalog.role_levels]
    codes += [(catalog.role_code(role_id), role_id, None) for role_id, e in catalog.roles.items() if not e.role.levels]
    codes.sort(key=lambda c: (c[0], c[1]))
    chunks = chunked(codes, catalog.list_page_size)
    paths = page_paths("catalog/index.md", len(chunks))
    tracks = [(t, [lv for lv in catalog.levels.values() if lv.track == t.id]) for t in catalog.tracks.values()]
    out = {}
    for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1):
        rows = []
        for code, role_id, lv in chunk:
            role = catalog.roles[role_id].role
            row = {"code": code, "role": role.title, "family": catalog.families[role.family].name}
            if lv is None:
                row |= {"title": role.title, "level": "No levels", "sort": f"{len(order):03d}",
                        "status": role.status.capitalize(),
                        "href": page_link(path, role_page(role_id, "index.md"), html=True)}
            else:
                row |= {"title": lv.title, "level": f"{lv.level} · {catalog.levels[lv.level].name}",
                        "sort": f"{order[lv.level]:03d}", "status": (lv.status or role.status).capitalize(),
                        "href": page_link(path, level_page(catalog, role_id, lv.level), html=True)}
            rows.append(row)
        out[path] = render("catalog_index.md.j2", rows=rows, tracks=tracks, adjacency_doc=ADJACENCY_DOC, first=n == 1,
                           pager=pager(paths, n, len(codes), catalog.list_page_size, "Role catalog pages"),
                           home=Markup(page_link(path, "catalog/index.md")))
    return out


def compare_page() -> str:
    """The compare page: the pickers are filled from api/compare.json, so the page does not grow with the catalog."""
    return render("compare.md.j2")
