"""Review aids over git: what changed since a ref, and what that does to the catalog.

* `changed_scope` picks the files `rolebook validate --changed REF` must check: the changed role and
  CSV files plus every file that refers to a changed role (a site_config change means everything).
* `catalog_diff` reads the project at REF and now, and summarises the difference for a PR comment.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .load.project import ProjectFiles, read_project


class GitError(Exception):
    """git could not answer (not a repository, unknown ref...)."""


def _git(root: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False, timeout=120)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return result.stdout


def changed_files(root: Path, ref: str) -> list[str]:
    """Paths (relative to the project root) changed since `ref`, committed or not, plus untracked files."""
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    names = _git(root, "diff", "--name-only", "--relative", ref, "--").decode().splitlines()
    names += _git(root, "ls-files", "--others", "--exclude-standard").decode().splitlines()
    out = []
    for name in names:
        rel = name[len(prefix):] if prefix and name.startswith(prefix) else name
        out.append(rel)
    return sorted(set(out))


@dataclass(frozen=True)
class Scope:
    everything: bool
    roles: frozenset[str]
    csvs: frozenset[str]


def changed_scope(root: Path, ref: str) -> Scope:
    files = changed_files(root, ref)
    if any(f.startswith("site_config/") for f in files):
        return Scope(True, frozenset(), frozenset())
    roles = {Path(f).stem for f in files if f.startswith("roles/") and f.count("/") == 1 and f.endswith(".yaml")}
    csvs = {f for f in files if f.startswith("roles/compensation/") and f.endswith(".csv")}
    if roles:  # files that mention a changed role: other roles (adjacency pins) and CSV rows
        for path in sorted((root / "roles").glob("*.yaml")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if any(r in text for r in roles):
                roles.add(path.stem)
        for path in sorted((root / "roles" / "compensation").glob("*.csv")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if any(f"{r}," in text for r in roles):
                csvs.add(path.relative_to(root).as_posix())
    return Scope(False, frozenset(roles), frozenset(csvs))


def project_at(root: Path, ref: str, dest: Path) -> Path:
    """Unpack roles/ and site_config/ as they were at `ref` into dest."""
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    paths = [f"{prefix}roles", f"{prefix}site_config"]
    data = _git(root, "archive", "--format=tar", ref, *paths)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest / prefix if prefix else dest


def _bands(project: ProjectFiles) -> dict[tuple[str, str, str, str], tuple[str, str]]:
    """(role, level, region, source) → (figures, as_of) from role files and CSV rows."""
    out: dict[tuple[str, str, str, str], tuple[str, str]] = {}
    default = project.settings.model.default_region if project.settings else "us"
    sources = {s.id: s.as_of for s in project.sources.model.sources} if project.sources else {}
    for rid, loaded in project.roles.items():
        own = {s.id: s.as_of for s in loaded.model.sources}
        for lv in loaded.model.levels:
            b = lv.salary
            if b:
                figures = f"{b.currency} {b.min:,.0f}–{b.max:,.0f}{'+' if b.open_ended else ''}"
                out[(rid, lv.level, b.region or default, b.source)] = (figures, own.get(b.source, sources.get(b.source, "")))
    for row in project.compensation:
        r = row.data
        figures = f"{r.currency} {r.min:,.0f}–{r.max:,.0f}" + (f" (median {r.median:,.0f})" if r.median else "")
        out[(r.role, r.level or "all levels", r.region, r.source)] = (figures, r.as_of)
    return out


def catalog_diff(root: Path, ref: str) -> str:
    """A Markdown summary of what changed in the catalog between `ref` and the working tree."""
    with tempfile.TemporaryDirectory(prefix="rolebook-diff-") as tmp:
        before = read_project(project_at(root, ref, Path(tmp)))
        after = read_project(root)
        return _summary(before, after, ref)


def _summary(before: ProjectFiles, after: ProjectFiles, ref: str) -> str:
    lines = [f"### Catalog changes since `{ref}`", ""]
    old, new = before.roles, after.roles
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    for rid in added:
        lines.append(f"- **Added role** `{rid}`: {new[rid].model.title} ({len(new[rid].model.levels)} levels)")
    for rid in removed:
        redirected = any(rid in loaded.model.redirect_from for loaded in new.values())
        lines.append(f"- **Removed role** `{rid}`: {old[rid].model.title}" + (" (redirected)" if redirected else ""))
    for rid in sorted(set(old) & set(new)):
        a, b = old[rid].model, new[rid].model
        if a.title != b.title:
            lines.append(f"- `{rid}`: title {a.title} → {b.title}")
        levels_a = {lv.level: lv.title for lv in a.levels}
        levels_b = {lv.level: lv.title for lv in b.levels}
        for lv in sorted(set(levels_b) - set(levels_a)):
            lines.append(f"- `{rid}`: level {lv} added ({levels_b[lv]})")
        for lv in sorted(set(levels_a) - set(levels_b)):
            lines.append(f"- `{rid}`: level {lv} removed ({levels_a[lv]})")
        for lv in sorted(set(levels_a) & set(levels_b)):
            if levels_a[lv] != levels_b[lv]:
                lines.append(f"- `{rid}`: level {lv} retitled {levels_a[lv]} → {levels_b[lv]}")
        if a.status != b.status:
            lines.append(f"- `{rid}`: status {a.status} → {b.status}")
    bands_a, bands_b = _bands(before), _bands(after)
    for key in sorted(set(bands_a) | set(bands_b)):
        role, level, region, source = key
        was, now = bands_a.get(key), bands_b.get(key)
        if was == now:
            continue
        where = f"`{role}` {level}, {region}"
        if was and now:
            lines.append(f"- Salary {where}: {was[0]} → {now[0]} (source `{source}`, as of {now[1]})")
        elif now:
            lines.append(f"- Salary {where}: new {now[0]} (source `{source}`, as of {now[1]})")
        else:
            lines.append(f"- Salary {where}: removed {was[0]} (source `{source}`)")  # type: ignore[index]
    if len(lines) == 2:
        lines.append("No change to roles, levels or salary figures.")
    problems = [p for p in after.problems if p.severity == "error"]
    if problems:
        lines += ["", f"{len(problems)} file(s) do not load; run `rolebook validate roles/` for details."]
    return "\n".join(lines) + "\n"
