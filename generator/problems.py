"""Problems are data: where, what, how to fix. Collected by every stage, reported once."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, replace
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, with its location and a fix hint."""

    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    @property
    def location(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.col}" if self.col > 0 else f"{self.path}:{self.line}"

    def printable(self) -> "Problem":
        """The problem with every text field made one line of visible text (see `printable`)."""
        return replace(self, path=printable(self.path), code=printable(self.code),
                       message=printable(self.message), hint=printable(self.hint))


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Controls (C0, DEL, C1), line and paragraph separators, and bidi controls that reorder a terminal line.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text for a log line: line breaks, controls and bidi controls shown as escapes (`\\n`, `\\x1b`,
    `\\u202e`), so a file name or value quoted in a message can never start a line of its own (a
    `::error::` workflow command, say) or rewrite the terminal."""
    def escape(match: re.Match[str]) -> str:
        ch = match.group(0)
        return _ESCAPES.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) <= 0xFF else f"\\u{ord(ch):04x}")
    return _UNPRINTABLE.sub(escape, text)


class ContentError(Exception):
    """Raised by a loader when a file cannot be read at all; carries the problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.col, p.code, p.message))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def format_text(problems: list[Problem]) -> str:
    lines = []
    for p in (p.printable() for p in problems):
        lines.append(f"{p.location}: {p.severity} {p.code}: {p.message}")
        if p.hint:
            lines.append(f"    hint: {p.hint}")
    n_err = len(errors(problems))
    n_warn = len(problems) - n_err
    lines.append(f"{n_err} error(s), {n_warn} warning(s)")
    return "\n".join(lines)


def format_json(problems: list[Problem]) -> str:
    return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=False)


def _gh_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""
    out = []
    for p in (p.printable() for p in problems):
        kind = "error" if p.severity == "error" else "warning"
        props = [f"file={_gh_escape(p.path, prop=True)}"]
        if p.line > 0:
            props.append(f"line={p.line}")
        if p.col > 0:
            props.append(f"col={p.col}")
        props.append(f"title={_gh_escape(p.code, prop=True)}")
        body = p.message + (f" (hint: {p.hint})" if p.hint else "")
        out.append(f"::{kind} {','.join(props)}::{_gh_escape(body)}")
    return "\n".join(out)


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}
