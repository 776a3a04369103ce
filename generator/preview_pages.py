"""The live preview's fast path: the pages of one edited role, rebuilt alone into the served site.

After a whole build the preview keeps what MkDocs built with (parallel_build.KEEP: configuration,
files, navigation, theme environment). When the only files that changed since are existing role
files, the project is validated as a whole (the loaders' memo makes unchanged files cheap), the
render unit of each edited role is rendered again, and each of its pages goes through the same
MkDocs steps as in a build (plugins, Markdown, theme) and is written into the served folder, each
file replaced atomically. Everything else that may read the role (neighbours, indexes, the bank,
search) is brought up to date by a whole build in the background (see preview).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from . import mkdocs_private as private
from .charts.svg import ChartSet
from .generate import render_one, units_of
from .index import build_catalog
from .load.project import read_project
from .problems import errors
from .validate.crossrefs import check_project


class NotFast(Exception):
    """This change needs a whole build (the reason, for the log)."""


def _write(site: Path, dest_uri: str, data: bytes) -> None:
    """Replace one file of the served site in one step (a reader gets the old page or the new one)."""
    dest = site / dest_uri
    if site.resolve() not in dest.resolve().parents:
        raise NotFast(f"unsafe page path {dest_uri!r}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".rolebook-preview-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise


def _render_page(state: dict[str, Any], file: Any, text: str) -> str:
    """One page through MkDocs as parallel_build's read and write steps do (without the page cache)."""
    config, files, nav = state["config"], state["files"], state["nav"]
    file.content_string = text
    page = file.page
    private.set_current_page(config, page)
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.render(config, files)
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
        page.active = True
        context = private.get_context(nav, state["doc_files"], config, page)
        template = state["env"].get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        return config.plugins.on_post_page(template.render(context), page=page, config=config)
    finally:
        page.active = False
        page.markdown = ""  # as after a build: the Markdown stays in the file only
        private.set_current_page(config, None)


def rebuild_roles(root: Path, state: dict[str, Any], role_ids: list[str], site: Path, charts: bool) -> int:
    """Rebuild the pages of `role_ids` into `site`; return how many files were written.

    Raises NotFast when the content has errors (the whole build shows the problems page) or a role
    has a page the last build did not make (the whole build adds it)."""
    if not private.usable():
        raise NotFast("this MkDocs is not the version the page steps are pinned to")
    if "config" not in state:  # the last build was MkDocs' own serial build (one job, or a plugin not known to be safe)
        raise NotFast("the last build kept no pages to update")
    project = read_project(root)  # not check(): its memo of an unchanged project cannot hit after an edit
    problems = project.problems + check_project(project)
    if errors(problems):
        raise NotFast("the content has errors")
    catalog = build_catalog(project)
    plugin = state["config"].plugins.get("rolebook")
    if plugin is None or plugin.generated is None:
        raise NotFast("no finished build to update")
    units = {name: unit for unit in units_of(catalog) if (name := unit[0]).startswith("role:")}
    files = state["files"]
    out: list[tuple[Any, str]] = []
    chart_set = ChartSet(enabled=charts)
    for rid in role_ids:
        unit = units.get(f"role:{rid}")
        if unit is None:
            raise NotFast(f"role {rid!r} is not in the catalog")
        pages, specs, _ = render_one(catalog, unit, charts, False)
        chart_set.specs.update(specs)
        for path, text in pages.items():
            file = files.get_file_from_path(path)
            if file is None or (path.endswith(".md") and file.page is None):
                raise NotFast(f"{path} is a new page")
            out.append((file, text))
    plugin.generated.svgs.update(chart_set.render_all(root / ".cache" / "charts"))
    rendered = [(file, _render_page(state, file, text).encode("utf-8", errors="xmlcharrefreplace")
                 if file.is_documentation_page() else text.encode("utf-8")) for file, text in out]
    for file, data in rendered:  # written only when every page rendered
        if not file.is_documentation_page():
            file.content_string = data.decode("utf-8")
        _write(site, file.dest_uri, data)
    return len(rendered)
