"""`rolebook serve`: MkDocs' live-reload server with Rolebook's own rebuild.

MkDocs' serve rebuilds everything, serially, on every change. Here each rebuild is Rolebook's build
(parallel_build): files are read again only when their bytes changed (the loaders' in-memory memo),
render units and pages whose inputs did not change come from the caches (render_cache, page_cache),
and the rest is shared among the page workers. The browser reloads when the rebuild is done (MkDocs'
livereload). While the content is broken every address shows the problems page (see plugin.on_serve).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from os.path import isdir, isfile, join
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer, _serve_url

from . import page_cache, parallel_build
from .jobs import default_jobs
from .load import project as loading

log = logging.getLogger("mkdocs.commands.serve")


def serve(config_file: str, dev_addr: str | None = None) -> None:
    """Serve the site on dev_addr, rebuilding (incrementally) when roles/, site_config/, the docs,
    mkdocs.yml or the theme change; returns on Ctrl-C."""
    site_dir = tempfile.mkdtemp(prefix="rolebook-serve-")
    loading.MEMO = {}
    page_cache.PRUNE = False

    def get_config() -> Any:
        return load_config(config_file=config_file, site_dir=site_dir, dev_addr=dev_addr, strict=False)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    config.site_url = serve_url = _serve_url(host, port, mount_path)

    def builder(config: Any = None) -> None:
        start = time.perf_counter()
        log.info("Building the preview...")
        if config is None:
            config = get_config()
            config.site_url = serve_url
        parallel_build.build(config, default_jobs(), serve_url=serve_url)
        done = parallel_build.LAST_BUILD
        fresh = max(done.get("converted", 0), done.get("rendered", 0))
        log.info("Preview built in %.1f s (%s of %s pages rebuilt)", time.perf_counter() - start, fresh,
                 done.get("pages", "?"))

    server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path)

    def error_handler(code: int) -> bytes | None:
        if code in (404, 500):
            error_page = join(site_dir, f"{code}.html")
            if isfile(error_page):
                with open(error_page, "rb") as f:
                    return f.read()
        return None

    server.error_handler = error_handler
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        for folder in config.theme.dirs:  # the project's theme (a packaged theme does not change)
            if "site-packages" not in folder and "dist-packages" not in folder:
                server.watch(folder)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        loading.MEMO = None
        if isdir(site_dir):
            shutil.rmtree(site_dir)
