"""Chart specifications (Altair → Vega-Lite dicts). Pure: rows in, spec out; no rendering here.

Every chart uses the same look: transparent background (the page's light or dark palette shows
through; CSS recolours text and bars for the dark scheme), sans-serif text, Material indigo marks.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

BAR = "#3949ab"       # indigo 600: 7.2:1 on white
MEDIAN = "#0d1642"    # near-black indigo for the median tick
TEXT = "#212121"
WIDTH = 520

CONFIG: dict[str, Any] = {
    "background": None,
    "font": "sans-serif",
    "view": {"stroke": None},
    "axis": {"labelColor": TEXT, "titleColor": TEXT, "gridColor": "#d0d0d0", "domainColor": "#888", "tickColor": "#888",
             "labelFontSize": 11, "titleFontSize": 11, "labelLimit": 220},
    "title": {"color": TEXT, "fontSize": 13, "anchor": "start"},
}


def _finish(chart: alt.TopLevelMixin, title: str) -> dict[str, Any]:
    spec = chart.properties(title=title).to_dict()
    spec["config"] = CONFIG
    spec.pop("$schema", None)
    return spec


def _row_height(n: int) -> int:
    return max(60, 26 * n)


def band_chart(rows: list[dict[str, Any]], label_field: str, title: str, currency: str, period: str = "year") -> dict[str, Any]:
    """Range bars (min → max) with a median tick, one row per label, in the order given.

    rows: {label_field, min, max, median (or None)}; all amounts in one currency.
    """
    frame = pd.DataFrame(rows, columns=[label_field, "min", "max", "median"])
    order = list(frame[label_field])
    y = alt.Y(f"{label_field}:N", sort=order, title=None)
    axis = alt.Axis(format="~s", title=f"{currency} per {period}")
    base = alt.Chart(frame).encode(y=y)
    bars = base.mark_bar(color=BAR, height=14, cornerRadius=2).encode(
        x=alt.X("min:Q", axis=axis, scale=alt.Scale(zero=False, nice=True)), x2="max:Q",
        tooltip=[f"{label_field}:N", "min:Q", "median:Q", "max:Q"])
    ticks = base.transform_filter("isValid(datum.median)").mark_tick(color=MEDIAN, thickness=3, size=22).encode(x="median:Q")
    chart = alt.layer(bars, ticks).properties(width=WIDTH, height=_row_height(len(order)))
    return _finish(chart, title)


def ladder_chart(rows: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """The career ladder: one bar per rung from its first to its last typical year, labelled with pay.

    rows: {rung, start, end, pay} with `end` already set for open-ended rungs.
    """
    frame = pd.DataFrame(rows, columns=["rung", "start", "end", "pay"])
    order = list(frame["rung"])
    base = alt.Chart(frame).encode(y=alt.Y("rung:N", sort=order, title=None))
    bars = base.mark_bar(color=BAR, height=14, cornerRadius=2).encode(
        x=alt.X("start:Q", title="Years of experience"), x2="end:Q")
    labels = base.mark_text(align="left", dx=4, color=TEXT, fontSize=11).encode(x="end:Q", text="pay:N")
    chart = alt.layer(bars, labels).properties(width=WIDTH - 120, height=_row_height(len(order)))
    return _finish(chart, title)


def timeline_chart(rows: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """Roadmap phases as a timeline: one bar per phase from its first to its last week."""
    frame = pd.DataFrame(rows, columns=["phase", "start", "end", "weeks"])
    order = list(frame["phase"])
    base = alt.Chart(frame).encode(y=alt.Y("phase:N", sort=order, title=None))
    bars = base.mark_bar(color=BAR, height=14, cornerRadius=2).encode(
        x=alt.X("start:Q", title="Week", scale=alt.Scale(domainMin=0)), x2="end:Q")
    labels = base.mark_text(align="left", dx=4, color=TEXT, fontSize=11).encode(
        x="end:Q", text=alt.Text("weeks:Q", format="d"))
    chart = alt.layer(bars, labels).properties(width=WIDTH - 60, height=_row_height(len(order)))
    return _finish(chart, title)


def heatmap_chart(rows: list[dict[str, Any]], title: str, currency: str) -> dict[str, Any]:
    """Role × region grid of the band midpoint (or median where the source gives one)."""
    frame = pd.DataFrame(rows, columns=["role", "region", "value", "label"])
    roles = list(dict.fromkeys(frame["role"]))
    regions = list(dict.fromkeys(frame["region"]))
    base = alt.Chart(frame).encode(
        x=alt.X("region:N", sort=regions, title=None, axis=alt.Axis(labelAngle=-35, orient="top")),
        y=alt.Y("role:N", sort=roles, title=None))
    cells = base.mark_rect().encode(color=alt.Color("value:Q", scale=alt.Scale(scheme="blues"),
                                                    legend=alt.Legend(title=f"{currency} per year", format="~s")))
    text = base.mark_text(fontSize=10).encode(
        text="label:N", color=alt.condition("datum.value > 150000", alt.value("white"), alt.value("black")))
    chart = alt.layer(cells, text).properties(width=max(240, 64 * len(regions)), height=_row_height(len(roles)))
    return _finish(chart, title)
