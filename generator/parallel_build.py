"""MkDocs' own build, with the per-page work shared between forked worker processes.

MkDocs renders pages one after another on one core; a catalog of a thousand roles has some eight
thousand pages. This module runs the same steps as `mkdocs.commands.build.build` (MkDocs 1.6,
pinned below 2) in the same order, but splits the two per-page loops across `jobs` processes:

1. *Read*: each worker converts its share of the pages (Markdown → HTML) and sends back what the
   conversion sets on a page (content, table of contents, title, anchors). The parent then holds
   every page exactly as a serial build would.
2. *Write*: each worker renders its share through the theme and writes the HTML files, and sends
   back any log records. The parent replays the log records (so `--strict` counts them), checks
   anchors and runs `on_post_build` (the sitemap; rolebook's site search index, built by Pagefind
   from the finished HTML).

The output is byte-for-byte the output of `mkdocs build` (a test compares the two) for the plugins
this site uses (rolebook). Workers are forked, so they inherit the
configuration, plugins and navigation without pickling them. With any other plugin (which might
collect pages as they are read), where fork is unavailable, or with `jobs=1`, MkDocs' own serial
build runs.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.commands import build as mkbuild
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import mkdocs_private as private
from . import output_dir, written_pages
from .jobs import can_fork, fork_map
from .page_cache import PageCache, context_digest, enabled, key_of

log = logging.getLogger("mkdocs.commands.build")

# What the forked workers read: set by the parent just before it forks, never pickled.
_STATE: dict[str, Any] = {}

# The last build's page cache use: pages, pages converted afresh, pages rendered afresh, HTML files
# of a reused tree left as they were (written_pages).
LAST_BUILD: dict[str, int] = {}

# A live preview sets this to a dict: a build that succeeds leaves there what it built with (config,
# files, nav, theme environment), so single pages can be rebuilt without a whole build (preview_pages).
KEEP: dict[str, Any] | None = None


class _Capture(logging.Handler):
    """Keeps a worker's log records so the parent can replay them in its own logging."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _in_worker(task: Callable[[int], Any], indices: list[int]
               ) -> tuple[list[tuple[int, Any]], list[tuple[str, int, str]], BaseException | None]:
    """Run `task` over `indices`; an error stops the share but its log records still go back."""
    capture = _STATE["capture"] = _Capture()
    root = logging.getLogger("mkdocs")
    root.handlers = [capture]
    root.propagate = False
    results: list[tuple[int, Any]] = []
    try:
        for i in indices:
            results.append((i, task(i)))
    except Exception as exc:  # sent to the parent, which logs what led up to it and re-raises
        return results, capture.records, exc
    return results, capture.records, None


def _toc_tokens(items: Any) -> list[dict[str, Any]]:
    return [{"name": a.title, "id": a.id, "level": a.level, "children": _toc_tokens(a.children)} for a in items]


def _replay(records: list[Any]) -> None:
    for logger_name, level, message in records:
        logging.getLogger(logger_name).log(level, message)


def _read_task(i: int) -> dict[str, Any]:
    """Markdown → HTML for page i (MkDocs' `_populate_page`), or its cached result when the page's
    Markdown and the build's context are unchanged (the log records it emitted are replayed)."""
    page: Page = _STATE["pages"][i]
    config, files, cache = _STATE["config"], _STATE["files"], _STATE.get("cache")
    private.set_current_page(config, page)
    start = len(_STATE["capture"].records)
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        assert page.markdown is not None
        source = page.markdown
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        # The source and what the plugins made of it (a plugin may set text aside until the page is converted)
        key = key_of(_STATE["context"], page.file.src_uri, json.dumps(page.meta, sort_keys=True, default=repr),
                     source, page.markdown)
        cached = cache.get(key, "read") if cache is not None else None
        if cached is not None:
            for plugin in config.plugins.values():  # a plugin holding state for this page until it is converted
                getattr(plugin, "page_cached", lambda page: None)(page)
            _replay(cached["log"])  # the content stays in its own entry until a page that is rendered needs it
            page.markdown = ""  # this worker keeps none of its share's Markdown (the parent does the same)
            return {**cached, "content": None, "key": key, "hit": True, "meta": page.meta, "toc": get_toc(cached["toc"])}
        private.render_page(page, config, files)
        assert page.content is not None
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
    except Exception as e:
        _log_page_error("reading", page, e)
        raise
    finally:
        private.set_current_page(config, None)
    links = page.links_to_anchors
    data = {
        "content": page.content, "toc": _toc_tokens(page.toc), "title": private.title_from_render(page),
        "anchors": sorted(page.present_anchor_ids or ()) if page.present_anchor_ids is not None else None,
        "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
        "log": _STATE["capture"].records[start:],
    }
    if cache is not None:
        cache.put(key, "read", {k: v for k, v in data.items() if k != "content"})
        cache.put_text(key, "body", None, data["content"])
    if _STATE.get("cached_bodies") or _spool(i, data["content"]):
        data["content"] = None  # the parent holds no page's HTML: the write phase reads it back
    page.markdown, page.content = "", None  # nor does this worker keep its share's
    return {**data, "key": key, "hit": False, "meta": page.meta, "toc": get_toc(data["toc"])}


