"""Issue 15's rough edges on generated pages, read as a reader reads them: level pages in reader words,
skill pages that agree with the assessments, sources that belong to the page and no notes for developers."""

from __future__ import annotations

import html
import re

import pytest
from conftest import REPO

from rolebook.generate import generate


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return generate(REPO, charts=False).pages


def _text(markdown: str) -> str:
    """What the reader sees: entities decoded, tags dropped."""
    return html.unescape(re.sub(r"<[^>]+>", " ", markdown))


def _section(markdown: str, heading: str) -> str:
    m = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", markdown, re.S | re.M)
    assert m, heading
    return m.group(1)


def test_level_page_shows_reader_labels_not_raw_values(pages: dict[str, str]) -> None:
    text = _text(pages["catalog/aimlam.gen.p3.md"])
    for raw in ("onet-soc", "inferred_from_superfunction", "needs_review"):
        assert raw not in text
    mapping = _text(_section(pages["catalog/aimlam.gen.p3.md"], "Classification mappings"))
    assert "O*NET-SOC" in mapping and "Needs review" in mapping and "Inferred from" in mapping


def test_career_guide_codes_table_in_reader_words(pages: dict[str, str]) -> None:
    """The career guide's "Other titles and occupational codes" table: systems, mappings and review status
    in words, as on the level pages (it showed `soc-2018`, `needs_review`)."""
    guides = {p: md for p, md in pages.items() if re.fullmatch(r"roles/[a-z0-9-]+/index\.md", p)
              and "## Other titles and occupational codes" in md and "<th>System</th>" in md}
    assert guides
    for path, md in guides.items():
        table = " " + " ".join(_text(_section(md, "Other titles and occupational codes")).split()) + " "
        for raw in (" soc-2018 ", " onet-soc ", "needs_review", "inferred_from_superfunction", "editor_mapping"):
            assert raw not in table, (path, raw)


def test_level_page_lists_each_component_once(pages: dict[str, str]) -> None:
    md = pages["catalog/aimlam.gen.p3.md"]
    text = _text(md)
    rows = [_text(item).strip() for item in re.findall(r"<tr><td>([^<]+)</td><td>(?:common|specialist|rare|emerging)</td></tr>", md)]
    assert len(rows) > 30
    for seen in (r for r in rows if len(r.split()) >= 4):  # in its Components table (a task may also be a responsibility), nowhere else
        assert text.count(seen) == rows.count(seen), seen


def test_adjacent_roles_name_the_role_once(pages: dict[str, str]) -> None:
    rows = _text(_section(pages["catalog/aimlam.gen.p3.md"], "Adjacent roles"))
    assert "Machine Learning Engineer (Machine Learning Engineer)" not in rows
    assert re.search(r"\bMachine Learning Engineer\b", rows)
    assert "Responsible AI Specialist (Responsible AI Lead)" in rows  # a different level title keeps its role


def test_level_page_keeps_the_taxonomy_entry_badges(pages: dict[str, str]) -> None:
    md = pages["catalog/aimlam.gen.p3.md"]
    badges = dict(re.findall(r'rb-badge__label">([^<]+)</span> <span class="rb-badge__value">([^<]+)</span>', md))
    assert _text(badges["Region"]) == "Global"
    assert _text(badges["Confidence"]) == "medium (0.70)"
    assert _text(badges["Focus"]) == "General"


def test_jd_matrix_keeps_the_seed_years(pages: dict[str, str]) -> None:
    matrix = _text(_section(pages["roles/ai-engineer/job-description.md"], "Experience-level matrix"))
    assert "Senior AI Engineer (6+ yrs)" in matrix


def test_no_developer_notes_in_sources(pages: dict[str, str]) -> None:
    for path, md in pages.items():
        if path.endswith(".md") and "## Sources" in md:
            sources = _text(_section(md, "Sources"))
            assert not re.search(r"\b\w+/\w+\.py\b|Extracted by", sources), path


def test_roadmap_and_assessment_list_only_their_own_sources(pages: dict[str, str]) -> None:
    for path in ("roles/ai-engineer/assessment.md", "roles/data-scientist/roadmap.md",
                 "roles/ai-competency-framework-designer/roadmap.md"):
        md = pages[path]
        if "## Sources" not in md:
            continue
        sources = _text(_section(md, "Sources"))
        for pay_source in ("Occupational Employment and Wage Statistics", "AI Engineer Job Description (2026)"):
            assert pay_source not in sources, (path, pay_source)
    assessment = _text(_section(pages["roles/ai-engineer/assessment.md"], "Sources"))
    assert "AI Engineer skills assessment" in assessment


def test_skill_page_proficiency_agrees_with_the_assessment(pages: dict[str, str]) -> None:
    md = pages["skills/rag-architecture.md"]
    row = next(r for r in md.split("<tr>") if ">AI Engineer</a></td>" in r).split("</tr>")[0]  # an HTML island row
    text = " ".join(_text(row).split())
    # the AI Engineer assessment: P1 2, P3 4, P4 5 (roles/ai-engineer.yaml)
    for level, value in (("P1", 2), ("P3", 4), ("P4", 5)):
        assert re.search(rf"{level}\]?\S* {value}/5|{level} · {value}/5|{level}: {value}/5", text), text


def test_every_skill_a_role_uses_has_learning_resources(pages: dict[str, str]) -> None:
    catalog = generate(REPO, charts=False).catalog
    used = {s.skill for e in catalog.roles.values() for s in e.role.skills}
    missing = [sid for sid in sorted(used) if "## Where to learn it" not in pages[f"skills/{sid}.md"]
               or not re.search(r"^<li>", _section(pages[f"skills/{sid}.md"], "Where to learn it"), re.M)]
    assert not missing, missing
    linked = [sid for sid in used if "https://" in _section(pages[f"skills/{sid}.md"], "Where to learn it")]
    assert len(linked) >= 0.8 * len(used)  # most link to a course, book or documentation online


def test_hiring_line_has_a_space_after_the_link(pages: dict[str, str]) -> None:
    """Issue 15 saw "hiring guide**and**" on the AI Engineer and Responsible AI Lead guides; a regression guard."""
    for role in ("ai-engineer", "responsible-ai-lead"):
        line = next(x for x in pages[f"roles/{role}/index.md"].splitlines() if x.startswith("Hiring for this role?"))
        assert re.search(r"hiring guide\]\(job-description\.md\) and the$", line), line
