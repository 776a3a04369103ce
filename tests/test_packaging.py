"""The package as another team installs it: declared dependencies, one version, typed, a pre-commit hook."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata

import yaml
from conftest import REPO, run_cli

import rolebook

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imports() -> tuple[set[str], set[str]]:
    """Third-party top-level modules generator/ imports: at module level, and only inside functions."""
    top, lazy = set(), set()
    for path in (REPO / "generator").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_level = {id(n) for n in tree.body} | {id(n) for s in tree.body if isinstance(s, ast.If | ast.Try) for n in ast.walk(s)}
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else [])
            for name in names:
                root = name.split(".")[0]
                if root not in sys.stdlib_module_names and root != "rolebook":
                    (top if id(node) in module_level else lazy).add(root)
    return top, lazy - top


def test_every_imported_module_is_a_declared_dependency() -> None:
    declared = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    extras = {_name(r) for group in PYPROJECT["project"]["optional-dependencies"].values() for r in group}
    owners = metadata.packages_distributions()
    top, lazy = _imports()
    missing = sorted(m for m in top if not {_name(d) for d in owners.get(m, [m])} & declared)
    assert missing == []
    missing_lazy = sorted(m for m in lazy if not {_name(d) for d in owners.get(m, [m])} & (declared | extras))
    assert missing_lazy == []


def test_the_version_is_written_once() -> None:
    assert "version" not in PYPROJECT["project"] and "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "rolebook.__version__"}
    assert run_cli("--version").stdout.strip() == f"rolebook {rolebook.__version__}"


def test_the_package_is_typed_and_ships_its_assets() -> None:
    assert (REPO / "generator" / "py.typed").is_file()
    data = PYPROJECT["tool"]["setuptools"]["package-data"]["rolebook"]
    assert {"py.typed", "theme/**/*", "starter/**/*"} <= set(data)
    assert isinstance(PYPROJECT["project"]["license"], str)  # an SPDX expression


def test_other_repositories_can_use_the_pre_commit_hook() -> None:
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert ".venv" not in text
    (hook,) = yaml.safe_load(text)
    assert hook["id"] == "rolebook-validate" and hook["entry"] == "rolebook validate" and hook["language"] == "python"
    files = re.compile(hook["files"])
    for path in ("roles/data-analyst.yaml", "roles/compensation/pay.csv", "site_config/levels.yaml", "site_config/skills/ml.yaml"):
        assert files.search(path), path
    for path in ("content/index.md", "README.md", "generator/cli.py"):
        assert not files.search(path), path
