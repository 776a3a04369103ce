"""Settings read from the environment. A value that is set but unusable is an error, never ignored."""

from __future__ import annotations

import datetime as dt
import os
import re

MAX_JOBS = 32  # worker processes: more only adds forked copies of the build on any machine we know


class BadEnvironment(Exception):
    """An environment variable is set to something Rolebook cannot use; the message says which and why."""


GZIP_LATEST = 2**32 - 1


def build_date() -> dt.date:
    """SOURCE_DATE_EPOCH (whole seconds since 1970, UTC) when set, so builds are reproducible; else today.

    MkDocs reads the same variable (build date, sitemap) and fails with a traceback on a bad value,
    so a bad value stops here, before anything is built."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return dt.date.today()
    hint = "set it to whole seconds since 1970-01-01 UTC (e.g. 1700000000, `git log -1 --format=%ct`) or unset it"
    if not re.fullmatch(r"[0-9]+", value):
        raise BadEnvironment(f"SOURCE_DATE_EPOCH={value[:40]!r} is not a whole, non-negative number of seconds: {hint}")
    if int(value) > GZIP_LATEST:  # MkDocs stamps sitemap.xml.gz with it; gzip holds 32 bits of seconds
        raise BadEnvironment(f"SOURCE_DATE_EPOCH={value[:40]!r} is later than 2106-02-07, the last date the "
                             f"sitemap's gzip header can hold: {hint}")
    return dt.datetime.fromtimestamp(int(value), dt.UTC).date()


def jobs_setting(value: str, source: str) -> int:
    """A worker count from the command line or ROLEBOOK_JOBS: 1 or more, capped at MAX_JOBS."""
    if not re.fullmatch(r"\s*[0-9]+\s*", value) or int(value) < 1:
        raise BadEnvironment(f"{source}={value!r} is not a number of worker processes: use a whole number from 1 to {MAX_JOBS}")
    return min(int(value), MAX_JOBS)
