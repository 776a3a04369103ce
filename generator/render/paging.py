"""Listings that grow with the catalog are split into numbered pages of a fixed size.

Page 1 keeps the listing's own address; page n lives below it: `catalog/index.md` →
`catalog/page-2.md`, `families/data.md` → `families/data/page-2.md`. No generated page then grows
with the number of roles (the benchmark checks the largest page).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from markupsafe import Markup

from .links import page_link, page_url

T = TypeVar("T")


def chunked(items: Sequence[T], size: int) -> list[list[T]]:
    """`items` in runs of `size` (one empty run for an empty listing, so page 1 always exists)."""
    return [list(items[i:i + size]) for i in range(0, len(items), size)] or [[]]


def page_paths(first: str, count: int) -> list[str]:
    base = page_url(first)
    return [first] + [f"{base}page-{n}.md" for n in range(2, count + 1)]


def pager(paths: list[str], current: int, total: int, size: int, label: str) -> dict[str, Any] | None:
    """What `_pager.md.j2` shows on page `current` (1-based); None when there is one page."""
    if len(paths) < 2:
        return None
    here = paths[current - 1]
    first = (current - 1) * size + 1
    return {
        "label": label, "current": current, "count": len(paths),
        "first": first, "last": min(total, current * size), "total": total,
        "links": _window(paths, here, current),
        "prev": Markup(page_link(here, paths[current - 2], html=True)) if current > 1 else None,
        "next": Markup(page_link(here, paths[current], html=True)) if current < len(paths) else None,
    }


def _window(paths: list[str], here: str, current: int, around: int = 2) -> list[dict[str, Any]]:
    """Links to the first, the last and the pages near the current one, with gaps marked, so the
    pager itself stays the same size however many pages there are."""
    shown = sorted({1, len(paths), *range(max(1, current - around), min(len(paths), current + around) + 1)})
    out: list[dict[str, Any]] = []
    for n in shown:
        if out and n - out[-1]["n"] > 1:
            out.append({"n": None, "gap": True})
        out.append({"n": n, "href": Markup(page_link(here, paths[n - 1], html=True)), "current": n == current, "gap": False})
    return out
