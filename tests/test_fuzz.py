"""Fuzzing: generated role documents (valid and invalid shapes, random Unicode) never crash the tool.

Either the content validates and every page renders, or validation reports problems, each with a
location. Never an unhandled exception, never a hang. CI runs a few hundred examples; run more with
`ROLEBOOK_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rolebook.generate import render_pages
from rolebook.index import build_catalog
from rolebook.models import Role
from rolebook.models.common import is_visible, safe_text
from rolebook.pipeline import check
from rolebook.problems import errors

EXAMPLES = int(os.environ.get("ROLEBOOK_FUZZ_EXAMPLES", "300"))
GOLDEN = Path(__file__).parent / "data" / "golden-project"
ROOT = Path(os.environ.get("PYTEST_FUZZ_DIR", "/tmp")) / f"rolebook-fuzz-{os.getpid()}"

text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)
words = st.sampled_from(["sql", "statistics", "P1", "P3", "P9", "data", "survey", "us", "de", "USD", "EUR", "technical",
                         "behavioural", "2026-06", "2026-02-30", "09:00", "25:00", "https://example.org/x", "javascript:x",
                         "<script>x</script>", "{{ config }}", "yes", "no", "~", "0123", "1e5", "130,000", "-1", "0"])
scalar = st.one_of(text, words, st.integers(-10, 10**7), st.floats(allow_nan=False, allow_infinity=False, width=32),
                   st.booleans(), st.none())
keys = sorted({name for model in (Role,) for name in model.model_fields} |
              {"skill", "proficiency", "level", "salary", "min", "max", "median", "currency", "source", "region", "text",
               "category", "weeks", "goals", "milestone", "time", "activity", "id", "as_of", "url", "type", "q", "a"})
value = st.recursive(scalar, lambda kids: st.lists(kids, max_size=3) |
                     st.dictionaries(st.one_of(st.sampled_from(keys), text), kids, max_size=4), max_leaves=12)
documents = st.fixed_dictionaries(
    {"title": st.one_of(text, words), "family": st.one_of(st.just("data"), words), "summary": st.one_of(text, words)},
    optional={k: value for k in sorted(Role.model_fields) if k not in ("title", "family", "summary")},
)
raw_files = st.one_of(
    documents.map(lambda d: yaml.safe_dump(d, allow_unicode=True, sort_keys=False)),
    text, st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
)


def _project() -> Path:
    if not ROOT.exists():
        shutil.copytree(GOLDEN, ROOT)
    return ROOT


@settings(max_examples=EXAMPLES, deadline=5000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
          derandomize=True)
@given(raw=raw_files)
def test_any_role_file_validates_or_is_reported(raw: str) -> None:
    root = _project()
    (root / "roles" / "fuzz.yaml").write_bytes(raw.encode("utf-8", "surrogatepass"))
    project, problems = check(root)
    if errors(problems):
        for p in problems:
            assert p.path and p.code and p.message
            assert p.line > 0 or p.code in {"file-too-large", "bad-role-id", "no-roles", "unexpected-file", "missing-file",
                                            "proficiency-scale", "yaml-syntax"}, p
        return
    pages, _ = render_pages(build_catalog(project))
    assert "roles/fuzz/index.md" in pages
    assert "<script>" not in pages["roles/fuzz/index.md"].split("application/ld+json")[0]


def teardown_module() -> None:
    shutil.rmtree(ROOT, ignore_errors=True)


def _editor_text(value: str) -> bool:
    """Text the validator accepts (no controls, noncharacters, bidi controls or markers; something visible)."""
    try:
        safe_text(value)
    except ValueError:
        return False
    return True


words_text = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: any(c.isalnum() and is_visible(c) for c in s) and s.strip() == s and "\n" not in s and "\r" not in s
    and _editor_text(s))
valid_documents = st.fixed_dictionaries(
    {"title": words_text, "family": st.just("data"), "summary": words_text},
    optional={
        "overview": st.text(max_size=200).filter(lambda s: s.strip() != "" and _editor_text(s.strip())),
        "tools": st.lists(words_text, max_size=3),
        "fit": st.fixed_dictionaries({"great_if": st.lists(words_text, max_size=2), "not_for": st.lists(words_text, max_size=2)}),
        "skills": st.lists(st.fixed_dictionaries({"skill": st.sampled_from(["sql", "statistics"]),
                                                  "proficiency": st.integers(1, 5)}), max_size=2, unique_by=lambda s: s["skill"]),
        "questions": st.lists(st.fixed_dictionaries({"text": words_text, "category": st.sampled_from(["technical", "behavioural"])}),
                              max_size=3),
        "faq": st.lists(st.fixed_dictionaries({"q": words_text, "a": words_text}), max_size=2),
        "levels": st.lists(st.fixed_dictionaries({"level": st.sampled_from(["P1", "P3"]), "title": words_text}), max_size=2,
                           unique_by=lambda lv: lv["level"]),
    },
)


@settings(max_examples=max(50, EXAMPLES // 3), deadline=5000, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(doc=valid_documents)
def test_valid_shapes_with_random_unicode_render(doc: dict) -> None:
    root = _project()
    (root / "roles" / "fuzz.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    project, problems = check(root)
    assert not errors(problems), [p.message for p in problems]
    pages, _ = render_pages(build_catalog(project))
    page = pages["roles/fuzz/index.md"]
    assert "<script>" not in page.split("application/ld+json")[0]
