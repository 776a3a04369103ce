"""The forked page workers: errors keep their log, a dead worker fails the build instead of hanging,
and only plugins known to be safe run in parallel (the output equality is in test_build_guarantees)."""

from __future__ import annotations

import logging
import os
import signal
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import rolebook.parallel_build as pb


def test_a_worker_error_is_raised_with_the_log_that_led_to_it(monkeypatch: pytest.MonkeyPatch,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    def task(i: int) -> int:
        logging.getLogger("mkdocs.test").warning("reading page %d", i)
        if i == 3:
            raise ValueError("boom on page 3")
        return i * 10

    monkeypatch.setattr(pb, "_read_task", task)
    with caplog.at_level(logging.WARNING), pytest.raises(ValueError, match="boom on page 3"):
        pb._run("read", 6, 2)
    assert "reading page 3" in caplog.text  # the failing worker's records were replayed here
    assert "reading page 4" in caplog.text  # and the other worker's


def test_results_come_back_for_every_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pb, "_read_task", lambda i: i * i)
    assert pb._run("read", 7, 3) == {i: i * i for i in range(7)}


def test_a_killed_worker_fails_the_build_instead_of_hanging(monkeypatch: pytest.MonkeyPatch) -> None:
    def task(i: int) -> int:
        if i == 1:
            os.kill(os.getpid(), signal.SIGKILL)  # what the OOM killer does
        return i

    monkeypatch.setattr(pb, "_read_task", task)
    signal.alarm(120)  # a regression would hang: fail the test run rather than wait for ever
    try:
        with pytest.raises(BrokenProcessPool):
            pb._run("read", 4, 2)
    finally:
        signal.alarm(0)


@pytest.mark.parametrize(("plugins", "safe"), [
    ({"rolebook": 1}, True),
    ({"rolebook": 1, "material/tags": 1}, False),  # collects tags as pages are read
    ({"material/search": 1, "rolebook": 1}, False),  # collects its index as pages are written
    ({"search": 1, "rolebook": 1}, False),  # MkDocs' own search keeps a private index
])
def test_only_known_plugins_run_in_parallel(plugins: dict[str, int], safe: bool) -> None:
    assert pb.parallel_safe(SimpleNamespace(plugins=plugins)) is safe  # type: ignore[arg-type]


def _frozen(_: object) -> int:
    import gc

    return gc.get_freeze_count()


def test_workers_never_collect_the_heap_they_inherit() -> None:
    """A forked worker's garbage collector does not walk the objects it inherited (the catalog, every page's
    Markdown): they are frozen when it starts, so a collection scans only what the worker made since
    (on a 1,000-role catalog, collections over the inherited heap were a quarter of the read phase)."""
    from rolebook.jobs import fork_map

    assert all(count > 1000 for count in fork_map(_frozen, [0, 1], 2))


def test_the_parent_holds_no_page_html_between_the_phases(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The read workers leave each page's HTML in a spool folder of the build's own and send back only what
    the parent needs (title, toc, anchors, links), and generated files keep their text packed: with
    thousands of pages, the Markdown and HTML the parent held, and every worker forked from it inherited,
    were the build's peak memory. The site is still whole."""
    from rolebook.publish import build_site

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    real, held = pb._run, {}

    def spy(name: str, count: int, jobs: int) -> dict[int, Any]:
        out = real(name, count, jobs)
        if name == "read":
            held["returned"] = sum(len(d["content"] or "") for d in out.values())
            held["pages"] = count
            generated = [f for f in pb._STATE["files"] if f.generated_by]
            held["text"] = sum(len(f._content or "") for f in generated)  # what MkDocs' File keeps as text
            held["unpacked"] = sum(len(f.content_string) for f in generated)
        else:
            held["kept"] = sum(len(p.content or "") for p in pb._STATE["pages"])
        return out

    monkeypatch.setattr(pb, "_run", spy)
    site = build_site(project, jobs=2)
    assert held["pages"] > 50
    assert held["returned"] == 0  # not one page's HTML came back to the parent
    assert held["kept"] == 0
    assert held["text"] == 0 and held["unpacked"] > 100_000  # generated files keep their text packed
    assert "Explain the bias-variance tradeoff" in (site / "roles" / "ai-engineer" / "questions" / "index.html").read_text(encoding="utf-8")
    assert not list((project / ".cache").glob("spool-*"))  # the spool goes with the build


def test_with_the_page_cache_each_page_is_converted_and_stored_once(project: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """With the page cache, a page's HTML is stored once between the phases, in its cache entry (the
    write workers read it back from there): no spool folder beside it holding a second copy of every
    page, and no page converted twice."""
    from rolebook import mkdocs_private
    from rolebook.publish import build_site

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    real, spools = pb._run, []
    log = tmp_path / "converted.txt"
    real_render = mkdocs_private.render_page

    def spy(name: str, count: int, jobs: int) -> dict[int, Any]:
        spools.append(pb._STATE["spool"])
        return real(name, count, jobs)

    def counted(page: Any, config: Any, files: Any) -> None:  # runs in the forked workers
        with log.open("a", encoding="utf-8") as out:
            out.write(page.file.src_uri + "\n")
        real_render(page, config, files)

    monkeypatch.setattr(pb, "_run", spy)
    monkeypatch.setattr(mkdocs_private, "render_page", counted)
    site = build_site(project, jobs=2)
    converted = log.read_text(encoding="utf-8").splitlines()
    assert len(converted) == len(set(converted)) > 50
    assert spools == [None, None]
    assert "Explain the bias-variance tradeoff" in (site / "roles" / "ai-engineer" / "questions" / "index.html").read_text(encoding="utf-8")


def test_a_page_whose_html_the_cache_could_not_take_is_converted_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A body entry the disk did not take (full, say): the write worker converts that page again, so the
    page is whole all the same."""
    from rolebook.page_cache import PageCache
    from rolebook.publish import build_site

    real_put = PageCache.put_text
    monkeypatch.setattr(PageCache, "put_text", lambda self, key, kind, value, text:
                        None if kind == "body" else real_put(self, key, kind, value, text))
    site = build_site(project, jobs=2)
    assert "Explain the bias-variance tradeoff" in (site / "roles" / "ai-engineer" / "questions" / "index.html").read_text(encoding="utf-8")


def test_a_build_without_the_cache_spools_outside_the_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--no-cache` (ROLEBOOK_CACHE=0) reads and writes nothing in .cache/: the spool is in the temporary folder."""
    from rolebook.publish import build_site

    monkeypatch.setenv("ROLEBOOK_CACHE", "0")
    real, spools = pb._run, []

    def spy(name: str, count: int, jobs: int) -> dict[int, Any]:
        spools.append(pb._STATE["spool"])
        return real(name, count, jobs)

    monkeypatch.setattr(pb, "_run", spy)
    build_site(project, jobs=2)
    assert spools and all(s is not None and not s.is_relative_to(project) and not s.exists() for s in spools)
    assert not (project / ".cache" / "pages").exists()
