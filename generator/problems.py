"""Problems are data: where, what, how to fix. Collected by every stage, reported once."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Literal

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

    def printable(self) -> Problem:
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


def _lines(problems: Iterable[Problem], indent: str = "") -> list[str]:
    lines = []
    for p in (p.printable() for p in problems):
        lines.append(f"{indent}{p.location}: {p.severity} {p.code}: {p.message}")
        if p.hint:
            lines.append(f"{indent}    hint: {p.hint}")
    return lines


def counts(problems: list[Problem], hidden: int = 0) -> str:
    """The closing count line; warnings left out of the listing are counted as hidden, never as none."""
    n_err = len(errors(problems))
    n_warn = len(problems) - n_err
    if hidden:
        return f"{n_err:,} error(s), {n_warn + hidden:,} warning(s)" + (" hidden" if not n_warn else f" ({hidden:,} hidden)")
    return f"{n_err:,} error(s), {n_warn:,} warning(s)"


def format_text(problems: list[Problem], hidden: int = 0) -> str:
    """Every problem, then the count line; `hidden` warnings were left out by the caller (--no-warnings)."""
    return "\n".join(_lines(problems) + [counts(problems, hidden)])


SUMMARY_FIRST = 3
"""Warnings shown per code in a summary."""


def format_summary(problems: list[Problem], more_hint: str, first: int = SUMMARY_FIRST) -> str:
    """Warnings grouped by code, most frequent first: the count and the first few of each, so a
    thousand warnings of one kind cannot bury the few of another. `more_hint` says how to see all."""
    by_code: dict[str, list[Problem]] = {}
    for p in sort_problems(problems):
        if p.severity == "warning":
            by_code.setdefault(p.code, []).append(p)
    if not by_code:
        return ""
    total = sum(len(v) for v in by_code.values())
    lines = [f"{total:,} warning(s) of {len(by_code)} kind(s):"]
    for code, items in sorted(by_code.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append(f"  {printable(code)}: {len(items):,}")
        lines += _lines(items[:first], "    ")
        if len(items) > first:
            lines.append(f"    ... and {len(items) - first:,} more {printable(code)} warning(s)")
    if any(len(v) > first for v in by_code.values()):
        lines.append(more_hint)
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
