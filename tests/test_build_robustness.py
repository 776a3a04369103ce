"""What validates, builds: every number a model accepts is bounded and finite, and problems in one
file are reported where they are, not as a cascade of follow-on errors elsewhere."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_small_project

from rolebook.cli import main
from rolebook.models.compensation import CompensationRow
from rolebook.schema import SCHEMAS, schema_for


def _walk(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}/{i}")


MODELS = {**SCHEMAS, "compensation row": CompensationRow}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_number_has_bounds(name: str) -> None:
    """A number field without an upper bound lets 10^28 or a 400-digit number through to the build."""
    schema = schema_for(MODELS[name], name)
    unbounded = [path for path, node in _walk(schema) if node.get("type") in ("number", "integer")
                 and not ({"maximum", "exclusiveMaximum"} & set(node) and {"minimum", "exclusiveMinimum"} & set(node))]
    assert not unbounded, unbounded


@pytest.mark.parametrize("name", sorted(MODELS))
def test_no_float_accepts_nan_or_inf(name: str) -> None:
    """pydantic reads the text 'nan' as a float unless told not to; every float field refuses it."""
    core = MODELS[name].__pydantic_core_schema__
    floats = [(path, node) for path, node in _walk(core) if node.get("type") == "float"]
    assert floats or name not in ("role.schema.json", "regions.schema.json")
    loose = [path for path, node in floats if node.get("allow_inf_nan") is not False]
    assert not loose, loose


REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "data" / "golden-project"




def test_extreme_valid_numbers_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The largest and smallest values the models accept build a site (formatting and charts cope)."""
    root = copy_small_project(tmp_path / "site-src")
    role = root / "roles" / "data-analyst.yaml"
    text = role.read_text(encoding="utf-8")
    for old, new in (("min: 60000, median: 70000, max: 80000", "min: 0.01, median: 999999999.99, max: 1000000000"),
                     ("time_to_learn_months: 2.5", "time_to_learn_months: 120"), ("demand_score: 7.5", "demand_score: 10"),
                     ("years: [3, 5]", "years: [60, 60]"), ("weeks: 4", "weeks: 104")):
        assert old in text
        text = text.replace(old, new)
    role.write_text(text, encoding="utf-8")
    csv = root / "roles" / "compensation" / "pay.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("55000,75000,120000", "0.5,999999999,1000000000"), encoding="utf-8")
    code = main(["build", str(root)])
    output = "".join(capsys.readouterr())
    assert code == 0, output
    assert "1,000,000,000" in (root / "site" / "roles" / "data-analyst" / "index.html").read_text(encoding="utf-8")


def test_many_unknown_keys_validate_in_linear_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """50,000 unknown keys (a data dump saved as a role file) were located one key scan per error."""
    import time

    root = tmp_path / "project"
    shutil.copytree(GOLDEN, root)
    keys = "".join(f"k{i}: 1\n" for i in range(50_000))  # 438 KB, under the file size limit
    (root / "roles" / "dump.yaml").write_text(f"title: Dump\nfamily: data\nsummary: A dump.\n{keys}", encoding="utf-8")
    started = time.monotonic()
    code = main(["validate", str(root)])
    elapsed = time.monotonic() - started
    output = "".join(capsys.readouterr())
    assert code == 1
    assert "roles/dump.yaml:4:5: error unknown-field: unknown field 'k0'" in output
    assert "roles/dump.yaml:104:7: error more-problems: 49,900 more problems in this file, from here on, are not listed" in output
    assert elapsed < 8, f"validation took {elapsed:.1f} s"


