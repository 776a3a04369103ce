"""Rolebook's own theme (Material overrides, stylesheets, scripts) ships inside the package, in
generator/theme/: the plugin adds it to every build, so a project's mkdocs.yml needs only
`theme: material` and `plugins: [rolebook]`. A project's own custom_dir still overrides it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

THEME_DIR = Path(__file__).parent / "theme"

STYLESHEETS = ("assets/stylesheets/rolebook.css", "assets/stylesheets/rolebook-tools.css")
SCRIPTS = tuple(f"assets/javascripts/{name}.js" for name in (
    "rolebook", "rolebook-practice", "rolebook-search", "rolebook-pay", "rolebook-layout", "rolebook-paths",
    "rolebook-finder", "rolebook-jd", "rolebook-kit",
))
# What generated pages are written in (MkDocs itself always loads toc, tables and fenced_code).
MARKDOWN_EXTENSIONS = ("admonition", "pymdownx.details", "pymdownx.superfences")


def asset_files() -> list[str]:
    """Every stylesheet and script in the packaged theme, relative to it."""
    return sorted(p.relative_to(THEME_DIR).as_posix() for p in (THEME_DIR / "assets").rglob("*") if p.is_file())


def apply(config: Any) -> None:
    """Add the packaged theme to a loaded MkDocs config: its templates after the project's custom_dir
    (which may override any of them) and before Material's, its stylesheets and scripts after the
    project's own (each once), and the Markdown extensions generated pages need."""
    theme = config.theme
    folder = str(THEME_DIR)
    if folder not in theme.dirs:
        theme.dirs.insert(1 if theme.custom_dir else 0, folder)
    css = [str(item) for item in config.extra_css]
    config.extra_css = css + [name for name in STYLESHEETS if name not in css]
    js = {str(item) for item in config.extra_javascript}
    config.extra_javascript = list(config.extra_javascript) + [name for name in SCRIPTS if name not in js]
    config.markdown_extensions = list(config.markdown_extensions) + [
        name for name in MARKDOWN_EXTENSIONS if name not in config.markdown_extensions]
