"""Where each generated page lives, and relative links between pages (one place for both)."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

from ..index import Catalog
from ..models.common import SLUG_PATTERN

_CODE = re.compile(r"^[A-Z0-9]+(\.[A-Z0-9]+)*$")


def _slug(value: str) -> str:
    if not re.fullmatch(SLUG_PATTERN, value):
        raise ValueError(f"unsafe id {value!r}")
    return value


def role_page(role_id: str, name: str) -> str:
    return f"roles/{_slug(role_id)}/{name}"


def level_page(catalog: Catalog, role_id: str, level_id: str) -> str:
    code = catalog.level_code(role_id, level_id)
    if not _CODE.fullmatch(code):
        raise ValueError(f"unsafe level code {code!r}")
    return f"catalog/{code.lower()}.md"


def skill_page(skill_id: str) -> str:
    return f"skills/{_slug(skill_id)}.md"


def page_url(page: str) -> str:
    """The built, directory-style URL of a docs page relative to the site root: `a/b.md` is `a/b/`,
    `a/index.md` is `a/`, the home page `index.md` is `` (the one place this mapping is written)."""
    if not page.endswith(".md"):
        raise ValueError(f"not a page: {page!r}")
    return page[: -len("index.md")] if page == "index.md" or page.endswith("/index.md") else page[:-3] + "/"


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for two paths under the docs folder, as if it were the root (`/`): the same
    result without asking the operating system for the working folder on each of a build's links."""
    return posixpath.relpath("/" + path, "/" + start)


@lru_cache(maxsize=65536)
def page_link(from_page: str, to_page: str, *, html: bool = False) -> str:
    """Relative link between two docs pages. Markdown links keep `.md` (MkDocs checks and rewrites
    them); links in raw HTML are written as the built URL (directory style)."""
    if html:
        rel = _relpath(page_url(to_page) or ".", page_url(from_page) or ".")
        return rel + "/" if not rel.endswith("/") else rel
    return _relpath(to_page, posixpath.dirname(from_page) or ".")


def file_link(from_page: str, file_path: str) -> str:
    """Relative URL from a page (as built, directory style) to a static file such as a JSON file."""
    return posixpath.relpath(file_path, page_url(from_page) or ".")


def page_sources(catalog: Catalog) -> dict[str, str]:
    """The file each generated page is made from, relative to the project root, for "edit this page":
    a role's pages and its level pages come from roles/<id>.yaml. Pages made from the whole catalog
    (indexes, the question bank, compare, skills) have no single source and are not listed."""
    out: dict[str, str] = {}
    for role_id, entry in catalog.roles.items():
        for name in ("index.md", "job-description.md", "assessment.md", "questions.md", "roadmap.md", "pay.md"):
            out[role_page(role_id, name)] = entry.path
        for level in entry.role.levels:
            out[level_page(catalog, role_id, level.level)] = entry.path
    return out
