"""`rolebook new`: a valid starter role file with every section present, commented, nothing invented."""

from __future__ import annotations

import json
import os
import re
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .load.safe_files import create_file
from .models import Role
from .models.common import MAX_ID_LENGTH, SLUG_PATTERN
from .problems import ContentError
from .reference import EXAMPLES

HEADER = """# yaml-language-server: $schema=../site_config/schema/role.schema.json
# Starter written by `rolebook new`. Uncomment and fill in the sections you know; delete the rest.
# Every field is described in the field reference (Contributing > Field reference on the site)."""

SET_FIELDS = ("title", "family", "status", "version", "summary")


class ScaffoldError(Exception):
    """The starter cannot be written (bad id, existing file, unknown family or source role)."""


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found:
            return found
    return None


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is list:
        return True
    return any(_is_list(a) for a in typing.get_args(annotation) if typing.get_origin(a) is list)


SAFE_EXAMPLES = ("skill", "level", "time", "as_of", "currency", "region", "url", "duration_minutes")


def _literal_values(annotation: Any) -> list[str]:
    if typing.get_origin(annotation) is typing.Literal:
        return [str(v) for v in typing.get_args(annotation)]
    for arg in typing.get_args(annotation):
        found = _literal_values(arg)
        if found:
            return found
    return []


def _example(name: str, annotation: Any) -> str:
    """A placeholder that teaches the form without asserting a fact: choices, a format, or `...`."""
    choices = _literal_values(annotation)
    if choices:
        return " | ".join(choices)
    if name in SAFE_EXAMPLES:
        return EXAMPLES[name]
    return "[]" if _is_list(annotation) else "..."


def _commented(model: type[BaseModel], indent: int, depth: int, skip: tuple[str, ...] = ()) -> list[str]:
    lines = []
    pad = " " * indent
    for name, field in model.model_fields.items():
        if name in skip:
            continue
        note = (field.description or "").split("\n")[0]
        sub = _model_of(field.annotation)
        if sub is not None and depth < 3:
            if _is_list(field.annotation):
                lines.append(f"# {pad}{name}:{'':<2}# {note}")
                inner = _commented(sub, indent + 4, depth + 1)
                if inner:
                    first = inner[0].replace(f"# {' ' * (indent + 4)}", f"# {pad}  - ", 1)
                    lines += [first, *inner[1:]]
            else:
                lines.append(f"# {pad}{name}:{'':<2}# {note}")
                lines += _commented(sub, indent + 2, depth + 1)
        else:
            example = _example(name, field.annotation)
            lines.append(f"# {pad}{name}: {example}{'':<2}# {note}")
    return lines


def starter_text(role_id: str, title: str, family: str, source: Role | None = None) -> str:
    """The starter file. With `source`, the skills and the ladder's level ids are reused."""
    lines = [
        HEADER,
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"family: {family}",
        "status: draft",
        "version: 1",
        'summary: "Draft: one or two plain sentences about what this role does."',
    ]
    skip: list[str] = list(SET_FIELDS)
    if source is not None and source.skills:
        lines.append("skills:  # copied from the role this one started from; adjust the proficiencies")
        lines += [f"  - {{skill: {s.skill}, proficiency: {s.proficiency}}}" for s in source.skills]
        skip.append("skills")
    if source is not None and source.levels:
        lines.append("levels:  # the same rungs as the role this one started from; retitle them")
        lines += [f"  - {{level: {lv.level}, title: {json.dumps(f'{title} ({lv.level})', ensure_ascii=False)}}}"
                  for lv in source.levels]
        skip.append("levels")
    lines.append("")
    lines += _commented(Role, 0, 0, tuple(skip))
    return "\n".join(lines) + "\n"


def write_starter(root: Path, role_id: str, title: str, family: str | None, from_id: str | None,
                  families: list[str], roles: dict[str, Role]) -> Path:
    if len(role_id) > MAX_ID_LENGTH:
        raise ScaffoldError(f"the role id '{role_id}' is {len(role_id)} characters long; the limit is {MAX_ID_LENGTH}: "
                            "use a shorter id, e.g. drop words the title already says")
    if not re.fullmatch(SLUG_PATTERN, role_id):
        raise ScaffoldError(f"'{role_id}' is not a valid role id: use lower-case letters, digits and single hyphens, "
                            "e.g. ai-engineer")
    target = root / "roles" / f"{role_id}.yaml"
    if target.exists() or target.is_symlink():
        raise ScaffoldError(f"{target.relative_to(root)} already exists; pick another id or edit that file")
    source = None
    if from_id is not None:
        if from_id not in roles:
            raise ScaffoldError(f"there is no valid role '{from_id}' to start from (roles/{from_id}.yaml)")
        source = roles[from_id]
        family = family or source.family
    if not families:
        raise ScaffoldError("there are no role families here (site_config/families.yaml is missing or has none): "
                            "run `rolebook init` in an empty folder to start a project, or give its folder with --path")
    if family is None:
        if len(families) != 1:
            raise ScaffoldError(f"say which family with --family (one of: {', '.join(families)})")
        family = families[0]
    if family not in families:
        raise ScaffoldError(f"unknown family '{family}' (one of: {', '.join(families)})")
    if not title.strip() or "\n" in title:
        raise ScaffoldError("--title must be one line of text")
    text = starter_text(role_id, title.strip(), family, source)
    if not os.path.lexists(root / "roles"):
        (root / "roles").mkdir()
    try:  # inside the project only, never through a link, never over anything (even in a race)
        create_file(root, f"roles/{role_id}.yaml", text)
    except FileExistsError:
        raise ScaffoldError(f"roles/{role_id}.yaml already exists (or is a link); pick another id or edit that file") from None
    except ContentError as exc:
        raise ScaffoldError("; ".join(f"{p.path}: {p.message} ({p.hint})" for p in exc.problems)) from None
    return target
