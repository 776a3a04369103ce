"""Question bank, per-role question pages, duplicate detection, search anchors."""

from __future__ import annotations

import json
import re
from html import escape as html_escape
from pathlib import Path

from conftest import REPO, run_cli

from rolebook.generate import generate
from rolebook.render.question_pages import question_id


def test_search_lands_on_the_question(sample_site: Path) -> None:
    """Pagefind indexes the article marked data-pagefind-body and lands on its headings' ids."""
    catalog = generate(REPO, charts=False).catalog
    question = catalog.roles["ai-engineer"].role.questions[0]
    anchor = question_id("ai-engineer", question)
    html = (sample_site / "roles" / "ai-engineer" / "questions" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<article [^>]*data-pagefind-body", html)
    assert re.search(rf'<h3 id="{anchor}" class="rb-question">{re.escape(html_escape(question.text))}', html)
    bank = (sample_site / "questions" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in bank  # the bank itself is not indexed
    assert (sample_site / "pagefind" / "pagefind.js").is_file()


def test_bank_json_has_every_question(sample_site: Path) -> None:
    data = json.loads((sample_site / "api" / "questions.json").read_text(encoding="utf-8"))
    catalog = generate(REPO, charts=False).catalog
    assert len(data["questions"]) == sum(len(e.role.questions) for e in catalog.roles.values())
    ids = [q[0] for q in data["questions"]]
    assert len(ids) == len(set(ids))


def test_static_bank_lists_every_question_without_javascript(sample_site: Path) -> None:
    html = (sample_site / "questions" / "index.html").read_text(encoding="utf-8")
    data = json.loads((sample_site / "api" / "questions.json").read_text(encoding="utf-8"))
    assert html.count('<details class="question rb-q"') == len(data["questions"])


def test_question_ids_are_stable() -> None:
    from rolebook.models.role import Question

    a = Question(text="What is drift?", category="technical")
    b = Question(text="what is   DRIFT", category="behavioural")
    assert question_id("x", a) == question_id("x", b) != question_id("y", a)


def test_duplicate_questions_across_roles_are_warned(project: Path) -> None:
    catalog = generate(project, charts=False).catalog
    text = catalog.roles["ai-engineer"].role.questions[0].text
    variant = text.upper().replace(".", " . ").replace("?", " ?")  # same words: a near-exact duplicate
    other = project / "roles" / "ml-engineer.yaml"
    body = other.read_text(encoding="utf-8")
    quoted = variant.replace('"', '\\"')
    body = body.replace("\nquestions:\n", f'\nquestions:\n  - text: "{quoted}"\n    category: technical\n', 1)
    other.write_text(body, encoding="utf-8")
    result = run_cli("validate", str(project))
    assert result.returncode == 0, result.stdout  # a warning, not an error
    assert "roles/ml-engineer.yaml:" in result.stdout and "warning duplicate-question" in result.stdout
    assert "this question repeats roles/ai-engineer.yaml:" in result.stdout
