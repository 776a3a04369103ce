"""The chart engine: Vega in an embedded V8, text measured from the Liberation Sans width table.

V8 runs only in a forked worker here, as in a build: the test process forks again later (for builds)
and must not carry a started V8 into its children.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from rolebook.charts import specs, vega_v8
from rolebook.charts.svg import ChartSet, tidy_svg
from rolebook.generate import render_pages
from rolebook.index import build_catalog
from rolebook.pipeline import check


def _render(specs_and_reuse: tuple[list[dict], bool]) -> list[str]:
    return vega_v8.render_svgs(*specs_and_reuse)


def _eval(code: str) -> Any:
    return vega_v8._engine().eval(code)


@pytest.fixture(scope="module")
def engine() -> Iterator[ProcessPoolExecutor]:
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool


def render(engine: ProcessPoolExecutor, specs: list[dict], reuse: bool = True) -> list[str]:
    return engine.submit(_render, (specs, reuse)).result()


def evaluate(engine: ProcessPoolExecutor, code: str) -> Any:
    return engine.submit(_eval, code).result()


@pytest.fixture(scope="module")
def sample_specs() -> list[dict]:
    project, _ = check(REPO)
    _, charts = render_pages(build_catalog(project))
    return [charts.specs[k] for k in sorted(charts.specs)]


def test_compiled_kinds_are_reused_without_changing_a_chart(engine: ProcessPoolExecutor, sample_specs: list[dict]) -> None:
    assert len(sample_specs) >= 20
    fresh = render(engine, sample_specs, reuse=False)
    reused = render(engine, sample_specs, reuse=True)
    # tidy_svg renumbers gradient ids (Vega counts them process-wide): compare what reaches the page
    assert [tidy_svg(s, "k") for s in reused] == [tidy_svg(s, "k") for s in fresh]
    kinds = json.loads(evaluate(engine, "JSON.stringify([...compiled.values()].map((v) => v !== null))"))
    assert kinds and all(kinds)  # every chart kind passed the marker check, so reuse really happened


@pytest.mark.parametrize("order", ["reversed", "shuffled"])
def test_one_view_per_kind_draws_every_chart_as_a_fresh_view_would(engine: ProcessPoolExecutor, sample_specs: list[dict],
                                                                  order: str) -> None:
    """A kind's View draws chart after chart: what the chart before leaves in it (axis ticks and
    domain values updated in place, the first chart's padding) must not show in the next one's SVG,
    whatever order the charts come in."""
    golden, _ = check(Path(__file__).parent / "data" / "golden-project")
    _, more = render_pages(build_catalog(golden))
    every = sample_specs + [more.specs[k] for k in sorted(more.specs)]
    fresh = dict(zip(map(id, every), render(engine, every, reuse=False), strict=True))
    drawn = every[::-1] if order == "reversed" else random.Random(14).sample(every, len(every))
    reused = render(engine, drawn, reuse=True)
    assert [tidy_svg(s, "k") for s in reused] == [tidy_svg(fresh[id(spec)], "k") for spec in drawn]
    views, kinds = evaluate(engine, "views.size"), evaluate(engine, "compiled.size")
    assert views == kinds < len(every) / 2  # a View per kind, not one per chart


def test_each_chart_shows_its_own_title_rows_and_height(engine: ProcessPoolExecutor) -> None:
    rows = [{"rung": f"Level {i}", "min": 1000 * i, "max": 1000 * i + 500, "median": None} for i in range(1, 4)]
    a = specs.band_chart(rows, "rung", "First chart", "USD")
    b = specs.band_chart(rows[:2] + [{"rung": "Other", "min": 9000, "max": 9900, "median": 9500}], "rung", "Second chart", "EUR")
    svg_a, svg_b = render(engine, [a, b])
    assert "First chart" in svg_a and "Second chart" not in svg_a
    assert "Second chart" in svg_b and "Other" in svg_b and "Level 3" not in svg_b and "EUR per year" in svg_b
    height = lambda svg: float(re.search(r'<svg[^>]* height="([\d.]+)"', svg).group(1))  # noqa: E731
    taller = specs.band_chart(rows * 3, "rung", "Tall", "USD")
    assert height(render(engine, [taller])[0]) > height(svg_a)


def test_text_is_measured_from_the_font_table(engine: ProcessPoolExecutor) -> None:
    """A long label pushes the plot right by its measured width; bold is wider than regular."""
    def left(label: str) -> float:
        spec = specs.band_chart([{"rung": label, "min": 1, "max": 2, "median": None}], "rung", "t", "USD")
        svg = render(engine, [spec])[0]
        return float(re.search(r'transform="translate\(([\d.]+),', svg).group(1))

    narrow, wide = left("iiiiiiiiii"), left("WWWWWWWWWW")
    # 10 × (W − i) advance at 11 px: (1933 − 455) / 2048 × 11 × 10 ≈ 79 px in Liberation Sans
    assert 70 < wide - narrow < 90
    width = lambda item: evaluate(engine, f"vega.textMetrics.width({item}, 'Hello')")  # noqa: E731
    regular, bold = width("{fontSize: 11}"), width("{fontSize: 11, fontWeight: 'bold'}")
    assert 24 < regular < bold < 32  # "Hello" is 2.52 em regular, 2.67 em bold in Liberation Sans


@pytest.mark.parametrize("reusable", [False, True])
def test_a_broken_spec_names_the_chart(engine: ProcessPoolExecutor, reusable: bool) -> None:
    bad: dict[str, Any] = {"title": "Broken one", "mark": "bar", "encoding": {"x": {"field": "a", "type": "nonsense"}}}
    if reusable:  # the shape the compiled-kind cache takes: rows, title and height of their own
        bad.update(datasets={"rows": [{"a": 1}]}, data={"name": "rows"}, height=60)
    else:
        bad["data"] = {"values": [{"a": 1}]}
    good = specs.timeline_chart([{"phase": "A", "start": 0, "end": 1, "weeks": 1}], "Fine one")
    with pytest.raises(vega_v8.ChartRenderError, match="Broken one"):
        render(engine, [good, bad])


def test_chart_set_renders_in_workers_not_in_the_building_process(tmp_path: Path) -> None:
    charts = ChartSet()
    rows = [{"phase": f"Phase {i}", "start": i, "end": i + 1, "weeks": 1} for i in range(3)]
    keys = [charts.add(specs.timeline_chart(rows, f"Roadmap {n}")) for n in range(5)]
    svgs = charts.render_all(tmp_path)
    assert len(svgs) == 10 and all("<svg" in s for s in svgs.values())  # each chart wide and narrow
    assert vega_v8._engine.cache_info().currsize == 0  # V8 never started in this process: its forks stay safe
    assert len(list(tmp_path.glob("*.svg"))) == 10 and keys


def test_charts_are_tidied_in_the_workers_that_draw_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The building process only collects finished SVGs: tidying them (ids, lean markup) is done where they
    are drawn, in parallel, not afterwards one after another in the parent."""
    import os

    from rolebook.charts import svg as svg_module

    where = tmp_path / "tidied-by.txt"
    real_tidy = svg_module.tidy_svg

    def tidy(svg: str, key: str) -> str:
        with where.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return real_tidy(svg, key)

    monkeypatch.setattr(svg_module, "tidy_svg", tidy)
    charts = ChartSet()
    rows = [{"phase": f"Phase {i}", "start": i, "end": i + 1, "weeks": 1} for i in range(3)]
    for n in range(3):
        charts.add(specs.timeline_chart(rows, f"Roadmap {n}"))
    svgs = charts.render_all(None)
    pids = where.read_text(encoding="utf-8").split()
    assert len(pids) == len(svgs) == 6 and str(os.getpid()) not in pids
    assert all('aria-hidden="true"' in s and 'fill="white"' not in s for s in svgs.values())  # tidied all the same


