"""Whole-site builds of the sample catalog: pages, strictness, self-containment, failure safety."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO, copy_project, run_cli

ROLE_IDS = sorted(p.stem for p in (REPO / "roles").glob("*.yaml"))


def _roles_with_jd() -> list[str]:
    return [rid for rid in ROLE_IDS if "\njob_description:" in (REPO / "roles" / f"{rid}.yaml").read_text(encoding="utf-8")]


def test_sample_catalog_has_at_least_eight_roles() -> None:
    assert len(ROLE_IDS) >= 8


def test_every_role_has_a_guide_and_job_description(sample_site: Path) -> None:
    assert (sample_site / "index.html").is_file()
    assert (sample_site / "roles" / "index.html").is_file()
    for rid in ROLE_IDS:
        assert (sample_site / "roles" / rid / "index.html").is_file(), rid
    assert _roles_with_jd() == ROLE_IDS  # every sample role ships a job-description template
    for rid in _roles_with_jd():
        assert (sample_site / "roles" / rid / "job-description" / "index.html").is_file(), rid


def test_home_lists_every_role_by_family(sample_site: Path) -> None:
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    assert "AI &amp; Machine Learning" in html or "AI &#38; Machine Learning" in html
    for rid in ROLE_IDS:
        assert f'href="roles/{rid}/"' in html, rid


def test_site_loads_nothing_from_outside(sample_site: Path) -> None:
    pattern = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//""", re.I)
    for page in sample_site.rglob("*.html"):
        assert not pattern.search(page.read_text(encoding="utf-8")), page
    for css in sample_site.rglob("*.css"):
        assert "fonts.googleapis" not in css.read_text(encoding="utf-8"), css


def test_nav_is_pruned(sample_site: Path) -> None:
    """Material embeds the nav in every page; with prune, a role page does not list other roles' children."""
    html = (sample_site / "roles" / "ai-engineer" / "index.html").read_text(encoding="utf-8")
    nav = html.split('md-nav--primary', 1)[1].split('md-sidebar--secondary', 1)[0]
    others = [rid for rid in _roles_with_jd() if rid != "ai-engineer"]
    assert 'href="job-description/"' in nav
    assert 'href="../data-scientist/"' in nav  # sibling roles are listed...
    assert not any(f'href="../{rid}/job-description/"' in nav for rid in others)  # ...but not their children


