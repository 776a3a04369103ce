"""Write output safely: every tree is built beside the old one and swapped in only on success, and
only a folder Rolebook made is ever replaced (see output_dir)."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.utils import yaml_load

from . import output_dir, pages_tree, parallel_build
from .jobs import default_jobs
from .output_dir import OutputError

SOURCES = ("content", "roles", "site_config", "generator", "theme")

__all__ = ["OutputError", "PublishError", "build_site", "check_pages_dir", "write_pages"]


class PublishError(Exception):
    """The build failed; the previous output is untouched."""


def source_folders(root: Path, docs_dir: str | None = None) -> list[Path]:
    """The folders no output may be written into or replace."""
    return [root / name for name in SOURCES] + ([root / docs_dir] if docs_dir else [])


def check_pages_dir(out_dir: Path, root: Path) -> None:
    """Raise OutputError now, before the pages are generated, if write_pages would refuse out_dir."""
    output_dir.preflight(out_dir, root, config_file=root / "mkdocs.yml", sources=source_folders(root))


def write_pages(files: dict[str, bytes | Path], out_dir: Path, root: Path) -> Path:
    """Write a pages tree (see pages_tree) to out_dir (replaced whole, atomically)."""
    with output_dir.replace(out_dir, root, config_file=root / "mkdocs.yml", sources=source_folders(root)) as staging:
        try:
            pages_tree.write_tree(files, staging)
        except pages_tree.TreeError as exc:
            raise PublishError(str(exc)) from None
    return Path(out_dir).resolve()


def configured_site(config_file: Path) -> tuple[Path, str | None]:
    """site_dir and docs_dir as mkdocs.yml sets them, read before MkDocs validates them (it has its
    own, narrower, check of site_dir that would speak first)."""
    try:
        with open(config_file, "rb") as f:
            raw = yaml_load(f)
    except Exception:  # MkDocs reports a broken config when it loads it
        raw = None
    raw = raw if isinstance(raw, dict) else {}
    docs = raw.get("docs_dir", "docs")
    return config_file.parent / str(raw.get("site_dir") or "site"), str(docs) if docs else None


def build_site(root: Path, site_dir: Path | None = None, *, strict: bool = True, jobs: int | None = None) -> Path:
    """Run the MkDocs build into a staging folder and swap it in. Raises PublishError on failure,
    OutputError when the target is refused or cannot be written.

    Pages are rendered by `jobs` worker processes (default: the usable CPUs); the output is the
    same as a serial `mkdocs build`; pages whose inputs did not change come from the caches
    (ROLEBOOK_CACHE=0: every page rendered afresh)."""
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise PublishError(f"{config_file} not found: run from the project root or pass its path")
    configured, docs_dir = configured_site(config_file)
    target = output_dir.preflight(Path(site_dir) if site_dir else configured, root, config_file=config_file,
                                  sources=source_folders(root, docs_dir))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(config_file), strict=strict, site_dir=str(target))
        with output_dir.replace(target, root, config_file=config_file, sources=source_folders(root, docs_dir),
                                reuse=True) as staging:  # starts from the tree the last build replaced, if kept
            config.site_dir = str(staging)
            parallel_build.build(config, default_jobs() if jobs is None else jobs, clean=False)
    except MkDocsException as exc:
        raise PublishError(str(exc)) from None
    return target
