"""The pure entry point: a project folder → {page path: Markdown}, plus the navigation for it."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .index import Catalog, build_catalog
from .models.common import SLUG_PATTERN
from .pipeline import ValidationFailed, check
from .problems import Problem, errors
from .render.role_pages import career_guide, job_description, roles_by_family_block, roles_index

HOME_MARKER = "<!-- rolebook:roles-by-family -->"


@dataclass(frozen=True)
class Generated:
    """The result of one generation: the catalog, its pages, and the warnings seen."""

    catalog: Catalog
    pages: dict[str, str]
    warnings: list[Problem]


def _page(role_id: str, name: str) -> str:
    if not re.fullmatch(SLUG_PATTERN, role_id):
        raise ValueError(f"unsafe role id {role_id!r}")
    return f"roles/{role_id}/{name}"


def render_pages(catalog: Catalog) -> dict[str, str]:
    """Every generated page, keyed by its path under docs_dir (sorted, so output order is stable)."""
    pages = {"roles/index.md": roles_index(catalog)}
    for role_id, entry in catalog.roles.items():
        pages[_page(role_id, "index.md")] = career_guide(catalog, role_id)
        if entry.role.job_description:
            pages[_page(role_id, "job-description.md")] = job_description(catalog, role_id)
    return dict(sorted(pages.items()))


def generate(path: Path) -> Generated:
    """load → validate → index → render. Raises ValidationFailed if the content has errors."""
    project, problems = check(path)
    if errors(problems):
        raise ValidationFailed(problems)
    catalog = build_catalog(project)
    return Generated(catalog, render_pages(catalog), [p for p in problems if p.severity == "warning"])


def home_block(catalog: Catalog, page_path: str) -> str:
    """The roles-by-family listing for a hand-written page that holds HOME_MARKER."""
    depth = page_path.count("/")
    return roles_by_family_block(catalog, link_prefix="../" * depth + "roles/")


def role_nav(catalog: Catalog, pages: dict[str, str]) -> list[Any]:
    """Roles → family → role (career guide as the section index, job description under it).

    Titles are HTML-escaped because themes print nav titles unescaped.
    """
    families: list[Any] = []
    for family, entries in catalog.roles_by_family:
        items = []
        for e in entries:
            children: list[Any] = [_page(e.id, "index.md")]
            if _page(e.id, "job-description.md") in pages:
                children.append({"Job description": _page(e.id, "job-description.md")})
            items.append({html.escape(e.title): children})
        families.append({html.escape(family.name): items})
    return [{"Roles": ["roles/index.md", *families]}]
