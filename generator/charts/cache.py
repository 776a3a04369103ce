"""The chart cache: one file per chart, checked before it is used.

An entry is ``<dir>/<version>-<key>.svg``: a header line with a BLAKE2b digest of the chart's key and
SVG, then the SVG. A cached chart is spliced into pages as it is, so an entry is used only when

* it is a regular file whose digest matches (an edited, truncated, emptied or swapped entry does not),
* it is UTF-8, and
* it parses as an SVG made only of the elements and attributes the chart engine draws with: no
  script, event handler, link, style sheet, foreign object, comment, CDATA or processing
  instruction, and no url() that leaves the document (so even an entry forged with a fresh digest
  cannot carry code into a page).

Anything else is rendered again. The cache only saves time: an entry that cannot be written (a
folder or a link in its place, a read-only or full disk) is skipped, and nothing that Rolebook did
not write is removed or replaced.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..load.safe_files import read_cache_entry, write_cache_entry

VERSION = "v5"  # raise when tidy_svg, the engine or the entry format changes, so old entries are not reused
MAX_ENTRY_BYTES = 4 * 1024 * 1024
SVG_NS = "{http://www.w3.org/2000/svg}"
ALLOWED_TAGS = frozenset({
    "svg", "g", "path", "rect", "line", "circle", "ellipse", "polyline", "polygon", "text", "tspan",
    "defs", "clipPath", "linearGradient", "radialGradient", "stop",
})
_HEADER = re.compile(rb"<!--rolebook-chart-cache blake2b=([0-9a-f]{64})-->")
_URL = re.compile(r"url\(\s*(?!#)", re.IGNORECASE)


def entry_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"{VERSION}-{key}.svg"


def _digest(key: str, body: bytes) -> str:
    return hashlib.blake2b(key.encode("ascii") + b"\n" + body, digest_size=32).hexdigest()


def is_chart_svg(svg: str) -> bool:
    """True when `svg` is one SVG element drawn only with the engine's plain shapes and text."""
    if "<!" in svg or "<?" in svg or not svg.startswith("<svg ") or not svg.rstrip().endswith("</svg>"):
        return False
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return False
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.tag.startswith(SVG_NS):
            return False
        if element.tag[len(SVG_NS):] not in ALLOWED_TAGS:
            return False
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on") or local in {"href", "style", "src"} or _URL.search(value) \
                    or "javascript:" in value.lower():
                return False
    return True


def usable(cache_dir: Path) -> bool:
    """The cache folder and the one holding it are real folders or missing, never links: a committed
    `.cache -> /elsewhere` must not lead reads or writes out of the project."""
    return not any(os.path.islink(p) or (os.path.lexists(p) and not os.path.isdir(p))
                   for p in (cache_dir, cache_dir.parent))


def read_entry(cache_dir: Path, key: str) -> str | None:
    """The cached SVG for `key`, or None when there is none or it does not verify."""
    path = entry_path(cache_dir, key)
    if not usable(cache_dir):
        return None
    raw = read_cache_entry(path, MAX_ENTRY_BYTES)
    if raw is None:
        return None
    header, newline, body = raw.partition(b"\n")
    match = _HEADER.fullmatch(header)
    if not newline or not match or not hmac.compare_digest(match[1].decode("ascii"), _digest(key, body)):
        return None
    try:
        svg = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return svg if is_chart_svg(svg) else None


def write_entry(cache_dir: Path, key: str, svg: str) -> None:
    """Store `svg` for `key` (atomically); skip it when the cache cannot take it."""
    path = entry_path(cache_dir, key)
    body = svg.encode("utf-8")
    if not usable(cache_dir):
        return
    write_cache_entry(path, b"<!--rolebook-chart-cache blake2b=" + _digest(key, body).encode("ascii") + b"-->\n" + body)
