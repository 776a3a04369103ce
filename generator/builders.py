"""`rolebook build --builder properdocs|zensical`: another builder builds the pages tree.

MkDocs (the default) runs in-process with the rolebook plugin (publish.build_site). The others build
the builder-neutral tree (pages_tree) as a subprocess: the tree is written inside the staging folder
that output_dir.replace made (so a kill leaves only a marked folder the next run removes), the
builder writes its site there, the site is moved up into the staging folder, the tree removed, and
Pagefind indexes the result; then the staging folder is swapped in as for any build.

The versions named here are the ones the builder comparison (tests/test_builders.py) passed with;
see README "Builders" for moving to a new one."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from . import output_dir

# (pages_tree and publish load MkDocs and the renderers: imported when a build runs, so the CLI
# that lists --builder's choices starts quickly)
SITE = "site"  # pages_tree.SITE
TREE = ".rolebook-pages"  # inside the staging folder while the builder runs


@dataclass(frozen=True)
class Builder:
    name: str  # as its authors write it
    module: str  # run as `python -m MODULE`
    tested: str  # the version the comparison passed with (pyproject's `builders` extra pins it)
    config: str  # the tree's config file it reads

    def command(self, config: Path, strict: bool) -> list[str]:
        """Options as --name=value, then `--`: no path can be read as an option."""
        args = [sys.executable, "-m", self.module, "build", f"--config-file={config}"]
        if self.module == "zensical":
            args += ["--clean"] + (["--strict"] if strict else [])
        else:
            args += ["--strict" if strict else "--no-strict"]
        return [*args, "--"]


BUILDERS = {
    "properdocs": Builder("ProperDocs", "properdocs", "1.6.7", "mkdocs.yml"),
    "zensical": Builder("Zensical", "zensical", "0.0.73", "zensical.toml"),
}
NAMES = ("mkdocs", *BUILDERS)


class BuilderMissing(Exception):
    """The chosen builder is not installed (one line: how to install it)."""


def require(name: str) -> Builder:
    builder = BUILDERS[name]
    if importlib.util.find_spec(builder.module) is None:
        raise BuilderMissing(f"{builder.name} is not installed; install it with: "
                             f"pip install '{builder.module}=={builder.tested}' (or pip install 'rolebook[builders]')")
    return builder


def installed_version(builder: Builder) -> str | None:
    try:
        return importlib.metadata.version(builder.module)
    except importlib.metadata.PackageNotFoundError:
        return None


def run(builder: Builder, tree: Path, strict: bool) -> str:
    """Build the tree's site into tree/site; the builder's warnings, or PublishError with its error."""
    from .publish import PublishError

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        done = subprocess.run(builder.command(tree / builder.config, strict), cwd=tree, env=env,
                              capture_output=True, text=True, timeout=6 * 3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PublishError(f"{builder.name} could not run: {exc}") from None
    lines = [line.rstrip() for line in (done.stderr + "\n" + done.stdout).splitlines() if line.strip()]
    if done.returncode != 0 or not (tree / SITE / "index.html").is_file():
        detail = [line for line in lines if "error" in line.lower() or "warning" in line.lower()] or lines[-3:]
        raise PublishError(f"{builder.name} failed (exit {done.returncode}): " + " | ".join(detail[-5:] or ["no output"]))
    return "\n".join(line for line in lines if line.lstrip().upper().startswith("WARNING"))


def build_with(name: str, root: Path, site_dir: Path | None = None, *, strict: bool = True) -> Path:
    """Build the site with the named builder (not MkDocs) and swap it in. Raises BuilderMissing,
    PublishError, OutputError, ValidationFailed."""
    from . import search_index
    from .pages_tree import TreeError, pages_tree, project_config, write_tree
    from .publish import PublishError, configured_site, source_folders

    builder = require(name)
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise PublishError(f"{config_file} not found: run from the project root or pass its path")
    configured, docs_dir = configured_site(config_file)
    sources = source_folders(root, docs_dir)
    target = output_dir.preflight(Path(site_dir) if site_dir else configured, root, config_file=config_file, sources=sources)
    try:
        raw = project_config(config_file)
        _, files = pages_tree(root, strict=strict)
    except TreeError as exc:
        raise PublishError(str(exc)) from None
    theme = raw.get("theme")
    language = (theme.get("language") if isinstance(theme, dict) else None) or "en"
    with output_dir.replace(target, root, config_file=config_file, sources=sources) as staging:
        tree = staging / TREE
        try:
            write_tree(files, tree)
        except TreeError as exc:
            raise PublishError(str(exc)) from None
        warnings = run(builder, tree, strict)
        if warnings:
            print(warnings, file=sys.stderr)
        with os.scandir(tree / SITE) as entries:
            for entry in entries:
                os.rename(entry.path, staging / entry.name)
        shutil.rmtree(tree)
        try:
            summary = search_index.build(staging, language, cache=root / ".cache" / search_index.CACHE_FOLDER)
        except search_index.SearchIndexError as exc:
            raise PublishError(f"site search: {exc}") from None
        print(f"{builder.name} {installed_version(builder)} built the site; site search index: {summary}")
    return target
