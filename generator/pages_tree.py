"""`rolebook build --pages-only DIR`: a builder-neutral tree that MkDocs 1.6, ProperDocs and Zensical
each build into the same site, with no Rolebook plugin:

    DIR/mkdocs.yml       the project's config (MkDocs, ProperDocs), with Rolebook's bounded navigation
    DIR/zensical.toml    the same for Zensical
    DIR/docs/            every page with its final content: generated pages (charts in, raw-HTML island
                         markers resolved), the hand-written pages (home block filled in), data files
    DIR/overrides/       the theme folder (templates, Rolebook's CSS and JavaScript)
    DIR/README.md        how to build it

What the plugin does at build time is done here once, in the files: the plugin adds pages in memory,
sets the navigation, fills the markers of hand-written pages and lands the islands; here the same
steps write their results. The site search index (Pagefind) runs over the built site afterwards
(`rolebook build --builder ...` does it; by hand, see README.md in the tree)."""

from __future__ import annotations

import os
import posixpath
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils import yaml_load

from . import packaged_theme
from .generate import Generated, content_nav, fill_markers, generate, nav_pages, role_nav
from .html_islands import strip_markers
from .pipeline import ValidationFailed
from .problems import Problem

DOCS, OVERRIDES, SITE = "docs", "overrides", "site"
PLUGIN = "rolebook"


class TreeError(Exception):
    """The project cannot be written as a pages tree (one line for the reader)."""


def project_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as written (!ENV and INHERIT resolved as MkDocs does)."""
    try:
        with open(config_file, "rb") as f:
            raw = yaml_load(f)
    except OSError as exc:
        raise TreeError(f"cannot read {config_file}: {exc.strerror or exc}") from None
    except Exception as exc:  # a YAML error: MkDocs reports the same file
        raise TreeError(f"{config_file}: not valid YAML ({exc})") from None
    if not isinstance(raw, dict):
        raise TreeError(f"{config_file}: expected a mapping of settings")
    return raw


def theme_folder(root: Path, raw: dict[str, Any]) -> Path | None:
    """Where the site's theme files (template overrides, Rolebook's CSS and JavaScript) are: the one
    place that knows (the theme's `custom_dir`, relative to mkdocs.yml)."""
    theme = raw.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return root / str(custom) if custom else None


def _regular_files(folder: Path, shown: str) -> dict[str, Path]:
    """Every file under folder, relative; a symbolic link or special file stops the tree (it could
    publish what it points at)."""
    out: dict[str, Path] = {}
    for here, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(here) / name
            mode = os.lstat(path).st_mode
            rel = path.relative_to(folder).as_posix()
            if stat.S_ISLNK(mode) or not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                raise TreeError(f"{shown}/{rel} is a symbolic link or not a regular file; Rolebook publishes only "
                                "regular files inside the project: replace it with the file itself")
            if stat.S_ISREG(mode):
                out[rel] = path
        dirs[:] = [d for d in dirs if not d.startswith(".")]
    return out


def _dest(path: str) -> str:
    """The address a docs file is published at (directory URLs), to find two files landing on one."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if stem == "index" or stem.endswith("/index") or stem.upper() == "README" or stem.upper().endswith("/README"):
        return stem.rpartition("/")[0]
    return stem


def _moved(path: str) -> str:
    """Where a page goes in the tree: `x/y.md` becomes `x/y/index.md` (same address). Builders differ
    on what a relative link in a page means (MkDocs: from the page's address; Zensical: from its
    file, rebased), and with every page an index page the two are the same folder."""
    if not path.endswith(".md") or _dest(path) != path[:-3]:
        return path
    return path[:-3] + "/index.md"


_LINK = re.compile(r"(\]\()(<[^>\n]*>|[^)\s]+)")
_REF = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*)(\S+)", re.M)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _rebase_target(target: str, old: str, new: str, moves: dict[str, str], files: set[str]) -> str:
    """A Markdown link target as it must read from the page's new place: a link to a docs file is
    resolved from the page's old file (as MkDocs does) and written relative to its new one."""
    bare = target[1:-1] if target.startswith("<") and target.endswith(">") else target
    if not bare or bare.startswith(("#", "/")) or _SCHEME.match(bare):
        return target
    cut = min((i for i in (bare.find("#"), bare.find("?")) if i >= 0), default=len(bare))
    path, rest = bare[:cut], bare[cut:]
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(old), path))
    if resolved not in files or (old == new and resolved not in moves):
        return target  # not a link to a file (MkDocs leaves it as written, relative to the page's address)
    rebased = posixpath.relpath(moves.get(resolved, resolved), posixpath.dirname(new) or ".") + rest
    return f"<{rebased}>" if target.startswith("<") else rebased


