"""Output folders: Rolebook replaces only a folder it made itself, and a kill at any instant leaves
the old or the new one in place.

Every tree Rolebook writes (the site, the --pages-only pages) carries MARKER: a format line, then
the files Rolebook wrote there, one JSON string a line. A target may be replaced only when it is
missing, empty, or carries the marker and holds no file the marker does not list. A site or pages
tree built by a release before the marker is recognised by its own files and adopted once. The
filesystem root, the project folder, anything above it, the config file and the source folders
are refused outright.

The new tree is written into a sibling `.NAME-new-XXXXXXXX` (marker first, so it is known to be
ours), then exchanged with the old one in one atomic step (renameat2 RENAME_EXCHANGE on Linux);
with `reuse`, the tree replaced is kept as `.NAME-base` and the next build starts from it instead of
an empty folder: it rewrites every file it makes (in place) and the files it did not write are
removed before the exchange, so a rebuild creates and removes only what changed (removing and
recreating some 26,000 files and folders cost a rebuild at 1,000 roles up to 20 s on a slow disk);
where the filesystem cannot exchange, two renames go through `.NAME-old-PID`. Each run holds a lock
on the parent folder and first repairs what a killed run left: an old tree with no target is put
back, and every marked `.NAME-new-*` / `.NAME-old-*` is removed (the marker is removed last).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import re
import secrets
import shutil
import signal
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

MARKER = ".rolebook-output"
FORMAT = "rolebook-output 1"


class OutputError(Exception):
    """The target was refused, or could not be written; nothing was replaced. One line for the user."""


def _checkpoint(step: str) -> None:
    """Called between the steps of a replacement ("staged", "built", "old-moved", "swapped"); the
    tests replace it to kill the process at a chosen step."""


def _earlier_release(path: Path) -> bool:
    """A site or pages tree written by a Rolebook release before the marker: its own files say so."""
    try:
        with open(path / "api" / "catalog.json", "rb") as f:
            head = f.read(64)
    except OSError:
        return False
    site = (path / "index.html").is_file() and (path / "assets" / "javascripts" / "rolebook.js").is_file()
    pages = (path / "roles").is_dir() and (path / "compare.md").is_file()
    return head.startswith(b'{"api_version":') and (site or pages)


def _walk(path: Path) -> tuple[list[str], list[Path]]:
    """Every non-folder entry under path (symbolic links included, never followed), relative and
    sorted, and every folder (path included)."""
    found: list[str] = []
    folders: list[Path] = []
    links: list[str] = []

    def walk(folder: Path, prefix: str) -> None:
        folders.append(folder)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_symlink():
                    links.append(prefix + entry.name)
                if entry.is_dir(follow_symlinks=False):
                    walk(Path(entry.path), f"{prefix}{entry.name}/")
                else:
                    found.append(prefix + entry.name)

    walk(path, "")
    _refuse_links(path, links)
    return sorted(found), folders


def _refuse_links(path: Path, links: list[str]) -> None:
    if links:
        raise OutputError(f"refusing to replace {path}: it holds a symbolic link ({sorted(links)[0]}), which Rolebook "
                          "never writes (a build could write through it); remove the link yourself")


def _files(path: Path) -> list[str]:
    return _walk(path)[0]


def _listed(path: Path) -> set[str] | None:
    """The files MARKER lists, or None when the folder carries no marker of this format."""
    try:
        with open(path / MARKER, encoding="utf-8") as f:
            if f.readline().rstrip("\n") != FORMAT:
                return None
            return {json.loads(line) for line in f if line.strip()}
    except (OSError, ValueError):
        return None


def _write_marker(path: Path, files: Iterable[str]) -> None:
    """Write MARKER (replaced atomically: a kill never leaves a folder with half a marker)."""
    tmp = path / f"{MARKER}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(FORMAT + "\n" + "".join(json.dumps(name) + "\n" for name in files if name != MARKER))
    os.replace(tmp, path / MARKER)


def _ours(path: Path, *, complete: bool = False) -> bool:
    """A tree Rolebook wrote: it carries the marker (with `complete`, the marker lists every file it holds)."""
    if not path.is_dir() or path.is_symlink():
        return False
    listed = _listed(path)
    if listed is None:
        return False
    if not complete:
        return True
    try:
        return all(name in listed or name == MARKER for name in _walk(path)[0])
    except (OSError, OutputError):
        return False


# What a build of another Rolebook, MkDocs or Material release may write that this one does not (hashed
# theme bundles, Material's search index): an adopted tree may hold these without this build writing them.
_RELEASE_FILES = re.compile(r"(assets/(javascripts|stylesheets|images)/.*|search/.*|sitemap\.xml(\.gz)?|404\.html)")


def _adoptable(t: Path, files: list[str], written: set[str]) -> None:
    """An earlier release's tree is adopted only when this build writes every file it holds (bar
    theme bundles of another release): a user's file beside it, a `.git` or a CNAME, is never lost."""
    extra = [name for name in files if name not in written and not _RELEASE_FILES.fullmatch(name)]
    if extra:
        more = f" and {len(extra) - 1} more" if len(extra) > 1 else ""
        raise OutputError(f"refusing to replace {t}: it looks like a site from an earlier Rolebook release but holds "
                          f"{extra[0]}{more}, which this build does not write; move it out or remove the folder yourself")


