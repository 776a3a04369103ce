"""Cross-file checks: unique ids, every reference resolves, figures agree with their regions."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..load.csv_reader import PayRow
from ..load.project import Loaded, ProjectFiles
from ..models.role import Question, Role, derived_role_code
from ..problems import Problem
from .agreement import check_agreement
from .confusables import plain, skeleton


def _p(loaded: Loaded, loc: tuple[Any, ...], code: str, message: str, hint: str, severity: str = "error") -> Problem:
    line, col = loaded.doc.locate(loc)
    return Problem(loaded.path, line, col, code, message, hint, severity)  # type: ignore[arg-type]


def _unknown(loaded: Loaded, loc: tuple[Any, ...], kind: str, value: str, known: Iterable[str], where: str) -> Problem:
    import difflib

    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"use an id defined in {where}"
    return _p(loaded, loc, f"unknown-{kind}", f"unknown {kind} '{value}'", hint)


def _duplicates(items: list[tuple[str, Loaded, tuple[Any, ...]]], kind: str, label: str | None = None) -> list[Problem]:
    seen: dict[str, tuple[Loaded, tuple[Any, ...]]] = {}
    out = []
    for key, loaded, loc in items:
        if key in seen:
            first, first_loc = seen[key]
            line, _ = first.doc.locate(first_loc)
            out.append(_p(loaded, loc, f"duplicate-{kind}", f"{label or kind + ' id'} '{key}' is already used at {first.path}:{line}",
                          "give each one a distinct value"))
        else:
            seen[key] = (loaded, loc)
    return out


def today() -> dt.date:
    """Build date: SOURCE_DATE_EPOCH when set, so builds are reproducible; a bad value raises BadEnvironment."""
    from ..environment import build_date

    return build_date()


def months_old(as_of: str, on: dt.date) -> int:
    year, month = int(as_of[:4]), int(as_of[5:7])
    return (on.year - year) * 12 + (on.month - month)


VOCAB_FILES = {
    "level": "site_config/levels.yaml",
    "region": "site_config/regions.yaml",
    "family": "site_config/families.yaml",
    "category": "site_config/question_categories.yaml",
    "source": "site_config/sources.yaml",
    "skill": "site_config/skills/",
    "skill-category": "site_config/skills/",
    "question-set": "site_config/question_sets/",
}
"""The file that defines each kind of id."""


class Vocab:
    """Ids defined in site_config, gathered once.

    A vocabulary file that failed to load defines nothing, so every reference to its ids would read
    as unknown: one bad region would bring thousands of follow-on errors. References into a broken
    file are counted instead (``unchecked``) and reported as one line per file."""

    def __init__(self, project: ProjectFiles):
        loaded = {x.path for x in (project.settings, project.levels, project.regions, project.families,
                                   project.categories, project.sources) if x is not None}
        loaded |= {x.path for x in project.skills} | {x.path for x in project.question_sets.values()}
        # A file with a recoverable error (a duplicate key) still loaded: its ids are known and checked.
        failed = {p.path for p in project.problems if p.severity == "error"} - loaded
        self.broken = {kind for kind, path in VOCAB_FILES.items()
                       if path in failed or any(f.startswith(path) for f in failed if path.endswith("/"))}
        if project.settings is None:
            self.broken.add("default-region")
        self.unchecked: Counter[str] = Counter()
        self.levels = {lv.id for lv in project.levels.model.levels} if project.levels else set()
        self.regions = {r.id: r for r in project.regions.model.regions} if project.regions else {}
        self.families = {f.id for f in project.families.model.families} if project.families else set()
        self.categories = {c.id for c in project.categories.model.categories} if project.categories else set()
        self.sources = {s.id: s for s in project.sources.model.sources} if project.sources else {}
        self.skills = {s.id for f in project.skills for s in f.model.skills}
        self.default_region = project.settings.model.default_region if project.settings else "us"
        self.role_ids = set(project.role_files)
        self.question_sets = set(project.question_set_files)

    def cannot_tell(self, kind: str) -> bool:
        """True (and counted) when an id of this kind is missing only because its file is broken."""
        if kind in self.broken:
            self.unchecked[VOCAB_FILES[kind]] += 1
            return True
        return False

    def unchecked_problems(self) -> list[Problem]:
        return [Problem(path, 0, 0, "unchecked-references",
                        f"{n:,} reference(s) to ids defined in {path} were not checked because that file has errors",
                        "fix the errors reported in that file, then validate again", "warning")
                for path, n in sorted(self.unchecked.items())]


def check_project(project: ProjectFiles) -> list[Problem]:
    """Run every cross-file check; returns problems (errors and warnings)."""
    vocab = Vocab(project)
    problems = check_site_config(project, vocab)
    for role_id, loaded in project.roles.items():
        problems += check_role(role_id, loaded, vocab)
    problems += check_role_codes(project)
    problems += check_redirects(project)
    problems += check_compensation(project, vocab)
    problems += check_source_ages(project, vocab)
    problems += check_unused_skills(project, vocab)
    problems += check_question_sets(project, vocab)
    problems += check_duplicate_questions(project)
    problems += check_role_titles(project)
    problems += check_agreement(project)
    return problems + vocab.unchecked_problems()


Loc = tuple[Any, ...]
Ref = tuple[Loc, str, "str | None"]
"""A reference to an id: where it is written, the kind of id (a key of WHERE) and the id (None: not given)."""

WHERE = {
    "family": "site_config/families.yaml",
    "level": "site_config/levels.yaml",
    "region": "site_config/regions.yaml",
    "category": "site_config/question_categories.yaml",
    "skill": "site_config/skills/",
    "skill-category": "a skills file's categories",
    "question-set": "site_config/question_sets/ (the file name)",
    "role": "roles/ (a role file name without .yaml)",
    "source": "sources",
}
"""Where the ids of each kind are defined, as the hint of an unknown id says it."""


def _known(vocab: Vocab, kind: str) -> Iterable[str]:
    return {"family": vocab.families, "level": vocab.levels, "region": vocab.regions, "category": vocab.categories,
            "skill": vocab.skills, "question-set": vocab.question_sets, "role": vocab.role_ids,
            "source": vocab.sources}[kind]


def _unknown_refs(loaded: Loaded, vocab: Vocab, refs: Iterable[Ref], known: dict[str, Iterable[str]] | None = None) -> list[Problem]:
    """One problem per reference to an id that is not defined (and whose defining file is not broken).
    `known` overrides the ids of a kind (a role also cites the sources it declares itself)."""
    out = []
    for loc, kind, value in refs:
        ids = known[kind] if known and kind in known else _known(vocab, kind)
        if value is not None and value not in ids and not vocab.cannot_tell(kind):
            out.append(_unknown(loaded, loc, kind, value, ids, WHERE[kind]))
    return out


# Site configuration: each rule reads the loaded vocabularies and returns its problems.

def _level_rules(project: ProjectFiles, vocab: Vocab) -> list[Problem]:
    if not project.levels:
        return []
    lv = project.levels
    tracks = {t.id for t in lv.model.tracks}
    out = _duplicates([(x.id, lv, ("levels", i, "id")) for i, x in enumerate(lv.model.levels)], "level")
    out += [_p(lv, ("levels", i, "track"), "unknown-track", f"unknown track '{level.track}'", "declare it under tracks")
            for i, level in enumerate(lv.model.levels) if level.track not in tracks]
    out += [_p(lv, ("levels", i, "id"), "level-id-mismatch",
               f"level id '{level.id}' does not match track {level.track} rank {level.rank}", f"name it {level.track}{level.rank}")
            for i, level in enumerate(lv.model.levels) if level.id != f"{level.track}{level.rank}"]
    return out


def _duplicate_vocabulary_ids(project: ProjectFiles, vocab: Vocab) -> list[Problem]:
    out: list[Problem] = []
    for attr, key, kind in (("regions", "regions", "region"), ("families", "families", "family"),
                            ("categories", "categories", "category"), ("sources", "sources", "source")):
        loaded = getattr(project, attr)
        if loaded:
            out += _duplicates([(x.id, loaded, (key, i, "id")) for i, x in enumerate(getattr(loaded.model, key))], kind)
    return out + _duplicates([(s.id, f, ("skills", i, "id")) for f in project.skills for i, s in enumerate(f.model.skills)],
                             "skill")


def _reserved_ids(project: ProjectFiles, vocab: Vocab) -> list[Problem]:
    out = [_reserved(f, ("skills", i, "id"), "skill", s.id) for f in project.skills
           for i, s in enumerate(f.model.skills) if is_reserved(s.id)]
    if project.families:
        out += [_reserved(project.families, ("families", i, "id"), "family", x.id)
                for i, x in enumerate(project.families.model.families) if is_reserved(x.id)]
    return out


def _skill_categories(project: ProjectFiles, vocab: Vocab) -> list[Problem]:
    cats = {c.id for f in project.skills for c in f.model.categories}
    return [p for f in project.skills
            for p in _unknown_refs(f, vocab, [(("skills", i, "category"), "skill-category", s.category)
                                              for i, s in enumerate(f.model.skills)], {"skill-category": cats})]


def _proficiency_scale(project: ProjectFiles, vocab: Vocab) -> list[Problem]:
    scales = [f for f in project.skills if f.model.proficiency]
    if len(scales) == 1 or not project.skills:
        return []
    where = ", ".join(f.path for f in scales) or "site_config/skills/"
    return [Problem(scales[1].path if len(scales) > 1 else "site_config/skills", 0, 0, "proficiency-scale",
                    f"the proficiency scale must be declared in exactly one skills file (found {len(scales)}: {where})",
                    "keep one 'proficiency:' list")]


def _settings_regions(project: ProjectFiles, vocab: Vocab) -> list[Problem]:
    if not project.settings:
        return []
    refs: list[Ref] = [(("default_region",), "region", vocab.default_region)]
    refs += [(("featured_regions", i), "region", rid) for i, rid in enumerate(project.settings.model.featured_regions)]
    return _unknown_refs(project.settings, vocab, refs)


SITE_RULES: tuple[Callable[[ProjectFiles, Vocab], list[Problem]], ...] = (
    _level_rules, _duplicate_vocabulary_ids, _reserved_ids, _skill_categories, _proficiency_scale, _settings_regions)
"""The checks of site_config/ across its files, in the order they are reported."""


def check_site_config(project: ProjectFiles, vocab: Vocab) -> list[Problem]:
    return [p for rule in SITE_RULES for p in rule(project, vocab)]


RESERVED_PAGE_NAMES = re.compile(r"index|page-[0-9]+")
"""Names the generator gives listing pages: `skills/index.md` (the skills index), `<section>/page-<n>.md`
(the later pages of a paged listing). A skill's page is `skills/<id>.md` and a family's
`families/<id>.md`, so those ids may not take these names: skill `index` overwrote the skills index.
Role ids need no such rule: each role's pages live in their own folder, `roles/<id>/`, which no
other page uses, and level pages are named by codes, which always hold a dot."""


def is_reserved(page_id: str) -> bool:
    return RESERVED_PAGE_NAMES.fullmatch(page_id) is not None


def _reserved(loaded: Loaded, loc: tuple[Any, ...], kind: str, value: str) -> Problem:
    folder = {"skill": "skills", "family": "families"}[kind]
    return _p(loaded, loc, "reserved-id",
              f"'{value}' cannot be a {kind} id: its page would be {folder}/{value}.md, a name the generator keeps "
              f"for {'index pages' if value == 'index' else 'the later pages of long listings'}",
              f"choose another id, e.g. '{value}-{kind}'")


def _source_ids(loaded: Loaded, vocab: Vocab) -> set[str]:
    return set(vocab.sources) | {s.id for s in loaded.model.sources}


# A role: the ids it refers to (each rule lists references), then the rules that are not references.

def _level_refs(role: Role) -> Iterator[Ref]:
    for i, level in enumerate(role.levels):
        yield ("levels", i, "level"), "level", level.level
        if level.salary:
            yield ("levels", i, "salary", "source"), "source", level.salary.source
            yield ("levels", i, "salary", "region"), "region", level.salary.region


def _assessment_refs(role: Role) -> Iterator[Ref]:
    if not role.assessment:
        return
    yield ("assessment", "source"), "source", role.assessment.source
    yield from ((("assessment", "skills", i), "skill", skill) for i, skill in enumerate(role.assessment.skills))
    for table in ("expectations", "rubric"):
        for i, row in enumerate(getattr(role.assessment, table)):
            yield ("assessment", table, i, "skill"), "skill", row.skill
            yield from ((("assessment", table, i, "levels", level_id), "level", level_id) for level_id in row.levels)


def _outlook_refs(role: Role) -> Iterator[Ref]:
    if role.outlook:
        yield ("outlook", "source"), "source", role.outlook.source
        if role.outlook.growth:
            yield ("outlook", "growth", "source"), "source", role.outlook.growth.source


def _adjacency_refs(role: Role) -> Iterator[Ref]:
    if role.adjacency:
        for kind in ("pin", "exclude"):
            yield from ((("adjacency", kind, i), "role", other) for i, other in enumerate(getattr(role.adjacency, kind)))


ROLE_REFERENCES: tuple[Callable[[Role], Iterable[Ref]], ...] = (
    lambda r: [(("family",), "family", r.family), (("roadmap_source",), "source", r.roadmap_source)],
    lambda r: [(("cites", i), "source", sid) for i, sid in enumerate(r.cites)],
    lambda r: [(("skills", i, "skill"), "skill", need.skill) for i, need in enumerate(r.skills)],
    lambda r: [(("questions", i, field), field, getattr(q, field)) for i, q in enumerate(r.questions)
               for field in ("category", "level")],
    lambda r: [(("question_sets", i), "question-set", sid) for i, sid in enumerate(r.question_sets)],
    lambda r: [(("aliases", i, "level"), "level", alias.level) for i, alias in enumerate(r.aliases)],
    lambda r: [(("roadmap", i, "skills", j), "skill", skill) for i, phase in enumerate(r.roadmap)
               for j, skill in enumerate(phase.skills)],
    lambda r: _question_skill_refs(r.questions),
    _level_refs, _assessment_refs, _outlook_refs, _adjacency_refs,
)
"""Every place a role names an id defined elsewhere."""


def _shadowed_sources(role_id: str, loaded: Loaded, vocab: Vocab) -> list[Problem]:
    return [_p(loaded, ("sources", i, "id"), "duplicate-source",
               f"source id '{src.id}' is already defined in site_config/sources.yaml", "cite the shared source instead")
            for i, src in enumerate(loaded.model.sources) if src.id in vocab.sources]


def _repeats(role_id: str, loaded: Loaded, vocab: Vocab) -> list[Problem]:
    role = loaded.model
    return (_duplicates([(s.id, loaded, ("sources", i, "id")) for i, s in enumerate(role.sources)], "source")
            + _duplicates([(s.skill, loaded, ("skills", i, "skill")) for i, s in enumerate(role.skills)], "skill")
            + _duplicates([(lv.level, loaded, ("levels", i, "level")) for i, lv in enumerate(role.levels)], "level")
            + _duplicates([(sid, loaded, ("question_sets", i)) for i, sid in enumerate(role.question_sets)],
                          "question-set", "question set")
            + [p for i, phase in enumerate(role.roadmap)
               for p in _duplicates([(s, loaded, ("roadmap", i, "skills", j)) for j, s in enumerate(phase.skills)], "skill")]
            + _question_skill_repeats(loaded))


def _question_skill_refs(questions: list[Question]) -> list[Ref]:
    """A question's `skills:` (in a role file or a shared set) name skills defined in site_config/skills/."""
    return [(("questions", i, "skills", j), "skill", skill) for i, q in enumerate(questions) for j, skill in enumerate(q.skills)]


