"""`rolebook init [DIR]` writes a minimal valid project; an empty folder says to run it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from rolebook.init_project import starter_files


@pytest.mark.parametrize("command", [["build"], ["validate"]])
def test_an_empty_folder_says_once_to_run_init(tmp_path: Path, command: list[str]) -> None:
    result = run_cli(*command, str(tmp_path))
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert out.count("no Rolebook project here") == 1 and "rolebook init" in out, out
    assert "missing-file" not in out and "missing-roles" not in out and "Traceback" not in out


def test_new_without_vocabularies_says_to_run_init(tmp_path: Path) -> None:
    result = run_cli("new", "ml-engineer", "--title", "ML Engineer", "--path", str(tmp_path))
    assert result.returncode == 1
    assert "one of: )" not in result.stderr and "rolebook init" in result.stderr, result.stderr
    assert not (tmp_path / "roles").exists()


def test_init_writes_a_valid_project_that_new_extends(tmp_path: Path) -> None:
    target = tmp_path / "catalog"
    result = run_cli("init", str(target))
    assert result.returncode == 0, result.stderr
    for rel in ("mkdocs.yml", "roles/data-analyst.yaml", "site_config/families.yaml", "site_config/schema/role.schema.json",
                ".pre-commit-config.yaml", ".github/workflows/rolebook.yml", "content/index.md"):
        assert (target / rel).is_file(), rel
    role = (target / "roles" / "data-analyst.yaml").read_text(encoding="utf-8")
    assert role.startswith("# yaml-language-server: $schema=../site_config/schema/role.schema.json\n")
    json.loads((target / "site_config" / "schema" / "role.schema.json").read_text(encoding="utf-8"))
    assert "rolebook validate" in (target / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "@VERSION@" not in (target / ".github" / "workflows" / "rolebook.yml").read_text(encoding="utf-8")
    checked = run_cli("validate", str(target))
    assert checked.returncode == 0 and "0 error(s), 0 warning(s)" in checked.stdout, checked.stdout
    assert run_cli("schema", "--check", str(target)).returncode == 0
    new = run_cli("new", "ml-engineer", "--title", "ML Engineer", "--path", str(target))
    assert new.returncode == 0, new.stderr
    assert run_cli("validate", str(target)).returncode == 0


def test_init_never_writes_over_a_file(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\n", encoding="utf-8")
    (tmp_path / "roles").mkdir()
    (tmp_path / "roles" / "data-analyst.yaml").write_text("mine\n", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    result = run_cli("init", str(tmp_path))
    assert result.returncode == 1
    assert "mkdocs.yml" in result.stderr and "roles/data-analyst.yaml" in result.stderr and "nothing was written" in result.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: Mine\n"


def test_init_checks_its_folder(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = run_cli("init", str(tmp_path / "file"))
    assert result.returncode == 1 and "is not a folder" in result.stderr and "Traceback" not in result.stderr
    result = run_cli("init", str(tmp_path / "missing" / "catalog"))
    assert result.returncode == 1 and "does not exist" in result.stderr and not (tmp_path / "missing").exists()
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    result = run_cli("init", str(tmp_path / "link"))
    assert result.returncode == 1 and not (tmp_path / "elsewhere").exists()


def test_starter_dot_files_are_named_as_in_a_project() -> None:
    assert ".pre-commit-config.yaml" in starter_files() and not any("dot-" in rel for rel in starter_files())
