"""Site search in Chromium: results land on the right place, nothing is fetched before the reader searches."""

from __future__ import annotations

import html as html_text
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, serve

from rolebook import search_index
from rolebook.generate import generate
from rolebook.render.question_pages import question_id

pytestmark = pytest.mark.browser

RESULT_LINKS = ".md-search-result__list a.md-search-result__link"
INDEX_FILES = re.compile(r"/pagefind/|search_index\.json")


@pytest.fixture(scope="module")
def sample_site(sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site with its search index made of many small shards, merged: what a large catalog gets."""
    site = tmp_path_factory.mktemp("sharded") / "site"
    shutil.copytree(sample_site, site)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "SHARD_TARGET", 8)
        summary = search_index.build(site, "en")
    assert int(summary.split("; ")[1].split()[0]) >= 5, summary
    return site


@pytest.fixture(scope="module")
def sample_url(sample_site: Path) -> Iterator[str]:
    url, stop = serve(sample_site)
    yield url
    stop()


@pytest.fixture(scope="module")
def catalog() -> object:
    return generate(REPO, charts=False).catalog


def search(page: object, url: str, query: str) -> list[str]:
    """Open the header search with its keyboard shortcut, type, and return the result links in order."""
    page.goto(url)  # type: ignore[attr-defined]
    page.keyboard.press("/")  # type: ignore[attr-defined]
    box = page.locator(".md-search__input")  # type: ignore[attr-defined]
    assert box.evaluate("el => el === document.activeElement"), "'/' does not focus the search box"
    box.press_sequentially(query)
    page.locator(RESULT_LINKS).first.wait_for(state="visible", timeout=10_000)  # type: ignore[attr-defined]
    hrefs = page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.href)")  # type: ignore[attr-defined]
    return [re.sub(r"\?[^#]*", "", h) for h in hrefs]  # a highlight parameter is not part of where it lands


def documents(hrefs: list[str]) -> list[str]:
    """Result pages in rank order (a page's section links share its URL up to '#')."""
    out: list[str] = []
    for href in hrefs:
        doc = href.split("#")[0]
        if doc not in out:
            out.append(doc)
    return out


def test_question_words_find_the_question_anchor(page: object, sample_url: str, catalog: object) -> None:
    question = catalog.roles["ai-engineer"].role.questions[0]  # type: ignore[attr-defined]
    anchor = question_id("ai-engineer", question)
    words = " ".join(question.text.split()[:6])
    hrefs = search(page, f"{sample_url}/", words)
    assert f"{sample_url}/roles/ai-engineer/questions/#{anchor}" in hrefs[:6], hrefs[:6]


def test_level_code_returns_the_level_page_first(page: object, sample_url: str, sample_site: Path) -> None:
    html = (sample_site / "catalog" / "aimlam.gen.p3" / "index.html").read_text(encoding="utf-8")
    code = re.search(r'<code id="rb-level-code">([^<]+)</code>', html).group(1)  # type: ignore[union-attr]
    assert code == "AIMLAM.GEN.P3"
    for typed in (code, code.lower()):
        hrefs = search(page, f"{sample_url}/", typed)
        assert documents(hrefs)[0] == f"{sample_url}/catalog/aimlam.gen.p3/", (typed, hrefs[:5])
    assert page.locator(".md-search-result__article h1").first.inner_text().startswith(code)  # type: ignore[attr-defined]


def test_every_title_alias_returns_its_role(page: object, sample_url: str, catalog: object) -> None:
    """Each alias of each sample role, typed as written, puts that role's guide first (an alias for one
    level may instead put that level's page first, when its title is the alias)."""
    search(page, f"{sample_url}/", "drift")
    box = page.locator(".md-search__input")  # type: ignore[attr-defined]
    missed = []
    for role_id, entry in catalog.roles.items():  # type: ignore[attr-defined]
        for alias in entry.role.aliases:
            box.fill(alias.title)
            page.wait_for_function("(q) => document.querySelector('[data-rb-search]').dataset.rbShown === q",  # type: ignore[attr-defined]
                                   arg=alias.title)
            first = page.locator(RESULT_LINKS).first.get_attribute("href")  # type: ignore[attr-defined]
            first = re.sub(r"^(\.\./)+|^/", "", first or "")
            ok = first == f"roles/{role_id}/" or (alias.level is not None and first.startswith("catalog/"))
            if not ok:
                missed.append((role_id, alias.title, first))
    assert missed == []


def test_no_index_is_fetched_on_page_load(page: object, sample_url: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))  # type: ignore[attr-defined]
    for path in ("/", "/roles/data-scientist/", "/catalog/aimlam.gen.p3/"):
        page.goto(f"{sample_url}{path}", wait_until="networkidle")  # type: ignore[attr-defined]
    assert fetched and not [u for u in fetched if INDEX_FILES.search(u)], [u for u in fetched if INDEX_FILES.search(u)]
    # The first keystroke in the search box is what loads search.
    page.locator(".md-search__input").focus()  # type: ignore[attr-defined]
    page.keyboard.type("drift")  # type: ignore[attr-defined]
    page.locator(RESULT_LINKS).first.wait_for(state="visible", timeout=10_000)  # type: ignore[attr-defined]
    assert [u for u in fetched if INDEX_FILES.search(u)]


def test_salary_finds_prose_not_data_tables(page: object, sample_url: str) -> None:
    hrefs = documents(search(page, f"{sample_url}/", "salary"))
    assert f"{sample_url}/contributing/field-reference/" not in hrefs[:3], hrefs[:5]


def _words(html: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]{6,}", re.sub(r"<[^>]+>", " ", html))}


def test_table_only_words_find_nothing(page: object, sample_url: str, sample_site: Path) -> None:
    """Index prose, not data tables: a word that appears on the site only inside tables is not found."""
    tables = re.compile(r"<table\b.*?</table>", re.S)
    in_tables: set[str] = set()
    outside: set[str] = set()
    for html_file in sample_site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
        in_tables |= _words(" ".join(tables.findall(html)))
        outside |= _words(tables.sub(" ", html))
    only_in_tables = sorted(in_tables - outside)
    assert len(only_in_tables) >= 3, "the sample site has no table-only words to look for"
    for word in only_in_tables[:3]:
        page.goto(f"{sample_url}/")  # type: ignore[attr-defined]
        box = page.locator(".md-search__input")  # type: ignore[attr-defined]
        box.focus()
        box.press_sequentially(word)
        meta = page.locator(".md-search-result__meta")  # type: ignore[attr-defined]
        meta.filter(has_text=re.compile(r"match", re.I)).wait_for(timeout=10_000)
        marks = page.locator(".md-search-result__list mark").all_inner_texts()  # type: ignore[attr-defined]
        assert word not in [m.lower().strip(".,;:") for m in marks], (word, marks)


def test_keyboard_opens_moves_and_closes(page: object, sample_url: str) -> None:
    hrefs = search(page, f"{sample_url}/", "drift")
    page.keyboard.press("ArrowDown")  # type: ignore[attr-defined]
    focused = page.evaluate("document.activeElement.href")  # type: ignore[attr-defined]
    assert re.sub(r"\?[^#]*", "", focused) == hrefs[0]
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    assert not page.locator("#__search").is_checked()  # type: ignore[attr-defined]
    assert page.evaluate("document.querySelector('.md-search__scrollwrap').getBoundingClientRect().height") == 0  # type: ignore[attr-defined]
    assert not page.evaluate("!!document.activeElement.closest('.md-search')")  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def sub_path_url(sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site served under /docs/rolebook/, as on a project page."""
    root = tmp_path_factory.mktemp("subpath")
    (root / "docs").mkdir()
    shutil.copytree(sample_site, root / "docs" / "rolebook")
    url, stop = serve(root)
    yield f"{url}/docs/rolebook"
    stop()


def test_results_link_under_a_base_path(page: object, sub_path_url: str) -> None:
    hrefs = search(page, f"{sub_path_url}/skills/", "LLMOps Engineer")
    assert documents(hrefs)[0] == f"{sub_path_url}/roles/mlops-engineer/", hrefs[:5]
    page.locator(RESULT_LINKS).first.click()  # type: ignore[attr-defined]
    page.wait_for_url(f"{sub_path_url}/roles/mlops-engineer/**")  # type: ignore[attr-defined]
    assert page.locator("h1").first.inner_text().startswith("MLOps")  # type: ignore[attr-defined]


def test_usable_on_a_phone(browser: object, sample_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.goto(f"{sample_url}/")
        page.locator('label.md-header__button[for="__search"]').click()
        box = page.locator(".md-search__input")
        box.wait_for(state="visible")
        box.press_sequentially("drift")
        first = page.locator(RESULT_LINKS).first
        first.wait_for(state="visible", timeout=10_000)
        rect = first.bounding_box()
        for _ in range(20):  # Material slides the search panel in: measure it once it has come to rest
            page.wait_for_timeout(100)
            if (now := first.bounding_box()) == rect:
                break
            rect = now
        assert rect and rect["x"] >= 0 and rect["x"] + rect["width"] <= 390, rect
        # Dark palette: results use Material's slate colours, not a light box.
        bg = page.evaluate("getComputedStyle(document.querySelector('.md-search__scrollwrap')).backgroundColor")
        assert bg not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), bg
    finally:
        context.close()


def test_next_moves_of_level_pages_are_found(page: object, sample_url: str, sample_site: Path) -> None:
    """"Where people go from here" is indexed (issue 17), on its level page, under that page's title."""
    html = (sample_site / "catalog" / "aimlam.gen.p3" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="rb-moves"[^>]*data-pagefind-body', html)
    hrefs = documents(search(page, f"{sample_url}/", "natural next moves"))
    levels = [h for h in hrefs if "/catalog/" in h]
    assert levels, hrefs[:8]
    # shown under the level page's own heading
    folder = levels[0].rstrip("/").rsplit("/", 1)[-1]
    level_html = (sample_site / "catalog" / folder / "index.html").read_text(encoding="utf-8")
    heading = html_text.unescape(re.search(r"<h1[^>]*>([^<]+)", level_html).group(1).strip())  # type: ignore[union-attr]
    titles = page.locator(".md-search-result__article--document h1").all_inner_texts()  # type: ignore[attr-defined]
    assert heading in [t.strip() for t in titles], (heading, titles)
