"""Review aids over git: what changed since a ref, and what that does to the catalog.

* `changed_scope` picks the files `rolebook validate --changed REF` must check: the changed role and
  CSV files plus every file that refers to a changed role (a site_config change means everything).
* `catalog_diff` reads the project at REF and now, and summarises the difference for a PR comment.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .load.csv_reader import MAX_CSV_BYTES
from .load.project import ProjectFiles, read_project
from .load.safe_files import list_folder, read_file
from .load.yaml_reader import MAX_BYTES
from .problems import ContentError
from .render.pay_text import cents_for


class GitError(Exception):
    """git could not answer (not a repository, unknown ref...)."""


def _git(root: Path, *args: str) -> bytes:
    """Run git; every argument that comes from the user is a verified commit id placed after
    `--end-of-options` by the callers, so nothing here can become an option."""
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False, timeout=120)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if result.returncode != 0:
        said = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(said[-1] if said else f"git {args[0]} failed")  # one line: git's conclusion
    return result.stdout


def resolve_commit(root: Path, ref: str) -> str:
    """The commit id `ref` names (a branch, tag, commit or `HEAD~1`); anything else — a range, a tree
    or blob, text that looks like an option — is a GitError."""
    _git(root, "rev-parse", "--show-prefix")  # "not a git repository" comes out here, as git says it
    try:
        sha = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        sha = ""
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", sha):
        raise GitError(f"'{ref}' is not a commit (give one branch, tag or commit, e.g. origin/main or HEAD~1; "
                       "ranges such as A..B are not accepted)")
    return sha


def changed_files(root: Path, ref: str) -> list[str]:
    """Paths (relative to the project root) changed since `ref`, committed or not, plus untracked files."""
    sha = resolve_commit(root, ref)
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    listed = _git(root, "diff", "--name-only", "-z", "--relative", "--end-of-options", sha, "--")
    listed += _git(root, "ls-files", "-z", "--others", "--exclude-standard")
    names = listed.decode("utf-8", "replace").split("\0")
    out = []
    for name in filter(None, names):
        rel = name[len(prefix):] if prefix and name.startswith(prefix) else name
        out.append(rel)
    return sorted(set(out))


@dataclass(frozen=True)
class Scope:
    everything: bool
    roles: frozenset[str]
    csvs: frozenset[str]


def _texts(root: Path, folder: str, suffix: str, limit: int) -> list[tuple[str, str]]:
    """(path, text) of each regular file in `folder` ending in `suffix`, read through the loaders' gate;
    what it refuses is left out here (the loaders report it)."""
    try:
        entries = list_folder(root, folder) or []
    except (ContentError, OSError):
        return []
    out = []
    for entry in entries:
        if entry.name.endswith(suffix) and not entry.name.startswith("."):
            try:
                out.append((entry.rel, read_file(root, entry.rel, limit).decode("utf-8", "replace")))
            except (ContentError, OSError):
                continue
    return out


def changed_scope(root: Path, ref: str) -> Scope:
    files = changed_files(root, ref)
    if any(f.startswith("site_config/") for f in files):
        return Scope(True, frozenset(), frozenset())
    roles = {Path(f).stem for f in files if f.startswith("roles/") and f.count("/") == 1 and f.endswith(".yaml")}
    csvs = {f for f in files if f.startswith("roles/compensation/") and f.endswith(".csv")}
    if roles:  # files that mention a changed role: other roles (adjacency pins) and CSV rows
        for rel, text in _texts(root, "roles", ".yaml", MAX_BYTES):
            if any(r in text for r in roles):
                roles.add(PurePosixPath(rel).stem)
        for rel, text in _texts(root, "roles/compensation", ".csv", MAX_CSV_BYTES):
            if any(f"{r}," in text for r in roles):
                csvs.add(rel)
    return Scope(False, frozenset(roles), frozenset(csvs))


LINK_PLACEHOLDER = "rolebook: a link at this ref, not followed"


MAX_REF_BYTES = 512 * 1024 * 1024
"""At most this much content is read from one commit (each file also has its loader's cap)."""


def project_at(root: Path, ref: str, dest: Path) -> Path:
    """Write roles/ and site_config/ as they were at `ref` into dest, blob by blob.

    The tree is listed (`git ls-tree`) and each regular file's blob read as stored (`git cat-file`),
    so the ref's `.gitattributes` cannot rewrite a file (export-subst) or hide one (export-ignore), and
    nothing is unpacked that the loaders would refuse anyway: a blob over the loaders' size cap is
    written as an empty sparse file of its size (refused as too large, never read into memory), and a
    link or submodule becomes a dangling link that points nowhere (refused as a link)."""
    sha = resolve_commit(root, ref)
    listing = _git(root, "ls-tree", "-r", "-z", "-l", "--end-of-options", sha, "--", "roles", "site_config")
    base = dest.resolve()
    wanted: list[tuple[str, Path]] = []
    total = 0
    for record in filter(None, listing.split(b"\0")):
        meta, _, raw_name = record.partition(b"\t")
        mode, kind, oid, size = meta.decode("ascii").split()
        name = os.fsdecode(raw_name)
        target = Path(os.path.normpath(base / name))
        if not target.is_relative_to(base) or target == base:
            continue  # git never lists such a name; refuse it all the same
        target.parent.mkdir(parents=True, exist_ok=True)
        cap = MAX_CSV_BYTES if name.endswith(".csv") else MAX_BYTES
        if kind == "blob" and mode in ("100644", "100755"):
            if int(size) > cap:
                with open(target, "wb") as handle:
                    handle.truncate(int(size))
            else:
                wanted.append((oid, target))
                total += int(size)
        else:
            try:
                os.symlink(LINK_PLACEHOLDER, target)
            except OSError:
                pass
    if total > MAX_REF_BYTES:
        raise GitError(f"the content files at {ref} add up to {total:,} bytes, more than the {MAX_REF_BYTES:,} "
                       "Rolebook reads from one commit")
    if wanted:
        try:
            batch = subprocess.run(["git", "cat-file", "--batch"], cwd=root, capture_output=True, check=False, timeout=300,
                                   input="".join(f"{oid}\n" for oid, _ in wanted).encode("ascii"))
        except FileNotFoundError:
            raise GitError("git is not installed") from None
        if batch.returncode != 0:
            raise GitError(f"cannot read the files at {ref}")
        data, at = batch.stdout, 0
        for _oid, target in wanted:
            header_end = data.index(b"\n", at)
            _, _, size = data[at:header_end].decode("ascii").split()
            body_start = header_end + 1
            target.write_bytes(data[body_start:body_start + int(size)])
            at = body_start + int(size) + 1
    return base


def _figures(currency: str, period: str, low: float, high: float, median: float | None, open_ended: bool) -> str:
    """A band as the diff shows it: `USD 21.43–60.00 / hour (median 30.10)`, cents kept as the pages keep them."""
    cents = cents_for(period, [low, high, median])
    n = (lambda v: f"{v:,.2f}") if cents else (lambda v: f"{v:,.0f}")  # noqa: E731
    text = f"{currency} {n(low)}–{n(high)}{'+' if open_ended else ''} / {period}"
    return text + (f" (median {n(median)})" if median is not None else "")


def _bands(project: ProjectFiles) -> dict[tuple[str, str, str, str, str], tuple[str, str]]:
    """(role, level, region, source, period) → (figures, as_of) from role files and CSV rows."""
    out: dict[tuple[str, str, str, str, str], tuple[str, str]] = {}
    default = project.settings.model.default_region if project.settings else "us"
    sources = {s.id: s.as_of for s in project.sources.model.sources} if project.sources else {}
    for rid, loaded in project.roles.items():
        own = {s.id: s.as_of for s in loaded.model.sources}
        for lv in loaded.model.levels:
            b = lv.salary
            if b:
                figures = _figures(b.currency, b.period, b.min, b.max, b.median, b.open_ended)
                out[(rid, lv.level, b.region or default, b.source, b.period)] = (
                    figures, own.get(b.source, sources.get(b.source, "")))
    for row in project.compensation:
        r = row.data
        figures = _figures(r.currency, r.period, r.min, r.max, r.median, r.open_ended)
        if r.occupation:
            figures += f" (occupation-wide statistics for {r.occupation})"
        out[(r.role, r.level or "all levels", r.region, r.source, r.period)] = (figures, r.as_of)
    return out


def catalog_diff(root: Path, ref: str) -> str:
    """A Markdown summary of what changed in the catalog between `ref` and the working tree."""
    with tempfile.TemporaryDirectory(prefix="rolebook-diff-") as tmp:
        before = read_project(project_at(root, ref, Path(tmp)))
        after = read_project(root)
        return _summary(before, after, ref)


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+!|~&:$^.])")
_ZWSP = "&#8203;"  # a zero-width space: GitHub links `a@b.c`, @mentions and #123 even when escaped


