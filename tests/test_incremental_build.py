"""`rolebook build` reuses what did not change (the page cache), and its output is byte for byte the
output of a clean build: after a role edit, a site_config edit and a theme edit; a forged or
corrupted cache entry never lands in the site; warnings of reused pages still count."""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

import pytest
from conftest import copy_small_project, run_cli


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _same(a: Path, b: Path) -> None:
    left, right = _tree(a), _tree(b)
    assert sorted(left) == sorted(right)
    differ = [name for name in left if left[name] != right[name]]
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:5]}"


LAST: dict[str, tuple[int, int]] = {}


def _build(root: Path, site: Path, *extra: str) -> tuple[int, int]:
    """Build; return (pages, pages reused), as the build prints them (render units in LAST)."""
    result = run_cli("build", str(root), "--site-dir", str(site), "--jobs", "2", *extra)
    assert result.returncode == 0, result.stderr + result.stdout
    found = re.search(r"([\d,]+) pages: ([\d,]+) unchanged", result.stdout)
    units = re.search(r"([\d,]+) render units: ([\d,]+) unchanged", result.stdout)
    assert found and units, result.stdout
    LAST["units"] = int(units[1].replace(",", "")), int(units[2].replace(",", ""))
    return int(found[1].replace(",", "")), int(found[2].replace(",", ""))


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    root = copy_small_project(tmp_path / "project")
    site = tmp_path / "site"
    pages, reused = _build(root, site)
    assert pages > 20 and reused == 0
    return root, site


def _rebuild_equals_clean(root: Path, site: Path, tmp_path: Path) -> tuple[int, int]:
    counts = _build(root, site)
    units = LAST["units"]
    _build(root, tmp_path / "clean", "--no-cache")
    LAST["units"] = units
    _same(site, tmp_path / "clean")
    return counts


def test_an_unchanged_rebuild_reuses_every_page(built: tuple[Path, Path], tmp_path: Path) -> None:
    root, site = built
    pages, reused = _rebuild_equals_clean(root, site, tmp_path)
    assert reused == pages
    units, units_reused = LAST["units"]
    assert units_reused == units > 5


def test_a_role_edit_rebuilds_only_what_it_changes(built: tuple[Path, Path], tmp_path: Path) -> None:
    root, site = built
    role = root / "roles" / "data-analyst.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("summary: ", "summary: Freshly edited. ", 1), encoding="utf-8")
    pages, reused = _rebuild_equals_clean(root, site, tmp_path)
    assert 0 < reused < pages
    assert "Freshly edited." in (site / "roles" / "data-analyst" / "index.html").read_text(encoding="utf-8")
    _build(root, site)  # the clean build neither used nor changed the caches
    units, units_reused = LAST["units"]
    assert units_reused == units
    role.write_text(role.read_text(encoding="utf-8").replace("Freshly edited.", "Edited again."), encoding="utf-8")
    _rebuild_equals_clean(root, site, tmp_path)
    units, units_reused = LAST["units"]
    assert 0 < units_reused < units  # the edited role and the pages that list every role are rendered again


@pytest.mark.parametrize("edit", ["skills", "title", "removed", "added"])
def test_edits_seen_by_other_roles_pages_equal_a_clean_build(built: tuple[Path, Path], tmp_path: Path, edit: str) -> None:
    """Skills move the neighbours on other roles' level pages; a title shows on them; a removed or
    added role changes the lists."""
    root, site = built
    role = root / "roles" / "bi-developer.yaml"
    text = role.read_text(encoding="utf-8")
    if edit == "skills":
        text = re.sub(r"(proficiency: )(\d)", lambda m: m[1] + str(6 - int(m[2])), text)
    elif edit == "title":
        text = re.sub(r"^title: .*$", "title: Reporting Engineer", text, count=1, flags=re.M)
    elif edit == "added":
        (root / "roles" / "bi-developer-two.yaml").write_text(
            re.sub(r"^title: .*$", "title: BI Developer Two", text, count=1, flags=re.M), encoding="utf-8")
    if edit == "removed":
        role.unlink()
        for csv in (root / "roles" / "compensation").glob("*.csv"):
            csv.write_text("".join(line for line in csv.read_text(encoding="utf-8").splitlines(keepends=True)
                                   if not line.startswith("bi-developer,")), encoding="utf-8")
    else:
        role.write_text(text, encoding="utf-8")
    _rebuild_equals_clean(root, site, tmp_path)


def test_a_site_config_edit_equals_a_clean_build(built: tuple[Path, Path], tmp_path: Path) -> None:
    root, site = built
    families = root / "site_config" / "families.yaml"
    families.write_text(families.read_text(encoding="utf-8").replace("Data & Analytics", "Data & Insight"), encoding="utf-8")
    _rebuild_equals_clean(root, site, tmp_path)
    assert "Data &#38; Insight" in (site / "index.html").read_text(encoding="utf-8")