def _question_skill_repeats(loaded: Loaded) -> list[Problem]:
    """Each skill listed once per question."""
    return [p for i, q in enumerate(loaded.model.questions)
            for p in _duplicates([(s, loaded, ("questions", i, "skills", j)) for j, s in enumerate(q.skills)], "skill")]


def _band_currencies(role_id: str, loaded: Loaded, vocab: Vocab) -> list[Problem]:
    out = []
    default = None if "default-region" in vocab.broken else vocab.default_region
    for i, level in enumerate(loaded.model.levels):
        band = level.salary
        region = vocab.regions.get(band.region or default or "") if band else None
        if band and region and band.currency != region.currency:
            out.append(_p(loaded, ("levels", i, "salary", "currency"), "currency-mismatch",
                          f"currency {band.currency} differs from {region.name}'s {region.currency}",
                          "use the region's currency or a region that uses this currency"))
    return out


def _self_adjacency(role_id: str, loaded: Loaded, vocab: Vocab) -> list[Problem]:
    adjacency = loaded.model.adjacency
    return [_p(loaded, ("adjacency", kind, i), "self-adjacency", "a role cannot list itself", "remove it")
            for kind in ("pin", "exclude") for i, other in enumerate(getattr(adjacency, kind) if adjacency else [])
            if other == role_id]


