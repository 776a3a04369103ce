"""The pure entry point: a project folder → {page path: Markdown}, plus the navigation for it."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import page_cache
from .charts.svg import ChartSet, fill
from .index import Catalog, build_catalog
from .jobs import can_fork, default_jobs, fork_map
from .models.common import SLUG_PATTERN
from .packed_pages import PackedPages, pack, pack_all, unpack
from .pipeline import ValidationFailed, check
from .problems import Problem, errors
from .render.api import api_role_files, api_site_files
from .render.catalog_pages import catalog_index, compare_page, level_page_text
from .render.compensation_page import compensation_files
from .render.kit_page import kit_page
from .render.links import level_page, page_url, skill_page
from .render.question_pages import bank_pages, roadmap_page, role_questions_page
from .render.role_pages import (
    career_guide,
    family_page,
    jd_downloads,
    jd_markdown,
    jd_plain_text,
    job_description,
    roles_by_family_block,
    roles_index,
)
from .render.role_pay import pay_files
from .render.skill_pages import assessment_page_text, skill_page_text, skills_index
from .render.tool_pages import tool_role_files, tool_site_files
from .render_cache import Tracing, UnitCache
from .validate.crossrefs import today

HOME_MARKER = "<!-- rolebook:roles-by-family -->"
FAMILIES_MARKER = "<!-- rolebook:families -->"
"""Replaced by the families present, in words: one family's name, two or three names, or a count
(`23 families of work`), so hand-written copy such as a home-page heading never assumes one family."""


@dataclass(frozen=True)
class Generated:
    """The result of one generation: the catalog, its pages (held packed: packed_pages), and the
    warnings seen."""

    catalog: Catalog
    pages: Mapping[str, str]
    warnings: list[Problem]
    chart_count: int = 0
    svgs: dict[str, str] = field(default_factory=dict, repr=False)


def _page(role_id: str, name: str) -> str:
    if not re.fullmatch(SLUG_PATTERN, role_id):
        raise ValueError(f"unsafe role id {role_id!r}")
    return f"roles/{role_id}/{name}"


REDIRECT = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved: {title}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{href}">
<meta http-equiv="refresh" content="0; url={href}">
</head>
<body>
<p>This page has moved to <a href="{href}">{title}</a>.</p>
</body>
</html>
"""


def redirect_pages(role_id: str, title: str, old_ids: list[str], pages: dict[str, str]) -> dict[str, str]:
    """Static pages at a renamed role's old addresses that send readers to the new ones."""
    out = {}
    for old in old_ids:
        for name in ("index.md", "job-description.md", "questions.md", "roadmap.md", "assessment.md"):
            if _page(role_id, name) not in pages:
                continue
            sub = page_url(name)
            depth = "../" * (2 + (1 if sub else 0))
            href = html.escape(f"{depth}roles/{role_id}/{sub}", quote=True)
            out[f"{_page(old, sub)}index.html"] = REDIRECT.format(title=html.escape(title), href=href)
    return out


def role_pages(catalog: Catalog, role_id: str, charts: ChartSet) -> dict[str, str]:
    """Every page of one role: guide, job description (and its downloads), assessment, questions,
    roadmap, one catalog page per level, and redirects from its old ids."""
    role = catalog.roles[role_id].role
    pages = {_page(role_id, "index.md"): career_guide(catalog, role_id, charts)}
    if role.job_description:
        pages[_page(role_id, "job-description.md")] = job_description(catalog, role_id)
        downloads = jd_downloads(role_id)
        pages[downloads["markdown"]] = jd_markdown(role, role.job_description) + "\n"
        pages[downloads["text"]] = jd_plain_text(role, role.job_description)
    if role.assessment:
        pages[_page(role_id, "assessment.md")] = assessment_page_text(catalog, role_id)
    if catalog.questions_of(role_id):
        pages[_page(role_id, "questions.md")] = role_questions_page(catalog, role_id)
    if role.roadmap:
        pages[_page(role_id, "roadmap.md")] = roadmap_page(catalog, role_id, charts)
    if catalog.questions_of(role_id) and role.levels:
        pages[_page(role_id, "interview-kit.md")] = kit_page(catalog, role_id)
    for level in role.levels:
        pages[level_page(catalog, role_id, level.level)] = level_page_text(catalog, role_id, level.level)
    pages.update(pay_files(catalog, role_id))
    pages.update(redirect_pages(role_id, role.title, role.redirect_from, pages))
    return pages


# What forked render workers read: set just before forking, never pickled.
_SHARED: dict[str, Any] = {}
PARALLEL_ROLES_FROM = 200  # in a smaller catalog, starting workers costs more than it saves
# A worker sends back each share of units as it finishes it: it never holds more than one share's
# files (as one share per worker, a 10,000-role build's workers held half the site each).
UNITS_PER_SHARE = 64

