"""Issue 5 in Chromium: question bank filters and URL state, flashcards, selection copy, roadmap progress."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def _bank_data(sample_site: Path) -> dict:
    return json.loads((sample_site / "api" / "questions.json").read_text(encoding="utf-8"))


def _expected(data: dict, **where: str) -> int:
    idx = {f: i for i, f in enumerate(data["fields"])}
    return sum(all(q[idx[k]] == v for k, v in where.items()) for q in data["questions"])


def test_filter_by_category_and_level_counts(page: object, sample_url: str, sample_site: Path) -> None:
    data = _bank_data(sample_site)
    page.goto(f"{sample_url}/questions/")  # type: ignore[attr-defined]
    page.get_by_label("Category", exact=True).select_option("behavioural")  # type: ignore[attr-defined]
    page.get_by_label("Level", exact=True).select_option("P3")  # type: ignore[attr-defined]
    want = _expected(data, category="behavioural", level="P3")
    assert want > 0
    results = page.locator(".rb-bank__results > li")  # type: ignore[attr-defined]
    assert results.count() == want
    assert page.locator(".rb-bank__count").inner_text() == f"Showing {want} of {len(data['questions'])} questions."  # type: ignore[attr-defined]
    # The filter is in the URL: reload and see the same.
    assert "category=behavioural" in page.url and "level=P3" in page.url  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    assert page.get_by_label("Category", exact=True).input_value() == "behavioural"  # type: ignore[attr-defined]
    assert page.locator(".rb-bank__results > li").count() == want  # type: ignore[attr-defined]
    page.go_back()  # type: ignore[attr-defined]
    assert page.get_by_label("Level", exact=True).input_value() == ""  # type: ignore[attr-defined]


def test_text_filter_shows_only_matches(page: object, sample_url: str) -> None:
    page.goto(f"{sample_url}/questions/")  # type: ignore[attr-defined]
    page.get_by_label("Words", exact=True).fill("drift")  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('#rb-bank').dataset.count && location.search.includes('q=drift')")  # type: ignore[attr-defined]
    items = page.locator(".rb-bank__results > li")  # type: ignore[attr-defined]
    assert items.count() > 0
    for i in range(items.count()):
        text = items.nth(i).locator("details").text_content().lower()
        assert "drift" in text


def test_keyboard_operable_filters(page: object, sample_url: str) -> None:
    page.goto(f"{sample_url}/questions/")  # type: ignore[attr-defined]
    page.locator("#rb-bank").wait_for(state="visible")  # shown once the questions have loaded  # type: ignore[attr-defined]
    page.get_by_label("Role", exact=True).focus()  # type: ignore[attr-defined]
    page.keyboard.press("ArrowDown")  # type: ignore[attr-defined]
    assert page.get_by_label("Role", exact=True).input_value() != ""  # type: ignore[attr-defined]


def test_flashcards_progress_survives_reload(page: object, sample_url: str) -> None:
    page.goto(f"{sample_url}/questions/?role=data-scientist")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Practise these as flashcards").click()  # type: ignore[attr-defined]
    cards = page.locator(".rb-cards")  # type: ignore[attr-defined]
    first = cards.locator(".rb-cards__question").inner_text()
    page.get_by_role("button", name="Knew it").click()  # type: ignore[attr-defined]
    second = cards.locator(".rb-cards__question").inner_text()
    assert second != first
    page.get_by_role("button", name="Didn't").click()  # type: ignore[attr-defined]
    assert (cards.get_attribute("data-knew"), cards.get_attribute("data-missed")) == ("1", "1")
    page.reload()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Practise these as flashcards").click()  # type: ignore[attr-defined]
    assert (cards.get_attribute("data-knew"), cards.get_attribute("data-missed")) == ("1", "1")
    assert cards.locator(".rb-cards__question").inner_text() not in (first, second)  # resumes at the third card
    page.once("dialog", lambda d: d.accept())  # type: ignore[attr-defined]  # "Reset your flashcard progress?"
    page.get_by_role("button", name="Reset progress").click()  # type: ignore[attr-defined]
    assert (cards.get_attribute("data-knew"), cards.get_attribute("data-missed")) == ("0", "0")


def test_copy_selected_questions(browser: object, sample_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])  # type: ignore[attr-defined]
    try:
        pg = context.new_page()
        pg.goto(f"{sample_url}/questions/?role=ai-engineer&category=culture-fit")
        boxes = pg.locator(".rb-bank__results > li input[type=checkbox]")
        boxes.nth(1).wait_for()  # the list is drawn once questions.json has loaded
        assert boxes.count() >= 2
        texts = [pg.locator(".rb-bank__results > li summary").nth(i).evaluate("n => n.firstChild.textContent.trim()")
                 for i in range(2)]
        boxes.nth(0).check()
        boxes.nth(1).check()
        pg.get_by_role("button", name="Copy 2 selected as Markdown").click()
        clip = pg.evaluate("navigator.clipboard.readText()")
        assert clip.startswith("## Interview plan\n\n- ")
        for t in texts:
            assert f"- {t} (AI Engineer; Culture fit;" in clip
    finally:
        context.close()


def test_roadmap_goal_survives_reload(page: object, sample_url: str) -> None:
    page.goto(f"{sample_url}/roles/ai-competency-framework-designer/roadmap/")  # type: ignore[attr-defined]
    boxes = page.locator("input[data-rb-item]")  # type: ignore[attr-defined]
    total = boxes.count()
    assert total == 5 * 3 + 5  # 3 goals and a milestone in each of 5 phases
    boxes.nth(0).check()
    boxes.nth(3).check()  # the first phase's milestone
    overall = page.locator(".rb-roadmap-progress__overall")  # type: ignore[attr-defined]
    assert overall.inner_text() == f"Overall: 2 of {total} goals and milestones done (10%)."
    page.reload()  # type: ignore[attr-defined]
    assert boxes.nth(0).is_checked() and boxes.nth(3).is_checked() and not boxes.nth(1).is_checked()
    assert "4 of 4 done" not in page.locator("span[data-rb-phase]").first.inner_text()  # type: ignore[attr-defined]
    assert page.locator("span[data-rb-phase]").first.inner_text() == "· 2 of 4 done"  # type: ignore[attr-defined]


def test_roadmap_export_and_reset(browser: object, sample_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])  # type: ignore[attr-defined]
    try:
        pg = context.new_page()
        pg.goto(f"{sample_url}/roles/data-scientist/roadmap/")
        pg.locator("input[data-rb-item]").first.check()
        pg.get_by_role("button", name="Copy my progress as a Markdown checklist").click()
        clip = pg.evaluate("navigator.clipboard.readText()")
        assert clip.startswith("# Data Scientist: learning roadmap\n\n## Phase 1")
        assert "\n- [x] " in clip and "\n- [ ] " in clip
        pg.once("dialog", lambda d: d.accept())  # "Reset your progress on this roadmap?"
        pg.get_by_role("button", name="Reset progress").click()
        assert pg.locator("input[data-rb-item]:checked").count() == 0
    finally:
        context.close()


@pytest.fixture(scope="module")
def shared_bank_url(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The small golden catalog (two roles that both ask the shared `sql-basics` set), built and served."""
    from conftest import copy_small_project, run_cli, serve

    root = copy_small_project(tmp_path_factory.mktemp("shared") / "project")
    result = run_cli("build", str(root))
    assert result.returncode == 0, result.stderr
    url, stop = serve(root / "site")
    yield url
    stop()


