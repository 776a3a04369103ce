"""A role's pay across regions, bounded on its page: the tables and charts show `pay_regions_shown`
regions (default, featured, then `regions.yaml` order); the rest are in the region picker (filled
in the browser from `api/roles/<id>.json`), in the role's full pay table (paged) and its CSV.

Pay is one story per role: the role's own bands first, then each occupation's wage statistics in a
section of its own, named as such (see `occupation_pay`); the two never share a table or a chart."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..index import Catalog, PayBand
from .api import pay_bands
from .compensation_page import ROLE_CSV_HEADER, to_csv
from .env import render
from .links import file_link, page_link, role_page
from .occupation_pay import occupation_facts
from .paging import chunked, page_paths, pager
from .pay_text import PERIOD_NAMES, PERIODS, band, cents_for, figure


def pay_table_path(role_id: str) -> str:
    return role_page(role_id, "pay.md")


def pay_csv_path(role_id: str) -> str:
    return role_page(role_id, f"{role_id}-pay.csv")


def region_groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Region rows split by pay period: one table each, never annual and hourly in one column. A table
    whose rows share one source names it once (`one_source`); one without any median drops the column."""
    out = []
    for period in PERIODS:
        mine = [r for r in rows if r["period"] == period]
        if mine:
            cited = {(r["source"], r["as_of"]) for r in mine}
            out.append({"name": PERIOD_NAMES[period], "period": period, "rows": mine,
                        "one_source": f"{mine[0]['source']} (as of {mine[0]['as_of']})" if len(cited) == 1 else None,
                        "has_median": any(str(r["median"]) != "–" for r in mine)})
    return out


def _kind(record: PayBand) -> tuple[str, str] | None:
    return (record.source, record.occupation) if record.occupation else None


def shown_records(catalog: Catalog, records: list[PayBand]) -> tuple[list[PayBand], int]:
    """The pay records (`catalog.compensation_for`) of the regions a page shows, each kind (the role's
    bands; each source and occupation) bounded on its own, and how many regions with figures it leaves
    out. Pages format only these: a role with 530 regions formats a dozen rows, not 530."""
    kept = []
    for kind in dict.fromkeys(_kind(r) for r in records):
        mine = [r for r in records if _kind(r) == kind]
        shown = set(catalog.shown_regions({r.region for r in mine}))
        kept += [r for r in mine if r.region in shown]
    return kept, len({r.region for r in records}) - len({r.region for r in kept})


