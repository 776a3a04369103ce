"""The builder-neutral output: `rolebook build --pages-only` is a tree MkDocs, ProperDocs and Zensical
each build into the same site as `rolebook build` (the plugin build), and `--builder NAME` does it.

The comparison: the same page set, the same article HTML (whitespace normalised), every internal link
resolving, nothing loaded from outside the site. The builder versions are pyproject's `builders` pins."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import REPO, copy_project, run_cli

from rolebook import builders
from rolebook.generate import FAMILIES_MARKER, HOME_MARKER
from rolebook.html_islands import BEGIN

ARTICLE = re.compile(r"<article\b[^>]*>.*?</article>", re.S)


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")
            if p.relative_to(site).parts[0] not in ("assets", "pagefind")}


def _article(path: Path) -> str | None:
    found = ARTICLE.search(path.read_text(encoding="utf-8"))
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", found.group(0))).strip() if found else None


class _Refs(HTMLParser):
    """Every link (a, link) and every loaded resource (script, img, link, source, iframe) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("a", "link") and "href" in a:
            self.links.append(a["href"])
        if tag in ("script", "img", "source", "iframe", "audio", "video") and "src" in a:
            self.loads.append(a["src"])
        if tag == "link" and "href" in a and a.get("rel", "") != "canonical":
            self.loads.append(a["href"])


def _check_site(site: Path) -> tuple[list[str], list[str]]:
    """(internal links that do not resolve, resources loaded from outside the site), a few of each."""
    broken, outside = [], []
    for rel in sorted(_pages(site)):
        refs = _Refs()
        refs.feed((site / rel).read_text(encoding="utf-8"))
        base = Path(rel).parent
        for url in refs.loads:
            if re.match(r"(?i)^\s*(https?:)?//", url):
                outside.append(f"{rel}: {url}")
        for url in refs.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            path = unquote(parts.path)  # from the site's root (404.html) or from the page
            target = Path(os.path.normpath(path.lstrip("/") if path.startswith("/") else base / path))
            if target.parts[:1] == ("..",):
                broken.append(f"{rel}: {url} (outside the site)")
                continue
            path = site / target
            if not (path.is_file() or (path / "index.html").is_file()):
                broken.append(f"{rel}: {url}")
    return broken[:5], outside[:5]


