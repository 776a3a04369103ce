"""The one safe path for editor text into pages.

* Plain text (`plain`): each ASCII punctuation character that could form syntax becomes a numeric HTML
  entity, so no Markdown syntax (links, emphasis, attribute lists `{ onclick=... }`, HTML, lists,
  extensions' autolinks and emoji) can form, while the reader sees exactly what the editor wrote.
  Line breaks become spaces. The marks of ordinary prose are left as typed where they are no syntax
  (each entity is an inline match Python-Markdown pays for on every page).
* Markdown fields (`markdown_html`): rendered by Python-Markdown with raw HTML disabled, then
  sanitised by nh3 with a tight allow-list (https/mailto links only). The result is an HTML block.
* Raw-HTML contexts (`html_attr`) and front matter (`front_matter_str`) have their own escapes.
"""

from __future__ import annotations

import html
import json
import re
import string
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

# The first word of a value may begin a line (lists `1.` `a)` `-`, headings, quotes, rules `---`,
# definitions `: `, details `???`, blocks `///`): every punctuation mark in it but , ; % ' " as an entity.
_HEAD = {ord(c): f"&#{ord(c)};" for c in string.punctuation if c not in ",;%'\""}
# Elsewhere, the one rule of what could form Markdown, HTML or extension syntax: these marks wherever
# they stand (", ; ? / % ' \"" never, as typed); `.` and `:` unless after a letter (`:` also a digit)
# and before a space or the end (not `1.5`, `e.g.`, `www.x`, `...`, `https:`, `:smile:`, `09:30`);
# `-` unless between letters or digits (not `--`, `-->`, ` - `).
_SYNTAX = re.compile(r"""[!#$&()*+<=>@\[\\\]^_`{|}~]|(?<![^\W\d_])\.|\.(?!\s|$)|(?<![^\W_]):|:(?!\s|$)
                     |(?<![^\W_])-|-(?![^\W_])""", re.X)

