"""Write output safely: the site is built beside the old one and swapped in only on success."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from . import parallel_build
from .jobs import default_jobs
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException


class PublishError(Exception):
    """The build failed; the previous output is untouched."""


@contextmanager
def swap_in(target: Path) -> Iterator[Path]:
    """Yield a fresh sibling directory; on success it replaces `target`, on failure it is removed."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = target.parent / f".{target.name}-old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def _refuse_inside(path: Path, root: Path, folders: tuple[str, ...]) -> None:
    for name in folders:
        protected = (root / name).resolve()
        if path.resolve() == protected or protected in path.resolve().parents:
            raise PublishError(f"refusing to write into {name}/: pick an output folder outside the sources")


def write_pages(pages: dict[str, str], out_dir: Path, root: Path) -> None:
    """Write generated Markdown pages to out_dir (replaced whole, atomically)."""
    _refuse_inside(out_dir, root, ("content", "roles", "site_config", "generator", "theme"))
    with swap_in(out_dir) as staging:
        for rel, text in pages.items():
            dest = (staging / rel).resolve()
            if staging.resolve() not in dest.parents:
                raise PublishError(f"unsafe page path {rel!r}")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text, encoding="utf-8")


def build_site(root: Path, site_dir: Path | None = None, *, strict: bool = True, jobs: int | None = None) -> Path:
    """Run the MkDocs build into a staging folder and swap it in. Raises PublishError on failure.

    Pages are rendered by `jobs` worker processes (default: the usable CPUs); the output is the
    same as a serial `mkdocs build`."""
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise PublishError(f"{config_file} not found: run from the project root or pass its path")
    config = load_config(config_file=str(config_file), strict=strict)
    target = Path(site_dir) if site_dir else Path(config.site_dir)
    _refuse_inside(target, root, ("content", "roles", "site_config", "generator", "theme"))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        with swap_in(target) as staging:
            config.site_dir = str(staging)
            parallel_build.build(config, default_jobs() if jobs is None else jobs)
    except MkDocsException as exc:
        raise PublishError(str(exc)) from None
    return target.resolve()
