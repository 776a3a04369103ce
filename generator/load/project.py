"""Find and read every content file of a project: site_config/ vocabularies, roles/, compensation CSVs.

This stage only reads and checks each file on its own; cross-file checks live in
``generator.validate.crossrefs``.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel

from ..models import (
    FamiliesFile,
    LevelScheme,
    QuestionCategoriesFile,
    QuestionSet,
    RegionsFile,
    Role,
    SiteSettings,
    SkillsFile,
    SourcesFile,
)
from ..models.common import MAX_ID_LENGTH, SLUG_PATTERN
from ..problems import ContentError, Problem
from ..validate.model_errors import validate_doc
from .csv_reader import MAX_CSV_BYTES, CsvRow, read_compensation_csv
from .file_cache import FileCache
from .safe_files import Entry, list_folder, read_file
from .yaml_reader import MAX_BYTES, YamlDoc, decode, parse_yaml, read_yaml

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
    question_sets: dict[str, Loaded[QuestionSet]] = field(default_factory=dict)
    """Shared question sets by id (the file name), from site_config/question_sets/."""
    question_set_files: set[str] = field(default_factory=set)
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
    """Accept the project root or its roles/ folder; return the project root.

    Links in the path the user gave are resolved here; below the root, `safe_files` follows none."""
    path = Path(os.path.abspath(path))
    if (path / "roles").is_dir() or (path / "site_config").is_dir():
        return path.resolve()
    if path.name == "roles" and path.is_dir():
        return path.parent.resolve()
    return path.resolve()


@dataclass(frozen=True)
class _Listing:
    entries: list[Entry]
    absent: bool = False
    refused: bool = False  # a link, not a folder, unreadable: the problem is reported


def _list(root: Path, rel: str, problems: list[Problem]) -> _Listing:
    try:
        entries = list_folder(root, rel)
    except ContentError as exc:
        problems.extend(exc.problems)
        return _Listing([], refused=True)
    except OSError as exc:
        problems.append(Problem(rel, 0, 0, "unreadable", f"cannot read folder: {exc.strerror}", "check the folder's permissions"))
        return _Listing([], refused=True)
    return _Listing([], absent=True) if entries is None else _Listing(entries)


# A live preview's memory of loaded files: (path, model, bytes) → (loaded, problems). None: off.
# Each read keeps only what it used, so an edited file's old version is let go.
MEMO: dict[tuple[str, str, bytes], tuple[Loaded | None, list[Problem]]] | None = None
_USED: dict[tuple[str, str, bytes], tuple[Loaded | None, list[Problem]]] = {}
# The files' stored results (see file_cache), for the read in progress.
_CACHE: list[FileCache] = []


def _bytes(root: Path, rel: str, limit: int) -> bytes | None:
    """A file's bytes, or None when it cannot be read (the reader reports why)."""
    try:
        return read_file(root, rel, limit)
    except (ContentError, OSError):
        return None


def _remembered(rel: str, kind: str, data: bytes | None) -> tuple[tuple[str, str, bytes] | None, Any]:
    """The memo key for these bytes, and what the live preview's memory or the file cache holds for them."""
    if data is None:
        return None, None
    key = (rel, kind, hashlib.blake2b(data, digest_size=20).digest()) if MEMO is not None else None
    if key is not None and MEMO is not None and key in MEMO:
        return key, MEMO[key]
    stored = _CACHE[-1].get(rel, kind, data) if _CACHE else None
    if stored is not None and kind != "csv":
        model, found, marks, doc_problems = stored
        stored = (Loaded(rel, YamlDoc(rel, None, None, doc_problems, marks), model) if model is not None else None,
                  found)
    return key, stored


