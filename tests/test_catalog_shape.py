"""Catalogs of real shape: roles without levels, many families, shared question sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import GOLDEN_PROJECT, copy_small_project, run_cli
from generator.generate import FAMILIES_MARKER, families_phrase, fill_markers, generate


def _add_families(root: Path, n: int) -> None:
    """n - 1 more families (the golden project has one), each with one role without levels."""
    families = root / "site_config" / "families.yaml"
    text = (GOLDEN_PROJECT / "site_config" / "families.yaml").read_text(encoding="utf-8")
    for old in (root / "roles").glob("other-role-*.yaml"):
        old.unlink()
    for i in range(1, n):
        text += f"  - {{id: other-{i}, name: Other Work {i}, code: OTH{i}, description: Roles of another kind.}}\n"
        (root / "roles" / f"other-role-{i}.yaml").write_text(
            f"title: Other Role {i}\nfamily: other-{i}\nsummary: A role with no career ladder.\n", encoding="utf-8")
    families.write_text(text, encoding="utf-8")


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return copy_small_project(tmp_path / "project")


def _catalog(root: Path):  # noqa: ANN202
    return generate(root, chart_cache=False, charts=False)


def test_a_role_without_levels_is_in_the_catalog_index(small: Path) -> None:
    (small / "roles" / "data-steward.yaml").write_text(
        "title: Data Steward\nfamily: data\nsummary: Keeps the data definitions straight.\n", encoding="utf-8")
    pages = _catalog(small).pages
    index = pages["catalog/index.md"]
    row = next(line for line in index.splitlines() if "Data Steward" in line)
    assert "<code>DATA.DATASTEWARD</code>" in row and 'href="../roles/data-steward/"' in row
    assert "No levels" in row
    assert "<code>DATA.BIDEVELOPER.P3</code>" in index  # the roles with levels are still listed
    assert "Data Steward" in pages["roles/index.md"] and "Data Steward" in pages["families/data.md"]


def test_families_phrase_follows_the_families_present(small: Path) -> None:
    assert families_phrase(_catalog(small).catalog) == "in Data & Analytics"
    _add_families(small, 2)
    assert families_phrase(_catalog(small).catalog) == "in Data & Analytics and Other Work 1"
    _add_families(small, 5)
    assert families_phrase(_catalog(small).catalog) == "across 5 families of work"


def test_the_marker_is_filled_as_plain_text(small: Path) -> None:
    families = small / "site_config" / "families.yaml"
    families.write_text(families.read_text(encoding="utf-8").replace("Data & Analytics", "\"Data *and* [Analytics](x)\""),
                        encoding="utf-8")
    out = fill_markers(_catalog(small).catalog, "index.md", f"# Find your next role {FAMILIES_MARKER}\n")
    assert "*" not in out and "[" not in out and out.startswith("# Find your next role in Data ")


def test_home_page_heading_names_the_families_present(small: Path) -> None:
    _add_families(small, 4)
    result = run_cli("build", str(small), "--site-dir", str(small / "out"))
    assert result.returncode == 0, result.stderr
    html = (small / "out" / "index.html").read_text(encoding="utf-8")
    assert "Find your next role across 4 families of work" in html
    assert "machine learning" not in html.split("<h1", 1)[1].split("</h1>", 1)[0]
