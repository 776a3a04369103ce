"""A role's pay across regions, bounded on its page: the tables and charts show `pay_regions_shown`
regions (default, featured, then `regions.yaml` order); the rest are in the region picker (filled
in the browser from `api/roles/<id>.json`), in the role's full pay table (paged) and its CSV."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..index import Catalog
from .api import pay_bands
from .compensation_page import to_csv
from .links import file_link, page_link, role_page
from .paging import chunked, page_paths, pager
from .pay_text import PERIOD_NAMES, PERIODS, band, cents_for, figure
from .env import render


def pay_table_path(role_id: str) -> str:
    return role_page(role_id, "pay.md")


def pay_csv_path(role_id: str) -> str:
    return role_page(role_id, f"{role_id}-pay.csv")


def region_groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Region rows split by pay period: one table each, never annual and hourly in one column."""
    out = []
    for period in PERIODS:
        mine = [r for r in rows if r["period"] == period]
        if mine:
            out.append({"name": PERIOD_NAMES[period], "period": period, "rows": mine,
                        "has_estimates": any(str(r.get("estimate", "–")) != "–" for r in mine)})
    return out


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


def _sorted_bands(catalog: Catalog, role_id: str) -> list[dict[str, Any]]:
    first = {rid: i for i, rid in enumerate(dict.fromkeys([catalog.default_region, *catalog.featured_regions,
                                                            *catalog.regions]))}
    levels = {lv.level: i for i, lv in enumerate(catalog.roles[role_id].role.levels)}
    bands = pay_bands(catalog, role_id, None)
    return sorted(bands, key=lambda b: (PERIODS.index(b["period"]), first[b["region"]],
                                        -1 if b["level"] is None else levels.get(b["level"], len(levels)), b["source"]))


def pay_files(catalog: Catalog, role_id: str) -> dict[str, str]:
    """The role's full pay table (`roles/<id>/pay.md`, then `pay/page-n.md`) and its CSV download."""
    bands = _sorted_bands(catalog, role_id)
    if not bands:
        return {}
    role = catalog.roles[role_id].role
    files = {pay_csv_path(role_id): to_csv([{**b, "role": role_id, "role_title": role.title} for b in bands])}
    size = catalog.pay_table_page_size
    chunks = chunked(bands, size)
    paths = page_paths(pay_table_path(role_id), len(chunks))
    regions = len({b["region"] for b in bands})
    cited = {(b["source"], b["as_of"]) for b in bands}
    one_source = f"{catalog.source(role_id, bands[0]['source']).title} (as of {bands[0]['as_of']})" if len(cited) == 1 else None
    for n, (path, chunk) in enumerate(zip(paths, chunks), start=1):
        rows = []
        for b in chunk:
            region = catalog.regions[b["region"]]
            cents = cents_for(b["period"], [b["min"], b["max"], b["median"]])
            src = catalog.source(role_id, b["source"])
            rows.append({"period": b["period"], "region": region.name, "level": b["level"] or "All levels",
                         "band": band(b["min"], b["max"], b["currency"], b["period"], region.locale, b["open_ended"], b["median"]),
                         "median": figure(b["median"], b["currency"], b["period"], region.locale, cents)
                         if b["median"] is not None else Markup("–"),
                         "source": src.title, "as_of": b["as_of"]})
        files[path] = render("role_pay.md.j2", role=role, groups=region_groups(rows), total=len(bands), regions=regions,
                             one_source=one_source,
                             csv=Markup(page_link(path, pay_csv_path(role_id))),
                             guide=Markup(page_link(path, role_page(role_id, "index.md"))),
                             pager=pager(paths, n, len(bands), size, f"{role.title} pay table pages"))
    return files
