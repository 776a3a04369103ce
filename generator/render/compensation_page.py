"""The catalog-wide compensation page, its charts, and CSV downloads of exactly the data shown."""

from __future__ import annotations

import csv
import io
import posixpath
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..charts import specs
from ..charts.blocks import ChartBlock
from ..charts.svg import ChartSet
from ..index import Catalog, PayBand
from .api import pay_bands
from .env import render
from .links import page_url
from .occupation_pay import is_statistic, occupation_facts
from .paging import chunked, page_paths, pager
from .pay_text import band, bare, cents_for, figure

CSV_HEADER = ["role", "role_title", "level", "region", "currency", "period", "min", "median", "max", "open_ended",
              "source", "as_of", "occupation"]
"""`occupation` is set on occupation-wide statistics (min, median and max are then the source's
percentiles for the whole occupation) and empty on the role's own bands."""
ROLE_CSV_HEADER = [c for c in CSV_HEADER if c not in ("role", "role_title")]
"""A role's own download (`roles/<id>/<id>-pay.csv`): its name says the role, so its rows do not."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class RolePay:
    """A pay band as the compensation page shows it: with its role (`title`: the role's title), or, for
    occupation-wide statistics, once, with the occupation's label as `title`, its `facts` and the roles
    shown it (`roles`: "title (match)" each)."""

    role: str
    title: str
    band: PayBand
    facts: dict[str, Any] = field(default_factory=dict)
    roles: list[str] = field(default_factory=list)

    def csv_row(self, role: str | None = None) -> dict[str, Any]:
        """The row of the page's CSV downloads (`CSV_HEADER`); `role` in place of the role's id."""
        return {"role": self.role if role is None else role, "role_title": self.title, **self.band.as_dict()}


def defuse(cell: object) -> object:
    """Spreadsheet-safe text: a cell starting with = + - @ (or a tab/CR) gets a leading apostrophe."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _groups(records: list[RolePay]) -> list[tuple[str, str, list[RolePay]]]:
    """Records by (period, currency), annual first: one chart and table each, never mixed."""
    keys = sorted({(r.band.period, r.band.currency) for r in records}, key=lambda k: (specs.PERIODS.index(k[0]), k[1]))
    return [(p, c, [r for r in records if r.band.period == p and r.band.currency == c]) for p, c in keys]


def to_csv(records: list[dict[str, Any]], columns: list[str] = CSV_HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for rec in records:
        writer.writerow([defuse(_cell(rec.get(k))) for k in columns])
    return out.getvalue()


def _records(catalog: Catalog, level: str | None, region: str | None, roles: list[str]) -> list[RolePay]:
    """The roles' own bands (YAML and CSV) for one level (None = bands covering all levels) and region
    (None = any); never occupation-wide statistics (see `_statistics`)."""
    out = []
    for role_id in roles:
        entry = catalog.roles[role_id]
        for rec in pay_bands(catalog, role_id, None):
            if rec.level == level and (region is None or rec.region == region) and not is_statistic(rec):
                out.append(RolePay(role_id, entry.role.title, rec))
    return out


def _statistics(catalog: Catalog, region: str | None, roles: list[str]) -> list[RolePay]:
    """Occupation-wide statistics once per source, occupation and region, however many roles map to
    the occupation: `title` is the occupation's label, `roles` says which roles show it and how
    closely each matches."""
    out: dict[tuple, RolePay] = {}
    for role_id in roles:
        for rec in pay_bands(catalog, role_id, None):
            if rec.occupation is None or (region is not None and rec.region != region):  # not `is_statistic`
                continue
            key = (rec.source, rec.occupation, rec.region, rec.period, rec.currency)
            facts = occupation_facts(catalog, role_id, rec.source, rec.occupation)
            if key not in out:
                out[key] = RolePay(role_id, facts["label"], rec, facts)
            out[key].roles.append(f"{catalog.roles[role_id].role.title} ({facts['match']})")
    return list(out.values())


def _statistics_block(charts: ChartSet, catalog: Catalog, records: list[RolePay]) -> list[dict[str, Any]]:
    """One table (and chart) per source, period and currency: each occupation once, with the roles shown it."""
    out = []
    for period, currency, rows in _groups(records):
        for source_id in dict.fromkeys(r.band.source for r in rows):
            mine = sorted((r for r in rows if r.band.source == source_id), key=lambda r: r.title)
            f = mine[0].facts
            locale = lambda r: catalog.regions[r.band.region].locale  # noqa: E731
            table = [[r.title, ", ".join(r.roles),
                      *(bare(v, currency, period, locale(r), open_ and r.band.open_ended, (r.band.min, r.band.max, r.band.median))
                        for v, open_ in ((r.band.min, False), (r.band.median, False), (r.band.max, True)))] for r in mine]
            headers = ["Occupation", "Roles shown these figures (match)", f"{f['min']} (per {period})".capitalize(),
                       f"{f['median']} (per {period})".capitalize(), f"{f['max']} (per {period})".capitalize()]
            chart = None
            if charts.enabled:
                spec = specs.band_chart([{"role": r.title, "min": r.band.min, "max": r.band.max, "median": r.band.median,
                                          "open_ended": r.band.open_ended} for r in mine], "role",
                                        f"Occupation-wide wage statistics (per {period})", currency, period)
                chart = ChartBlock(charts.add(spec), f"Occupation-wide wage statistics ({currency} per {period}; bar "
                                   f"from the {f['min']} to the {f['max']}, tick at the {f['median']}): whole "
                                   "occupations, not roles.", headers, table)
            out.append({"chart": chart, "source": f["source"], "as_of": mine[0].band.as_of, "population": f["population"],
                        "labels": (f["min"], f["median"], f["max"]), "headers": headers, "rows": table})
    return out


def _band_block(charts: ChartSet, catalog: Catalog, records: list[RolePay], title: str, what: str) -> list[ChartBlock]:
    blocks: list[ChartBlock] = []
    if not charts.enabled:
        return blocks
    for period, currency, rows in _groups(records):
        rows.sort(key=lambda r: (-(r.band.median or (r.band.min + r.band.max) / 2), r.title))
        spec = specs.band_chart([{"role": r.title, "min": r.band.min, "max": r.band.max, "median": r.band.median,
                                  "open_ended": r.band.open_ended} for r in rows], "role", f"{title} (per {period})",
                                currency, period)
        locale = lambda r: catalog.regions[r.band.region].locale  # noqa: E731
        table = [[r.title, catalog.regions[r.band.region].name,
                  *(bare(v, currency, period, locale(r), open_ and r.band.open_ended, (r.band.min, r.band.max, r.band.median))
                    for v, open_ in ((r.band.min, False), (r.band.median, False), (r.band.max, True))),
                  f"{catalog.source(r.role, r.band.source).title} ({r.band.as_of})"] for r in rows]
        blocks.append(ChartBlock(charts.add(spec), f"{what} ({currency} per {period}; bar from minimum to maximum, tick "
                                 "at the median where known, + where the source gives only a floor; highest first).",
                                 ["Role", "Region", f"Minimum (per {period})", f"Median (per {period})",
                                  f"Maximum (per {period})", "Source (as of)"], table))
    return blocks


def _heatmap_regions(catalog: Catalog, rows: list[RolePay]) -> list[str]:
    """The regions a heatmap shows: those role pages show first, at most MAX_HEATMAP_REGIONS."""
    return catalog.shown_regions({r.band.region for r in rows})[: specs.MAX_HEATMAP_REGIONS]


def shown_in_heatmap(catalog: Catalog, records: list[RolePay]) -> list[RolePay]:
    """The records of the regions the heatmaps show: the region table's CSV holds exactly those."""
    keep = {(p, c, rid) for p, c, rows in _groups(records) for rid in _heatmap_regions(catalog, rows)}
    return [r for r in records if (r.band.period, r.band.currency, r.band.region) in keep]


def _heatmap(charts: ChartSet, catalog: Catalog, records: list[RolePay]) -> list[ChartBlock]:
    blocks: list[ChartBlock] = []
    if not charts.enabled:
        return blocks
    for period, currency, rows in _groups(records):
        present = {r.band.region for r in rows}
        shown = _heatmap_regions(catalog, rows)
        order = {rid: i for i, rid in enumerate(shown)}
        rows = sorted((r for r in rows if r.band.region in order), key=lambda r: (r.title, order[r.band.region]))
        cells = []
        for r in rows:
            value = r.band.median if r.band.median else (r.band.min + r.band.max) / 2
            label = f"{value / 1000:.0f}k" if period != "hour" else f"{value:.2f}"
            cells.append({"role": r.title, "region": catalog.regions[r.band.region].name, "value": value,
                          "label": label})
        spec = specs.heatmap_chart(cells, f"Pay by role and region (all levels, per {period})", currency, period)
        table = [[r.title, catalog.regions[r.band.region].name,
                  band(r.band.min, r.band.max, currency, period, catalog.regions[r.band.region].locale, r.band.open_ended, r.band.median),
                  figure(r.band.median, currency, period, catalog.regions[r.band.region].locale,
                         cents_for(period, (r.band.min, r.band.max, r.band.median))) if r.band.median else Markup("–"),
                  f"{catalog.source(r.role, r.band.source).title} ({r.band.as_of})"] for r in rows]
        blocks.append(ChartBlock(charts.add(spec), f"Pay by role and region, all levels ({currency} per {period}): "
                                 f"{len(shown)} of {len(present)} regions with pay (every region is in the CSV download). "
                                 "Each cell shows the median where the source gives one, otherwise the middle of the band.",
                                 ["Role", "Region", "Band", "Median", "Source (as of)"], table))
    return blocks


def compensation_files(catalog: Catalog, charts: ChartSet) -> dict[str, str]:
    """The compensation pages (roles in title order, `compensation_roles_per_page` a page) plus,
    for each page, one CSV per table shown on it."""
    with_pay = sorted((rid for rid in catalog.roles if pay_bands(catalog, rid, None)),
                      key=lambda rid: (catalog.roles[rid].role.title.casefold(), rid))
    size = catalog.compensation_roles_per_page
    chunks = chunked(with_pay, size)
    paths = page_paths("compensation.md", len(chunks))
    files: dict[str, str] = {}
    for n, (path, roles) in enumerate(zip(paths, chunks, strict=True), start=1):
        files.update(_compensation_page(catalog, charts, path, roles,
                                        pager(paths, n, len(with_pay), size, "Compensation pages")))
    return files


def _compensation_page(catalog: Catalog, charts: ChartSet, path: str, roles: list[str],
                       paging: dict[str, Any] | None) -> dict[str, str]:
    region = catalog.default_region
    folder = page_url(path)
    link = (lambda name: Markup(posixpath.relpath(folder + name, posixpath.dirname(path))))  # noqa: E731
    files: dict[str, str] = {}
    national = _records(catalog, None, region, roles)
    files[folder + "all-levels-national.csv"] = to_csv([r.csv_row() for r in national])
    levels = []
    for level_id, definition in catalog.levels.items():
        recs = _records(catalog, level_id, region, roles)
        if recs:
            name = f"level-{level_id.lower()}.csv"
            files[folder + name] = to_csv([r.csv_row() for r in recs])
            levels.append({"id": level_id, "name": definition.name, "csv": link(name),
                           "charts": _band_block(charts, catalog, recs, f"Salary bands at {level_id} · {definition.name}",
                                                 f"Salary bands of every role at {level_id} · {definition.name}, "
                                                 f"{catalog.regions[region].name}")})
    all_regions = _records(catalog, None, None, roles)
    files[folder + "regions.csv"] = to_csv([r.csv_row() for r in shown_in_heatmap(catalog, all_regions)])
    stats = _statistics(catalog, region, roles)
    if stats:
        files[folder + "occupation-statistics.csv"] = to_csv([r.csv_row(role="") for r in stats])
    files[path] = render(
        "compensation.md.j2",
        region=catalog.regions[region],
        national=_band_block(charts, catalog, national, "Salary bands, all levels",
                             f"Salary bands of every role, all levels, {catalog.regions[region].name}"),
        national_csv=link("all-levels-national.csv"), regions_csv=link("regions.csv"),
        levels=levels,
        heatmap=_heatmap(charts, catalog, all_regions),
        statistics=_statistics_block(charts, catalog, stats), statistics_csv=link("occupation-statistics.csv"),
        sources=sorted({(catalog.source(r.role, r.band.source).title, r.band.as_of) for r in all_regions + national + stats}),
        pager=paging, first=paging is None or paging["current"] == 1,
    )
    return files
