"""Validate loaded YAML against a pydantic model; turn errors into located, friendly problems."""

from __future__ import annotations

import difflib
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..load.yaml_reader import YamlDoc
from ..models.common import MAX_ID_LENGTH
from ..problems import Problem

M = TypeVar("M", bound=BaseModel)

MAX_LISTED = 100
"""Problems listed per file: a file pasted in the wrong place can hold thousands of unknown keys."""

NUMBER_HINT = "write a plain number such as 130000: no thousands separators, currency signs or units"
HINTS = {
    "int_parsing": NUMBER_HINT,
    "int_from_float": "write a whole number",
    "float_parsing": NUMBER_HINT,
    "bool_parsing": "write true or false",
    "string_type": "write plain text; quote it if it contains ': ' or starts with a special character",
    "list_type": "write a list: one '- item' per line",
    "dict_type": "write a mapping of 'key: value' lines",
    "model_type": "write a mapping of 'key: value' lines",
    "tuple_type": "write a two-item list such as [3, 5]",
    "missing": "add the field",
    "too_short": "add at least one item",
    "greater_than_equal": "use a larger value",
    "less_than_equal": "use a smaller value",
    "greater_than": "use a larger value",
    "less_than": "use a smaller value",
    "string_too_long": "shorten the text",
    "string_too_short": "write some text or remove the field",
    "literal_error": "use one of the values listed",
    "unsafe_text": "delete that character: it is invisible or reorders text; retype the words around it if you cannot see it",
    "reserved_marker": "reword it: comments starting '<!--rb' or '<!--rolebook' are Rolebook's own page markers",
    "invisible_text": "write the text with visible letters or digits, or remove the field",
    "finite_number": "write an ordinary number in the field's range: nan, inf and numbers too large to hold are refused",
    "int_parsing_size": "write an ordinary number in the field's range",
}


