"""Issue 17 in Chromium: the career-move planner, the level pages' next moves (JS on and off)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_small_project, run_cli, serve

from rolebook.index import build_catalog
from rolebook.pipeline import check
from rolebook.plan import learning_plan

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    project, _ = check(REPO)
    return build_catalog(project)


def _plan_url(base: str, frm: str, to: str) -> str:
    return f"{base}/paths/?from={frm}&to={to}"


def _shown_gaps(page: object) -> list[list[str]]:
    rows = page.locator(".rb-paths__scroll table tbody tr")  # type: ignore[attr-defined]
    return [rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count())]


def test_planned_move_shows_the_gaps_and_weeks(page: object, sample_url: str) -> None:
    page.goto(_plan_url(sample_url, "AIMLAM.DSC.P1", "AIMLAM.MLE.P5"))  # type: ignore[attr-defined]
    page.locator(".rb-paths__summary").wait_for()  # type: ignore[attr-defined]
    gaps = _shown_gaps(page)
    assert gaps[0] == ["Deep learning", "0", "4", "+4"]
    assert len(gaps) == 7
    # the ML engineer's phases list their skills: foundations (software engineering practices), deep
    # learning, production ML (practices, containers, latency, MLOps) = 10 + 8 + 12 weeks
    assert "Learning plan (30 weeks)" in page.locator(".rb-paths__result").inner_text()  # type: ignore[attr-defined]
    steps = page.locator(".rb-paths__steps > li > label")  # type: ignore[attr-defined]
    assert "Programming and data foundations · 10 weeks" in steps.nth(0).inner_text()
    assert "Deep learning · 8 weeks" in steps.nth(1).inner_text()
    assert page.locator(".rb-paths__guessed").count() == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("pair", [(("data-scientist", "P3"), ("ai-engineer", "P4")),
                                  (("ml-engineer", "P3"), ("mlops-engineer", "P4")),
                                  (("ai-competency-framework-designer", "P3"), ("ai-product-manager", "M4")),
                                  (("ai-product-manager", "P3"), ("responsible-ai-lead", "M4"))])
def test_browser_plan_agrees_with_plan_py(page: object, sample_url: str, catalog, pair) -> None:  # type: ignore[no-untyped-def]
    (ra, la), (rb, lb) = pair
    plan = learning_plan(catalog, (ra, la), (rb, lb))
    page.goto(_plan_url(sample_url, catalog.level_code(ra, la), catalog.level_code(rb, lb)))  # type: ignore[attr-defined]
    page.locator(".rb-paths__summary").wait_for()  # type: ignore[attr-defined]
    assert _shown_gaps(page) == [[catalog.skills[g.skill].name, str(g.current), str(g.target), f"+{g.gap}"] for g in plan.gaps]
    assert f"Learning plan ({plan.weeks} weeks)" in page.locator(".rb-paths__result").inner_text()  # type: ignore[attr-defined]
    titles = page.locator(".rb-paths__steps > li > label > strong").all_inner_texts()  # type: ignore[attr-defined]
    assert titles == [s.title for s in plan.steps]
    guessed = page.locator(".rb-paths__steps > li").evaluate_all(  # type: ignore[attr-defined]
        "items => items.map(li => !!li.querySelector('.rb-paths__guessed'))")
    assert guessed == [s.guessed for s in plan.steps]


def test_plan_copies_as_markdown_and_keeps_ticks(page: object, sample_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])  # type: ignore[attr-defined]
    page.goto(_plan_url(sample_url, "AIMLAM.DSC.P1", "AIMLAM.MLE.P5"))  # type: ignore[attr-defined]
    page.locator("[data-rb-tick=step-1]").check()  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    assert page.locator("[data-rb-tick=step-1]").is_checked()  # type: ignore[attr-defined]
    page.locator("[data-rb-paths-action=copy]").click()  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('.rb-paths__result [role=status]').textContent.includes('Copied')")  # type: ignore[attr-defined]
    text = page.evaluate("navigator.clipboard.readText()")  # type: ignore[attr-defined]
    assert "## Learning plan (30 weeks)" in text
    assert "- [x] Programming and data foundations (10 weeks): Software engineering practices" in text
    assert "- [ ] Deep learning (8 weeks): Deep learning" in text
    assert "- [ ] Learn Technical leadership" in text


def test_a_shared_plan_fetches_only_its_two_roles(page: object, sample_url: str, sample_site: Path) -> None:
    """Issue 17: the planner no longer downloads every role-level's profile; a plan reads the two role files,
    and the list of codes behind the suggestions comes only when a reader focuses a field."""
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "/api/" in r.url else None)  # type: ignore[attr-defined]
    page.goto(_plan_url(sample_url, "AIMLAM.DSC.P1", "AIMLAM.MLE.P5"))  # type: ignore[attr-defined]
    page.locator(".rb-paths__summary").wait_for()  # type: ignore[attr-defined]
    assert sorted(u.split("/api/")[1] for u in fetched) == ["paths/aimlam.dsc.json", "paths/aimlam.mle.json"], fetched
    assert not (sample_site / "api" / "paths" / "index.json").exists()
    two = sum((sample_site / "api" / "paths" / f).stat().st_size for f in ("aimlam.dsc.json", "aimlam.mle.json"))
    assert two < 40_000, two
    assert page.locator("#rb-paths-codes option").count() == 0  # type: ignore[attr-defined]
    page.get_by_label("Where you are").focus()  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelectorAll('#rb-paths-codes option').length > 30")  # type: ignore[attr-defined]
    assert any(u.endswith("/api/paths/codes.json") for u in fetched)
    assert page.locator("#rb-paths-codes option[value='AIMLAM.MLE.P5']").count() == 1  # type: ignore[attr-defined]


def test_unknown_role_code_in_a_shared_plan(page: object, sample_url: str) -> None:
    page.goto(_plan_url(sample_url, "NOPE.ROLE.P1", "AIMLAM.MLE.P5"))  # type: ignore[attr-defined]
    assert "Unknown level code: NOPE.ROLE.P1" in page.locator(".rb-paths__error").inner_text()  # type: ignore[attr-defined]
    page.goto(_plan_url(sample_url, "AIMLAM.DSC.P9", "AIMLAM.MLE.P5"))  # type: ignore[attr-defined]
    assert "Unknown level code: AIMLAM.DSC.P9" in page.locator(".rb-paths__error").inner_text()  # type: ignore[attr-defined]


def test_picking_a_move_puts_it_in_the_url(page: object, sample_url: str) -> None:
    page.goto(f"{sample_url}/paths/")  # type: ignore[attr-defined]
    page.locator("#rb-paths").wait_for(state="visible")  # shown once the data has loaded  # type: ignore[attr-defined]
    page.get_by_label("Where you are").fill("aimlam.dsc.p1")  # type: ignore[attr-defined]
    page.get_by_label("Where you want to go").fill("AIMLAM.MLE.P5")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Show the plan").click()  # type: ignore[attr-defined]
    page.locator(".rb-paths__summary").wait_for()  # type: ignore[attr-defined]
    assert "from=AIMLAM.DSC.P1" in page.url and "to=AIMLAM.MLE.P5" in page.url  # type: ignore[attr-defined]
    page.get_by_label("Where you are").fill("NOPE.P1")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Show the plan").click()  # type: ignore[attr-defined]
    assert "Unknown level code: NOPE.P1" in page.locator(".rb-paths__error").inner_text()  # type: ignore[attr-defined]


def test_level_page_next_moves_link_to_plans(page: object, sample_url: str, catalog) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{sample_url}/catalog/aimlam.dsc.p1/")  # type: ignore[attr-defined]
    moves = page.locator(".rb-moves li")  # type: ignore[attr-defined]
    assert moves.count() >= 2
    first = moves.nth(0)
    assert "next level" in first.inner_text()
    first.get_by_role("link", name="Plan this move").click()  # type: ignore[attr-defined]
    page.locator(".rb-paths__summary").wait_for()  # type: ignore[attr-defined]
    assert "from=AIMLAM.DSC.P1" in page.url  # type: ignore[attr-defined]


def test_js_off_fallbacks(browser: object, sample_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        pg = context.new_page()
        pg.goto(f"{sample_url}/paths/")
        assert "Where people go from here" in pg.locator("noscript").first.text_content()
        pg.goto(f"{sample_url}/catalog/aimlam.dsc.p1/")
        text = pg.locator(".rb-moves").inner_text()
        assert "weeks" in text and "Plan this move" in text
    finally:
        context.close()


def test_pay_difference_compares_like_with_like(page: object, sample_url: str) -> None:
    # one role's level bands (AI Engineer P1 $110,000-$140,000, P4 $160,000-$200,000; no medians): midpoints
    page.goto(_plan_url(sample_url, "AIMLAM.ENG.P1", "AIMLAM.ENG.P4"))  # type: ignore[attr-defined]
    pay = page.locator(".rb-paths__pay-result")  # type: ignore[attr-defined]
    assert "Band midpoint $125,000 → $180,000 per year: +$55,000" in pay.inner_text()
    # two sources (the framework designer's guide, the AI Engineer JD guide): never mixed
    page.goto(_plan_url(sample_url, "AIMLAM.ACF.P3", "AIMLAM.ENG.P3"))  # type: ignore[attr-defined]
    assert "never mixed" in page.locator(".rb-paths__pay-result").inner_text()  # type: ignore[attr-defined]
    # occupation-wide statistics (BLS) are not a role's pay: nothing to compare
    page.goto(_plan_url(sample_url, "AIMLAM.DSC.P1", "AIMLAM.MLE.P5"))  # type: ignore[attr-defined]
    assert "not compared" in page.locator(".rb-paths__pay").inner_text()  # type: ignore[attr-defined]


def _finder_url(base: str, mine: dict[str, int]) -> str:
    return f"{base}/finder/?s=" + ",".join(f"{k}:{v}" for k, v in sorted(mine.items()))


def test_finder_ranks_a_known_profile_best_role_first(page: object, sample_url: str, catalog) -> None:  # type: ignore[no-untyped-def]
    from rolebook.plan import profile
    mine = profile(catalog, "ai-product-manager", "P3")
    page.goto(_finder_url(sample_url, mine))  # type: ignore[attr-defined]
    first = page.locator(".rb-finder__results > li").first  # type: ignore[attr-defined]
    assert first.get_attribute("data-code").startswith(catalog.role_code("ai-product-manager") + ".")
    assert "fit 100%" in first.inner_text() and "Missing: nothing" in first.inner_text()


def test_finder_agrees_with_plan_py_and_keeps_state_in_the_url(page: object, sample_url: str, catalog) -> None:  # type: ignore[no-untyped-def]
    from rolebook.plan import rank
    mine = {"python": 4, "deep-learning": 3, "mlops": 2}
    assert all(s in catalog.skills for s in mine)
    want = [catalog.level_code(r.role, r.level) for r in rank(catalog, mine, limit=20)]
    page.goto(f"{sample_url}/finder/")  # type: ignore[attr-defined]
    page.locator("#rb-finder").wait_for(state="visible")  # type: ignore[attr-defined]
    for skill, value in mine.items():
        page.locator(f"#rb-finder select[name={skill}]").select_option(str(value))  # type: ignore[attr-defined]
    codes = page.locator(".rb-finder__results > li")  # type: ignore[attr-defined]
    assert [codes.nth(i).get_attribute("data-code") for i in range(codes.count())] == want
    assert "s=deep-learning:3,mlops:2,python:4" in page.url  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    assert page.locator("#rb-finder select[name=python]").input_value() == "4"  # type: ignore[attr-defined]
    top = codes.first
    assert "Missing:" in top.inner_text() and "Covered:" in top.inner_text()
    top.get_by_role("link", name="Plan this move from your skills").click()
    page.locator(".rb-paths__summary").wait_for()  # type: ignore[attr-defined]
    best = rank(catalog, mine, limit=1)[0]
    plan_gaps = [g for g in __import__("rolebook.plan", fromlist=["x"]).profile(catalog, best.role, best.level).items()
                 if g[1] > mine.get(g[0], 0)]
    assert len(_shown_gaps(page)) == len(plan_gaps)


def test_finder_js_off_says_where_to_look(browser: object, sample_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        pg = context.new_page()
        pg.goto(f"{sample_url}/finder/?s=python:4")
        assert "skills index" in pg.locator("noscript").first.text_content()
    finally:
        context.close()


def test_composed_jd_matches_rolebook_jd_and_pastes_cleanly(page: object, sample_url: str, catalog) -> None:  # type: ignore[no-untyped-def]
    from rolebook.jd import choose, compose
    role = catalog.roles["ai-engineer"].role
    jd = role.job_description
    level, context, industry = role.levels[-1].level, jd.contexts[0].context, jd.industries[0].industry
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])  # type: ignore[attr-defined]
    page.goto(f"{sample_url}/roles/ai-engineer/job-description/")  # type: ignore[attr-defined]
    root = page.locator("#rb-jd-composer")  # type: ignore[attr-defined]
    root.wait_for(state="visible")
    root.locator("select[name=level]").select_option(level)
    root.locator("select[name=context]").select_option(context)
    root.locator("select[name=industry]").select_option(industry)
    root.locator("select[name=region]").select_option("us")
    c = choose(catalog, "ai-engineer", level, context, industry, "us")
    assert root.locator(".rb-jd-composer__preview").text_content() == compose(catalog, "ai-engineer", c, "md")
    for fmt in ("txt", "html"):
        root.locator(f"[data-rb-jd-copy={fmt}]").click()
        page.wait_for_function("document.querySelector('.rb-jd-composer__status').textContent === 'Copied.'")  # type: ignore[attr-defined]
        assert page.evaluate("navigator.clipboard.readText()") == compose(catalog, "ai-engineer", c, fmt)  # type: ignore[attr-defined]
        page.evaluate("document.querySelector('.rb-jd-composer__status').textContent = ''")  # type: ignore[attr-defined]
    text = compose(catalog, "ai-engineer", c, "txt")
    band = next(lv for lv in role.levels if lv.level == level)
    assert band.salary is not None and f"{band.salary.min:,.0f}" in text and "for level " + level in text
    assert jd.industries[0].requirements.split()[0] in text
    for para in text.split("\n\n"):  # one line per paragraph or list item: no break mid-sentence
        lines = para.splitlines()
        assert len(lines) == 1 or all(line.startswith("- ") for line in lines[1 if lines[0].isupper() else 0:]), lines
    assert "level=" + level in page.url and "industry=" in page.url  # type: ignore[attr-defined]


def test_composer_js_off_points_to_the_template(browser: object, sample_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        pg = context.new_page()
        pg.goto(f"{sample_url}/roles/ai-engineer/job-description/")
        assert "rolebook jd" in pg.locator("noscript").first.text_content()
        assert pg.locator("#rb-jd-composer").is_hidden()
    finally:
        context.close()


def test_interview_kit_narrows_to_a_level_and_prints_clean(page: object, sample_url: str, catalog) -> None:  # type: ignore[no-untyped-def]
    level = "P3"
    want = [a.question.text for a in catalog.questions_of("ai-engineer")
            if a.question.level in (None, level) and a.question.category in ("technical", "culture-fit")]
    assert want
    page.goto(f"{sample_url}/roles/ai-engineer/interview-kit/?level={level}&cat=technical,culture-fit")  # type: ignore[attr-defined]
    kit = page.locator("#rb-kit")  # type: ignore[attr-defined]
    kit.locator("form").wait_for(state="visible")
    shown = kit.locator(".rb-kit__questions > li:visible .rb-kit__q")
    assert [t.strip() for t in shown.all_inner_texts()] == want
    assert kit.locator(f".rb-kit__level[data-level={level}]").is_visible()
    assert kit.locator(".rb-kit__level:visible").count() == 1
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".rb-kit__pick"):
        assert page.locator(chrome).first.is_hidden(), chrome  # type: ignore[attr-defined]
    assert kit.locator(f".rb-kit__level[data-level={level}] .rb-kit__scorecard").is_visible()
    assert kit.locator(".md-button:visible").count() == 0
    pdf = page.pdf()  # type: ignore[attr-defined]
    assert pdf[:4] == b"%PDF"


def test_interview_kit_copies_as_markdown(page: object, sample_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])  # type: ignore[attr-defined]
    page.goto(f"{sample_url}/roles/ai-engineer/interview-kit/?level=P3&cat=behavioural")  # type: ignore[attr-defined]
    page.locator("[data-rb-kit-action=copy]").click()  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('.rb-kit__status').textContent === 'Copied.'")  # type: ignore[attr-defined]
    text = page.evaluate("navigator.clipboard.readText()")  # type: ignore[attr-defined]
    assert text.startswith("# ") and "(P3)" in text.splitlines()[0]
    assert "## Scorecard" in text and "| Skill | Expected | Anchor |" in text
    assert "Technical ·" not in text  # only the chosen category


def _kit_rows(kit: object, level: str) -> list[str]:
    return kit.locator(f".rb-kit__level[data-level={level}] tbody tr:visible").evaluate_all(  # type: ignore[attr-defined]
        "rows => rows.map(r => r.dataset.skill)")


def test_interview_kit_scorecard_scores_what_the_chosen_questions_probe(page: object, sample_url: str, catalog) -> None:  # type: ignore[no-untyped-def]
    from rolebook.render.kit_page import probed
    role = catalog.roles["ai-engineer"].role
    level, cats = "P3", ("behavioural", "situational")
    chosen = [a.question for a in catalog.questions_of("ai-engineer")
              if a.question.level in (None, level) and a.question.category in cats]
    want = {s for q in chosen for s in probed(catalog, q, [n.skill for n in role.skills])}
    page.goto(f"{sample_url}/roles/ai-engineer/interview-kit/?level={level}&cat={','.join(cats)}")  # type: ignore[attr-defined]
    kit = page.locator("#rb-kit")  # type: ignore[attr-defined]
    kit.locator("form").wait_for(state="visible")
    rows = _kit_rows(kit, level)
    assert set(rows) == want and len(rows) == len(want), (rows, want)
    assert 0 < len(rows) < len(role.assessment.skills)  # not every assessed skill
    assert "model-versioning" in rows  # the drift-alert question's rubric row, with its anchor
    anchor = kit.locator(f".rb-kit__level[data-level={level}] tr[data-skill=model-versioning] td").nth(2).inner_text()
    assert anchor == next(r.levels[level] for r in role.assessment.rubric if r.skill == "model-versioning")
    # choosing another category changes the rows with it
    kit.get_by_label("Culture fit").check()
    assert "cross-functional-collaboration" in _kit_rows(kit, level)
    # P1's only behavioural question probes no skill: the scorecard says so instead of listing every skill
    page.goto(f"{sample_url}/roles/ai-engineer/interview-kit/?level=P1&cat=behavioural")  # type: ignore[attr-defined]
    kit.locator("form").wait_for(state="visible")
    assert _kit_rows(kit, "P1") == []
    assert kit.locator(".rb-kit__level[data-level=P1] .rb-kit__none").is_visible()


def test_interview_kit_js_off_shows_everything(browser: object, sample_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        pg = context.new_page()
        pg.goto(f"{sample_url}/roles/ai-engineer/interview-kit/")
        assert pg.locator(".rb-kit__level").count() == pg.locator(".rb-kit__level:visible").count() > 1
        assert pg.locator(".rb-kit__pick").is_hidden()
    finally:
        context.close()


def test_composer_downloads_the_composed_text(page: object, sample_url: str, catalog) -> None:  # type: ignore[no-untyped-def]
    from rolebook.jd import choose, compose
    page.goto(f"{sample_url}/roles/ai-engineer/job-description/?level=P3&region=us")  # type: ignore[attr-defined]
    page.locator("#rb-jd-composer").wait_for(state="visible")  # type: ignore[attr-defined]
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.locator("[data-rb-jd-download=txt]").click()  # type: ignore[attr-defined]
    download = info.value
    assert download.suggested_filename == "ai-engineer-job-description-p3.txt"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text == compose(catalog, "ai-engineer", choose(catalog, "ai-engineer", "P3", None, None, "us"), "txt")


@pytest.fixture(scope="module")
def small_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The small golden catalog, with `skills: [sql]` on the data analyst's "Basics" phase and none on "Statistics"."""
    root = copy_small_project(tmp_path_factory.mktemp("small") / "project")
    role = root / "roles" / "data-analyst.yaml"
    marker = "    milestone: You can answer a question with a query.\n"
    role.write_text(role.read_text(encoding="utf-8").replace(marker, marker + "    skills: [sql]\n"), encoding="utf-8")
    result = run_cli("build", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    url, stop = serve(root / "site")
    yield url
    stop()


def test_plan_says_which_phases_are_guessed(page: object, small_url: str) -> None:
    page.goto(_plan_url(small_url, "DATA.BIDEVELOPER.P3", "DATA.ANL.P3"))  # type: ignore[attr-defined]
    page.locator(".rb-paths__summary").wait_for()  # type: ignore[attr-defined]
    step = page.locator(".rb-paths__steps > li")  # type: ignore[attr-defined]
    assert step.count() == 1 and "Statistics · 6 weeks" in step.nth(0).inner_text()
    assert "Coverage guessed from the phase's text" in step.nth(0).locator(".rb-paths__guessed").inner_text()
    page.goto(_plan_url(small_url, "DATA.ANL.P1", "DATA.ANL.P3"))  # type: ignore[attr-defined]
    page.locator(".rb-paths__summary").wait_for()  # type: ignore[attr-defined]
    assert "Basics · 4 weeks" in step.nth(0).inner_text()
    assert page.locator(".rb-paths__guessed").count() == 0  # type: ignore[attr-defined]  # Basics lists its skills
