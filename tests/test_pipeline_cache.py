"""`rolebook build` validates once: check() remembers its last whole-project result, and any change
to what it read (or to the build date) makes it read again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rolebook.pipeline import check

PROJECT = Path(__file__).parent / "data" / "golden-project"


def test_same_files_same_result_changed_file_new_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    first = check(root)
    assert check(root) is first  # nothing changed: remembered
    role = root / "roles" / "bi-developer.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("title: BI Developer", "title: BI Developers"), encoding="utf-8")
    second = check(root)
    assert second is not first and second[0].roles["bi-developer"].model.title == "BI Developers"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1890000000")  # source-age warnings depend on the date
    assert check(root) is not second
    csv = root / "roles" / "compensation" / "pay.csv"
    before = check(root)
    csv.write_text(csv.read_text(encoding="utf-8").replace("55000", "56000"), encoding="utf-8")  # same size
    assert check(root) is not before


@pytest.mark.parametrize("rel", ["site_config/question_sets/sql-basics.yaml", "site_config/skills/all.yaml",
                                 "site_config/site.yaml"])
def test_an_edit_in_any_content_folder_is_seen(rel: str, tmp_path: Path) -> None:
    """Every folder the loaders read is in the signature: a live preview re-checks after any edit."""
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    before = check(root)
    with open(root / rel, "a", encoding="utf-8") as handle:
        handle.write("# edited\n")
    assert check(root) is not before
