"""JSON Schemas of every content file, generated from the pydantic models (the editor contract)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .load.safe_files import read_file, replace_file
from .models import FamiliesFile, LevelScheme, QuestionCategoriesFile, QuestionSet, RegionsFile, Role, SiteSettings, SkillsFile, SourcesFile
from .problems import ContentError

SCHEMAS: dict[str, type[BaseModel]] = {
    "role.schema.json": Role,
    "levels.schema.json": LevelScheme,
    "skills.schema.json": SkillsFile,
    "regions.schema.json": RegionsFile,
    "families.schema.json": FamiliesFile,
    "question_categories.schema.json": QuestionCategoriesFile,
    "question_set.schema.json": QuestionSet,
    "sources.schema.json": SourcesFile,
    "site.schema.json": SiteSettings,
}


def schema_for(model: type[BaseModel], name: str) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": name, **schema}


def render_schema(model: type[BaseModel], name: str) -> str:
    return json.dumps(schema_for(model, name), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


REFERENCE = Path("content") / "contributing" / "field-reference.md"


def generated_files(root: Path) -> dict[Path, str]:
    """Every file derived from the models: the JSON Schemas and the editors' field reference."""
    from .reference import field_reference

    files = {root / "site_config" / "schema" / name: render_schema(model, name) for name, model in SCHEMAS.items()}
    files[root / REFERENCE] = field_reference()
    return files


def generated_paths(root: Path) -> list[Path]:
    """Where generated_files writes (without reading the project)."""
    return [root / "site_config" / "schema" / name for name in SCHEMAS] + [root / REFERENCE]


def write_schemas(root: Path) -> list[Path]:
    written = []
    for path, text in generated_files(root).items():
        replace_file(root, path.relative_to(root).as_posix(), text)  # never through a link
        written.append(path)
    return written


def _current(root: Path, path: Path) -> str | None:
    try:
        return read_file(root, path.relative_to(root).as_posix(), 16 * 1024 * 1024).decode("utf-8")
    except (ContentError, UnicodeDecodeError):  # missing, a link, a FIFO...: stale, and never followed
        return None


def check_schemas(root: Path) -> list[Path]:
    """Files that are missing or differ from what the models give."""
    return [path for path, text in generated_files(root).items() if _current(root, path) != text]
