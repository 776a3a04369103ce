"""Issue 15's rough edges in Chromium: the question bank's URL words and empty states, flashcards at the
end of a deck, confirmations before progress is wiped, the selection copy, the JD copy text and the
contributing guide's step list."""

from __future__ import annotations

import itertools
import re

import pytest

pytestmark = pytest.mark.browser


def _bank(page: object, url: str) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('#rb-bank').dataset.count !== undefined")  # type: ignore[attr-defined]


def test_words_in_the_url_filter_the_bank_without_opening_site_search(page: object, sample_url: str) -> None:
    _bank(page, f"{sample_url}/questions/?q=drift")
    page.wait_for_timeout(300)  # type: ignore[attr-defined]  # anything that reacts to ?q= on load has run
    assert page.get_by_label("Words", exact=True).input_value() == "drift"  # type: ignore[attr-defined]
    assert int(page.locator("#rb-bank").get_attribute("data-count")) > 0  # type: ignore[attr-defined]
    assert page.evaluate("document.getElementById('__search').checked") is False  # type: ignore[attr-defined]
    assert page.locator(".md-search__input").input_value() == ""  # type: ignore[attr-defined]
    assert not page.locator(".md-search__output").is_visible()  # type: ignore[attr-defined]


def test_no_match_hides_show_more_and_offers_no_practice(page: object, sample_url: str) -> None:
    _bank(page, f"{sample_url}/questions/?q=zzzqqq")
    assert page.locator("#rb-bank").get_attribute("data-count") == "0"  # type: ignore[attr-defined]
    assert not page.locator(".rb-bank__more").is_visible()  # type: ignore[attr-defined]
    practise = page.get_by_role("button", name="Practise these as flashcards")  # type: ignore[attr-defined]
    assert practise.is_disabled()


def test_disabled_buttons_look_disabled(page: object, sample_url: str) -> None:
    _bank(page, f"{sample_url}/questions/")
    copy = page.locator("[data-rb-action=copy]")  # type: ignore[attr-defined]
    practise = page.locator("[data-rb-action=practice]")  # type: ignore[attr-defined]
    assert copy.is_disabled() and practise.is_enabled()
    look = "b => { const s = getComputedStyle(b); return [s.opacity, s.cursor]; }"
    copy.hover()
    disabled = copy.evaluate(look)
    enabled = practise.evaluate(look)
    assert float(disabled[0]) <= 0.6 < float(enabled[0]), (disabled, enabled)
    assert disabled[1] == "not-allowed"


def test_flashcards_at_the_end_of_the_deck_have_no_live_answer_buttons(page: object, sample_url: str) -> None:
    _bank(page, f"{sample_url}/questions/?role=ai-engineer&category=culture-fit")
    n = int(page.locator("#rb-bank").get_attribute("data-count"))  # type: ignore[attr-defined]
    assert n >= 2
    page.get_by_role("button", name="Practise these as flashcards").click()  # type: ignore[attr-defined]
    answer = [page.get_by_role("button", name=name, exact=True) for name in ("Knew it", "Didn't", "Skip")]  # type: ignore[attr-defined]
    assert all(b.is_enabled() for b in answer)
    for _ in range(n):
        answer[2].click()
    assert page.locator(".rb-cards__question").inner_text() == "End of the deck."  # type: ignore[attr-defined]
    assert all(b.is_disabled() for b in answer)
    assert page.locator(".rb-cards__progress").inner_text().startswith(f"{n} of {n} cards seen")  # type: ignore[attr-defined]


def test_roadmap_reset_asks_first(page: object, sample_url: str) -> None:
    page.goto(f"{sample_url}/roles/data-scientist/roadmap/")  # type: ignore[attr-defined]
    boxes = page.locator("input[data-rb-item]")  # type: ignore[attr-defined]
    boxes.nth(0).check()
    boxes.nth(1).check()
    asked: list[str] = []

    def answer(accept: bool):  # type: ignore[no-untyped-def]
        def handle(dialog):  # type: ignore[no-untyped-def]
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()
        return handle

    page.once("dialog", answer(False))  # type: ignore[attr-defined]
    page.get_by_role("button", name="Reset progress").click()  # type: ignore[attr-defined]
    assert asked and "2" in asked[0]
    assert page.locator("input[data-rb-item]:checked").count() == 2  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    assert page.locator("input[data-rb-item]:checked").count() == 2  # type: ignore[attr-defined]
    page.once("dialog", answer(True))  # type: ignore[attr-defined]
    page.get_by_role("button", name="Reset progress").click()  # type: ignore[attr-defined]
    assert page.locator("input[data-rb-item]:checked").count() == 0  # type: ignore[attr-defined]


