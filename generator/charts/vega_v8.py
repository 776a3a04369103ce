"""Vega-Lite specs → SVG with Vega's own compiler and SVG renderer, run in an embedded V8.

Why not vl-convert (which does the same from one call): it measures every piece of chart text by
laying it out as an SVG in Rust, about 1 ms a string, so a small bar chart costs 40–70 ms and a
1,000-role catalog spent over 100 s on its 4,000 charts. Here the same Vega and Vega-Lite releases
(vendored in `js/`, BSD-3-Clause) run in mini-racer's V8 and measure text from a table of
Liberation Sans advance widths (`text_widths.py`), which is what vl-convert measured with. The output
is Vega's SVG, as before; one V8 renders a whole batch of charts in one call.

V8 is started lazily, once per process, and never in a process that will fork afterwards:
`svg.ChartSet` renders in worker processes.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from py_mini_racer import JSTimeoutException

JS = Path(__file__).with_name("js")
BATCH = 200
BATCH_TIMEOUT = 300  # seconds for one batch (about 1 s of work): a chart that never finishes stops the build

# Vega and Vega-Lite expect a browser or Node: give them the few globals they touch. The fake
# `document` only lends vega-canvas a 2-D context whose measureText reads the width table; it is
# removed once Vega has taken its context, so nothing else mistakes this for a browser.
_PRELUDE = """
var window = globalThis, self = globalThis;
if (typeof console === "undefined") globalThis.console = { log() {}, info() {}, warn() {}, error() {}, debug() {} };
globalThis.setInterval = () => 0; globalThis.clearInterval = () => {};
if (typeof setTimeout === "undefined") {
  globalThis.setTimeout = (f) => { Promise.resolve().then(f); return 0; };
  globalThis.clearTimeout = () => {};
}
if (typeof structuredClone === "undefined") globalThis.structuredClone = (x) => JSON.parse(JSON.stringify(x));
(function () {
  const table = %(table)s, upm = table.unitsPerEm, regular = new Map(), bold = new Map();
  Array.from(table.chars).forEach((ch, i) => { regular.set(ch, table.regular[i]); bold.set(ch, table.bold[i]); });
  const wide = (c) => (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3)
    || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60)
    || (c >= 0xffe0 && c <= 0xffe6) || c >= 0x1f000;
  const context = {
    font: "11px sans-serif",
    measureText(text) {
      const size = parseFloat((/(\\d*\\.?\\d+)px/.exec(this.font) || [0, "11"])[1]);
      const widths = /\\b(bold|bolder|[6-9]00)\\b/.test(this.font) ? bold : regular;
      let em = 0;
      for (const ch of String(text)) {
        const w = widths.get(ch);
        em += w !== undefined ? w / upm : (wide(ch.codePointAt(0)) ? 1 : 0.6);
      }
      return { width: em * size };
    },
  };
  globalThis.document = { createElement: (tag) => (tag === "canvas" ? { getContext: () => context } : null) };
})();
"""

_RENDER = """
delete globalThis.document;

// Vega-Lite compiles a spec the same way whatever its rows, title and size: the charts of one kind
// differ only there. So each kind (the spec minus those) is compiled once, with marker values, and
// reused with the real ones put back, after checking that each marker landed exactly once in the
// expected place. A kind that fails the check is compiled and drawn afresh every time.
const TITLE = "\\u0000rolebook-title", HEIGHT = 7331.25, WIDTH = 7331.75;
const compiled = new Map();
const once = (text, needle) => text.split(needle).length === 2;

function kindOf(spec) {
  const { datasets, title, height, width, ...rest } = spec;
  if (typeof title !== "string" || title === "" || typeof height !== "number" || (width !== undefined && typeof width !== "number")
      || !datasets || typeof datasets !== "object") return null;
  return JSON.stringify([rest, Object.keys(datasets), width !== undefined]);
}

function template(spec, kind) {
  if (!compiled.has(kind)) {
    const { datasets, title, height, width, ...rest } = spec;
    const probe = { ...rest, datasets: Object.fromEntries(Object.keys(datasets).map((k) => [k, []])), title: TITLE, height: HEIGHT };
    if (width !== undefined) probe.width = WIDTH;
    let vg, text;
    try {
      vg = vegaLite.compile(probe).spec;
      text = JSON.stringify(vg);
    } catch (e) {
      compiled.set(kind, null);  // compiled afresh instead, so the chart's own error is reported
      return null;
    }
    const ok = vg.height === HEIGHT && once(text, String(HEIGHT)) && vg.title && vg.title.text === TITLE
      && once(text, JSON.stringify(TITLE).slice(1, -1)) && (width === undefined || (vg.width === WIDTH && once(text, String(WIDTH))))
      && Object.keys(datasets).every((k) => vg.data.filter((d) => d.name === k && Array.isArray(d.values)).length === 1);
    compiled.set(kind, ok ? text : null);
  }
  return compiled.get(kind);
}

