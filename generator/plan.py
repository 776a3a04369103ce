"""Career-move computations shared by the planner (`paths/`), the finder (`finder/`) and the level pages.

A role-level's **skill profile** is the role's skills (`skills:` in the role file) with, for each skill
the assessment's seniority matrix rates at that level (`assessment.expectations`), that level's
proficiency instead of the role-wide one. Everything below works on these profiles:

* **gap** from (role A, level a) to (role B, level b): every skill of B's profile whose proficiency is
  higher than A's (0 when A does not list it), with `gap = target − current`; largest gap first, then
  skill name.
* **learning plan**: the target role's roadmap phases in their order, keeping only the phases that cover
  a gap skill. A phase covers the skills its `skills:` list names; a phase without that list is
  guessed: it covers a skill when its title, goals, milestone or resource titles name the skill (its
  name or id as a whole word, case-insensitive), and the plan says the coverage is guessed. Gap skills no kept phase covers are listed after
  the phases with the skill's own resources from the taxonomy. Total weeks = the kept phases' weeks.
* **descriptor changes**: the level-scheme descriptors (scope, autonomy, ...) that differ between a and b.
* **fit** of a reader's skill profile (skill → 1-5) to a role-level: `1 − skills(p, r)`, where `skills` is
  the skills term of the adjacency distance (`generator/adjacency.py`, the weighted Jaccard distance
  `1 − Σ min / Σ max` over both profiles' skills). Ranking: highest fit first, then fewer missing
  skills, then role id and ladder order. The finder computes the same in the browser from
  `api/finder/profiles.json`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .adjacency import Point, skill_distance
from .index import Catalog
from .models.role import Phase
from .models.site import Resource

DESCRIPTORS = (
    ("Scope", "scope"), ("Autonomy", "autonomy"), ("Complexity", "complexity"), ("Impact", "impact"),
    ("Decision rights", "decision_rights"), ("Leadership", "leadership"),
)


@dataclass(frozen=True)
class Gap:
    skill: str
    name: str
    current: int
    target: int

    @property
    def gap(self) -> int:
        return self.target - self.current


@dataclass(frozen=True)
class Step:
    """One step of a learning plan: a roadmap phase (with weeks), or a skill's own resources (no weeks)."""

    title: str
    covers: tuple[str, ...]
    weeks: int | None = None
    goals: tuple[str, ...] = ()
    milestone: str | None = None
    resources: tuple[Resource, ...] = ()
    guessed: bool = False  # the phase lists no skills: its coverage is read from its text


@dataclass(frozen=True)
class Plan:
    gaps: list[Gap]
    steps: list[Step]
    descriptors: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def weeks(self) -> int:
        return sum(s.weeks or 0 for s in self.steps)


def profile(catalog: Catalog, role_id: str, level_id: str) -> dict[str, int]:
    """Skill id → proficiency at this level (the seniority matrix overrides the role-wide figure)."""
    role = catalog.roles[role_id].role
    out = {need.skill: need.proficiency for need in role.skills}
    if role.assessment:
        for row in role.assessment.expectations:
            if level_id in row.levels:
                out[row.skill] = row.levels[level_id]
    return out


def skill_gaps(catalog: Catalog, frm: tuple[str, str], to: tuple[str, str]) -> list[Gap]:
    have, need = profile(catalog, *frm), profile(catalog, *to)
    gaps = [Gap(s, catalog.skills[s].name, have.get(s, 0), p) for s, p in need.items() if p > have.get(s, 0)]
    return sorted(gaps, key=lambda g: (-g.gap, g.name.casefold(), g.skill))


@lru_cache(maxsize=4096)
def word_pattern(text: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(text.casefold()) + r"(?![\w-])")


def phase_text(phase: Phase) -> str:
    return " \n".join([phase.title, *phase.goals, phase.milestone, *(r.title for r in phase.resources)]).casefold()


def phase_skills(catalog: Catalog, phase: Phase, skill_ids: list[str]) -> list[str]:
    """The skills (of `skill_ids`, in that order) a phase covers: those its `skills:` list names, or,
    when it has no list, those its text names by name or id."""
    if phase.skills:
        return [s for s in skill_ids if s in phase.skills]
    text = phase_text(phase)
    return [s for s in skill_ids
            if word_pattern(catalog.skills[s].name).search(text) or word_pattern(s.replace("-", " ")).search(text)
            or word_pattern(s).search(text)]


