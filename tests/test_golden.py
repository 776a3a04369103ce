"""Renderers are pure (catalog → Markdown): their output is pinned by golden files.

Run `pytest tests/test_golden.py --update-goldens` after an intended change, then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.generate import generate, home_block, role_nav

PROJECT = Path(__file__).parent / "data" / "golden-project"
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def generated(monkeypatch_module: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch_module.setenv("SOURCE_DATE_EPOCH", "1790000000")
    return generate(PROJECT)


@pytest.fixture(scope="module")
def monkeypatch_module():  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as mp:
        yield mp


CASES = {
    "career_guide.md": lambda g: g.pages["roles/data-analyst/index.md"],
    "job_description.md": lambda g: g.pages["roles/data-analyst/job-description.md"],
    "roles_index.md": lambda g: g.pages["roles/index.md"],
    "home_block.md": lambda g: home_block(g.catalog, "index.md"),
    "nav.txt": lambda g: repr(role_nav(g.catalog, g.pages)) + "\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, generated, update_goldens: bool) -> None:  # type: ignore[no-untyped-def]
    actual = CASES[name](generated)
    path = GOLDEN / name
    if update_goldens:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"missing golden {path}; run pytest --update-goldens"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def test_generated_page_set(generated) -> None:  # type: ignore[no-untyped-def]
    assert sorted(generated.pages) == ["roles/data-analyst/index.md", "roles/data-analyst/job-description.md",
                                       "roles/index.md"]
