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

import logging
from typing import Any, Callable

from mkdocs import utils
from mkdocs.commands import build as mkbuild
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

from .jobs import can_fork, fork_map

log = logging.getLogger("mkdocs.commands.build")

# What the forked workers read: set by the parent just before it forks, never pickled.
_STATE: dict[str, Any] = {}


class _Capture(logging.Handler):
    """Keeps a worker's log records so the parent can replay them in its own logging."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _in_worker(task: Callable[[int], Any], indices: list[int]) -> tuple[list[tuple[int, Any]], list[tuple[str, int, str]], BaseException | None]:
    """Run `task` over `indices`; an error stops the share but its log records still go back."""
    capture = _Capture()
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


def _read_task(i: int) -> dict[str, Any]:
    page: Page = _STATE["pages"][i]
    mkbuild._populate_page(page, _STATE["config"], _STATE["files"])
    links = page.links_to_anchors
    return {
        "meta": page.meta, "content": page.content, "toc": page.toc,
        "title": page._title_from_render, "anchors": page.present_anchor_ids,
        "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
    }


def _write_task(i: int) -> None:
    page: Page = _STATE["pages"][i]
    mkbuild._build_page(page, _STATE["config"], _STATE["doc_files"], _STATE["nav"], _STATE["env"],
                        excluded=page.file.inclusion.is_excluded())


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
        for logger_name, level, message in records:
            logging.getLogger(logger_name).log(level, message)
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


def build(config: MkDocsConfig, jobs: int) -> None:
    """`mkdocs build` (not dirty, not serve) with page work in `jobs` processes."""
    if jobs < 2 or not can_fork() or not parallel_safe(config):
        mkbuild.build(config)
        return
    logger = logging.getLogger("mkdocs")
    warning_counter = utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(warning_counter)
    inclusion = InclusionLevel.is_included
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        utils.clean_directory(config.site_dir)

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
        _STATE.update(config=config, files=files, pages=pages)
        for i, data in sorted(_run("read", len(pages), jobs).items()):
            page = pages[i]
            assert page is not None
            # The source is not sent back (nothing after this phase reads it); MkDocs only checks
            # that it has been read, e.g. before it reports a title.
            page.markdown = ""
            page.meta, page.content, page.toc = data["meta"], data["content"], data["toc"]
            page._title_from_render = data["title"]
            page.present_anchor_ids = data["anchors"]
            page.links_to_anchors = None if data["links"] is None else {by_uri[k]: v for k, v in data["links"].items()}

        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files(inclusion=inclusion)
        for template in config.theme.static_templates:
            mkbuild._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkbuild._build_extra_template(template, files, config, nav)

        _STATE.update(doc_files=files.documentation_pages(inclusion=inclusion), nav=nav, env=env)
        _run("write", len(pages), jobs)

        for file in doc_pages:
            assert file.page is not None
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)
        if counts := warning_counter.get_counts():
            msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
            raise Abort(f"Aborted with {msg} in strict mode!")
    except Exception as e:
        config.plugins.on_build_error(error=e)
        if isinstance(e, BuildError):
            log.error(str(e))
            raise Abort("Aborted with a BuildError!")
        raise
    finally:
        _STATE.clear()
        logger.removeHandler(warning_counter)
