"""Editor text is text: escaped or sanitised wherever it lands, never evaluated as a template."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rolebook.render.text import markdown_html, plain


@pytest.mark.parametrize("payload", ["<script>x</script>", "[a](javascript:x)", "{: onclick=x }", "<img onerror=x>"])
def test_plain_leaves_no_markup_syntax(payload: str) -> None:
    out = plain(payload)
    assert not set(out) & set("<>[](){}")


def test_markdown_is_sanitised() -> None:
    html = markdown_html("<script>x()</script> [a](javascript:x) [b](https://ok.example/) <img src=x onerror=y>")
    assert "<script" not in html and "onerror" not in html.replace("onerror=y&gt;", "")
    assert "javascript:" not in html
    assert 'href="https://ok.example/"' in html


class _Scan(HTMLParser):
    """Collects what a browser would treat as live: tags, attributes, script bodies, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.handlers: list[str] = []
        self.script_urls: list[str] = []
        self.tags: list[str] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        kind = dict(attrs).get("type") or "text/javascript"
        # Data blocks (JSON-LD) are not executed; test_json_ld_escapes_markup checks they cannot break out.
        self._in_script = tag == "script" and kind in {"text/javascript", "module", "application/javascript"}
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if name in {"href", "src", "action", "formaction", "xlink:href"} and value:
                if re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                    self.script_urls.append(value)
            if name == "style" and value:
                self.styles.append(value)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


def scan(path: Path) -> _Scan:
    parser = _Scan()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_hostile_role_builds_without_live_markup(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert any("evil-role" in str(p) for p in pages)
    for page in pages:
        found = scan(page)
        assert not found.handlers, f"event handler attribute in {page}: {found.handlers}"
        assert not found.script_urls, f"script URL in {page}: {found.script_urls}"
        assert not any("__pwned" in s for s in found.scripts), f"payload script in {page}"
        assert not {"iframe", "object", "embed", "frame"} & set(found.tags), f"embedded frame in {page}"
        assert not any("position:fixed" in s.replace(" ", "") for s in found.styles), f"style overlay in {page}"


def test_payload_text_is_shown_as_text(hostile_site: Path) -> None:
    found = scan(hostile_site / "roles" / "evil-role" / "index.html")
    text = " ".join(found.text)
    assert "<script>window.__pwned_overview=1</script>" in text
    assert "{{ config }} {% include \"base.html\" %}" in text  # never evaluated as a template
    assert "{{ config.site_name }}" in text
    assert "iframe" not in found.tags and "style" not in found.tags


def test_title_is_text_in_head_nav_and_listing(hostile_site: Path) -> None:
    home = scan(hostile_site / "index.html")
    assert any("<script>window.__pwned_title=1</script>" in t for t in home.text)
    page = (hostile_site / "roles" / "evil-role" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title and "<" not in title.group(1) and "&lt;script&gt;" in title.group(1)
    description = re.search(r'<meta name="description" content="([^"]*)"', page)
    assert description and "<" not in description.group(1)


FRONT_MATTER_HOSTILE = [
    "Evil \x80 [x](javascript:alert(1))", "\uffff", "\ufffe", "\x85 next line", "a\u2028b", "\U0010ffff",
    "--- \n---", "say \"hi\" 'there'", "key: value # not a comment", "emoji 😀 and 𝔘", "tab\there", "\\ backslash",
    "\ud800 lone", "%TAG ! x", "!!python/object:os.system", "{a: b}", "[1, 2]", "*alias &anchor", "? complex",
]


@pytest.mark.parametrize("value", FRONT_MATTER_HOSTILE)
def test_front_matter_value_always_parses(value: str) -> None:
    """Whatever reaches the `fm` filter, MkDocs' own front-matter reader gets the (HTML-escaped) text back."""
    import html

    import yaml
    from mkdocs.utils.meta import get_data

    from rolebook.render.text import front_matter_str

    source = f"---\ntitle: {front_matter_str(value)}\n---\n\nBody\n"
    assert re.fullmatch(r"[\x20-\x7e\n]*", source), source  # printable ASCII: every odd character is an escape
    body, meta = get_data(source)
    assert body.strip() == "Body", source
    expected = html.escape(" ".join(value.split()), quote=True).replace("\ud800", "\ufffd")
    assert meta == {"title": expected}
    assert yaml.load(source.split("---\n")[1], Loader=yaml.SafeLoader) == {"title": expected}  # pure-Python reader too


_BROKEN_FM_BUILD = """
import sys
from markupsafe import Markup
import rolebook.render.env as env
env.front_matter_str = lambda value: Markup('"unterminated \\\\x80')  # YAML that no reader accepts
from rolebook.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_generated_front_matter_that_does_not_parse_stops_the_build(jobs: str, tmp_path: Path) -> None:
    """Defence in depth: should the `fm` filter ever emit unreadable YAML, the build stops (serial and forked)."""
    import subprocess
    import sys

    from tests.conftest import copy_small_project

    root = copy_small_project(tmp_path / "project")
    result = subprocess.run([sys.executable, "-c", _BROKEN_FM_BUILD, "build", str(root), "--jobs", jobs],
                            capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "front matter Rolebook generated for this page did not parse" in output
    assert "Traceback" not in output
    assert not (root / "site").exists()


OFF_SITE = ["[x](//evil.example/)", "[x](/\\evil.example)", "[x](\\\\\\\\evil.example)", "[x](\\/evil.example)",
            "[x](  //evil.example)", "[x](<//evil.example>)", "[x](&#47;/evil.example)", "[x](/&#92;evil.example)",
            "[x][r]\n\n[r]: //evil.example", "[x](//evil.example \"t\")"]


@pytest.mark.parametrize("source", OFF_SITE)
def test_markdown_links_cannot_leave_the_site_without_a_scheme(source: str) -> None:
    """Browsers read `//host` and `/\\host` as another host: such links lose their href, the text stays."""
    html = markdown_html(source)
    assert "href" not in html and "evil.example" not in html, html
    assert ">x</a>" in html


@pytest.mark.parametrize("source,href", [("[a](https://ok.example/p)", "https://ok.example/p"), ("[a](#part)", "#part"),
                                         ("[a](../other/)", "../other/"), ("[a](mailto:x@ok.example)", "mailto:x@ok.example")])
def test_markdown_keeps_allowed_links(source: str, href: str) -> None:
    html = markdown_html(source)
    assert f'href="{href}"' in html and 'rel="noopener noreferrer' in html


def test_every_editor_link_gets_noopener_noreferrer(hostile_site: Path) -> None:
    """Resource and source links (rendered by templates) and Markdown links all carry rel=noopener noreferrer."""
    seen = 0
    for page in hostile_site.rglob("*.html"):
        if page.relative_to(hostile_site).parts[0] in {"about", "contributing"}:
            continue  # hand-written pages
        article = re.search(r"<article\b.*</article>", page.read_text(encoding="utf-8"), re.S)
        for tag in re.findall(r"<a\b[^>]*>", article.group(0) if article else ""):
            href = re.search(r'href="([^"]*)"', tag)
            if href and href.group(1).startswith("https://"):
                seen += 1
                rel = re.search(r'rel="([^"]*)"', tag)
                assert rel and {"noopener", "noreferrer"} <= set(rel.group(1).split()), f"{page}: {tag}"
    assert seen > 50
