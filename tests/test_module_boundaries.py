"""No module of Rolebook imports another module's private name (a leading underscore): what several
modules share is public in one place (issue 16's hot spots)."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "generator"


def test_no_private_name_is_imported_across_modules() -> None:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level > 0:  # Rolebook's own modules
                found += [f"{path.relative_to(SOURCE)}:{node.lineno}: {alias.name}" for alias in node.names
                          if alias.name.startswith("_") and not alias.name.startswith("__")]  # dunders (__version__) are public
    assert not found, "private names imported from another module (make them public where they are defined):\n" + "\n".join(found)
