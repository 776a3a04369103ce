"""Occupation-wide wage statistics, kept apart from a role's own pay bands.

A compensation row whose source has `occupation_statistics` (e.g. BLS OEWS) describes a whole
occupation (its `occupation` code), not the role: its figures are percentiles of everyone in that
occupation. Every page, chart, CSV and JSON file tells the two apart through `is_statistic` and
describes the occupation through `occupation_facts`: the code, its title and system, how closely it
matches the role, which other roles use the same figures, the population and what min, median and
max stand for. Nothing here is fixed text: every word comes from the role file or the source.
"""

from __future__ import annotations

from typing import Any

from ..index import Catalog, PayBand
from ..models.role import Classification

MATCH_TEXT = {
    "exact": "exact match: the occupation is this role's work",
    "broader": "broader occupation: this role is one part of it",
    "related": "related occupation: neighbouring work, not this role",
}
SYSTEM_NAMES = {"onet-soc": "O*NET-SOC", "soc-2018": "SOC 2018", "isco-08": "ISCO-08", "esco": "ESCO", "other": ""}


def is_statistic(band: PayBand) -> bool:
    """True for occupation-wide statistics, False for a pay band of the role itself."""
    return band.occupation is not None


def classification(catalog: Catalog, role_id: str, code: str) -> Classification | None:
    """The role's mapping to `code` (validation makes sure a row's occupation is one of them)."""
    for c in catalog.roles[role_id].role.classifications:
        if c.code == code:
            return c
    return None


def shared_with(catalog: Catalog, role_id: str, source: str, code: str) -> list[str]:
    """The other roles shown the same statistics (same source and occupation code)."""
    return [r for r in catalog.occupation_users.get(f"{source}:{code}", []) if r != role_id]


def occupation_facts(catalog: Catalog, role_id: str, source_id: str, code: str) -> dict[str, Any]:
    """Everything a reader needs beside occupation-wide figures, from the role file and the source."""
    c = classification(catalog, role_id, code)
    src = catalog.source(role_id, source_id)
    stats = src.occupation_statistics
    others = shared_with(catalog, role_id, source_id, code)
    system = SYSTEM_NAMES.get(c.system, "") if c else ""
    return {
        "code": code, "system": system, "title": c.title if c else code,
        "label": " ".join(x for x in (system, code, c.title if c else "") if x),
        "match": c.match if c else "related", "match_text": MATCH_TEXT[c.match if c else "related"],
        "shared_with": [{"id": r, "title": catalog.roles[r].role.title} for r in others],
        "population": stats.population if stats else "", "source": src.title, "source_id": source_id,
        "min": stats.min if stats else "Minimum", "median": stats.median if stats else "Median",
        "max": stats.max if stats else "Maximum",
    }
