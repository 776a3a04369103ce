"""Chart specifications (Altair → Vega-Lite dicts). Pure: rows in, spec out; no rendering here.

Altair writes each kind of chart once (a template bound to a named dataset, cached); each chart is
then that template with its own rows, title and height. Building an Altair chart costs tens of
milliseconds, so this keeps 4,000 charts cheap while Altair stays the author of every spec.

Every chart uses the same look: transparent background (the page's light or dark palette shows
through; CSS recolours text and bars for the dark scheme), sans-serif text, Material indigo marks.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import altair as alt

BAR = "#3949ab"       # indigo 600: 7.2:1 on white
MEDIAN = "#0d1642"    # near-black indigo for the median tick
TEXT = "#212121"
WIDTH = 520
DATA = "rows"
PERIODS = ("year", "month", "hour")
"""Pay periods, annual first: a chart shows one period and one currency, never a mix."""
MAX_HEATMAP_REGIONS = 8
"""Columns of a heatmap at most, so it keeps a readable size whatever the number of regions."""

CONFIG: dict[str, Any] = {
    "background": None,
    "font": "sans-serif",
    "view": {"stroke": None},
    "axis": {"labelColor": TEXT, "titleColor": TEXT, "gridColor": "#d0d0d0", "domainColor": "#888", "tickColor": "#888",
             "labelFontSize": 11, "titleFontSize": 11, "labelLimit": 220},
    "title": {"color": TEXT, "fontSize": 13, "anchor": "start"},
}


def _template(chart: alt.TopLevelMixin) -> str:
    spec = chart.to_dict(validate=True)
    spec.pop("$schema", None)
    spec.pop("datasets", None)
    spec["config"] = CONFIG
    return json.dumps(spec, sort_keys=True)


def _instance(template: str, rows: list[dict[str, Any]], title: str, height: int) -> dict[str, Any]:
    spec = json.loads(template)
    spec["datasets"] = {DATA: rows}
    spec["title"] = title
    spec["height"] = height
    return spec


def _height(n: int) -> int:
    return max(60, 26 * n)


def _base() -> alt.Chart:
    return alt.Chart(alt.NamedData(DATA))


@lru_cache(maxsize=None)
def _band_template(label_field: str, currency: str, period: str) -> str:
    y = alt.Y(f"{label_field}:N", sort=None, title=None)  # rows keep the order given
    axis = alt.Axis(format="~s", title=f"{currency} per {period}")
    base = _base().encode(y=y)
    bars = base.mark_bar(color=BAR, height=14, cornerRadius=2).encode(
        x=alt.X("min:Q", axis=axis, scale=alt.Scale(zero=False, nice=True)), x2="max:Q")
    ticks = base.transform_filter("isValid(datum.median)").mark_tick(color=MEDIAN, thickness=3, size=22).encode(x="median:Q")
    # a top-coded maximum ("at least") gets an open end: a `+` past the bar
    opens = base.transform_filter("datum.open_ended").mark_text(align="left", dx=3, color=TEXT, fontSize=13,
                                                                fontWeight="bold", text="+").encode(x="max:Q")
    return _template(alt.layer(bars, ticks, opens).properties(width=WIDTH))


def band_chart(rows: list[dict[str, Any]], label_field: str, title: str, currency: str, period: str = "year") -> dict[str, Any]:
    """Range bars (min → max) with a median tick, one row per label, in the order given.

    rows: {label_field, min, max, median (or None)}; all amounts in one currency.
    """
    data = [{label_field: r[label_field], "min": r["min"], "max": r["max"], "median": r.get("median"),
             "open_ended": bool(r.get("open_ended"))} for r in rows]
    return _instance(_band_template(label_field, currency, period), data, title, _height(len(data)))


@lru_cache(maxsize=None)
def _ladder_template() -> str:
    base = _base().encode(y=alt.Y("rung:N", sort=None, title=None))
    bars = base.mark_bar(color=BAR, height=14, cornerRadius=2).encode(
        x=alt.X("start:Q", title="Years of experience"), x2="end:Q")
    labels = base.mark_text(align="left", dx=4, color=TEXT, fontSize=11).encode(x="end:Q", text="pay:N")
    return _template(alt.layer(bars, labels).properties(width=WIDTH - 120))


def ladder_chart(rows: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """The career ladder: one bar per rung from its first to its last typical year, labelled with pay.

    rows: {rung, start, end, pay} with `end` already set for open-ended rungs.
    """
    data = [{k: r[k] for k in ("rung", "start", "end", "pay")} for r in rows]
    return _instance(_ladder_template(), data, title, _height(len(data)))


@lru_cache(maxsize=None)
def _timeline_template() -> str:
    base = _base().encode(y=alt.Y("phase:N", sort=None, title=None))
    bars = base.mark_bar(color=BAR, height=14, cornerRadius=2).encode(
        x=alt.X("start:Q", title="Week", scale=alt.Scale(domainMin=0)), x2="end:Q")
    labels = base.mark_text(align="left", dx=4, color=TEXT, fontSize=11).encode(
        x="end:Q", text=alt.Text("weeks:Q", format="d"))
    return _template(alt.layer(bars, labels).properties(width=WIDTH - 60))


def timeline_chart(rows: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """Roadmap phases as a timeline: one bar per phase from its first to its last week."""
    data = [{k: r[k] for k in ("phase", "start", "end", "weeks")} for r in rows]
    return _instance(_timeline_template(), data, title, _height(len(data)))


@lru_cache(maxsize=None)
def _heatmap_template(currency: str, period: str) -> str:
    base = _base().encode(
        x=alt.X("region:N", sort=None, title=None, axis=alt.Axis(labelAngle=-35, orient="top")),
        y=alt.Y("role:N", sort=None, title=None))
    cells = base.mark_rect().encode(color=alt.Color("value:Q", scale=alt.Scale(scheme="blues"),
                                                    legend=alt.Legend(title=f"{currency} per {period}", format="~s")))
    text = base.mark_text(fontSize=10).encode(
        text="label:N", color=alt.condition("datum.value > 150000", alt.value("white"), alt.value("black")))
    return _template(alt.layer(cells, text))


def heatmap_chart(rows: list[dict[str, Any]], title: str, currency: str, period: str = "year") -> dict[str, Any]:
    """Role × region grid of the band midpoint (or median where the source gives one); the caller
    keeps it to MAX_HEATMAP_REGIONS columns."""
    data = [{k: r[k] for k in ("role", "region", "value", "label")} for r in rows]
    spec = _instance(_heatmap_template(currency, period), data, title, _height(len({r["role"] for r in data})))
    spec["width"] = max(240, 64 * len({r["region"] for r in data}))
    return spec
