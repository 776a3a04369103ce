"""Every page type on a phone (390 CSS px) and on a desktop (1280 px), in Chromium.

At 390 px: the document never scrolls sideways, no table cell sits off-screen (a table too wide for the
screen is laid out as stacked rows instead of hiding its last columns), and chart text is at least 10
CSS px as drawn. At 1280 px: no table is clipped (none needs a scroll bar of its own).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    "/", "/about/", "/about/api/", "/contributing/", "/contributing/field-reference/",
    "/catalog/", "/catalog/aimlam.gen.p3/", "/compare/?a=AIMLAM.DSC.P3&b=AIMLAM.OPS.P3", "/compensation/",
    "/questions/", "/roles/", "/families/ai-ml/", "/skills/", "/skills/statistics/",
    "/roles/ai-engineer/", "/roles/ai-competency-framework-designer/", "/roles/ai-engineer/job-description/",
    "/roles/ai-engineer/pay/", "/roles/ai-engineer/questions/", "/roles/ai-engineer/assessment/",
    "/roles/ai-competency-framework-designer/roadmap/",
    "/paths/?from=AIMLAM.ENG.P1&to=AIMLAM.ENG.P4", "/finder/?s=python:4,statistics:3",
    "/roles/ai-engineer/interview-kit/?level=P3",
]
MIN_CHART_TEXT_PX = 10

_MEASURE = """() => {
  const vw = document.documentElement.clientWidth;
  const clippedAway = (el) => { for (let a = el; a; a = a.parentElement) { const s = getComputedStyle(a);
    if (s.overflow === "hidden" && a.getBoundingClientRect().width <= 1) return true; } return false; };  // visually hidden
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden" && !clippedAway(el);
  const cells = [...document.querySelectorAll(".md-content td, .md-content th")].filter(shown)
    .filter((c) => c.getBoundingClientRect().right > vw + 1 || c.getBoundingClientRect().left < -1)
    .map((c) => `${c.closest("table").querySelector("th")?.textContent.trim()}: ${c.textContent.trim().slice(0, 30)}`);
  const clipped = [...document.querySelectorAll(".md-content table")].filter(shown)
    .filter((t) => { const box = t.closest(".md-typeset__scrollwrap") || t;
                     return t.scrollWidth > t.clientWidth + 1 || t.getBoundingClientRect().width > box.clientWidth + 1; })
    .map((t) => t.querySelector("th")?.textContent.trim());
  const small = [...document.querySelectorAll(".rb-chart svg text")].filter(shown)
    .filter((t) => t.textContent.trim())
    .map((t) => ({ text: t.textContent.trim(),
                   px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b) }))
    .filter((t) => t.px < MIN_PX).map((t) => `${t.text} (${t.px.toFixed(1)} px)`);
  const charts = [...document.querySelectorAll(".rb-chart svg")].filter(shown).length;
  return { scrollWidth: document.documentElement.scrollWidth, vw, cells, clipped, small, charts };
}""".replace("MIN_PX", str(MIN_CHART_TEXT_PX))


def _measure(browser: object, url: str, width: int) -> dict[str, object]:
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return page.evaluate(_MEASURE)
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_phone_layout(browser: object, sample_url: str, path: str) -> None:
    m = _measure(browser, sample_url + path, 390)
    assert m["scrollWidth"] == m["vw"], f"the page scrolls sideways: {m['scrollWidth']} px wide at {m['vw']} px"
    assert m["cells"] == [], f"table cells off-screen at 390 px: {m['cells'][:5]}"
    assert m["small"] == [], f"chart text under {MIN_CHART_TEXT_PX} px at 390 px: {m['small'][:5]}"


@pytest.mark.parametrize("path", ["/roles/ai-engineer/", "/compensation/", "/roles/ai-competency-framework-designer/roadmap/"])
def test_phone_pages_still_show_their_charts(browser: object, sample_url: str, path: str) -> None:
    assert _measure(browser, sample_url + path, 390)["charts"] > 0


@pytest.mark.parametrize("path", ["/catalog/", "/roles/ai-engineer/", "/compensation/"])
def test_desktop_tables_not_clipped(browser: object, sample_url: str, path: str) -> None:
    m = _measure(browser, sample_url + path, 1280)
    assert m["scrollWidth"] == m["vw"]
    assert m["clipped"] == [], f"tables clipped at 1280 px: {m['clipped']}"