def check_target(target: Path, root: Path, config_file: Path | None, sources: Iterable[Path]) -> Path:
    """The absolute target, or OutputError when its place alone rules it out."""
    given = Path(os.path.abspath(target))
    if os.path.islink(given):  # resolving it would replace whatever it points at
        raise OutputError(f"refusing to replace {given}: it is a symbolic link; Rolebook writes only real folders, "
                          "so pick a folder that is not a link")
    t, root = given.resolve(), root.resolve()
    reason = None
    if t == Path(t.anchor):
        reason = "it is the filesystem root"
    elif t == root:
        reason = "it is the project folder"
    elif t in root.parents:
        reason = f"it holds the project folder {root}"
    elif config_file is not None and t == config_file.resolve():
        reason = "it is the config file"
    elif config_file is not None and t in config_file.resolve().parents:
        reason = f"it holds the config file {config_file}"
    if reason:
        raise OutputError(f"refusing to replace {t}: {reason}; pick a new folder such as {root / 'site'}")
    for source in sources:
        s = source.resolve()
        if t == s or s in t.parents or t in s.parents:
            shown = s.relative_to(root) if s.is_relative_to(root) else s
            raise OutputError(f"refusing to write into {shown}/: pick an output folder outside the sources")
    return t


def _check_replaceable(t: Path) -> list[str] | None:
    """None when t may be replaced as it is; the files to list in a marker when an earlier release's
    tree is adopted; OutputError when t holds anything Rolebook did not write."""
    above = next(p for p in t.parents if os.path.lexists(p))
    if not above.is_dir():
        raise OutputError(f"cannot write {t}: {above} is a file, not a folder; nothing was changed")
    if not os.access(above, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {t}: {above} is not writable (Permission denied); nothing was changed")
    if not os.path.lexists(t):
        return None
    if not t.is_dir():
        raise OutputError(f"refusing to replace {t}: it is a file, not a folder Rolebook made; pick a new folder")
    listed = _listed(t)
    earlier = listed is None and _earlier_release(t)
    if listed is None and not earlier:
        with os.scandir(t) as entries:
            if any(True for _ in entries):  # not walked: a home folder can hold millions of files
                raise OutputError(f"refusing to replace {t}: it is not empty and Rolebook did not make it "
                                  f"(no {MARKER} file); pick a new or empty folder, or remove it yourself")
    files, folders = _walk(t)
    extra = [name for name in files if name not in listed and name != MARKER] if listed is not None else []
    if extra:
        more = f" and {len(extra) - 1} more" if len(extra) > 1 else ""
        raise OutputError(f"refusing to replace {t}: it holds {extra[0]}{more}, which Rolebook did not write; "
                          "move it out or remove the folder yourself")
    for folder in folders:  # every one must be writable, or the old tree could not be removed
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutputError(f"cannot replace {t}: {folder} is not writable (Permission denied); nothing was changed")
    return files if earlier else None


def preflight(target: Path, root: Path, *, config_file: Path | None = None, sources: Iterable[Path] = (),
              adopt: bool = True) -> Path:
    """Refuse a target before any work is done (replace() checks again, under its lock); changes nothing.

    With adopt=False (a plain `mkdocs build`, which empties the folder itself), an earlier release's
    tree is refused too: only a new, empty or marked folder will do."""
    t = check_target(target, root, config_file, sources)
    try:
        earlier = _check_replaceable(t)
    except OSError as exc:  # an unreadable folder, say
        raise _fault(t, exc) from None
    if earlier is not None and not adopt:
        raise OutputError(f"refusing to replace {t}: it was built by an earlier Rolebook release (no {MARKER} file) "
                          "and mkdocs would empty it; run 'rolebook build' once, or remove the folder yourself")
    return t


def mark(path: Path) -> None:
    """List every file now in `path` in its marker (after a plain `mkdocs build` wrote it)."""
    _write_marker(path, _files(path))


def _remove(path: Path) -> None:
    """Remove a tree of ours, its marker last, so a kill part-way leaves it recognisable as ours."""
    try:
        entries = list(os.scandir(path))
    except FileNotFoundError:
        return
    for entry in entries:
        if entry.name == MARKER:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            try:
                os.unlink(entry.path)
            except OSError:
                pass
    if {e.name for e in os.scandir(path)} <= {MARKER}:
        try:
            os.unlink(path / MARKER)
        except FileNotFoundError:
            pass
        os.rmdir(path)


_LEFTOVER = r"\.{name}-(new-[0-9a-f]{{8}}|old-[0-9]+)"


def _recover(t: Path) -> None:
    """Repair what a killed run left beside t: put an old tree back if t is missing, remove the rest."""
    pattern = re.compile(_LEFTOVER.format(name=re.escape(t.name)))
    leftovers = [p for p in t.parent.iterdir() if pattern.fullmatch(p.name)]
    olds = sorted((p for p in leftovers if "-old-" in p.name and _ours(p, complete=True)), key=lambda p: p.stat().st_mtime)
    if olds and not os.path.lexists(t):
        os.rename(olds[-1], t)  # killed between the two renames of a swap: the old tree goes back
        leftovers.remove(olds[-1])
    for p in leftovers:
        if _ours(p, complete="-old-" in p.name):  # a staging tree's marker lists its files only when built
            _remove(p)
        elif p.is_dir() and not p.is_symlink() and not any(p.iterdir()):
            p.rmdir()  # killed before its marker was written: empty


_libc = ctypes.CDLL(None, use_errno=True)
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step; False where the system or filesystem cannot."""
    renameat2 = getattr(_libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGTERM and SIGINT wait until the block is done (a handler raising between two renames would
    leave no tree in place until the next run)."""
    held = {signal.SIGTERM, signal.SIGINT}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _swap(staging: Path, t: Path) -> Path | None:
    """Put staging in t's place; return where the old tree now is (None when there was none)."""
    with _signals_held():
        return _swap_now(staging, t)


def _swap_now(staging: Path, t: Path) -> Path | None:
    if not os.path.lexists(t):
        os.rename(staging, t)
        return None
    if _exchange(staging, t):
        return staging
    old = t.with_name(f".{t.name}-old-{os.getpid()}")
    os.rename(t, old)
    _checkpoint("old-moved")
    try:
        os.rename(staging, t)
    except BaseException:
        os.rename(old, t)
        raise
    return old


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One writer at a time per parent folder (a lock on the folder itself: no lock file is left)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"rolebook: waiting for another build writing into {folder} to finish", file=sys.stderr)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _fault(t: Path, exc: OSError) -> OutputError:
    """One line for an operating-system error while t was prepared, written or swapped in."""
    name = str(exc.filename or "")
    staging = re.match(re.escape(str(t.parent / f".{t.name}-new-")) + r"[0-9a-f]+/?", name)
    shown = f"{t}/{name[staging.end():]}" if staging else name  # the file as it would be in the target
    where = f" ({shown})" if shown and shown.rstrip("/") != str(t) else ""
    return OutputError(f"cannot write {t}: {exc.strerror or exc}{where}; nothing was changed")


