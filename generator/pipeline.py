"""The one owner of the order: read → validate → index. Rendering and publishing build on it."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from .load.csv_reader import MAX_CSV_BYTES
from .load.project import CONTENT_FOLDERS, ProjectFiles, find_root, read_project
from .load.safe_files import list_folder, read_file
from .load.yaml_reader import MAX_BYTES
from .problems import ContentError, Problem, errors, sort_problems
from .validate.crossrefs import check_project, today

if TYPE_CHECKING:
    from .changes import Scope


# One remembered result: `rolebook build` validates before MkDocs starts, and the plugin then asks
# again for the same unchanged files.
_LAST: dict[str, object] = {}


def _signature(root: Path) -> str | None:
    """A digest of every content file's path and bytes: any edit changes it (timestamps are too
    coarse to trust for two writes in quick succession). Read through the loaders' own gate and caps;
    anything it refuses (a link, a FIFO, a file too large) means: not worth remembering, the loaders
    report it."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(today().isoformat().encode())  # stale-source warnings depend on the build date
    for folder in CONTENT_FOLDERS:
        limit = MAX_CSV_BYTES if folder == "roles/compensation" else MAX_BYTES
        try:
            entries = list_folder(root, folder) or []
            for entry in entries:
                if entry.is_folder or entry.name.startswith(".") or entry.name == "README.md":
                    continue  # what the loaders skip
                data = read_file(root, entry.rel, limit)
                digest.update(f"{entry.rel}\0{len(data)}\0".encode())
                digest.update(data)
        except (ContentError, OSError):
            return None
    return digest.hexdigest()


def check(path: Path, scope: Scope | None = None) -> tuple[ProjectFiles, list[Problem]]:
    """Read every file (or those in scope) and run every check; never raises for bad content.

    A whole-project check is remembered; asked again for the same root with no file changed, the
    same result comes back without reading anything twice."""
    if scope is None:
        root = find_root(path)
        signature = _signature(root)
        if signature is not None and _LAST.get("key") == (root, signature):
            return _LAST["result"]  # type: ignore[return-value]
    project = read_project(path, scope)
    result = project, sort_problems(project.problems + check_project(project))
    if scope is None and signature is not None:
        _LAST.update(key=(root, signature), result=result)
    return result


def forget() -> None:
    """Let the remembered result go (a build done with the project, whose memory it holds)."""
    _LAST.clear()


class ValidationFailed(Exception):
    """The content has errors; `problems` says which (warnings included)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(errors(problems))} content error(s)")
