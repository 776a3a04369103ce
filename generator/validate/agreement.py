"""Checks that what readers are shown agrees with itself: a role's time to learn against its roadmap's
total (the guide shows both side by side), and source notes (shown under every page's Sources) that
read as notes for developers. Both are warnings: the content still builds."""

from __future__ import annotations

import re
from typing import Any

from ..load.project import Loaded, ProjectFiles
from ..problems import Problem

WEEKS_PER_MONTH = 4.345  # as the roadmap pages convert weeks to months
TOLERANCE_MONTHS = 1.0
"""How far `time_to_learn_months` may be from the roadmap's total before the two read as a contradiction
(the pages round the total to whole months, so a month either way is rounding, not disagreement)."""

_CODE_FILE = re.compile(r"(?<![\w/.:])(?:[\w.-]+/)+[\w.-]+\.(?:py|js|sh|ts|rb|go|ipynb)\b")


def _warn(loaded: Loaded[Any], loc: tuple[Any, ...], code: str, message: str, hint: str) -> Problem:
    line, col = loaded.doc.locate(loc)
    return Problem(loaded.path, line, col, code, message, hint, "warning")


def check_time_to_learn(project: ProjectFiles) -> list[Problem]:
    out = []
    for loaded in project.roles.values():
        role = loaded.model
        if not role.requirements or not role.roadmap:
            continue
        months = role.requirements.time_to_learn_months
        weeks = sum(p.weeks for p in role.roadmap)
        total = weeks / WEEKS_PER_MONTH
        if abs(months - total) <= TOLERANCE_MONTHS:
            continue
        roadmap_line, _ = loaded.doc.locate(("roadmap",))
        out.append(_warn(
            loaded, ("requirements", "time_to_learn_months"), "time-to-learn-mismatch",
            f"time_to_learn_months is {months:g} months, but the roadmap's phases (from {loaded.path}:{roadmap_line}) add up to "
            f"{weeks} weeks, about {total:.1f} months; the guide shows both",
            f"make them agree: set time_to_learn_months to about {total:.1f}, or change the phases' weeks"))
    return out


def check_source_notes(project: ProjectFiles) -> list[Problem]:
    pairs: list[tuple[Loaded[Any], list[Any]]] = [(project.sources, project.sources.model.sources)] if project.sources else []
    pairs += [(r, r.model.sources) for r in project.roles.values()]
    out = []
    for loaded, sources in pairs:
        for i, src in enumerate(sources):
            found = _CODE_FILE.search(src.note or "")
            if found:
                out.append(_warn(loaded, ("sources", i, "note"), "note-for-developers",
                                 f"source '{src.id}': its note names a code file ({found.group(0)}); notes are "
                                 "shown to readers under Sources",
                                 "say how the figures were made in reader terms, and put notes for developers "
                                 "in a YAML comment (# ...)"))
    return out


def check_agreement(project: ProjectFiles) -> list[Problem]:
    return check_time_to_learn(project) + check_source_notes(project)