ROLE_RULES: tuple[Callable[[str, Loaded, Vocab], list[Problem]], ...] = (
    _shadowed_sources, _repeats, _band_currencies, _self_adjacency, lambda role_id, loaded, _: _anchor_clashes(role_id, loaded))
"""The checks of one role that are not references to ids."""


def check_role(role_id: str, loaded: Loaded, vocab: Vocab) -> list[Problem]:
    refs = [ref for rule in ROLE_REFERENCES for ref in rule(loaded.model)]
    out = _unknown_refs(loaded, vocab, refs, {"source": _source_ids(loaded, vocab)})
    return out + [p for rule in ROLE_RULES for p in rule(role_id, loaded, vocab)]


def _anchor_clashes(role_id: str, loaded: Loaded) -> list[Problem]:
    """Each question is a heading with a link anchor made from its words. Two questions with the
    same words (differing only in case or punctuation) are a repeat: warned here, and the page
    gives the second the anchor with a `-2` suffix so links never open the wrong one."""
    from ..render.question_pages import question_id

    first: dict[str, int] = {}
    out = []
    for i, q in enumerate(loaded.model.questions):
        anchor = question_id(role_id, q)
        if anchor in first:
            line, _ = loaded.doc.locate(("questions", first[anchor], "text"))
            out.append(_p(loaded, ("questions", i, "text"), "duplicate-question",
                          f"this question has the same words as the one on line {line}",
                          "remove the repeat, or reword one of them", "warning"))
        else:
            first[anchor] = i
    return out