def test_a_theme_edit_equals_a_clean_build(built: tuple[Path, Path], tmp_path: Path) -> None:
    """A project's own theme folder (custom_dir) overriding Rolebook's packaged main.html, then edited."""
    from rolebook.packaged_theme import THEME_DIR

    root, site = built
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
                      encoding="utf-8")
    template = root / "overrides" / "main.html"
    template.parent.mkdir()
    text = (THEME_DIR / "main.html").read_text(encoding="utf-8")
    template.write_text(text, encoding="utf-8")
    _rebuild_equals_clean(root, site, tmp_path)
    text = text.replace("{% endblock %}\n    </article>", "{% endblock %}<!-- theme edited -->\n    </article>")
    template.write_text(text, encoding="utf-8")
    pages, reused = _rebuild_equals_clean(root, site, tmp_path)
    assert reused == 0
    assert "<!-- theme edited -->" in (site / "roles" / "data-analyst" / "index.html").read_text(encoding="utf-8")


def _entries(root: Path) -> list[Path]:
    found = sorted((root / ".cache" / "pages").glob("v1-*"))
    assert found
    return found


def test_a_corrupted_or_forged_entry_never_lands_in_the_site(built: tuple[Path, Path], tmp_path: Path) -> None:
    """Edited bodies (header kept) and entries signed with another secret (a committed cache) are
    converted again: the site equals a clean build and carries none of their text."""
    root, site = built
    for k, entry in enumerate(_entries(root)):
        header, _, body = entry.read_bytes().partition(b"\n")
        forged = body.replace(b"<h1", b"<h1 data-forged onclick=alert(1)").replace(b'"content":"', b'"content":"FORGED')
        if k % 2:
            entry.write_bytes(header + b"\n" + forged)  # edited on disk: the HMAC no longer matches
        else:  # signed with a secret other than this machine's
            mac = hmac.new(b"another machine's secret" * 2, entry.name.encode() + b"\n" + forged, hashlib.blake2b)
            entry.write_bytes(b"rolebook-page-cache hmac=" + mac.hexdigest()[:64].encode() + b"\n" + forged)
    pages, reused = _rebuild_equals_clean(root, site, tmp_path)
    assert reused == 0
    assert not [name for name, data in _tree(site).items() if b"FORGED" in data or b"data-forged" in data]


def test_a_broken_link_fails_a_strict_build_even_when_the_page_is_reused(tmp_path: Path) -> None:
    root = copy_small_project(tmp_path / "project")
    (root / "content" / "notes.md").write_text("# Notes\n\nSee [the missing page](missing.md).\n", encoding="utf-8")
    for attempt in range(2):
        result = run_cli("build", str(root), "--site-dir", str(tmp_path / "site"), "--jobs", "2")
        assert result.returncode == 1, (attempt, result.stdout)
        assert "missing.md" in result.stderr, (attempt, result.stderr)
    assert _entries(root)  # the second build had the page's entry to reuse


def test_only_the_caches_own_stale_entries_are_removed(built: tuple[Path, Path], tmp_path: Path) -> None:
    root, site = built
    folder = root / ".cache" / "pages"
    mine = folder / "notes.txt"
    mine.write_text("kept", encoding="utf-8")
    stale = folder / f"v1-{'0' * 40}.html"
    stale.write_text("an old entry", encoding="utf-8")
    _build(root, site)
    assert mine.read_text(encoding="utf-8") == "kept"
    assert not stale.exists()


def test_a_rebuild_starts_from_the_tree_it_replaced_and_removes_what_it_no_longer_makes(built: tuple[Path, Path],
                                                                                        tmp_path: Path) -> None:
    """The tree a build replaces is kept beside the site (`.site-base`) and the next build rewrites it
    in place: a file it makes again keeps its place on disk, the files it no longer makes (a removed
    job description) are gone, and the site equals a clean build."""
    import yaml

    root, site = built
    _build(root, site)  # the first build's tree is kept as the base of the next one
    base = site.with_name(f".{site.name}-base")
    assert (base / ".rolebook-output").is_file() and (base / "roles" / "data-analyst" / "job-description").is_dir()
    inode = (base / "index.html").stat().st_ino
    role = root / "roles" / "data-analyst.yaml"
    data = yaml.safe_load(role.read_text(encoding="utf-8"))
    del data["job_description"]
    role.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    _rebuild_equals_clean(root, site, tmp_path)
    assert (site / "index.html").stat().st_ino == inode
    assert not (site / "roles" / "data-analyst" / "job-description").exists()
    assert not list((site / "roles" / "data-analyst").glob("*job-description*"))


def _left_in_place(root: Path, site: Path, what: str) -> int:
    """Build into the kept tree; how many files of `what` ("HTML", "other") the build says it left in place."""
    result = run_cli("build", str(root), "--site-dir", str(site), "--jobs", "2")
    assert result.returncode == 0, result.stderr + result.stdout
    found = re.search(rf"([\d,]+) {what} files left as they were", result.stdout)
    return int(found[1].replace(",", "")) if found else 0


