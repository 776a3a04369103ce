"""Render chart specs to SVG at build time (vl-convert: offline, no CDN), with a cache by spec hash.

Renderers only *register* a spec and put a placeholder in the page; `ChartSet.render_all` turns
every distinct spec into SVG once (in parallel when there are many) and fills the placeholders.
Unchanged charts come from the cache folder on the next build.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..jobs import default_jobs

PLACEHOLDER = re.compile(r"<!--rolebook-chart:([0-9a-f]{16})-->")
PARALLEL_FROM = 40  # below this many uncached charts, one process is faster than starting a pool
CACHE_VERSION = "v2"  # raise when tidy_svg changes, so old cached charts are not reused


def spec_hash(spec: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True, ensure_ascii=True).encode()).hexdigest()[:16]


def _to_svg(spec: dict[str, Any]) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(spec)


def _to_svg_batch(specs: list[dict[str, Any]]) -> list[str]:
    return [_to_svg(s) for s in specs]


def tidy_svg(svg: str, key: str) -> str:
    """Make an SVG safe to inline several times on one page and the same on every build.

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
    return svg.replace("<svg ", '<svg focusable="false" aria-hidden="true" ', 1)


class ChartSet:
    """The charts of one generation: spec by hash, rendered together at the end."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.specs: dict[str, dict[str, Any]] = {}

    def add(self, spec: dict[str, Any]) -> Markup:
        key = spec_hash(spec)
        self.specs.setdefault(key, spec)
        return Markup(f"<!--rolebook-chart:{key}-->")

    def render_all(self, cache_dir: Path | None) -> dict[str, str]:
        svgs: dict[str, str] = {}
        todo = []
        for key in sorted(self.specs):
            cached = cache_dir / f"{CACHE_VERSION}-{key}.svg" if cache_dir else None
            if cached and cached.is_file():
                svgs[key] = cached.read_text(encoding="utf-8")
            else:
                todo.append(key)
        for key, svg in zip(todo, self._render(todo)):
            svgs[key] = tidy_svg(svg, key)
            if cache_dir:
                cache_dir.mkdir(parents=True, exist_ok=True)
                tmp = cache_dir / f".{key}.{os.getpid()}.tmp"
                tmp.write_text(svgs[key], encoding="utf-8")
                os.replace(tmp, cache_dir / f"{CACHE_VERSION}-{key}.svg")
        return svgs

    def _render(self, keys: list[str]) -> list[str]:
        specs = [self.specs[k] for k in keys]
        workers = default_jobs()
        if len(specs) < PARALLEL_FROM or workers < 2:
            return _to_svg_batch(specs)
        chunks = [specs[i::workers] for i in range(workers)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_to_svg_batch, chunks))
        out: list[str] = [""] * len(specs)
        for w, chunk in enumerate(results):
            for j, svg in enumerate(chunk):
                out[w + j * workers] = svg
        return out


def fill(text: str, svgs: dict[str, str]) -> str:
    """Replace chart placeholders in a page with their SVG."""
    return PLACEHOLDER.sub(lambda m: svgs[m.group(1)], text)