def bounded_split(catalog: Catalog, role_id: str, rows: list[dict[str, Any]]
                  ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """`split_rows` of a page's regions, each kind bounded on its own (the role's bands in up to
    `pay_regions_shown` regions, and each occupation's statistics in as many), and how many regions
    with figures the page leaves out."""
    own, _ = bounded(catalog, [r for r in rows if not r.get("occupation")])
    kept = list(own)
    for key in dict.fromkeys((r["source_id"], r["occupation"]) for r in rows if r.get("occupation")):
        kept += bounded(catalog, [r for r in rows if r.get("occupation") and (r["source_id"], r["occupation"]) == key])[0]
    own, occupations = split_rows(catalog, role_id, kept)
    return own, occupations, len({r["region_id"] for r in rows}) - len({r["region_id"] for r in kept})


def split_rows(catalog: Catalog, role_id: str, rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A page's region rows as (the role's own bands, one section per occupation's statistics): each
    section has the occupation's facts and its rows by period, headed with what the figures are."""
    own = [r for r in rows if not r.get("occupation")]
    sections: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        if r.get("occupation"):
            sections.setdefault((r["source_id"], r["occupation"]), []).append(r)
    out = []
    for (source_id, code), mine in sections.items():
        facts = occupation_facts(catalog, role_id, source_id, code)
        out.append({"facts": facts, "rows": mine, "groups": region_groups(mine)})
    return own, out


def bounded(catalog: Catalog, rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The rows of the regions a page shows, and how many regions with pay it leaves out."""
    present = {r["region_id"] for r in rows}
    order = {rid: i for i, rid in enumerate(catalog.shown_regions(present))}
    kept = sorted((r for r in rows if r["region_id"] in order), key=lambda r: order[r["region_id"]])
    return kept, len(present) - len(order)


def picker(catalog: Catalog, role_id: str, from_page: str, hidden: int, regions: int) -> dict[str, Any] | None:
    """What the career guide needs for its region picker and the links to the full table."""
    if not pay_bands(catalog, role_id, None):
        return None
    return {"json": Markup(file_link(from_page, f"api/roles/{role_id}.json")),
            "regions_json": Markup(file_link(from_page, "api/regions.json")),
            "table": Markup(page_link(from_page, pay_table_path(role_id))),
            "csv": Markup(page_link(from_page, pay_csv_path(role_id))),
            "csv_name": Markup(f"{role_id}-pay.csv"),
            "hidden": hidden, "regions": regions, "default": Markup(catalog.default_region)}


def _sorted_bands(catalog: Catalog, role_id: str) -> list[PayBand]:
    first = {rid: i for i, rid in enumerate(dict.fromkeys([catalog.default_region, *catalog.featured_regions,
                                                            *catalog.regions]))}
    levels = {lv.level: i for i, lv in enumerate(catalog.roles[role_id].role.levels)}
    bands = pay_bands(catalog, role_id, None)
    return sorted(bands, key=lambda b: (PERIODS.index(b.period), first[b.region],
                                        -1 if b.level is None else levels.get(b.level, len(levels)), b.source))


def pay_files(catalog: Catalog, role_id: str) -> dict[str, str]:
    """The role's full pay table (`roles/<id>/pay.md`, then `pay/page-n.md`) and its CSV download."""
    bands = _sorted_bands(catalog, role_id)
    if not bands:
        return {}
    role = catalog.roles[role_id].role
    files = {pay_csv_path(role_id): to_csv([b.as_dict() for b in bands], ROLE_CSV_HEADER)}
    size = catalog.pay_table_page_size
    chunks = chunked(bands, size)
    paths = page_paths(pay_table_path(role_id), len(chunks))
    regions = len({b.region for b in bands})
    cited = {(b.source, b.as_of) for b in bands}
    one_source = f"{catalog.source(role_id, bands[0].source).title} (as of {bands[0].as_of})" if len(cited) == 1 else None
    for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1):
        rows = []
        for b in chunk:
            region = catalog.regions[b.region]
            cents = cents_for(b.period, [b.min, b.max, b.median])
            src = catalog.source(role_id, b.source)
            rows.append({"period": b.period, "region": region.name, "level": b.level or "All levels",
                         "band": band(b.min, b.max, b.currency, b.period, region.locale, b.open_ended, b.median),
                         "median": figure(b.median, b.currency, b.period, region.locale, cents)
                         if b.median is not None else Markup("–"),
                         "source": src.title, "source_id": b.source, "occupation": b.occupation, "as_of": b.as_of})
        own, occupations = split_rows(catalog, role_id, rows)
        tables = [{"heading": g["name"].lower(), "intro": None, "rows": g["rows"],
                   "heads": ["Region", "Level", "Band", "Median"], "cells": ["region", "level", "band", "median"]}
                  for g in region_groups(own)]
        for occ in occupations:
            f = occ["facts"]
            tables += [{"heading": i == 0,
                        "intro": f if i == 0 else None, "rows": g["rows"], "cells": ["region", "band", "median"],
                        "heads": ["Region", f"{f['min']} – {f['max']} ({g['name'].lower()})".capitalize(),
                                  f["median"].capitalize()]}
                       for i, g in enumerate(occ["groups"])]
        files[path] = render("role_pay.md.j2", role=role, tables=tables, total=len(bands), regions=regions, one_source=one_source,
                             csv=Markup(page_link(path, pay_csv_path(role_id))),
                             guide=Markup(page_link(path, role_page(role_id, "index.md"))),
                             pager=pager(paths, n, len(bands), size, f"{role.title} pay table pages"))
    return files


def _titles(items: list[str]) -> str:
    items = list(dict.fromkeys(items))
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def pay_faq(catalog: Catalog, role_id: str, ladder_sources: set[str], own_rows: list[dict[str, Any]],
            occupations: list[dict[str, Any]]) -> dict[str, str] | None:
    """"Where do the pay figures come from?", answered from the figures the page shows: each kind of
    figure with its source, never a fixed sentence that an edit to the data could make false."""
    parts = []
    if ladder_sources:
        srcs = [catalog.source(role_id, s) for s in sorted(ladder_sources)]
        parts.append("The bands on the career ladder are pay for this role, from "
                     + _titles([f"{s.title} (as of {s.as_of})" for s in srcs]) + ".")
    if own_rows:
        parts.append("The bands in the table of this role's pay by region come from "
                     + _titles([f"{r['source']} (as of {r['as_of']})" for r in own_rows]) + ".")
    for occ in occupations:
        f = occ["facts"]
        others = f" The same figures are shown for {_titles([o['title'] for o in f['shared_with']])}." \
            if f["shared_with"] else ""
        parts.append(f"The occupation-wide statistics are not pay for this role: they are the {f['min']}, "
                     f"{f['median']} and {f['max']} of wages in the occupation {f['label']} ({f['population']}), "
                     f"from {f['source']} (as of {occ['rows'][0]['as_of']}). How that occupation relates to this "
                     f"role: {f['match_text']}.{others}")
    if not parts:
        return None
    return {"q": "Where do the pay figures on this page come from?", "a": " ".join(parts)}
