"""The one owner of the order: read → validate → index. Rendering and publishing build on it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .load.project import ProjectFiles, read_project
from .problems import Problem, errors, sort_problems
from .validate.crossrefs import check_project

if TYPE_CHECKING:
    from .changes import Scope


def check(path: Path, scope: "Scope | None" = None) -> tuple[ProjectFiles, list[Problem]]:
    """Read every file (or those in scope) and run every check; never raises for bad content."""
    project = read_project(path, scope)
    problems = project.problems + check_project(project)
    return project, sort_problems(problems)


class ValidationFailed(Exception):
    """The content has errors; `problems` says which (warnings included)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(errors(problems))} content error(s)")