// Parsing a Vega spec and building its View is more than half of a chart's cost, so each kind also
// keeps one View and draws each of its charts in turn: the chart's title (a signal), size and rows
// are set, the rest is the kind's. Two things a View keeps from the chart before would change the
// drawing (tick order, padding: about half of a 1,000-role catalog's charts), and both are undone:
// * one run that swaps the old rows for the new *updates in place* whatever both charts share (an
//   axis tick, grid line or label joined by its value, a domain value's aggregate cell): the item
//   keeps its old place and the new ones go after it, so the SVG would list them in an order set
//   by the previous chart. So the View is first run with no rows: everything leaves, and every item
//   of the next chart enters anew, in its own order, as in a fresh View.
// * autosize "pad" lays the view out at its first run only (Vega's `resize: false`): the padding
//   would be the empty run's. The kind's View lays out on every run (`resize: true`).
// tests/test_chart_engine.py checks that charts drawn this way, in any order, come out byte for byte
// as from a fresh View each.
const views = new Map();

function viewOf(kind, text) {
  if (!views.has(kind)) {
    const vg = JSON.parse(text);
    vg.signals = (vg.signals || []).concat([{ name: "rolebook_title", value: "" }]);
    vg.title.text = { signal: "rolebook_title" };
    if (!vg.autosize || vg.autosize === "pad" || vg.autosize.type === "pad") {
      vg.autosize = { type: "pad", ...(typeof vg.autosize === "object" ? vg.autosize : {}), resize: true };
    }
    views.set(kind, new vega.View(vega.parse(vg), { renderer: "none", logLevel: vega.Error }));
  }
  return views.get(kind);
}

async function drawReused(spec, kind, text) {
  const view = viewOf(kind, text);
  try {
    for (const name of Object.keys(spec.datasets)) view.data(name, []);
    await view.runAsync();
    view.signal("rolebook_title", spec.title).height(spec.height);
    if (spec.width !== undefined) view.width(spec.width);
    for (const [name, values] of Object.entries(spec.datasets)) view.data(name, values);
    return await view.toSVG();
  } catch (e) {
    views.delete(kind);  // a View that failed mid-run is not drawn with again
    throw e;
  }
}

async function drawFresh(spec) {
  let view = null;
  try {
    view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: "none", logLevel: vega.Error });
    return await view.toSVG();
  } finally {
    if (view) view.finalize();
  }
}

globalThis.rolebookRender = async function (specsJson, reuse) {
  const out = [];
  for (const spec of JSON.parse(specsJson)) {
    try {
      const kind = reuse ? kindOf(spec) : null;
      const text = kind && template(spec, kind);
      out.push({ svg: text ? await drawReused(spec, kind, text) : await drawFresh(spec) });
    } catch (e) {
      out.push({ error: String(e && e.message || e) });
    }
  }
  return JSON.stringify(out);
};
"""


_OWNER: int | None = None  # the process that started V8


class ChartRenderError(RuntimeError):
    """Vega could not draw a chart (a bug in a chart spec, not in editor content)."""


@lru_cache(maxsize=1)
def _engine() -> Any:
    from py_mini_racer import MiniRacer

    global _OWNER
    _OWNER = os.getpid()
    ctx = MiniRacer()
    table = (JS / "text-widths.json").read_text(encoding="utf-8")
    ctx.eval(_PRELUDE % {"table": table})
    ctx.eval((JS / "vega.min.js").read_text(encoding="utf-8"))
    ctx.eval((JS / "vega-lite.min.js").read_text(encoding="utf-8"))
    ctx.eval(_RENDER)
    return ctx


def render_svgs(specs: list[dict[str, Any]], reuse_compiled: bool = True) -> list[str]:
    """Each Vega-Lite spec as an SVG string, in order (reuse_compiled=False compiles every spec
    afresh: the same SVG, slower; tests compare the two)."""
    if _OWNER is not None and _OWNER != os.getpid():
        # A forked child inherits the parent's V8 without the threads that run it: it would hang.
        raise RuntimeError("the chart engine was started before this process was forked; render charts in workers")
    ctx = _engine()
    rows: list[dict[str, str]] = []
    for start in range(0, len(specs), BATCH):  # one call per batch: bounded memory on both sides
        batch = json.dumps(json.dumps(specs[start:start + BATCH]))
        try:
            result = ctx.eval(f"rolebookRender({batch}, {json.dumps(reuse_compiled)})", timeout_sec=BATCH_TIMEOUT)
            rows += json.loads(result.get(timeout=BATCH_TIMEOUT) if hasattr(result, "get") else result)
        except JSTimeoutException:
            titles = ", ".join(repr(s.get("title", "")) for s in specs[start:start + 3])
            raise ChartRenderError(f"charts took over {BATCH_TIMEOUT} s to draw (batch starting {titles})") from None
    for spec, row in zip(specs, rows, strict=True):
        if "error" in row:
            raise ChartRenderError(f"chart {spec.get('title', '')!r} could not be drawn: {row['error']}")
    return [row["svg"] for row in rows]
