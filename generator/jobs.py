"""How many worker processes a build uses."""

from __future__ import annotations

import os


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
