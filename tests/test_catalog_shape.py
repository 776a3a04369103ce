"""Catalogs of real shape: roles without levels, many families, shared question sets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import GOLDEN_PROJECT, copy_small_project, run_cli

from rolebook.generate import FAMILIES_MARKER, families_phrase, fill_markers, generate


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


SHARED = """title: Warehouse basics
description: Questions every data role is asked.
questions:
  - {text: What is a star schema?, category: technical, difficulty: easy}
  - {text: How do you load a table incrementally?, category: technical}
  - {text: When would you use a window function?, category: technical, level: P3}
"""


def _shared_by_three(root: Path) -> None:
    """The golden roles already share `sql-basics`; here a third role joins them in `warehouse-basics`."""
    (root / "site_config" / "question_sets").mkdir(exist_ok=True)
    (root / "site_config" / "question_sets" / "warehouse-basics.yaml").write_text(SHARED, encoding="utf-8")
    (root / "roles" / "data-steward.yaml").write_text(
        "title: Data Steward\nfamily: data\nsummary: Keeps the data definitions straight.\n"
        "question_sets: [warehouse-basics]\n", encoding="utf-8")
    for rid in ("data-analyst", "bi-developer"):
        role = root / "roles" / f"{rid}.yaml"
        text = role.read_text(encoding="utf-8")
        assert "question_sets: [sql-basics]\n" in text
        role.write_text(text.replace("question_sets: [sql-basics]", "question_sets: [sql-basics, warehouse-basics]"),
                        encoding="utf-8")


def test_a_shared_question_set_is_shown_once_with_all_its_roles(small: Path) -> None:
    import json

    _shared_by_three(small)
    generated = _catalog(small)
    assert not [w for w in generated.warnings if w.code == "duplicate-question"]
    data = json.loads(generated.pages["api/questions.json"])
    assert data["fields"][1] == "roles"
    shared = [q for q in data["questions"] if q[5] == "What is a star schema?"]
    assert len(shared) == 1 and shared[0][1] == ["bi-developer", "data-analyst", "data-steward"]
    bank = generated.pages["questions/index.md"]
    assert bank.count("What is a star schema?") == 1
    row = next(line for line in bank.splitlines() if "What is a star schema?" in line)
    assert "BI Developer, Data Analyst, Data Steward" in row
    links = next(line for line in bank.splitlines()[bank.splitlines().index(row):] if "question pages of" in line)
    for rid in ("bi-developer", "data-analyst", "data-steward"):
        assert f'href="../roles/{rid}/questions/#{shared[0][0]}"' in links
        page = generated.pages[f"roles/{rid}/questions.md"]
        assert "What is a star schema?" in page and f'id="{shared[0][0]}"' in page  # the same anchor on every page
    guide = generated.pages["roles/data-steward/index.md"]
    assert "## Interview questions" in guide and "All 3 questions" in guide  # a role asking only a set has them too


def test_a_true_duplicate_of_a_shared_question_is_still_warned(small: Path) -> None:
    _shared_by_three(small)
    role = small / "roles" / "data-analyst.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace(
        "questions:\n", "questions:\n  - {text: 'What is a star schema?', category: technical}\n", 1), encoding="utf-8")
    result = run_cli("validate", str(small))
    dupes = [line for line in result.stdout.splitlines() if "duplicate-question" in line]
    assert len(dupes) == 1, result.stdout
    assert dupes[0].startswith("roles/data-analyst.yaml:") and "repeats site_config/question_sets/warehouse-basics.yaml:4" in dupes[0]


def test_question_set_references_are_checked(small: Path) -> None:
    _shared_by_three(small)
    role = small / "roles" / "bi-developer.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("sql-basics, warehouse-basics", "sql-basics, warehouse-basic"),
                    encoding="utf-8")
    sets = small / "site_config" / "question_sets" / "warehouse-basics.yaml"
    sets.write_text(sets.read_text(encoding="utf-8").replace("level: P3", "level: P9"), encoding="utf-8")
    (small / "site_config" / "question_sets" / "spare.yaml").write_text(SHARED.replace("Warehouse basics", "Spare").replace("?", " again?"),
                                                                        encoding="utf-8")
    out = run_cli("validate", str(small)).stdout
    assert re.search(r"roles/bi-developer.yaml:\d+:\d+: error unknown-question-set: unknown question-set 'warehouse-basic'", out)
    assert "did you mean 'warehouse-basics'?" in out
    assert re.search(r"site_config/question_sets/warehouse-basics.yaml:6:\d+: error unknown-level: unknown level 'P9'", out)
    assert "warning unused-question-set: question set 'spare' is not asked by any role" in out
