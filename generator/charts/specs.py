"""Chart specifications (Altair → Vega-Lite dicts). Pure: rows in, spec out; no rendering here.

Altair writes each kind of chart once (a template bound to a named dataset, cached); each chart is
then that template with its own rows, title and height. Building an Altair chart costs tens of
milliseconds, so this keeps 4,000 charts cheap while Altair stays the author of every spec.

Every chart uses the same look: transparent background (the page's light or dark palette shows
through; CSS recolours text and bars for the dark scheme), sans-serif text, Material indigo marks.

Each chart is drawn twice (`variants`): wide for a desktop column and narrow for a phone (the whole
chart NARROW_WIDTH px wide, so its text is drawn at its own size, never shrunk below 10 px). Labels
wrap onto more lines where a line would be too long, instead of being cut.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from typing import Any

import altair as alt

BAR = "#3949ab"       # indigo 600: 7.2:1 on white
MEDIAN = "#0d1642"    # near-black indigo for the median tick
TEXT = "#212121"
FONT = "Arial, Helvetica, Liberation Sans, sans-serif"
"""Fonts with the advance widths Vega lays text out with (text_widths.py): with a wider fallback
(DejaVu Sans, Linux's usual sans-serif) tick labels measured apart would touch ("135k140k")."""
WIDTH = 520
NARROW_WIDTH = 340
"""A phone's chart, all of it: a 390 px screen less Material's margins is 358 px."""
LABEL_WIDTH, NARROW_LABEL_WIDTH = 240, 136
"""Wrap width of a row label (px at LABEL_SIZE), wide and narrow."""
LABEL_SIZE, LINE_HEIGHT = 11, 13
MAX_LINES, NARROW_MAX_LINES = 2, 4
"""Lines of a wrapped row label: a desktop row has the room for two lines of 240 px (about 90
characters); a phone's 136 px needs more lines."""
DATA = "rows"
PERIODS = ("year", "month", "hour")
"""Pay periods, annual first: a chart shows one period and one currency, never a mix."""
MAX_HEATMAP_REGIONS = 8
"""Columns of a heatmap at most, so it keeps a readable size whatever the number of regions."""

CONFIG: dict[str, Any] = {
    "background": None,
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelColor": TEXT, "titleColor": TEXT, "gridColor": "#d0d0d0", "domainColor": "#888", "tickColor": "#888",
             "labelFontSize": LABEL_SIZE, "titleFontSize": 11, "labelLimit": LABEL_WIDTH + 20, "labelSeparation": 8,
             "labelLineHeight": LINE_HEIGHT},
    # a row label may hold line breaks (see `_wrapped`): each becomes a line of its own
    "axisY": {"labelExpr": "split(datum.label, '\\n')"},
    "legend": {"labelColor": TEXT, "titleColor": TEXT, "labelFontSize": LABEL_SIZE, "titleFontSize": 11},
    "title": {"color": TEXT, "fontSize": 13, "anchor": "start", "lineBreak": "\n", "lineHeight": 16},
}


def _template(chart: alt.TopLevelMixin) -> str:
    spec = chart.to_dict(validate=True)
    spec.pop("$schema", None)
    spec.pop("datasets", None)
    spec["config"] = CONFIG
    return json.dumps(spec, sort_keys=True)


def _instance(template: str, rows: list[dict[str, Any]], title: str, height: int, label: str) -> dict[str, Any]:
    spec = json.loads(template)
    spec["datasets"] = {DATA: rows}
    spec["title"] = title
    spec["height"] = height
    spec["usermeta"] = {"rolebook": {"label": label}}  # the row-label field, which `variants` wraps
    return spec


def _height(n: int, lines: int = 1) -> int:
    return max(60, max(26, LINE_HEIGHT * lines + 10) * n)


@lru_cache(maxsize=1)
def _advances() -> tuple[dict[str, float], float]:
    from pathlib import Path

    table = json.loads((Path(__file__).with_name("js") / "text-widths.json").read_text(encoding="utf-8"))
    return dict(zip(table["chars"], table["regular"], strict=True)), float(table["unitsPerEm"])


@lru_cache(maxsize=65536)  # a label is measured again for each line-break it is tried at
def text_width(text: str, size: float = LABEL_SIZE) -> float:
    """Width in px of `text` in Liberation Sans at `size` px, as the chart engine measures it."""
    widths, upm = _advances()
    return sum(widths.get(ch, upm * 0.6) for ch in text) / upm * size


