"""Figures that must agree (issue 15): a role's time to learn against its roadmap's total, and source
notes, which readers see, against notes meant for developers. Warnings name file:line and the other line."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import copy_small_project, run_cli


def _with_months(root: Path, months: float) -> Path:
    """The small project's data analyst: a roadmap of 4 + 6 weeks (10 weeks, about 2.3 months)."""
    role = root / "roles" / "data-analyst.yaml"
    text = role.read_text(encoding="utf-8")
    assert "time_to_learn_months: 2.5}" in text and "weeks: 4\n" in text and "weeks: 6\n" in text, "adapt the test"
    role.write_text(text.replace("time_to_learn_months: 2.5}", f"time_to_learn_months: {months}}}"), encoding="utf-8")
    return role


def _line(role: Path, starts: str) -> int:
    return next(i for i, line in enumerate(role.read_text(encoding="utf-8").splitlines(), start=1)
                if line.lstrip().startswith(starts))


def test_time_to_learn_far_from_the_roadmap_total_is_warned_with_both_lines(tmp_path: Path) -> None:
    root = copy_small_project(tmp_path / "p")
    role = _with_months(root, 6)
    result = run_cli("validate", str(root))
    assert result.returncode == 0, result.stdout + result.stderr  # a warning does not fail validation
    months_line, roadmap_line = _line(role, "requirements:"), _line(role, "roadmap:") + 1  # its first phase
    warning = re.search(rf"roles/data-analyst\.yaml:{months_line}:\d+: warning time-to-learn-mismatch: (.*)", result.stdout)
    assert warning, result.stdout
    assert "6 months" in warning.group(1) and "10 weeks" in warning.group(1)
    assert f"roles/data-analyst.yaml:{roadmap_line}" in warning.group(1)
    hint = result.stdout[warning.end():].splitlines()[1]
    assert hint.strip().startswith("hint:") and "2.3" in hint


def test_time_to_learn_that_agrees_with_the_roadmap_is_not_warned(tmp_path: Path) -> None:
    root = copy_small_project(tmp_path / "p")
    _with_months(root, 3)  # 10 weeks is 2.3 months: within a month of 3
    result = run_cli("validate", str(root))
    assert "time-to-learn-mismatch" not in result.stdout, result.stdout


def test_a_source_note_naming_a_code_file_is_warned(tmp_path: Path) -> None:
    root = copy_small_project(tmp_path / "p")
    sources = root / "site_config" / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    assert "note: Directional figures." in text, "adapt the test"
    text = text.replace("note: Directional figures.", "note: \"Directional figures. Extracted by benchmarks/make_bls_csv.py.\"")
    sources.write_text(text, encoding="utf-8")
    result = run_cli("validate", str(root))
    line = text[:text.index("Extracted by")].count("\n") + 1
    assert re.search(rf"site_config/sources\.yaml:{line}:\d+: warning note-for-developers: .*benchmarks/make_bls_csv\.py",
                     result.stdout), result.stdout
