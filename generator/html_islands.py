"""Raw-HTML islands: finished HTML blocks that skip the Markdown converter.

Generated pages are Markdown with large blocks of raw HTML (tables, lists, badges). MkDocs runs
every page through Python-Markdown, whose raw-HTML handling parses those blocks character by
character only to pass them through unchanged: on a catalog level page that is half the page's
build time. A renderer marks such a block with two comment lines,

    <!--rb:html-->
    <table>…</table>
    <!--/rb:html-->

and the plugin *lifts* each marked block out before conversion (leaving a one-line placeholder),
then *lands* it back into the converted HTML. The result is what Markdown would have produced, minus
the marker comments; a page converted without the plugin shows the same HTML with them.

Rules for a marked block: both markers alone on their line at column 0; the block starts with a
block-level tag (`<table>`, `<ul>`, `<div>`, `<figure>`, `<details>`, `<p>`…), as Markdown would
otherwise wrap it in a paragraph; no markers inside it. Only renderer-written HTML is marked; editor
text inside it is escaped as in any raw-HTML context. A marker left unpaired is a renderer bug and
stops the build.

Editor text can never be a marker: the validator refuses `<!--rb` and `<!--rolebook` in every text
field, every renderer escape turns `<` into an entity, and the one verbatim form (the job-description
template shown as a code block, `raw_code`) indents every line, so it never holds a line that *is* a
marker: only a marker alone on its line at column 0 counts.
"""

from __future__ import annotations

import re
from collections import Counter

BEGIN, END = "<!--rb:html-->", "<!--/rb:html-->"
_SLOT = re.compile(r"<!--rolebook-html:(\d+)-->")
_MARKER = re.compile(r"^[ \t]*<!--/?rb:html-->[ \t]*\n?", re.M)
_MARKER_LINE = re.compile(r"^<!--(/?)rb:html-->[ \t]*$", re.M)
_ID = re.compile(r"""\sid=["']([^"']*)["']""")


def lift(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each marked block replaced by a placeholder, and the blocks in order."""
    islands: list[str] = []
    out: list[str] = []
    done = 0  # the page up to here is in out
    start: int | None = None  # where the open island's block starts
    for marker in _MARKER_LINE.finditer(markdown):
        if (marker.group(1) == "") != (start is None):  # a begin inside an island, or an end outside one
            line = markdown.count("\n", 0, marker.start()) + 1
            raise ValueError(f"unpaired or nested raw-HTML island marker near line {line} of the page")
        if start is None:
            out.append(markdown[done:marker.start()])
            start = marker.end() + 1
        else:
            islands.append(markdown[start:marker.start()].strip("\n"))
            out.append(f"<!--rolebook-html:{len(islands) - 1}-->")
            done, start = marker.end(), None
    if start is not None:
        line = markdown.count("\n", 0, start) + 1
        raise ValueError(f"unpaired or nested raw-HTML island marker near line {line - 1} of the page")
    out.append(markdown[done:])
    return "".join(out), islands


def land(html: str, islands: list[str]) -> str:
    """Converted HTML with each placeholder replaced by its block. Every block must land exactly once:
    a placeholder the converter dropped, escaped or repeated would lose or double a table, so it is a
    ValueError (a Rolebook bug, reported as such by the plugin), never a page quietly missing a block."""
    if not islands:
        return html
    landed = Counter[int]()

    def put(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n >= len(islands):
            raise ValueError(f"placeholder for no island {n} (the page has {len(islands)})")
        landed[n] += 1
        return islands[n]

    out = _SLOT.sub(put, html)
    missing = [n for n in range(len(islands)) if not landed[n]]
    if missing:
        raise ValueError(f"raw-HTML block(s) not landed: island {', '.join(map(str, missing))} "
                         "(the Markdown converter dropped or escaped the placeholder)")
    twice = sorted(n for n, count in landed.items() if count > 1)
    if twice:
        raise ValueError(f"raw-HTML block(s) landed twice: island {', '.join(map(str, twice))}")
    return out


def anchor_ids(islands: list[str]) -> set[str]:
    """Element ids inside the blocks (MkDocs validates links to anchors against them)."""
    return {m.group(1) for block in islands for m in _ID.finditer(block)}


def strip_markers(text: str) -> str:
    """The marker comment lines removed: what a lifted-and-landed page contains."""
    return _MARKER.sub("", text)
