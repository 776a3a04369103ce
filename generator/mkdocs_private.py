"""The MkDocs internals the parallel build (parallel_build) relies on, in one place, behind an exact pin.

parallel_build runs the steps of `mkdocs.commands.build.build` itself, so it touches names MkDocs does
not document: the per-page title a conversion sets, the page conversion itself (render_page: MkDocs'
per-page Markdown processors on one reused converter), the page being built, the theme- and extra-
template builders, the build context and the warning counter; and the live preview (preview,
preview_pages, the plugin's problems page) reaches into MkDocs' LiveReloadServer: its address, its
rebuild request and its reload script. They are read and written only here.
With any other MkDocs version than the pin, `usable()` is False and the build falls back to MkDocs'
own serial build (one warning line), so a changed internal can never make a wrong site.

Material for MkDocs: no internal is used (the site search is Pagefind, run over the finished HTML).

To move to a new MkDocs: install it, read `mkdocs/commands/build.py` and `mkdocs/structure/pages.py`
for each name below, run `pytest tests/test_parallel_build.py tests/test_mkdocs_private.py` (the first
compares the parallel output with MkDocs' serial build byte for byte), then update PINS.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import sys
import zlib
from typing import Any

import markdown
from mkdocs import utils
from mkdocs.commands import build as _build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as _pages
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .packed_pages import unpack

PINS = {"mkdocs": "1.6.1"}

_warned: list[str] = []


def mismatches() -> list[str]:
    """Each pinned distribution whose installed version differs: 'mkdocs 1.6.2 (pinned 1.6.1)'."""
    out = []
    for name, pinned in PINS.items():
        try:
            found = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found = "not installed"
        if found != pinned:
            out.append(f"{name} {found} (pinned {pinned})")
    return out


def usable() -> bool:
    """The internals below may be used; otherwise one warning line (once per process)."""
    wrong = mismatches()
    if wrong and not _warned:
        _warned.append(", ".join(wrong))
        print(f"rolebook: warning: {_warned[0]}: building pages one at a time with MkDocs' own build "
              "(the parallel build is checked against the pinned version only)", file=sys.stderr)
    return not wrong


# Markdown extensions whose per-page state Markdown.reset() clears (read in the versions of CONVERTER_PINS:
# toc's tokens, superfences' stash, highlight's block counter; the others keep
# none between blocks), so one converter may convert page after page. Any other configured extension:
# a converter per page, as MkDocs makes it.
REUSABLE_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "admonition", "pymdownx.details", "pymdownx.highlight",
                                 "pymdownx.superfences"})
_converters: dict[str, markdown.Markdown] = {}
# The versions REUSABLE_EXTENSIONS was read against: with others, a converter per page.
CONVERTER_PINS = {"markdown": "3.11.3", "pymdown-extensions": "13.1.2"}


# Whether a converter for the extensions keyed so may be reused, decided once per process: reading the
# installed versions scans every distribution on the path (about a millisecond, paid on every page before).
_reusable_for: dict[str, bool] = {}


def _reusable(names: list[Any]) -> bool:
    if not all(isinstance(n, str) and n in REUSABLE_EXTENSIONS for n in names):
        return False
    try:
        return all(importlib.metadata.version(name) == pin for name, pin in CONVERTER_PINS.items())
    except importlib.metadata.PackageNotFoundError:
        return False


def render_page(page: Page, config: MkDocsConfig, files: Any) -> None:
    """`Page.render` (MkDocs 1.6.1), with one Markdown converter per process reset between pages instead
    of a new one per page (building one with the site's extensions costs about as much as converting a
    small page). The per-page processors MkDocs adds are registered afresh for each page."""
    names, options = config["markdown_extensions"], config["mdx_configs"] or {}
    key = repr((names, sorted(options.items())))
    reusable = _reusable_for.get(key)
    if reusable is None:
        reusable = _reusable_for[key] = _reusable(names)
    if page.markdown is None or not reusable:
        page.render(config, files)
        return
    md = _converters.get(key)
    if md is None:
        _converters.clear()
        md = _converters[key] = markdown.Markdown(extensions=names, extension_configs=options)
    md.reset()
    raw_html = _pages._RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = _pages._ExtractAnchorsTreeprocessor(page.file, files, config)
    anchors._register(md)
    relative = _pages._RelativePathTreeprocessor(page.file, files, config)
    relative._register(md)
    title = _pages._ExtractTitleTreeprocessor()
    title._register(md)
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
    if _pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative.links_to_anchors


class _PackedFile(File):
    """A generated file whose text is kept as packed_pages packed it (zlib, several times smaller)
    and unpacked each time it is read: the parent of a build of thousands of pages, and every worker
    forked from it, holds no page's Markdown nor data file as text (MkDocs' File keeps it in `_content` until the build ends).
    Setting the content (a live preview's quick rebuild) keeps it as MkDocs does."""

    _packed: bytes | None = None

    @property
    def content_bytes(self) -> bytes:
        return zlib.decompress(self._packed) if self._packed is not None else File.content_bytes.fget(self)  # type: ignore[attr-defined]

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self._packed = None
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]

    @property
    def content_string(self) -> str:
        return unpack(self._packed) if self._packed is not None \
            else File.content_string.fget(self)  # type: ignore[attr-defined]

    @content_string.setter
    def content_string(self, value: str) -> None:
        self._packed = None
        File.content_string.fset(self, value)  # type: ignore[attr-defined]

    def is_modified(self) -> bool:
        return self._packed is not None or super().is_modified()

    def copy_file(self, dirty: bool = False) -> None:
        """A data file (JSON, a download) written as MkDocs writes a generated file's text."""
        if self._packed is None:
            super().copy_file(dirty)
            return
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        with open(self.abs_dest_path, "w", encoding="utf-8") as out:
            out.write(self.content_string)


