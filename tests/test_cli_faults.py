"""Operational faults on the command line: one clear line, a non-zero exit, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rolebook.cli import main

GOLDEN = Path(__file__).parent / "data" / "golden-project"
ROLEBOOK = Path(sys.executable).with_name("rolebook")
HEADER = "role,level,region,currency,period,min,median,max,source,as_of\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(GOLDEN, dest)
    return dest


def test_output_closed_early_is_not_a_traceback(root: Path) -> None:
    # Far more output than a pipe holds, so rolebook is still writing when the reader goes away.
    rows = "".join(f"data-analyst,,mars,USD,year,{n},,{n + 1},survey,2026-06\n" for n in range(3000))
    (root / "roles" / "compensation" / "many.csv").write_text(HEADER + rows, encoding="utf-8")
    proc = subprocess.Popen([str(ROLEBOOK), "validate", str(root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # `| head -1`
    stderr = proc.stderr.read().decode()
    code = proc.wait(timeout=60)
    assert b"error" in first
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert code == 141  # as if killed by SIGPIPE, like git and coreutils
    assert stderr.count("\n") <= 1


def _previous(root: Path, tmp_path: Path, catalog: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["validate", str(root), "--no-warnings", "--previous-catalog", str(catalog)])
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert code == 1, out
    assert "Traceback" not in out
    problems = [ln for ln in out.splitlines() if ": error previous-catalog: " in ln]
    assert len(problems) == 1, out
    assert problems[0].startswith(f"{catalog.as_posix()}: error previous-catalog: cannot read the previous catalog: ")
    return problems[0]


@pytest.mark.parametrize("content, reason", [
    ('{"roles": [{"id": ["a", "b"]}]}', "roles[0].id is not a text"),
    ('{"roles": [{"id": {"x": 1}}]}', "roles[0].id is not a text"),
    ('{"roles": [{"id": 7}]}', "roles[0].id is not a text"),
    ('{"roles": [{"id": "ok-role"}, {"id": "x\\nsecret-value: error fake"}]}', "roles[1].id is not a role id"),
    ('{"roles": [{"title": "no id"}]}', "roles[0] has no id"),
    ('{"roles": ["a"]}', "roles[0] has no id"),
    ('{"roles": {"id": "a"}}', "'roles' is not a list"),
    ('[1, 2]', "no 'roles' list"),
    ('{}', "no 'roles' list"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"roles": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ("role,level\nsecret-value,x\n", "not JSON"),
    ("", "not JSON"),
])
def test_a_malformed_previous_catalog_is_one_clear_problem(content: str, reason: str, root: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "catalog.json"
    catalog.write_text(content, encoding="utf-8")
    line = _previous(root, tmp_path, catalog, capsys)
    assert reason in line
    assert "secret-value" not in line


def test_a_previous_catalog_that_is_a_folder(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "catalog.json"
    folder.mkdir()
    assert "is a folder" in _previous(root, tmp_path, folder, capsys)


def test_a_previous_catalog_that_is_not_utf8(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "catalog.json"
    catalog.write_bytes(b'{"roles": [{"id": "caf\xe9"}]}')
    assert "not UTF-8" in _previous(root, tmp_path, catalog, capsys)


def test_a_previous_catalog_that_is_a_fifo_does_not_block(root: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "catalog.json"
    os.mkfifo(fifo)
    result = subprocess.run([str(ROLEBOOK), "validate", str(root), "--no-warnings", "--previous-catalog", str(fifo)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 1, result.stderr
    assert f"{fifo.as_posix()}: error previous-catalog: cannot read the previous catalog: is a named pipe (FIFO)" in result.stdout


def test_a_good_previous_catalog_still_reports_removals(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps({"roles": [{"id": "data-analyst"}, {"id": "gone-role"}]}), encoding="utf-8")
    code = main(["validate", str(root), "--no-warnings", "--previous-catalog", str(catalog)])
    out = capsys.readouterr().out
    assert code == 1
    assert "error unredirected-removal: role 'gone-role' was published but has no page now" in out
    assert "data-analyst' was published" not in out