def _base(t: Path) -> Path:
    return t.with_name(f".{t.name}-base")


def _reusable(base: Path) -> bool:
    """A tree this module kept beside the target: ours, every file listed in its marker, no link."""
    return not os.path.islink(base) and _ours(base, complete=True)


def _clock(folder: Path) -> int:
    """The filesystem's time now, as it stamps a file written in `folder` (its clock may be coarser
    than the system's)."""
    probe = folder / ".rolebook-clock"
    with open(probe, "wb"):
        pass
    try:
        return os.lstat(probe).st_mtime_ns
    finally:
        os.unlink(probe)


_SINCE: dict[Path, int] = {}  # a reused tree being written -> the time its build started writing


def started(folder: Path) -> int | None:
    """In a reused tree being written, the time its build started writing (what is older is removed)."""
    return _SINCE.get(Path(folder))


def remove_stale(folder: Path) -> None:
    """In a reused tree (see replace), remove what the build has not written again so far; a build
    calls it before a step that reads the whole tree (the search index), replace() once more at the end."""
    since = _SINCE.get(Path(folder))
    if since is not None:
        _remove_stale(Path(folder), since)


def _remove_stale(folder: Path, since: int) -> list[str]:
    """Remove every file under `folder` (its marker excepted) last written before `since`, and the
    folders that leaves empty: what a build starting from a kept tree did not write again. Returns
    the files left, as `_walk` lists them (one walk of the tree does both)."""
    found: list[str] = []
    links: list[str] = []

    def walk(path: Path, prefix: str, top: bool) -> bool:  # True when path is left empty
        empty = True
        with os.scandir(path) as entries:
            for entry in entries:
                if top and entry.name == MARKER:
                    found.append(entry.name)
                    empty = False
                elif entry.is_dir(follow_symlinks=False):
                    if walk(Path(entry.path), f"{prefix}{entry.name}/", False):
                        os.rmdir(entry.path)
                    else:
                        empty = False
                elif entry.stat(follow_symlinks=False).st_mtime_ns < since:
                    os.unlink(entry.path)
                else:
                    if entry.is_symlink():
                        links.append(prefix + entry.name)
                    found.append(prefix + entry.name)
                    empty = False
        return empty

    walk(folder, "", True)
    _refuse_links(folder, links)
    return sorted(found)


