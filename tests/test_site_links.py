"""Every internal link and anchor in the built site resolves, raw-HTML links included."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src")}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if (tag, name) in LINK_ATTRS and value:
                self.links.append(value)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path) -> list[str]:
    pages = {p.relative_to(site).as_posix(): _parse(p) for p in site.rglob("*.html")}
    problems = []
    for page, parsed in sorted(pages.items()):
        if page == "404.html":
            continue  # served for any missing URL, so MkDocs writes its links from the site root
        base = posixpath.dirname(page)
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue  # external (none may be loaded; see test_site_loads_nothing_from_outside)
            target = page if not parts.path else posixpath.normpath(posixpath.join(base, unquote(parts.path)))
            if target.startswith(".."):
                problems.append(f"{page}: {link} leaves the site")
                continue
            file = site / target
            if file.is_dir() or parts.path.endswith("/"):
                target = posixpath.join(target, "index.html")
                file = site / target
            if not file.is_file():
                problems.append(f"{page}: {link} -> missing {target}")
                continue
            if parts.fragment and target.endswith(".html"):
                ids = pages[target].ids if target in pages else _parse(file).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{page}: {link} -> no anchor #{parts.fragment} in {target}")
    return problems


def test_every_internal_link_resolves(sample_site: Path) -> None:
    assert broken_links(sample_site) == []


def test_link_checker_catches_broken_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">ok</a><a href="a/#there">anchor</a><a href="b/">no</a>'
                                         '<div><a href="a/#nowhere">bad anchor</a></div>', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text('<h2 id="there">x</h2>', encoding="utf-8")
    assert broken_links(tmp_path) == ["index.html: b/ -> missing b/index.html",
                                      "index.html: a/#nowhere -> no anchor #nowhere in a/index.html"]
