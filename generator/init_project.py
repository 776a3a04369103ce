"""`rolebook init [DIR]`: a minimal, valid project to start from (the files in generator/starter/),
with the JSON Schemas and field reference `rolebook schema` writes. Never writes over anything."""

from __future__ import annotations

import os
from pathlib import Path

from . import __version__
from .load.safe_files import create_file
from .problems import ContentError

STARTER = Path(__file__).parent / "starter"


class InitError(Exception):
    """The project cannot be written (DIR is not a folder, files already there, a write failed)."""


def starter_files() -> dict[str, str]:
    """Relative path → text of every starter file (`dot-x` in the package is `.x` in the project)."""
    files = {}
    for path in sorted(p for p in STARTER.rglob("*") if p.is_file()):
        rel = "/".join("." + part[4:] if part.startswith("dot-") else part for part in path.relative_to(STARTER).parts)
        files[rel] = path.read_text(encoding="utf-8").replace("@VERSION@", __version__)
    return files


def init_project(target: Path) -> list[str]:
    """Write the starter into `target` (made if missing; its parent must exist); the paths written."""
    from .schema import generated_paths, write_schemas

    if os.path.lexists(target) and (target.is_symlink() or not target.is_dir()):
        raise InitError(f"{target} is not a folder: give a new or existing folder to write the project into")
    if not os.path.lexists(target) and not target.absolute().parent.is_dir():
        raise InitError(f"{target.absolute().parent} does not exist: create it first, or give another folder")
    files = starter_files()
    root = target.resolve()
    written = [*files, *(path.relative_to(root).as_posix() for path in generated_paths(root))]
    taken = [rel for rel in written if os.path.lexists(root / rel)]
    if taken:
        shown = ", ".join(taken[:5]) + (f" and {len(taken) - 5} more" if len(taken) > 5 else "")
        raise InitError(f"{target} already holds {shown}; nothing was written (rolebook init never replaces "
                        "a file: run it in an empty folder, or move those files away)")
    try:
        root.mkdir(exist_ok=True)
        for rel, text in files.items():
            for depth in range(1, rel.count("/") + 1):
                folder = root.joinpath(*rel.split("/")[:depth])
                if not os.path.lexists(folder):
                    folder.mkdir()
            create_file(root, rel, text)
        write_schemas(root)  # the editor schemas (with the starter's ids) and the field reference
    except FileExistsError as exc:
        raise InitError(f"{exc.filename or target} appeared while writing; the files written so far are kept") from None
    except ContentError as exc:
        raise InitError("; ".join(f"{p.path}: {p.message} ({p.hint})" for p in exc.problems)) from None
    except OSError as exc:
        raise InitError(f"cannot write in {target}: {exc.strerror or exc}") from None
    return written