# The last generation's render units: how many, how many reused from the render cache.
LAST_RENDER: dict[str, int] = {}

Unit = tuple[str, Callable[..., dict[str, str]], str]  # (cache name, renderer(catalog, charts), what it is)


def units_of(catalog: Catalog) -> list[Unit]:
    """Every generated file comes from one of these, in this order."""
    units: list[Unit] = [
        ("roles-index", lambda c, ch: {"roles/index.md": roles_index(c)}, "the roles index"),
        ("skills-index", lambda c, ch: {"skills/index.md": skills_index(c)}, "the skills index"),
        ("compare", lambda c, ch: {"compare.md": compare_page()}, "the compare page"),
        ("catalog-index", lambda c, ch: catalog_index(c), "the catalog index"),
    ]
    units += [(f"role:{rid}", functools.partial(_role_unit, rid), f"role '{rid}'") for rid in catalog.roles]
    units += [(f"family:{fam.id}", functools.partial(_family_unit, fam.id), f"family '{fam.id}'")
              for fam, _ in catalog.roles_by_family]
    units += [(f"skill:{sid}", functools.partial(_skill_unit, sid), f"skill '{sid}'") for sid in catalog.skills]
    # Each role's API and career-tool files are a unit of their own: all of them in one unit made one
    # entry too large to store (45 MB at 1,000 roles), rendered again on every build.
    units += [(f"role-data:{rid}", functools.partial(_role_data_unit, rid), f"role '{rid}'s data files")
              for rid in catalog.roles]
    units += [
        ("api", lambda c, ch: api_site_files(c), "the API files"),
        ("bank", lambda c, ch: bank_pages(c), "the question bank"),
        ("tools", lambda c, ch: tool_site_files(c), "the career tools"),
        ("compensation", lambda c, ch: compensation_files(c, ch), "the compensation pages"),
    ]
    return units


def _role_unit(role_id: str, catalog: Catalog, charts: ChartSet) -> dict[str, str]:
    return role_pages(catalog, role_id, charts)


def _role_data_unit(role_id: str, catalog: Catalog, charts: ChartSet) -> dict[str, str]:
    return api_role_files(catalog, role_id) | tool_role_files(catalog, role_id)


def _family_unit(family_id: str, catalog: Catalog, charts: ChartSet) -> dict[str, str]:
    return family_page(catalog, family_id)


def _skill_unit(skill_id: str, catalog: Catalog, charts: ChartSet) -> dict[str, str]:
    return skill_page_text(catalog, skill_id)


def render_one(catalog: Catalog, unit: Unit, charts_enabled: bool, traced: bool) -> tuple[dict[str, str], dict[str, Any], Any]:
    """One unit's files and chart specs; with `traced`, rendered against a Tracing view (what it read)."""
    charts = ChartSet(enabled=charts_enabled)
    view = Tracing(catalog) if traced else catalog
    pages = unit[1](view, charts)
    return pages, charts.specs, (view.trace() if isinstance(view, Tracing) else None)


def render_kept(catalog: Catalog, unit: Unit, charts_enabled: bool, cache: UnitCache | None
                ) -> tuple[dict[str, bytes], dict[str, Any]]:
    """One unit's files, packed (packed_pages), and chart specs; with a `cache`, stored there with
    what it read. In a forked worker, so the parent receives only the packed files."""
    pages, specs, trace = render_one(catalog, unit, charts_enabled, cache is not None)
    if cache is not None:
        cache.put(unit[0], pages, specs, trace)
    return pack_all(pages), specs


def _render_share(indices: list[int]) -> list[tuple[dict[str, bytes], dict[str, Any]]]:
    return [render_kept(_SHARED["catalog"], _SHARED["units"][i], _SHARED["charts_enabled"], _SHARED["cache"])
            for i in indices]


