"""`rolebook serve`: MkDocs' live-reload server with Rolebook's own rebuild.

MkDocs' serve rebuilds everything, serially, on every change, and holds every request meanwhile.
Here, when the only files changed since the last build are existing role files, the preview takes a
fast path: it validates the project, rebuilds the pages of those roles alone into the served site
(preview_pages) and reloads the browser at once; then a whole build runs in the background, in a
forked process, into a new folder (neighbours, indexes, the question bank and search may read the
role too). When it is done the preview serves the new folder and reloads the browser again; a newer
edit stops it and starts over. Any other change (site_config/, the docs, the theme, a new or removed
role) is a whole build in the foreground: render units and pages whose inputs did not change come
from the caches (render_cache, page_cache), the rest is shared among the page workers.

Every whole build writes into a new folder of its own, and the server switches to it when it is
done (no folder is emptied while it is served). While the content is broken every address shows
the problems page (see plugin.on_serve); the last good site is kept, so the next good save of a role
takes the fast path again.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
from os.path import isdir, isfile, join
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from . import mkdocs_private as private
from . import page_cache, parallel_build, preview_pages
from .jobs import can_fork, default_jobs, die_with
from .load import project as loading

log = logging.getLogger("mkdocs.commands.serve")

Snapshot = dict[str, tuple[int, int, int]]


def _snapshot(folders: list[Path], files: list[Path]) -> Snapshot:
    """(mtime, size, inode) of every file under the watched folders and of the watched files."""
    out: Snapshot = {}

    def add(path: str) -> None:
        try:
            st = os.stat(path)
        except OSError:
            return
        out[path] = (st.st_mtime_ns, st.st_size, st.st_ino)

    for folder in folders:
        for dirpath, _, names in os.walk(folder):
            for name in names:
                add(join(dirpath, name))
    for file in files:
        add(str(file))
    return out


def _changed(old: Snapshot, new: Snapshot) -> set[str]:
    return {p for p in old.keys() | new.keys() if old.get(p) != new.get(p)}


def _fast_roles(changed: set[str], old: Snapshot, new: Snapshot, roles: Path) -> list[str] | None:
    """The ids of the edited roles when every change is an edit of an existing role file, else None."""
    ids = []
    for path in sorted(changed):
        p = Path(path)
        if p.parent == roles and p.name.startswith("."):  # an editor's swap file: the loaders skip it
            continue
        if p.parent != roles or p.suffix != ".yaml" or path not in old or path not in new:
            return None
        ids.append(p.stem)
    return ids or None


class Preview:
    """The preview's state: the folder served, the last good build and the background build."""

    def __init__(self, config_file: str, dev_addr: str | None) -> None:
        self.config_file, self.dev_addr = config_file, dev_addr
        self.made: set[Path] = set()  # every folder this preview made (removed when it stops)
        self.good: dict[str, Any] | None = None  # state, site and snapshot of the last good build
        self.background: multiprocessing.process.BaseProcess | None = None
        self.server: LiveReloadServer  # set by serve() once the first build is in place
        self.serve_url = ""
        self.sources: tuple[list[Path], list[Path]] = ([], [])
        self.background_site: Path | None = None
        self.background_snapshot: Snapshot | None = None
        self.ready: bool = False  # the background build finished and may be served
        self.generation = 0
        self.lock = threading.Lock()
        self.jobs = default_jobs()
        self.charts = os.environ.get("ROLEBOOK_CHARTS") != "0"

    # -- folders ---------------------------------------------------------------------------------

    def new_folder(self) -> Path:
        folder = Path(tempfile.mkdtemp(prefix="rolebook-serve-"))
        self.made.add(folder)
        return folder

    def discard(self, folder: Path | None) -> None:
        """Remove a folder this preview made, in the background (a large site takes a while)."""
        if folder is None or folder not in self.made or folder == Path(self.server.root):
            return
        if self.good is not None and folder == self.good["site"]:
            return
        self.made.discard(folder)
        threading.Thread(target=shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True}, daemon=True).start()

    def serve_folder(self, folder: Path) -> None:
        old = Path(self.server.root)
        self.server.root = str(folder)
        if old != folder:
            self.discard(old)

    # -- configuration and sources ---------------------------------------------------------------

    def get_config(self, site_dir: Path) -> Any:
        config = load_config(config_file=self.config_file, site_dir=str(site_dir), dev_addr=self.dev_addr, strict=False)
        if hasattr(self, "serve_url"):
            config.site_url = self.serve_url
        return config

    def watched(self, config: Any) -> tuple[list[Path], list[Path]]:
        plugin = config.plugins.get("rolebook")
        root = (Path(config.config_file_path).parent / (plugin.config.project_dir if plugin is not None else ".")).resolve()
        folders = [root / "roles", root / "site_config", Path(config.docs_dir)]
        folders += [Path(d) for d in config.theme.dirs if "site-packages" not in d and "dist-packages" not in d]
        files = [Path(config.config_file_path)] + [Path(p) for p in config.watch]
        self.root = root
        return folders, files

    def snapshot(self) -> Snapshot:
        return _snapshot(*self.sources)

    # -- builds ----------------------------------------------------------------------------------

    def build(self, config: Any = None) -> None:
        """What the server calls on every change (and once at the start)."""
        start = time.perf_counter()
        snapshot = self.snapshot()
        good = self.good
        if config is None and good is not None:
            changed = _changed(good["snapshot"], snapshot)
            broken = Path(self.server.root) != good["site"]  # the problems page is served
            if not changed:
                if self.ready:
                    self.swap_in_background_build()
                    return
                if broken:  # the break was undone
                    self.recover()
                if not good["complete"] and self.background is None:
                    self.start_background(snapshot)
                return
            self.stop_background()
            roles = _fast_roles(changed, good["snapshot"], snapshot, self.root / "roles")
            if roles is not None:
                if broken:
                    self.recover()
                if self.fast(roles, snapshot, start):
                    return
        else:
            self.stop_background()
        self.whole(config, snapshot, start)

    def recover(self) -> None:
        """Serve the last good site again, with the plugin as that build left it."""
        assert self.good is not None
        config = self.good["state"].get("config")  # none when the build was MkDocs' own serial one
        plugin = config.plugins.get("rolebook") if config is not None else None
        if plugin is not None:
            plugin.problems, plugin.generated = None, self.good["generated"]
        self.serve_folder(self.good["site"])

    def fast(self, roles: list[str], snapshot: Snapshot, start: float) -> bool:
        assert self.good is not None
        try:
            written = preview_pages.rebuild_roles(self.root, self.good["state"], roles, self.good["site"], self.charts)
        except preview_pages.NotFast as exc:
            log.info("Preview: %s; rebuilding the whole site", exc)
            return False
        except Exception as exc:  # the whole build reports it the way a build does
            log.info("Preview: the quick update failed (%s); rebuilding the whole site", exc)
            return False
        self.good.update(snapshot=snapshot, complete=False)
        self.serve_folder(self.good["site"])
        log.info("Preview: %s updated in %.1f s (%s files); updating the rest of the site in the background "
                 "(neighbours, indexes, search)...", ", ".join(roles), time.perf_counter() - start, written)
        self.start_background(snapshot)
        return True

    def whole(self, config: Any, snapshot: Snapshot, start: float) -> None:
        log.info("Building the preview...")
        site = self.new_folder()
        if config is None:
            config = self.get_config(site)
        config.site_dir = str(site)
        parallel_build.KEEP = {}
        try:
            parallel_build.build(config, self.jobs, serve_url=self.serve_url)
        except BaseException:
            self.discard(site)
            raise
        plugin = config.plugins.get("rolebook")
        if plugin is None or getattr(plugin, "problems", None) is None:
            previous = self.good["site"] if self.good is not None else None
            self.good = {"state": dict(parallel_build.KEEP), "site": site, "snapshot": snapshot, "complete": True,
                         "generated": getattr(plugin, "generated", None)}
            self.serve_folder(site)
            self.discard(previous)
        else:
            self.serve_folder(site)  # the problems page; the good site is kept for the next good save
        done = parallel_build.LAST_BUILD
        fresh = max(done.get("converted", 0), done.get("rendered", 0))
        log.info("Preview built in %.1f s (%s of %s pages rebuilt)", time.perf_counter() - start, fresh,
                 done.get("pages", "?"))

    # -- the background build --------------------------------------------------------------------

    def start_background(self, snapshot: Snapshot) -> None:
        if not can_fork():
            return
        self.generation += 1
        site = self.new_folder()
        parent = os.getpid()
        process = multiprocessing.get_context("fork").Process(target=_background_build, name="rolebook-preview",
                                                              args=(self, site, parent))
        process.start()
        self.background, self.background_site, self.background_snapshot, self.ready = process, site, snapshot, False
        generation = self.generation
        threading.Thread(target=self.wait_background, args=(process, generation), daemon=True).start()

    def wait_background(self, process: multiprocessing.Process, generation: int) -> None:
        started = time.perf_counter()
        process.join()
        with self.lock:
            if generation != self.generation or process is not self.background:
                return
            if process.exitcode != 0:
                log.warning("Preview: the background build stopped (exit %s); the edited pages are shown, the rest "
                            "of the site is as before", process.exitcode)
                return
            self.ready = True
        log.info("Preview: the rest of the site is up to date (%.1f s); reloading", time.perf_counter() - started)
        private.request_rebuild(self.server)  # the server's loop calls build(), which serves the new folder

    def stop_background(self) -> None:
        with self.lock:
            self.generation += 1
            process, site = self.background, self.background_site
            self.background = self.background_site = None
            self.ready = False
        if process is not None:
            if process.is_alive() and process.pid is not None:
                os.kill(process.pid, signal.SIGKILL)  # its page workers die with it (jobs.die_with)
            process.join()
        self.discard(site)

    def swap_in_background_build(self) -> None:
        assert self.good is not None and self.background_site is not None and self.background_snapshot is not None
        site, old = self.background_site, self.good["site"]
        self.good.update(site=site, snapshot=self.background_snapshot, complete=True)
        self.background = self.background_site = None
        self.ready = False
        plugin = self.good["state"]["config"].plugins.get("rolebook")
        if plugin is not None and hasattr(plugin, "_search_lock"):
            with plugin._search_lock:
                plugin._search_gen += 1
            plugin._index_in_background(site, self.good["state"]["config"].theme.get("language") or "en")
        self.serve_folder(site)
        self.discard(old)