def _load(root: Path, rel: str, model: type[M], problems: list[Problem]) -> Loaded[M] | None:
    data = _bytes(root, rel, MAX_BYTES)
    key, known = _remembered(rel, model.__name__, data)
    if known is None:
        try:
            doc = read_yaml(root, rel) if data is None else parse_yaml(rel, decode(rel, data))
        except ContentError as exc:
            known, marks, doc_problems = (None, exc.problems), None, None
        else:
            result, found = validate_doc(doc, model)
            known = (Loaded(rel, doc, result) if result is not None else None, doc.problems + found)
            marks, doc_problems = (doc.positions() if result is not None else None), doc.problems
            if result is not None:  # later checks read the model and the positions: the node tree (about
                doc.root = doc.data = None  # 12x the file's size) and the plain data are not kept for the build
        if data is not None and _CACHE:
            loaded = known[0]
            _CACHE[-1].put(rel, model.__name__, data,
                           (loaded.model if loaded is not None else None, known[1], marks, doc_problems))
    if key is not None:
        _USED[key] = known
    problems.extend(known[1])
    return known[0]


def read_project(path: Path, scope: Scope | None = None) -> ProjectFiles:
    """Read every file (or, with a scope, site_config plus the roles and CSVs in it); never raises
    for bad content: problems are collected. Every file and folder is read through `safe_files`."""
    root = find_root(path)
    _CACHE.append(FileCache(root))
    try:
        return _read_project(root, scope)
    finally:
        _CACHE.pop()


def _read_project(root: Path, scope: Scope | None) -> ProjectFiles:
    project = ProjectFiles(root=root)
    problems = project.problems
    config = _list(root, "site_config", problems)
    if config.absent:  # one problem, not one per vocabulary file
        if os.path.lexists(root / "roles"):
            problems.append(Problem("site_config", 0, 0, "missing-site-config", "there is no site_config/ folder (the "
                                    "site's vocabularies: families, levels, skills, regions, sources)",
                                    "restore it from the repository, or see the minimal one `rolebook init` writes"))
        else:
            problems.append(Problem(".", 0, 0, "no-project", "no Rolebook project here: there is no site_config/ or "
                                    "roles/ folder", "run `rolebook init` to write a minimal project here, or give "
                                    "the project's folder"))
            return project
    names = {e.name for e in config.entries}
    for attr, (name, model) in CONFIG_FILES.items():
        if name not in names:
            if not config.refused and not config.absent:
                problems.append(Problem(f"site_config/{name}", 0, 0, "missing-file", f"site_config/{name} is missing",
                                        "restore it from the repository; every site needs it"))
            continue
        setattr(project, attr, _load(root, f"site_config/{name}", model, problems))
    if config.entries:
        for entry in _list(root, "site_config/skills", problems).entries:
            if entry.name.endswith(".yaml"):
                loaded = _load(root, entry.rel, SkillsFile, problems)
                if loaded:
                    project.skills.append(loaded)
        _read_question_sets(root, project)
    part = scope if scope is not None and not scope.everything else None
    if _read_roles(root, project, part.roles if part else None):
        _read_compensation(root, project, part.csvs if part else None)
    if MEMO is not None and part is None:
        MEMO.clear()
        MEMO.update(_USED)
    if part is None:
        _CACHE[-1].prune()
    _USED.clear()
    return project


QUESTION_SETS = "site_config/question_sets"
CONTENT_FOLDERS = ("site_config", "site_config/skills", QUESTION_SETS, "roles", "roles/compensation")
"""Every folder read_project reads (the check cache's signature covers exactly these)."""


def _read_question_sets(root: Path, project: ProjectFiles) -> None:
    """site_config/question_sets/<id>.yaml: question sets shared by several roles (the folder is optional)."""
    problems = project.problems
    for entry in _list(root, QUESTION_SETS, problems).entries:
        name = PurePosixPath(entry.name)
        if entry.is_folder or entry.name.startswith(".") or entry.name == "README.md":
            continue
        if name.suffix != ".yaml":
            problems.append(Problem(entry.rel, 0, 0, "unexpected-file", f"'{name}' is not a question-set file",
                                    f"{QUESTION_SETS}/ holds only <id>.yaml files"))
            continue
        if len(name.stem) > MAX_ID_LENGTH or not re.fullmatch(SLUG_PATTERN, name.stem):
            problems.append(Problem(entry.rel, 0, 0, "bad-question-set-id",
                                    f"'{name.stem}' is not a valid question-set id" + (
                                        f": it is {len(name.stem)} characters long; the limit is {MAX_ID_LENGTH}"
                                        if len(name.stem) > MAX_ID_LENGTH else ""),
                                    f"name the file with lower-case letters, digits and single hyphens ({MAX_ID_LENGTH} "
                                    "characters at most), e.g. ml-fundamentals.yaml"))
            continue
        project.question_set_files.add(name.stem)
        loaded = _load(root, entry.rel, QuestionSet, problems)
        if loaded:
            project.question_sets[name.stem] = loaded