def _render_units(catalog: Catalog, units: list[Unit], charts_enabled: bool, cache: UnitCache | None,
                  jobs: int | None) -> list[tuple[dict[str, bytes], dict[str, Any]]]:
    """Each unit's result, in order; in a large catalog they are shared among forked workers, even
    when only a few are rendered (a rebuild after one role edit: the catalog-wide units, each of which
    lists every role, weigh as much as hundreds of role units). The workers store what they render in
    the cache themselves (the parent has asked the cache for every unit, so all are marked used)."""
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 2 or len(units) < 2 or len(catalog.roles) < PARALLEL_ROLES_FROM or not can_fork():
        return [render_kept(catalog, unit, charts_enabled, cache) for unit in units]
    catalog.adjacency  # computed once here, inherited by every worker  # noqa: B018
    if cache is not None:
        cache.adjacency_inputs  # the same  # noqa: B018
    _SHARED.update(catalog=catalog, units=units, charts_enabled=charts_enabled, cache=cache)
    count = max(jobs, -(-len(units) // UNITS_PER_SHARE))
    try:
        shares = fork_map(_render_share, [list(range(k, len(units), count)) for k in range(count)], jobs)
    finally:
        _SHARED.clear()
    out: dict[int, Any] = {}
    for k, share in enumerate(shares):
        out.update(zip(range(k, len(units), count), share, strict=True))
    return [out[i] for i in range(len(units))]


def render_pages(catalog: Catalog, charts_enabled: bool = True, jobs: int | None = None,
                 cache: UnitCache | None = None) -> tuple[PackedPages, ChartSet]:
    """Every generated file, keyed by its path under docs_dir (sorted, so output order is stable),
    held packed (packed_pages).

    `.md` entries are pages; the others (JSON, downloads) are copied to the site as they are. With a
    `cache`, a unit whose inputs did not change comes from it (see render_cache).
    """
    charts = ChartSet(enabled=charts_enabled)
    units = units_of(catalog)
    results: dict[int, tuple[dict[str, bytes], dict[str, Any]]] = {}
    for i, (name, _, _) in enumerate(units):
        hit = cache.get(name) if cache is not None else None
        if hit is not None:
            results[i] = pack_all(hit["pages"]), hit["specs"]
    todo = [i for i in range(len(units)) if i not in results]
    results.update(zip(todo, _render_units(catalog, [units[i] for i in todo], charts_enabled, cache, jobs), strict=True))
    if cache is not None:
        cache.prune()
    LAST_RENDER.update(units=len(units), reused=len(units) - len(todo))
    pages: dict[str, bytes] = {}
    add = functools.partial(_add_pages, pages, {})
    for i, (_, _, what) in enumerate(units):
        unit_pages, specs = results.pop(i)
        add(unit_pages, what)
        for key, spec in specs.items():
            charts.specs.setdefault(key, spec)
    return PackedPages(dict(sorted(pages.items()))), charts


def _add_pages(pages: dict[str, bytes], owners: dict[str, str], new: dict[str, bytes], what: str) -> None:
    """Every generated file goes through here, so no page can overwrite another. Validation
    rejects the ids that would clash (reserved names, shared codes); this is the backstop, and it
    stops the build with a problem, not a traceback."""
    clash = sorted(pages.keys() & new.keys())
    if clash:
        raise ValidationFailed([Problem(clash[0], 0, 0, "page-clash",
                                        f"{what} and {owners[clash[0]]} would both be written to {clash[0]}",
                                        "rename the id that makes this path so that each page has its own")])
    pages.update(new)
    owners.update(dict.fromkeys(new, what))


def generate(path: Path, chart_cache: Path | None | bool = True, charts: bool = True,
             fill_charts: bool = True, jobs: int | None = None, reuse: bool | None = None) -> Generated:
    """load → validate → index → render → charts. Raises ValidationFailed if the content has errors.

    Charts are cached by spec hash in `<project>/.cache/charts/` (pass a folder, or False for none);
    pages whose inputs did not change are reused from `<project>/.cache/units/` (`reuse=False`, or
    ROLEBOOK_CACHE=0: render every page).
    With fill_charts=False the pages keep their chart placeholders and `svgs` holds the charts, so
    a caller (the MkDocs plugin) can splice them into the finished HTML instead.
    """
    project, problems = check(path)
    if errors(problems):
        raise ValidationFailed(problems)
    catalog = build_catalog(project)
    reuse = page_cache.enabled() if reuse is None else reuse
    units = UnitCache(project.root, project.root / ".cache" / "units", catalog, charts, today().isoformat()) if reuse else None
    pages, chart_set = render_pages(catalog, charts, jobs, units)
    cache = project.root / ".cache" / "charts" if chart_cache is True else (chart_cache or None)
    svgs = chart_set.render_all(cache)
    if fill_charts:
        pages = PackedPages({path: pack(fill(unpack(packed), svgs)) if path.endswith(".md") else packed
                             for path, packed in pages.packed_items().items()})
    return Generated(catalog, pages, [p for p in problems if p.severity == "warning"], len(svgs), svgs)


def families_phrase(catalog: Catalog) -> str:
    """`in AI & Machine Learning`, `in Data and Design`, or `across 23 families of work`."""
    names = [family.name for family, _ in catalog.roles_by_family]
    if not names:
        return "in this catalog"
    if len(names) <= 3:
        return "in " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])
    return f"across {len(names):,} families of work"


