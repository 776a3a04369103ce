"""Lifting raw-HTML blocks out of Markdown before conversion changes nothing a reader gets."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import REPO

from rolebook import html_islands
from rolebook.generate import generate, render_pages
from rolebook.index import build_catalog
from rolebook.pipeline import check


def _converter() -> markdown.Markdown:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names, options = [], {}
    for item in config["markdown_extensions"]:
        name, opts = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        options[name] = opts or {}
    return markdown.Markdown(extensions=names, extension_configs=options)


def _body(text: str) -> str:
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


GOLDEN_PROJECT = Path(__file__).parent / "data" / "golden-project"


def _marked_pages() -> dict[str, str]:
    pages = dict(generate(REPO, charts=False).pages)
    project, _ = check(GOLDEN_PROJECT)  # with charts: figure and data-table islands around placeholders
    pages.update({f"golden:{k}": v for k, v in render_pages(build_catalog(project), charts_enabled=True)[0].items()})
    return {path: _body(text) for path, text in pages.items() if html_islands.BEGIN in text}


def test_lifted_pages_convert_to_the_same_html() -> None:
    marked = _marked_pages()
    assert len(marked) >= 20  # every level page of the sample catalog
    assert any("<!--rolebook-chart:" in text for text in marked.values())
    for path, text in marked.items():
        whole = html_islands.strip_markers(_converter().convert(text))
        lifted, islands = html_islands.lift(text)
        assert islands and html_islands.BEGIN not in lifted and html_islands.END not in lifted, path
        landed = html_islands.land(_converter().convert(lifted), islands)
        # a page ending in a raw-HTML block: Python-Markdown keeps the line break after it, a landed island none
        assert landed.removesuffix("\n") == whole.removesuffix("\n"), path


def test_lift_and_land_round_trip_and_ids() -> None:
    text = ("# Title\n\nSome *text*.\n\n<!--rb:html-->\n<table id=\"t\"><tr><td>*not emphasis*</td></tr></table>\n"
            "<!--/rb:html-->\n\nMore.\n")
    lifted, islands = html_islands.lift(text)
    assert islands == ['<table id="t"><tr><td>*not emphasis*</td></tr></table>']
    assert "<!--rolebook-html:0-->" in lifted and "table" not in lifted
    html = html_islands.land(_converter().convert(lifted), islands)
    assert "<td>*not emphasis*</td>" in html and "<em>text</em>" in html and "rolebook-html" not in html
    assert html_islands.anchor_ids(islands) == {"t"}


@pytest.mark.parametrize("text", [
    "<!--rb:html-->\n<p>open</p>\n\nno end marker\n",
    "<p>no start</p>\n<!--/rb:html-->\n",
    "<!--rb:html-->\n<div>\n<!--rb:html-->\n<p>nested</p>\n<!--/rb:html-->\n</div>\n<!--/rb:html-->\n",
    "<!--rb:html-->\n<p>end marker indented</p>\n  <!--/rb:html-->\n",
])
def test_a_broken_marker_pair_stops_the_build(text: str) -> None:
    with pytest.raises(ValueError, match="unpaired or nested"):
        html_islands.lift(text)


def test_an_empty_island_does_not_swallow_the_markdown_after_it() -> None:
    text = "<!--rb:html-->\n<!--/rb:html-->\n\n## Heading\n\n<!--rb:html-->\n<p>x</p>\n<!--/rb:html-->\n"
    lifted, islands = html_islands.lift(text)
    assert islands == ["", "<p>x</p>"] and "## Heading" in lifted
    html = html_islands.land(_converter().convert(lifted), islands)
    assert '<h2 id="heading">Heading' in html and "<p>x</p>" in html


def test_built_level_pages_carry_no_markers_or_placeholders(sample_site: Path) -> None:
    levels = sorted((sample_site / "catalog").glob("*/index.html"))
    assert len(levels) >= 20
    for page in levels:
        html = page.read_text(encoding="utf-8")
        assert "rb:html" not in html and "rolebook-html:" not in html, page
        assert "<table>" in html and 'id="rb-level-code"' in html, page


MARKERS = ["<!--rb:html-->", "<!--/rb:html-->", "<!--rolebook-html:0-->", "<!--rolebook-chart:0123456789abcdef-->",
           "<!-- rolebook:roles-by-family -->"]


@pytest.mark.parametrize("marker", MARKERS)
def test_editor_text_can_never_be_a_marker(marker: str) -> None:
    """Whatever an editor wrote (had the validator let it through), no filter emits a marker: the escapes
    leave no `<!--`, and the verbatim code block indents every line, which lift() does not read as a marker."""
    from rolebook.render.env import environment

    filters = environment().filters
    text = f"{marker}\n{marker} text\n"
    for name in ("t", "h", "fm", "hx"):
        assert "<!--" not in filters[name](text), name
    lifted, islands = html_islands.lift(filters["md"](text))  # an island of its own, holding only escaped text
    assert lifted.strip() == "<!--rolebook-html:0-->" and len(islands) == 1 and "<!--" not in islands[0]
    block = filters["raw_code"](text)
    assert marker in block  # shown verbatim, as the editor wrote it
    page = f"<!--rb:html-->\n<p>island</p>\n<!--/rb:html-->\n\n    ```text\n{block}\n    ```\n"
    lifted, islands = html_islands.lift(page)
    assert islands == ["<p>island</p>"] and marker in lifted


@pytest.mark.parametrize("converted, why", [
    ("<p>intro</p>\n", "not landed: island 0"),  # the converter dropped the placeholder
    ("<pre><code>&lt;!--rolebook-html:0--&gt;</code></pre>\n", "not landed: island 0"),  # or escaped it
    ("<!--rolebook-html:0-->\n<!--rolebook-html:0-->\n", "landed twice: island 0"),
    ("<!--rolebook-html:0-->\n<!--rolebook-html:1-->\n", "no island 1"),
])
def test_landing_checks_every_placeholder(converted: str, why: str) -> None:
    """Each lifted block goes back exactly once: a block lost or doubled on the way is a build error, not a
    page that silently misses its table."""
    with pytest.raises(ValueError, match=why):
        html_islands.land(converted, ["<table><tr><td>pay</td></tr></table>"])


def test_renderer_written_prose_and_composer_blocks_never_reach_markdown() -> None:
    """Editor Markdown (rendered and sanitised into an `rb-prose` block) and the job-description page's
    composer, copy and download blocks are islands: Python-Markdown never parses that HTML again."""
    pages = generate(REPO, charts=False).pages
    prose = [p for p, text in pages.items() if 'class="rb-prose"' in text]
    assert any(p.endswith("/job-description.md") for p in prose) and any(p.endswith("/index.md") for p in prose)
    for path in prose:
        lifted, islands = html_islands.lift(pages[path])
        for block in ('class="rb-prose"', 'class="rb-jd-composer"', 'class="rb-jd-actions"', "<noscript>"):
            assert block not in lifted, (path, block)


_MARKDOWN_BLOCK = re.compile(r"^(\|.*\|$|[-*+] |\d+\. |\*\*[^*\n]+\*\*$)", re.M)  # a table row, list item, bold label line
_RAW_HTML = re.compile(r"^<(?!!--rolebook-)", re.M)  # a raw-HTML block Python-Markdown would parse tag by tag
ISLAND_PAGES = {  # the pages whose lists and tables are written as HTML, and whether any raw HTML is left
    r"roles/[^/]+/index\.md": False, r"roles/[^/]+/job-description\.md": False, r"roles/[^/]+/roadmap\.md": True,
    r"roles/[^/]+/questions\.md": True, r"roles/[^/]+/assessment\.md": True, r"skills/(?!index)[^/]+\.md": True,
    r"questions/(index|page-\d+)\.md": True,
}


@pytest.mark.parametrize("pattern", ISLAND_PAGES)
def test_lists_and_tables_of_catalog_data_reach_the_converter_as_html(pattern: str) -> None:
    """A generated page's lists and tables (skills, ladder, goals, resources, questions, codes) and its
    widgets are HTML we write anyway: written as islands, Python-Markdown does not parse them cell by
    cell or tag by tag (the costliest constructs of a build's Markdown phase). Headings stay Markdown
    for the table of contents and permalinks."""
    pages = generate(REPO, charts=False).pages
    checked = [p for p in pages if re.fullmatch(pattern, p)]
    assert checked, pattern
    for path in checked:
        lifted, _ = html_islands.lift(_body(pages[path]))
        found = _MARKDOWN_BLOCK.findall(lifted) + (_RAW_HTML.findall(lifted) if ISLAND_PAGES[pattern] else [])
        assert not found, (path, found[:3])
        assert re.search(r"^#+ ", lifted, re.M), path  # headings are still Markdown
