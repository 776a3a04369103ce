"""A large build's memory (issue 14: at 10,000 roles the parent held 3.4 GB of page text and the
1.5 GB catalog, every worker forked from it inherited both, and the largest process reached 8 GB):
a generation's files are held packed from where they are rendered to where MkDocs reads them, and
the catalog goes once the pages are MkDocs' files."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

import rolebook.generate as gen
from rolebook import pipeline
from rolebook.index import build_catalog

ROOT = Path(__file__).resolve().parent.parent


def _text_size(pages: Any) -> int:
    return sum(len(text.encode("utf-8")) for text in pages.values())


def test_render_workers_send_their_pages_back_packed(monkeypatch: pytest.MonkeyPatch) -> None:
    project, _ = pipeline.check(ROOT)
    serial, _ = gen.render_pages(build_catalog(project), True, jobs=1)
    sent: list[Any] = []
    real = gen.fork_map
    monkeypatch.setattr(gen, "fork_map", lambda *a, **k: sent.append(real(*a, **k)) or sent[-1])
    monkeypatch.setattr(gen, "PARALLEL_ROLES_FROM", 1)
    monkeypatch.setattr(gen, "UNITS_PER_SHARE", 5)
    pages, _ = gen.render_pages(build_catalog(project), True, jobs=2)
    assert len(sent[0]) > 10 and max(map(len, sent[0])) <= 5  # sent a few units at a time, not half the site
    files = [f for share in sent[0] for result in share for f in result[0].values()]  # (pages, specs...)
    assert len(files) == len(pages) > 100
    assert {type(f) for f in files} == {bytes}  # no page crosses the pipe (nor stays in the parent) as text
    assert sum(map(len, files)) * 3 < _text_size(pages)
    assert dict(pages) == dict(serial) and list(pages) == list(serial)


def test_generated_pages_are_held_packed_and_read_as_text() -> None:
    generated = gen.generate(ROOT, chart_cache=False)
    pages = generated.pages
    held = sum(len(pages.packed(path)) for path in pages)  # type: ignore[attr-defined]
    assert held * 3 < _text_size(pages)
    assert pages["roles/index.md"].startswith("---\n") and "roles/index.md" in pages
    assert "<!--rolebook-chart:" not in "".join(v for k, v in pages.items() if k.endswith(".md"))  # charts filled


def test_packed_pages_behave_as_the_dict_they_were_made_from() -> None:
    from rolebook.packed_pages import PackedPages, pack, unpack

    texts = {"b.md": "# B\n\u00e9\ud800", "a.json": "{}"}  # a lone surrogate survives, as MkDocs' File keeps it
    pages = PackedPages({k: pack(v) for k, v in texts.items()})
    assert list(pages) == ["b.md", "a.json"] and len(pages) == 2 and "a.json" in pages and "c" not in pages
    assert pages == texts and dict(pages.items()) == texts
    assert unpack(pages.packed("b.md")) == texts["b.md"]
    with pytest.raises(KeyError):
        pages["c"]


def test_a_build_lets_the_catalog_go_before_the_pages_are_read(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The read and write workers fork from a parent that holds no catalog, nor a role's model; the
    hand-written pages' markers are still filled and the charts still land."""
    import rolebook.parallel_build as pb
    from rolebook.index import Catalog
    from rolebook.models.role import Role
    from rolebook.publish import build_site

    real, alive = pb._run, {}

    def spy(name: str, count: int, jobs: int) -> dict[int, Any]:
        gc.collect()
        alive[name] = sum(isinstance(o, (Catalog, Role)) for o in gc.get_objects())
        return real(name, count, jobs)

    monkeypatch.setattr(pb, "_run", spy)
    site = build_site(project, jobs=2)
    assert alive == {"read": 0, "write": 0}
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "rolebook:roles-by-family" not in home and 'href="roles/ai-engineer/"' in home
    assert "<svg" in (site / "roles" / "ai-engineer" / "index.html").read_text(encoding="utf-8")
