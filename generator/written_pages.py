"""Which HTML file of a site tree was written from which page-cache entry, so that a rebuild starting
from a kept tree (output_dir.replace with `reuse`) leaves an unchanged page's file where it is.

A build writes every page's HTML file; a rebuild after one role edit writes some 9,600 files at 1,000
roles that already hold the same bytes. For each page it writes, the build records the write entry's
key (page_cache: a digest of everything the HTML depends on) and the file as it left it on disk: size,
modification time (ns) and inode. The next build into the same tree (known by its folder's device and
inode, which the renames between `.site-base`, staging and the site keep) finds the record: when the
key is the same and the file still has that size, time and inode, the file holds those bytes, so it
is only stamped with the build's start time (output_dir removes what a build did not write or keep)
instead of being read from the cache and written again. Anything else (no record, another key, a file
changed or replaced since) writes the file as before.

The site's other files (the theme's assets, a role's pay CSVs and text downloads: about 5,000 at
1,000 roles) are copied the same way: each is recorded under a digest of what it is made from (the
generated file's bytes, or the source file's path, size, modification time and inode), and a kept
file whose record matches is left where it is (`copy_static`).

The records of the two most recent trees (the site and the base the next build starts from) are one
entry of the page cache (`v1-<key>.tree`), signed like every entry; an entry that does not verify is
no record at all.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.structure.files import File, InclusionLevel

from .mkdocs_private import generated_bytes
from .page_cache import PageCache, key_of

KIND = "tree"
_KEY = key_of("rolebook written pages")
TREES = 2

# One page's record: [write entry key, size, mtime_ns, inode, log records of the entry].
Record = list[Any]


def tree_id(folder: str) -> str | None:
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return f"{info.st_dev}:{info.st_ino}"


def load(cache: PageCache, folder: str) -> dict[str, Record]:
    """The records of the tree at `folder` (relative file path -> record); empty when there are none."""
    trees = cache.get(_KEY, KIND)
    tree = tree_id(folder)
    if not isinstance(trees, list) or tree is None:
        return {}
    for entry in trees:
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == tree and isinstance(entry[1], dict):
            return entry[1]
    return {}


def save(cache: PageCache, folder: str, records: dict[str, Record]) -> None:
    """Store the records of the tree at `folder`, keeping those of the most recent other tree."""
    tree = tree_id(folder)
    if tree is None:
        return
    trees = cache.get(_KEY, KIND)
    others = [e for e in trees if isinstance(e, list) and len(e) == 2 and e[0] != tree] if isinstance(trees, list) else []
    cache.put(_KEY, KIND, [[tree, records], *others[:TREES - 1]])


def record(path: str, key: str, log: list[Any]) -> Record | None:
    """The record of the file just written at `path` from the entry `key`."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return [key, info.st_size, info.st_mtime_ns, info.st_ino, log]


def keep(path: str, key: str, found: Record | None, since: int) -> Record | None:
    """When `found` says the file at `path` holds what entry `key` makes, stamp it with `since` (the
    time the build started writing) and return its new record; otherwise None (write it)."""
    if not found or len(found) != 5 or found[0] != key:
        return None
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or [info.st_size, info.st_mtime_ns, info.st_ino] != found[1:4]:
            return None
        os.utime(path, ns=(since, since), follow_symlinks=False)
    except OSError:
        return None
    return [key, found[1], since, found[3], found[4]]


def _source_key(file: File) -> str | None:
    """A digest of what a static file is made from, or None (its source cannot be read: copy it)."""
    data = generated_bytes(file)  # what a plugin generated (File.generated), else None: a file on disk
    if data is not None:
        return key_of("generated", file.dest_uri, hashlib.blake2b(data, digest_size=20).hexdigest())
    try:
        info = os.stat(file.abs_src_path or "")
    except OSError:
        return None
    return key_of("copied", file.dest_uri, str(file.abs_src_path), str(info.st_size), str(info.st_mtime_ns),
                  str(info.st_ino))


def copy_static(files: Iterable[File], inclusion: Callable[[InclusionLevel], bool], since: int | None,
                found: dict[str, Record]) -> tuple[dict[str, Record], int]:
    """Files.copy_static_files, except that in a kept tree (`since`: the time its build started writing)
    a file recorded in `found` as holding the same bytes is only stamped. Returns the files' records
    and how many were left in place."""
    records: dict[str, Record] = {}
    left = 0
    for file in files:
        if file.is_documentation_page() or not inclusion(file.inclusion):
            continue
        key = _source_key(file)
        path = file.abs_dest_path
        kept = keep(path, key, found.get(file.dest_uri), since) if key is not None and since is not None else None
        if kept is None:
            file.copy_file()
            kept = record(path, key, []) if key is not None else None
        else:
            left += 1
        if kept is not None:
            records[file.dest_uri] = kept
    return records, left