def wrap(text: str, width: float, size: float = LABEL_SIZE, max_lines: int = MAX_LINES) -> list[str]:
    """Greedy word wrap to `width` px; what is left after `max_lines` stays on the last line."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines) < max_lines and text_width(lines[-1] + " " + word, size) > width:
            lines.append(word)
        elif lines:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def meta_of(spec: dict[str, Any]) -> dict[str, Any]:
    return (spec.get("usermeta") or {}).get("rolebook") or {}


def variants(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The chart for a desktop column ("wide") and for a phone ("narrow"); a spec not made here
    (no row-label field recorded) is drawn once, as it is ("any")."""
    meta = meta_of(spec)
    if not meta:
        return {"any": spec}
    return {"wide": _sized(spec, meta["label"], False), "narrow": _sized(spec, meta["label"], True)}


def _sized(spec: dict[str, Any], label: str, narrow: bool) -> dict[str, Any]:
    out = json.loads(json.dumps(spec))
    out.pop("usermeta")
    rows = out["datasets"][DATA]
    limit = NARROW_LABEL_WIDTH if narrow else LABEL_WIDTH
    fold = meta_of(spec).get("fold")
    if narrow and fold:
        out["layer"] = [layer for layer in out["layer"] if (layer.get("encoding") or {}).get("text", {}).get("field") != fold]
        for r in rows:
            r[label] = f"{r[label]}\n{r[fold]}" if r[fold] else r[label]
    most = NARROW_MAX_LINES if narrow else MAX_LINES
    wrapped = {r[label]: "\n".join(line for part in str(r[label]).split("\n") for line in wrap(part, limit, max_lines=most))
               for r in rows}
    for r in rows:
        r[label] = wrapped[r[label]]
    lines = max((v.count("\n") + 1 for v in wrapped.values()), default=1)
    out["height"] = _height(len(wrapped), lines)
    title_limit = NARROW_WIDTH if narrow else WIDTH + LABEL_WIDTH
    out["title"] = "\n".join(wrap(out["title"], title_limit - 10, size=13, max_lines=4))
    if narrow:
        config = out["config"] = {**out["config"], "axis": {**out["config"]["axis"], "labelLimit": NARROW_LABEL_WIDTH + 10}}
        config["axisX"] = {"tickCount": 4}
        heatmap = bool(meta_of(spec).get("heatmap"))
        out["width"] = NARROW_WIDTH
        out["autosize"] = {"type": "fit-x", "contains": "padding"}
        if heatmap:  # too narrow for a figure in every cell: the colour and legend stay, the table has the figures
            regions = len({r["region"] for r in rows})
            if (NARROW_WIDTH - NARROW_LABEL_WIDTH - 70) / max(1, regions) < 34:
                out["layer"] = out["layer"][:1]
            for layer in out["layer"]:  # region names upright, one per narrow column, so they never overlap
                axis = layer.get("encoding", {}).get("x", {}).get("axis")
                if axis:
                    axis["labelAngle"] = -90
    return out


def _base() -> alt.Chart:
    return alt.Chart(alt.NamedData(DATA))


@cache
def _band_template(label_field: str, currency: str, period: str) -> str:
    y = alt.Y(f"{label_field}:N", sort=None, title=None)  # rows keep the order given
    axis = alt.Axis(format="~s", title=f"{currency} per {period}")
    base = _base().encode(y=y)
    bars = base.mark_bar(color=BAR, height=14, cornerRadius=2).encode(
        x=alt.X("min:Q", axis=axis, scale=alt.Scale(zero=True, nice=True)), x2="max:Q")  # an honest length
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
    return _instance(_band_template(label_field, currency, period), data, title, _height(len(data)), label_field)


@cache
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
    spec = _instance(_ladder_template(), data, title, _height(len(data)), "rung")
    spec["usermeta"]["rolebook"]["fold"] = "pay"  # on a phone the pay goes under the rung's name, not past its bar
    return spec


@cache
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
    return _instance(_timeline_template(), data, title, _height(len(data)), "phase")


@cache
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
    spec = _instance(_heatmap_template(currency, period), data, title, _height(len({r["role"] for r in data})), "role")
    spec["width"] = max(240, 64 * len({r["region"] for r in data}))
    spec["usermeta"]["rolebook"]["heatmap"] = True
    return spec