def test_mkdocs_build_strict_through_the_plugin(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run([str(mkdocs), "build", "--strict", "-d", str(tmp_path / "out")], cwd=REPO,
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert (tmp_path / "out" / "roles" / "ai-engineer" / "index.html").is_file()
    assert not list((REPO / "content").rglob("roles")), "the plugin must never write into content/"


def test_mkdocs_build_fails_with_validator_messages(project: Path) -> None:
    role = project / "roles" / "ml-engineer.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("family: ai-ml", "family: nope", 1), encoding="utf-8")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run([str(mkdocs), "build", "-d", str(project / "out")], cwd=project, capture_output=True,
                            text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    assert result.returncode == 1
    assert re.search(r"roles/ml-engineer.yaml:\d+:\d+: error unknown-family", result.stderr)
    assert "Traceback" not in result.stderr


def test_failed_build_keeps_previous_site(project: Path) -> None:
    assert run_cli("build", str(project)).returncode == 0
    site = project / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    role = project / "roles" / "ai-engineer.yaml"
    role.write_text(role.read_text(encoding="utf-8") + "title: again\n", encoding="utf-8")
    result = run_cli("build", str(project))
    assert result.returncode == 1 and "duplicate-key" in result.stderr and "Traceback" not in result.stderr
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")]


def test_strict_mkdocs_failure_keeps_previous_site(project: Path) -> None:
    assert run_cli("build", str(project)).returncode == 0
    marker = (project / "site" / "index.html").read_bytes()
    (project / "content" / "broken.md").write_text("# Broken\n\n[missing](nowhere.md)\n", encoding="utf-8")
    result = run_cli("build", str(project))
    assert result.returncode == 1 and "previous site left as it was" in result.stderr
    assert (project / "site" / "index.html").read_bytes() == marker
    assert not (project / "site" / "broken").exists()
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")]


def test_deleted_role_leaves_no_stale_page(project: Path) -> None:
    assert run_cli("build", str(project)).returncode == 0
    assert (project / "site" / "roles" / "mlops-engineer" / "index.html").exists()
    (project / "roles" / "mlops-engineer.yaml").unlink()
    csv = project / "roles" / "compensation" / "bls-oews-2025.csv"
    csv.write_text("".join(ln for ln in csv.read_text(encoding="utf-8").splitlines(True) if not ln.startswith("mlops-engineer,")),
                   encoding="utf-8")
    assert run_cli("build", str(project)).returncode == 0
    assert not (project / "site" / "roles" / "mlops-engineer").exists()


def test_pages_only_writes_markdown(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "pages"
    result = run_cli("build", str(project), "--pages-only", str(out))
    assert result.returncode == 0, result.stderr
    guide = (out / "docs" / "roles" / "ai-engineer" / "index.md").read_text(encoding="utf-8")
    front = yaml.safe_load(guide.split("---", 2)[1])
    assert front["title"] == "AI Engineer"
    assert "## Career ladder" in guide
    refused = run_cli("build", str(project), "--pages-only", str(project / "content" / "gen"))
    assert refused.returncode == 2 and "refusing to write into content/" in refused.stderr


def test_schema_files_are_current() -> None:
    result = run_cli("schema", str(REPO), "--check")
    assert result.returncode == 0, result.stderr


def test_sample_roles_declare_the_schema() -> None:
    for rid in ROLE_IDS:
        first = (REPO / "roles" / f"{rid}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../site_config/schema/role.schema.json", rid


def test_serve_watches_content_folders() -> None:
    from rolebook.plugin import RolebookPlugin

    watched: list[str] = []

    class FakeServer:
        def watch(self, path: str) -> None:
            watched.append(path)

    plugin = RolebookPlugin()
    plugin.root = REPO
    plugin.on_serve(FakeServer(), None, None)  # type: ignore[arg-type]
    assert watched == [str(REPO / "roles"), str(REPO / "site_config")]


def test_generated_pages_are_stable(tmp_path: Path) -> None:
    """Two generations of the same input give identical pages (order never depends on the filesystem)."""
    from rolebook.generate import generate

    first = generate(REPO).pages
    second = generate(copy_project(tmp_path / "copy")).pages
    assert list(first) == sorted(first)
    assert first == second


def test_build_ends_with_a_way_to_look_at_the_site_that_works(tmp_path: Path) -> None:
    """Opened from disk, a built site's links are folder listings and search is missing: the last line says
    how to serve the folder (a command naming the real folder) instead of 'open site/index.html'."""
    import shlex

    from conftest import copy_small_project

    root = copy_small_project(tmp_path / "project")
    result = run_cli("build", str(root), "--site-dir", str(root / "out site"))
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert "index.html" not in last, last
    assert "rolebook serve" in last
    command = re.search(r"(python3 -m http\.server .*?) then open (http://127\.0\.0\.1:8000/)", last)
    assert command, last
    args = shlex.split(command.group(1).rstrip(","))
    assert args[:3] == ["python3", "-m", "http.server"] and args[-1] == "8000"
    folder = Path(args[args.index("--directory") + 1])
    assert (folder if folder.is_absolute() else Path.cwd() / folder).resolve() == (root / "out site").resolve()
    assert (root / "out site" / "index.html").is_file()


def test_edit_this_page_points_at_the_file_the_page_is_made_from(tmp_path: Path) -> None:
    """With `repo_url` and `edit_uri` set (the repository root), a hand-written page's edit link opens its
    Markdown under content/, a role's pages open roles/<id>.yaml, a level page its role file, and a page
    made from the whole catalog (the question bank) has none; the header links to the repository."""
    from conftest import copy_small_project

    root = copy_small_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nrepo_url:" not in text
    config.write_text(text + "\nrepo_url: https://example.org/team/rolebook\nedit_uri: edit/main/\n", encoding="utf-8")
    out = root / "out"
    result = run_cli("build", str(root), "--site-dir", str(out))
    assert result.returncode == 0, result.stderr

    def edit_link(page: str) -> str | None:
        html = (out / page).read_text(encoding="utf-8")
        m = re.search(r'<a href="([^"]+)" title="Edit this page"', html)
        return m.group(1) if m else None

    base = "https://example.org/team/rolebook/edit/main/"
    assert edit_link("contributing/index.html") == base + "content/contributing/index.md"
    assert edit_link("roles/data-analyst/index.html") == base + "roles/data-analyst.yaml"
    assert edit_link("roles/data-analyst/job-description/index.html") == base + "roles/data-analyst.yaml"
    assert edit_link("catalog/data.anl.p3/index.html") == base + "roles/data-analyst.yaml"
    assert edit_link("questions/index.html") is None
    assert 'href="https://example.org/team/rolebook"' in (out / "index.html").read_text(encoding="utf-8")
