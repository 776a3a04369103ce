"""axe-core (through Playwright) on each page type: no serious or critical violation from our markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

BASELINE = json.loads((Path(__file__).parent / "a11y-baseline.json").read_text(encoding="utf-8"))["accepted"]
PAGES = [
    "/", "/roles/ai-engineer/", "/roles/ai-engineer/job-description/", "/catalog/aimlam.gen.p3/",
    "/questions/", "/roles/ai-competency-framework-designer/roadmap/", "/roles/data-scientist/questions/",
    "/compensation/", "/compare/?a=AIMLAM.DSC.P3&b=AIMLAM.OPS.P3", "/skills/statistics/",
]


def _accepted(rule: str, target: list[str]) -> bool:
    return any(b["rule"] == rule and b["target"] in target for b in BASELINE)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_violations(browser: object, sample_url: str, path: str, scheme: str) -> None:
    """Both palettes: Material follows the reader's prefers-color-scheme on a first visit."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(sample_url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
        violations = Axe().run(page).response["violations"]
    finally:
        context.close()
    found = [
        f"{v['id']} ({v['impact']}): {node['target']}"
        for v in violations if v["impact"] in ("serious", "critical")
        for node in v["nodes"] if not _accepted(v["id"], node["target"])
    ]
    assert found == [], "\n".join(found)