def _background_build(preview: Preview, site: Path, parent: int) -> None:
    """In the forked process: a whole build into `site`, as the preview's own builds are (search is
    indexed by the preview when it serves the folder)."""
    die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the preview, which stops this process
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # the preview already reported this content
    config = preview.get_config(site)
    plugin = config.plugins.get("rolebook")
    if plugin is not None:
        plugin._index_in_background = lambda *args: None
        plugin._search_lock = threading.Lock()  # the preview's may have been held when this process forked
    parallel_build.KEEP = None
    parallel_build.build(config, preview.jobs, serve_url=preview.serve_url)
    if plugin is not None and getattr(plugin, "problems", None) is not None:
        os._exit(3)


def serve(config_file: str, dev_addr: str | None = None) -> None:
    """Serve the site on dev_addr, rebuilding (incrementally) when roles/, site_config/, the docs,
    mkdocs.yml or the theme change; returns on Ctrl-C."""
    preview = Preview(config_file, dev_addr)
    first = preview.new_folder()
    loading.MEMO = {}
    page_cache.PRUNE = False

    config = preview.get_config(first)
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    config.site_url = preview.serve_url = private.serve_url(host, port, mount_path)
    preview.sources = preview.watched(config)

    server = LiveReloadServer(builder=preview.build, host=host, port=port, root=str(first), mount_path=mount_path,
                              polling_interval=0.25)
    preview.server = server

    def error_handler(code: int) -> bytes | None:
        if code in (404, 500):
            error_page = join(server.root, f"{code}.html")
            if isfile(error_page):
                with open(error_page, "rb") as f:
                    return f.read()
        return None

    server.error_handler = error_handler

    def stop(signum: int, frame: object) -> None:  # SIGTERM stops the preview as Ctrl-C does: its folders go
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        preview.build(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        for folder in config.theme.dirs:  # the project's theme (a packaged theme does not change)
            if "site-packages" not in folder and "dist-packages" not in folder:
                server.watch(folder)
        server = config.plugins.on_serve(server, config=config, builder=preview.build)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        signal.signal(signal.SIGTERM, previous)
        preview.stop_background()
        config.plugins.on_shutdown()
        loading.MEMO = None
        parallel_build.KEEP = None
        for folder in preview.made:
            if isdir(folder):
                shutil.rmtree(folder, ignore_errors=True)
