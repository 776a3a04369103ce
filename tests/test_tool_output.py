"""Text Rolebook prints for tools (CI logs, GitHub annotations) cannot be steered by editor text:
a file name or id with a line break never starts a line of its own, least of all a `::` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rolebook.problems import Problem, format_github, format_json, format_text
from tests.conftest import copy_small_project, run_cli

INJECT = "x\n::error file=roles/x.yaml::forged\r::set-env name=A::1\u2028::warning::y\x85::notice::z\x1b[31m"


def _problem() -> Problem:
    return Problem(f"roles/{INJECT}.yaml", 3, 7, f"code{INJECT}", f"unknown skill '{INJECT}'", f"hint {INJECT}")


@pytest.mark.parametrize("formatter", [format_text, format_github])
def test_no_editor_text_starts_a_line(formatter) -> None:  # type: ignore[no-untyped-def]
    out = formatter([_problem(), _problem()])
    lines = out.split("\n")
    forged = [ln for ln in lines if ln.startswith("::") and not ln.startswith("::error file=roles/x\\n")]
    assert not forged, out
    assert len(lines) == (2 if formatter is format_github else 5), out  # one per problem (+ hints, summary)
    for separator in ("\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1b"):
        assert separator not in out  # str.splitlines() and terminals would break or recolour here
    assert "\\n::error" in out or "%0A::error" in out  # the text is still shown, escaped


def test_json_keeps_the_exact_text() -> None:
    assert json.loads(format_json([_problem()]))[0]["path"] == f"roles/{INJECT}.yaml"


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_file_name_with_a_line_break_cannot_inject_a_command(fmt: str, tmp_path: Path) -> None:
    root = copy_small_project(tmp_path / "project")
    (root / "roles" / "bad\n::error title=forged::pwned.yaml").write_text("title: X\n", encoding="utf-8")
    result = run_cli("validate", str(root), "--format", fmt)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert "pwned" in out, out
    starts = [ln for ln in out.splitlines() if ln.startswith("::")]
    assert all(ln.startswith(("::error file=roles/bad", "::warning file=roles/bad")) for ln in starts), out
    if fmt == "text":
        assert not starts, out