def test_a_shared_question_is_listed_once_under_every_role(page: object, shared_bank_url: str) -> None:
    page.goto(f"{shared_bank_url}/questions/")  # type: ignore[attr-defined]
    page.locator("#rb-bank").wait_for(state="visible")  # type: ignore[attr-defined]
    items = page.locator(".rb-bank__results > li")  # type: ignore[attr-defined]
    assert items.count() == 4
    shared = items.filter(has_text="What does GROUP BY do?")
    assert shared.count() == 1
    assert "BI Developer, Data Analyst" in shared.locator(".rb-meta").inner_text()
    hrefs = [shared.locator("a").nth(i).get_attribute("href") for i in range(shared.locator("a").count())]
    assert [h.split("#")[0] for h in hrefs] == ["../roles/bi-developer/questions/", "../roles/data-analyst/questions/"]
    page.get_by_label("Role", exact=True).select_option("bi-developer")  # type: ignore[attr-defined]
    assert page.locator(".rb-bank__results > li").count() == 2  # type: ignore[attr-defined]
    page.get_by_label("Role", exact=True).select_option("data-analyst")  # type: ignore[attr-defined]
    assert page.locator(".rb-bank__results > li").count() == 4  # type: ignore[attr-defined]
    assert page.locator(".rb-bank__results > li", has_text="What does GROUP BY do?").count() == 1  # type: ignore[attr-defined]
