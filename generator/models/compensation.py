"""One row of a compensation CSV (`roles/compensation/*.csv`)."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import BeforeValidator, Field, model_validator

from .common import check_band_order, AsOf, CurrencyCode, LevelId, Slug, Strict
from .numbers import Amount

CSV_COLUMNS = ("role", "level", "region", "currency", "period", "min", "median", "max", "source", "as_of")


def _empty_to_none(value: object) -> object:
    return None if isinstance(value, str) and value.strip() == "" else value



class CompensationRow(Strict):
    """A pay band for one role × level × region from one source."""

    role: Slug = Field(description="Role id (the role file's name without `.yaml`).")
    level: Annotated[Optional[LevelId], BeforeValidator(_empty_to_none)] = Field(
        None, description="Level id; empty means the band covers all levels."
    )
    region: Slug = Field(description="Region id from `site_config/regions.yaml`.")
    currency: CurrencyCode = Field(description="ISO 4217 currency code.")
    period: Literal["year", "month", "hour"] = Field(description="Pay period.")
    min: Amount = Field(description="Lower end of the band.")
    median: Annotated[Optional[Amount], BeforeValidator(_empty_to_none)] = Field(None, description="Median.")
    max: Amount = Field(description="Upper end of the band.")
    source: Slug = Field(description="Source id.")
    as_of: AsOf = Field(description="As-of date of the figures.")

    @model_validator(mode="after")
    def _ordered(self) -> "CompensationRow":
        check_band_order(self.min, self.median, self.max)
        return self
