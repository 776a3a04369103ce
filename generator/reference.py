"""The field reference for content editors, generated from the pydantic models' JSON Schema.

Written to content/contributing/field-reference.md by `rolebook schema`; `rolebook schema --check`
(and a test) fail when it is stale, like the JSON Schemas.
"""

from __future__ import annotations

import json
from typing import Any

from .models import Role

EXAMPLES = {
    "title": "AI Engineer", "family": "ai-ml", "code": "AIMLAM.ENG", "status": "published", "version": "1",
    "summary": "Builds and runs AI systems in production.", "skill": "rag-architecture", "proficiency": "3",
    "level": "P3", "time": "\"09:00\"", "weeks": "6", "currency": "USD", "min": "110000", "max": "140000",
    "median": "125000", "region": "us", "source": "jd-guide-2026", "as_of": "\"2026-06\"", "url": "https://example.org/guide",
    "years": "[3, 5]", "category": "technical", "difficulty": "medium", "confidence": "0.7", "id": "jd-guide-2026",
    "demand_score": "9.0", "automation_risk": "0.2", "time_to_learn_months": "9", "duration_minutes": "[30, 45]",
    "system": "onet-soc", "text": "How would you handle imbalanced data?", "type": "course",
}


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return f"[{_ref_name(prop['$ref'])}](#{_ref_name(prop['$ref']).lower()})"
    if "anyOf" in prop:
        kinds = [_type(p) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(dict.fromkeys(kinds))
    kind = prop.get("type")
    if kind == "array":
        if "prefixItems" in prop:
            return "list `[" + ", ".join(_type(p) for p in prop["prefixItems"]) + "]`"
        return "list of " + _type(prop.get("items", {}))
    if kind == "object":
        extra = prop.get("additionalProperties")
        return f"mapping of {_type(extra)}" if isinstance(extra, dict) else "mapping"
    if kind == "string" and prop.get("contentMediaType") == "text/markdown":
        return "Markdown text"
    names = {"string": "text", "integer": "whole number", "number": "number", "boolean": "true/false", "null": "null"}
    return names.get(kind, kind) if isinstance(kind, str) and kind else "any"


def _allowed(prop: dict[str, Any]) -> str:
    for candidate in [prop, *prop.get("anyOf", [])]:
        if "enum" in candidate:
            return ", ".join(f"`{v}`" for v in candidate["enum"])
        if "const" in candidate:
            return f"`{candidate['const']}`"
        signs = {"minimum": "≥", "exclusiveMinimum": ">", "maximum": "≤", "exclusiveMaximum": "<"}
        bounds = [f"{sign} {candidate[k]}" for k, sign in signs.items() if k in candidate]
        if bounds:
            return ", ".join(bounds)
        if "pattern" in candidate:
            return f"pattern `{candidate['pattern']}`"
        if "maxLength" in candidate:
            return f"up to {candidate['maxLength']} characters"
    return ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(name: str, schema: dict[str, Any]) -> list[str]:
    required = set(schema.get("required", []))
    lines = [f"### {name}", "", _cell(schema.get("description", "").strip()), "",
             "| Field | Type | Required | Allowed values | Description | Example |", "|---|---|---|---|---|---|"]
    for field, prop in schema.get("properties", {}).items():
        default = prop.get("default")
        req = "yes" if field in required else ("no" if default in (None, [], {}) else f"no (default `{json.dumps(default)}`)")
        example = f"`{EXAMPLES[field]}`" if field in EXAMPLES else ""
        lines.append(f"| `{field}` | {_type(prop)} | {req} | {_cell(_allowed(prop))} | {_cell(prop.get('description', ''))} | {example} |")
    return lines + [""]


def field_reference() -> str:
    schema = Role.model_json_schema(mode="validation")
    parts = [
        # Site search ranks this page low: it is a contributor's reference, not what a reader searching
        # "salary" wants first (theme/main.html turns the boost into a Pagefind weight).
        "---", "title: Field reference", "search:", "  boost: 0.1", "---", "",
        "# Field reference", "",
        "<!-- Generated from the models by `rolebook schema`; do not edit by hand. -->", "",
        "Every field a role file (`roles/<id>.yaml`) may contain. Unknown fields are errors. Text is shown",
        "as written; fields of type *text* never become markup. The same rules are in",
        "`site_config/schema/role.schema.json`, which editors use for completion.", "",
        "## Role (top level)", "",
    ]
    parts += _table("Role", schema)[2:]
    parts += ["## Nested sections", ""]
    for name in sorted(schema.get("$defs", {})):
        parts += _table(name, schema["$defs"][name])
    return "\n".join(parts).rstrip() + "\n"