@contextmanager
def replace(target: Path, root: Path, *, config_file: Path | None = None, sources: Iterable[Path] = (),
            reuse: bool = False) -> Iterator[Path]:
    """Yield an empty folder (umask permissions, marker inside); when the block succeeds it takes
    target's place, when it fails it is removed and target is left as it was.

    With `reuse` the folder may instead hold the tree an earlier build replaced (kept as
    `.NAME-base`): the block writes every file of the new tree over it, and what it did not write
    is removed before the swap. The block must not empty the folder itself.

    Raises OutputError for a refused target or an operating-system fault (read-only folder, full
    disk...); other exceptions from the block pass through unchanged."""
    t = check_target(target, root, config_file, sources)
    try:
        t.parent.mkdir(parents=True, exist_ok=True)
        lock = _locked(t.parent)
        lock.__enter__()
    except OSError as exc:
        raise _fault(t, exc) from None
    try:
        try:
            _recover(t)
            adopt = _check_replaceable(t)
            staging = t.with_name(f".{t.name}-new-{secrets.token_hex(4)}")
            reused = reuse and adopt is None and _reusable(_base(t))
            if reused:  # still marked, with every file listed: a kill from here on leaves it recognisable
                os.rename(_base(t), staging)
            else:
                os.mkdir(staging, 0o777)  # the umask decides, as for any folder the user makes
        except OSError as exc:
            raise _fault(t, exc) from None
        try:
            if not reused:
                _write_marker(staging, [])
            if reused:
                _SINCE[staging] = _clock(staging)
            _checkpoint("staged")
            yield staging
            since = _SINCE.get(staging)
            written = _files(staging) if since is None else _remove_stale(staging, since)
            _write_marker(staging, written)
            if adopt is not None:
                _adoptable(t, adopt, set(written))
                _write_marker(t, adopt)  # an earlier release's tree becomes ours: a kill mid-removal is repaired
            _checkpoint("built")
            old = _swap(staging, t)
        except BaseException as exc:
            _SINCE.pop(staging, None)
            try:
                _remove(staging)
            except OSError:
                pass  # left marked: the next run removes it
            if isinstance(exc, OSError):
                raise _fault(t, exc) from None
            raise
        _SINCE.pop(staging, None)
        _checkpoint("swapped")
        if old is not None:
            try:
                if reuse and adopt is None and not os.path.lexists(_base(t)):
                    os.rename(old, _base(t))  # the next build starts from it
                else:
                    _remove(old)
            except OSError:
                pass  # left marked: the next run removes it
    finally:
        lock.__exit__(None, None, None)