def _rebase_links(text: str, old: str, new: str, moves: dict[str, str], files: set[str]) -> str:
    """Every Markdown link and link definition rebased (front matter, code blocks and code spans
    left as they are)."""
    lines = text.split("\n")
    start, fence = 0, None
    if lines and lines[0] == "---":
        start = next((i + 1 for i in range(1, len(lines)) if lines[i] in ("---", "...")), 0)
    for i in range(start, len(lines)):
        line = lines[i]
        mark = _FENCE.match(line)
        if fence is not None:
            if mark and mark.group(1)[0] == fence[0] and len(mark.group(1)) >= len(fence):
                fence = None
            continue
        if mark:
            fence = mark.group(1)
            continue
        if "](" not in line and "]:" not in line:
            continue
        parts = line.split("`")
        for k in range(0, len(parts), 2):  # outside code spans
            parts[k] = _LINK.sub(lambda m: m.group(1) + _rebase_target(m.group(2), old, new, moves, files), parts[k])
            parts[k] = _REF.sub(lambda m: m.group(1) + _rebase_target(m.group(2), old, new, moves, files), parts[k])
        lines[i] = "`".join(parts)
    return "\n".join(lines)


def _renamed(nav: Any, moves: dict[str, str]) -> Any:
    """A nav structure with its page paths where the tree puts them."""
    if isinstance(nav, str):
        return moves.get(nav, nav)
    if isinstance(nav, list):
        return [_renamed(item, moves) for item in nav]
    if isinstance(nav, dict):
        return {key: _renamed(value, moves) for key, value in nav.items()}
    return nav


def _not_in_nav(pages: list[str], nav: list[Any]) -> str:
    """Generated pages deliberately left out of the bounded nav (built and linked): the config's
    `not_in_nav`, one anchored pattern a line."""
    listed = nav_pages(nav)
    return "".join(f"/{path}\n" for path in pages if path.endswith(".md") and path not in listed)


def _without_plugin(plugins: Any) -> list[Any]:
    """The configured plugins minus Rolebook's (its work is in the files)."""
    if isinstance(plugins, dict):
        plugins = [{k: v} if v else k for k, v in plugins.items()]
    out = []
    for item in plugins or []:
        name = item if isinstance(item, str) else next(iter(item), None) if isinstance(item, dict) else None
        if name != PLUGIN:
            out.append(item)
    return out


def tree_config(raw: dict[str, Any], nav: list[Any], not_in_nav: str, has_theme: bool) -> dict[str, Any]:
    """The project's settings for the tree: its docs and theme folders, no Rolebook plugin, the nav."""
    config = {k: v for k, v in raw.items() if k not in ("INHERIT", "docs_dir", "site_dir", "nav", "plugins", "edit_uri")}
    config["docs_dir"], config["site_dir"] = DOCS, SITE
    theme = dict(raw["theme"]) if isinstance(raw.get("theme"), dict) else {"name": raw.get("theme") or "material"}
    theme.pop("custom_dir", None)
    if has_theme:
        theme["custom_dir"] = OVERRIDES
    config["theme"] = theme
    config["plugins"] = _without_plugin(raw.get("plugins"))
    # what the plugin adds to a build from the package: the stylesheets, scripts and Markdown extensions
    css, js = list(raw.get("extra_css") or []), list(raw.get("extra_javascript") or [])
    config["extra_css"] = css + [name for name in packaged_theme.STYLESHEETS if name not in css]
    config["extra_javascript"] = js + [name for name in packaged_theme.SCRIPTS if name not in js]
    extensions = list(raw.get("markdown_extensions") or [])
    named = {next(iter(e)) if isinstance(e, dict) else e for e in extensions}
    config["markdown_extensions"] = extensions + [name for name in packaged_theme.MARKDOWN_EXTENSIONS if name not in named]
    # "Edit this page" needs the file each page came from (the plugin knows it); the tree's files are copies
    config["edit_uri"] = ""
    config["nav"] = nav
    if not_in_nav:
        config["not_in_nav"] = not_in_nav
    return config