def check_role_titles(project: ProjectFiles) -> list[Problem]:
    """Two roles whose titles look the same cannot be told apart in lists, navigation or search.

    Titles that differ only in case or spacing are a warning (a plain duplicate); titles that are
    equal only once look-alike letters are mapped (a Cyrillic 'а' for a Latin 'a', 'Al' for 'AI')
    are an error: nobody means to write them, and they are how a page is made to pass for another."""
    groups: dict[str, dict[str, list[tuple[Loaded, str]]]] = {}
    for _, loaded in sorted(project.roles.items()):
        title = loaded.model.title
        groups.setdefault(skeleton(title), {}).setdefault(plain(title), []).append((loaded, title))
    out = []
    for spellings in groups.values():
        reference = min(spellings.values(), key=lambda same: _unusual(same[0][1]))[0]
        ref_line, _ = reference[0].doc.locate(("title",))
        for same in spellings.values():
            first, first_title = same[0]
            line, _ = first.doc.locate(("title",))
            for loaded, title in same[1:]:
                out.append(_p(loaded, ("title",), "duplicate-title",
                              f"the title '{title}' is also the title of {first.path}:{line}",
                              "give each role a distinct title; readers cannot tell the two apart", "warning"))
            if same[0] is reference:
                continue
            for loaded, title in same:
                odd = sorted(f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}" for ch in set(title) - set(reference[1])
                             if ord(ch) > 127 or ch in "Il10|")
                out.append(_p(loaded, ("title",), "confusable-title",
                              f"the title '{title}' looks the same as '{reference[1]}' ({reference[0].path}:{ref_line}) "
                              f"but is spelled with other characters: {', '.join(odd) or 'look-alike letters'}",
                              "retype the title with ordinary letters, or make the two titles differ in words"))
    return out