def _kept(root: Path, site: Path) -> int:
    return _left_in_place(root, site, "HTML")


def test_a_rebuild_into_the_kept_tree_leaves_unchanged_pages_files_as_they_were(built: tuple[Path, Path],
                                                                               tmp_path: Path) -> None:
    """The tree a rebuild starts from already holds the HTML of every page that did not change: those
    files are left in place (neither read from the cache nor written again), the edited role's pages
    are written, and the site equals a clean build."""
    root, site = built
    assert _kept(root, site) == 0  # the first build's tree is kept as the base of the next one
    role = root / "roles" / "data-analyst.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("summary: ", "summary: Kept tree edit. ", 1), encoding="utf-8")
    base = site.with_name(f".{site.name}-base")
    pages = len(list(base.rglob("*.html")))
    kept = _kept(root, site)
    assert 0 < kept < pages
    assert "Kept tree edit." in (site / "roles" / "data-analyst" / "index.html").read_text(encoding="utf-8")
    _build(root, tmp_path / "clean", "--no-cache")
    _same(site, tmp_path / "clean")


def _left(root: Path, site: Path) -> int:
    return _left_in_place(root, site, "other")


def test_a_rebuild_into_the_kept_tree_leaves_unchanged_static_files_as_they_were(built: tuple[Path, Path],
                                                                                tmp_path: Path) -> None:
    """The theme's assets and the generated downloads (a role's pay CSV, its job description as text)
    that did not change are left in place in the kept tree; a changed download, a changed theme file
    and a file changed in the kept tree since its build are written again: the site equals a clean build."""
    root, site = built
    notes = root / "content" / "notes.txt"  # a hand-written file copied as it is
    notes.write_text("first\n", encoding="utf-8")
    assert _left(root, site) == 0  # the first build's tree is kept as the base of the next one
    base = site.with_name(f".{site.name}-base")
    others = [p for p in base.rglob("*") if p.is_file() and p.suffix != ".html" and p.name != ".rolebook-output"
              and p.relative_to(base).parts[0] != "pagefind" and not p.name.startswith("sitemap.xml")]  # made after
    left = _left(root, site)
    assert left == len(others), (left, len(others))
    role = root / "roles" / "data-analyst.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("about: We need", "about: Static edit. We need", 1),
                    encoding="utf-8")
    notes.write_text("second\n", encoding="utf-8")
    base = site.with_name(f".{site.name}-base")
    script = base / "assets" / "javascripts" / "rolebook.js"
    script.write_bytes(script.read_bytes().replace(b"function", b"FUNCTION", 1))  # same size, new time
    assert 0 < _left(root, site) <= left - 3
    assert b"Static edit." in (site / "roles" / "data-analyst" / "data-analyst-job-description.txt").read_bytes()
    assert (site / "notes.txt").read_text(encoding="utf-8") == "second\n"
    _build(root, tmp_path / "clean", "--no-cache")
    _same(site, tmp_path / "clean")


def test_a_file_changed_in_the_kept_tree_is_written_again(built: tuple[Path, Path], tmp_path: Path) -> None:
    """A page file of the kept tree that was changed, replaced or removed since its build is written
    again: the site equals a clean build."""
    root, site = built
    _kept(root, site)
    base = site.with_name(f".{site.name}-base")
    changed, replaced, removed = base / "index.html", base / "roles" / "data-analyst" / "index.html", base / "compare" / "index.html"
    changed.write_bytes(changed.read_bytes().replace(b"<body", b"<BODY", 1))  # same size, new time
    data = replaced.read_bytes()
    replaced.unlink()
    replaced.write_bytes(data.replace(b"<body", b"<BODY", 1))  # another inode
    removed.unlink()
    assert _kept(root, site) > 0
    _build(root, tmp_path / "clean", "--no-cache")
    _same(site, tmp_path / "clean")


def test_a_reused_page_rendered_again_takes_its_content_from_its_body_entry_or_converts_again(
        built: tuple[Path, Path], tmp_path: Path) -> None:
    """A read entry holds no HTML content (a page whose HTML is reused never needs it); a page read from
    the cache but rendered again (a title edit changes every page's navigation) takes it from its body
    entry, and converts its Markdown again when that entry is missing or does not verify."""
    root, site = built
    bodies = sorted((root / ".cache" / "pages").glob("v1-*.body"))
    assert bodies and all(b'"content"' not in p.read_bytes() for p in (root / ".cache" / "pages").glob("v1-*.read"))
    for k, body in enumerate(bodies):
        if k % 2:
            body.unlink()
        else:
            body.write_bytes(body.read_bytes().replace(b"<", b"<FORGED ", 1))
    role = root / "roles" / "data-analyst.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("title: ", "title: Retitled ", 1), encoding="utf-8")
    pages, reused = _rebuild_equals_clean(root, site, tmp_path)
    assert reused == 0 < pages  # every page rendered again (the navigation changed)
    assert not [name for name, data in _tree(site).items() if b"FORGED" in data]
