"""Build the in-memory catalog from validated files: lookups the renderers need, computed once."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any, overload

from .adjacency import AdjacencyIndex, Point
from .load.csv_reader import CsvRow, PayRow
from .load.project import ProjectFiles
from .models import Role
from .models.role import Level, Question, QuestionSet, SalaryBand, derived_role_code
from .models.site import Family, LevelDefinition, ProficiencyLevel, QuestionCategory, Region, Skill, SkillCategory, Source, Track


@overload
def _num(value: float) -> float | int: ...
@overload
def _num(value: float | None) -> float | int | None: ...
def _num(value: float | None) -> float | int | None:
    """A figure as JSON writes it: `130000`, not `130000.0`; cents kept (`21.43`)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def question_id(owner: str, question: Question) -> str:
    """A stable id from the owner (a role id, or `set-<id>` for a shared set) and the question's words
    (survives reordering)."""
    norm = " ".join(re.sub(r"[^\w\s]", " ", question.text.casefold()).split())
    return f"q-{owner}-{hashlib.sha256(norm.encode()).hexdigest()[:8]}"


def question_anchors(owner: str, questions: list[Question]) -> list[str]:
    """Each question's link anchor, in file order: `question_id`, and for a question with the same
    words as an earlier one (validation warns about it) that id with `-2`, `-3`... so no two
    headings on a page share an anchor."""
    seen: dict[str, int] = {}
    out = []
    for q in questions:
        base = question_id(owner, q)
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return out


@dataclass(frozen=True, slots=True)
class PayBand:
    """One pay band of a role: a level's `salary:` in its YAML file, or one compensation CSV row.
    Figures as JSON writes them (`_num`); `level` None covers all levels; `occupation` is set on
    occupation-wide statistics (see `render.occupation_pay`), None on the role's own bands."""

    level: str | None
    region: str
    currency: str
    period: str
    min: float | int
    median: float | int | None
    max: float | int
    open_ended: bool
    source: str
    as_of: str
    occupation: str | None = None

    @classmethod
    def from_row(cls, row: PayRow) -> PayBand:
        return cls(row.level, row.region, row.currency, row.period, _num(row.min), _num(row.median), _num(row.max),
                   row.open_ended, row.source, row.as_of, row.occupation)

    @classmethod
    def from_salary(cls, level: str, salary: SalaryBand, region: str, as_of: str) -> PayBand:
        """A level's `salary:` band (`region`: its own, or the site's default; `as_of`: its source's)."""
        return cls(level, region, salary.currency, salary.period, _num(salary.min),
                   _num(salary.median) if salary.median else None, _num(salary.max),
                   salary.open_ended, salary.source, as_of, None)

    def as_dict(self) -> dict[str, Any]:
        """The band as the JSON and CSV files write it, in field order."""
        return {name: getattr(self, name) for name in PAY_BAND_FIELDS}


PAY_BAND_FIELDS = tuple(f.name for f in fields(PayBand))


# The last adjacency index and what it was computed from (built again only when that changes).
_LAST_ADJACENCY: dict[str, object] = {}


def forget() -> None:
    """Let the last adjacency index go (a build done with its catalog)."""
    _LAST_ADJACENCY.clear()


@dataclass(frozen=True)
class Asked:
    """A question a role asks: its own (`set_id` None) or one of a shared set. A shared question has
    the same anchor on every role's page, and is one entry in the bank."""

    anchor: str
    question: Question
    set_id: str | None = None


@dataclass(frozen=True)
class RoleEntry:
    """A role with its id and the file it came from."""

    id: str
    path: str
    role: Role

    @property
    def title(self) -> str:
        return self.role.title


