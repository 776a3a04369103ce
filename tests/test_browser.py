"""What a reader sees, in headless Chromium (Debian's) driven by Playwright."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import serve

pytestmark = pytest.mark.browser


def _heading(locator: object) -> str:
    return locator.inner_text().rstrip("¶").strip()  # type: ignore[attr-defined]


def _watch_requests(page: object) -> list[str]:
    urls: list[str] = []
    page.on("request", lambda req: urls.append(req.url))  # type: ignore[attr-defined]
    return urls


def test_role_page_shows_title_ladder_and_roadmap(page: object, sample_url: str) -> None:
    requests = _watch_requests(page)
    page.goto(f"{sample_url}/roles/ai-competency-framework-designer/")  # type: ignore[attr-defined]
    assert _heading(page.locator("article h1")) == "AI Competency Framework Designer"  # type: ignore[attr-defined]
    assert "AI Competency Framework Designer - Rolebook" == page.title()  # type: ignore[attr-defined]

    ladder = page.locator("h2#career-ladder + div table, h2#career-ladder ~ div.md-typeset__table table").first  # type: ignore[attr-defined]
    rows = ladder.locator("tbody tr")
    assert rows.count() == 5
    first = rows.nth(0).inner_text()
    assert "AI Training Coordinator" in first and "$70,000–$95,000" in first
    assert "$190,000–$260,000" in rows.nth(4).inner_text()

    phases = page.locator("h3[id^='phase-']")  # type: ignore[attr-defined]
    assert phases.count() == 5
    assert phases.nth(0).inner_text().startswith("Phase 1: Foundations")
    assert "28 weeks in all" in page.locator("article").inner_text()  # type: ignore[attr-defined]

    external = [u for u in requests if urlparse(u).hostname not in {"127.0.0.1", "localhost"}]
    assert external == [], external


def test_job_description_page_has_template_and_questions(page: object, sample_url: str) -> None:
    page.goto(f"{sample_url}/roles/ai-engineer/job-description/")  # type: ignore[attr-defined]
    article = page.locator("article")  # type: ignore[attr-defined]
    assert "AI Engineer: job description and hiring guide" in article.locator("h1").inner_text()
    article.get_by_text("Show the template as Markdown").click()
    code = article.locator("pre code").first
    assert code.is_visible()
    assert code.inner_text().startswith("# AI Engineer")
    assert "## Must-have qualifications" in code.inner_text()
    questions = article.locator("details.question")
    assert questions.count() >= 15
    questions.first.locator("summary").click()
    assert questions.first.get_attribute("open") is not None


def test_home_page_links_to_roles(page: object, sample_url: str) -> None:
    page.goto(sample_url + "/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Data Scientist").first.click()  # type: ignore[attr-defined]
    page.wait_for_url("**/roles/data-scientist/")  # type: ignore[attr-defined]
    assert _heading(page.locator("article h1")) == "Data Scientist"  # type: ignore[attr-defined]


def test_hostile_payloads_never_run(page: object, hostile_site: Path) -> None:
    url, stop = serve(hostile_site)
    try:
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
        for path in ("/", "/roles/", "/roles/evil-role/", "/roles/evil-role/job-description/"):
            page.goto(url + path)  # type: ignore[attr-defined]
            for summary in page.locator("details summary").all():  # type: ignore[attr-defined]
                summary.click()
            for link in page.locator("article a[href]").all():  # type: ignore[attr-defined]
                link.hover()
            flags = page.evaluate("Object.keys(window).filter(k => k.startsWith('__pwned'))")  # type: ignore[attr-defined]
            assert flags == [], f"{path}: {flags}"
            assert page.evaluate("getComputedStyle(document.body).display") != "none"  # type: ignore[attr-defined]
        text = page.locator("article").inner_text()  # type: ignore[attr-defined]
        assert "<script>window.__pwned_about=1</script>" in text
        assert dialogs == []
    finally:
        stop()


def test_charts_render_in_the_browser_without_outside_requests(page: object, sample_url: str) -> None:
    requests = _watch_requests(page)
    page.goto(f"{sample_url}/roles/ai-competency-framework-designer/")  # type: ignore[attr-defined]
    charts = page.locator("figure.rb-chart svg:visible")  # type: ignore[attr-defined]
    # the wide drawings at a desktop width (the narrow ones are for phones): band by level, ladder,
    # roadmap; its BLS figures are occupation-wide statistics: a table, no chart
    assert charts.count() == 3
    for i in range(charts.count()):
        svg = charts.nth(i)
        box = svg.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 50
        assert svg.locator("path, rect").count() > 3  # marks drawn
    bars = page.locator("figure.rb-chart").first.locator("svg:visible g.mark-rect path")  # type: ignore[attr-defined]
    assert bars.count() == 5  # one salary bar per rung of the ladder
    page.get_by_text("The numbers behind this chart").first.click()  # type: ignore[attr-defined]
    assert page.locator("details table").first.is_visible()  # type: ignore[attr-defined]
    external = [u for u in requests if urlparse(u).hostname not in {"127.0.0.1", "localhost"}]
    assert external == [], external


def test_every_hostile_page_and_link_stays_inert(page: object, hostile_site: Path) -> None:
    """Load every page of the hostile build and click every link on the evil role's pages."""
    url, stop = serve(hostile_site)
    try:
        flags = "Object.keys(window).filter(k => k.startsWith('__pwned'))"
        for html in sorted(hostile_site.rglob("*.html")):
            rel = html.relative_to(hostile_site).as_posix()
            page.goto(f"{url}/{rel}")  # type: ignore[attr-defined]
            assert page.evaluate(flags) == [], rel  # type: ignore[attr-defined]
        for rel in ("roles/evil-role/", "roles/evil-role/job-description/", "roles/evil-role/questions/",
                    "roles/evil-role/roadmap/", "catalog/aimlam.evl.p1/"):
            page.goto(f"{url}/{rel}")  # type: ignore[attr-defined]
            count = page.locator("article a[href]").count()  # type: ignore[attr-defined]
            for i in range(count):
                page.goto(f"{url}/{rel}")  # type: ignore[attr-defined]
                link = page.locator("article a[href]").nth(i)  # type: ignore[attr-defined]
                href = link.get_attribute("href") or ""
                assert not href.strip().lower().startswith(("javascript:", "data:", "vbscript:")), href
                if href.startswith("http") and "127.0.0.1" not in href:
                    continue  # external links are not followed (no network here)
                link.click()
                page.wait_for_load_state("load")  # type: ignore[attr-defined]
                assert page.evaluate(flags) == [], f"{rel} link {i}: {href}"  # type: ignore[attr-defined]
    finally:
        stop()