def test_an_engine_inherited_through_fork_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vega_v8, "_OWNER", -1)  # as in a child forked after its parent started V8
    with pytest.raises(RuntimeError, match="before this process was forked"):
        vega_v8.render_svgs([specs.timeline_chart([{"phase": "A", "start": 0, "end": 1, "weeks": 1}], "t")])


def _drawn(svg: str) -> list[tuple]:
    """What an SVG draws, element by element: tag, the transforms above it, the presentation
    attributes in effect (inherited or default) and its text; numbers to 0.01 px. Nothing else (a
    hidden or zero-size path draws nothing)."""
    import xml.etree.ElementTree as ET

    inherited = {"fill": None, "stroke": None, "font-family": None, "font-size": None, "font-weight": None,
                 "text-anchor": None, "stroke-width": "1", "opacity": "1", "stroke-miterlimit": None}
    drawn_attrs = ("d", "x", "y", "x1", "y1", "x2", "y2", "width", "height", "rx", "ry", "dy", "r", "cx", "cy",
                   "stroke-dasharray", "stroke-linecap", "fill-opacity", "stroke-opacity")
    num = re.compile(r"-?\d+\.\d+")

    def norm(value: str | None) -> str | None:
        if value is None:
            return None
        value = re.sub(r"url\(#[^)]*\)", "url(#id)", value)  # ids are renumbered (test above)
        return num.sub(lambda m: f"{float(m[0]):.2f}".rstrip("0").rstrip("."), value)

    out: list[tuple] = []

    def walk(el: ET.Element, transforms: tuple, context: dict) -> None:
        if el.get("display") == "none":
            return
        tag = el.tag.rsplit("}", 1)[-1]
        here = {**context, **{k: norm(el.get(k)) for k in context if el.get(k) is not None}}
        moves = transforms + ((norm(el.get("transform")),) if el.get("transform") not in (None, "translate(0,0)") else ())
        if tag in {"path", "line", "rect", "circle", "text", "tspan"} and el.get("d") not in ("", "M0,0h0v0h0Z"):
            shown = {k: v for k, v in here.items() if tag in {"text", "tspan"} or not k.startswith(("font", "text"))}
            out.append((tag, moves, tuple(sorted(shown.items())), tuple((a, norm(el.get(a))) for a in drawn_attrs),
                        (el.text or "").strip()))
        for child in el:
            walk(child, moves, here)

    walk(ET.fromstring(svg), (), inherited)
    return out


def test_tidy_svg_draws_the_same_in_far_fewer_bytes(engine: ProcessPoolExecutor, sample_specs: list[dict]) -> None:
    """The engine writes each mark with its accessibility tree, classes and defaults (the page hides
    the drawing from assistive technology and gives the numbers as a table): a career guide's charts
    were half its bytes. What reaches the page draws exactly what the engine drew, in far fewer bytes."""
    from rolebook.charts.cache import is_chart_svg

    raw = render(engine, sample_specs)
    tidy = [tidy_svg(s, "k") for s in raw]
    assert sum(map(len, tidy)) < 0.6 * sum(map(len, raw)), (sum(map(len, tidy)), sum(map(len, raw)))
    for before, after in zip(raw, tidy, strict=True):
        assert _drawn(after) == _drawn(before)
        assert is_chart_svg(after) and 'aria-hidden="true"' in after.split(">", 1)[0]
        assert "aria-roledescription" not in after and 'opacity="1"' not in after
    assert any('<g class="mark-rect">' in s for s in tidy)  # mark kinds stay addressable (tests, user CSS)
