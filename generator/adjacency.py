"""Adjacent roles: a documented distance between role-levels from structural coordinates.

Each role-level has three coordinates:

* **seniority**: the lower bound of the level's typical experience in `site_config/levels.yaml`
  (P1 = 0 years, P3 = 3, M2 = 7, ...), plus the level's track (P, M, ...);
* **family**: the role's family id (and the role itself);
* **skills**: the role's skills with their proficiency (1-5).

The distance between role-level *a* and role-level *b* is a weighted sum of three parts, each in 0..1:

    d(a, b) = 0.35 · level(a, b) + 0.15 · family(a, b) + 0.50 · skills(a, b)

* level(a, b)  = min(1, |seniority_a − seniority_b| / span + 0.25 · [track_a ≠ track_b]),
  where span is the spread of seniority across the whole level scheme;
* family(a, b) = 0 for the same role, 0.5 for another role in the same family, 1 otherwise;
* skills(a, b) = 1 − Σ min(p_a, p_b) / Σ max(p_a, p_b) over the union of both roles' skills
  (weighted Jaccard distance; 1 when either role lists no skills).

So d is 0 for a role-level compared with itself and 1 at most. Bands: **close** below 0.25,
**related** below 0.50, **distant** otherwise. For another role, only its level nearest in
seniority counts (one entry per role). Editors may pin a role (always listed, first) or exclude one
(never listed) with `adjacency: {pin: [...], exclude: [...]}` in the role file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

WEIGHTS = {"level": 0.35, "family": 0.15, "skills": 0.50}
TRACK_PENALTY = 0.25
SKILL_ROWS_KEPT = 64
BANDS = ((0.25, "close"), (0.50, "related"), (float("inf"), "distant"))


@dataclass(frozen=True)
class Point:
    """One role-level's coordinates."""

    role: str
    level: str
    family: str
    track: str
    seniority: float
    skills: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Neighbour:
    role: str
    level: str
    distance: float
    band: str
    pinned: bool = False


def band(distance: float) -> str:
    return next(name for limit, name in BANDS if distance < limit)


def level_distance(a: Point, b: Point, span: float) -> float:
    part = abs(a.seniority - b.seniority) / span if span else 0.0
    if a.track != b.track:
        part += TRACK_PENALTY
    return min(1.0, part)


def family_distance(a: Point, b: Point) -> float:
    if a.role == b.role:
        return 0.0
    return 0.5 if a.family == b.family else 1.0


def skill_distance(a: Point, b: Point) -> float:
    pa, pb = dict(a.skills), dict(b.skills)
    if not pa or not pb:
        return 1.0
    keys = pa.keys() | pb.keys()
    low = sum(min(pa.get(k, 0), pb.get(k, 0)) for k in keys)
    high = sum(max(pa.get(k, 0), pb.get(k, 0)) for k in keys)
    return 1.0 - low / high


def distance(a: Point, b: Point, span: float) -> float:
    """The documented distance between two role-levels, 0 → 1."""
    return round(
        WEIGHTS["level"] * level_distance(a, b, span)
        + WEIGHTS["family"] * family_distance(a, b)
        + WEIGHTS["skills"] * skill_distance(a, b),
        4,
    )


