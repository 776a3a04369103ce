"""Generated pages reused when what they read did not change: each render unit (one role's pages, a
family page, a skill page, the question bank...) is stored with the trace of what it read.

A unit renders against a `Tracing` view of the catalog that records which roles it looked up (by id,
or ALL: the list of role ids, when it lists, counts or groups roles), which fields of each role it
read (`title`, `summary`, `levels`...; `*` when it used the whole role, e.g. dumped it), and which
adjacency queries it asked. Everything else in the catalog comes from site_config/ and the
compensation CSVs, whose bytes, with Rolebook's code and the build date, form the `base` digest every
entry is keyed by. An entry is reused only when the roles it looked up are still there (and, with
ALL, no role was added or removed), each role it read has the same file bytes or, when they changed,
the same value in every field it read, and its adjacency queries give the same answers; otherwise
the unit is rendered again. So an edited summary re-renders the pages that show that summary, not
every page that lists the role by title. Entries are kept in `<project>/.cache/units/`
through the page cache's verified store (see page_cache), so a forged or edited entry is not used.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from pathlib import Path
from typing import Any

import pydantic_core

from .index import Catalog
from .load.csv_reader import MAX_CSV_BYTES
from .load.project import CONTENT_FOLDERS
from .load.safe_files import list_folder, read_file
from .load.yaml_reader import MAX_BYTES
from .page_cache import CODE_DIR, PageCache, tree_digest
from .problems import ContentError

ALL = "*"
WHOLE = "*"  # as a field read: the whole role (its file's bytes decide)
# Catalog members computed from every role: computed again on the view, so what they read of each
# role is recorded.
_FROM_ALL_ROLES = frozenset({"roles_by_family", "role_levels", "question_set_users"})
# Mappings computed from every role whose readers depend only on the values they look up.
_BY_KEY = frozenset({"skill_users", "occupation_users"})


class _Role:
    """A role as one unit sees it: each field read is recorded (`*`: anything else, the whole role)."""

    __slots__ = ("_role", "_read")

    def __init__(self, role: Any, read: set[str]) -> None:
        object.__setattr__(self, "_role", role)
        object.__setattr__(self, "_read", read)

    def __getattr__(self, name: str) -> Any:
        role = object.__getattribute__(self, "_role")
        fields = type(role).model_fields
        object.__getattribute__(self, "_read").add(name if name in fields else WHOLE)
        return getattr(role, name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a traced role is read-only")

    def _whole(self) -> Any:
        object.__getattribute__(self, "_read").add(WHOLE)
        return object.__getattribute__(self, "_role")

    def __eq__(self, other: object) -> bool:
        return bool(self._whole() == (other._whole() if isinstance(other, _Role) else other))

    def __hash__(self) -> int:
        return hash(self._whole())

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._whole())

    def __repr__(self) -> str:
        return repr(self._whole())

    __str__ = __repr__


class _Roles(dict):  # type: ignore[type-arg]
    """The catalog's roles, recording each id looked up (listing or counting them records ALL) and
    handing out entries whose role records the fields read (`fields`: role id -> field names)."""

    def __init__(self, roles: dict[str, Any], read: set[str], fields: dict[str, set[str]]) -> None:
        super().__init__(roles)
        self._read, self._fields = read, fields
        self._views: dict[str, Any] = {}

    def _entry(self, key: str, entry: Any) -> Any:
        view = self._views.get(key)
        if view is None:
            view = self._views[key] = dataclasses.replace(entry, role=_Role(entry.role, self._fields.setdefault(key, set())))
        return view

    def __getitem__(self, key: str) -> Any:
        self._read.add(key)
        return self._entry(key, super().__getitem__(key))

    def get(self, key: str, default: Any = None) -> Any:
        self._read.add(key)
        return self._entry(key, super().__getitem__(key)) if super().__contains__(key) else default

    def __contains__(self, key: object) -> bool:
        self._read.add(str(key))
        return super().__contains__(key)

    def _everything(self) -> None:
        self._read.add(ALL)

    def _every_role_whole(self) -> None:
        self._everything()
        for key in super().keys():
            self._fields.setdefault(key, set()).add(WHOLE)

    def __iter__(self):  # type: ignore[no-untyped-def]
        self._everything()
        return super().__iter__()

    def __len__(self) -> int:
        self._everything()
        return super().__len__()

    def keys(self):  # type: ignore[no-untyped-def]
        self._everything()
        return super().keys()

    def values(self):  # type: ignore[no-untyped-def]
        self._everything()
        return [self._entry(k, v) for k, v in super().items()]

    def items(self):  # type: ignore[no-untyped-def]
        self._everything()
        return [(k, self._entry(k, v)) for k, v in super().items()]

    def copy(self) -> dict[str, Any]:
        return dict(self.items())

    def __eq__(self, other: object) -> bool:
        self._every_role_whole()
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._every_role_whole()
        return super().__repr__()


class _Keyed:
    """A mapping computed from every role (e.g. skill_users): reading one key records that key, so the
    reader depends on that value only; listing it records ALL."""

    def __init__(self, name: str, mapping: dict[str, Any], keys: set[tuple[str, str]], read: set[str]) -> None:
        self._name, self._mapping, self._keys, self._read = name, mapping, keys, read

    def get(self, key: str, default: Any = None) -> Any:
        self._keys.add((self._name, key))
        return self._mapping.get(key, default)

    def __getitem__(self, key: str) -> Any:
        self._keys.add((self._name, key))
        return self._mapping[key]

    def __contains__(self, key: object) -> bool:
        self._keys.add((self._name, str(key)))
        return key in self._mapping

    def __getattr__(self, name: str) -> Any:  # items(), keys(), len()...: every value
        self._read.add(ALL)
        return getattr(self._mapping, name)

    def __iter__(self):  # type: ignore[no-untyped-def]
        self._read.add(ALL)
        return iter(self._mapping)

    def __len__(self) -> int:
        self._read.add(ALL)
        return len(self._mapping)


class _Adjacency:
    def __init__(self, index: Any, asked: list[tuple[str, str, int]], answers: dict[tuple[str, str, int], list[str]]) -> None:
        self._index, self._asked, self._answers = index, asked, answers

    def neighbours(self, role: str, level: str, k: int = 5) -> Any:
        self._asked.append((role, level, k))
        found = self._index.neighbours(role, level, k)
        self._answers[(role, level, k)] = [repr(n) for n in found]  # stored with the entry, not asked again
        return found

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"render_cache does not trace adjacency.{name}; add it to _Adjacency")


class Tracing:
    """A catalog view for one render unit: reads go to the catalog and are recorded."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self.read: set[str] = set()
        self.fields: dict[str, set[str]] = {}
        self.asked: list[tuple[str, str, int]] = []
        self.answers: dict[tuple[str, str, int], list[str]] = {}
        self.keys: set[tuple[str, str]] = set()
        self.roles = _Roles(catalog.roles, self.read, self.fields)
        self.memo: dict[Any, Any] = {}  # per unit: a value memoised by another unit would hide what it read

    def __getattr__(self, name: str) -> Any:
        if name == "adjacency":
            return _Adjacency(self._catalog.adjacency, self.asked, self.answers)
        if name in _BY_KEY:
            return _Keyed(name, getattr(self._catalog, name), self.keys, self.read)
        if name in _FROM_ALL_ROLES:  # computed from this view's roles, once per unit
            key = ("rolebook.render_cache", name)
            if key not in self.memo:
                self.memo[key] = type(self._catalog).__dict__[name].func(self)
            return self.memo[key]
        value = getattr(self._catalog, name)
        if callable(value) and not isinstance(value, type):
            func = getattr(type(self._catalog), name, None)
            if func is not None and not isinstance(func, property):
                # any other method runs with this view as `self`, so what it reads is recorded too
                return func.__get__(self, type(self))
        return value

    def trace(self) -> tuple[Any, ...]:
        """What `UnitCache.put` stores: (roles looked up, adjacency queries, values looked up by key,
        the answers to the queries, the fields read of each role)."""
        return (sorted(self.read), self.asked, sorted(self.keys), self.answers,
                {rid: sorted(f) for rid, f in sorted(self.fields.items()) if f})


