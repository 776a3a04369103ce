"""Generated pages reused when what they read did not change: each render unit (one role's pages, a
family page, a skill page, the question bank...) is stored with the trace of what it read.

A unit renders against a `Tracing` view of the catalog that records which roles it read (a role by
id, or all of them when it lists, counts or groups roles) and which adjacency queries it asked.
Everything else in the catalog comes from site_config/ and the compensation CSVs, whose bytes, with
Rolebook's code and the build date, form the `base` digest every entry is keyed by. An entry is
reused only when the roles it read still have the same file bytes and its adjacency queries give the
same answers; otherwise the unit is rendered again. Entries are kept in `<project>/.cache/units/`
through the page cache's verified store (see page_cache), so a forged or edited entry is not used.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from .index import Catalog
from .load.csv_reader import MAX_CSV_BYTES
from .load.project import CONTENT_FOLDERS
from .load.safe_files import list_folder, read_file
from .load.yaml_reader import MAX_BYTES
from .page_cache import CODE_DIR, PageCache, tree_digest
from .problems import ContentError

ALL = "*"
# Catalog members computed from every role: reading one depends on all of them.
_FROM_ALL_ROLES = frozenset({"roles_by_family", "role_levels", "question_set_users"})
# Mappings computed from every role whose readers depend only on the values they look up.
_BY_KEY = frozenset({"skill_users", "occupation_users"})
# Catalog methods whose first argument is the role they read.
_OF_ONE_ROLE = frozenset({"questions_of", "source", "role_code", "level_code"})


class _Roles(dict):  # type: ignore[type-arg]
    """The catalog's roles, recording each id looked up; listing or counting them records ALL."""

    def __init__(self, roles: dict[str, Any], read: set[str]) -> None:
        super().__init__(roles)
        self._read = read

    def __getitem__(self, key: str) -> Any:
        self._read.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._read.add(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._read.add(str(key))
        return super().__contains__(key)

    def _everything(self) -> None:
        self._read.add(ALL)

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
        return super().values()

    def items(self):  # type: ignore[no-untyped-def]
        self._everything()
        return super().items()

    def copy(self) -> dict[str, Any]:
        self._everything()
        return dict(super().items())

    def __eq__(self, other: object) -> bool:
        self._everything()
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._everything()
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
        self.asked: list[tuple[str, str, int]] = []
        self.answers: dict[tuple[str, str, int], list[str]] = {}
        self.keys: set[tuple[str, str]] = set()
        self.roles = _Roles(catalog.roles, self.read)
        self.memo: dict[Any, Any] = {}  # per unit: a value memoised by another unit would hide what it read

    def __getattr__(self, name: str) -> Any:
        if name == "adjacency":
            return _Adjacency(self._catalog.adjacency, self.asked, self.answers)
        if name in _BY_KEY:
            return _Keyed(name, getattr(self._catalog, name), self.keys, self.read)
        if name in _FROM_ALL_ROLES:
            self.read.add(ALL)
        value = getattr(self._catalog, name)
        if name in _OF_ONE_ROLE:
            def one_role(role_id: str, *args: Any, **kwargs: Any) -> Any:
                self.read.add(role_id)
                return value(role_id, *args, **kwargs)
            return one_role
        if callable(value) and not isinstance(value, type):
            func = getattr(type(self._catalog), name, None)
            if func is not None and not isinstance(func, property):
                # any other method runs with this view as `self`, so what it reads is recorded too
                return func.__get__(self, type(self))
        return value


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
        everything = hashlib.blake2b(digest_size=20)
        for rid in sorted(catalog.roles):
            everything.update(f"{rid}\0{self.role_digest.get(rid, '?')}\n".encode())
        self.all_roles = everything.hexdigest()
        self.used: set[str] = set()
        self.reused = 0

    def _key(self, unit: str) -> str:
        return hashlib.blake2b(f"{self.base}\0{unit}".encode(), digest_size=20).hexdigest()

    def _check(self, read: list[str], keys: list[list[str]]) -> str:
        """Digest of what a unit read, as it is now: the roles' file bytes and the values it looked up."""
        digest = hashlib.blake2b(digest_size=20)
        for rid in read:
            present = rid in self.catalog.roles
            digest.update(f"{rid}\0{self.all_roles if rid == ALL else self.role_digest.get(rid) if present else 'absent'}\n".encode())
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
            if self._check(entry["read"], entry["keys"]) != entry["check"]:
                return None
            if entry["asked"] and entry["adjacency"] != self.adjacency_inputs \
                    and self._answers(entry["asked"]) != entry["answers"]:
                return None
        except (KeyError, TypeError, ValueError, IndexError):  # a queried role or level is gone
            return None
        self.reused += 1
        return entry

    def put(self, unit: str, pages: dict[str, str], specs: dict[str, Any], trace: tuple[Any, ...]) -> None:
        """Store a unit rendered against a Tracing view: `trace` is (roles read, adjacency queries,
        values looked up by key[, the answers to the queries])."""
        if not self.enabled:
            return
        read, asked, keys = sorted(trace[0]), [list(a) for a in trace[1]], sorted(list(k) for k in trace[2])
        known = trace[3] if len(trace) > 3 else None
        key = self._key(unit)
        self.used.add(f"{self.store.version}-{key}.unit")
        self.store.put(key, "unit", {"read": read, "asked": asked, "keys": keys, "check": self._check(read, keys),
                                     "adjacency": self.adjacency_inputs, "answers": self._answers(asked, known),
                                     "pages": pages, "specs": specs})

    def prune(self) -> None:
        if self.enabled:
            self.store.prune(self.used)

