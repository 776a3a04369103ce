"""The one way Rolebook reads content: regular files and folders inside the project, never a link.

Every path is walked from the project root one name at a time, each folder opened relative to the
one before with ``O_NOFOLLOW``: a symbolic link anywhere below the root (the file itself, ``roles/``,
``site_config/skills/``...) is refused, so nothing outside the project can be reached. A file must
be a regular file (``lstat`` before opening, ``fstat`` after: never a FIFO, device or socket; opened
with ``O_NONBLOCK`` so that a FIFO swapped in meanwhile cannot block) and is read in chunks, at most
``limit + 1`` bytes, so that a file growing while read still stops at the cap.

A refusal is a `ContentError` naming the file and why; it never quotes what the file holds.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..problems import ContentError, Problem

CHUNK = 64 * 1024
_NOFOLLOW = os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW
_FILE = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | _NOFOLLOW


@dataclass(frozen=True)
class Entry:
    """One name in a folder, typed without following links."""

    name: str
    rel: str  # path from the project root, as shown in messages
    kind: str  # "file", "folder", or what makes it unreadable: "link", "fifo", "device", "socket", "other"

    @property
    def is_file(self) -> bool:
        return self.kind == "file"

    @property
    def is_folder(self) -> bool:
        return self.kind == "folder"


_KIND_TEXT = {
    "link": "is a symbolic link",
    "fifo": "is a named pipe (FIFO)",
    "device": "is a device",
    "socket": "is a socket",
    "other": "is not a regular file",
    "folder": "is a folder",
    "file": "is a file",
}


def _kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def refused(rel: str, kind: str, *, folder: bool = False) -> Problem:
    """The problem for a name that is not a regular file (or folder): says what it is, never what it holds."""
    what = "folder" if folder else "file"
    if kind == "link":
        hint = f"replace the link with the {what} itself; Rolebook follows no links and reads only what is inside the project"
    elif folder:
        hint = "make it a folder, or move it out of the project"
    else:
        hint = "replace it with a regular file, or move it out of the project"
    return Problem(rel, 0, 0, f"not-a-regular-{what}", _KIND_TEXT[kind], hint)


def _unreadable(rel: str, exc: OSError) -> ContentError:
    reason = exc.strerror or "cannot read it"
    return ContentError([Problem(rel, 0, 0, "unreadable", f"cannot read file: {reason}", "check the file's permissions")])


def _parts(rel: str) -> tuple[str, ...]:
    path = PurePosixPath(rel)
    parts = path.parts
    if path.is_absolute() or not parts or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"not a path inside the project: {rel!r}")
    return parts


def _walk(root: Path, parts: tuple[str, ...]) -> int:
    """Open the folders leading to parts[-1] (none of them a link); return the last one's fd.

    Raises ContentError for a folder on the way that is a link or not a folder, FileNotFoundError
    when one is missing."""
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    except NotADirectoryError:
        raise ContentError([Problem(root.as_posix(), 0, 0, "not-a-project", "is not a folder",
                                    "pass the project folder (or its roles/ folder)")]) from None
    shown: list[str] = []
    try:
        for part in parts[:-1]:
            shown.append(part)
            try:
                inner = os.open(part, _FOLDER, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    kind = _kind(os.lstat(part, dir_fd=fd).st_mode)
                    raise ContentError([refused("/".join(shown), kind, folder=True)]) from None
                raise
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


def list_folder(root: Path, rel: str) -> list[Entry] | None:
    """The entries of the folder at `rel` (sorted by name, typed without following links); None when
    it does not exist. A folder that is a link, or is not a folder, raises ContentError."""
    parts = _parts(rel)
    try:
        parent = _walk(root, parts)
    except FileNotFoundError:
        return None
    try:
        try:
            mode = os.lstat(parts[-1], dir_fd=parent).st_mode
        except FileNotFoundError:
            return None
        if not stat.S_ISDIR(mode):
            raise ContentError([refused(rel, _kind(mode), folder=True)])
        try:
            fd = os.open(parts[-1], _FOLDER, dir_fd=parent)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):  # swapped for a link since the lstat
                raise ContentError([refused(rel, "link", folder=True)]) from None
            raise
    finally:
        os.close(parent)
    try:
        entries = []
        with os.scandir(fd) as it:
            for item in it:
                try:
                    kind = _kind(item.stat(follow_symlinks=False).st_mode)
                except OSError:
                    kind = "other"
                entries.append(Entry(item.name, f"{rel}/{item.name}", kind))
    finally:
        os.close(fd)
    return sorted(entries, key=lambda e: e.name)


def read_file(root: Path, rel: str, limit: int) -> bytes:
    """The bytes of the regular file at `rel` below `root`, at most `limit` of them.

    Raises ContentError: not-a-regular-file (a link, FIFO, device, socket or folder, here or on the
    way), file-too-large (checked while reading), unreadable (missing, no permission)."""
    parts = _parts(rel)
    try:
        parent = _walk(root, parts)
    except OSError as exc:
        raise _unreadable(rel, exc) from None
    try:
        mode = os.lstat(parts[-1], dir_fd=parent).st_mode
        if not stat.S_ISREG(mode):  # never open a FIFO or a device, not even to look
            raise ContentError([refused(rel, _kind(mode))])
        try:
            fd = os.open(parts[-1], _FILE, dir_fd=parent)
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # swapped for a link since the lstat
                raise ContentError([refused(rel, "link")]) from None
            raise
    except OSError as exc:
        raise _unreadable(rel, exc) from None
    finally:
        os.close(parent)
    return _read_open(fd, rel, limit)


def create_file(root: Path, rel: str, text: str) -> None:
    """Write a new regular file at `rel` below `root`, never through a link and never over anything
    that exists (a file, a folder or a dangling link). Raises ContentError or FileExistsError."""
    parts = _parts(rel)
    try:
        parent = _walk(root, parts)
    except OSError as exc:
        raise ContentError([Problem(rel, 0, 0, "unwritable", f"cannot write file: {exc.strerror or exc}",
                                    "check that the folder exists and can be written")]) from None
    try:
        fd = os.open(parts[-1], os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666, dir_fd=parent)
    finally:
        os.close(parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def replace_file(root: Path, rel: str, text: str) -> None:
    """Write `text` to the file at `rel` below `root` (a file Rolebook generates, e.g. a JSON Schema):
    written beside it and renamed over it, so a link there is replaced, never followed; a folder on the
    way that is a link is refused (ContentError). Missing folders are made."""
    parts = _parts(rel)
    for depth in range(1, len(parts)):
        if not os.path.lexists(root.joinpath(*parts[:depth])):
            os.mkdir(root.joinpath(*parts[:depth]))
    parent = _walk(root, parts)
    temp = f".{parts[-1]}.rolebook-tmp"
    try:
        try:
            os.unlink(temp, dir_fd=parent)
        except FileNotFoundError:
            pass
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666, dir_fd=parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, parts[-1], src_dir_fd=parent, dst_dir_fd=parent)
    finally:
        os.close(parent)


def read_argument_file(path: Path, limit: int) -> bytes:
    """A file named on the command line (it may be anywhere, through a link the user chose): still
    a regular file, opened without blocking and read with the cap enforced while reading."""
    shown = path.as_posix()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _unreadable(shown, exc) from None
    return _read_open(fd, shown, limit)


def _read_open(fd: int, shown: str, limit: int) -> bytes:
    """Read an opened file (closed afterwards): a regular file (fstat), at most `limit` bytes."""
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ContentError([refused(shown, _kind(info.st_mode))])
        if info.st_size > limit:
            raise too_large(shown, limit, info.st_size)
        return _read_capped(fd, shown, limit)
    except OSError as exc:
        raise _unreadable(shown, exc) from None
    finally:
        os.close(fd)


def too_large(rel: str, limit: int, size: int | None = None) -> ContentError:
    what = f"file is {size:,} bytes" if size is not None else "file is larger than the limit"
    return ContentError([Problem(rel, 0, 0, "file-too-large", f"{what}; the limit is {limit:,}",
                                 "split the content into several files or shorten it")])


def _read_capped(fd: int, rel: str, limit: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, min(CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:  # it grew past the cap while being read
            raise too_large(rel, limit)


def read_cache_entry(path: Path, limit: int) -> bytes | None:
    """A cache entry's bytes, or None when it is missing, not a regular file (a link, a FIFO), larger
    than `limit` or unreadable: a cache that cannot be trusted is simply not used."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks, size = [], 0
        while size <= limit and (chunk := os.read(fd, 1 << 20)):
            chunks.append(chunk)
            size += len(chunk)
        return None if size > limit else b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def write_cache_entry(path: Path, data: bytes) -> None:
    """Store a cache entry atomically: a new file of our own (O_EXCL, never through a link planted under a
    guessable name), renamed over `path`; skipped when `path` is a link or not a regular file (not ours to
    replace) or the folder cannot take it."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    try:
        if os.path.islink(path) or (os.path.lexists(path) and not path.is_file()):
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
