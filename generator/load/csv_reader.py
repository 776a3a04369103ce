"""Read a compensation CSV row by row, with exact `file:row` problems, before any DataFrame work."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ..models.compensation import CSV_COLUMNS, HEADERS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, CompensationRow
from ..problems import ContentError, Problem
from .safe_files import read_file
from .yaml_reader import decode

MAX_CSV_BYTES = 32 * 1024 * 1024
"""Compensation tables are data, not prose: a larger cap than role files (25,000 rows ≈ 2 MB)."""


class PayRow(NamedTuple):
    """One validated row, kept as a plain tuple: a catalog of real wage data has 230,000 of them, and
    a pydantic model per row held them all in memory several times over."""

    role: str
    level: str | None
    region: str
    currency: str
    period: str
    min: float
    median: float | None
    max: float
    open_ended: bool
    source: str
    as_of: str
    occupation: str | None


class CsvRow(NamedTuple):
    path: str
    row: int
    data: PayRow


def _compact(model: CompensationRow) -> PayRow:
    """The row as a tuple, its repeated words (ids, periods, dates) interned: one string each, shared."""
    def maybe(value: str | None) -> str | None:
        return None if value is None else sys.intern(value)

    word = sys.intern
    return PayRow(word(model.role), maybe(model.level), word(model.region), word(model.currency), word(model.period),
                  model.min, model.median, model.max, model.open_ended, word(model.source), word(model.as_of),
                  maybe(model.occupation))


FIELD_HINTS = {
    "role": "write the role's id: the name of its file in roles/ without .yaml, e.g. ai-engineer",
    "level": "write a level id from site_config/levels.yaml as written there (e.g. P3), or leave the cell "
             "empty for a band that covers all levels",
    "region": "write a region id from site_config/regions.yaml (lower-case letters, digits and hyphens, e.g. "
              "us-seattle), not the region's name",
    "currency": "write the ISO 4217 code in three capital letters, e.g. USD or EUR",
    "period": "write year, month or hour (the period the figures are paid per)",
    "open_ended": "write true when the source gives the max only as \"at least\", otherwise leave it empty",
    "source": "write a source id from site_config/sources.yaml or the role file's sources, e.g. bls-oews-2025",
    "as_of": "write the reference period as YYYY-MM or YYYY-MM-DD, e.g. 2025-05",
    "occupation": "write the occupation code as the role's classifications give it, e.g. 15-1252",
}
AMOUNT_HINTS = {
    "less_than_equal": "figures are capped at 1,000,000,000; check for extra digits or a figure in the wrong unit",
}
AMOUNT_HINT = ("write a positive plain number: digits and at most one decimal point, no currency sign, separator "
               "or suffix (85000, not $85,000 or 85k; 21.43 for hourly pay)")
ROW_HINT = "make min ≤ median ≤ max: check the figures and that the columns follow the header's order"


def _row_problem(path: str, row: int, err: ErrorDetails, columns: tuple[str, ...]) -> Problem:
    """One cell's problem, with a hint for that column (what it holds and how to write it)."""
    field = str(err["loc"][0]) if err["loc"] else ""
    col = columns.index(field) + 1 if field in columns else 0
    msg = err["msg"].removeprefix("Value error, ")
    where = f"column '{field}': " if field else ""
    if err["type"] == "missing":
        hint = "fill in the column"
    elif field in ("min", "median", "max"):
        hint = AMOUNT_HINTS.get(err["type"], AMOUNT_HINT)
    elif field:
        hint = FIELD_HINTS.get(field, f"write a value for {field} as its column expects")
    else:
        hint = ROW_HINT  # the row as a whole: the order of its figures
    return Problem(path, row, col, "csv-invalid", f"{where}{msg}", hint)


def read_compensation_csv(root: Path, display: str, raw: bytes | None = None) -> tuple[list[CsvRow], list[Problem]]:
    """Parse one CSV (`display`: its path from `root`, read through `safe_files`, unless its bytes are
    given as `raw`); every problem names `file:row` (row 1 is the header)."""
    try:
        text = decode(display, read_file(root, display, MAX_CSV_BYTES) if raw is None else raw, MAX_CSV_BYTES)
    except ContentError as exc:
        return [], exc.problems
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    rows: list[CsvRow] = []
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [Problem(display, 1, 0, "csv-syntax", str(exc), "fix the quoting on this row")]
    if header is None:
        return [], [Problem(display, 1, 0, "csv-empty", "the file is empty", f"start with the header: {','.join(CSV_COLUMNS)}")]
    columns = tuple(h.strip() for h in header)
    if columns not in HEADERS:
        hint = (f"the header must be exactly: {','.join(CSV_COLUMNS)} "
                f"(the {' and '.join(OPTIONAL_COLUMNS)} columns may be left out: {','.join(REQUIRED_COLUMNS)})")
        if len(header) == 1 and ";" in header[0]:
            hint = "the file looks semicolon-delimited; use commas. " + hint
        return [], [Problem(display, 1, 0, "csv-header", f"unexpected header: {','.join(header)}", hint)]
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(display, reader.line_num, 0, "csv-syntax", str(exc), "fix the quoting on this row"))
            break
        row = reader.line_num
        if not cells or all(c.strip() == "" for c in cells):
            problems.append(Problem(display, row, 0, "csv-blank-row", "blank row", "delete the blank row"))
            continue
        if len(cells) != len(columns):
            problems.append(Problem(display, row, 0, "csv-ragged-row",
                                    f"row has {len(cells)} cells; expected {len(columns)}",
                                    "check for a missing or extra comma; quote cells that contain commas"))
            continue
        try:
            rows.append(CsvRow(display, row, _compact(CompensationRow.model_validate(dict(zip(columns, cells, strict=True))))))
        except ValidationError as exc:
            problems.extend(_row_problem(display, row, e, columns) for e in exc.errors(include_url=False))
    return rows, problems
