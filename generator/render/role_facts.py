"""What several pages say about one role: its pay as text, its pay rows by region, the sources it
cites and its status line. Shared by the role, level, question, roadmap and assessment pages."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..index import Catalog, RoleEntry
from ..models.role import SalaryBand
from ..models.site import Source
from . import pay_text, role_pay


def band_text(band: SalaryBand, locale: str) -> Markup:
    text = pay_text.band(band.min, band.max, band.currency, band.period, locale, band.open_ended, band.median)
    cents = pay_text.cents_for(band.period, [band.min, band.max, band.median])
    median = f" (median {pay_text.figure(band.median, band.currency, band.period, locale, cents)})" if band.median else ""
    return Markup(f"{text}{median}")


def cited_sources(catalog: Catalog, entry: RoleEntry) -> list[Source]:
    role = entry.role
    ids: list[str] = []
    if role.outlook:
        ids += [x for x in (role.outlook.source, role.outlook.growth.source if role.outlook.growth else None) if x]
    ids += [lv.salary.source for lv in role.levels if lv.salary]
    ids += [rec.source for rec in catalog.compensation_for(entry.id)]
    ids += [s.id for s in role.sources] + list(role.cites)
    seen: dict[str, Source] = {}
    for sid in ids:
        if sid not in seen:
            seen[sid] = catalog.source(entry.id, sid)
    return list(seen.values())


def own_sources(catalog: Catalog, role_id: str, source_id: str | None) -> list[Source]:
    """The sources of one part of a role (its roadmap, its assessment): that part's own, not the role's pay sources."""
    return [catalog.source(role_id, source_id)] if source_id else []


def region_rows(catalog: Catalog, role_id: str, level_id: str | None) -> list[dict[str, Any]]:
    """Compensation CSV rows for one level (or, with None, the rows that cover all levels), of the
    regions a page shows (`role_pay.shown_records`), formatted for its tables and charts."""
    records, _ = role_pay.shown_records(catalog, [r for r in catalog.compensation_for(role_id) if r.level == level_id])
    order = {rid: i for i, rid in enumerate(catalog.regions)}
    rows = []
    for rec in sorted(records, key=lambda r: (order[r.region], r.source)):
        region = catalog.regions[rec.region]
        median = rec.median
        source = catalog.source(role_id, rec.source)
        period, currency = rec.period, rec.currency
        amounts = [rec.min, rec.max, median]
        rows.append({
            "region_id": rec.region, "currency": currency, "period": period, "open_ended": rec.open_ended,
            "raw_min": rec.min, "raw_max": rec.max, "raw_median": median,
            "region": region.name,
            "band": pay_text.band(rec.min, rec.max, currency, period, region.locale, rec.open_ended, median),
            "median": pay_text.figure(median, currency, period, region.locale, pay_text.cents_for(period, amounts))
            if median is not None else Markup("–"),
            "col": Markup(f"{region.col_factor:g}×") if region.col_factor else (region.col_note or Markup("–")),
            "source": source.title,
            "source_id": rec.source,
            "occupation": rec.occupation,
            "as_of": rec.as_of,
        })
    return rows


def status_line(entry: RoleEntry) -> str:
    return f"{entry.role.status.capitalize()} · version {entry.role.version} · source file {entry.path}"
