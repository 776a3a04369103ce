"""The broken and hostile content corpus: tests/data/invalid/<case>/.

Each case is laid over a copy of the small golden project: `files/` holds the files to add or
replace, `case.json` may list files to `remove` or to `pad` to a size in bytes, and `expected.txt`
holds lines that must appear in the output. Every case must exit 1 with locations and hints, no
traceback, and nothing written.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from rolebook import pipeline
from rolebook.cli import main

DATA = Path(__file__).parent / "data"
CASES = sorted(p for p in (DATA / "invalid").iterdir() if p.is_dir())
LOCATION = re.compile(r"^(?P<path>[\w./-]+?)(:(?P<line>\d+)(:(?P<col>\d+))?)?: (error|warning) [\w-]+( \w+)?: .+")


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


def _prepare(case: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(DATA / "golden-project", root)
    spec = json.loads((case / "case.json").read_text(encoding="utf-8")) if (case / "case.json").exists() else {}
    for rel in spec.get("remove", []):
        (root / rel).unlink()
    for file in (case / "files").rglob("*"):
        if file.is_file():
            dest = root / file.relative_to(case / "files")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, dest)
    for rel, size in spec.get("pad", {}).items():
        with open(root / rel, "a", encoding="utf-8") as handle:
            handle.write("# padding\n" * (size // 10 + 1))
    return root


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_case(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _prepare(case, tmp_path)
    code = main(["build", str(root)])
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert code == 1, output
    assert "Traceback" not in output
    for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        assert line in output, f"missing: {line}\n--- output ---\n{output}"
    problems = [ln for ln in output.splitlines() if re.match(r"^\S.*: (error|warning) ", ln)]
    assert problems, output
    for i, line in enumerate(output.splitlines()):
        if line in problems:
            assert LOCATION.match(line), line
            following = output.splitlines()[i + 1]
            assert following.startswith("    hint: "), f"no hint after: {line}"
    assert not (root / "site").exists(), "a failed build must write nothing"
    assert not [p for p in root.iterdir() if p.name.startswith(".site-")]
    # Again, each file's result now from the file cache (.cache/files/): the same problems, in the same order.
    pipeline._LAST.clear()
    assert main(["build", str(root)]) == 1
    again = capsys.readouterr()
    assert again.out + again.err == output