def learning_plan(catalog: Catalog, frm: tuple[str, str], to: tuple[str, str]) -> Plan:
    gaps = skill_gaps(catalog, frm, to)
    wanted = [g.skill for g in gaps]
    steps, covered = [], set()
    for phase in catalog.roles[to[0]].role.roadmap:
        covers = phase_skills(catalog, phase, wanted)
        if covers:
            covered.update(covers)
            steps.append(Step(phase.title, tuple(covers), phase.weeks, tuple(phase.goals), phase.milestone,
                              tuple(phase.resources), guessed=not phase.skills))
    for g in gaps:
        if g.skill not in covered:
            steps.append(Step(f"Learn {g.name}", (g.skill,), resources=tuple(catalog.skills[g.skill].resources)))
    return Plan(gaps, steps, descriptor_changes(catalog, frm[1], to[1]))


def descriptor_changes(catalog: Catalog, frm_level: str, to_level: str) -> list[tuple[str, str, str]]:
    a, b = catalog.levels[frm_level], catalog.levels[to_level]
    return [(label, getattr(a, attr), getattr(b, attr)) for label, attr in DESCRIPTORS
            if getattr(a, attr) != getattr(b, attr)]


def fit(mine: dict[str, int], theirs: dict[str, int]) -> float:
    """1 − the adjacency's skills distance between a reader's profile and a role-level's, rounded to 4 places."""
    a = Point("", "", "", "", 0.0, tuple(sorted(mine.items())))
    b = Point("", "", "", "", 0.0, tuple(sorted(theirs.items())))
    return round(1.0 - skill_distance(a, b), 4)


@dataclass(frozen=True)
class Ranked:
    role: str
    level: str
    fit: float
    covered: tuple[str, ...]
    missing: tuple[str, ...]


def rank(catalog: Catalog, mine: dict[str, int], limit: int | None = None) -> list[Ranked]:
    """Every role-level ranked by fit to `mine` (skill → 1-5)."""
    out = []
    for order, (rid, lv) in enumerate(catalog.role_levels):
        theirs = profile(catalog, rid, lv.level)
        covered = tuple(s for s in theirs if mine.get(s, 0) >= theirs[s])
        missing = tuple(s for s in theirs if mine.get(s, 0) < theirs[s])
        out.append((Ranked(rid, lv.level, fit(mine, theirs), covered, missing), order))
    out.sort(key=lambda x: (-x[0].fit, len(x[0].missing), x[1]))
    ranked = [r for r, _ in out]
    return ranked[:limit] if limit is not None else ranked


def next_moves(catalog: Catalog, role_id: str, level_id: str, k: int = 3) -> list[tuple[str, str, str]]:
    """The most natural next moves from a role-level: (role, level, why). The next rung of this role's
    ladder, then the closest adjacent roles (adjacency order) at their level just above this one's
    seniority (or their nearest level when none is higher)."""
    role = catalog.roles[role_id].role
    ladder = [lv.level for lv in role.levels]
    out: list[tuple[str, str, str]] = []
    here = ladder.index(level_id)
    if here + 1 < len(ladder):
        out.append((role_id, ladder[here + 1], "next level"))
    seniority = catalog.levels[level_id].experience[0]
    for n in catalog.adjacency.neighbours(role_id, level_id, k=k):
        levels = catalog.roles[n.role].role.levels
        above = [lv.level for lv in levels if catalog.levels[lv.level].experience[0] > seniority]
        out.append((n.role, above[0] if above else n.level, f"adjacent role ({n.band})"))
    return out


def plan_dict(catalog: Catalog, frm: tuple[str, str], to: tuple[str, str]) -> dict[str, Any]:
    """A plan as plain data (the golden tests' and `paths/` JSON's shape)."""
    p = learning_plan(catalog, frm, to)
    return {
        "from": catalog.level_code(*frm), "to": catalog.level_code(*to), "weeks": p.weeks,
        "gaps": [{"skill": g.skill, "current": g.current, "target": g.target, "gap": g.gap} for g in p.gaps],
        "steps": [{"title": s.title, "weeks": s.weeks, "covers": list(s.covers), "guessed": s.guessed,
                   "resources": [r.title for r in s.resources]} for s in p.steps],
        "descriptors": [list(d) for d in p.descriptors],
    }