def fill_markers(catalog: Catalog, page_path: str, markdown: str) -> str:
    """A hand-written page's Rolebook markers replaced: the families phrase (as text, Markdown
    escaped) and the roles-by-family listing."""
    if FAMILIES_MARKER not in markdown and HOME_MARKER not in markdown:
        return markdown
    return markers_for(catalog, [page_path]).fill(page_path, markdown)


@dataclass(frozen=True)
class Markers:
    """What fill_markers puts into hand-written pages, made ahead for the pages given: a build that is
    done with the catalog (its pages handed to MkDocs) lets it go and still fills the markers."""

    families: str
    blocks: dict[int, str]  # the roles-by-family listing for a page this many folders deep

    def fill(self, page_path: str, markdown: str) -> str:
        if FAMILIES_MARKER in markdown:
            markdown = markdown.replace(FAMILIES_MARKER, self.families)
        if HOME_MARKER in markdown:
            markdown = markdown.replace(HOME_MARKER, self.blocks[page_path.count("/")])
        return markdown


def markers_for(catalog: Catalog, page_paths: list[str]) -> Markers:
    from .render.text import plain

    depths = sorted({path.count("/") for path in page_paths})
    return Markers(plain(families_phrase(catalog)),
                   {depth: roles_by_family_block(catalog, link_prefix="../" * depth) for depth in depths})


def home_block(catalog: Catalog, page_path: str) -> str:
    """The roles-by-family listing for a hand-written page that holds HOME_MARKER."""
    depth = page_path.count("/")
    return roles_by_family_block(catalog, link_prefix="../" * depth)


def role_nav(catalog: Catalog, pages: Mapping[str, str]) -> list[Any]:
    """Roles → family → role (guide as section index; roadmap, questions, job description, assessment
    and levels under it), then the catalog, compensation, questions, skills by category and compare.

    A family with more than `nav_roles_per_family` roles lists only its family page: Material puts
    the navigation in every page, so a nav that grew with the catalog would make every page grow.
    Pages left out of the nav are still built and linked (see `nav_pages`).
    Titles are HTML-escaped because themes print nav titles unescaped.
    """
    families: list[Any] = []
    for family, entries in catalog.roles_by_family:
        items = []
        if len(entries) <= catalog.nav_roles_per_family:
            for e in entries:
                children: list[Any] = [_page(e.id, "index.md")]
                for name, title in (("roadmap.md", "Learning roadmap"), ("questions.md", "Interview questions"),
                                    ("job-description.md", "Job description"), ("assessment.md", "Skills assessment"),
                                    ("interview-kit.md", "Interview kit")):
                    if _page(e.id, name) in pages:
                        children.append({title: _page(e.id, name)})
                if e.role.levels:
                    children.append({"Levels": [{html.escape(f"{lv.level} · {lv.title}"): level_page(catalog, e.id, lv.level)}
                                                for lv in e.role.levels]})
                items.append({html.escape(e.title): children})
        families.append({html.escape(family.name): [f"families/{family.id}.md", *items]})
    skills: list[Any] = ["skills/index.md"]
    for cid, category in catalog.skill_categories.items():
        members = [{html.escape(s.name): skill_page(s.id)} for s in catalog.skills.values() if s.category == cid]
        if members:
            skills.append({html.escape(category.name): members})
    return [
        {"Roles": ["roles/index.md", *families]},
        {"Catalog": ["catalog/index.md"]},
        {"Compensation": "compensation.md"},
        {"Questions": ["questions/index.md"]},
        {"Skills": skills},
        {"Compare": "compare.md"},
        {"Plan a move": "paths/index.md"},
        {"Find roles": "finder/index.md"},
    ]


def nav_pages(nav: list[Any]) -> set[str]:
    """Every page path named in a nav structure."""
    out: set[str] = set()

    def walk(item: Any) -> None:
        if isinstance(item, str):
            out.add(item)
        elif isinstance(item, list):
            for x in item:
                walk(x)
        elif isinstance(item, dict):
            for x in item.values():
                walk(x)

    walk(nav)
    return out


def content_nav(docs_dir: Path) -> list[Any]:
    """Hand-written pages in a stable order: index first, then files, then folders as sections."""
    def entries(folder: Path, prefix: str) -> list[Any]:
        files = sorted(p for p in folder.glob("*.md"))
        files.sort(key=lambda p: (p.name != "index.md", p.name))
        out: list[Any] = [f"{prefix}{p.name}" for p in files]
        for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
            children = entries(sub, f"{prefix}{sub.name}/")
            if children:
                out.append({sub.name.replace("-", " ").capitalize(): children})
        return out

    nav = entries(docs_dir, "") if docs_dir.is_dir() else []
    return [{"Home": item} if item == "index.md" else item for item in nav]
