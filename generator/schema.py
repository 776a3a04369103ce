"""JSON Schemas of every content file, generated from the pydantic models (the editor contract)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .models import FamiliesFile, LevelScheme, QuestionCategoriesFile, RegionsFile, Role, SiteSettings, SkillsFile, SourcesFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "role.schema.json": Role,
    "levels.schema.json": LevelScheme,
    "skills.schema.json": SkillsFile,
    "regions.schema.json": RegionsFile,
    "families.schema.json": FamiliesFile,
    "question_categories.schema.json": QuestionCategoriesFile,
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


def write_schemas(root: Path) -> list[Path]:
    written = []
    for path, text in generated_files(root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def check_schemas(root: Path) -> list[Path]:
    """Files that are missing or differ from what the models give."""
    return [path for path, text in generated_files(root).items()
            if not path.is_file() or path.read_text(encoding="utf-8") != text]
