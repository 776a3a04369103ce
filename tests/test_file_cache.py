"""The file cache (load/file_cache.py): each content file's model and problems reused while its bytes
are the same, and never once they changed, nor from an entry that does not verify."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rolebook import pipeline
from rolebook.load import project as loading
from rolebook.pipeline import check

GOLDEN = Path(__file__).parent / "data" / "golden-project"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(GOLDEN, dest, ignore=shutil.ignore_patterns(".cache"))
    return dest


def _check(root: Path) -> list[str]:
    pipeline._LAST.clear()  # the in-process memory of the last check: here, the files' cache is under test
    return [f"{p.location} {p.code}: {p.message} / {p.hint}" for p in check(root)[1]]


def _uncached(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    with monkeypatch.context() as m:
        m.setenv("ROLEBOOK_CACHE", "0")
        return _check(root)


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("a file was parsed again")
    monkeypatch.setattr(loading, "parse_yaml", refuse)
    monkeypatch.setattr(loading, "read_compensation_csv", refuse)


def test_unchanged_files_are_not_parsed_again(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    role = root / "roles" / "bi-developer.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("family: data", "family: dta\nfamily: data"), encoding="utf-8")
    first = _check(root)
    assert any("duplicate-key" in p for p in first) and any("unknown-family" in p for p in first)
    assert list((root / ".cache" / "files").glob("v1-*.file"))
    _no_parsing(monkeypatch)
    assert _check(root) == first  # same problems, same order, same positions (located from the stored marks)


def test_an_edited_file_is_read_again(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    role = root / "roles" / "bi-developer.yaml"
    good = role.read_text(encoding="utf-8")
    assert _check(root) == _uncached(root, monkeypatch) == []
    bad = good.replace("{skill: sql, proficiency: 5}", "{skill: sql, proficiency: 9}")
    assert len(bad) == len(good)
    role.write_text(bad, encoding="utf-8")
    broken = _check(root)
    assert broken and all(p.startswith("roles/bi-developer.yaml:5:") for p in broken), broken
    assert broken == _uncached(root, monkeypatch)
    role.write_text(good, encoding="utf-8")
    assert _check(root) == []
    with monkeypatch.context() as m:
        _no_parsing(m)  # unchanged since: nothing is parsed
        assert _check(root) == []
    role.write_text(bad, encoding="utf-8")
    assert _check(root) == broken


def test_an_entry_that_does_not_verify_is_not_used(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _check(root)
    entries = sorted((root / ".cache" / "files").glob("v1-*.file"))
    assert len(entries) > 2
    # Another file's entry, and an entry edited on disk: neither verifies, so each file is read again.
    entries[0].write_bytes(entries[1].read_bytes())
    header, _, body = entries[2].read_bytes().partition(b"\n")
    entries[2].write_bytes(header + b"\n" + body[:-1] + bytes([body[-1] ^ 1]))
    assert _check(root) == expected


def test_nothing_is_stored_when_caching_is_off(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _uncached(root, monkeypatch) == []
    assert not (root / ".cache" / "files").exists()


def test_entries_of_removed_files_are_pruned(root: Path) -> None:
    _check(root)
    before = set((root / ".cache" / "files").glob("v1-*.file"))
    (root / "roles" / "bi-developer.yaml").unlink()
    (root / "roles" / "compensation" / "bi-developer.csv").unlink(missing_ok=True)
    _check(root)
    after = set((root / ".cache" / "files").glob("v1-*.file"))
    assert after < before


def test_a_checked_project_keeps_positions_not_node_trees(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file read from disk keeps only its model and the positions of its values once it is checked: its
    YAML node tree and plain data (about 12x the file's size at 1,000 roles) are not held for the rest of
    the build. Cross-file problems are still located at their line and column."""
    role = root / "roles" / "bi-developer.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("family: data", "family: dta"), encoding="utf-8")
    problems = _uncached(root, monkeypatch)
    assert any("roles/bi-developer.yaml:" in p and "unknown-family" in p for p in problems), problems
    project = pipeline._LAST["result"][0]  # type: ignore[index]
    docs = [loaded.doc for loaded in project.roles.values()] + [loaded.doc for loaded in project.skills]
    assert docs and all(doc.root is None and doc.data is None and doc.marks is not None for doc in docs)
    assert problems == _uncached(root, monkeypatch)
