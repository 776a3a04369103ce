"""Reproducible builds, and no request leaving the site on any page type."""

from __future__ import annotations

import filecmp
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import copy_project, run_cli


def _diff(a: Path, b: Path) -> list[str]:
    out: list[str] = []
    cmp = filecmp.dircmp(a, b, ignore=[".rolebook-output"])  # what Rolebook wrote: no file MkDocs writes
    out += [f"only in first: {x}" for x in cmp.left_only] + [f"only in second: {x}" for x in cmp.right_only]
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    out += [f"differs: {(a / m)}" for m in mismatch + errors]
    for sub in cmp.common_dirs:
        out += _diff(a / sub, b / sub)
    return out


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    first = copy_project(tmp_path / "one")
    second = copy_project(tmp_path / "two")  # separate copies: nothing shared, not even the chart cache
    for root in (first, second):
        result = run_cli("build", str(root))
        assert result.returncode == 0, result.stderr
    assert _diff(first / "site", second / "site") == []


@pytest.mark.browser
def test_no_request_leaves_the_site(page: object, sample_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))  # type: ignore[attr-defined]
    for path in ("/", "/roles/", "/roles/ai-engineer/", "/roles/ai-engineer/job-description/", "/roles/ai-engineer/assessment/",
                 "/roles/data-scientist/questions/", "/roles/data-scientist/roadmap/", "/catalog/", "/catalog/aimlam.gen.p3/",
                 "/compensation/", "/questions/", "/skills/", "/skills/statistics/", "/compare/?a=AIMLAM.DSC.P3&b=AIMLAM.OPS.P3",
                 "/about/", "/contributing/", "/contributing/field-reference/"):
        page.goto(sample_url + path)  # type: ignore[attr-defined]
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    external = sorted({u for u in requests if urlparse(u).hostname not in {"127.0.0.1", "localhost"}})
    assert external == []
    assert len(requests) > 20


def test_parallel_build_equals_serial_mkdocs_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`rolebook build` renders pages in worker processes; the site must be exactly MkDocs' own."""
    import subprocess
    import sys

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    root = copy_project(tmp_path / "project")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    serial = subprocess.run([str(mkdocs), "build", "--strict", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(tmp_path / "serial")],
                            capture_output=True, text=True)
    assert serial.returncode == 0, serial.stderr
    for jobs in ("2", "3"):
        result = run_cli("build", str(root), "--jobs", jobs, "--site-dir", str(tmp_path / f"jobs-{jobs}"))
        assert result.returncode == 0, result.stderr
        assert _diff(tmp_path / "serial", tmp_path / f"jobs-{jobs}") == [], f"--jobs {jobs}"


def test_parallel_build_reports_worker_warnings_and_keeps_the_old_site(tmp_path: Path) -> None:
    """A warning raised while a worker renders a page fails the strict build like a serial one."""
    root = copy_project(tmp_path / "project")
    assert run_cli("build", str(root), "--jobs", "2").returncode == 0
    before = (root / "site" / "index.html").read_bytes()
    (root / "content" / "about" / "broken.md").write_text("# Broken\n\n[gone](../no-such-page.md)\n", encoding="utf-8")
    result = run_cli("build", str(root), "--jobs", "2")
    assert result.returncode == 1
    assert "no-such-page.md" in result.stderr and "strict" in result.stderr
    assert (root / "site" / "index.html").read_bytes() == before
