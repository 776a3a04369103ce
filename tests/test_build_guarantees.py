"""Reproducible builds, and no request leaving the site on any page type."""

from __future__ import annotations

import filecmp
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import copy_project, run_cli


def _diff(a: Path, b: Path) -> list[str]:
    out: list[str] = []
    cmp = filecmp.dircmp(a, b)
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