def test_bad_vocabulary_entry_is_reported_once_not_as_a_cascade(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One bad level made levels.yaml fail, and then each of thousands of level references was 'unknown'."""
    root = tmp_path / "project"
    shutil.copytree(GOLDEN, root)
    levels = root / "site_config" / "levels.yaml"
    levels.write_text(levels.read_text(encoding="utf-8").replace("rank: 3,", "rank: three,"), encoding="utf-8")
    questions = "".join(f"  - {{text: Interview question number {i}?, category: technical, level: P1}}\n"
                        for i in range(3000))
    (root / "roles" / "many.yaml").write_text(
        f"title: Many Questions\nfamily: data\nsummary: Asks a lot.\nquestions:\n{questions}", encoding="utf-8")
    code = main(["validate", str(root)])
    output = "".join(capsys.readouterr())
    assert code == 1
    assert "site_config/levels.yaml:5:" in output and "levels[1].rank" in output
    assert "unknown-level" not in output
    assert ("site_config/levels.yaml: warning unchecked-references: 3,011 reference(s) to ids defined in "
            "site_config/levels.yaml were not checked because that file has errors") in output
    assert len(output.splitlines()) < 10, output[:2000]


def test_generated_pages_never_overwrite_each_other(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Backstop behind the reserved-id check: with that check switched off, skill 'index' still
    cannot replace the skills index; the build stops with a problem instead (it used to win silently)."""
    from rolebook.validate import crossrefs

    monkeypatch.setattr(crossrefs, "is_reserved", lambda _id: False)
    root = copy_small_project(tmp_path / "site-src")
    skills = root / "site_config" / "skills" / "all.yaml"
    skills.write_text(skills.read_text(encoding="utf-8") + "  - {id: index, name: Indexing, category: analysis, "
                      "description: Database indexes.}\n", encoding="utf-8")
    code = main(["build", str(root)])
    output = "".join(capsys.readouterr())
    assert code == 1, output
    assert "Traceback" not in output
    assert ("skills/index.md: error page-clash: skill 'index' and the skills index would both be written to "
            "skills/index.md") in output
    assert not (root / "site").exists()


def test_questions_with_the_same_words_get_distinct_anchors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'What is a left join?' and 'What is a LEFT JOIN' made the same anchor: two headings with one
    id, so every link to the second opened the first, and nothing said so."""
    import json
    import re

    root = copy_small_project(tmp_path / "site-src")
    role = root / "roles" / "data-analyst.yaml"
    text = role.read_text(encoding="utf-8")
    text = text.replace("questions:\n", "questions:\n  - {text: \"What is a LEFT JOIN\", category: technical}\n", 1)
    role.write_text(text, encoding="utf-8")
    assert main(["validate", str(root)]) == 0
    output = "".join(capsys.readouterr())
    assert re.search(r"roles/data-analyst\.yaml:\d+:\d+: warning duplicate-question: this question has the same "
                     r"words as the one on line \d+", output), output
    assert main(["build", str(root)]) == 0
    page = (root / "site" / "roles" / "data-analyst" / "questions" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    bank = json.loads((root / "site" / "api" / "questions.json").read_text(encoding="utf-8"))
    anchors = [q[0] for q in bank["questions"] if q[1] == ["data-analyst"]]  # its own (the shared set is also asked)
    assert len(anchors) == 3 == len(set(anchors))
    assert all(f'id="{a}"' in page for a in anchors)


def test_csv_rows_of_a_role_that_failed_to_load_are_not_a_cascade(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A role file with one error declares no sources, so each CSV row citing one read as 'unknown source'."""
    root = tmp_path / "project"
    shutil.copytree(GOLDEN, root)
    role = root / "roles" / "data-analyst.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("family: data\n", "family: data\nbogus: 1\n")
                    + "sources:\n  - {id: own-survey, title: Own survey, as_of: 2026-06}\n", encoding="utf-8")
    rows = "".join(f"data-analyst,,us,USD,{period},1,,2,own-survey,2026-06\n" for period in ("year", "month", "hour"))
    (root / "roles" / "compensation" / "own.csv").write_text(
        "role,level,region,currency,period,min,median,max,source,as_of\n" + rows, encoding="utf-8")
    assert main(["validate", str(root)]) == 1
    output = "".join(capsys.readouterr())
    assert "unknown field 'bogus'" in output
    assert "unknown-source" not in output
    assert "roles/data-analyst.yaml: warning unchecked-references: 3 reference(s)" in output
