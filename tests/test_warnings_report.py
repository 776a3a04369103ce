"""Warnings at scale: `rolebook build` summarises them by code (the first few of each, a flag for all);
`validate --no-warnings` says how many it hid; the counts never lie."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_small_project, run_cli


def _with_warnings(root: Path, unused: int = 5) -> None:
    """`unused` skills no role uses (one warning each) and one source older than the limit."""
    skills = "\n".join(f"  - {{id: spare-{i}, name: Spare {i}, category: {{cat}}, description: Not used.}}" for i in range(unused))
    text = (root / "site_config" / "skills" / "all.yaml").read_text(encoding="utf-8")
    category = text.split("categories:", 1)[1].split("id:", 1)[1].split(",")[0].split("}")[0].strip()
    (root / "site_config" / "skills" / "spare.yaml").write_text("skills:\n" + skills.replace("{cat}", category) + "\n",
                                                                encoding="utf-8")
    sources = root / "site_config" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace('as_of: "2026-06"', 'as_of: "2019-01"'), encoding="utf-8")


@pytest.fixture
def warned(tmp_path: Path) -> Path:
    root = copy_small_project(tmp_path / "project")
    _with_warnings(root)
    return root


def test_build_prints_a_summary_by_code_with_the_first_few(warned: Path) -> None:
    result = run_cli("build", str(warned), "--pages-only", str(warned / "pages"))
    assert result.returncode == 0, result.stderr
    out = result.stderr
    assert "6 warning(s) of 2 kind(s):" in out
    assert "  unused-skill: 5" in out and "  stale-source: 1" in out
    assert out.index("unused-skill: 5") < out.index("stale-source: 1")  # most frequent first
    listed = [line for line in out.splitlines() if "warning unused-skill" in line]
    assert len(listed) == 3
    assert "... and 2 more unused-skill warning(s)" in out
    assert "--all-warnings" in out
    assert "warning stale-source" in out  # a rare kind is not buried by the frequent one


def test_build_all_warnings_lists_every_one(warned: Path) -> None:
    result = run_cli("build", str(warned), "--all-warnings", "--site-dir", str(warned / "out"))
    assert result.returncode == 0, result.stderr
    assert len([line for line in result.stderr.splitlines() if "warning unused-skill" in line]) == 5
    assert "0 error(s), 6 warning(s)" in result.stderr
    assert (warned / "out" / "index.html").is_file()


def test_validate_no_warnings_says_how_many_it_hid(warned: Path) -> None:
    result = run_cli("validate", str(warned), "--no-warnings")
    assert result.returncode == 0
    assert "warning unused-skill" not in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "0 error(s), 6 warning(s) hidden"
    shown = run_cli("validate", str(warned))
    assert shown.stdout.strip().splitlines()[-1] == "0 error(s), 6 warning(s)"


def test_counts_use_thousands_separators() -> None:
    from rolebook.problems import Problem, format_text

    many = [Problem("roles/a.yaml", i, 1, "duplicate-question", "x", severity="warning") for i in range(1, 1134)]
    assert format_text([], hidden=len(many)) == "0 error(s), 1,133 warning(s) hidden"
    assert format_text(many).splitlines()[-1] == "0 error(s), 1,133 warning(s)"