def _file_digests(root: Path) -> dict[str, str] | None:
    """BLAKE2b of each content file (as the loaders read it), by path; None when one cannot be read."""
    out: dict[str, str] = {}
    for folder in CONTENT_FOLDERS:
        limit = MAX_CSV_BYTES if folder == "roles/compensation" else MAX_BYTES
        try:
            for entry in list_folder(root, folder) or []:
                if entry.is_folder:
                    continue
                out[entry.rel] = hashlib.blake2b(read_file(root, entry.rel, limit), digest_size=20).hexdigest()
        except (ContentError, OSError):
            return None
    return out


class UnitCache:
    """The render units of one generation, looked up and stored in `folder`."""

    def __init__(self, root: Path, folder: Path, catalog: Catalog, charts_enabled: bool, build_date: str) -> None:
        self.catalog = catalog
        self.store = PageCache(folder, kinds=("unit",))
        digests = _file_digests(root) if self.store.usable else None
        self.enabled = digests is not None
        digests = digests or {}
        self.role_digest = {rel[len("roles/"):-len(".yaml")]: d for rel, d in digests.items()
                            if rel.startswith("roles/") and rel.count("/") == 1 and rel.endswith(".yaml")}
        base = hashlib.blake2b(digest_size=20)
        base.update(f"{build_date}\0charts={charts_enabled}\0".encode())
        tree_digest(base, CODE_DIR, (".py", ".j2", ".md", ".json", ".yaml", ".html"))
        for rel, d in sorted(digests.items()):
            if not rel.startswith("roles/") or rel.startswith("roles/compensation/"):
                base.update(f"{rel}\0{d}\n".encode())
        self.base = base.hexdigest()
        # ALL: the roles there are, in order (what a unit read of each is in its `fields`)
        self.all_roles = hashlib.blake2b("\0".join(catalog.roles).encode(), digest_size=20).hexdigest()
        self._field_digests: dict[tuple[str, str], str] = {}
        self.used: set[str] = set()
        self.reused = 0

    def _key(self, unit: str) -> str:
        return hashlib.blake2b(f"{self.base}\0{unit}".encode(), digest_size=20).hexdigest()

    def _field(self, rid: str, name: str) -> str:
        """Digest of one field of a role as it is now (WHOLE: the role's file bytes)."""
        key = (rid, name)
        if key not in self._field_digests:
            if name == WHOLE:
                found = self.role_digest.get(rid, "?")
            else:
                value = getattr(self.catalog.roles[rid].role, name)
                found = hashlib.blake2b(pydantic_core.to_json(value, fallback=repr), digest_size=10).hexdigest()
            self._field_digests[key] = found
        return self._field_digests[key]

    def _fields(self, fields: dict[str, list[str]]) -> dict[str, list[Any]]:
        """What a unit read of each role, to store: [its file digest, {field: digest of its value}]."""
        return {rid: [self.role_digest.get(rid, "?"), {name: self._field(rid, name) for name in names}]
                for rid, names in fields.items() if rid in self.catalog.roles}

    def _same_fields(self, stored: dict[str, list[Any]]) -> bool:
        """Each role a unit read has the same file bytes or, where they changed, the same value in
        every field the unit read."""
        for rid, (file_digest, fields) in stored.items():
            if self.role_digest.get(rid) == file_digest:
                continue
            if rid not in self.catalog.roles or WHOLE in fields:
                return False
            if any(self._field(rid, name) != digest for name, digest in fields.items()):
                return False
        return True

    def _check(self, read: list[str], keys: list[list[str]]) -> str:
        """Digest of what a unit looked up, as it is now: whether each role it asked for is there (with
        ALL, the list of roles) and the values it looked up by key (its fields: `_same_fields`)."""
        digest = hashlib.blake2b(digest_size=20)
        for rid in read:
            present = rid in self.catalog.roles
            digest.update(f"{rid}\0{self.all_roles if rid == ALL else 'present' if present else 'absent'}\n".encode())
        for name, key in keys:
            digest.update(json.dumps([name, key, getattr(self.catalog, name).get(key)], default=repr).encode())
        return digest.hexdigest()

    def _answers(self, asked: list[list[Any]], known: dict[tuple[str, str, int], list[str]] | None = None) -> str:
        """Digest of the answers to a unit's adjacency queries (`known`: as the unit got them)."""
        digest = hashlib.blake2b(digest_size=20)
        for role, level, k in asked:
            found = known[(role, level, k)] if known is not None else \
                [repr(n) for n in self.catalog.adjacency.neighbours(role, level, k)]
            digest.update(json.dumps([role, level, k, found]).encode())
        return digest.hexdigest()

    @functools.cached_property
    def adjacency_inputs(self) -> str:
        """What the adjacency index is computed from, besides site_config (in `base`): when it is the
        same as when an entry was stored, so are the answers to the entry's queries."""
        rows = [[rid, e.role.family, sorted((s.skill, s.proficiency) for s in e.role.skills),
                 [lv.level for lv in e.role.levels],
                 [list(e.role.adjacency.pin), list(e.role.adjacency.exclude)] if e.role.adjacency else None]
                for rid, e in self.catalog.roles.items()]
        return hashlib.blake2b(json.dumps(rows).encode(), digest_size=20).hexdigest()

    def get(self, unit: str) -> dict[str, Any] | None:
        """The unit's pages and chart specs when what it read is unchanged, else None."""
        if not self.enabled:
            return None
        key = self._key(unit)
        self.used.add(f"{self.store.version}-{key}.unit")
        entry = self.store.get(key, "unit")
        if entry is None:
            return None
        try:
            if self._check(entry["read"], entry["keys"]) != entry["check"] or not self._same_fields(entry["fields"]):
                return None
            if entry["asked"] and entry["adjacency"] != self.adjacency_inputs \
                    and self._answers(entry["asked"]) != entry["answers"]:
                return None
        except (KeyError, TypeError, ValueError, IndexError):  # a queried role or level is gone
            return None
        self.reused += 1
        return entry

    def put(self, unit: str, pages: dict[str, str], specs: dict[str, Any], trace: tuple[Any, ...]) -> None:
        """Store a unit rendered against a Tracing view: `trace` is its `Tracing.trace()`."""
        if not self.enabled:
            return
        read, asked, keys = sorted(trace[0]), [list(a) for a in trace[1]], sorted(list(k) for k in trace[2])
        known, fields = trace[3], trace[4]
        key = self._key(unit)
        self.used.add(f"{self.store.version}-{key}.unit")
        self.store.put(key, "unit", {"read": read, "asked": asked, "keys": keys, "check": self._check(read, keys),
                                     "fields": self._fields(fields),
                                     "adjacency": self.adjacency_inputs, "answers": self._answers(asked, known),
                                     "pages": pages, "specs": specs})

    def prune(self) -> None:
        if self.enabled:
            self.store.prune(self.used)