def _read_roles(root: Path, project: ProjectFiles, only: frozenset[str] | None = None) -> bool:
    """Read roles/*.yaml; False when roles/ itself cannot be read."""
    problems = project.problems
    listing = _list(root, "roles", problems)
    if listing.refused:
        return False
    if listing.absent:
        problems.append(Problem("roles", 0, 0, "missing-roles", "there is no roles/ folder", "create roles/ with one YAML file per role"))
        return False
    for entry in listing.entries:
        name = PurePosixPath(entry.name)
        if entry.is_folder or entry.name.startswith(".") or entry.name in {"README.md", "compensation"}:
            continue  # roles/compensation/ is read (and checked) by _read_compensation
        shown = entry.rel
        if name.suffix in {".yml", ".YAML", ".Yaml"}:
            problems.append(Problem(shown, 0, 0, "bad-extension", f"'{name}' must end in .yaml", f"rename it to {name.stem}.yaml"))
            continue
        if name.suffix != ".yaml":
            problems.append(Problem(shown, 0, 0, "unexpected-file", f"'{name}' is not a role file",
                                    "roles/ holds only <id>.yaml files and the compensation/ folder"))
            continue
        if len(name.stem) > MAX_ID_LENGTH:
            problems.append(Problem(shown, 0, 0, "bad-role-id",
                                    f"the role id '{name.stem}' is {len(name.stem)} characters long; the limit is {MAX_ID_LENGTH}",
                                    f"rename the file to a shorter id ({MAX_ID_LENGTH} characters at most), "
                                    "e.g. drop words the title already says"))
            continue
        if not re.fullmatch(SLUG_PATTERN, name.stem):
            problems.append(Problem(shown, 0, 0, "bad-role-id", f"'{name.stem}' is not a valid role id",
                                    "name the file with lower-case letters, digits and single hyphens, e.g. ai-engineer.yaml"))
            continue
        project.role_files.add(name.stem)  # the role exists, even if its file cannot be read
        if only is not None and name.stem not in only:
            continue
        loaded = _load(root, shown, Role, problems)
        if loaded:
            project.roles[name.stem] = loaded
    if not any(PurePosixPath(e.name).suffix == ".yaml" for e in listing.entries):
        problems.append(Problem("roles", 0, 0, "no-roles", "roles/ has no role files",
                                "add at least one roles/<id>.yaml (try 'rolebook new')"))
    return True


def _read_csv(root: Path, rel: str) -> tuple[list[CsvRow], list[Problem]]:
    """One compensation CSV's rows and problems; an unchanged file is not parsed again."""
    data = _bytes(root, rel, MAX_CSV_BYTES)
    key, known = _remembered(rel, "csv", data)
    if known is None:
        known = read_compensation_csv(root, rel, data)
        if data is not None and _CACHE:
            _CACHE[-1].put(rel, "csv", data, known)
    if key is not None:
        _USED[key] = known
    return known  # type: ignore[no-any-return]


def _read_compensation(root: Path, project: ProjectFiles, only: frozenset[str] | None = None) -> None:
    for entry in _list(root, "roles/compensation", project.problems).entries:
        shown = entry.rel
        if entry.name.startswith(".") or entry.name == "README.md":
            continue
        if only is not None and shown not in only:
            continue
        if not entry.name.endswith(".csv") or entry.is_folder:
            project.problems.append(Problem(shown, 0, 0, "unexpected-file", f"'{entry.name}' is not a CSV file",
                                            "roles/compensation/ holds only .csv files"))
            continue
        rows, problems = _read_csv(root, shown)
        project.compensation.extend(rows)
        project.problems.extend(problems)
