"""Render chart specs to SVG at build time (Vega in an embedded V8: offline, no CDN), cached by spec hash.

Renderers only *register* a spec and put a placeholder in the page; `ChartSet.render_all` turns
every distinct spec into SVG once, in worker processes, and fills the placeholders. Unchanged
charts come from the cache folder on the next build, each checked first (see ``cache``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..jobs import can_fork, default_jobs, fork_map
from . import specs as chart_specs
from . import vega_v8
from .cache import read_entry, write_entry

PLACEHOLDER = re.compile(r"<!--rolebook-chart:([0-9a-f]{16})-->")
CHARTS_PER_WORKER = 150  # fewer uncached charts than this per worker: fewer workers (each starts a V8)


def spec_hash(spec: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True, ensure_ascii=True).encode()).hexdigest()[:16]


_TODO: list[tuple[str, dict[str, Any]]] = []  # the (key, spec) pairs a render shares out; forked workers inherit it


def _render_share(share: tuple[int, int]) -> list[str]:
    """Charts start..stop of _TODO, drawn and tidied (in the worker: tidying is a third of the parent's
    time on charts when it is done there, one chart after another)."""
    start, stop = share
    todo = _TODO[start:stop]
    return [tidy_svg(svg, key) for (key, _), svg in zip(todo, vega_v8.render_svgs([spec for _, spec in todo]), strict=True)]


_TAG = re.compile(r"<[^<>]*>")  # text is escaped by the engine: every `<...>` is a tag
_UNUSED = re.compile(r' (?:role|aria-roledescription|aria-label|aria-hidden|pointer-events|version|xmlns:xlink)="[^"]*"'
                     r'| (?:opacity|stroke-width)="1"| transform="translate\(0,0\)"')
_CLASS = re.compile(r' class="(mark-[\w-]+)?[^"]*"')
_DECIMAL = re.compile(r"-?\d+\.\d{3,}")
_FONT = re.compile(r' font-family="([^"]*)"')
_INVISIBLE = re.compile(r'<path d="(?:M0,0h0v0h0Z)?"(?: display="none")?/>')


def _decimals(m: re.Match[str]) -> str:
    return f"{float(m[0]):.2f}".rstrip("0").rstrip(".")


def _lean_tag(m: re.Match[str]) -> str:
    tag = _UNUSED.sub("", m[0])
    tag = _CLASS.sub(lambda c: f' class="{c[1]}"' if c[1] else "", tag)
    return _DECIMAL.sub(_decimals, tag)


def lean_svg(svg: str) -> str:
    """The same drawing in about half the bytes: the page hides a chart from assistive technology
    (`aria-hidden`, its numbers are a table beside it), so the engine's accessibility tree, classes
    (but each mark's kind, `mark-rect`), default values and zero-size shapes go; coordinates keep two
    decimals; one font family is set once on the root (it is inherited). Fill and stroke colours stay:
    the dark palette recolours by them (rolebook.css)."""
    if "xlink:" in svg.replace("xmlns:xlink", ""):
        return svg
    svg = _INVISIBLE.sub("", _TAG.sub(_lean_tag, svg))
    fonts = set(_FONT.findall(svg))
    if len(fonts) == 1:
        font = fonts.pop()
        svg = _FONT.sub("", svg).replace("<svg ", f'<svg font-family="{font}" ', 1)
    return svg


def tidy_svg(svg: str, key: str) -> str:
    """Make an SVG safe to inline several times on one page, the same on every build, and lean.

    Ids are renumbered in order of appearance under the chart's key: the engine numbers gradients
    and clip paths with a process-wide counter, so raw ids depend on what was rendered before.
    The fixed white background is dropped so the page's light or dark palette shows through.
    """
    ids: dict[str, str] = {}

    def new_id(old: str) -> str:
        return ids.setdefault(old, f"c{key}-{len(ids)}")

    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{new_id(m.group(1))}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{new_id(m.group(1))})", svg)
    svg = re.sub(r'<rect width="[\d.]+" height="[\d.]+" fill="white"/>', "", svg, count=1)
    return lean_svg(svg).replace("<svg ", '<svg focusable="false" aria-hidden="true" ', 1)


class ChartSet:
    """The charts of one generation: spec by hash, rendered together at the end."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.specs: dict[str, dict[str, Any]] = {}

    def add(self, spec: dict[str, Any]) -> Markup:
        """Register a chart; its placeholder(s) for the page. A chart made by `specs` comes in a wide and
        a narrow variant, each in a box CSS shows at its own screen widths (rolebook.css)."""
        parts = []
        for size, variant in chart_specs.variants(spec).items():
            key = spec_hash(variant)
            self.specs.setdefault(key, variant)
            parts.append(f"<!--rolebook-chart:{key}-->" if size == "any"
                         else f'<div class="rb-chart__{size}"><!--rolebook-chart:{key}--></div>')
        return Markup("".join(parts))

    def render_all(self, cache_dir: Path | None) -> dict[str, str]:
        svgs: dict[str, str] = {}
        todo = []
        for key in sorted(self.specs):
            cached = read_entry(cache_dir, key) if cache_dir else None
            if cached is not None:
                svgs[key] = cached
            else:
                todo.append(key)
        for key, svg in zip(todo, self._render(todo), strict=True):
            svgs[key] = svg
            if cache_dir:
                write_entry(cache_dir, key, svgs[key])
        return svgs

    def _render(self, keys: list[str]) -> list[str]:
        """Tidied SVGs (tidy_svg) for `keys`, in order. V8 runs only in forked workers, never in the
        building process (which forks again later for MkDocs' page workers); in-process where fork is
        unavailable."""
        if not keys:
            return []
        _TODO[:] = [(k, self.specs[k]) for k in keys]
        try:
            if not can_fork():
                return _render_share((0, len(keys)))
            workers = max(1, min(default_jobs(), len(keys) // CHARTS_PER_WORKER))
            size = -(-len(keys) // workers)
            shares = [(i, min(i + size, len(keys))) for i in range(0, len(keys), size)]
            return [svg for part in fork_map(_render_share, shares, len(shares)) for svg in part]
        finally:
            _TODO.clear()


def fill(text: str, svgs: Mapping[str, str]) -> str:
    """Replace chart placeholders in a page with their SVG."""
    # A placeholder with no chart (typed into a hand-written page, say) stays the HTML comment it is.
    return PLACEHOLDER.sub(lambda m: svgs.get(m.group(1), m.group(0)), text)