def compare(reference: Path, site: Path) -> dict[str, object]:
    pages_a, pages_b = _pages(reference), _pages(site)
    differ = [p for p in sorted(pages_a & pages_b) if _article(reference / p) != _article(site / p)]
    broken, outside = _check_site(site)
    return {"pages": len(pages_b), "missing": sorted(pages_a - pages_b)[:5], "extra": sorted(pages_b - pages_a)[:5],
            "articles differing": differ[:5], "broken links": broken, "loaded from outside": outside}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tree") / "pages"
    result = run_cli("build", str(REPO), "--pages-only", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_pages_only_tree_is_complete_and_self_describing(tree: Path) -> None:
    docs = tree / "docs"
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert HOME_MARKER not in home and FAMILIES_MARKER not in home
    assert "roles/ai-engineer/index.md" in home  # the roles-by-family block, linked from the home page
    pages = [p for p in docs.rglob("*.md")]
    assert len(pages) > 100
    assert not [p for p in pages if BEGIN in p.read_text(encoding="utf-8")]
    assert any("<svg" in p.read_text(encoding="utf-8") for p in (docs / "roles").rglob("*.md"))  # charts included
    assert (tree / "overrides" / "main.html").is_file()
    assert (tree / "overrides" / "assets" / "javascripts" / "rolebook.js").is_file()
    assert (tree / "overrides" / "assets" / "stylesheets" / "rolebook.css").is_file()
    config = yaml.safe_load((tree / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "docs" and config["theme"]["custom_dir"] == "overrides"
    assert "rolebook" not in str(config["plugins"])
    toml = tomllib.loads((tree / "zensical.toml").read_text(encoding="utf-8"))["project"]
    assert toml["nav"] == config["nav"]
    nav = str(config["nav"])
    assert "roles/ai-engineer/index.md" in nav and "Compare" in nav
    assert (tree / ".rolebook-output").is_file() and (tree / "README.md").is_file()
    # every page is an index page (a relative link means the same from its file and from its address)
    assert not [p for p in pages if p.name != "index.md"]


BUILDER_NAMES = ["mkdocs", *builders.BUILDERS]


@pytest.mark.parametrize("name", BUILDER_NAMES)
def test_builders_build_the_same_site(name: str, tree: Path, sample_site: Path, tmp_path: Path) -> None:
    if name != "mkdocs":
        module = builders.BUILDERS[name].module
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{name} is not installed here (pip install 'rolebook[builders]'); Zensical 0.1.x needs "
                        "zensical-ui, which this registry does not serve")
        site = tmp_path / "site"
        result = run_cli("build", str(REPO), "--builder", name, "--site-dir", str(site))
        assert result.returncode == 0, result.stderr + result.stdout
        assert (site / "pagefind" / "pagefind.js").is_file()  # site search runs after the builder
        assert (site / ".rolebook-output").is_file()
        version = builders.installed_version(builders.BUILDERS[name])
    else:  # plain MkDocs on the tree, no plugin
        site = tmp_path / "site"
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", f"--config-file={tree / 'mkdocs.yml'}",
                               f"--site-dir={site}"], capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        assert done.returncode == 0, done.stderr
        version = importlib.metadata.version("mkdocs")
    report = compare(sample_site, site)
    print(f"\n{name} {version}: {report}")
    assert report["pages"] == len(_pages(sample_site))
    assert not report["missing"] and not report["extra"]
    assert not report["articles differing"]
    assert not report["broken links"] and not report["loaded from outside"]


def test_reference_site_passes_the_same_checks(sample_site: Path) -> None:
    broken, outside = _check_site(sample_site)
    assert not broken and not outside


def test_a_builder_not_installed_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, project: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from dataclasses import replace

    from rolebook.cli import main

    monkeypatch.setitem(builders.BUILDERS, "zensical", replace(builders.BUILDERS["zensical"], module="rolebook_no_such_builder"))
    assert main(["build", str(project), "--builder", "zensical"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("rolebook: Zensical is not installed; install it with: pip install '"), err
    assert "Traceback" not in "\n".join(err)
    assert not (project / "site").exists()


def test_zensical_on_the_project_stops_instead_of_dropping_rolebook(tmp_path: Path) -> None:
    """Zensical reads zensical.toml before mkdocs.yml; it cannot run the plugin, so that file makes it stop."""
    if importlib.util.find_spec("zensical") is None:
        pytest.skip("Zensical is not installed here")
    root = copy_project(tmp_path / "p", roles=False)
    shutil.copy(REPO / "zensical.toml", root / "zensical.toml")
    done = subprocess.run([sys.executable, "-m", "zensical", "build"], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "rolebook build --builder zensical" in done.stderr + done.stdout
    assert not (root / "site").exists()


def test_a_failing_builder_leaves_the_previous_site(monkeypatch: pytest.MonkeyPatch, project: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from dataclasses import replace

    from rolebook.cli import main

    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("previous", encoding="utf-8")
    (site / ".rolebook-output").write_text('rolebook-output 1\n"index.html"\n', encoding="utf-8")
    # a module that runs but is no builder: it fails on the arguments
    monkeypatch.setitem(builders.BUILDERS, "properdocs", replace(builders.BUILDERS["properdocs"], module="json.tool"))
    assert main(["build", str(project), "--builder", "properdocs"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("rolebook: build failed, previous site left as it was: ProperDocs failed (exit 2): "), err
    assert (site / "index.html").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_links_are_rebased_for_the_page_moved_into_its_folder() -> None:
    from rolebook.pages_tree import _moved, _rebase_links

    files = {"a/page.md", "a/index.md", "b/other.md", "a/data.csv"}
    moves = {p: _moved(p) for p in files if _moved(p) != p}
    assert moves == {"a/page.md": "a/page/index.md", "b/other.md": "b/other/index.md"}
    text = "\n".join([
        "---", "title: '[x](other.md)'", "---",
        "[o](../b/other.md#part) [d](data.csv) [i](index.md) [web](https://x.org/a.md) [dir](../c/) [top](#t)",
        "`[code](../b/other.md)` and [ref]: ../b/other.md",
        "```", "[fenced](../b/other.md)", "```",
        '<a href="../b/other/">raw HTML is left alone</a>',
    ])
    out = _rebase_links(text, "a/page.md", "a/page/index.md", moves, files).split("\n")
    assert out[1] == "title: '[x](other.md)'"
    assert out[3] == "[o](../../b/other/index.md#part) [d](../data.csv) [i](../index.md) [web](https://x.org/a.md) [dir](../c/) [top](#t)"
    assert out[4] == "`[code](../b/other.md)` and [ref]: ../b/other.md"  # a definition only at the start of a line
    assert out[6] == "[fenced](../b/other.md)"
    assert out[8] == '<a href="../b/other/">raw HTML is left alone</a>'
    # a page that stays where it is: only links to moved pages change
    assert _rebase_links("[o](b/other.md) [a](a/index.md)", "index.md", "index.md", moves, files) == \
        "[o](b/other/index.md) [a](a/index.md)"
