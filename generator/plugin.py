"""The MkDocs face of Rolebook: generated pages are added in memory, never written to docs_dir."""

from __future__ import annotations

import dataclasses
import gc
import logging
import os
import shutil
import stat
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import html_islands, index, mkdocs_private, output_dir, packaged_theme, pipeline, search_index
from .charts.svg import fill
from .generate import FAMILIES_MARKER, HOME_MARKER, Generated, Markers, content_nav, generate, markers_for, nav_pages, role_nav
from .output_dir import OutputError
from .packed_pages import PackedPages, pack_all
from .pipeline import ValidationFailed
from .problem_page import problems_markdown
from .problems import Problem, format_text
from .publish import source_folders
from .render.links import page_sources

log = logging.getLogger("mkdocs.plugins.rolebook")


class RolebookConfig(Config):
    project_dir = opt.Type(str, default=".")
    """Folder holding roles/ and site_config/, relative to mkdocs.yml."""
    nav = opt.Type(bool, default=True)
    """Build the navigation: hand-written pages first, then Roles by family."""
    charts = opt.Type(bool, default=True)
    """Render charts (SVG at build time). Off only for comparison benchmarks."""


class RolebookPlugin(BasePlugin[RolebookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.generated: Generated | None = None
        self.root: Path | None = None
        self.islands: dict[str, list[str]] = {}  # raw-HTML blocks lifted out of a page until it is converted
        self.markers: Markers | None = None  # what the markers of hand-written pages are filled with
        self.svgs: Mapping[str, str] = {}  # the charts, once a build has let the rest of `generated` go

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = (Path(config.config_file_path).parent / self.config.project_dir).resolve()
        if config.theme.name != "material":
            raise PluginError(f"Rolebook's pages are made for the Material theme, not {config.theme.name!r}: "
                              "set `theme: material` (or `theme: {name: material}`) in mkdocs.yml")
        packaged_theme.apply(config)  # Rolebook's templates, stylesheets and scripts, from the package
        self.problems: list[Problem] | None = None
        # `mkdocs build` empties site_dir itself: the same output rule as `rolebook build`, before it can
        # (`mkdocs serve` builds into a temporary folder of its own).
        try:
            if not getattr(self, "serving", False):
                output_dir.preflight(Path(config.site_dir), self.root, config_file=Path(config.config_file_path),
                                     sources=source_folders(self.root, config.docs_dir), adopt=False)
        except OutputError as exc:
            raise PluginError(str(exc)) from None
        try:
            self.generated = generate(self.root, charts=self.config.charts and os.environ.get("ROLEBOOK_CHARTS") != "0",
                                      fill_charts=False)
        except ValidationFailed as exc:
            if not getattr(self, "serving", False):
                raise PluginError("Rolebook content has problems:\n" + format_text(exc.problems)) from None
            # A live preview never fails (MkDocs would hold every request until a build passes):
            # it builds one page that lists the problems, and rebuilds when the files change.
            log.error("Rolebook content has problems; the preview shows them until they are fixed:\n%s",
                      format_text(exc.problems))
            self.problems, self.generated = exc.problems, None
            config.nav = ["index.md"]
            return config
        for problem in (p.printable() for p in self.generated.warnings):
            log.info("%s: %s (%s)", problem.location, problem.message, problem.code)
        if self.config.nav:
            config.nav = self._nav(config)
        return config

    def _nav(self, config: MkDocsConfig) -> list[Any]:
        assert self.generated is not None
        base = list(config.nav) if config.nav else content_nav(Path(config.docs_dir))
        return base + role_nav(self.generated.catalog, self.generated.pages)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.problems is not None:  # serving broken content: the theme's files and the problems page
            kept = Files([f for f in files if not f.is_documentation_page()])
            kept.append(File.generated(config, "index.md", content=problems_markdown(self.problems)))
            return kept
        assert self.generated is not None
        linked = _linked_files(files, Path(os.path.abspath(Path(config.config_file_path).parent)))
        if linked:  # MkDocs copies what a link points at (the environment, a token...) into the site
            raise PluginError(f"{linked[0]} is a symbolic link or not a regular file; Rolebook publishes only "
                              "regular files inside the project: replace it with the file itself")
        docs = Path(config.docs_dir).name
        taken = {f.dest_uri: f.src_uri for f in files}
        clashes = [Problem(f"{docs}/{taken.get(dest, path)}", 0, 0, "page-clash",
                           "this hand-written page clashes with a page Rolebook generates",
                           "rename or remove the hand-written file")
                   for path in self.generated.pages
                   if files.get_file_from_path(path) is not None
                   or (dest := File.generated(config, path, content="").dest_uri) in taken]
        if clashes and not getattr(self, "serving", False):
            raise PluginError(f"{clashes[0].path} clashes with a page Rolebook generates; rename or remove the hand-written file")
        if clashes:  # a live preview shows the problem instead of failing (MkDocs would hold every request)
            log.error("%s", format_text(clashes))
            self.problems, config.nav = clashes, ["index.md"]
            return self.on_files(files, config)
        self.markers = markers_for(self.generated.catalog, [f.src_uri for f in files.documentation_pages()])
        in_nav = nav_pages(config.nav) if self.config.nav and config.nav else None
        # "Edit this page" (Material, with repo_url and edit_uri at the repository root) opens the file a
        # page is made from: a hand-written page under the docs folder, a role's pages its YAML, else none.
        sources = page_sources(self.generated.catalog)
        for f in files.documentation_pages():
            f.edit_uri = f"{docs}/{f.src_uri}"
        pack = not mkdocs_private.mismatches()
        for path, packed in pack_all(self.generated.pages).items():
            file = mkdocs_private.generated_file(config, path, packed, pack)
            file.edit_uri = sources.get(path)
            if in_nav is not None and path.endswith(".md") and path not in in_nav:
                file.inclusion = InclusionLevel.NOT_IN_NAV  # built and linked, deliberately not in the nav
            files.append(file)
        # The Files now hold the pages (packed); keep no other copy in memory.
        self.generated = dataclasses.replace(self.generated, pages=PackedPages())
        if not getattr(self, "serving", False):
            self._let_go()
        return files

    def _let_go(self) -> None:
        """A build is done with the catalog once its pages are MkDocs' files (a live preview keeps it
        to rebuild pages): it, and the memos of the project it was made from, go before the pages are
        read, so neither this process nor the workers forked from it hold them (a 10,000-role
        catalog is some 1.5 GB of models)."""
        assert self.generated is not None
        self.svgs, self.generated = PackedPages(pack_all(self.generated.svgs)), None  # the charts, packed too
        pipeline.forget()
        index.forget()
        gc.collect()

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.generated_by and "title" not in page.meta:
            # MkDocs renders front matter it cannot read as Markdown, editor text included: stop instead.
            raise PluginError(
                f"{page.file.src_uri}: the front matter Rolebook generated for this page did not parse, so "
                "its title and description would be shown as page text; this is a Rolebook bug, please report it"
            )
        if (HOME_MARKER in markdown or FAMILIES_MARKER in markdown) and not page.file.generated_by:
            assert self.markers is not None
            markdown = self.markers.fill(page.file.src_uri, markdown)
        if page.file.generated_by and html_islands.BEGIN in markdown:
            try:
                markdown, self.islands[page.file.src_uri] = html_islands.lift(markdown)
            except ValueError as exc:
                raise PluginError(f"{page.file.src_uri}: {exc}; this is a Rolebook bug, please report it") from None
        return markdown

    def page_cached(self, page: Page) -> None:
        """The page cache had this page's HTML (parallel_build): its lifted islands are not needed."""
        self.islands.pop(page.file.src_uri, None)

    @event_priority(100)  # land the islands before any other plugin reads the page's HTML
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        islands = self.islands.pop(page.file.src_uri, None)
        if islands:
            try:
                html = html_islands.land(html, islands)
            except ValueError as exc:
                raise PluginError(f"{page.file.src_uri}: {exc}; this is a Rolebook bug, please report it") from None
            if page.present_anchor_ids is not None:
                page.present_anchor_ids |= html_islands.anchor_ids(islands)
        return html

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, config: MkDocsConfig) -> None:
        """The site's search index (Pagefind); then a plain `mkdocs build` leaves its site marked as
        Rolebook's (every file listed), so the next build, plain or `rolebook build`, may replace it
        (`rolebook build` rewrites the marker itself)."""
        if getattr(self, "serving", False):
            self._index_in_background(Path(config.site_dir), config.theme.get("language") or "en")
            return
        try:  # site search: Pagefind indexes the finished site into <site>/pagefind/; without it, no build
            summary = search_index.build(Path(config.site_dir), config.theme.get("language") or "en", cache=self._search_cache())
        except search_index.SearchIndexError as exc:
            raise PluginError(f"site search: {exc}") from None
        log.info("Site search index: %s", summary)
        if not getattr(self, "serving", False):
            output_dir.mark(Path(config.site_dir))

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """A preview's rebuild empties the site folder next: the link to the search index goes first
        (the index it points at is kept until a newer one replaces it)."""
        if not getattr(self, "serving", False):
            return
        if not hasattr(self, "_search_lock"):
            self._search_lock, self._search_gen = threading.Lock(), 0
            self._search_dir: Path | None = None
        with self._search_lock:  # an index still being made for the previous build is not linked in now
            self._search_gen += 1
            link = Path(config.site_dir) / search_index.BUNDLE
            if link.is_symlink():
                link.unlink()

    def _search_cache(self) -> Path | None:
        """The project's shard cache of the search index (`.cache/search/`)."""
        root = getattr(self, "root", None)
        return root / ".cache" / search_index.CACHE_FOLDER if root is not None else None

    def _index_in_background(self, site: Path, language: str) -> None:
        """A live preview does not wait for Pagefind (seconds at a thousand roles): the page reloads at
        once with the previous index (a link to a folder outside the served site), and the new index
        replaces it when Pagefind is done, unless a newer rebuild has started meanwhile."""
        with self._search_lock:
            generation, current = self._search_gen, self._search_dir
        link = site / search_index.BUNDLE
        if current is not None:
            os.symlink(current / search_index.BUNDLE, link)

        def work() -> None:
            out = Path(tempfile.mkdtemp(prefix="rolebook-serve-search-"))
            try:
                summary = search_index.build(site, language, out / search_index.BUNDLE, self._search_cache())
            except search_index.SearchIndexError as exc:
                shutil.rmtree(out, ignore_errors=True)
                if generation == self._search_gen:
                    log.warning("site search: %s", exc)
                return
            with self._search_lock:
                if generation != self._search_gen or not site.is_dir():
                    shutil.rmtree(out, ignore_errors=True)
                    return
                fresh = site / f".{search_index.BUNDLE}-{generation}"
                os.symlink(out / search_index.BUNDLE, fresh)
                os.replace(fresh, link)
                old, self._search_dir = self._search_dir, out
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
            log.info("Site search index: %s", summary)

        threading.Thread(target=work, name="rolebook-search-index", daemon=True).start()

    def on_shutdown(self) -> None:
        folder = getattr(self, "_search_dir", None)
        if folder is not None:
            with self._search_lock:
                self._search_gen += 1
                self._search_dir = None
            shutil.rmtree(folder, ignore_errors=True)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Charts go into the finished HTML: Markdown and the search index never carry the SVG."""
        svgs = self.generated.svgs if self.generated is not None else self.svgs
        if svgs and "<!--rolebook-chart:" in output:
            output = fill(output, svgs)
        return output

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this keeps one plugin instance across MkDocs' rebuilds while serving."""
        self.serving = command == "serve"

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        assert self.root is not None
        for folder in ("roles", "site_config"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        not_found = getattr(server, "error_handler", None)

        def error_handler(code: int) -> bytes | None:
            """While the content has problems, every address shows the problems page (live-reloading)."""
            problems_page = Path(getattr(server, "root", config.site_dir)) / "index.html"  # the folder served now
            if getattr(self, "problems", None) is not None and problems_page.is_file():
                page = problems_page.read_bytes()
                return mkdocs_private.with_reload_script(server, page)  # MkDocs' live-reload script
            return not_found(code) if not_found else None

        server.error_handler = error_handler
        return server


def _linked_files(files: Files, root: Path) -> list[str]:
    """Files MkDocs would copy from inside the project (content/, theme/) that are links, or lie below
    a linked folder, or are not regular files: shown relative to the project."""
    seen: dict[Path, bool] = {}

    def real(path: Path) -> bool:  # no link from the project root down to path, and path is a regular thing
        if path == root or path in seen:
            return seen.get(path, True)
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            ok = False
        else:
            ok = not stat.S_ISLNK(mode) and (stat.S_ISDIR(mode) or stat.S_ISREG(mode)) and real(path.parent)
        seen[path] = ok
        return ok

    out = []
    for file in files:
        if not file.abs_src_path:
            continue
        path = Path(os.path.abspath(file.abs_src_path))
        if path.is_relative_to(root) and not real(path):
            out.append(path.relative_to(root).as_posix())
    return sorted(out)

