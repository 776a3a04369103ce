"""`plain`: editor text stays text in every Markdown context, with every extension a site might enable,
while the punctuation of ordinary prose (a word's hyphen, a sentence's full stop, a label's colon) is
left as typed (each escape is an inline match Python-Markdown pays for on every page)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from rolebook.render.text import plain

# Every extension of Python-Markdown and pymdown-extensions that turns text into markup. smarty's
# quotes and smartsymbols' letter-and-digit forms (c/o, 1/2, 1st) are typography, not markup, and are
# not plain's to prevent (quotes and `/` are left as typed).
_EXTENSIONS = ["abbr", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc", "admonition", "smarty",
               "pymdownx.arithmatex", "pymdownx.betterem", "pymdownx.caret", "pymdownx.critic", "pymdownx.details",
               "pymdownx.emoji", "pymdownx.fancylists", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.keys",
               "pymdownx.magiclink", "pymdownx.mark", "pymdownx.progressbar", "pymdownx.smartsymbols", "pymdownx.superfences",
               "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde", "pymdownx.blocks.admonition",
               "pymdownx.blocks.details"]
_CONFIGS = {"smarty": {"smart_quotes": False},
            "pymdownx.smartsymbols": {"care_of": False, "fractions": False, "ordinal_numbers": False}}
_MD = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_CONFIGS)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def _converted(source: str) -> _Elements:
    _MD.reset()
    out = _Elements()
    out.feed(_MD.convert(source))
    return out


# Contexts a template puts plain text in: (Markdown around it, the elements Markdown must make of it)
_CONTEXTS = [("{}", ["p"]), ("- {}", ["ul", "li"]), ("## {}", ["h2"]),
             ("| a |\n|---|\n| {} |", ["table", "thead", "tr", "th", "tbody", "tr", "td"]),
             ("**Label.** {}", ["p", "strong"]), ("text {} text", ["p"])]
_SYNTAX = list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") + [
    "1. ", "1) ", "- ", "* ", "+ ", "# ", "> ", ": ", "---", "===", "...", "--", "-->", "<--", "(c)", "+/-", "=/=",
    "www.", "http://", "https://", "a@b.co", "@user", "#12", ":smile:", "{: #x }", "[^1]", "*[HTML]: ", "$x$",
    "==", "^^", "~~", "++ctrl++", "{++", "[=50%]", "[ ]", "!!! note", "/// note", "`code`", "&amp;", "&#46;",
    "<b>", "<!--", "| x |", "\\", "  ", "\n", "e.g.", "a. ", "iv) ", "#. ", "??? note", "Note: ", "09:00", "well-known", "v1.0", "end.",
    "x", "1", " ",
]
_TEXT = st.lists(st.sampled_from(_SYNTAX), min_size=1, max_size=12).map("".join).filter(lambda s: s.split())


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.sampled_from(_CONTEXTS))
def test_plain_is_text_in_every_context_with_every_extension(text: str, context: tuple[str, list[str]]) -> None:
    template, elements = context
    out = _converted(template.format(plain(text)))
    shown = " ".join(text.split())
    assert out.tags == elements, (text, out.tags)
    assert shown in re.sub(r"\s+", " ", out.text), (text, out.text)


@settings(max_examples=150, deadline=None)
@given(_TEXT, _TEXT)
def test_two_values_side_by_side_at_the_start_of_a_line_stay_text(a: str, b: str) -> None:
    out = _converted(f"{plain(a)}{plain(b)}")
    assert out.tags == ["p"], (a, b, out.tags)
    assert " ".join(a.split()) + " ".join(b.split()) in re.sub(r"\s+", " ", out.text)


def test_prose_punctuation_is_left_as_typed() -> None:
    """A hyphen between letters or digits, a full stop or colon after a letter and before a space or the
    end, are no syntax in any context: kept as typed, not turned into entities."""
    assert plain("A well-known, data-driven team: it ships. Since 2026-06, every week.") == (
        "A well-known, data-driven team: it ships. Since 2026-06, every week.")


def test_punctuation_that_could_form_syntax_is_still_escaped() -> None:
    out = plain("1. -x a--b e.g. www.evil.example https://x :smile: 09:30 end...")
    assert html.unescape(out) == "1. -x a--b e.g. www.evil.example https://x :smile: 09:30 end..."
    for kept in ("1.", "-x", "a--b", "e.g", "www.", "https:", ":smile", "09:30", "..."):
        assert kept not in out, kept
