"""How many worker processes a build uses, and the one way work is shared among them."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Sequence


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def fork_map(func: Callable[[Any], Any], shares: Sequence[Any], jobs: int) -> list[Any]:
    """`func` over `shares` in `jobs` forked processes, results in order. Forked workers inherit the
    caller's state (set it in a module global before calling), so nothing large is pickled on the
    way in. A worker that dies raises BrokenProcessPool instead of hanging the build."""
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(func, shares))


def default_jobs() -> int:
    """Worker processes for a build: ROLEBOOK_JOBS if set, else the usable CPUs (at most 8)."""
    value = os.environ.get("ROLEBOOK_JOBS", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(8, cpus))
