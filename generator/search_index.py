"""Site search: Pagefind indexes the built site into <site>/pagefind/ (the theme's search box reads it).

Only page text is indexed: the theme marks each page's article with data-pagefind-body (level pages mark
just their "Where people go from here", at weight 0 so it never outranks the page a title names), and the
selectors below keep data out of the index, so a reader searching "salary" finds prose, not pay tables,
chart data or the field reference's table. The binary comes from the
installed `pagefind` wheel (`pagefind[bin]`, or `pagefind[extended]`); it is never looked up on PATH or
downloaded."""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
from pathlib import Path

BUNDLE = "pagefind"

# Data, not prose: tables (pay, descriptors, the field reference), charts, sources lists, badges,
# copy buttons and heading permalinks.
NOT_PROSE = ("table", ".rb-chart", ".rb-sources", ".rb-badges", ".rb-copy", ".headerlink", ".md-source-file")


class SearchIndexError(Exception):
    """One line for the reader: what went wrong and how to fix it."""


def executable() -> Path:
    for module in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            found = importlib.import_module(module).get_executable()
        except ImportError:
            continue
        except (FileNotFoundError, OSError) as exc:
            raise SearchIndexError(f"the Pagefind wheel ({module}) is broken: {exc}; reinstall it with "
                                   "pip install --force-reinstall 'pagefind[bin]'") from None
        return Path(found)
    raise SearchIndexError("Pagefind is not installed; install it with pip install 'pagefind[bin]>=1.5,<2' "
                           "(Rolebook depends on it: reinstalling Rolebook brings it back)")


def build(site_dir: Path, language: str, output: Path | None = None) -> str:
    """Index the built site into <site>/pagefind/ (or `output`); return Pagefind's summary.
    Raises SearchIndexError on any failure. Arguments are passed as --name=value, so no path can
    be read as an option."""
    out = output or site_dir / BUNDLE
    if out.exists() and not (out / "pagefind-entry.json").is_file():  # a bundle from an earlier (dirty) build is ours
        raise SearchIndexError(f"{out} already exists in the built site (a '{BUNDLE}' folder in the docs?); "
                               "rename it: the search index is written there")
    if out.exists():  # an earlier build's bundle (a tree reused by output_dir): Pagefind keeps files it
        shutil.rmtree(out)  # finds there, so it writes a complete bundle only into an empty folder
    args = [
        str(executable()),
        f"--site={site_dir}",
        f"--output-path={out}",
        f"--exclude-selectors={', '.join(NOT_PROSE)}",
        f"--force-language={language}",
    ]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind could not run: {exc}") from None
    if done.returncode != 0 or not (out / "pagefind.js").is_file():
        lines = [line.strip() for line in (done.stderr + "\n" + done.stdout).splitlines() if line.strip()]
        detail = next((line for line in reversed(lines) if "error" in line.lower()), lines[-1] if lines else "")
        raise SearchIndexError(f"Pagefind failed (exit {done.returncode}) to index {site_dir}: {detail or 'no output'}")
    return _summary(done.stdout)


def _summary(stdout: str) -> str:
    """Pagefind's closing counts in one line, e.g. '122 pages, 2381 words in 0.750 s'."""
    pages = re.search(r"Indexed (\d+) pages?", stdout)
    words = re.search(r"Indexed (\d+) words?", stdout)
    took = re.search(r"Finished in ([\d.]+) seconds", stdout)
    if not (pages and words):
        return "done"
    return f"{pages.group(1)} pages, {words.group(1)} words" + (f" in {took.group(1)} s" if took else "")
