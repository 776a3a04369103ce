"""Chart blocks for pages: a spec registered with the ChartSet, a caption and the same numbers as a table."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..index import Catalog, PayBand
from ..models.role import Role
from ..render.pay_text import bare
from . import specs
from .svg import ChartSet


@dataclass(frozen=True)
class ChartBlock:
    """What a template needs to show one chart: the SVG placeholder, a caption, the data table."""

    svg: Markup
    caption: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def _amount(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def salary_band_charts(charts: ChartSet, catalog: Catalog, role_id: str, money: Any,
                       bands: list[PayBand]) -> list[ChartBlock]:
    """Salary band by level in the default region (ladder bands and level rows of the CSVs);
    one chart per currency, never mixed. `bands` are the role's pay bands (see render.api.pay_bands)."""
    role = catalog.roles[role_id].role
    if not charts.enabled:
        return []
    order: list[str | None] = [lv.level for lv in role.levels]
    titles: dict[str | None, str] = {lv.level: lv.title for lv in role.levels}
    mine = [b for b in bands if b.level in titles and b.region == catalog.default_region]
    mine.sort(key=lambda b: order.index(b.level))
    blocks = []
    locale = catalog.regions[catalog.default_region].locale
    for period, currency in sorted({(b.period, b.currency) for b in mine}, key=lambda k: (specs.PERIODS.index(k[0]), k[1])):
        rows = [b for b in mine if b.currency == currency and b.period == period]
        spec = specs.band_chart([{"rung": f"{b.level} · {titles[b.level]}", "min": b.min, "max": b.max,
                                  "median": b.median, "open_ended": b.open_ended} for b in rows], "rung",
                                f"{role.title}: salary band by level (per {period})", currency, period)
        table = [[f"{b.level} · {titles[b.level]}",
                  *(bare(v, currency, period, locale, open_ and b.open_ended, (b.min, b.max, b.median))
                    for v, open_ in ((b.min, False), (b.median, False), (b.max, True))),
                  f"{catalog.source(role_id, b.source).title} ({b.as_of})"] for b in rows]
        region = catalog.regions[catalog.default_region].name
        blocks.append(ChartBlock(charts.add(spec), f"Salary band by level for {role.title}, {region} ({currency} per "
                                 f"{period}; bar from minimum to maximum, tick at the median where known).",
                                 ["Level", f"Minimum (per {period})", f"Median (per {period})", f"Maximum (per {period})",
                                  "Source (as of)"], table))
    return blocks


def chosen_level(role: Role, bands: list[PayBand]) -> str | None:
    """The level with pay recorded in the most regions (ties: the middle of the ladder), if in 2+ regions."""
    regions: dict[str, set[str]] = {}
    for b in bands:
        if b.level:
            regions.setdefault(b.level, set()).add(b.region)
    order = [lv.level for lv in role.levels]
    candidates = [lv for lv in order if len(regions.get(lv, ())) > 1]
    if not candidates:
        return None
    best = max(len(regions[lv]) for lv in candidates)
    tied = [lv for lv in candidates if len(regions[lv]) == best]
    return tied[len(tied) // 2]


def ladder_chart_block(charts: ChartSet, role: Role, catalog: Catalog, pay: dict[str, str]) -> ChartBlock | None:
    if not role.levels or not charts.enabled:
        return None
    rows, table = [], []
    for lv in role.levels:
        start, end = lv.years or catalog.levels[lv.level].experience
        label = f"{lv.level} · {lv.title}"
        rows.append({"rung": label, "start": start, "end": end if end is not None else start + 4,
                     "pay": pay.get(lv.level, "")})
        table.append([label, f"{start}–{end}" if end is not None else f"{start}+", pay.get(lv.level) or "–"])
    spec = specs.ladder_chart(rows, f"{role.title}: career ladder")
    return ChartBlock(charts.add(spec), f"Career ladder for {role.title}: typical years of experience per rung, "
                      "labelled with its pay band where one is recorded.", ["Rung", "Years", "Pay"], table)


def region_chart_blocks(charts: ChartSet, role_title: str, rows: list[dict[str, Any]], level_label: str) -> list[ChartBlock]:
    """Bands by region (rows already formatted for the table, plus raw amounts), one chart per currency."""
    if not charts.enabled:
        return []
    groups: dict[tuple[int, str, str], list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault((specs.PERIODS.index(r["period"]), r["period"], r["currency"]), []).append(r)
    blocks = []
    for (_, period, currency), items in sorted(groups.items()):
        spec = specs.band_chart([{"region": r["region"], "min": r["raw_min"], "max": r["raw_max"],
                                  "median": _amount(r["raw_median"]), "open_ended": r["open_ended"]} for r in items],
                                "region", f"{role_title}: pay by region ({level_label}, per {period})", currency, period)
        table = [[r["region"], r["band"], r["median"], r["source"] + f" ({r['as_of']})"] for r in items]
        blocks.append(ChartBlock(charts.add(spec), f"Pay by region for {role_title}, {level_label} ({currency} per "
                                 f"{period}; bar from minimum to maximum, tick at the median where known"
                                 f"{', an open end where the source gives only a floor' if any(r['open_ended'] for r in items) else ''}).",
                                 ["Region", "Band", "Median", "Source (as of)"], table))
    return blocks


def roadmap_chart_block(charts: ChartSet, role: Role) -> ChartBlock | None:
    if not role.roadmap or not charts.enabled:
        return None
    rows, table, week = [], [], 0
    for i, phase in enumerate(role.roadmap, start=1):
        label = f"{i}. {phase.title}"
        rows.append({"phase": label, "start": week, "end": week + phase.weeks, "weeks": phase.weeks})
        table.append([label, phase.weeks, f"{week + 1}–{week + phase.weeks}"])
        week += phase.weeks
    spec = specs.timeline_chart(rows, f"{role.title}: learning roadmap")
    return ChartBlock(charts.add(spec), f"Learning roadmap for {role.title}: {len(rows)} phases over {week} weeks.",
                      ["Phase", "Weeks", "Weeks of the plan"], table)
