"""Listings that grow with the catalog are paged, and the navigation stays bounded (issue 6, scale)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from rolebook.generate import generate, nav_pages, role_nav
from rolebook.render.paging import chunked, page_paths, pager

PROJECT = Path(__file__).parent / "data" / "golden-project"
N_ROLES = 23  # with the two golden roles: 25 roles, 26 role-levels


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("paging") / "project"
    shutil.copytree(PROJECT, root)
    settings = root / "site_config" / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8")
                        + "list_page_size: 10\nnav_roles_per_family: 5\ncompensation_roles_per_page: 10\n",
                        encoding="utf-8")
    rows = []
    for i in range(N_ROLES):
        (root / "roles" / f"extra-role-{i:02d}.yaml").write_text(
            f"title: Extra Role {i:02d}\nfamily: data\nsummary: A generated role ({i}).\n"
            "skills:\n  - {skill: sql, proficiency: 3}\nlevels:\n  - {level: P3, title: Extra Role " f"{i:02d}" "}\n",
            encoding="utf-8")
        rows.append(f"extra-role-{i:02d},P3,us,USD,year,{60000 + i * 1000},,{90000 + i * 1000},,survey,2026-06")  # open_ended empty
    csv = root / "roles" / "compensation" / "pay.csv"
    csv.write_text(csv.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8")
    return generate(root, chart_cache=False, charts=False)


def test_chunks_and_paths() -> None:
    assert chunked([], 10) == [[]]
    assert chunked(list(range(25)), 10) == [list(range(10)), list(range(10, 20)), list(range(20, 25))]
    assert page_paths("catalog/index.md", 3) == ["catalog/index.md", "catalog/page-2.md", "catalog/page-3.md"]
    assert page_paths("families/data.md", 2) == ["families/data.md", "families/data/page-2.md"]


def test_pager_window_does_not_grow() -> None:
    paths = page_paths("catalog/index.md", 200)
    mid = pager(paths, 100, 2000, 10, "x")
    assert mid is not None
    assert [link["n"] for link in mid["links"]] == [1, None, 98, 99, 100, 101, 102, None, 200]
    assert (mid["first"], mid["last"]) == (991, 1000)
    assert mid["prev"] == "../page-99/" and mid["next"] == "../page-101/"
    assert pager(paths[:1], 1, 5, 10, "x") is None


def _rows(text: str) -> list[str]:
    return re.findall(r"<code>([A-Z0-9.]+)</code>", text)


def test_catalog_index_is_paged_in_code_order(big) -> None:  # type: ignore[no-untyped-def]
    pages = [big.pages["catalog/index.md"], big.pages["catalog/page-2.md"], big.pages["catalog/page-3.md"]]
    assert "catalog/page-4.md" not in big.pages
    codes = [c for p in pages for c in _rows(p)]
    assert len(codes) == 26 and codes == sorted(codes) and len(set(codes)) == 26
    assert [len(_rows(p)) for p in pages] == [10, 10, 6]
    assert "## The level scheme" in pages[0] and "## The level scheme" not in pages[1]
    assert 'rel="next"' in pages[0] and 'rel="prev"' in pages[2] and "Page 2 of 3 (11–20 of 26)" in pages[1]


def test_family_skill_and_compensation_pages_are_paged(big) -> None:  # type: ignore[no-untyped-def]
    for first, second in (("families/data.md", "families/data/page-2.md"), ("skills/sql.md", "skills/sql/page-2.md"),
                          ("compensation.md", "compensation/page-2.md")):
        assert first in big.pages and second in big.pages, first
    assert big.pages["families/data/page-2.md"].count("(../../roles/") == 10
    # each compensation page links the CSVs of exactly its own rows
    assert "compensation/page-2/level-p3.csv" in big.pages
    second = big.pages["compensation/page-2/level-p3.csv"].splitlines()
    assert len(second) == 1 + 10 and all(line.startswith("extra-role-") for line in second[1:])


def test_big_family_keeps_its_roles_out_of_the_nav(big) -> None:  # type: ignore[no-untyped-def]
    nav = role_nav(big.catalog, big.pages)
    listed = nav_pages(nav)
    assert "families/data.md" in listed
    assert not any(p.startswith(("roles/data-analyst", "catalog/data.")) for p in listed)
    assert not any("page-" in p for p in listed)


def test_role_pages_rendered_in_workers_equal_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    """Large catalogs render role pages in forked workers; pages and charts must not change."""
    import rolebook.generate as gen
    from rolebook.index import build_catalog
    from rolebook.pipeline import check

    project, _ = check(Path(__file__).resolve().parent.parent)
    serial_pages, serial_charts = gen.render_pages(build_catalog(project), True, jobs=1)
    monkeypatch.setattr(gen, "PARALLEL_ROLES_FROM", 1)
    pages, charts = gen.render_pages(build_catalog(project), True, jobs=3)
    assert list(pages) == list(serial_pages)
    assert pages == serial_pages
    assert sorted(charts.specs) == sorted(serial_charts.specs) and len(charts.specs) > 10


def test_paged_site_builds_strict_with_every_link_resolving(tmp_path: Path) -> None:
    """The sample site plus enough roles to page every listing and drop roles from the nav:
    `mkdocs build --strict` passes (no omitted-file warning) and every link in the HTML resolves."""
    from conftest import copy_project, run_cli
    from test_site_links import broken_links

    root = copy_project(tmp_path / "project")
    settings = root / "site_config" / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8")
                        + "list_page_size: 10\nnav_roles_per_family: 5\ncompensation_roles_per_page: 10\n",
                        encoding="utf-8")
    for i in range(N_ROLES):
        (root / "roles" / f"extra-role-{i:02d}.yaml").write_text(
            f"title: Extra Role {i:02d}\nfamily: ai-ml\nsummary: A generated role ({i}).\n"
            "skills:\n  - {skill: python, proficiency: 3}\nlevels:\n  - {level: P3, title: Extra Role " f"{i:02d}" "}\n",
            encoding="utf-8")
    result = run_cli("build", str(root))
    assert result.returncode == 0, result.stderr
    site = root / "site"
    for page in ("catalog/page-2/index.html", "families/ai-ml/page-2/index.html", "skills/python/page-2/index.html"):
        assert (site / page).is_file(), page
    assert broken_links(site) == []
    guide = (site / "roles" / "extra-role-00" / "index.html").read_text(encoding="utf-8")
    assert "extra-role-01/" not in guide.split('class="md-content"')[0]  # a big family's roles are not in the nav


def test_later_pages_say_which_page_they_are(big) -> None:  # type: ignore[no-untyped-def]
    for first, second in (("families/data.md", "families/data/page-2.md"), ("skills/sql.md", "skills/sql/page-2.md")):
        assert ", page 2" not in big.pages[first].split("\n## ")[0]
        head = big.pages[second].split("\n## ")[0]
        assert head.count(", page 2") == 2, second  # front-matter title and heading


def test_a_few_units_rendered_again_in_workers_equal_a_serial_render(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild after one role edit renders a few units again; in a large catalog (here: the sample
    catalog counts as one) they go to workers too, and the pages equal a serial render without the cache."""
    from conftest import copy_project

    import rolebook.generate as gen
    from rolebook import pipeline
    from rolebook.index import build_catalog
    from rolebook.render_cache import UnitCache

    root = copy_project(tmp_path / "project")

    def render(jobs: int, cached: bool) -> dict[str, str]:
        pipeline._LAST.clear()
        catalog = build_catalog(pipeline.check(root)[0])
        units = UnitCache(root, root / ".cache" / "units", catalog, True, "2026-01-01") if cached else None
        return gen.render_pages(catalog, True, jobs=jobs, cache=units)[0]

    monkeypatch.setattr(gen, "PARALLEL_ROLES_FROM", len(list((root / "roles").glob("*.yaml"))))
    render(2, True)
    role = root / "roles" / "data-scientist.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("summary: ", "summary: Worker edit. ", 1), encoding="utf-8")
    calls: list[int] = []
    real = gen.fork_map
    monkeypatch.setattr(gen, "fork_map", lambda *a, **k: calls.append(1) or real(*a, **k))
    pages = render(2, True)
    rendered = gen.LAST_RENDER["units"] - gen.LAST_RENDER["reused"]
    assert 0 < rendered < gen.LAST_RENDER["units"] and calls, (rendered, calls)
    assert "Worker edit." in pages["roles/data-scientist/index.md"]
    assert pages == render(1, False)

