"""Lifting raw-HTML blocks out of Markdown before conversion changes nothing a reader gets."""

from __future__ import annotations

from pathlib import Path

import markdown
import yaml

from generator import html_islands
from generator.generate import generate

from conftest import REPO


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


def test_lifted_pages_convert_to_the_same_html() -> None:
    pages = generate(REPO, charts=False).pages
    marked = {path: _body(text) for path, text in pages.items() if html_islands.BEGIN in text}
    assert len(marked) >= 20  # every level page of the sample catalog
    for path, text in marked.items():
        whole = html_islands.strip_markers(_converter().convert(text))
        lifted, islands = html_islands.lift(text)
        assert islands and html_islands.BEGIN not in lifted and html_islands.END not in lifted, path
        landed = html_islands.land(_converter().convert(lifted), islands)
        assert landed == whole, path


def test_lift_and_land_round_trip_and_ids() -> None:
    text = ("# Title\n\nSome *text*.\n\n<!--rb:html-->\n<table id=\"t\"><tr><td>*not emphasis*</td></tr></table>\n"
            "<!--/rb:html-->\n\nMore.\n")
    lifted, islands = html_islands.lift(text)
    assert islands == ['<table id="t"><tr><td>*not emphasis*</td></tr></table>']
    assert "<!--rolebook-html:0-->" in lifted and "table" not in lifted
    html = html_islands.land(_converter().convert(lifted), islands)
    assert "<td>*not emphasis*</td>" in html and "<em>text</em>" in html and "rolebook-html" not in html
    assert html_islands.anchor_ids(islands) == {"t"}


def test_unclosed_marker_is_left_to_markdown() -> None:
    text = "<!--rb:html-->\n<p>open</p>\n\nno end marker\n"
    lifted, islands = html_islands.lift(text)
    assert islands == [] and lifted == text


def test_built_level_pages_carry_no_markers_or_placeholders(sample_site: Path) -> None:
    levels = sorted((sample_site / "catalog").glob("*/index.html"))
    assert len(levels) >= 20
    for page in levels:
        html = page.read_text(encoding="utf-8")
        assert "rb:html" not in html and "rolebook-html:" not in html, page
        assert "<table>" in html and 'id="rb-level-code"' in html, page
