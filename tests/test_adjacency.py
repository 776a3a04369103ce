"""The adjacency distance on small, hand-checked cases."""

from __future__ import annotations

import pytest

from rolebook.adjacency import AdjacencyIndex, Point, band, distance, family_distance, level_distance, skill_distance

SPAN = 15.0


def pt(role: str, level: str = "P3", family: str = "ai", track: str = "P", seniority: float = 3,
       skills: dict[str, int] | None = None) -> Point:
    return Point(role, level, family, track, seniority, tuple(sorted((skills or {"python": 3}).items())))


def test_identical_role_level_is_at_distance_zero() -> None:
    a = pt("a")
    assert distance(a, a, SPAN) == 0.0


def test_level_distance_is_seniority_gap_over_span_plus_track_penalty() -> None:
    assert level_distance(pt("a", seniority=0), pt("b", seniority=3), SPAN) == pytest.approx(0.2)
    assert level_distance(pt("a", seniority=5), pt("b", track="M", seniority=5), SPAN) == pytest.approx(0.25)
    assert level_distance(pt("a", seniority=0), pt("b", track="M", seniority=15), SPAN) == 1.0  # clipped


def test_family_distance() -> None:
    assert family_distance(pt("a"), pt("a", level="P4")) == 0.0
    assert family_distance(pt("a"), pt("b")) == 0.5
    assert family_distance(pt("a"), pt("b", family="data")) == 1.0


def test_skill_distance_is_weighted_jaccard() -> None:
    a = pt("a", skills={"python": 4, "sql": 2})
    b = pt("b", skills={"python": 2, "stats": 2})
    # min: python 2 ; max: python 4 + sql 2 + stats 2 = 8 -> 1 - 2/8
    assert skill_distance(a, b) == pytest.approx(0.75)
    assert skill_distance(a, a) == 0.0
    assert skill_distance(a, pt("c", skills={"x": 1})) == 1.0
    assert skill_distance(a, Point("d", "P3", "ai", "P", 3, ())) == 1.0


def test_weighted_sum_and_bands() -> None:
    a = pt("a", skills={"python": 4, "sql": 2})
    b = pt("b", seniority=6, skills={"python": 2, "stats": 2})
    # 0.35 * 0.2 + 0.15 * 0.5 + 0.5 * 0.75 = 0.07 + 0.075 + 0.375
    assert distance(a, b, SPAN) == pytest.approx(0.52)
    assert band(0.1) == "close" and band(0.25) == "related" and band(0.49) == "related" and band(0.5) == "distant"


def test_distance_is_symmetric_and_bounded() -> None:
    a = pt("a", seniority=0, skills={"x": 5})
    b = pt("b", family="other", track="M", seniority=15, skills={"y": 1})
    assert distance(a, b, SPAN) == distance(b, a, SPAN) == 1.0


def _index(pins: dict | None = None, excludes: dict | None = None) -> AdjacencyIndex:
    points = [
        pt("me", "P3", seniority=3, skills={"python": 4, "sql": 3}),
        pt("twin", "P1", seniority=0, skills={"python": 4, "sql": 3}),
        pt("twin", "P3", seniority=3, skills={"python": 4, "sql": 3}),
        pt("cousin", "P4", seniority=5, skills={"python": 3}),
        pt("stranger", "M4", family="ops", track="M", seniority=12, skills={"budget": 5}),
    ]
    return AdjacencyIndex(points, SPAN, pins or {}, excludes or {})


def test_neighbours_take_each_roles_nearest_level_in_order() -> None:
    got = _index().neighbours("me", "P3")
    assert [(n.role, n.level) for n in got] == [("twin", "P3"), ("cousin", "P4"), ("stranger", "M4")]
    assert got[0].distance == pytest.approx(0.075) and got[0].band == "close"
    assert got[-1].band == "distant"
    # The vectorised index agrees with the plain function.
    me, cousin = _index().points[1], _index().points[0]
    assert (me.role, cousin.role) == ("me", "cousin")
    assert got[1].distance == pytest.approx(distance(me, cousin, SPAN), abs=1e-4)


def test_pins_come_first_and_excludes_never_appear() -> None:
    got = _index(pins={"me": ["stranger"]}, excludes={"me": ["twin"]}).neighbours("me", "P3", k=2)
    assert [(n.role, n.pinned) for n in got] == [("stranger", True), ("cousin", False)]


def test_index_memory_grows_with_the_catalog_not_its_square() -> None:
    """Issue 14: two roles × roles matrices were 1.6 GB at 10,000 roles; the rows are made as asked,
    and the neighbours are those of the documented distance."""
    import numpy as np

    skills = [f"s{k}" for k in range(12)]
    points = [pt(f"r{i:04d}", family=f"f{i % 7}", seniority=float(i % 5),
                 skills={skills[(i + k) % 12]: 1 + (i * k) % 5 for k in range(1 + i % 4)} if i % 97 else {})
              for i in range(3000)]
    index = AdjacencyIndex(points, SPAN, {}, {})
    for p in points[::500]:
        got = index.neighbours(p.role, p.level, k=3)
        want = sorted((round(distance(p, q, SPAN), 4), q.role) for q in points if q.role != p.role)[:3]
        assert [(n.distance, n.role) for n in got] == want
    held = sum(a.nbytes for a in vars(index).values() if isinstance(a, np.ndarray))
    held += sum(a.nbytes for a in getattr(index, "_skill_rows", {}).values())
    assert held < 2_000_000, held  # one 3,000 × 3,000 matrix alone is 72 MB
