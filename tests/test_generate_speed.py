"""Work that generate() and check() do once, not once per page or per file: the results stay the same."""

from __future__ import annotations

import os
import posixpath
import uuid

import pytest

from rolebook.render import text
from rolebook.render.links import page_link, page_url


def test_the_same_editor_markdown_is_converted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    convert = text._MD.convert
    monkeypatch.setattr(text._MD, "convert", lambda value: calls.append(value) or convert(value))
    source = f"A *question* {uuid.uuid4()} with a [link](https://example.org)."
    first = text.markdown_html(source)
    assert text.markdown_html(source) == first
    assert text.markdown_block(source) == f'\n<div class="rb-prose">\n{first}\n</div>\n'
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
