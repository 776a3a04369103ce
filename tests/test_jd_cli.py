"""`rolebook jd`: golden output in each format for a known choice, clear errors, editor text escaped."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import HOSTILE, copy_project, run_cli

from rolebook.cli import main

PROJECT = Path(__file__).parent / "data" / "golden-project"
GOLDEN = Path(__file__).parent / "golden"


class Done:
    def __init__(self, code: int, out: str, err: str):
        self.returncode, self.stdout, self.stderr = code, out, err


@pytest.fixture
def jd(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """`rolebook jd ...` in this process (the same main() the command runs; one subprocess test below)."""
    def run(*args: str) -> Done:
        try:
            code = main(["jd", *args])
        except SystemExit as exc:  # argparse refusing an option
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return Done(code, out, err)
    return run


CHOICE = ["data-analyst", "--level", "P3", "--context", "startup", "--industry", "Retail", "--region", "us"]


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "json"])
def test_jd_golden(fmt: str, update_goldens: bool, jd) -> None:  # type: ignore[no-untyped-def]
    done = jd(*CHOICE, "--format", fmt, "--path", str(PROJECT))
    assert done.returncode == 0, done.stderr
    path = GOLDEN / f"jd_cli.{fmt}"
    if update_goldens:
        path.write_text(done.stdout, encoding="utf-8")
    assert done.stdout == path.read_text(encoding="utf-8")


def test_jd_has_the_band_the_industry_and_no_mid_sentence_breaks(jd) -> None:  # type: ignore[no-untyped-def]
    out = jd(*CHOICE, "--format", "txt", "--path", str(PROJECT)).stdout
    assert "$80,000–$110,000+ / year in United States for level P3 (source: Example Pay Survey, as of 2026-06)." in out
    assert "- Key requirements: Demand data" in out
    for para in out.split("\n\n"):  # every paragraph is one line, or a heading/list whose lines each stand alone
        lines = para.splitlines()
        assert len(lines) == 1 or all(line.startswith("- ") for line in lines[1:]) or lines[0].isupper()
    doc = json.loads(jd(*CHOICE, "--format", "json", "--path", str(PROJECT)).stdout)
    assert doc["pay"]["min"] == 80000 and doc["pay"]["period"] == "year" and doc["pay"]["source"] == "Example Pay Survey"
    assert doc["industry_requirements"] == {"requirements": "Demand data", "considerations": "Seasonality"}


@pytest.mark.parametrize("args, message", [
    (["nope"], "rolebook: jd: unknown role 'nope'; choose one of: bi-developer, data-analyst"),
    (["data-analyst", "--level", "P9"], "rolebook: jd: unknown level 'P9'; choose one of: P1, P3"),
    (["data-analyst", "--context", "Agency"], "rolebook: jd: unknown context 'Agency'; choose one of: Startup"),
    (["data-analyst", "--industry", "Banking"], "rolebook: jd: unknown industry 'Banking'; choose one of: Retail"),
    (["data-analyst", "--region", "mars"], "rolebook: jd: unknown region 'mars'; choose one of: us, de"),
    (["bi-developer"], "rolebook: jd: unknown role with a job description 'bi-developer'; choose one of: data-analyst"),
])
def test_jd_unknown_choices_are_one_clear_line(args: list[str], message: str, jd) -> None:  # type: ignore[no-untyped-def]
    done = jd(*args, "--path", str(PROJECT))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip() == message
    assert "Traceback" not in done.stderr


def test_jd_unknown_format_is_refused(jd) -> None:  # type: ignore[no-untyped-def]
    done = jd("data-analyst", "--format", "pdf", "--path", str(PROJECT))
    assert done.returncode == 2 and "invalid choice: 'pdf'" in done.stderr and "Traceback" not in done.stderr


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        self.tags.add(tag)
        self.attrs += [k for k, _ in attrs]


def test_jd_escapes_editor_text(tmp_path: Path, jd) -> None:  # type: ignore[no-untyped-def]
    root = copy_project(tmp_path / "project")
    shutil.copy(HOSTILE, root / "roles" / "evil-role.yaml")
    html = jd("evil-role", "--format", "html", "--path", str(root))
    assert html.returncode == 0, html.stderr
    parser = _Tags()
    parser.feed(html.stdout)
    assert not parser.tags & {"script", "img", "style", "code"}
    assert not [a for a in parser.attrs if a.startswith("on")]
    raw = jd("evil-role", "--format", "json", "--path", str(root)).stdout
    assert "<" not in raw and json.loads(raw)["responsibilities"][0].startswith("<img")


def test_jd_as_a_user_runs_it() -> None:
    done = run_cli("jd", *CHOICE, "--format", "txt", "--path", str(PROJECT))
    assert done.returncode == 0 and done.stdout == (GOLDEN / "jd_cli.txt").read_text(encoding="utf-8")
    done = run_cli("jd", "data-analyst", "--level", "P9", "--path", str(PROJECT))
    assert done.returncode == 1 and done.stderr == "rolebook: jd: unknown level 'P9'; choose one of: P1, P3\n"