def _unusual(text: str) -> int:
    return sum(1 for ch in text if ord(ch) > 127)


def check_role_codes(project: ProjectFiles) -> list[Problem]:
    """Codes name catalog pages, so two roles may not share one, whether written or derived."""
    family_codes = {f.id: f.code for f in project.families.model.families} if project.families else {}
    written = [(r.model.code, r, ("code",)) for r in project.roles.values() if r.model.code]
    out = _duplicates(written, "role-code", "role code")
    taken: dict[str, tuple[Loaded, tuple[Any, ...]]] = {code: (r, loc) for code, r, loc in written}
    for role_id, loaded in sorted(project.roles.items()):
        if loaded.model.code or loaded.model.family not in family_codes:
            continue
        code = derived_role_code(family_codes[loaded.model.family], role_id)
        if code in taken:
            first, loc = taken[code]
            line, _ = first.doc.locate(loc)
            out.append(_p(loaded, ("family",), "duplicate-role-code",
                          f"this role has no code, and the one derived from its family and file name ('{code}') "
                          f"is already used at {first.path}:{line}",
                          "add a distinct 'code:' (e.g. FAMILY.FOCUS) to this role"))
        else:
            taken[code] = (loaded, ("family",))
    return out


def _yaml_bands(project: ProjectFiles, vocab: Vocab) -> dict[tuple[str, str, str], str]:
    """(role, level, region) → 'file:line' of each salary band written in a role file."""
    bands = {}
    for role_id, loaded in project.roles.items():
        for i, level in enumerate(loaded.model.levels):
            if level.salary:
                line, _ = loaded.doc.locate(("levels", i, "salary"))
                bands[(role_id, level.level, level.salary.region or vocab.default_region)] = f"{loaded.path}:{line}"
    return bands


