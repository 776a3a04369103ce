"""Work that generate() and check() do once, not once per page or per file: the results stay the same."""

from __future__ import annotations

import os
import posixpath
import uuid

import pytest

from rolebook.html_islands import BEGIN, END
from rolebook.render import text
from rolebook.render.links import page_link, page_url


def test_the_same_editor_markdown_is_converted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    convert = text._MD.convert
    monkeypatch.setattr(text._MD, "convert", lambda value: calls.append(value) or convert(value))
    source = f"A *question* {uuid.uuid4()} with a [link](https://example.org)."
    first = text.markdown_html(source)
    assert text.markdown_html(source) == first
    assert text.markdown_block(source) == f'\n{BEGIN}\n<div class="rb-prose">\n{first}\n</div>\n{END}\n'
    assert calls == [source]
    assert "<em>question</em>" in first and 'rel="noopener noreferrer nofollow"' in first


PAGES = ["index.md", "compare.md", "roles/index.md", "roles/ai-engineer/index.md", "roles/ai-engineer/pay.md",
         "roles/ai-engineer/pay/page-2.md", "catalog/aiml.ae.p3.md", "skills/python.md", "families/data.md"]


@pytest.mark.parametrize("html", [False, True])
def test_page_links_are_worked_out_without_the_working_folder(monkeypatch: pytest.MonkeyPatch, html: bool) -> None:
    def expected(a: str, b: str) -> str:  # the formula the links were made with before
        if html:
            rel = posixpath.relpath(page_url(b) or ".", page_url(a) or ".")
            return rel if rel.endswith("/") else rel + "/"
        return posixpath.relpath(b, posixpath.dirname(a) or ".")

    wanted = {(a, b): expected(a, b) for a in PAGES for b in PAGES}
    getattr(page_link, "cache_clear", lambda: None)()  # nothing remembered from other tests
    asked = []
    getcwd = os.getcwd
    monkeypatch.setattr(os, "getcwd", lambda: asked.append(1) or getcwd())
    links = {(a, b): page_link(a, b, html=html) for a in PAGES for b in PAGES}
    monkeypatch.undo()
    assert links == wanted
    assert not asked, "page_link asked the operating system for the working folder"


PLAIN = ["", "~", "null", "Null", "NULL", "nULL", "<<", "=", "!", "&", "*", "yes", "No", "on", "OFF", "0123", "1.5",
         ".inf", ".NaN", "-3", "+2", "0x1F", "0o7", "1_000", "1:30", "2024-01-01", "2001-12-14t21:59:43.10-05:00",
         "text", "Text #1", "= x", "<< x", "!x", "ok"]


@pytest.mark.parametrize("fast", [True, False])
def test_plain_scalars_are_read_without_yamls_type_guessing(monkeypatch: pytest.MonkeyPatch, fast: bool) -> None:
    """Every plain scalar stays text (but null, `<<` and the tags refused), so YAML 1.1's regular
    expressions for bools, numbers and dates are not tried on each of a catalog's 800,000 scalars;
    what the reader returns, and what it refuses, is what YAML's own resolver gave."""
    import yaml

    from rolebook.load import yaml_reader
    from rolebook.problems import ContentError

    def read(value: str) -> object:
        try:
            return yaml_reader.parse_yaml("x.yaml", f"key: {value}\n" if value != "<<" else "<<: 1\n").data
        except ContentError as exc:
            return exc.problems[0].code

    monkeypatch.setattr(yaml_reader, "FAST", fast)
    resolver = yaml.resolver.BaseResolver.resolve
    expected = {}
    for value in PLAIN:  # what the reader gives with YAML's own resolver
        monkeypatch.setattr(yaml_reader._CLoader, "resolve", resolver, raising=False)
        monkeypatch.setattr(yaml_reader._Loader, "resolve", resolver, raising=False)
        expected[value] = read(value)
    monkeypatch.undo()
    monkeypatch.setattr(yaml_reader, "FAST", fast)
    guessed = []
    monkeypatch.setattr(yaml.resolver.BaseResolver, "resolve", lambda *a: guessed.append(a[2]) or resolver(*a))
    assert {value: read(value) for value in PLAIN} == expected
    assert expected["null"] == {"key": None} and expected["yes"] == {"key": "yes"} and expected["="] == "yaml-tag"
    assert "<<" not in guessed and "yes" not in guessed and "2024-01-01" not in guessed


def test_plain_text_is_escaped_once_per_value_and_only_text_is_remembered() -> None:
    class Kind(str):  # equal to "ai" yet printed "Kind.AI": must not share "ai"'s entry
        def __str__(self) -> str:
            return "Kind.AI"

    value = f"Pay & <b>benefits</b> {uuid.uuid4()}"
    assert text.plain(value) is text.plain(value)
    assert text.plain(value).startswith("Pay &#38; &#60;b&#62;benefits&#60;/b&#62;")
    assert text.plain("ai") == "ai" and text.plain(Kind("ai")) == "Kind&#46;AI"
    assert text.plain(3.5) == "3&#46;5" and text.plain(["a b"]) == "&#91;'a b'&#93;"


def test_chart_label_widths_are_measured_once_per_text() -> None:
    from rolebook.charts import specs

    label = f"Principal Machine Learning Engineer {uuid.uuid4()}"
    widths, upm = specs._advances()
    assert specs.text_width(label) == sum(widths.get(c, upm * 0.6) for c in label) / upm * specs.LABEL_SIZE
    assert specs.text_width(label) is specs.text_width(label)  # remembered, not summed again


def test_raw_html_text_is_escaped_once_per_value_and_only_text_is_remembered() -> None:
    """`html_attr` (every `| h` of a template: titles, codes, labels in raw HTML) is called hundreds of
    thousands of times at 1,000 roles with the same few thousand values."""
    class Kind(str):
        def __str__(self) -> str:
            return "<Kind>"

    value = f'Pay & "benefits" <b> {uuid.uuid4()}'
    assert text.html_attr(value) is text.html_attr(value)
    assert text.html_attr(value).startswith("Pay &amp; &quot;benefits&quot; &lt;b&gt;")
    assert text.html_attr("a") == "a" and text.html_attr(Kind("a")) == "&lt;Kind&gt;" and text.html_attr(2) == "2"
