"""What reading and checking one content file gave last time, reused while its bytes are the same.

Parsing YAML is most of a check (about 7.5 of 10 CPU-s at 1,000 roles): a file whose bytes did not
change gives the same model and the same problems, so each file's result is stored under a digest of
its path, what it was read as (a role, a vocabulary, a CSV), its bytes, and everything the result
depends on besides: Rolebook's code, the Python and pydantic versions. A file's own checks read
nothing else (cross-file checks run on every build, over every model), and none depends on the date.

The result is kept as a pickle (about 4x faster to load than validating the data again, and the
YAML need not be parsed at all) with the positions of the file's values (`yaml_reader.Marks`), so a
cross-file problem in an unchanged file is still located at its line and column. Entries live in
`<project>/.cache/files/` through the page cache's verified store: an entry that does not verify
(edited, forged, written with another secret) is never unpickled; the file is read again.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

from ..page_cache import CODE_DIR, PageCache, enabled, key_of, tree_digest

KIND = "file"


@functools.cache
def _context() -> str:
    """Rolebook's code and the libraries a pickled model is made of."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{platform.python_version()}\0pydantic={metadata.version('pydantic')}\0".encode())
    tree_digest(digest, CODE_DIR, (".py", ".json", ".yaml", ".txt"))
    return digest.hexdigest()


class FileCache:
    """The stored results of one project's files; unusable (every lookup misses) when caching is off."""

    def __init__(self, root: Path) -> None:
        self.store = PageCache(root / ".cache" / "files", kinds=(KIND,))
        self.on = enabled() and self.store.usable

    def _key(self, rel: str, kind: str, data: bytes) -> str:
        return key_of(_context(), rel, kind, hashlib.blake2b(data, digest_size=20).hexdigest())

    def get(self, rel: str, kind: str, data: bytes) -> Any | None:
        """What `put` stored for these bytes, or None."""
        if not self.on:
            return None
        body = self.store.get_bytes(self._key(rel, kind, data), KIND)
        if body is None:
            return None
        try:
            return pickle.loads(body)  # noqa: S301 - verified: only this machine's builds can write it
        except Exception:  # an entry from a version whose classes differ: read the file again
            return None

    def put(self, rel: str, kind: str, data: bytes, value: Any) -> None:
        if self.on:
            self.store.put_bytes(self._key(rel, kind, data), KIND, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def prune(self) -> None:
        """Remove the entries this read did not use (after a read of every file)."""
        if self.on:
            self.store.prune(self.store.used)