def check_redirects(project: ProjectFiles) -> list[Problem]:
    out = []
    items = []
    for loaded in project.roles.values():
        for i, old in enumerate(loaded.model.redirect_from):
            items.append((old, loaded, ("redirect_from", i)))
            if old in project.role_files:
                out.append(_p(loaded, ("redirect_from", i), "redirect-clash",
                              f"'{old}' is still a role (roles/{old}.yaml); a redirect would hide it",
                              "remove the redirect, or remove or rename that file"))
    return out + _duplicates(items, "redirect")


MAX_CATALOG_BYTES = 64 * 1024 * 1024


def _previous_ids(catalog_file: Path) -> list[str]:
    """The role ids of a published api/catalog.json; ValueError says, in a few words, what is wrong
    (never quoting the file)."""
    import json

    from ..load.safe_files import read_argument_file
    from ..models.common import SLUG_PATTERN
    from ..problems import ContentError

    try:
        raw = read_argument_file(catalog_file, MAX_CATALOG_BYTES)
    except ContentError as exc:
        raise ValueError(exc.problems[0].message) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValueError("the file is not UTF-8") from None
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None
    except ValueError as exc:
        raise ValueError(f"not JSON ({exc.msg} at line {exc.lineno})" if isinstance(exc, json.JSONDecodeError)
                         else "not JSON") from None
    roles = data.get("roles") if isinstance(data, dict) else None
    if roles is None:
        raise ValueError("no 'roles' list at the top")
    if not isinstance(roles, list):
        raise ValueError("'roles' is not a list")
    ids = []
    for n, role in enumerate(roles):
        if not isinstance(role, dict) or "id" not in role:
            raise ValueError(f"roles[{n}] has no id")
        if not isinstance(role["id"], str):
            raise ValueError(f"roles[{n}].id is not a text")
        if not re.fullmatch(SLUG_PATTERN, role["id"]) or len(role["id"]) > 64:
            raise ValueError(f"roles[{n}].id is not a role id")  # not quoted: it could be anything
        ids.append(role["id"])
    return ids


def check_previous_catalog(project: ProjectFiles, catalog_file: Path) -> list[Problem]:
    """Every role published before still has a page, or a redirect to its successor."""
    shown = catalog_file.as_posix()
    try:
        previous = _previous_ids(catalog_file)
    except ValueError as exc:
        return [Problem(shown, 0, 0, "previous-catalog", f"cannot read the previous catalog: {exc}",
                        "pass the api/catalog.json of the published site")]
    redirected = {old for loaded in project.roles.values() for old in loaded.model.redirect_from}
    return [Problem(shown, 0, 0, "unredirected-removal", f"role '{rid}' was published but has no page now",
                    f"add 'redirect_from: [{rid}]' to the role that replaces it, or restore roles/{rid}.yaml")
            for rid in previous if rid not in project.role_files and rid not in redirected]


Finding = tuple[str, str, str]
"""(code, message, hint) of a problem on the CSV row being checked."""


@dataclass(frozen=True)
class RowContext:
    """What the rules of one compensation CSV row read: the row, its role (None when unknown or unread),
    the source it cites (None when unknown) and the project's ids."""

    row: PayRow
    role: Loaded[Role] | None
    src: Any
    project: ProjectFiles
    vocab: Vocab
    yaml_bands: dict[tuple[str, str, str], str]


def _row_ids(c: RowContext) -> Iterator[Finding]:
    row, vocab = c.row, c.vocab
    if row.role not in c.project.role_files:
        yield "unknown-role", f"unknown role '{row.role}'", "use a role id: the name of a file in roles/ without .yaml"
    if row.level is not None and row.level not in vocab.levels and not vocab.cannot_tell("level"):
        yield "unknown-level", f"unknown level '{row.level}'", "use a level id from site_config/levels.yaml or leave it empty"
    region = vocab.regions.get(row.region)
    if region is None and not vocab.cannot_tell("region"):
        yield "unknown-region", f"unknown region '{row.region}'", "use a region id from site_config/regions.yaml"
    elif region is not None and region.currency != row.currency:
        yield ("currency-mismatch", f"currency {row.currency} differs from {region.name}'s {region.currency}",
               "use the region's currency")
    known_sources = set(vocab.sources) | ({s.id for s in c.role.model.sources} if c.role else set())
    if row.source not in known_sources and not vocab.cannot_tell("source") and not _role_unread(c.project, vocab, row.role):
        yield "unknown-source", f"unknown source '{row.source}'", "declare it in site_config/sources.yaml"


