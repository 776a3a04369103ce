"""Read one YAML file safely, keeping every value as the editor's text and its position.

* Safe composition only (no Python tags); every scalar stays a string, except an explicit null
  (`~`, `null`, empty). pydantic's lax mode then types values where the model wants numbers or
  booleans, so YAML 1.1 never turns `no` into false or `0123` into 83 behind the editor's back.
* Anchors/aliases, custom tags, several documents, oversized or non-UTF-8 files are refused with
  file:line:col and a fix hint. A duplicate key is recoverable: it is recorded (`YamlDoc.problems`),
  the first value is kept, and reading goes on, so the file's later problems are reported too.
* The node tree is kept so that a validation error's location can be mapped to line:col.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..problems import ContentError, Problem
from .safe_files import read_file

MAX_BYTES = 512 * 1024
MAX_DEPTH = 20
NULLS = {"", "~", "null", "Null", "NULL"}
STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:merge",
}


class _Refused(Exception):
    def __init__(self, mark: Any, code: str, message: str, hint: str):
        super().__init__(message)
        self.mark, self.code, self.message, self.hint = mark, code, message, hint


_PLAIN_TAGS = {
    **dict.fromkeys(("", "~", "null", "Null", "NULL"), "tag:yaml.org,2002:null"),
    "<<": "tag:yaml.org,2002:merge", "=": "tag:yaml.org,2002:value", **dict.fromkeys("!&*", "tag:yaml.org,2002:yaml"),
}
"""The only plain scalars whose implicit tag `_to_data` acts on: null, a merge key, and the two tags it
refuses. Every other plain scalar stays the editor's text whatever YAML 1.1 would type it as (bool,
int, float, timestamp: all standard tags), so it is resolved as a string without trying each of
YAML's regular expressions on it (800,000 scalars at 1,000 roles: about 0.5 CPU-s of check's 7.7)."""


class _PlainResolver:
    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            return _PLAIN_TAGS.get(value, "tag:yaml.org,2002:str")
        return super().resolve(kind, value, implicit)  # type: ignore[misc]


class _Loader(_PlainResolver, yaml.SafeLoader):
    """Pure-Python fallback: refuses aliases while composing, before they can expand."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _Refused(
                event.start_mark, "yaml-alias", f"YAML aliases are not allowed ('*{event.anchor}')",
                "write the value out in full; anchors and aliases are refused to keep files safe",
            )
        return Composer.compose_node(self, parent, index)


FAST = bool(getattr(yaml, "__with_libyaml__", False))
"""libyaml parses ~20x faster; it cannot refuse anchors while composing, so `_to_data` refuses any
node reached twice (an alias) before it can expand."""


class _CLoader(_PlainResolver, yaml.CSafeLoader if FAST else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's parser and composer; aliases are refused afterwards in `_to_data`."""


Marks = tuple[Any, ...]
"""Where a node is, and its children's: `(line, col)` for a scalar, `(line, col, [child, ...])` for a
list, `(line, col, {key: child})` for a mapping (a repeated key keeps its first value, as reading does).
Plain tuples, lists and dicts: a file's positions are stored with its cached result (load.file_cache)
and a cross-file problem in an unchanged file is located without parsing the file again."""


def marks_of(node: Node) -> Marks:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, MappingNode):
        keys: dict[str, Marks] = {}
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value not in keys:
                keys[k.value] = marks_of(v)
        return line, col, keys
    if isinstance(node, SequenceNode):
        return line, col, [marks_of(item) for item in node.value]
    return line, col


@dataclass
class YamlDoc:
    """A loaded file: plain data (strings, lists, dicts, None) plus the positions of its values.

    Read from disk, `root` is the node tree and `marks` is made from it on first use; from the file
    cache, `data` and `root` are None and `marks` is the stored positions."""

    path: str
    data: Any
    root: Node | None
    problems: list[Problem] = field(default_factory=list)
    """Recoverable problems found while reading (a duplicate key): errors, reported with the rest."""
    marks: Marks | None = field(default=None, repr=False, compare=False)

    def positions(self) -> Marks | None:
        """The positions tree (made once, in one walk, so locating every error stays linear)."""
        if self.marks is None and self.root is not None:
            self.marks = marks_of(self.root)
        return self.marks

    def locate(self, loc: tuple[Any, ...]) -> tuple[int, int]:
        """Line and column (1-based) of the value at a pydantic error location."""
        node = self.positions()
        if node is None:
            return 1, 1
        best = node[0], node[1]
        for key in loc:
            kids = node[2] if len(node) > 2 else None
            if isinstance(kids, dict):
                found = kids.get(str(key))
                if found is None:
                    return best
                node = found
            elif isinstance(kids, list) and isinstance(key, int) and 0 <= key < len(kids):
                node = kids[key]
            else:
                return best
            best = node[0], node[1]
        return best


def _problem(path: str, mark: Any, code: str, message: str, hint: str) -> Problem:
    line = mark.line + 1 if mark is not None else 0
    col = mark.column + 1 if mark is not None else 0
    return Problem(path, line, col, code, message, hint)


