"""`rolebook serve` with broken content answers every request at once with a page listing the
problems (MkDocs held every request until a build passed), and shows the site again once fixed."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import copy_small_project

BAD_ROLE = "title: Broken <script>alert(1)</script>\nfamily: nowhere\nsummary: A role with problems.\n"



def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    """One request that must be answered within seconds (a held request fails the test)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _wait_for(check: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


LOGS: dict[str, Path] = {}  # url -> the log of the preview serving it


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., str]]:
    started: list[subprocess.Popen[str]] = []
    by_url: dict[str, subprocess.Popen[str]] = {}

    def start(root: Path, port: int | None = None, env: dict[str, str] | None = None) -> str:
        port = port or _free_port()
        exe = Path(sys.executable).with_name("rolebook")
        log = tmp_path / f"serve-{len(started)}.log"
        with open(log, "w", encoding="utf-8") as out:
            proc = subprocess.Popen([str(exe), "serve", str(root), "--dev-addr", f"127.0.0.1:{port}"],
                                    stdout=out, stderr=subprocess.STDOUT, text=True, env=env)
        started.append(proc)
        url = f"http://127.0.0.1:{port}/"
        LOGS[url], by_url[url] = log, proc

        def up() -> bool:
            if proc.poll() is not None:
                raise AssertionError(f"rolebook serve exited with {proc.returncode}:\n{log.read_text(encoding='utf-8')}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return True
            except OSError:
                return False

        _wait_for(up, "the preview server")
        return url

    def stop(url: str) -> None:
        _stop(by_url[url])

    start.stop = stop  # type: ignore[attr-defined]
    yield start
    for proc in started:
        _stop(proc)


def _stop(proc: subprocess.Popen[str]) -> None:
    """SIGTERM (the preview stops as on Ctrl-C), then SIGKILL after 10 s."""
    if proc.poll() is None:
        proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _shows_problems(url: str) -> bool:
    status, body = _get(url)
    return "The content has problems" in body and "roles/bad.yaml:2:9: error unknown-family" in body


def test_serve_broken_content_answers_with_the_problems(tmp_path: Path, serve: Callable[[Path], str]) -> None:
    root = copy_small_project(tmp_path / "site-src")
    (root / "roles" / "bad.yaml").write_text(BAD_ROLE, encoding="utf-8")
    url = serve(root)
    status, body = _get(url)
    assert status == 200
    assert "roles/bad.yaml:2:9: error unknown-family: unknown family &#x27;nowhere&#x27;" in body
    assert "<script>alert(1)" not in body  # the editor's text is shown as text
    status, body = _get(url + "roles/data-analyst/")  # any address: the same page, not a hang or a bare 404
    assert status == 404 and "The content has problems" in body and "livereload" in body


@pytest.mark.parametrize("jobs", [None, "1"], ids=["parallel", "serial"])
def test_serve_shows_problems_when_content_breaks_and_the_site_when_fixed(tmp_path: Path, serve: Callable[..., str],
                                                                          jobs: str | None) -> None:
    """Also with one job, where the build is MkDocs' own serial one and keeps no pages for the quick path."""
    root = copy_small_project(tmp_path / "site-src")
    url = serve(root, env={**os.environ, "ROLEBOOK_JOBS": jobs} if jobs else None)
    status, body = _get(url + "roles/data-analyst/")
    assert status == 200 and "Data Analyst" in body
    (root / "roles" / "bad.yaml").write_text(BAD_ROLE, encoding="utf-8")
    _wait_for(lambda: _shows_problems(url), "the problems page after the content broke")
    assert _shows_problems(url + "roles/data-analyst/")
    (root / "roles" / "bad.yaml").unlink()
    _wait_for(lambda: _get(url + "roles/data-analyst/")[0] == 200, "the site after the content was fixed")
    assert "The content has problems" not in _get(url)[1]


def test_serve_shows_a_page_clash_as_a_problem(tmp_path: Path, serve: Callable[[Path], str]) -> None:
    """A hand-written page where Rolebook generates one is a content problem too: shown, not a hang."""
    root = copy_small_project(tmp_path / "site-src")
    clash = root / "content" / "roles" / "data-analyst" / "index.md"
    clash.parent.mkdir(parents=True)
    clash.write_text("# Mine\n", encoding="utf-8")
    url = serve(root)
    _wait_for(lambda: "clashes with a page Rolebook generates" in _get(url)[1], "the problems page for a clash")
    clash.unlink()
    _wait_for(lambda: _get(url + "roles/data-analyst/")[0] == 200, "the site after the clash was removed")


def test_the_preview_in_a_browser_follows_edits_shows_problems_and_recovers(tmp_path: Path, serve: Callable[[Path], str],
                                                                          page: object) -> None:
    """No manual reload: an edit appears, broken content shows its problems (file:line:col, hint),
    the next good save shows the site again, all in the open tab."""
    root = copy_small_project(tmp_path / "site-src")
    url = serve(root)
    page.goto(url + "roles/data-analyst/")  # type: ignore[attr-defined]
    article = page.locator("article")  # type: ignore[attr-defined]
    assert "Data Analyst" in article.inner_text()
    role = root / "roles" / "data-analyst.yaml"
    text = role.read_text(encoding="utf-8")
    role.write_text(text.replace("summary: ", "summary: Seen live in the browser. ", 1), encoding="utf-8")
    page.wait_for_function("() => (document.body?.innerText ?? '').includes('Seen live in the browser.')", timeout=60_000)  # type: ignore[attr-defined]
    (root / "roles" / "bad.yaml").write_text(BAD_ROLE, encoding="utf-8")
    page.wait_for_function("() => (document.body?.innerText ?? '').includes('The content has problems')", timeout=60_000)  # type: ignore[attr-defined]
    shown = page.locator("pre.rb-problems").inner_text()  # type: ignore[attr-defined]
    assert "roles/bad.yaml:2:9: error unknown-family" in shown and "hint:" in shown
    assert page.locator("script", has_text="alert(1)").count() == 0  # type: ignore[attr-defined]
    (root / "roles" / "bad.yaml").unlink()
    page.wait_for_function("() => (document.body?.innerText ?? '').includes('Seen live in the browser.')", timeout=60_000)  # type: ignore[attr-defined]
    assert "The content has problems" not in page.locator("body").inner_text()  # type: ignore[attr-defined]


def test_the_preview_search_index_follows_rebuilds(tmp_path: Path, serve: Callable[[Path], str]) -> None:
    """Pagefind runs beside the preview (a rebuild does not wait for it); its index is served, and
    replaced after an edit."""
    root = copy_small_project(tmp_path / "site-src")
    url = serve(root)
    _wait_for(lambda: _get(url + "pagefind/pagefind-entry.json")[0] == 200, "the preview's search index")
    first = _get(url + "pagefind/pagefind-entry.json")[1]
    role = root / "roles" / "data-analyst.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("summary: ", "summary: Zanzibarian words. ", 1), encoding="utf-8")
    _wait_for(lambda: "Zanzibarian" in _get(url + "roles/data-analyst/")[1], "the edit")
    _wait_for(lambda: _get(url + "pagefind/pagefind-entry.json")[1] not in ("", first), "a new search index")


LIVERELOAD = re.compile(r"<script>\s*var livereload = .*?</script>", re.S)


def _site(url: str) -> dict[str, str]:
    """Every page the preview lists in its sitemap, and the catalog API, without the live-reload script."""
    status, sitemap = _get(url + "sitemap.xml")
    assert status == 200
    pages = sorted(set(re.findall(r"<loc>([^<]+)</loc>", sitemap))) + [url + "api/catalog.json"]
    assert len(pages) > 20
    return {page: LIVERELOAD.sub("", _get(page)[1]) for page in pages}


def test_a_role_edit_shows_at_once_and_the_site_then_equals_a_clean_build(tmp_path: Path,
                                                                          serve: Callable[..., str]) -> None:
    """An edit of one role file rebuilds that role's pages alone and reloads; the rest of the site
    (the roles index, the compare page, neighbours, search) follows from a whole build in the
    background, after which the preview serves what a clean build makes. A site_config edit is a
    whole build."""
    root = copy_small_project(tmp_path / "site-src")
    port = _free_port()
    url = serve(root, port)
    log = LOGS[url]
    role = root / "roles" / "data-analyst.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("title: Data Analyst\n", "title: Data Analyst Zanzibar\n", 1),
                    encoding="utf-8")
    _wait_for(lambda: "Preview: data-analyst updated in" in log.read_text(encoding="utf-8"), "the quick update")
    assert "Data Analyst Zanzibar" in _get(url + "roles/data-analyst/")[1]
    _wait_for(lambda: "Data Analyst Zanzibar" in _get(url + "roles/")[1], "the roles index after the background build")
    _wait_for(lambda: "the rest of the site is up to date" in log.read_text(encoding="utf-8"), "the background build")
    seen = _site(url)
    serve.stop(url)  # type: ignore[attr-defined]
    clean = serve(root, port, {**os.environ, "ROLEBOOK_CACHE": "0"})  # a clean build of the same files, same address
    assert clean == url
    fresh = _site(url)
    assert sorted(seen) == sorted(fresh)
    differ = [page for page in seen if seen[page] != fresh[page]]
    assert not differ, f"{len(differ)} pages differ from a clean build, e.g. {differ[:3]}"
    (root / "site_config" / "families.yaml").write_text(
        (root / "site_config" / "families.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _wait_for(lambda: LOGS[url].read_text(encoding="utf-8").count("Preview built in") == 2, "a whole build after a site_config edit")


def test_stopping_the_preview_removes_the_folders_it_made(tmp_path: Path, serve: Callable[..., str]) -> None:
    """SIGTERM (as a process manager or a terminal closing sends it) stops the preview as Ctrl-C does:
    the served site, the background build's folder and the search index are removed."""
    root = copy_small_project(tmp_path / "site-src")
    temp = tmp_path / "tmp"
    temp.mkdir()
    url = serve(root, None, {**os.environ, "TMPDIR": str(temp)})
    log = LOGS[url]
    role = root / "roles" / "data-analyst.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("summary: ", "summary: Edited once. ", 1), encoding="utf-8")
    _wait_for(lambda: "the rest of the site is up to date" in log.read_text(encoding="utf-8"), "the background build")
    _wait_for(lambda: log.read_text(encoding="utf-8").count("Site search index:") >= 2, "the new search index")
    assert list(temp.glob("rolebook-serve-*"))
    serve.stop(url)  # type: ignore[attr-defined]
    assert not list(temp.glob("rolebook-serve-*"))