@dataclass
class Catalog:
    """Everything the renderers read. Built only from content that passed validation."""

    site_name: str
    tagline: str
    default_region: str
    tracks: dict[str, Track]
    levels: dict[str, LevelDefinition]
    skills: dict[str, Skill]
    skill_categories: dict[str, SkillCategory]
    proficiency: dict[int, ProficiencyLevel]
    regions: dict[str, Region]
    families: dict[str, Family]
    categories: dict[str, QuestionCategory]
    shared_sources: dict[str, Source]
    roles: dict[str, RoleEntry]
    pay_rows: list[CsvRow] = field(repr=False)
    """Every compensation CSV row (plain tuples, see `load.csv_reader.PayRow`)."""
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)
    """Per-build cache for derived values (e.g. pay bands per role and level)."""
    nav_roles_per_family: int = 30
    list_page_size: int = 100
    compensation_roles_per_page: int = 25
    question_sets: dict[str, QuestionSet] = field(default_factory=dict)
    """Shared question sets by id (site_config/question_sets/<id>.yaml)."""

    def questions_of(self, role_id: str) -> list[Asked]:
        """The role's own questions, then those of each set it lists, in file order."""
        key = ("questions_of", role_id)
        if key not in self.memo:
            role = self.roles[role_id].role
            asked = [Asked(a, q) for a, q in zip(question_anchors(role_id, role.questions), role.questions, strict=True)]
            for sid in dict.fromkeys(role.question_sets):
                qs = self.question_sets[sid].questions
                asked += [Asked(a, q, sid) for a, q in zip(question_anchors(f"set-{sid}", qs), qs, strict=True)]
            self.memo[key] = asked
        return self.memo[key]

    @cached_property
    def question_set_users(self) -> dict[str, list[str]]:
        """Set id → ids of the roles that ask it, in role order."""
        users: dict[str, list[str]] = defaultdict(list)
        for rid, entry in self.roles.items():
            for sid in dict.fromkeys(entry.role.question_sets):
                users[sid].append(rid)
        return dict(users)
    featured_regions: tuple[str, ...] = ()
    pay_regions_shown: int = 12
    pay_table_page_size: int = 250

    def source(self, role_id: str, source_id: str) -> Source:
        for src in self.roles[role_id].role.sources:
            if src.id == source_id:
                return src
        return self.shared_sources[source_id]

    @cached_property
    def roles_by_family(self) -> list[tuple[Family, list[RoleEntry]]]:
        grouped: dict[str, list[RoleEntry]] = defaultdict(list)
        for entry in self.roles.values():
            grouped[entry.role.family].append(entry)
        return [
            (family, sorted(grouped[fid], key=lambda e: (e.title.casefold(), e.id)))
            for fid, family in self.families.items()
            if grouped.get(fid)
        ]

    @cached_property
    def skill_users(self) -> dict[str, list[tuple[str, int]]]:
        users: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for entry in self.roles.values():
            for need in entry.role.skills:
                users[need.skill].append((entry.id, need.proficiency))
        return dict(users)

    @cached_property
    def occupation_users(self) -> dict[str, list[str]]:
        """`source:occupation code` → the roles shown that occupation's wage statistics, in role
        order. Built once from every CSV row; a page reads only the entries of its occupations."""
        users: dict[str, dict[str, None]] = defaultdict(dict)
        for item in self.pay_rows:
            if item.data.occupation is not None:
                users[f"{item.data.source}:{item.data.occupation}"][item.data.role] = None
        order = {rid: i for i, rid in enumerate(self.roles)}
        return {key: sorted(roles, key=order.__getitem__) for key, roles in users.items()}

    def role_code(self, role_id: str) -> str:
        """The role's code, or one derived from its family code and id when the file gives none."""
        role = self.roles[role_id].role
        if role.code:
            return role.code
        return derived_role_code(self.families[role.family].code, role_id)

    def level_code(self, role_id: str, level_id: str) -> str:
        return f"{self.role_code(role_id)}.{level_id}"

    @cached_property
    def role_levels(self) -> list[tuple[str, Level]]:
        """Every role × level, ordered by role id then ladder order."""
        return [(rid, lv) for rid, e in self.roles.items() for lv in e.role.levels]

    @cached_property
    def adjacency(self) -> AdjacencyIndex:
        points = [
            Point(rid, lv.level, self.roles[rid].role.family, self.levels[lv.level].track,
                  float(self.levels[lv.level].experience[0]),
                  tuple(sorted((s.skill, s.proficiency) for s in self.roles[rid].role.skills)))
            for rid, lv in self.role_levels
        ]
        seniority = [float(lv.experience[0]) for lv in self.levels.values()]
        span = (max(seniority) - min(seniority)) if seniority else 1.0
        pins = {rid: list(e.role.adjacency.pin) for rid, e in self.roles.items() if e.role.adjacency}
        excludes = {rid: list(e.role.adjacency.exclude) for rid, e in self.roles.items() if e.role.adjacency}
        key = (points, span, pins, excludes)
        if _LAST_ADJACENCY.get("key") != key:  # a live preview's next catalog: usually the same inputs
            _LAST_ADJACENCY.update(key=key, index=AdjacencyIndex(points, span, pins, excludes))
        return _LAST_ADJACENCY["index"]  # type: ignore[return-value]

    @cached_property
    def _compensation_by_role(self) -> dict[str, list[PayBand]]:
        """Each role's CSV rows as pay bands, built once: the one copy of the figures every page,
        chart and file reads."""
        grouped: dict[str, list[PayBand]] = defaultdict(list)
        order = sorted(self.pay_rows, key=lambda item: (item.data.role, item.data.region, item.data.level is not None,
                                                        item.data.level or "", item.data.source))
        for item in order:
            grouped[item.data.role].append(PayBand.from_row(item.data))
        return dict(grouped)

    def shown_regions(self, present: set[str]) -> list[str]:
        """The regions a page shows pay for, of those `present`: the default, the featured ones, then
        the rest in `regions.yaml` order, at most `pay_regions_shown`."""
        first = [self.default_region, *self.featured_regions]
        order = list(dict.fromkeys([*first, *self.regions]))
        return [r for r in order if r in present][: self.pay_regions_shown]

    def compensation_for(self, role_id: str) -> list[PayBand]:
        """The role's compensation CSV rows as pay bands (level, median and occupation None when empty),
        by region, level (all levels first) and source."""
        return self._compensation_by_role.get(role_id, [])