def _row_band_conflict(c: RowContext) -> Iterator[Finding]:
    row = c.row
    if row.level is not None and (row.role, row.level, row.region) in c.yaml_bands:
        yield ("band-conflict", f"{row.role} {row.level} in {row.region} also has a salary band at "
               f"{c.yaml_bands[(row.role, row.level, row.region)]}",
               "keep the figure in one place: remove this row or the band in the role file")


def _row_occupation(c: RowContext) -> Iterator[Finding]:
    """Occupation-wide statistics and a role's own bands never pass for each other: a row from a source
    with `occupation_statistics` names its occupation, one of the role's classifications; no other row does."""
    row, src, role = c.row, c.src, c.role
    if src is None:
        return
    codes = [x.code for x in role.model.classifications] if role else []
    if src.occupation_statistics and row.occupation is None:
        yield ("occupation-missing", f"source '{src.id}' publishes occupation-wide statistics, but the occupation "
               "column is empty", "write the occupation code the figures describe (one of the role's classifications"
               + (f": {', '.join(codes)}" if codes else "") + "), or cite a source of pay for the role itself")
    elif not src.occupation_statistics and row.occupation is not None:
        yield ("occupation-unexpected", f"occupation '{row.occupation}' is given, but source '{src.id}' has no "
               "occupation_statistics", "leave the occupation column empty for the role's own pay, or describe the "
               "source's population and percentiles under occupation_statistics in sources.yaml")
    elif row.occupation is not None and row.level is not None:
        yield ("occupation-level", f"occupation-wide statistics for '{row.occupation}' cannot be for one level "
               f"('{row.level}')", "leave the level column empty: the figures describe everyone in the occupation, "
               "or cite a source of pay for the role's levels")
    elif row.occupation is not None and role and row.occupation not in codes:
        yield ("unknown-occupation", f"occupation '{row.occupation}' is not among the classifications of "
               f"roles/{row.role}.yaml" + (f" ({', '.join(codes)})" if codes else ""),
               f"add it under classifications: in roles/{row.role}.yaml, e.g. {{system: soc-2018, code: "
               f"\"{row.occupation}\", title: ..., match: broader, source: editor_mapping}}, or correct the code")


ROW_RULES: tuple[Callable[[RowContext], Iterable[Finding]], ...] = (_row_ids, _row_occupation, _row_band_conflict)
"""The checks of one compensation CSV row on its own (repeats across rows are checked after)."""


def check_compensation(project: ProjectFiles, vocab: Vocab) -> list[Problem]:
    out: list[Problem] = []
    seen: dict[tuple[Any, ...], str] = {}
    yaml_bands = _yaml_bands(project, vocab)
    for item in project.compensation:
        row = item.data
        role = project.roles.get(row.role)
        src = vocab.sources.get(row.source) or (next((s for s in role.model.sources if s.id == row.source), None) if role else None)
        context = RowContext(row, role, src, project, vocab, yaml_bands)
        out += [Problem(item.path, item.row, 0, *finding) for rule in ROW_RULES for finding in rule(context)]
        key = (row.role, row.level, row.region, row.source, row.period)
        if key in seen:
            out.append(Problem(item.path, item.row, 0, "duplicate-row",
                               f"same role, level, region, source and period as {seen[key]}", "keep one of the two rows"))
        else:
            seen[key] = f"{item.path}:{item.row}"
    return out


def _role_unread(project: ProjectFiles, vocab: Vocab, role_id: str) -> bool:
    """A role file that failed to load declares no sources: a CSV row citing one cannot be checked."""
    if role_id in project.role_files and role_id not in project.roles:
        vocab.unchecked[f"roles/{role_id}.yaml"] += 1
        return True
    return False


def check_source_ages(project: ProjectFiles, vocab: Vocab) -> list[Problem]:
    """A source is stale once a newer edition could exist: `released` plus its `cadence_months`, or,
    without a cadence, once its release (`as_of` when no `released` is given) is older than the site's
    `source_max_age_months`. `as_of` is the period the figures describe, not when they came out."""
    if not project.settings:
        return []
    limit = project.settings.model.source_max_age_months
    on = today()
    out = []
    pairs: list[tuple[Loaded[Any], str, list[Any]]] = [(project.sources, "sources", project.sources.model.sources)] \
        if project.sources else []
    pairs += [(r, "sources", r.model.sources) for r in project.roles.values()]
    for loaded, key, sources in pairs:
        for i, src in enumerate(sources):
            problem = _staleness(src, on, limit)
            if problem:
                field = "released" if src.released else "as_of"
                out.append(_p(loaded, (key, i, field), "stale-source", problem[0], problem[1], "warning"))
    return out


