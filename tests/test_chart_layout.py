"""Chart drawings: axis from 0, labels wrapped not cut, metric-compatible fonts, a narrow drawing for phones."""

from __future__ import annotations

import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor

from rolebook.charts import specs, vega_v8

_POOL: ProcessPoolExecutor | None = None


def _draw(spec: dict) -> str:
    """Drawn in a forked worker, as in a build: the test process must never start V8 (it forks later)."""
    global _POOL
    if _POOL is None:
        _POOL = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    return _POOL.submit(vega_v8.render_svgs, [spec]).result()[0]


def teardown_module() -> None:
    if _POOL is not None:
        _POOL.shutdown()


def _variant(spec: dict, size: str) -> dict:
    return specs.variants(spec).get(size, spec)


LONG = "P3 · Foundations of learning science and AI literacy for workforce programmes"


def test_band_axis_starts_at_zero_and_one_bar_does_not_fill_the_width() -> None:
    spec = specs.band_chart([{"rung": "P3", "min": 120000, "max": 140000, "median": None}], "rung", "One band", "USD")
    svg = _draw(_variant(spec, "wide"))
    texts = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
    assert {"0", "0k"} & set(texts), texts
    bar = re.search(r'aria-roledescription="bar" d="M([\d.]+),([\d.]+)L([\d.]+),', svg)
    assert bar and float(bar[3]) - float(bar[1]) < specs.WIDTH / 2, bar and bar.groups()


def test_long_labels_wrap_instead_of_an_ellipsis() -> None:
    spec = specs.band_chart([{"rung": LONG, "min": 1, "max": 2, "median": None}], "rung", "A title " * 12, "USD")
    for size in ("wide", "narrow"):
        svg = _draw(_variant(spec, size))
        assert "…" not in svg
        text = " ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg))
        assert "Foundations of learning science" in text and "programmes" in text


def test_text_uses_the_fonts_it_was_measured_with() -> None:
    svg = _draw(_variant(specs.timeline_chart([{"phase": "1. A", "start": 0, "end": 3, "weeks": 3}], "Roadmap"), "wide"))
    families = set(re.findall(r'font-family="([^"]+)"', svg))
    assert families == {specs.FONT}, families


def test_narrow_drawing_fits_a_phone() -> None:
    rows = [{"region": f"Region with a long name {i}", "min": 50000 + i, "max": 90000, "median": 70000} for i in range(5)]
    spec = specs.band_chart(rows, "region", "AI Engineer: pay by region (P3 · Mid-Level Professional, per year)", "USD")
    svg = _draw(_variant(spec, "narrow"))
    width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg)[1])
    assert width <= specs.NARROW_WIDTH + 1, width