def _toml_ready(value: Any) -> Any:
    """TOML has no null: settings left empty are left out."""
    if isinstance(value, dict):
        return {str(k): _toml_ready(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_toml_ready(v) for v in value if v is not None]
    return value


README = """# Rolebook pages ({count} pages)

Written by `rolebook build --pages-only`: every page with its final content, the theme and a config
for each builder. Rolebook replaces this folder whole on its next run: do not edit it.

    mkdocs build -f mkdocs.yml          # MkDocs 1.6
    properdocs build -f mkdocs.yml      # ProperDocs
    zensical build -f zensical.toml     # Zensical

Each writes the site into `site/` here. Then the site search index:
`python -m pagefind --site site` (Rolebook's `rolebook build --builder NAME` does all of this).
"""


def tree_files(root: Path, generated: Generated, raw: dict[str, Any], *, strict: bool | None = None) -> dict[str, bytes | Path]:
    """{path in the tree: content, or the project file to copy}."""
    docs_name = str(raw.get("docs_dir") or "docs")
    docs = root / docs_name
    handwritten = _regular_files(docs, docs_name) if docs.is_dir() else {}
    theme = theme_folder(root, raw)
    # Rolebook's packaged theme, then the project's own custom_dir over it (as the plugin orders them)
    theme_files = _regular_files(packaged_theme.THEME_DIR, "rolebook/theme")
    if theme is not None and theme.is_dir():
        theme_files.update(_regular_files(theme, theme.relative_to(root).as_posix() if theme.is_relative_to(root) else str(theme)))
    dests = {_dest(p): p for p in handwritten}
    clashes = [Problem(f"{docs_name}/{dests.get(_dest(path), path)}", 0, 0, "page-clash",
                       "this hand-written page clashes with a page Rolebook generates", "rename or remove the hand-written file")
               for path in generated.pages if path in handwritten or _dest(path) in dests]
    if clashes:
        raise ValidationFailed(clashes[:1])
    base = raw.get("nav") or content_nav(docs)
    pages = [p for p in [*handwritten, *generated.pages] if p.endswith(".md")]
    moves = {p: _moved(p) for p in pages if _moved(p) != p}
    taken = set(handwritten) | set(generated.pages)
    for old, new in moves.items():
        if new in taken:
            raise TreeError(f"{old} and {new} would be the same page in the pages tree; rename one of them")
    files = taken
    nav = _renamed(list(base) + role_nav(generated.catalog, generated.pages), moves)
    out: dict[str, bytes | Path] = {}
    for rel, path in handwritten.items():
        if rel.endswith(".md"):
            text = fill_markers(generated.catalog, rel, path.read_text(encoding="utf-8"))
            out[f"{DOCS}/{moves.get(rel, rel)}"] = _rebase_links(text, rel, moves.get(rel, rel), moves, files).encode("utf-8")
        else:
            out[f"{DOCS}/{rel}"] = path
    for rel, text in generated.pages.items():
        if rel.endswith(".md"):
            text = _rebase_links(strip_markers(text), rel, moves.get(rel, rel), moves, files)
        out[f"{DOCS}/{moves.get(rel, rel)}"] = text.encode("utf-8")
    for rel, path in theme_files.items():
        out[f"{OVERRIDES}/{rel}"] = path
    config = tree_config(raw, nav, _not_in_nav([moves.get(p, p) for p in generated.pages], nav), bool(theme_files))
    if strict is not None:
        config["strict"] = strict
    out["mkdocs.yml"] = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000).encode("utf-8")
    # Zensical's own look is "modern"; "classic" is Material's, which Rolebook's theme overrides are made for
    zensical = {**config, "theme": {"variant": "classic", **config["theme"]}}
    out["zensical.toml"] = _toml(zensical).encode("utf-8")
    out["README.md"] = README.format(count=sum(p.endswith(".md") for p in generated.pages)).encode("utf-8")
    return out


def _toml(config: dict[str, Any]) -> str:
    import tomli_w

    return "# Written by rolebook build --pages-only (the same settings as mkdocs.yml here)\n" + \
        tomli_w.dumps({"project": _toml_ready(config)})


def write_tree(files: dict[str, bytes | Path], staging: Path) -> None:
    """Write the tree's files into staging (a folder output_dir.replace made)."""
    base = staging.resolve()
    for rel, content in files.items():
        dest = (staging / rel).resolve()
        if base not in dest.parents:
            raise TreeError(f"unsafe page path {rel!r}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(content if isinstance(content, bytes) else content.read_bytes())


def pages_tree(root: Path, *, strict: bool | None = None) -> tuple[Generated, dict[str, bytes | Path]]:
    """Generate the project and lay it out as a tree (raises ValidationFailed, TreeError)."""
    raw = project_config(root / "mkdocs.yml")
    generated = generate(root)
    return generated, tree_files(root, generated, raw, strict=strict)
