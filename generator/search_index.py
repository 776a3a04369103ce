"""Site search: Pagefind indexes the built site into <site>/pagefind/ (the theme's search box reads it).

Only page text is indexed: the theme marks each page's article with data-pagefind-body (level pages mark
just their "Where people go from here", at weight 0 so it never outranks the page a title names), and the
selectors below keep data out of the index, so a reader searching "salary" finds prose, not pay tables,
chart data or the field reference's table. The binary comes from the
installed `pagefind` wheel (`pagefind[bin]`, or `pagefind[extended]`); it is never looked up on PATH or
downloaded.

One Pagefind run over a large site needs memory in proportion to the site (1.8 GB at 1,000 roles), so
the site is indexed in shards: disjoint page sets of bounded size (a role's pages stay
together; the site-wide pages have shards of their own), each a separate Pagefind run over a folder of
hard links to its pages, then merged into one ordinary bundle (pagefind_bundle.py): the browser fetches
what it would fetch from a single run. Each shard's bundle is kept in `<project>/.cache/search/` under
a digest of its pages' paths and bytes and of the settings below, with a manifest (HMAC-signed as the
page cache's entries are) of every file's SHA-256: a rebuild runs Pagefind only for the shards whose
pages changed, and an entry that does not verify is indexed again."""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from . import page_cache, pagefind_bundle, written_pages

BUNDLE = "pagefind"
CACHE_FOLDER = "search"  # <project>/.cache/search/
CACHE_KIND = "shard"

# Data, not prose: tables (pay, descriptors, the field reference), charts, sources lists, badges,
# copy buttons and heading permalinks.
NOT_PROSE = ("table", ".rb-chart", ".rb-sources", ".rb-badges", ".rb-copy", ".headerlink", ".md-source-file")

# A shard's size. Pagefind's peak memory grows with the text it indexes: measured at 1,000 cloned roles,
# about 10 MB per MB of a role's HTML (2,000 role pages, 94 MB of HTML: 920 MB) and far less for level
# pages, whose indexed part is small. A shard holds at most SHARD_BYTES of HTML (under 450 MB of
# Pagefind at any catalog size), and closes after a unit (a role, or a site-wide folder) with a
# probability of its pages / SHARD_TARGET decided by a hash of its name: a shard is about
# SHARD_TARGET pages, and adding or removing a role moves no boundary but its neighbours'.
SHARD_BYTES = 40 * 1024 * 1024
SHARD_TARGET = 300
BODY = b"data-pagefind-body"
PAGES_KIND = "pages"  # the records of the site's pages (site_pages), one entry
SETTLED_NS = 2 * 10**9


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
    raise SearchIndexError(f"Pagefind is not installed; install it with pip install 'pagefind[bin]=={pagefind_bundle.VERSION}' "
                           "(Rolebook depends on it: reinstalling Rolebook brings it back)")


@dataclass
class SitePage:
    path: str  # relative, '/'-separated
    digest: str
    size: int
    body: bool  # names data-pagefind-body somewhere (only such a page can have one)


Record = list[Any]  # a page's file as last read: [device, inode, size, mtime_ns, digest, body, source, settled]