def _spool(i: int, content: str) -> bool:
    """Page i's HTML into the build's spool folder (False, kept in memory, when it cannot be written)."""
    folder = _STATE.get("spool")
    if folder is None:
        return False
    try:
        (folder / f"{i}.html").write_bytes(content.encode("utf-8", "surrogatepass"))
    except OSError:
        return False
    return True


def _unspool(i: int) -> str | None:
    folder = _STATE.get("spool")
    try:
        return None if folder is None else (folder / f"{i}.html").read_bytes().decode("utf-8", "surrogatepass")
    except OSError:
        return None


def _load_content(i: int) -> None:
    """The HTML content of page i, which the parent does not hold (only the pages rendered afresh need
    it): from the spool its read worker wrote (a build without a usable page cache), or from its page
    cache entry, or converted again when neither can be used (an entry the disk could not take)."""
    page: Page = _STATE["pages"][i]
    if page.content is not None:
        return
    page.content = _unspool(i)
    if page.content is not None:
        return
    cache = _STATE.get("cache")
    body = cache.get_text(_STATE["read_keys"][i], "body") if cache is not None else None
    if body is not None:
        page.content = body[1]
        return
    records = _STATE["capture"].records
    start = len(records)
    spool, cached_bodies = _STATE.get("spool"), _STATE.get("cached_bodies")
    _STATE["cache"] = _STATE["spool"] = _STATE["cached_bodies"] = None
    try:
        page.content = _read_task(i)["content"]
    finally:
        _STATE["cache"], _STATE["spool"], _STATE["cached_bodies"] = cache, spool, cached_bodies
        del records[start:]  # its log records were replayed from the read entry already


def _log_page_error(doing: str, page: Page, e: Exception) -> None:
    """MkDocs' own message for a page that failed (its BuildErrors were logged where they arose)."""
    message = f"Error {doing} page '{page.file.src_uri}':"
    if not isinstance(e, BuildError):
        message += f" {e}"
    log.error(message)


def _write_task(i: int) -> tuple[str, bool, written_pages.Record | None, bool]:
    """Page i through the theme into its HTML file (MkDocs' `_build_page`), or its cached HTML when
    its read result, the navigation and the build's context are unchanged; in a reused tree whose file
    already holds that HTML (written_pages), the file is kept. Returns the entry key, whether it was
    reused, the file's record and whether the file was kept."""
    page: Page = _STATE["pages"][i]
    config, nav = _STATE["config"], _STATE["nav"]
    cache = _STATE.get("cache")
    excluded = page.file.inclusion.is_excluded()
    key = key_of(_STATE["context"], _STATE["read_keys"][i], _STATE["nav_digest"], page.url, str(excluded))
    path = page.file.abs_dest_path
    since = _STATE.get("since")
    if cache is not None and since is not None:  # the file in the reused tree is already this page's HTML
        kept = written_pages.keep(path, key, _STATE["written"].get(page.file.dest_uri), since)
        if kept is not None:
            _replay(kept[4])
            return key, True, kept, True
    cached = cache.get_text(key, "html") if cache is not None else None
    if cached is not None and isinstance(cached[0], list):  # the log records, then the HTML ("" for none)
        _replay(cached[0])
        if not cached[1]:
            return key, True, None, False
        utils.write_file(cached[1].encode("utf-8", errors="xmlcharrefreplace"), path)
        return key, True, written_pages.record(path, key, cached[0]), False
    _load_content(i)
    start = len(_STATE["capture"].records)
    private.set_current_page(config, page)
    try:
        page.active = True
        context = private.get_context(nav, _STATE["doc_files"], config, page)
        template = _STATE["env"].get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        if excluded:
            page.content = ('<div class="mkdocs-draft-marker" title="This page will not be included into the built site.">'
                            'DRAFT</div>' + (page.content or ""))
        output = config.plugins.on_post_page(template.render(context), page=page, config=config)
        if output.strip():
            utils.write_file(output.encode("utf-8", errors="xmlcharrefreplace"), path)
        else:
            log.info(f"Page skipped: '{page.file.src_uri}'. Generated empty output.")
    except Exception as e:
        _log_page_error("building", page, e)
        raise
    finally:
        page.active = False
        private.set_current_page(config, None)
        page.content = None  # this worker does not keep its share of the site's HTML either
    log_records = _STATE["capture"].records[start:]
    if cache is not None:
        cache.put_text(key, "html", log_records, output if output.strip() else "")
    return key, False, written_pages.record(path, key, log_records) if output.strip() else None, False


