"""The page cache: what MkDocs made of each page last time, reused when nothing it depends on changed.

A build converts every page's Markdown to HTML (the *read* step) and renders it through the theme
(the *write* step). Both are pure functions of what goes in, so each result is stored under a digest
of everything it depends on:

* a read entry under digest(context, the page's path, its front matter, its Markdown after the plugins'
  `on_page_markdown`): the table of contents, title, anchors and the log records the conversion
  emitted (replayed on reuse, so `--strict` still counts a broken link); the HTML content in a body
  entry of the same key, read only when the page is rendered again (a page whose HTML is reused never
  needs it);
* a write entry under digest(context, the read entry, the navigation as rendered, the page's address):
  the finished HTML file and its log records.

The context digest covers Rolebook's own code and templates, the versions of MkDocs, Material and
the Markdown libraries, the resolved configuration, every theme file of the project, the build date
and the list of every file in the site (a link resolves against it). Anything else that changed
shows in the Markdown or the navigation.

Entries live in `<project>/.cache/pages/` as `v1-<key>.read` / `.body` / `.html`: a header line with an
HMAC (BLAKE2b) of the key and body, then the body (JSON; for a page's HTML a JSON line, then the
HTML as it is, unescaped). The HMAC key is a random secret kept outside the project
(`$XDG_CACHE_HOME/rolebook/page-cache.key`, else `~/.cache/rolebook/`), created on first use, so an
entry committed to the repository or edited on disk never verifies: it is converted again. The cache
only saves time: when it cannot be read or written (a link in its place, a read-only or full disk, no
secret) the page is built as without it. Only entries of the names
above that the build did not use are removed afterwards; nothing else in the folder is touched.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import stat
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from .load.safe_files import read_cache_entry, write_cache_entry

VERSION = "v1"  # raise when an entry's layout or the digest inputs change
MAX_ENTRY_BYTES = 32 * 1024 * 1024
_HEADER = re.compile(rb"rolebook-page-cache hmac=([0-9a-f]{64})")
LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pygments", "jinja2", "rolebook")
CODE_DIR = Path(__file__).resolve().parent


# Entries a build did not use are removed after it; a live preview keeps them (an undone edit, or the
# problems page of broken content, must not throw away the pages of the site as it was).
PRUNE = True


def enabled() -> bool:
    """Caches in use: not when ROLEBOOK_CACHE=0 (`rolebook build --no-cache` sets it)."""
    return os.environ.get("ROLEBOOK_CACHE", "") != "0"


def _no_link(path: Path) -> bool:
    return not os.path.islink(path) and (not os.path.lexists(path) or os.path.isdir(path))


def _secret() -> bytes | None:
    """The machine's page-cache secret (created on first use, readable by its owner only), or None."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "rolebook"
    path = folder / "page-cache.key"
    try:
        if not (_no_link(base) and _no_link(folder)):
            return None
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(32))
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
                return None  # not ours, or others may read it
            key = os.read(fd, 200).strip()
        finally:
            os.close(fd)
    except OSError:
        return None
    return key if len(key) >= 32 else None


def tree_digest(digest: Any, folder: Path, suffixes: tuple[str, ...] | None = None) -> None:
    """Every file's path and bytes under `folder` (links not followed), in a stable order."""
    if not folder.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if suffixes is not None and not name.endswith(suffixes):
                continue
            path = Path(dirpath) / name
            try:
                data = path.read_bytes() if not path.is_symlink() else b"link:" + os.readlink(path).encode()
            except OSError:
                data = b"unreadable"
            digest.update(f"{path.relative_to(folder).as_posix()}\0{len(data)}\0".encode())
            digest.update(data)


