"""Bounded numeric field types: every number a model accepts is finite and in a range the site can
format, chart and compare.

A value that validates must build, so each number field carries an upper bound, and no float field
accepts ``nan`` or ``inf`` (pydantic's lax mode would otherwise read the text ``nan`` as a float and
report it as out of range, and ``1`` followed by 400 digits as infinity).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, AllowInfNan, BeforeValidator, Field

from .common import plain_number

MAX_AMOUNT = 1_000_000_000
"""The largest pay figure accepted: far above any real salary, far below where formatting breaks."""
MAX_YEARS = 60
MAX_MINUTES = 1440

Finite = AllowInfNan(False)

FiniteFloat = Annotated[float, Finite]
"""A float that is a real number (not ``nan`` or ``inf``); give each field its own bounds."""

Amount = Annotated[float, Finite, Field(gt=0, le=MAX_AMOUNT), BeforeValidator(plain_number)]
"""A positive pay figure written as plain digits (`130000` or `57.5`), at most 1,000,000,000."""

Years = Annotated[int, Field(ge=0, le=MAX_YEARS)]
Minutes = Annotated[int, Field(ge=1, le=MAX_MINUTES)]


def _ordered(value: tuple[int, int | None]) -> tuple[int, int | None]:
    low, high = value
    if high is not None and high < low:
        raise ValueError(f"[{low}, {high}] is reversed; write the smaller number first: [{high}, {low}]")
    return value


YearsRange = Annotated[tuple[Years, Years | None], AfterValidator(_ordered)]
"""Years of experience `[min, max]` (0-60, min first); `[12, null]` means 12 or more."""

MinutesRange = Annotated[tuple[Minutes, Minutes], AfterValidator(_ordered)]
"""A duration range `[min, max]` in minutes (1-1440, min first)."""
