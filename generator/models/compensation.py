"""One row of a compensation CSV (`roles/compensation/*.csv`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from .common import AsOf, CurrencyCode, LevelId, OccupationCode, Slug, Strict, check_band_order
from .numbers import Amount

CSV_COLUMNS = ("role", "level", "region", "currency", "period", "min", "median", "max", "open_ended", "source", "as_of",
               "occupation")
"""The header of a compensation CSV, in this order."""
OPTIONAL_COLUMNS = ("open_ended", "occupation")
"""Columns a file may leave out: without `open_ended` every max is exact; without `occupation` every
row is a band of the role itself."""
REQUIRED_COLUMNS = tuple(c for c in CSV_COLUMNS if c not in OPTIONAL_COLUMNS)
HEADERS = tuple(tuple(c for c in CSV_COLUMNS if c not in left_out)
                for left_out in ((), ("occupation",), ("open_ended",), OPTIONAL_COLUMNS))
"""Every header accepted: the full one, and each with optional columns left out."""


def _empty_to_none(value: object) -> object:
    return None if isinstance(value, str) and value.strip() == "" else value


def _flag(value: object) -> object:
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("", "false"):
            return False
        if word == "true":
            return True
        raise ValueError(f"{value!r} is not true or false; write true for a top-coded max (\"at least\"), "
                         "or leave the cell empty")
    return value


class CompensationRow(Strict):
    """A pay band for one role × level × region from one source."""

    role: Slug = Field(description="Role id (the role file's name without `.yaml`).")
    level: Annotated[LevelId | None, BeforeValidator(_empty_to_none)] = Field(
        None, description="Level id; empty means the band covers all levels."
    )
    region: Slug = Field(description="Region id from `site_config/regions.yaml`.")
    currency: CurrencyCode = Field(description="ISO 4217 currency code.")
    period: Literal["year", "month", "hour"] = Field(description="Pay period.")
    min: Amount = Field(description="Lower end of the band.")
    median: Annotated[Amount | None, BeforeValidator(_empty_to_none)] = Field(None, description="Median.")
    max: Amount = Field(description="Upper end of the band.")
    open_ended: Annotated[bool, BeforeValidator(_flag)] = Field(
        False, description="`true` when the source gives the top only as a floor (top-coded, e.g. "
        "\"at least $239,200\"): shown as `$239,200+`; empty or `false` means the max is exact.")
    source: Slug = Field(description="Source id.")
    as_of: AsOf = Field(description="As-of date of the figures.")
    occupation: Annotated[OccupationCode | None, BeforeValidator(_empty_to_none)] = Field(
        None, description="For occupation-wide wage statistics (a source with `occupation_statistics`): the "
        "occupation code the figures describe, one of the role's `classifications` (e.g. `15-1252`). Empty for "
        "a pay band of the role itself.")

    @model_validator(mode="after")
    def _ordered(self) -> CompensationRow:
        check_band_order(self.min, self.median, self.max)
        return self