def site_pages(site_dir: Path, skip: Path, known: dict[str, Record] | None = None,
               written: dict[str, list[Any]] | None = None) -> tuple[list[SitePage], dict[str, Record]]:
    """Every HTML file Pagefind's default glob (`**/*.{html}`) finds, in path order, links not followed;
    and the records of their files, so that a rebuild reads only what changed. A file keeps the
    digest `known` records for it, unread, when
    * the build wrote or kept it from the same page-cache entry (`written`: written_pages' records,
      whose size, time and inode it still has) as when it was read: an entry's key is a digest of
      everything the page's bytes depend on; a kept page is stamped with each build's time, so its
      time alone says nothing;
    * or it has the recorded device, inode, size and modification time, and was read more than
      SETTLED_NS after it was last written (a change in the same tick of a coarse clock could leave
      its time as it was).
    Any other file is read."""
    known, written = known or {}, written or {}
    settled = time.time_ns() - SETTLED_NS
    found: list[SitePage] = []
    records: dict[str, Record] = {}

    def source(path: str, info: os.stat_result) -> str | None:
        entry = written.get(path)
        if isinstance(entry, list) and len(entry) == 5 and entry[1:4] == [info.st_size, info.st_mtime_ns, info.st_ino]:
            return str(entry[0])
        return None

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if Path(entry.path) != skip:
                    walk(entry.path, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".html") and not entry.is_symlink():
                path = prefix + entry.name
                info = entry.stat(follow_symlinks=False)
                now = [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns]
                record, key = known.get(path), source(path, info)
                if not (isinstance(record, list) and len(record) == 8 and record[:3] == now[:3]
                        and ((key is not None and record[6] == key) or (record[3] == now[3] and record[7]))):
                    with open(entry.path, "rb") as handle:
                        info = os.fstat(handle.fileno())
                        data = handle.read()
                    record = [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns,
                              hashlib.blake2b(data, digest_size=20).hexdigest(), BODY in data or BODY in data.lower(),
                              source(path, info), info.st_mtime_ns < settled]
                else:
                    record = [*now, record[4], record[5], key, record[7] and record[3] == now[3]]
                if record[6] is not None or record[7]:
                    records[path] = record
                found.append(SitePage(path, record[4], record[2], bool(record[5])))

    walk(str(site_dir), "")
    return sorted(found, key=lambda page: page.path), records


def _written(cache: Path | None, site_dir: Path) -> dict[str, list[Any]]:
    """The records of the pages a build wrote into `site_dir` (written_pages), kept by the page
    cache beside a project's search cache (`.cache/pages/`)."""
    if cache is None or not page_cache.enabled():
        return {}
    pages = page_cache.PageCache(cache.parent / "pages")
    return written_pages.load(pages, str(site_dir)) if pages.usable else {}


def _unit(path: str) -> tuple[str, str]:
    """(sequence, unit) of a page: a role's pages are one unit (`roles/<slug>`), as is each folder two
    levels down elsewhere; roles and the site-wide pages are packed into separate shards."""
    parts = path.split("/")
    unit = "/".join(parts[:2]) if len(parts) > 2 else (parts[0] if len(parts) == 2 else "")
    return ("roles" if parts[0] == "roles" and len(parts) > 2 else "site"), unit


def plan_shards(pages: list[SitePage]) -> list[list[SitePage]]:
    """Disjoint page sets of at most SHARD_BYTES of HTML, each a run of whole units in path order (a
    unit larger than that is cut into pieces); stable while the pages' paths stay the same."""
    units: dict[tuple[str, str], list[SitePage]] = {}
    for page in pages:
        units.setdefault(_unit(page.path), []).append(page)
    shards: list[list[SitePage]] = []
    current: list[SitePage] = []
    size, sequence = 0, None
    for (seq, name), members in sorted(units.items()):
        added = sum(page.size for page in members)
        if current and (seq != sequence or size + added > SHARD_BYTES):
            shards.append(current)
            current, size = [], 0
        sequence = seq
        for page in members:
            if current and size + page.size > SHARD_BYTES:  # a unit too large for one shard
                shards.append(current)
                current, size = [], 0
            current.append(page)
            size += page.size
        chance = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big") / 2**64
        if chance < len(members) / SHARD_TARGET:
            shards.append(current)
            current, size = [], 0
    if current:
        shards.append(current)
    return shards


def _settings(language: str) -> str:
    try:
        installed = metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        installed = "none"
    return f"search-shard-3\0{pagefind_bundle.VERSION}\0{installed}\0{language}\0{', '.join(NOT_PROSE)}"


def shard_key(shard: list[SitePage], language: str) -> str:
    return page_cache.key_of(_settings(language), *(f"{page.path}\0{page.digest}" for page in shard))


@dataclass
class Indexed:
    folder: Path | None  # the shard's bundle; None when Pagefind found nothing to index in it
    body: bool  # Pagefind found a data-pagefind-body element among its pages


