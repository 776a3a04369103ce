"""Find and read every content file of a project: site_config/ vocabularies, roles/, compensation CSVs.

This stage only reads and checks each file on its own; cross-file checks live in
``generator.validate.crossrefs``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from pydantic import BaseModel

from ..models import FamiliesFile, LevelScheme, QuestionCategoriesFile, RegionsFile, Role, SiteSettings, SkillsFile, SourcesFile
from ..models.common import SLUG_PATTERN
from ..problems import ContentError, Problem
from ..validate.model_errors import validate_doc
from .csv_reader import CsvRow, read_compensation_csv
from .yaml_reader import YamlDoc, read_yaml

if TYPE_CHECKING:
    from ..changes import Scope

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A validated document with the YAML it came from (for locating cross-file problems)."""

    path: str
    doc: YamlDoc
    model: M


@dataclass
class ProjectFiles:
    """Everything read from disk, each file validated against its own model."""

    root: Path
    settings: Loaded[SiteSettings] | None = None
    levels: Loaded[LevelScheme] | None = None
    regions: Loaded[RegionsFile] | None = None
    families: Loaded[FamiliesFile] | None = None
    categories: Loaded[QuestionCategoriesFile] | None = None
    sources: Loaded[SourcesFile] | None = None
    skills: list[Loaded[SkillsFile]] = field(default_factory=list)
    roles: dict[str, Loaded[Role]] = field(default_factory=dict)
    role_files: set[str] = field(default_factory=set)
    compensation: list[CsvRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


CONFIG_FILES = {
    "settings": ("site.yaml", SiteSettings),
    "levels": ("levels.yaml", LevelScheme),
    "regions": ("regions.yaml", RegionsFile),
    "families": ("families.yaml", FamiliesFile),
    "categories": ("question_categories.yaml", QuestionCategoriesFile),
    "sources": ("sources.yaml", SourcesFile),
}


def find_root(path: Path) -> Path:
    """Accept the project root or its roles/ folder; return the project root."""
    path = path.resolve()
    if (path / "roles").is_dir() or (path / "site_config").is_dir():
        return path
    if path.name == "roles" and path.is_dir():
        return path.parent
    return path


def _display(root: Path, file: Path) -> str:
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()


def _load(root: Path, file: Path, model: type[M], problems: list[Problem]) -> Loaded[M] | None:
    shown = _display(root, file)
    try:
        doc = read_yaml(file, shown)
    except ContentError as exc:
        problems.extend(exc.problems)
        return None
    result, found = validate_doc(doc, model)
    problems.extend(found)
    return Loaded(shown, doc, result) if result is not None else None


def _inside(root: Path, file: Path) -> bool:
    try:
        file.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def read_project(path: Path, scope: "Scope | None" = None) -> ProjectFiles:
    """Read every file (or, with a scope, site_config plus the roles and CSVs in it); never raises
    for bad content: problems are collected."""
    root = find_root(path)
    project = ProjectFiles(root=root)
    problems = project.problems
    config_dir = root / "site_config"
    for attr, (name, model) in CONFIG_FILES.items():
        file = config_dir / name
        if not file.is_file():
            problems.append(Problem(f"site_config/{name}", 0, 0, "missing-file", f"site_config/{name} is missing",
                                    "restore it from the repository; every site needs it"))
            continue
        setattr(project, attr, _load(root, file, model, problems))
    for file in sorted((config_dir / "skills").glob("*.yaml")):
        loaded = _load(root, file, SkillsFile, problems)
        if loaded:
            project.skills.append(loaded)
    partial = scope is not None and not scope.everything
    _read_roles(root, project, scope.roles if partial else None)
    _read_compensation(root, project, scope.csvs if partial else None)
    return project


def _read_roles(root: Path, project: ProjectFiles, only: frozenset[str] | None = None) -> None:
    roles_dir = root / "roles"
    problems = project.problems
    if not roles_dir.is_dir():
        problems.append(Problem("roles", 0, 0, "missing-roles", "there is no roles/ folder", "create roles/ with one YAML file per role"))
        return
    for file in sorted(roles_dir.iterdir()):
        shown = _display(root, file)
        if file.is_dir() or file.name.startswith(".") or file.name in {"README.md"}:
            continue
        if file.suffix in {".yml", ".YAML", ".Yaml"}:
            problems.append(Problem(shown, 0, 0, "bad-extension", f"'{file.name}' must end in .yaml", f"rename it to {file.stem}.yaml"))
            continue
        if file.suffix != ".yaml":
            problems.append(Problem(shown, 0, 0, "unexpected-file", f"'{file.name}' is not a role file",
                                    "roles/ holds only <id>.yaml files and the compensation/ folder"))
            continue
        if not re.fullmatch(SLUG_PATTERN, file.stem) or len(file.stem) > 64:
            problems.append(Problem(shown, 0, 0, "bad-role-id", f"'{file.stem}' is not a valid role id",
                                    "name the file with lower-case letters, digits and single hyphens, e.g. ai-engineer.yaml"))
            continue
        if file.is_symlink() and not _inside(roles_dir, file):
            problems.append(Problem(shown, 0, 0, "symlink-outside", "the file is a link to outside roles/", "replace the link with the file"))
            continue
        project.role_files.add(file.stem)
        if only is not None and file.stem not in only:
            continue
        loaded = _load(root, file, Role, problems)
        if loaded:
            project.roles[file.stem] = loaded
    if not any(f.suffix == ".yaml" for f in roles_dir.iterdir()):
        problems.append(Problem("roles", 0, 0, "no-roles", "roles/ has no role files", "add at least one roles/<id>.yaml (try 'rolebook new')"))


def _read_compensation(root: Path, project: ProjectFiles, only: frozenset[str] | None = None) -> None:
    comp_dir = root / "roles" / "compensation"
    if not comp_dir.is_dir():
        return
    for file in sorted(comp_dir.iterdir()):
        shown = _display(root, file)
        if file.name.startswith(".") or file.name == "README.md":
            continue
        if only is not None and shown not in only:
            continue
        if file.suffix != ".csv" or file.is_dir():
            project.problems.append(Problem(shown, 0, 0, "unexpected-file", f"'{file.name}' is not a CSV file",
                                            "roles/compensation/ holds only .csv files"))
            continue
        rows, problems = read_compensation_csv(file, shown)
        project.compensation.extend(rows)
        project.problems.extend(problems)