def _all_field_names(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for field in model.model_fields.values():
        for arg in _model_args(field.annotation):
            names |= _all_field_names(arg, seen)
    return names


def _model_args(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_model_args(arg))
    return found


@cache
def _field_names(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(sorted(_all_field_names(model)))


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union-branch markers (e.g. 'str', 'Component') from a location."""
    return tuple(p for p in loc if isinstance(p, int) or not _union_tag(p))


def _union_tag(part: str) -> bool:
    """A branch name pydantic puts in a union's error location: a model name, `str`, `function-after[...]`.
    A mapping key such as a level id (`P3`, all capitals and digits) is a real location."""
    return part == "str" or part.startswith(("function-", "constrained-")) or (part[:1].isupper() and not part.isupper())


def error_to_problem(doc: YamlDoc, err: ErrorDetails, model: type[BaseModel]) -> Problem:
    loc = _clean_loc(tuple(err["loc"]))
    kind = err["type"]
    line, col = doc.locate(loc)
    where = _dotted(loc)
    hint = HINTS.get(kind, "")
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else "?"
        close = difflib.get_close_matches(name, _field_names(model), n=1, cutoff=0.6)
        message = f"unknown field '{name}'" + (f" at {_dotted(loc[:-1])}" if len(loc) > 1 else "")
        hint = f"did you mean '{close[0]}'?" if close else "remove it; see the field reference for allowed fields"
        if " " in name.strip():
            hint = "this looks like text split at a comma inside { ... }; put the whole text in quotes"
        return Problem(doc.path, line, col, "unknown-field", message, hint)
    if kind == "missing":
        line, col = doc.locate(loc[:-1])
        return Problem(doc.path, line, col, "missing-field", f"missing required field '{where}'", f"add '{loc[-1]}:'")
    if kind == "finite_number":
        return Problem(doc.path, line, col, "invalid-value",
                       f"{where}: {_describe(err.get('input'))} is not a finite number", hint)
    if kind.endswith("_type") or kind.endswith("_parsing") or kind == "int_parsing_size":
        message = f"{where}: {err['msg'].lower()}, got {_describe(err.get('input'))}"
        return Problem(doc.path, line, col, "wrong-type", message, hint)
    if kind in LIMITS:
        return _limit(doc.path, line, col, where, loc, kind, err)
    if kind == "string_pattern_mismatch":
        got = _describe(err.get("input"))
        return Problem(doc.path, line, col, "bad-format", f"{where}: {got} does not have the required form",
                       _pattern_hint(loc))
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if not hint:
        hint = "change the value as the message says; the field reference lists what each field accepts"
    return Problem(doc.path, line, col, "invalid-value", f"{where}: {msg}", hint)


LIMITS = {"string_too_long", "too_long", "too_short"}
LONG_TEXT_HINTS = {
    "summary": "keep one or two plain sentences here and move the rest to 'overview', which has no limit",
    "tagline": "keep one sentence here; longer text belongs in the home page's Markdown",
}
"""Where long text can go instead, by field name."""


def _limit(path: str, line: int, col: int, where: str, loc: tuple[Any, ...], kind: str, err: ErrorDetails) -> Problem:
    """A length or count limit, named with the value's size and the limit, and a hint on what to do."""
    ctx = err.get("ctx") or {}
    value = err.get("input")
    size = int(ctx.get("actual_length") or (len(value) if isinstance(value, (str, list, dict)) else 0))
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "string_too_long":
        limit = int(ctx.get("max_length", 0))
        message = f"{where} is {size:,} characters long; the limit is {limit:,}"
        hint = LONG_TEXT_HINTS.get(field) if len(loc) == 1 else None
        if hint is None and limit == MAX_ID_LENGTH:  # only ids are capped at 64
            hint = f"use a shorter id ({limit} characters at most)"
        hint = hint or f"shorten it to {limit:,} characters or fewer"
    elif kind == "too_long":
        limit = int(ctx.get("max_length", 0))
        message = f"{where} has {size:,} items; the limit is {limit:,}"
        hint = f"keep at most {limit:,} items"
    else:
        limit = int(ctx.get("min_length", 0))
        message = f"{where} has {size:,} item(s); at least {limit:,} needed"
        hint = "add at least one item" if limit == 1 else f"add items until there are {limit:,}"
    return Problem(path, line, col, "invalid-value", message, hint)


def _pattern_hint(loc: tuple[Any, ...]) -> str:
    last = next((p for p in reversed(loc) if isinstance(p, str)), "")
    return {
        "time": "write a 24-hour time in quotes, e.g. \"09:00\"",
        "code": "use the documented form, e.g. AIMLAM.GEN for a role or 15-1252 for a classification",
        "currency": "use an upper-case ISO 4217 code such as USD or EUR",
        "country": "use an upper-case two-letter ISO country code such as US",
        "level": "use a level id from site_config/levels.yaml such as P3",
        "as_of": "write YYYY-MM or YYYY-MM-DD",
    }.get(last, "use lower-case letters, digits and single hyphens, e.g. ai-engineer"
          if last in {"id", "family", "skill", "category", "source", "region"} else "see the field reference")


def validate_doc(doc: YamlDoc, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate a loaded document; return the model (or None) and located problems."""
    if not isinstance(doc.data, dict):
        got = "an empty file" if doc.data is None else _describe(doc.data)
        return None, [Problem(doc.path, 1, 1, "not-a-mapping", f"expected a mapping of fields, got {got}",
                              "start the file with 'title: ...' and the other fields")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        found = [e for e in exc.errors(include_url=False) if not _wrong_union_branch(e)]
        problems = [error_to_problem(doc, e, model) for e in found[:MAX_LISTED]]
        if len(found) > MAX_LISTED:
            line, col = doc.locate(_clean_loc(tuple(found[MAX_LISTED]["loc"])))
            problems.append(Problem(doc.path, line, col, "more-problems",
                                    f"{len(found) - MAX_LISTED:,} more problems in this file, from here on, are not listed",
                                    "fix the problems listed, then validate again to see the rest"))
        return None, problems


def _wrong_union_branch(err: ErrorDetails) -> bool:
    """A mapping given where text-or-mapping is allowed: report the mapping branch's errors only."""
    branches = [p for p in err["loc"] if isinstance(p, str) and (p == "str" or p.startswith("function-"))]
    if bool(branches) and isinstance(err.get("input"), (dict, list)):
        return True
    # Text given where text-or-mapping is allowed: report the text branch's errors, not "not a mapping".
    return err["type"] == "model_type" and isinstance(err.get("input"), str) and bool(err["loc"]) \
        and isinstance(err["loc"][-1], str) and _union_tag(err["loc"][-1])
