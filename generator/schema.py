"""JSON Schemas of every content file, generated from the pydantic models (the editor contract)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from .load.safe_files import read_file, replace_file
from .models import FamiliesFile, LevelScheme, QuestionCategoriesFile, QuestionSet, RegionsFile, Role, SiteSettings, SkillsFile, SourcesFile
from .models.common import EDITOR_PATTERNS
from .problems import ContentError
from .schema_vocabularies import Vocabularies, add_enums, read_vocabularies

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


DRAFT = "http://json-schema.org/draft-07/schema#"  # what VS Code's YAML extension handles fully today
ID_BASE = "urn:rolebook:schema:"  # an absolute $id; nothing is fetched from it


def schema_for(model: type[BaseModel], name: str, vocabularies: Vocabularies | None = None) -> dict[str, Any]:
    """The model's JSON Schema as draft-07, with `markdownDescription` and examples for editors and,
    given a project's vocabularies, its ids as enums. Not expressible in JSON Schema, so checked only
    by `rolebook validate`: one field against another (a salary's min over its max, `[min, max]` year
    ranges in order, a median between them), ids across files (a pinned role, a redirect) and a
    file's name."""
    schema = _draft7(model.model_json_schema(mode="validation", ref_template="#/definitions/{model}"))
    _editor_hints(schema)
    if vocabularies:
        add_enums(schema, model.__name__, vocabularies)
    return {"$schema": DRAFT, "$id": ID_BASE + name, **schema}


def _draft7(node: Any) -> Any:
    """Pydantic writes 2020-12: `$defs` becomes `definitions`, a tuple's `prefixItems` becomes `items`
    as a list (with `additionalItems: false` where 2020-12 said `items: false`)."""
    if isinstance(node, list):
        return [_draft7(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {("definitions" if key == "$defs" else key): _draft7(value) for key, value in node.items()}
    if "prefixItems" in out:
        rest = out.pop("items", None)
        out["items"] = out.pop("prefixItems")
        if rest is not None:
            out["additionalItems"] = rest
    return out


def _editor_hints(node: Any) -> None:
    """Every described field also gets a `markdownDescription` (VS Code renders its Markdown), and an
    example from the field reference where one fits the field's type."""
    from .reference import EXAMPLES

    if isinstance(node, list):
        for item in node:
            _editor_hints(item)
        return
    if not isinstance(node, dict):
        return
    if isinstance(node.get("description"), str):
        node["markdownDescription"] = node["description"]
    if node.get("x-editor-pattern") in EDITOR_PATTERNS:  # editor text (no controls, bidi controls or markers), dates
        node["pattern"] = EDITOR_PATTERNS[node.pop("x-editor-pattern")]
    for name, prop in (node.get("properties") or {}).items():
        if isinstance(prop, dict) and name in EXAMPLES and "examples" not in prop:
            example = yaml.safe_load(EXAMPLES[name])
            if _fits(example, prop):
                prop["examples"] = [example]
    for value in node.values():
        _editor_hints(value)


def _fits(value: Any, prop: dict[str, Any]) -> bool:
    kinds = {prop.get("type")} | {branch.get("type") for branch in prop.get("anyOf", [])}
    wanted: dict[str, type | tuple[type, ...]] = {"string": str, "integer": int, "number": (int, float), "array": list}
    return any(isinstance(value, wanted[k]) and not (k != "string" and isinstance(value, bool))
               for k in kinds if k in wanted)


def render_schema(model: type[BaseModel], name: str, vocabularies: Vocabularies | None = None) -> str:
    return json.dumps(schema_for(model, name, vocabularies), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


REFERENCE = Path("content") / "contributing" / "field-reference.md"


def generated_files(root: Path) -> dict[Path, str]:
    """Every file derived from the models: the JSON Schemas and the editors' field reference."""
    from .reference import field_reference

    vocabularies = read_vocabularies(root)  # the project's ids, offered as enums
    files = {root / "site_config" / "schema" / name: render_schema(model, name, vocabularies) for name, model in SCHEMAS.items()}
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