class ShardStore:
    """Shard bundles by key: in `<project>/.cache/search/` when the cache is usable, else in a temporary
    folder removed by close(). A cached bundle is used only when its signed manifest verifies and
    every file it lists has the recorded SHA-256."""

    names = re.compile(rf"{page_cache.VERSION}-[0-9a-f]{{40}}\.bundle")

    def __init__(self, folder: Path | None) -> None:
        self.cache = page_cache.PageCache(folder, kinds=(CACHE_KIND, PAGES_KIND)) if folder is not None and page_cache.enabled() else None
        if self.cache is not None and not self.cache.usable:
            self.cache = None
        if self.cache is not None:
            try:
                self.cache.folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                self.cache = None
        self.scratch = Path(tempfile.mkdtemp(prefix="rolebook-search-"))
        self.used: set[str] = set()
        self.reused = 0
        self._count = threading.Lock()  # shards are indexed two at a time (_index_all)

    def _home(self) -> Path:
        return self.cache.folder if self.cache is not None else self.scratch

    def bundle(self, key: str) -> Path:
        return self._home() / f"{page_cache.VERSION}-{key}.bundle"

    def get(self, key: str) -> Indexed | None:
        if self.cache is None:
            return None
        self.used.add(self.bundle(key).name)
        manifest = self.cache.get(key, CACHE_KIND)
        if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
            return None
        folder = self.bundle(key)
        if manifest.get("empty"):
            return Indexed(None, bool(manifest.get("body")))
        for name, digest in manifest["files"].items():
            path = folder / name
            if ".." in Path(name).parts or path.is_symlink() or not path.is_file():
                return None
            try:
                if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                    return None
            except OSError:
                return None
        with self._count:
            self.reused += 1
        return Indexed(folder, bool(manifest.get("body")))

    _PAGES = page_cache.key_of("rolebook search: the site's pages", "2")

    def known_pages(self) -> dict[str, Record]:
        found = self.cache.get(self._PAGES, PAGES_KIND) if self.cache is not None else None
        return found if isinstance(found, dict) else {}

    def keep_pages(self, records: dict[str, Record]) -> None:
        if self.cache is not None:
            self.cache.put(self._PAGES, PAGES_KIND, records)

    def put(self, key: str, built: Path | None, body: bool) -> Indexed:
        """Keep a bundle Pagefind just wrote (into a folder of ours) under its key."""
        if built is None:
            if self.cache is not None:
                self.cache.put(key, CACHE_KIND, {"empty": True, "body": body, "files": {}})
            return Indexed(None, body)
        folder = self.bundle(key)
        self.used.add(folder.name)
        if folder.is_symlink() or folder.is_file():
            raise SearchIndexError(f"{folder} is not a folder Rolebook made: remove it")
        try:
            pagefind_bundle.prepare(built)
        except pagefind_bundle.UnsupportedBundle as exc:
            raise SearchIndexError(str(exc)) from None
        if folder.exists():
            shutil.rmtree(folder)  # named as ours and not verified: an earlier entry of ours, replaced
        os.replace(built, folder)
        if self.cache is not None:
            files = {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
                     for path in sorted(folder.rglob("*")) if path.is_file()}
            self.cache.put(key, CACHE_KIND, {"empty": False, "body": body, "files": files})
        return Indexed(folder, body)

    def close(self, prune: bool) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)
        if self.cache is None or not prune or not page_cache.PRUNE:
            return
        self.cache.prune(self.cache.used)
        try:
            with os.scandir(self.cache.folder) as entries:
                stale = [e.path for e in entries if self.names.fullmatch(e.name) and e.name not in self.used
                         and e.is_dir(follow_symlinks=False)]
        except OSError:
            return
        for path in stale:
            shutil.rmtree(path, ignore_errors=True)


def _run(site_dir: Path, out: Path, language: str) -> tuple[bool, bool, str]:
    """One Pagefind run; (it wrote a bundle, it found data-pagefind-body, its summary)."""
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
    body = "Found a data-pagefind-body element" in done.stdout
    if done.returncode != 0 and re.search(r"Indexed 0 pages", done.stdout):
        return False, body, done.stdout  # nothing to index in these pages: not an error for one shard
    if done.returncode != 0 or not (out / "pagefind.js").is_file():
        lines = [line.strip() for line in (done.stderr + "\n" + done.stdout).splitlines() if line.strip()]
        detail = next((line for line in reversed(lines) if "error" in line.lower()), lines[-1] if lines else "")
        raise SearchIndexError(f"Pagefind failed (exit {done.returncode}) to index {site_dir}: {detail or 'no output'}")
    return True, body, done.stdout