def test_copy_selection_says_what_the_filters_hide_and_includes_guidance(browser: object, sample_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])  # type: ignore[attr-defined]
    try:
        pg = context.new_page()
        _bank(pg, f"{sample_url}/questions/?role=ai-engineer&category=culture-fit")
        boxes = pg.locator(".rb-bank__results > li input[type=checkbox]")
        boxes.nth(0).check()
        boxes.nth(1).check()
        guidance = pg.locator(".rb-bank__results > li details > p").nth(0).evaluate("n => n.firstChild.textContent.trim()")
        assert guidance and guidance != "No answer guidance yet."
        note = pg.locator(".rb-bank__selection")
        assert "hidden" not in note.inner_text()
        pg.get_by_label("Category", exact=True).select_option("technical")
        pg.wait_for_function("!location.search.includes('culture-fit')")
        assert re.search(r"\b2\b.*hidden by the filters", note.inner_text()), note.inner_text()
        pg.get_by_role("button", name=re.compile("Copy 2 selected")).click()
        clip = pg.evaluate("navigator.clipboard.readText()")
        assert clip.count("\n- ") == 2
        assert " ".join(guidance.split()) in clip  # on the question's line, as one line
    finally:
        context.close()


def test_contributing_steps_are_six_separate_items(page: object, sample_url: str) -> None:
    page.goto(f"{sample_url}/contributing/")  # type: ignore[attr-defined]
    steps = page.locator("#add-a-role-step-by-step + ol > li")  # type: ignore[attr-defined]
    assert steps.count() == 6
    firsts = [steps.nth(i).locator("strong").first.inner_text() for i in range(6)]
    assert firsts == ["Set up once.", "Create the file.", "Fill it in.", "Check it.", "Preview it.", "Open a pull request."]


def test_jd_copy_text_has_no_mid_sentence_line_breaks(browser: object, sample_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])  # type: ignore[attr-defined]
    try:
        pg = context.new_page()
        pg.goto(f"{sample_url}/roles/ai-engineer/job-description/")
        pg.get_by_role("button", name="Copy job description").click()
        clip = pg.evaluate("navigator.clipboard.readText()")
        _no_hard_wraps(clip)
        for name in ("ai-engineer-job-description.md.txt", "ai-engineer-job-description.txt"):
            text = pg.evaluate("u => fetch(u).then(r => r.text())", f"{sample_url}/roles/ai-engineer/{name}")
            _no_hard_wraps(text)
    finally:
        context.close()


def _no_hard_wraps(text: str) -> None:
    """Every line ends a heading, a list item or a paragraph: none breaks a sentence in two."""
    lines = text.split("\n")
    assert len(lines) > 10
    for line, after in itertools.pairwise(lines):
        if line.strip() and after.strip() and not re.match(r"\s*([-*] |#|\d+\. )", after):
            raise AssertionError(f"line broken mid-paragraph: {line!r} / {after!r}")


def test_jd_copy_button_is_not_offered_without_javascript(browser: object, sample_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        pg = context.new_page()
        pg.goto(f"{sample_url}/roles/ai-engineer/job-description/")
        assert not pg.get_by_role("button", name="Copy job description").is_visible()
        assert pg.get_by_role("link", name="Download Markdown").is_visible()
    finally:
        context.close()


def test_level_code_copy_button_is_not_offered_without_javascript(browser: object, sample_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        pg = context.new_page()
        pg.goto(f"{sample_url}/catalog/aimlam.gen.p3/")
        assert pg.locator("[data-rb-copy]").count() >= 1
        assert not pg.locator("[data-rb-copy]").first.is_visible()
    finally:
        context.close()



def test_salary_search_ranks_reader_pages_before_references_for_editors(page: object, sample_url: str) -> None:
    from test_search_browser import documents, search

    hrefs = documents(search(page, f"{sample_url}/", "salary"))
    editors = ("/contributing/", "/about/api/")
    assert hrefs and not any(h.endswith(editors) for h in hrefs[:3]), hrefs[:5]
    assert hrefs[0].endswith(("/compensation/", "/")) or "/roles/" in hrefs[0], hrefs[:5]
