"""MkDocs internals used by the parallel build live in mkdocs_private, behind an exact version pin."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from rolebook import mkdocs_private, parallel_build, plugin, preview, preview_pages

SOURCES = {Path(m.__file__).name: Path(m.__file__).read_text(encoding="utf-8") for m in (parallel_build, preview_pages, preview, plugin)}


def test_installed_versions_are_the_pinned_ones() -> None:
    """Fails when MkDocs is upgraded: re-check the internals (see mkdocs_private's docstring), then move the pin."""
    installed = {name: importlib.metadata.version(name) for name in mkdocs_private.PINS}
    assert installed == mkdocs_private.PINS, (
        f"installed {installed} differ from mkdocs_private.PINS {mkdocs_private.PINS}: the parallel build now falls back "
        "to MkDocs' serial build; check each internal in generator/mkdocs_private.py against the new release and "
        "run tests/test_parallel_build.py before updating PINS")


def test_parallel_build_touches_no_private_name_itself() -> None:
    """Neither the parallel build, the preview (its page rebuild repeats the build's steps) nor the plugin reaches MkDocs internals."""
    for name, source in SOURCES.items():
        private = re.findall(r"\b(?:mkbuild|config|page|utils|files|nav|env|server)\._[a-z]\w*|\bmkbuild\.get_context\b"
                             r"|\b_serve_url\b|_inject_js_into_html|_visible_epoch", source)
        assert not private, f"{name} uses MkDocs internals directly; move them into mkdocs_private.py: {private}"


def test_another_version_falls_back_to_the_serial_build_with_one_warning(monkeypatch: pytest.MonkeyPatch,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(mkdocs_private, "PINS", {"mkdocs": "0.0.1"})
    monkeypatch.setattr(mkdocs_private, "_warned", [])
    serial: list[object] = []
    monkeypatch.setattr(parallel_build.mkbuild, "build", lambda config, serve_url=None: serial.append(config))
    monkeypatch.setattr(parallel_build, "can_fork", lambda: True)
    config = SimpleNamespace(plugins={"rolebook": None})
    parallel_build.build(config, 4)  # type: ignore[arg-type]
    parallel_build.build(config, 4)  # type: ignore[arg-type]
    assert serial == [config, config]
    lines = capsys.readouterr().err.strip().splitlines()
    installed = importlib.metadata.version("mkdocs")
    assert lines == [f"rolebook: warning: mkdocs {installed} (pinned 0.0.1): building pages one at a time with MkDocs' "
                     "own build (the parallel build is checked against the pinned version only)"]


def test_pages_are_converted_by_one_reused_converter_as_mkdocs_converts_them(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The read phase converts page after page with one Markdown converter (reset between pages), and each
    page gets what MkDocs' own Page.render gives it: HTML, table of contents, title, anchors, links."""
    import markdown
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    docs = tmp_path / "docs"
    docs.mkdir()
    sources = {
        "a.md": "# A page\n\n## Part one\n\n!!! note\n    Text with a [link](b.md#part-two).\n\n```python\nx = 1\n```\n\n"
                "[ref]: https://example.org/\n",
        "b.md": "# B page\n\n## Part two\n\n<div id=\"raw\">raw</div>\n\n??? tip \"More\"\n    Hidden *text*.\n",
        "c.md": "No heading, [back](a.md#part-one), [ref] is a.md's.\n\n| x | y |\n|---|---|\n| 1 | 2 |\n",
    }
    for name, text in sources.items():
        (docs / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions: [toc, tables, admonition, pymdownx.details, pymdownx.highlight, "
        "pymdownx.superfences]\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = Files([File(name, str(docs), str(tmp_path / "site"), False) for name in sources])

    def converted(render: object) -> list[tuple[object, ...]]:
        out = []
        for file in files:
            page = Page(None, file, config)
            page.read_source(config)
            render(page, config, files)  # type: ignore[operator]
            out.append((page.content, str(page.toc), mkdocs_private.title_from_render(page),
                        sorted(page.present_anchor_ids or ()), page.links_to_anchors))
        return out

    built = []
    real_init = markdown.Markdown.__init__
    monkeypatch.setattr(markdown.Markdown, "__init__", lambda self, *a, **k: (built.append(1), real_init(self, *a, **k))[1])
    theirs = converted(Page.render)
    made_by_mkdocs = len(built)
    mkdocs_private._converters.clear()
    looked_up: list[str] = []  # installed versions are read once per converter, not for every page
    real_version = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: (looked_up.append(name), real_version(name))[1])
    ours = converted(mkdocs_private.render_page) + converted(mkdocs_private.render_page)  # twice: no state left over
    assert ours == theirs + theirs
    assert made_by_mkdocs == 3 and len(built) - made_by_mkdocs == 1
    assert len(looked_up) <= len(mkdocs_private.CONVERTER_PINS), looked_up