ALLOWED_TAGS = {
    "p", "br", "ul", "ol", "li", "em", "strong", "code", "pre", "blockquote", "a", "h3", "h4", "h5",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "del",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def plain(value: object) -> Markup:
    """Editor plain text, safe anywhere in Markdown (body, tables, headings, lists)."""
    return _plain(value) if type(value) is str else _plain.__wrapped__(value)


@lru_cache(maxsize=65536)  # by value, text only (a str subclass may print otherwise): a page's labels, titles
def _plain(value: object) -> Markup:  # and names recur on thousands of pages
    head, space, rest = " ".join(str(value).split()).partition(" ")
    return Markup(head.translate(_HEAD) + space + _SYNTAX.sub(_entity, rest))


def _entity(match: re.Match[str]) -> str:
    return f"&#{ord(match.group(0))};"


def html_attr(value: object) -> Markup:
    """Text for raw-HTML contexts (attributes and element content inside HTML blocks)."""
    return _html_attr(value) if type(value) is str else _html_attr.__wrapped__(value)


@lru_cache(maxsize=65536)  # by value, text only, as `plain`: the same titles, codes and labels on thousands of pages
def _html_attr(value: object) -> Markup:
    return Markup(html.escape(" ".join(str(value).split()), quote=True))


_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _yaml_escape(match: re.Match[str]) -> str:
    cp = ord(match.group(0))
    return f"\\x{cp:02X}" if cp <= 0xFF else f"\\u{cp:04X}" if cp <= 0xFFFF else f"\\U{cp:08X}"


def front_matter_str(value: object) -> Markup:
    """A YAML double-quoted string whose content is HTML-escaped (themes print titles unescaped).

    The result is printable ASCII: every other character is a YAML escape (`\\x80`, `\\uFFFF`,
    `\\U0001F600`), so no character can make a YAML reader (MkDocs, ProperDocs, Zensical) refuse the
    front matter, which MkDocs would silently render as Markdown instead.
    """
    text = _SURROGATE.sub("\ufffd", html.escape(" ".join(str(value).split()), quote=True))
    quoted = json.dumps(text, ensure_ascii=False)  # escapes quotes, backslashes and C0 controls
    return Markup(_NOT_PRINTABLE_ASCII.sub(_yaml_escape, quoted))


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_MD = _markdown()

_URL_NOISE = re.compile(r"[\t\n\r]|^[\x00-\x20]+|[\x00-\x20]+$")  # what browsers drop from a URL
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def safe_href(value: str) -> str | None:
    """The link target as written, if it is https, mailto, in-page or relative to this site; else None.

    Read as a browser reads it (spaces and controls trimmed, tabs and line breaks dropped, `\\` as
    `/`), a target starting `//` or `/\\` is another host without a scheme: refused.
    """
    seen = _URL_NOISE.sub("", value).replace("\\", "/")
    scheme = _SCHEME.match(seen)
    if scheme:
        return value if scheme.group(0).lower() in {"https:", "mailto:"} else None
    return None if seen.startswith("//") else value


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    return safe_href(value) if attribute == "href" else value


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_attribute_filter,
    url_schemes={"https", "mailto"},
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


MEMO_SIZE = 16384
"""Rendered texts remembered by value: a role's questions, job description and level texts appear on
several of its pages (and a shared question on every role that asks it), and converting Markdown
is the costliest step of a page. The conversion is pure, so a remembered result is the same HTML."""


@lru_cache(maxsize=MEMO_SIZE)
def markdown_html(value: str) -> Markup:
    """Editor Markdown as sanitised HTML (raw HTML in the source is shown as text)."""
    _MD.reset()
    rendered = _MD.convert(value)
    return Markup(_CLEANER.clean(rendered))


def markdown_block(value: str, css_class: str = "rb-prose") -> Markup:
    """Editor Markdown as a raw HTML block that MkDocs passes through untouched: a raw-HTML island
    (html_islands), so the page's Markdown converter never parses the finished, sanitised HTML again.
    Not for use inside another island (islands do not nest): there, `markdown_div`."""
    return Markup(f'\n<!--rb:html-->\n{markdown_div(value, css_class)}\n<!--/rb:html-->\n')


def markdown_div(value: str, css_class: str = "rb-prose") -> Markup:
    """Editor Markdown as the sanitised HTML block of `markdown_block`, for a template's own island."""
    return Markup(f'<div class="{css_class}">\n{markdown_html(value)}\n</div>')


def raw_code(text: str, indent: int = 4) -> Markup:
    """Text for a 7-backtick fenced code block (shown verbatim), indented to sit inside a block.

    Backtick runs are shortened so the text cannot close the fence early.
    """
    pad = " " * indent
    safe = re.sub(r"`{7,}", "``````", text)
    return Markup("\n".join(pad + line if line else "" for line in safe.splitlines()))


def url(value: str) -> Markup:
    """A validated https URL for a Markdown link target: brackets and quotes percent-encoded."""
    if not value.startswith("https://"):
        raise ValueError(f"refusing non-https URL {value!r}")
    table = {ord(c): f"%{ord(c):02X}" for c in "()<>\"' []`{}|^"}
    return Markup(value.translate(table))


def external_link(href: str, text: object) -> Markup:
    """An editor-supplied https link (resource, source) as an anchor that gives the target no opener
    and no referrer. The text is `plain`, so it is inert both in Markdown and in raw HTML."""
    return Markup(f'<a href="{html_attr(url(href))}" rel="noopener noreferrer">{plain(text)}</a>')


def html_multiline(value: str) -> Markup:
    """Multi-line text for an element's content in raw HTML (e.g. a <textarea>), line breaks kept."""
    return Markup(html.escape(value, quote=True))


_BLOCK_START = re.compile(r"\s*([-*+]\s|\d+[.)]\s|#|>|\||```|~~~)")


def unwrapped(value: str) -> str:
    """Editor Markdown with each paragraph and list item on one line (the same Markdown: a line break
    inside a paragraph is a space). Text copied into a job board or an e-mail then wraps where the
    reader's window does, not mid-sentence where the YAML file did. Hard breaks (two trailing spaces
    or a backslash), table rows and code blocks are kept as written."""
    out: list[str] = []
    fenced = code = listed = False
    for line in value.splitlines():
        prev = out[-1] if out else ""
        fence = line.lstrip().startswith(("```", "~~~"))
        if not prev.strip():
            listed = bool(_BLOCK_START.match(line)) and line.lstrip()[:1] in "-*+0123456789" or (listed and line.startswith(" "))
            code = not fenced and not listed and line.startswith("    ")
        join = (not fenced and not fence and not code and bool(line.strip()) and bool(prev.strip())
                and not _BLOCK_START.match(line) and not prev.lstrip().startswith(("|", "```", "~~~"))
                and not prev.endswith(("  ", "\\")))
        if fence:
            fenced = not fenced
        if join:
            out[-1] = prev.rstrip() + " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def markdown_to_text(value: str) -> str:
    """Editor Markdown as plain text (for the plain-text download): formatting dropped, text kept."""
    return html.unescape(nh3.clean(str(markdown_html(value)).replace("</p>", "</p>\n"), tags=set())).strip()
