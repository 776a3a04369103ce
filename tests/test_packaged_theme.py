"""Rolebook's theme (templates, stylesheets, scripts) comes from the package: a project's mkdocs.yml
needs only `theme: material` and `plugins: [rolebook]`."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import GOLDEN_PROJECT, run_cli

from rolebook import packaged_theme


def test_every_packaged_asset_is_added_to_the_pages() -> None:
    """A stylesheet or script added to generator/theme/assets/ and not listed would be copied but never loaded."""
    assert sorted(packaged_theme.STYLESHEETS + packaged_theme.SCRIPTS) == packaged_theme.asset_files()


def _minimal_project(dest: Path, config: str) -> Path:
    for folder in ("roles", "site_config"):
        shutil.copytree(GOLDEN_PROJECT / folder, dest / folder)
    (dest / "docs").mkdir()
    (dest / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def test_a_two_line_config_gets_rolebooks_theme(tmp_path: Path) -> None:
    project = _minimal_project(tmp_path / "p", "site_name: Team roles\ntheme: material\nplugins: [rolebook]\n")
    result = run_cli("build", str(project), "--jobs", "1")
    assert result.returncode == 0, result.stderr + result.stdout
    site = project / "site"
    page = (site / "roles" / "data-analyst" / "index.html").read_text(encoding="utf-8")
    for asset in packaged_theme.STYLESHEETS + packaged_theme.SCRIPTS:
        assert (site / asset).is_file(), asset
        assert f'{asset}"' in page, asset
    assert page.count("rolebook.css") == 1  # listed once
    assert "data-pagefind-body" in page  # the packaged main.html override
    assert 'class="rb-' in page
    # the Markdown generated pages are written in (admonition, details) is converted, not shown as text
    jd = (site / "roles" / "data-analyst" / "job-description" / "index.html").read_text(encoding="utf-8")
    assert "??? abstract" not in jd and "<details" in jd


def test_a_project_theme_folder_still_overrides_rolebooks(tmp_path: Path) -> None:
    project = _minimal_project(tmp_path / "p", "site_name: Team roles\ntheme:\n  name: material\n  custom_dir: overrides\n"
                               "plugins: [rolebook]\nextra_css: [assets/stylesheets/rolebook.css, team.css]\n")
    (project / "overrides" / "partials").mkdir(parents=True)
    (project / "overrides" / "partials" / "header.html").write_text("<header>TEAM HEADER</header>", encoding="utf-8")
    (project / "docs" / "team.css").write_text("body{}", encoding="utf-8")
    result = run_cli("build", str(project), "--jobs", "1")
    assert result.returncode == 0, result.stderr + result.stdout
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "TEAM HEADER" in page and "data-pagefind-body" in page
    assert page.count("stylesheets/rolebook.css") == 1 and "team.css" in page
    assert page.index("stylesheets/rolebook.css") < page.index("team.css") < page.index("rolebook-tools.css")


def test_another_theme_is_refused_in_one_line(tmp_path: Path) -> None:
    project = _minimal_project(tmp_path / "p", "site_name: Team roles\ntheme: readthedocs\nplugins: [rolebook]\n")
    result = run_cli("build", str(project))
    assert result.returncode != 0
    assert "made for the Material theme" in result.stderr and "Traceback" not in result.stderr