def _stage(site_dir: Path, shard: list[SitePage], folder: Path) -> None:
    """The shard's pages at their paths under `folder`: hard links (a copy across file systems)."""
    for page in shard:
        target = folder / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / page.path, target)
        except OSError:
            shutil.copyfile(site_dir / page.path, target)


def _index_shard(site_dir: Path, shard: list[SitePage], language: str, store: ShardStore) -> Indexed:
    key = shard_key(shard, language)
    cached = store.get(key)
    if cached is not None:
        return cached
    work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=store._home()))
    try:
        _stage(site_dir, shard, work / "site")
        wrote, body, _ = _run(work / "site", work / "bundle", language)
        return store.put(key, work / "bundle" if wrote else None, body)
    finally:
        shutil.rmtree(work, ignore_errors=True)


SHARDS_AT_ONCE = 2  # a small shard's Pagefind run leaves a core idle part of the time; each stays under ~450 MB


def _index_all(site_dir: Path, shards: list[list[SitePage]], language: str, store: ShardStore) -> list[Indexed]:
    """Every shard indexed (or found in the store), in shard order, two Pagefind runs at a time."""
    with ThreadPoolExecutor(max_workers=SHARDS_AT_ONCE, thread_name_prefix="rolebook-search-shard") as pool:
        return list(pool.map(lambda shard: _index_shard(site_dir, shard, language, store), shards))


_ONE_AT_A_TIME = threading.Lock()  # a preview's background index and the next share the cache


def build(site_dir: Path, language: str, output: Path | None = None, cache: Path | None = None) -> str:
    """Index the built site into <site>/pagefind/ (or `output`); return a summary. Shards are kept in
    `cache` (a project's `.cache/search/`) when given. Raises SearchIndexError on any failure.
    Arguments are passed as --name=value, so no path can be read as an option."""
    with _ONE_AT_A_TIME:
        return _build(site_dir, language, output or site_dir / BUNDLE, cache)


def _build(site_dir: Path, language: str, out: Path, cache: Path | None) -> str:
    if out.exists() and not (out / "pagefind-entry.json").is_file():  # a bundle from an earlier (dirty) build is ours
        raise SearchIndexError(f"{out} already exists in the built site (a '{BUNDLE}' folder in the docs?); "
                               "rename it: the search index is written there")
    if out.exists():  # an earlier build's bundle (a tree reused by output_dir)
        shutil.rmtree(out)
    executable()  # a missing wheel is reported before any work
    try:
        store = ShardStore(cache)
    except OSError as exc:
        raise SearchIndexError(f"no temporary folder for the search index: {exc}") from None
    try:
        pages, records = site_pages(site_dir, out, store.known_pages(), _written(cache, site_dir))
        store.keep_pages(records)
        # Pagefind ignores a page without data-pagefind-body when any page has one, but a shard
        # cannot know that: give the shards only pages that may have one, and drop a shard whose
        # candidates had none. When no page has one, every page's <body> is indexed.
        candidates = [page for page in pages if page.body]
        shards = _index_all(site_dir, plan_shards(candidates or pages), language, store)
        if candidates and not any(shard.body for shard in shards):
            shards = _index_all(site_dir, plan_shards(pages), language, store)
        uses_body = any(shard.body for shard in shards)
        folders = [shard.folder for shard in shards if shard.folder is not None and shard.body == uses_body]
        if not folders:
            raise SearchIndexError(f"Pagefind found nothing to index in {site_dir}: no page has text to search")
        try:
            count, words = pagefind_bundle.merge(folders, out)
        except pagefind_bundle.UnsupportedBundle as exc:
            shutil.rmtree(out, ignore_errors=True)
            raise SearchIndexError(str(exc)) from None
        summary = f"{count} pages, {words} words; {len(shards)} shards, {store.reused} unchanged"
        store.close(prune=True)
        return summary
    except OSError as exc:
        store.close(prune=False)
        raise SearchIndexError(f"the search index could not be written: {exc}") from None
    except BaseException:
        store.close(prune=False)
        raise
