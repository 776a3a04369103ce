"""Machine-style values (`soc-2018`, `needs_review`) in the words readers see on every page."""

from __future__ import annotations

import re
from typing import Any

CLASSIFICATION_SYSTEMS = {"onet-soc": "O*NET-SOC", "soc-2018": "SOC 2018", "isco-08": "ISCO-08", "esco": "ESCO",
                          "other": "Other"}
REVIEW_STATUS = {"needs_review": "Needs review", "reviewed": "Reviewed", "approved": "Approved"}


def reader_label(value: str) -> str:
    """A machine-style value (`inferred_from_superfunction`) in reader words (`Inferred from superfunction`);
    text an editor wrote as words is left as written."""
    if re.fullmatch(r"[a-z0-9]+(?:[_-][a-z0-9]+)+", value):
        words = re.sub(r"[_-]+", " ", value)
        return words[:1].upper() + words[1:]
    return value


def classification_rows(classifications: list[Any]) -> list[dict[str, str]]:
    """A role's occupational codes as table rows in reader words (system, mapping, review, match)."""
    return [{"system": CLASSIFICATION_SYSTEMS.get(c.system, reader_label(c.system)), "code": c.code, "title": c.title,
             "source": reader_label(c.source), "review": REVIEW_STATUS.get(c.review, reader_label(c.review)),
             "match": c.match} for c in classifications]
