"""The injection corpus: every free-text leaf of every role file and `site_config` file, replaced.

Which leaves are free text comes from the models themselves: a string whose type carries the shared
editor-text check (`safe_text`, used by Label, Title, Text, Summary and Markdown). Ids, enums, dates,
numbers and URLs keep their valid values, so the documents stay valid apart from the payload.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from rolebook.load.project import CONFIG_FILES
from rolebook.models import Role, SkillsFile
from rolebook.models.common import safe_text

GOLDEN = Path(__file__).parent / "data" / "golden-project"
FULL_ROLE = Path(__file__).parent / "data" / "injection-full-role.yaml"


@dataclass(frozen=True)
class TextKind:
    single_line: bool
    max_length: int
    needs_word: bool


Loc = tuple[Any, ...]


def text_kind(annotation: Any) -> TextKind | None:
    """The kind of free text an annotation is, or None when it is not editor free text."""
    metadata = getattr(annotation, "__metadata__", ())
    funcs = [getattr(m, "func", None) for m in metadata]
    if safe_text not in funcs:
        return None
    names = {getattr(f, "__name__", "") for f in funcs}
    max_length = next(m.max_length for m in metadata if getattr(m, "max_length", None))
    return TextKind("_single_line" in names, max_length, "_has_word" in names)


def _branches(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return [b for arg in typing.get_args(annotation) for b in _branches(arg)]
    return [annotation]


def leaves(data: Any, annotation: Any, loc: Loc = ()) -> Iterator[tuple[Loc, TextKind]]:
    """Every free-text string in `data` (validated against `annotation`) with its location."""
    for branch in _branches(annotation):
        kind = text_kind(branch)
        if kind is not None and isinstance(data, str):
            yield loc, kind
            return
        if typing.get_origin(branch) is typing.Annotated:
            branch = typing.get_args(branch)[0]
        if isinstance(branch, type) and issubclass(branch, BaseModel) and isinstance(data, dict):
            for key, value in data.items():
                field = branch.model_fields[key]
                inner = field.annotation
                if field.metadata:
                    inner = typing.Annotated[(inner, *field.metadata)]
                yield from leaves(value, inner, (*loc, key))
            return
        origin, args = typing.get_origin(branch), typing.get_args(branch)
        if origin is list and isinstance(data, list):
            for i, item in enumerate(data):
                yield from leaves(item, args[0], (*loc, i))
            return
        if origin is tuple and isinstance(data, list):
            return
        if origin is dict and isinstance(data, dict):
            for key, value in data.items():
                yield from leaves(value, args[1], (*loc, key))
            return


def _fill_optional_fields(docs: dict[str, tuple[Any, type[BaseModel]]]) -> None:
    """The optional site_config text fields the golden project leaves out, so the corpus reaches them."""
    docs["site_config/site.yaml"][0]["about"] = "About this site."
    docs["site_config/levels.yaml"][0]["tracks"][0]["description"] = "Individual contributors."
    docs["site_config/regions.yaml"][0]["regions"][0]["col_note"] = "Varies by city"
    docs["site_config/sources.yaml"][0]["sources"][0]["license"] = "Public domain"
    docs["site_config/skills/all.yaml"][0]["skills"][0]["resources"] = [
        {"title": "SQL docs", "type": "docs", "url": "https://example.org/sql", "provider": "Example"}]


def documents(root: Path = GOLDEN) -> dict[str, tuple[Any, type[BaseModel]]]:
    """Every role and site_config YAML file of a project: relative path → (data, model)."""
    docs: dict[str, tuple[Any, type[BaseModel]]] = {}
    for name, model in CONFIG_FILES.values():
        docs[f"site_config/{name}"] = (yaml.safe_load((root / "site_config" / name).read_text(encoding="utf-8")), model)
    for file in sorted((root / "site_config" / "skills").glob("*.yaml")):
        docs[f"site_config/skills/{file.name}"] = (yaml.safe_load(file.read_text(encoding="utf-8")), SkillsFile)
    for file in sorted((root / "roles").glob("*.yaml")):
        docs[f"roles/{file.name}"] = (yaml.safe_load(file.read_text(encoding="utf-8")), Role)
    docs["roles/full-role.yaml"] = (yaml.safe_load(FULL_ROLE.read_text(encoding="utf-8")), Role)
    _fill_optional_fields(docs)
    return docs


def field_paths(annotation: Any, prefix: str = "") -> set[str]:
    """Every free-text field a model declares, as a path such as `levels[].components.tasks[]`."""
    out: set[str] = set()
    for branch in _branches(annotation):
        if text_kind(branch) is not None:
            out.add(prefix)
            continue
        if typing.get_origin(branch) is typing.Annotated:
            branch = typing.get_args(branch)[0]
        if isinstance(branch, type) and issubclass(branch, BaseModel):
            for key, field in branch.model_fields.items():
                inner = typing.Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
                out |= field_paths(inner, f"{prefix}.{key}" if prefix else key)
        elif typing.get_origin(branch) in (list, dict):
            out |= field_paths(typing.get_args(branch)[-1], prefix + "[]")
    return out


def path_of(loc: Loc) -> str:
    """A leaf location written as a `field_paths` path (list indexes and dict keys become `[]`)."""
    out = ""
    for i, part in enumerate(loc):
        keyed = isinstance(part, int) or (i > 0 and loc[i - 1] == "levels" and isinstance(part, str) and part[:1].isupper())
        out += "[]" if keyed else (f".{part}" if out else part)
    return out


def replaced(data: Any, loc: Loc, value: str) -> Any:
    """`data` with the leaf at `loc` set to `value` (a copy along the path)."""
    if not loc:
        return value
    head, rest = loc[0], loc[1:]
    if isinstance(data, list):
        out = list(data)
    else:
        out = dict(data)
    out[head] = replaced(data[head], rest, value)
    return out


def hostile(data: Any, model: type[BaseModel], payload: Callable[[TextKind, str], str]) -> tuple[Any, list[Loc]]:
    """The document with every free-text leaf replaced by `payload(kind, original)`, and the leaves."""
    found = list(leaves(data, model))
    for loc, kind in found:
        original = data
        for part in loc:
            original = original[part]
        data = replaced(data, loc, payload(kind, original))
    return data, [loc for loc, _ in found]


def dump(data: Any) -> str:
    """YAML an editor could have written: every string double-quoted, odd characters as escapes."""
    return yaml.dump(data, Dumper=_Quoted, allow_unicode=False, sort_keys=False, width=10_000)


class _Quoted(yaml.SafeDumper):
    pass


_Quoted.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style='"'))
