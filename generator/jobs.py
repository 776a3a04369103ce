"""How many worker processes a build uses, and the one way work is shared among them.

Workers never outlive the build: a SIGTERM to the build stops them (`stop_on_sigterm`), an error or
an interrupt terminates them, and on Linux the kernel kills them if the build itself is killed."""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from .environment import MAX_JOBS, BadEnvironment, jobs_setting

_PR_SET_PDEATHSIG = 1


class Stopped(BaseException):
    """The build got SIGTERM. A BaseException, like KeyboardInterrupt, so no `except Exception` swallows it."""


@contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """Within the block SIGTERM raises Stopped in the main thread, so output is cleaned up and workers stopped."""
    def handler(signum: int, frame: object) -> None:
        raise Stopped()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def die_with(parent: int) -> None:
    """Worker start-up: the default SIGTERM action (the parent's handler is inherited through fork), and
    on Linux a SIGKILL from the kernel when the parent dies, so a killed build leaves no orphans."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _start_worker(parent: int) -> None:
    """A forked worker's start: it dies with the parent (die_with), and its garbage collector leaves
    the heap it inherited alone (gc.freeze): a collection then scans only the objects the worker made,
    not the whole catalog and every page (and does not copy the inherited memory by touching it)."""
    die_with(parent)
    gc.freeze()


def release_freed_memory() -> None:
    """Give the memory the process has freed back to the system (glibc keeps freed blocks mapped, so a
    build's resident memory stayed at its peak after the pages it freed): a forked worker, whose
    resident memory counts every page it inherits, then starts only from what is still in use."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def fork_map(func: Callable[[Any], Any], shares: Sequence[Any], jobs: int) -> list[Any]:
    """`func` over `shares` in `jobs` forked processes, results in order. Forked workers inherit the
    caller's state (set it in a module global before calling), so nothing large is pickled on the
    way in. A worker that dies raises BrokenProcessPool instead of hanging the build; an error or a
    signal in the caller terminates the workers instead of waiting for them."""
    release_freed_memory()
    before = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(os.getpid(),))
    try:
        results = list(pool.map(func, shares))
    except BaseException:
        workers = [p for p in multiprocessing.active_children() if p not in before]
        for proc in workers:
            proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in workers:
            proc.join(5)
        raise
    pool.shutdown()
    return results


def default_jobs() -> int:
    """Worker processes for a build: ROLEBOOK_JOBS if set, else the usable CPUs (at most 8); never more
    than MAX_JOBS. A bad ROLEBOOK_JOBS is reported by `rolebook build` before any work starts."""
    value = os.environ.get("ROLEBOOK_JOBS", "")
    if value:
        try:
            return jobs_setting(value, "ROLEBOOK_JOBS")
        except BadEnvironment:
            pass
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(8, cpus, MAX_JOBS))