def build_catalog(project: ProjectFiles) -> Catalog:
    """Index a project that has no validation errors."""
    assert project.settings and project.levels and project.regions and project.families
    assert project.categories and project.sources
    skills = [s for f in project.skills for s in f.model.skills]
    track_order = {t.id: i for i, t in enumerate(project.levels.model.tracks)}
    return Catalog(
        site_name=project.settings.model.name,
        tagline=project.settings.model.tagline,
        default_region=project.settings.model.default_region,
        tracks={t.id: t for t in project.levels.model.tracks},
        levels={lv.id: lv for lv in sorted(project.levels.model.levels, key=lambda lv: (track_order[lv.track], lv.rank))},
        skills={s.id: s for s in sorted(skills, key=lambda s: s.name.casefold())},
        skill_categories={c.id: c for f in project.skills for c in f.model.categories},
        proficiency={p.value: p for f in project.skills for p in f.model.proficiency},
        regions={r.id: r for r in project.regions.model.regions},
        families={f.id: f for f in project.families.model.families},
        categories={c.id: c for c in project.categories.model.categories},
        shared_sources={s.id: s for s in project.sources.model.sources},
        roles={rid: RoleEntry(rid, loaded.path, loaded.model) for rid, loaded in sorted(project.roles.items())},
        pay_rows=project.compensation,
        nav_roles_per_family=project.settings.model.nav_roles_per_family,
        list_page_size=project.settings.model.list_page_size,
        compensation_roles_per_page=project.settings.model.compensation_roles_per_page,
        question_sets={sid: loaded.model for sid, loaded in sorted(project.question_sets.items())},
        featured_regions=tuple(project.settings.model.featured_regions),
        pay_regions_shown=project.settings.model.pay_regions_shown,
        pay_table_page_size=project.settings.model.pay_table_page_size,
    )
