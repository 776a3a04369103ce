"""Shared fixtures: project copies, one sample-site build per session, a local HTTP server, Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# The page cache's secret lives in $XDG_CACHE_HOME/rolebook/: tests keep theirs out of the user's home.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="rolebook-test-xdg-")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files from current output")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def table_rows(text: str, *, header: bool = True) -> list[list[str]]:
    """Each table of a generated page (a Markdown table, or a raw-HTML island's <table>), as its rows
    written `| cell | cell |` (without the Markdown separator row; `header=False` leaves out header rows)."""
    tables: list[list[str]] = []
    for block in re.findall(r"<table\b.*?</table>", text, re.S):
        rows = []
        for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", block, re.S):
            cells = re.findall(r"<t([hd])\b[^>]*>(.*?)</t[hd]>", row, re.S)
            if cells and (header or cells[0][0] == "d"):
                rows.append("| " + " | ".join(" ".join(cell.split()) for _, cell in cells) + " |")
        tables.append(rows)
    current: list[str] = []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            body = [r for r in current if not re.fullmatch(r"\|[-:| ]+\|", r)]
            tables.append(body if header else body[1:])
            current = []
    return tables


def copy_project(dest: Path, *, roles: bool = True) -> Path:
    """A copy of the repository's site (config, content, vocabularies, optionally roles; the theme is
    Rolebook's, from the package)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("content", "site_config"):
        shutil.copytree(REPO / folder, dest / folder)
    if roles:
        shutil.copytree(REPO / "roles", dest / "roles")
    else:
        (dest / "roles").mkdir()
    return dest


GOLDEN_PROJECT = Path(__file__).parent / "data" / "golden-project"


def copy_small_project(dest: Path) -> Path:
    """The site's config and content with the small golden catalog (two roles): builds in seconds."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "content", dest / "content")
    for folder in ("roles", "site_config"):
        shutil.copytree(GOLDEN_PROJECT / folder, dest / folder)
    return dest


@pytest.fixture(autouse=True)
def _environment_restored() -> Iterator[None]:
    """Each test starts with the environment the session started with: `rolebook build` run in-process
    sets ROLEBOOK_JOBS and ROLEBOOK_CACHE for its workers, and a later test's subprocess (a preview)
    would inherit them."""
    saved = dict(os.environ)
    yield
    if os.environ != saved:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project", roles=False)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `rolebook` command exactly as a user would."""
    exe = Path(sys.executable).with_name("rolebook")
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample catalog built once with `rolebook build` (strict)."""
    out = tmp_path_factory.mktemp("sample") / "site"
    result = run_cli("build", str(REPO), "--site-dir", str(out))
    assert result.returncode == 0, result.stderr + result.stdout
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[str, Callable[[], None]]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.server_address[1]}", server.shutdown


@pytest.fixture(scope="session")
def sample_url(sample_site: Path) -> Iterator[str]:
    url, stop = serve(sample_site)
    yield url
    stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    playwright_sync = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run 'make test' (installs it) or 'apt-get install chromium'")
    with playwright_sync.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    pg = context.new_page()
    yield pg
    context.close()


HOSTILE = Path(__file__).parent / "data" / "hostile-role.yaml"


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample catalog plus a role whose every text field carries an injection payload."""
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    shutil.copy(HOSTILE, root / "roles" / "evil-role.yaml")
    result = run_cli("build", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"