def _nav_digest(nav: Navigation) -> str:
    """The navigation as the theme renders it: every item's kind, title and address, in order."""
    def shape(items: Any) -> list[Any]:
        return [[type(item).__name__, item.title, getattr(item, "url", None),
                 getattr(getattr(item, "file", None), "src_uri", None), shape(getattr(item, "children", None) or [])]
                for item in items]
    homepage = nav.homepage.url if nav.homepage else None
    return key_of(json.dumps([shape(nav.items), homepage, [p.url for p in nav.pages]], default=repr))


def _worker(args: tuple[str, list[int]]) -> tuple[list[tuple[int, Any]], list[tuple[str, int, str]], BaseException | None]:
    name, indices = args
    return _in_worker(_read_task if name == "read" else _write_task, indices)


def _run(name: str, count: int, jobs: int) -> dict[int, Any]:
    """Run one phase over pages 0..count-1 in `jobs` forked processes; replay their logs here.

    A worker that dies (killed for memory, say) raises BrokenProcessPool instead of hanging."""
    shares = [(name, list(range(k, count, jobs))) for k in range(jobs)]
    outcomes = fork_map(_worker, shares, jobs)
    results: dict[int, Any] = {}
    failure: BaseException | None = None
    for items, records, error in outcomes:
        _replay(records)
        results.update(items)
        failure = failure or error
    if failure is not None:
        raise failure
    return results


# Plugins known to keep no state between page events that a later step reads (MkDocs' serial build
# is used when any other plugin is configured: a tags plugin, say, collects pages as they are read).
# Material's search is not among them: it collects an index as pages are written (the site's search is
# Pagefind, run by rolebook's on_post_build over the finished HTML).
PARALLEL_SAFE_PLUGINS = frozenset({"rolebook"})


def parallel_safe(config: MkDocsConfig) -> bool:
    return set(config.plugins.keys()) <= PARALLEL_SAFE_PLUGINS


def cache_folder(config: MkDocsConfig) -> Path:
    """The page cache of the project this config belongs to (beside the chart cache)."""
    return Path(config.config_file_path).parent / ".cache" / "pages"


def _spool_folder(config: MkDocsConfig, beside_cache: bool) -> Path | None:
    """A folder of this build's own where the read workers leave each page's HTML until the write
    workers render it, so the parent never holds the whole site's HTML (with thousands of pages, that
    and the workers forked from it were the build's peak memory): beside the page cache (unless the
    build uses no cache), else in the temporary folder; None (HTML kept in memory) when neither can be
    written. A build whose page cache can be written needs none: the HTML is in each page's "body"
    entry, which the write workers read back (a spool beside it was a second copy of every page)."""
    for parent in ((cache_folder(config).parent,) if beside_cache else ()) + (None,):
        try:
            if parent is not None:
                parent.mkdir(parents=True, exist_ok=True)
            return Path(tempfile.mkdtemp(prefix="spool-" if parent is not None else "rolebook-spool-", dir=parent))
        except OSError:
            continue
    return None


