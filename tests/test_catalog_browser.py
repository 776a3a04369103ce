"""Issue 3 in a real browser: level pages by code, compare, copy a job description, JSON-LD."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser


def test_level_page_by_code_shows_descriptors_components_and_neighbours(page: object, sample_url: str) -> None:
    page.goto(f"{sample_url}/catalog/aimlam.gen.p3/")  # type: ignore[attr-defined]
    article = page.locator("article")  # type: ignore[attr-defined]
    assert article.locator("#rb-level-code").inner_text() == "AIMLAM.GEN.P3"
    assert "Level: P3 · Mid-Level Professional" in article.locator("h2").all_inner_texts()[0]
    descriptors = article.locator("h2:has-text('Level: P3') + p + div table").inner_text()
    assert "Features or a sub-system end-to-end" in descriptors and "Mentors juniors informally" in descriptors
    assert article.locator("h3", has_text="Responsibilities (8)").count() == 1
    assert article.locator("h3", has_text="Qualifications (3)").count() == 1
    neighbours = article.locator("h2#adjacent-roles ~ div table").first.locator("tbody tr")
    assert neighbours.count() >= 3
    first = neighbours.first.inner_text()
    assert any(band in first for band in ("close", "related", "distant"))
    neighbours.first.locator("a").first.click()
    page.wait_for_url("**/catalog/**")  # type: ignore[attr-defined]
    assert page.url != f"{sample_url}/catalog/aimlam.gen.p3/"  # type: ignore[attr-defined]


def test_catalog_index_sorts_by_column(page: object, sample_url: str) -> None:
    page.goto(f"{sample_url}/catalog/")  # type: ignore[attr-defined]
    table = page.locator("table.rb-sortable")  # type: ignore[attr-defined]
    first_codes = table.locator("tbody tr td:first-child").all_inner_texts()
    assert first_codes == sorted(first_codes)
    table.locator("th", has_text="Code").click()
    table.locator("th", has_text="Code").click()
    assert table.locator("tbody tr td:first-child").all_inner_texts() == sorted(first_codes, reverse=True)


def test_compare_two_roles_highlights_a_skill_difference(page: object, sample_url: str) -> None:
    page.goto(f"{sample_url}/compare/")  # type: ignore[attr-defined]
    page.select_option("select[name=a]", "AIMLAM.DSC.P3")  # type: ignore[attr-defined]
    page.select_option("select[name=b]", "AIMLAM.OPS.P3")  # type: ignore[attr-defined]
    result = page.locator(".rb-compare__result table")  # type: ignore[attr-defined]
    result.wait_for()
    stats = result.locator("tr", has_text="Skill: Statistics and probability")
    assert stats.get_attribute("data-differs") == "true"
    assert stats.locator("td.rb-diff").count() == 2
    assert "a=AIMLAM.DSC.P3" in page.url and "b=AIMLAM.OPS.P3" in page.url  # type: ignore[attr-defined]
    shared = page.url  # type: ignore[attr-defined]
    page.goto("about:blank")  # type: ignore[attr-defined]
    page.goto(shared)  # type: ignore[attr-defined]
    page.locator(".rb-compare__result table").wait_for()  # type: ignore[attr-defined]
    assert page.input_value("select[name=b]") == "AIMLAM.OPS.P3"  # type: ignore[attr-defined]


def test_copy_job_description_to_clipboard(browser: object, sample_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])  # type: ignore[attr-defined]
    try:
        pg = context.new_page()
        pg.goto(f"{sample_url}/roles/ai-engineer/job-description/")
        pg.get_by_role("button", name="Copy job description").click()
        text = pg.evaluate("navigator.clipboard.readText()")
        assert text.startswith("# AI Engineer\n\n## About the role\n")
        assert "## Must-have qualifications" in text and "\n- " in text
        assert "Rolebook" not in text and "<" not in text  # no site chrome, no markup
        with pg.expect_download() as info:
            pg.get_by_role("link", name="Download Markdown").click()
        download = info.value
        assert download.suggested_filename == "ai-engineer-job-description.md"
        assert open(download.path(), encoding="utf-8").read().strip() == text.strip()
    finally:
        context.close()


def test_json_ld_is_parseable(page: object, sample_url: str) -> None:
    page.goto(f"{sample_url}/roles/data-scientist/")  # type: ignore[attr-defined]
    raw = page.locator("script[type='application/ld+json']").first.text_content()  # type: ignore[attr-defined]
    data = json.loads(raw)
    assert data["@type"] == "Occupation" and data["name"] == "Data Scientist"
    assert any(c["codeValue"] == "15-2051" for c in data["occupationalCategory"])
    assert data["estimatedSalary"][0]["@type"] == "MonetaryAmountDistribution"