class AdjacencyIndex:
    """All role-levels; nearest other roles for each, computed with numpy so 1,000 roles stay fast,
    in memory that grows with the catalog, not with its square."""

    def __init__(self, points: list[Point], span: float, pins: dict[str, list[str]], excludes: dict[str, list[str]]):
        self.points = sorted(points, key=lambda p: (p.role, p.seniority, p.level))
        self.span = span
        self.pins, self.excludes = pins, excludes
        self.roles = sorted({p.role for p in self.points})
        self._role_ix = {r: i for i, r in enumerate(self.roles)}
        self._point_ix = {(p.role, p.level): i for i, p in enumerate(self.points)}
        self._point_role = np.array([self._role_ix[p.role] for p in self.points])
        if np.any(np.diff(self._point_role) < 0):
            raise ValueError("adjacency points must be grouped by role, in role order")
        self._starts = np.flatnonzero(np.r_[True, self._point_role[1:] != self._point_role[:-1]]) \
            if len(self.points) else np.zeros(0, dtype=int)
        self._seniority = np.array([p.seniority for p in self.points], dtype=float)
        self._tracks = np.array([p.track for p in self.points])
        self._skills = self._skill_vectors()
        self._no_skills = self._skills.sum(axis=1) == 0
        self._families = np.array([next(p.family for p in self.points if p.role == r) for r in self.roles])
        self._skill_rows: dict[int, np.ndarray] = {}

    def _skill_vectors(self) -> np.ndarray:
        """Each role's proficiency in every skill (roles × skills)."""
        skill_ids = sorted({s for p in self.points for s, _ in p.skills})
        col = {s: i for i, s in enumerate(skill_ids)}
        mat = np.zeros((len(self.roles), max(1, len(skill_ids))))
        for p in self.points:
            for s, v in p.skills:
                mat[self._role_ix[p.role], col[s]] = v
        return mat

    def _skill_row(self, r: int) -> np.ndarray:
        """skills(r, every role). One row at a time, as it is asked for (the levels of a role ask
        one after another; a few rows are kept): a matrix of every pair would grow with the square of
        the catalog (two of them were 1.6 GB at 10,000 roles)."""
        row = self._skill_rows.get(r)
        if row is not None:
            return row
        mat = self._skills
        low = np.minimum(mat[r], mat).sum(axis=1)
        high = np.maximum(mat[r], mat).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            row = np.where(high > 0, 1.0 - low / high, 1.0)
        if self._no_skills[r]:
            row[:] = 1.0
        row[self._no_skills] = 1.0
        if len(self._skill_rows) >= SKILL_ROWS_KEPT:
            self._skill_rows.pop(next(iter(self._skill_rows)))
        self._skill_rows[r] = row
        return row

    def _family_row(self, r: int) -> np.ndarray:
        """family(r, every role)."""
        row = np.where(self._families == self._families[r], 0.5, 1.0)
        row[r] = 0.0
        return row

    def neighbours(self, role: str, level: str, k: int = 5) -> list[Neighbour]:
        """The k nearest other roles (each at its nearest level); pinned roles first, excluded never."""
        me = self.points[self._point_ix[(role, level)]]
        r = self._role_ix[role]
        lev = np.abs(self._seniority - me.seniority) / (self.span or 1.0)
        lev = np.minimum(1.0, lev + TRACK_PENALTY * (self._tracks != me.track))
        total = (WEIGHTS["level"] * lev + WEIGHTS["family"] * self._family_row(r)[self._point_role]
                 + WEIGHTS["skills"] * self._skill_row(r)[self._point_role])
        # each other role at its nearest point (ties: the earlier point), ranked by rounded distance,
        # then role id. Points are grouped by role, so per-role minima are one pass (no sort of all points).
        role_min = np.minimum.reduceat(total, self._starts)
        at_min = np.flatnonzero(total == role_min[self._point_role])
        owners, first = np.unique(self._point_role[at_min], return_index=True)
        best_ix = at_min[first]
        rounded = np.round(role_min[owners], 4)

        def pick(pos: int, pinned: bool) -> Neighbour:
            return self._neighbour((float(rounded[pos]), int(best_ix[pos])), pinned)

        excluded = {self._role_ix[x] for x in self.excludes.get(role, []) if x in self._role_ix}
        pinned = [self._role_ix[x] for x in self.pins.get(role, []) if x in self._role_ix]
        at = [(o, int(np.searchsorted(owners, o))) for o in pinned if o != r]
        out = [pick(pos, True) for o, pos in at if pos < len(owners) and owners[pos] == o]
        skip = excluded | set(pinned) | {r}
        for pos in np.lexsort((owners, rounded)):
            if len(out) >= k:
                break
            if int(owners[pos]) not in skip:
                out.append(pick(int(pos), False))
        return out

    def _neighbour(self, value: tuple[float, int], pinned: bool) -> Neighbour:
        d, ix = value
        p = self.points[ix]
        return Neighbour(p.role, p.level, d, band(d), pinned)