def markdown_text(text: str) -> str:
    """Editor text for one line of a Markdown summary (a pull-request comment): on one line, and every
    character that Markdown, GitHub or HTML could read as syntax (emphasis, code, links, tables,
    tags, entities, mentions, math) backslash-escaped, so it shows as the text it is."""
    line = " ".join(text.splitlines())
    line = "".join(ch if ch.isprintable() else " " for ch in line)
    return _MARKDOWN.sub(r"\\\1", line).replace("@", "@" + _ZWSP).replace("\\#", "\\#" + _ZWSP)


def markdown_code(text: str) -> str:
    """Text as a Markdown code span, fenced with more backticks than it holds."""
    line = " ".join(text.splitlines())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", line)), default=0) + 1)
    pad = " " if "`" in line else ""
    return f"{fence}{pad}{line}{pad}{fence}"


def _summary(before: ProjectFiles, after: ProjectFiles, ref: str) -> str:
    t = markdown_text
    lines = [f"### Catalog changes since {markdown_code(ref)}", ""]
    old, new = before.roles, after.roles
    broken_now = sorted(rid for rid in after.role_files if rid not in new)
    broken_then = {rid for rid in before.role_files if rid not in old}
    unknown = set(broken_now) | broken_then  # a role that does not load on one side: its changes are unknown
    added = sorted(set(new) - before.role_files)
    removed = sorted(set(old) - after.role_files)
    for rid in added:
        lines.append(f"- **Added role** `{rid}`: {t(new[rid].model.title)} ({len(new[rid].model.levels)} levels)")
    for rid in removed:
        redirected = any(rid in loaded.model.redirect_from for loaded in new.values())
        lines.append(f"- **Removed role** `{rid}`: {t(old[rid].model.title)}" + (" (redirected)" if redirected else ""))
    for rid in broken_now:
        lines.append(f"- `{rid}`: does not load, so its changes are not shown (run `rolebook validate roles/`)")
    for rid in sorted(broken_then & set(new)):
        lines.append(f"- `{rid}`: did not load at {markdown_code(ref)}; now {t(new[rid].model.title)} "
                     f"({len(new[rid].model.levels)} levels)")
    for rid in sorted(set(old) & set(new)):
        a, b = old[rid].model, new[rid].model
        if a.title != b.title:
            lines.append(f"- `{rid}`: title {t(a.title)} → {t(b.title)}")
        levels_a = {lv.level: lv.title for lv in a.levels}
        levels_b = {lv.level: lv.title for lv in b.levels}
        for lv in sorted(set(levels_b) - set(levels_a)):
            lines.append(f"- `{rid}`: level {lv} added ({t(levels_b[lv])})")
        for lv in sorted(set(levels_a) - set(levels_b)):
            lines.append(f"- `{rid}`: level {lv} removed ({t(levels_a[lv])})")
        for lv in sorted(set(levels_a) & set(levels_b)):
            if levels_a[lv] != levels_b[lv]:
                lines.append(f"- `{rid}`: level {lv} retitled {t(levels_a[lv])} → {t(levels_b[lv])}")
        if a.status != b.status:
            lines.append(f"- `{rid}`: status {a.status} → {b.status}")
    bands_a, bands_b = _bands(before), _bands(after)
    periods: dict[tuple[str, ...], set[str]] = {}
    for k in (*bands_a, *bands_b):
        periods.setdefault(k[:4], set()).add(k[4])
    for key in sorted(set(bands_a) | set(bands_b)):
        role, level, region, source, period = key
        was, now = bands_a.get(key), bands_b.get(key)
        if was == now or role in unknown:
            continue
        where = f"`{role}` {level}, {region}" + (f", per {period}" if len(periods[key[:4]]) > 1 else "")
        if was and now:
            lines.append(f"- Salary {where}: {was[0]} → {now[0]} (source `{source}`, as of {now[1]})")
        elif now:
            lines.append(f"- Salary {where}: new {now[0]} (source `{source}`, as of {now[1]})")
        else:
            lines.append(f"- Salary {where}: removed {was[0]} (source `{source}`)")  # type: ignore[index]
    if len(lines) == 2:
        lines.append("No change to roles, levels or salary figures.")
    failed_then = {p.path for p in before.problems if p.severity == "error"}
    failed_now = {p.path for p in after.problems if p.severity == "error"}
    if failed_then:
        lines += ["", f"At {markdown_code(ref)}, {len(failed_then)} file(s) did not load; what they held is not compared."]
    if failed_now:
        lines += ["", f"{len(failed_now)} file(s) do not load; run `rolebook validate roles/` for details."]
    return "\n".join(lines) + "\n"