def generated_bytes(file: File) -> bytes | None:
    """The bytes a generated file holds (File.generated with content, packed or not); None for a file
    whose content is on disk."""
    if isinstance(file, _PackedFile) and file._packed is not None:
        return zlib.decompress(file._packed)
    content = file._content
    if content is None:
        return None
    return content.encode("utf-8") if isinstance(content, str) else content


def generated_file(config: MkDocsConfig, path: str, packed: bytes, pack: bool) -> File:
    """`File.generated(config, path, content=text)` for a file packed by packed_pages; with `pack`
    (pass `not mismatches()`: the pinned MkDocs, whose File reads `_content` only where the packed
    file overrides it), its text stays packed (_PackedFile)."""
    if not pack:
        return File.generated(config, path, content=unpack(packed))
    file = _PackedFile.generated(config, path, content="")
    assert isinstance(file, _PackedFile)
    file._content = None
    file._packed = packed
    return file


def set_current_page(config: MkDocsConfig, page: Page | None) -> None:
    config._current_page = page


def title_from_render(page: Page) -> str | None:
    return page._title_from_render


def set_title_from_render(page: Page, title: str | None) -> None:
    page._title_from_render = title


def build_theme_template(template: str, env: Any, files: Any, config: MkDocsConfig, nav: Any) -> None:
    _build._build_theme_template(template, env, files, config, nav)


def build_extra_template(template: str, files: Any, config: MkDocsConfig, nav: Any) -> None:
    _build._build_extra_template(template, files, config, nav)


def get_context(nav: Any, files: Any, config: MkDocsConfig, page: Page) -> Any:
    return _build.get_context(nav, files, config, page)


def clean_directory(folder: str) -> None:
    utils.clean_directory(folder)


def count_handler() -> Any:
    return utils.CountHandler()


# -- the live preview (rolebook serve): MkDocs' LiveReloadServer --------------------------------------

def serve_url(host: str, port: int, mount_path: str) -> str:
    """The address MkDocs' server prints and serves the site at."""
    from mkdocs.livereload import _serve_url

    return str(_serve_url(host, port, mount_path))


def request_rebuild(server: Any) -> None:
    """Ask the server's loop to call its builder now (as a watched file change does)."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def with_reload_script(server: Any, page: bytes) -> bytes:
    """A page served outside the site (the problems page) with MkDocs' live-reload script, so the
    browser reloads on the next good save; the page as it is when this MkDocs has no such step."""
    inject = getattr(server, "_inject_js_into_html", None)
    epoch = getattr(server, "_visible_epoch", None)
    return bytes(inject(page, epoch)) if inject is not None and epoch is not None else page
