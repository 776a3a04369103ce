"""The editor schema (`rolebook schema`): draft-07 with an absolute $id, Markdown descriptions and
examples, and the project's ids as enums, so an editor (and check-jsonschema) catches an unknown id."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from conftest import GOLDEN_PROJECT, REPO
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from rolebook.models import Role
from rolebook.models.common import EDITOR_PATTERNS, _single_line, safe_text
from rolebook.schema import SCHEMAS, schema_for
from rolebook.schema_vocabularies import FIELDS, read_vocabularies

INVALID = Path(__file__).parent / "data" / "invalid"


def _role_schema(root: Path) -> dict:
    return schema_for(Role, "role.schema.json", read_vocabularies(root))


def _errors(schema: dict, path: Path) -> list[str]:
    """The validators that failed, nested ones included (YAML 1.2, read as check-jsonschema reads it)."""
    from ruamel.yaml import YAML

    def kinds(error: jsonschema.ValidationError) -> list[str]:
        return [str(error.validator)] + [k for sub in error.context or [] for k in kinds(sub)]

    doc = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    return [k for e in jsonschema.Draft7Validator(schema).iter_errors(doc) for k in kinds(e)]


def test_draft_07_with_an_absolute_id_and_markdown_descriptions() -> None:
    for name, model in SCHEMAS.items():
        schema = schema_for(model, name)
        jsonschema.Draft7Validator.check_schema(schema)
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        assert ":" in schema["$id"] and schema["$id"].endswith(name)
        text = json.dumps(schema)
        assert "$defs" not in text and "prefixItems" not in text  # 2020-12 keywords draft-07 ignores
    role = schema_for(Role, "role.schema.json")
    assert role["properties"]["title"]["markdownDescription"] == role["properties"]["title"]["description"]
    assert role["properties"]["title"]["examples"] == ["AI Engineer"]


def test_every_vocabulary_field_exists_in_the_role_schema() -> None:
    """A renamed field would silently lose its enum."""
    schema = schema_for(Role, "role.schema.json")
    models = {"Role": schema, **schema["definitions"]}
    missing = [key for key in FIELDS if key[1] not in models.get(key[0], {}).get("properties", {})]
    assert missing == []


def test_ids_are_enums_from_site_config() -> None:
    schema = _role_schema(GOLDEN_PROJECT)
    assert schema["properties"]["family"]["enum"] == ["data"]
    assert schema["definitions"]["SkillNeed"]["properties"]["skill"]["enum"] == ["sql", "statistics"]
    assert schema["definitions"]["Level"]["properties"]["level"]["enum"] == ["P1", "P3"]
    assert schema["definitions"]["Expectation"]["properties"]["levels"]["propertyNames"] == {"enum": ["P1", "P3"]}
    assert schema["definitions"]["SalaryBand"]["properties"]["source"]["markdownEnumDescriptions"] == [
        "Example Pay Survey", "Example Wage Statistics"]


@pytest.mark.parametrize("root", [REPO, GOLDEN_PROJECT], ids=["sample", "golden"])
def test_every_valid_role_passes_its_projects_schema(root: Path) -> None:
    schema = _role_schema(root)
    for path in sorted((root / "roles").glob("*.yaml")):
        assert _errors(schema, path) == [], path.name


@pytest.mark.parametrize(("case", "kind"), [
    ("bidi-override-in-question", "pattern"), ("c1-control-in-title", "pattern"), ("noncharacter-ffff-in-title", "pattern"),
    ("island-marker-in-text", "pattern"),
])
def test_unsafe_text_and_impossible_dates_are_rejected_by_the_schema(case: str, kind: str, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(GOLDEN_PROJECT, root)
    roles = sorted((INVALID / case / "files" / "roles").glob("*.yaml"))
    schema = _role_schema(root)
    assert roles and any(kind in _errors(schema, p) for p in roles), case


def test_the_schema_refuses_a_day_the_month_does_not_have() -> None:
    pattern = schema_for(Role, "role.schema.json")["definitions"]["Source"]["properties"]["as_of"]["pattern"]
    assert [d for d in ("2026-06", "2026-06-30", "2026-01-31", "2024-02-29", "2026-12-01") if not re.fullmatch(pattern, d)] == []
    assert [d for d in ("2026-06-31", "2026-13", "2026-02-30", "2026-00", "2026-04-31", "２０２６-06") if re.fullmatch(pattern, d)] == []


@given(st.text(st.characters(max_codepoint=0xFFFF), max_size=30))
def test_the_schema_text_pattern_never_refuses_what_rolebook_accepts(value: str) -> None:
    """Editors may let through what `rolebook validate` refuses (an invisible-only title), never the reverse."""
    for pattern, check in ((EDITOR_PATTERNS["text"], safe_text), (EDITOR_PATTERNS["line"], lambda v: _single_line(safe_text(v)))):
        if not re.fullmatch(pattern, value):
            with pytest.raises((ValueError, PydanticCustomError)):
                check(value)


@pytest.mark.parametrize("case", ["unknown-family", "unknown-level", "unknown-skill", "unknown-region", "unknown-source",
                                  "unknown-cited-source", "unknown-assessment-skill", "unknown-question-category"])
def test_an_unknown_id_is_rejected_by_the_schema(case: str, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(GOLDEN_PROJECT, root)
    for file in (INVALID / case / "files").rglob("*"):
        if file.is_file():
            (root / file.relative_to(INVALID / case / "files")).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, root / file.relative_to(INVALID / case / "files"))
    schema = _role_schema(root)
    roles = sorted((INVALID / case / "files" / "roles").glob("*.yaml"))
    assert roles and any("enum" in _errors(schema, root / "roles" / p.name) for p in roles), case


def test_a_vocabulary_that_does_not_load_adds_no_enum(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(GOLDEN_PROJECT, root)
    (root / "site_config" / "families.yaml").write_text("families: [not, valid]\n", encoding="utf-8")
    schema = _role_schema(root)
    assert "enum" not in schema["properties"]["family"] and "enum" in schema["definitions"]["SkillNeed"]["properties"]["skill"]
