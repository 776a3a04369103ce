"""Issue 16's "Done means": Rolebook's wheel, installed in a fresh virtual environment, works in an
empty folder: `rolebook init`, `rolebook build`, and the site is styled and its scripts run (the
compare page, the question bank's filters, flashcards). About a minute; nothing is downloaded (the
wheel is built without build isolation, its dependencies are the test environment's)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import REPO, serve

pytestmark = [pytest.mark.wheel, pytest.mark.browser]


def _run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # a clean copy: building in the checkout would leave build/ and egg-info there
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
         "--wheel-dir", tmp / "dist", "--", source)
    wheel = next((tmp / "dist").glob("rolebook-*.whl"))

    venv = tmp / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", "--", venv)
    python = venv / "bin" / "python"
    site_packages = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip())
    # The dependencies: this environment's installed distributions, as a path after the new venv's own
    # (a path added by a .pth file runs no .pth of its own, so the checkout's editable rolebook stays out).
    (site_packages / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index", "--", wheel)
    where = _run(python, "-c", "import rolebook, sys; print(rolebook.__file__)").stdout.strip()
    assert Path(where).is_relative_to(site_packages), where  # the wheel's code, not the checkout's
    _run(sys.executable, "-m", "pip", "--python", python, "check")  # every declared dependency is there

    project = tmp / "catalog"
    project.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = f"{venv / 'bin'}:/usr/bin:/bin"
    _run("rolebook", "init", cwd=project, env=env)
    _run("rolebook", "build", "--jobs", "1", cwd=project, env=env)
    return project / "site"


def test_the_installed_wheel_builds_a_working_site_in_an_empty_folder(wheel_site: Path, browser: object) -> None:
    url, stop = serve(wheel_site)
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{url}/roles/data-analyst/")
        badge = page.locator(".rb-badge").first
        # rolebook.css is applied: a badge is a bordered box, not the plain inline text of an unstyled span
        assert badge.evaluate("b => getComputedStyle(b).display") != "inline"
        assert badge.evaluate("b => getComputedStyle(b).borderTopStyle") == "solid"

        page.goto(f"{url}/compare/")
        options = page.locator("select[name=a] option:not([value=''])")
        options.first.wait_for(state="attached")  # filled by the compare script
        codes = options.evaluate_all("os => os.map(o => o.value)")
        assert len(codes) >= 2, codes
        page.select_option("select[name=a]", codes[0])
        page.select_option("select[name=b]", codes[1])
        page.locator(".rb-compare__result table").wait_for()
        assert f"a={codes[0]}" in page.url

        page.goto(f"{url}/questions/")
        page.locator("#rb-bank").wait_for(state="visible")
        results = page.locator(".rb-bank__results > li")
        total = results.count()
        page.get_by_label("Category", exact=True).select_option("behavioural")
        assert 0 < results.count() < total
        assert "category=behavioural" in page.url
        page.get_by_label("Category", exact=True).select_option("")

        page.get_by_role("button", name="Practise these as flashcards").click()
        cards = page.locator(".rb-cards")
        first = cards.locator(".rb-cards__question").inner_text()
        page.get_by_role("button", name="Knew it").click()
        assert cards.locator(".rb-cards__question").inner_text() != first
        assert errors == []
    finally:
        context.close()
        stop()
