"""The site search index is part of the build: without Pagefind, or when it fails, there is no site."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_small_project, run_cli


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return copy_small_project(tmp_path / "project")


def _shadow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    """Stand-in `pagefind_bin` / `pagefind_bin_extended` modules ahead of the installed wheel."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    for name in ("pagefind_bin", "pagefind_bin_extended"):
        (shadow / f"{name}.py").write_text(body, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(shadow))


def test_build_writes_the_search_index(small: Path) -> None:
    result = run_cli("build", str(small))
    assert result.returncode == 0, result.stdout + result.stderr
    bundle = small / "site" / "pagefind"
    assert (bundle / "pagefind.js").is_file() and any((bundle / "index").iterdir())
    assert not (small / "site" / "search" / "search_index.json").exists()  # Material's whole-site index is gone


def test_missing_pagefind_fails_the_build_in_one_line(small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli("build", str(small)).returncode == 0
    before = (small / "site" / "index.html").read_bytes()
    _shadow(tmp_path, monkeypatch, 'raise ImportError("not installed")\n')
    result = run_cli("build", str(small))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "Pagefind" in line]
    assert len(lines) == 1 and "pip install 'pagefind[bin]" in lines[0], result.stderr
    assert (small / "site" / "index.html").read_bytes() == before  # the previous site is untouched


def test_failing_pagefind_fails_the_build_with_its_error(small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "fake-pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: could not write the index: No space left on device' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    _shadow(tmp_path, monkeypatch, f"from pathlib import Path\ndef get_executable():\n    return Path({str(fake)!r})\n")
    result = run_cli("build", str(small))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "Pagefind failed (exit 3)" in result.stderr and "No space left on device" in result.stderr, result.stderr
    assert not (small / "site").exists()  # nothing shipped without search
