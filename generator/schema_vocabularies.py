"""The editor schema's enums: the ids a project's site_config/ defines (families, levels, skills,
regions, sources, question categories), put on the fields that name one, so an editor offers them
as you type and check-jsonschema rejects an unknown id. A vocabulary file that does not load adds no
enum (the field keeps its id pattern); `rolebook validate` reports the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# (model, field) → vocabulary. A field named here must exist (tests/test_schema.py checks each one).
FIELDS: dict[tuple[str, str], str] = {
    ("Role", "family"): "families",
    ("SkillNeed", "skill"): "skills",
    ("Expectation", "skill"): "skills",
    ("RubricRow", "skill"): "skills",
    ("Assessment", "skills"): "skills",
    ("Level", "level"): "levels",
    ("Alias", "level"): "levels",
    ("Question", "level"): "levels",
    ("Expectation", "levels"): "levels",
    ("RubricRow", "levels"): "levels",
    ("SalaryBand", "region"): "regions",
    ("SalaryBand", "source"): "sources",
    ("SourcedText", "source"): "sources",
    ("Outlook", "source"): "sources",
    ("Assessment", "source"): "sources",
    ("Role", "cites"): "sources",
    ("Question", "category"): "categories",
}

Vocabularies = dict[str, dict[str, str]]  # vocabulary → id → its name (shown beside the id)


def read_vocabularies(root: Path) -> Vocabularies:
    """The ids defined in site_config/, plus the sources role files declare for themselves (a role
    may cite its own): a source declared by one role is offered in every role's schema."""
    from .load.project import read_project

    project = read_project(root)
    out: Vocabularies = {}
    if project.families:
        out["families"] = {f.id: f.name for f in project.families.model.families}
    if project.levels:
        out["levels"] = {lv.id: lv.name for lv in project.levels.model.levels}
    if project.skills:
        out["skills"] = {s.id: s.name for loaded in project.skills for s in loaded.model.skills}
    if project.regions:
        out["regions"] = {r.id: r.name for r in project.regions.model.regions}
    if project.categories:
        out["categories"] = {c.id: c.name for c in project.categories.model.categories}
    if project.sources:
        out["sources"] = {s.id: s.title for s in project.sources.model.sources}
        for loaded in project.roles.values():
            out["sources"].update({s.id: s.title for s in loaded.model.sources})
    return out


def add_enums(schema: dict[str, Any], model_name: str, vocabularies: Vocabularies) -> None:
    """Put each vocabulary's ids on the fields of FIELDS found in `schema` (the root model and its
    definitions)."""
    models = {model_name: schema, **schema.get("definitions", {})}
    for (model, field), vocabulary in FIELDS.items():
        prop = models.get(model, {}).get("properties", {}).get(field)
        if prop is not None and vocabulary in vocabularies and vocabularies[vocabulary]:
            prop.pop("examples", None)  # the field reference's example id may not exist here: the project's own
            _restrict(prop, vocabularies[vocabulary])


def _restrict(node: dict[str, Any], names: dict[str, str]) -> None:
    ids = sorted(names)
    if "anyOf" in node:  # an optional id: the id branch only
        for branch in node["anyOf"]:
            _restrict(branch, names)
    elif node.get("type") == "array":
        _restrict(node["items"], names)
    elif node.get("type") == "object":  # a mapping keyed by id (level id → expectation)
        node["propertyNames"] = {"enum": ids}
    elif node.get("type") == "string":
        node["enum"] = ids
        node["markdownEnumDescriptions"] = [names[i] for i in ids]
        node["examples"] = [ids[0]]