def _staleness(src: Any, on: dt.date, limit: int) -> tuple[str, str] | None:
    released = src.released or src.as_of
    age = months_old(released, on)
    if src.cadence_months:
        if age <= src.cadence_months:
            return None
        due = add_months(released, src.cadence_months)
        return (f"source '{src.id}' (released {released}) is {age} months old: a new edition was due by {due} "
                f"(every {src.cadence_months} months)",
                "update the figures, as_of and released from the newest edition, or set cadence_months to how "
                "often the publisher really releases")
    if age <= limit:
        return None
    if src.released:
        return (f"source '{src.id}' was released {age} months ago ({released}; limit {limit})",
                "update it from a newer edition, or give its cadence_months (how often a new edition comes out)")
    return (f"source '{src.id}' is {age} months old (as_of {src.as_of}; limit {limit})",
            "refresh the figures and as_of; if as_of is the period the figures describe, add `released:` (when "
            "this edition came out) and `cadence_months:`, or raise source_max_age_months")


def add_months(when: str, months: int) -> str:
    """`YYYY-MM` of the month `months` after `when` (a `YYYY-MM` or `YYYY-MM-DD` date)."""
    index = int(when[:4]) * 12 + int(when[5:7]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def check_unused_skills(project: ProjectFiles, vocab: Vocab) -> list[Problem]:
    if project.role_files - set(project.roles):
        return []  # a role file failed to load: its skills are unknown, so "unused" would mislead
    used = {s.skill for r in project.roles.values() for s in r.model.skills}
    used |= {s for r in project.roles.values() if r.model.assessment for s in r.model.assessment.skills}
    out = []
    for f in project.skills:
        for i, skill in enumerate(f.model.skills):
            if skill.id not in used:
                out.append(_p(f, ("skills", i, "id"), "unused-skill", f"skill '{skill.id}' is not used by any role",
                              "reference it from a role or remove it", "warning"))
    return out


def check_question_sets(project: ProjectFiles, vocab: Vocab) -> list[Problem]:
    """Each shared set's questions refer to known categories and levels; a set no role asks is warned."""
    out: list[Problem] = []
    used = {sid for r in project.roles.values() for sid in r.model.question_sets}
    every_role_read = not (project.role_files - set(project.roles))
    for sid, loaded in sorted(project.question_sets.items()):
        out += _unknown_refs(loaded, vocab, [(("questions", i, field), field, getattr(q, field))
                                             for i, q in enumerate(loaded.model.questions) for field in ("category", "level")]
                             + _question_skill_refs(loaded.model.questions))
        out += _question_skill_repeats(loaded)
        out += _anchor_clashes(f"set-{sid}", loaded)
        if every_role_read and sid not in used:
            out.append(_p(loaded, ("title",), "unused-question-set", f"question set '{sid}' is not asked by any role",
                          f"list it under question_sets in a role (question_sets: [{sid}]) or remove the file", "warning"))
    return out


def _question_keys(text: str) -> tuple[str, str]:
    """Exact-after-normalising key, and a word-set key that also catches reordered wording."""
    words = re.sub(r"[^\w\s]", " ", text.casefold()).split()
    return " ".join(words), " ".join(sorted(set(words)))


def check_duplicate_questions(project: ProjectFiles) -> list[Problem]:
    """The same (or nearly the same) question written in two places: a warning naming both. A shared
    set is one place however many roles ask it, so sharing is never a duplicate."""
    first: dict[str, tuple[Loaded, int]] = {}
    out = []
    files = [s for _, s in sorted(project.question_sets.items())] + list(project.roles.values())
    for loaded in files:
        for i, q in enumerate(loaded.model.questions):
            exact, words = _question_keys(q.text)
            hit = first.get("e:" + exact) or first.get("w:" + words)
            if hit and hit != (loaded, i):
                other, j = hit
                line, _ = other.doc.locate(("questions", j, "text"))
                if other is not loaded:  # repeats inside one file are reported by check_role
                    hint = ("ask the shared set's question instead (remove this one)" if other.path.startswith("site_config/")
                            else "keep it in one role, or move it to a shared question set (site_config/question_sets/) "
                            "that both roles list under question_sets")
                    out.append(_p(loaded, ("questions", i, "text"), "duplicate-question",
                                  f"this question repeats {other.path}:{line}", hint, "warning"))
                continue
            first.setdefault("e:" + exact, (loaded, i))
            first.setdefault("w:" + words, (loaded, i))
    return out