def build(config: MkDocsConfig, jobs: int, *, serve_url: str | None = None, cache: bool | None = None,
          clean: bool = True) -> None:
    """`mkdocs build` (not dirty) with page work in `jobs` processes, reusing the page cache's
    entries for pages whose inputs did not change (`cache=False`: convert and render every page).
    With `serve_url` it builds as `mkdocs serve` does (drafts included)."""
    if jobs < 2 or not can_fork() or not parallel_safe(config) or not private.usable():
        mkbuild.build(config, serve_url=serve_url)
        return
    logger = logging.getLogger("mkdocs")
    warning_counter = private.count_handler()
    warning_counter.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(warning_counter)
    inclusion = InclusionLevel.is_in_serve if serve_url else InclusionLevel.is_included
    page_cache = PageCache(cache_folder(config), kinds=("read", "body", "html")) if (enabled() if cache is None else cache) else None
    spool: Path | None = None
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        if clean:  # clean=False: the caller removes what this build does not write (output_dir.replace)
            private.clean_directory(config.site_dir)

        files: Files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav: Navigation = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        doc_pages: list[File] = list(files.documentation_pages(inclusion=inclusion))
        for file in doc_pages:
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
        pages = [f.page for f in doc_pages]
        by_uri = {f.src_uri: f for f in files}
        context = context_digest(config, files, utils.get_build_date())
        cached_bodies = page_cache is not None and page_cache.usable
        spool = None if cached_bodies else _spool_folder(config, beside_cache=page_cache is not None)
        _STATE.update(config=config, files=files, pages=pages, context=context, cache=page_cache, spool=spool,
                      cached_bodies=cached_bodies)
        read_keys: dict[int, str] = {}
        converted = 0
        LAST_BUILD.clear()
        for i, data in sorted(_run("read", len(pages), jobs).items()):
            page = pages[i]
            assert page is not None
            # The source is not sent back (nothing after this phase reads it); MkDocs only checks
            # that it has been read, e.g. before it reports a title.
            page.markdown = ""
            page.meta, page.content, page.toc = data["meta"], data["content"], data["toc"]
            private.set_title_from_render(page, data["title"])
            page.present_anchor_ids = None if data["anchors"] is None else set(data["anchors"])
            read_keys[i] = data["key"]
            converted += not data["hit"]
            page.links_to_anchors = None if data["links"] is None else {by_uri[k]: v for k, v in data["links"].items()}

        env = config.plugins.on_env(env, config=config, files=files)
        since = output_dir.started(Path(config.site_dir))
        kept_before = written_pages.load(page_cache, config.site_dir) if page_cache is not None else {}
        static, static_kept = written_pages.copy_static(files, inclusion, since, kept_before)  # unchanged files of a kept tree stay
        for template in config.theme.static_templates:
            private.build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            private.build_extra_template(template, files, config, nav)

        _STATE.update(doc_files=files.documentation_pages(inclusion=inclusion), nav=nav, env=env,
                      read_keys=read_keys, nav_digest=_nav_digest(nav), since=since, written=kept_before)
        written = _run("write", len(pages), jobs)
        if spool is not None:  # read back by now: the disk space goes before the search index is made
            shutil.rmtree(spool, ignore_errors=True)
            spool = None
        if page_cache is not None:  # what this build did not use is out of date
            page_cache.prune({f"{page_cache.version}-{k}.{kind}" for k in read_keys.values() for kind in ("read", "body")}
                             | {f"{page_cache.version}-{k}.html" for k, *_ in written.values()})
            written_pages.save(page_cache, config.site_dir, {**static, **{pages[i].file.dest_uri: rec  # type: ignore[union-attr]
                                                             for i, (_, _, rec, _) in written.items() if rec is not None}})
        LAST_BUILD.update(pages=len(pages), converted=converted,
                          rendered=sum(not hit for _, hit, *_ in written.values()),
                          kept=sum(kept for *_, kept in written.values()),
                          static_kept=static_kept)

        for file in doc_pages:
            assert file.page is not None
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        if not clean:  # a reused tree: what this build did not write goes before the search index reads it
            output_dir.remove_stale(Path(config.site_dir))
        config.plugins.on_post_build(config=config)
        if counts := warning_counter.get_counts():
            msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
            raise Abort(f"Aborted with {msg} in strict mode!")
        if KEEP is not None:
            KEEP.clear()
            KEEP.update(config=config, files=files, nav=nav, env=env, doc_files=_STATE["doc_files"])
    except Exception as e:
        config.plugins.on_build_error(error=e)
        if isinstance(e, BuildError):
            log.error(str(e))
            raise Abort("Aborted with a BuildError!") from e
        raise
    finally:
        if spool is not None:
            shutil.rmtree(spool, ignore_errors=True)
        _STATE.clear()
        logger.removeHandler(warning_counter)