def _check_cut_comment(node: ScalarNode, lines: list[str]) -> None:
    """Refuse `text #1 priority`: YAML silently drops everything after ' #'."""
    end = node.end_mark
    if node.style or end.line >= len(lines):
        return
    rest = lines[end.line][end.column:]
    stripped = rest.lstrip(" ")
    if stripped.startswith("#") and rest != stripped and len(stripped) > 1 and not stripped[1].isspace() and stripped[1] != "#":
        raise _Refused(
            end, "yaml-comment-cut",
            f"the text after ' #' was read as a comment, so the value is cut to '{node.value}'",
            "put the whole value in quotes, e.g. \"text #1 priority\"",
        )


def _to_data(path: str, node: Node, depth: int = 0, lines: list[str] | None = None,
             visited: set[int] | None = None, found: list[Problem] | None = None) -> Any:
    visited = set() if visited is None else visited
    found = [] if found is None else found
    if id(node) in visited:
        raise _Refused(
            node.start_mark, "yaml-alias", "YAML anchors and aliases are not allowed (this value is reused by an alias)",
            "write each value out in full; remove the '&name' anchor and every '*name' alias",
        )
    visited.add(id(node))
    if depth > MAX_DEPTH:
        raise _Refused(node.start_mark, "yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels", "flatten the structure")
    if node.tag not in STANDARD_TAGS:
        raise _Refused(node.start_mark, "yaml-tag", f"custom YAML tag '{node.tag}' is not allowed", "remove the tag")
    if isinstance(node, ScalarNode):
        if node.tag == "tag:yaml.org,2002:null" and not node.style and node.value in NULLS:
            return None
        if lines is not None:
            _check_cut_comment(node, lines)
        return node.value
    if isinstance(node, SequenceNode):
        return [_to_data(path, item, depth + 1, lines, visited, found) for item in node.value]
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Refused(key_node.start_mark, "yaml-key", "a mapping key must be plain text", "use a simple key name")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(key_node.start_mark, "yaml-merge", "merge keys ('<<') are not allowed", "write the keys out in full")
            key = key_node.value
            if key in seen:  # recorded, not raised: the first value is kept and the rest of the file is read
                first = seen[key].start_mark.line + 1
                found.append(_problem(path, key_node.start_mark, "duplicate-key",
                                      f"duplicate key '{key}' (first defined on line {first})",
                                      "keep one of the two; until then the first value is used"))
                _to_data(path, value_node, depth + 1, lines, visited, found)  # its own problems still count
                continue
            seen[key] = key_node
            result[key] = _to_data(path, value_node, depth + 1, lines, visited, found)
        return result
    raise _Refused(node.start_mark, "yaml-node", "unsupported YAML node", "use plain mappings, lists and text")


def decode(path: str, raw: bytes, limit: int = MAX_BYTES) -> str:
    """Decode UTF-8 (a BOM is accepted) or raise ContentError naming the line of the bad byte."""
    if len(raw) > limit:
        raise ContentError([Problem(path, 0, 0, "file-too-large",
                                    f"file is {len(raw):,} bytes; the limit is {limit:,}",
                                    "split the content into several files or shorten it")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError([Problem(path, line, col, "not-utf8",
                                    f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                                    "save the file as UTF-8")]) from None


def _is_tab(text: str, mark: Any) -> bool:
    if mark is None:
        return False
    lines = text.splitlines()
    return mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]


def parse_yaml(path: str, text: str) -> YamlDoc:
    """Parse YAML text into a YamlDoc; raise ContentError with positions on any refusal."""
    loader = _CLoader(text) if FAST else _Loader(text)
    found: list[Problem] = []
    try:
        root = loader.get_single_node()
        data = None if root is None else _to_data(path, root, 0, text.splitlines(), None, found)
    except _Refused as exc:
        raise ContentError([_problem(path, exc.mark, exc.code, exc.message, exc.hint)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = (exc.problem or exc.context or "invalid YAML").strip()
        hint = "fix the YAML syntax at this position"
        code = "yaml-syntax"
        if "expected a single document" in str(exc):
            code, message, hint = "yaml-multi-doc", "the file holds more than one YAML document", \
                "keep one document; remove the extra '---'"
        elif "mapping values are not allowed" in message:
            hint = "put the text in quotes: it contains ': ', which YAML reads as a new key"
        elif "undefined alias" in message:
            code, hint = "yaml-alias", "anchors and aliases are not allowed; write the value out in full"
        elif _is_tab(text, mark) or "\\t" in message:
            code, message, hint = "yaml-tab", "a tab character is not allowed here", "indent with spaces, not tabs"
        raise ContentError([_problem(path, mark, code, message, hint)]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(path, 0, 0, "yaml-syntax", str(exc).strip(), "fix the YAML syntax")]) from None
    finally:
        loader.dispose()
    return YamlDoc(path=path, data=data, root=root, problems=found)


def read_yaml(root: Path, rel: str) -> YamlDoc:
    """Read (through `safe_files`: a regular file inside `root`, capped) and parse one YAML file;
    `rel` is its path from `root`, shown in messages."""
    return parse_yaml(rel, decode(rel, read_file(root, rel, MAX_BYTES)))
