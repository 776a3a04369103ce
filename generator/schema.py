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


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = out_dir / name
        path.write_text(render_schema(model, name), encoding="utf-8")
        written.append(path)
    return written


def check_schemas(out_dir: Path) -> list[str]:
    """Names of schema files that are missing or differ from the models."""
    stale = []
    for name, model in SCHEMAS.items():
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != render_schema(model, name):
            stale.append(name)
    return stale