def context_digest(config: Any, files: Iterable[Any], build_date: str) -> str:
    """What every page of this build depends on besides its own Markdown and the navigation."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{VERSION}\0{build_date}\0".encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none\0".encode())
    tree_digest(digest, CODE_DIR, (".py", ".html", ".j2", ".jinja", ".md", ".css", ".js", ".json", ".yaml", ".svg"))
    settings = {k: v for k, v in config.items() if k not in ("plugins", "nav", "site_dir", "watch")}
    settings["theme"] = {"name": config.theme.name, "dirs": config.theme.dirs, **dict(config.theme.items())}
    digest.update(json.dumps(settings, sort_keys=True, default=repr).encode())
    for folder in config.theme.dirs:  # the project's own theme folder: bytes; a packaged theme: its version above
        if "site-packages" not in Path(folder).parts and "dist-packages" not in Path(folder).parts:
            tree_digest(digest, Path(folder))
    for file in sorted(files, key=lambda f: f.src_uri):
        digest.update(f"{file.src_uri}\0{file.dest_uri}\0{file.url}\0{file.inclusion}\n".encode())
    return digest.hexdigest()


def key_of(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


class PageCache:
    """Entries in one folder; every read is verified, every write is atomic; never raises OSError."""

    version = VERSION

    def __init__(self, folder: Path, secret: bytes | None = None, kinds: tuple[str, ...] = ("read", "html")) -> None:
        self.folder = folder
        self.names = re.compile(rf"{VERSION}-[0-9a-f]{{40}}\.({'|'.join(kinds)})")
        self.secret = secret if secret is not None else _secret()
        self.used: set[str] = set()

    @property
    def usable(self) -> bool:
        """A secret, and the folder and the one holding it are real folders or missing (never links)."""
        return self.secret is not None and _no_link(self.folder) and _no_link(self.folder.parent)

    def _mac(self, name: str, body: bytes) -> str:
        assert self.secret is not None
        return hmac.new(self.secret, name.encode("ascii") + b"\n" + body, hashlib.blake2b).hexdigest()[:64]

    def get(self, key: str, kind: str) -> Any | None:
        """The stored value, or None when there is none or it does not verify."""
        body = self._verified(key, kind)
        if body is None:
            return None
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None

    def get_bytes(self, key: str, kind: str) -> bytes | None:
        """An entry stored by put_bytes, when it verifies."""
        return self._verified(key, kind)

    def put_bytes(self, key: str, kind: str, body: bytes) -> None:
        self._store(key, kind, body)

    def _verified(self, key: str, kind: str) -> bytes | None:
        """An entry's body when its HMAC verifies."""
        name = f"{VERSION}-{key}.{kind}"
        self.used.add(name)
        if not self.usable:
            return None
        raw = read_cache_entry(self.folder / name, MAX_ENTRY_BYTES)
        if raw is None:
            return None
        header, newline, body = raw.partition(b"\n")
        match = _HEADER.fullmatch(header)
        if not newline or not match or not hmac.compare_digest(match[1].decode("ascii"), self._mac(name, body)):
            return None
        return body

    def get_text(self, key: str, kind: str) -> tuple[Any, str] | None:
        """An entry stored by put_text: (its value, its text), or None."""
        raw = self._verified(key, kind)
        if raw is None:
            return None
        head, newline, text = raw.partition(b"\n")
        try:
            return (json.loads(head.decode("utf-8")), text.decode("utf-8", "surrogatepass")) if newline else None
        except (UnicodeDecodeError, ValueError):
            return None

    def put_text(self, key: str, kind: str, value: Any, text: str) -> None:
        """Store `value` (JSON) and a long text beside it as it is (a page's HTML is not escaped into JSON)."""
        self._store(key, kind, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                    + b"\n" + text.encode("utf-8", "surrogatepass"))

    def put(self, key: str, kind: str, value: Any) -> None:
        """Store `value` (JSON) for `key`; skip it when the cache cannot take it."""
        self._store(key, kind, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    def _store(self, key: str, kind: str, body: bytes) -> None:
        name = f"{VERSION}-{key}.{kind}"
        self.used.add(name)
        if not self.usable:
            return
        if len(body) > MAX_ENTRY_BYTES:
            return
        write_cache_entry(self.folder / name,
                          b"rolebook-page-cache hmac=" + self._mac(name, body).encode("ascii") + b"\n" + body)

    def prune(self, used: set[str]) -> None:
        """Remove the entries (regular files named as this cache names them) that this build did not use."""
        if not PRUNE or not self.usable or not self.folder.is_dir():
            return
        try:
            with os.scandir(self.folder) as entries:
                stale = [e for e in entries if self.names.fullmatch(e.name) and e.name not in used
                         and e.is_file(follow_symlinks=False)]
            for entry in stale:
                os.unlink(entry.path)
        except OSError:
            pass
