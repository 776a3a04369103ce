"""Every payload through every free-text field of role files and of every `site_config` file.

The documents are generated from the golden project by the models themselves (tests/injection_corpus.py):
each string typed Label, Title, Text, Summary or Markdown is replaced, ids and enums stay valid.

* Payloads the validator refuses (control characters, noncharacters, bidi controls, Rolebook's
  markers, invisible-only text) are refused in every field with file:line:col and a hint.
* Two builds carry the rest: build A with the validator as shipped; build B with the validator's
  character and marker checks switched off, so the refused payloads reach the renderers too, which
  must keep them inert on their own (front matter, islands, chart placeholders, links).
* Every page type of both sites is opened in Chromium: no payload may set a `window.__pwned*` flag.
  All HTML is scanned for handlers, `javascript:`/`data:` URLs, `//host` and `/\\host` links and markers.
"""

from __future__ import annotations

import re
import subprocess
import sys
import types
import typing
from pathlib import Path
from urllib.parse import urlparse

import pytest
from pydantic import BaseModel

from rolebook.load.yaml_reader import parse_yaml
from rolebook.validate.model_errors import validate_doc
from tests.conftest import copy_small_project, run_cli, serve
from tests.injection_corpus import TextKind, documents, dump, field_paths, hostile, leaves, path_of
from tests.test_safety import scan

GROUP_A = ["<script>__pwned1=1</script>", "<img src=x onerror=__pwned2=1>", "[x](javascript:__pwned3=1)",
           "[x](//evil.example/)"]
GROUP_B = ["[x](/\\evil.example)", "{: onclick=__pwned4=1 }", "{{ config }}{% raw %}", "--- \"q\" 's' a: b #c"]
MULTILINE = "\n\n---\ntitle: x\n---\n\n<svg onload=__pwned5=1>\n\n[y]: //evil.example\n\n[y]\n"
# Refused by the validator; build B lets them through to the renderers.
FORGED = "\x80\uffff\ufffe\u202e <!--rb:html--> <!--/rb:html--> <!--rolebook-chart:x-->"
FORGED_LINES = "\n<!--rb:html-->\n<!--rolebook-html:0-->\n<!--/rb:html-->\n"

REFUSED = [
    ("\x80", "contains U+0080 (a control character)"),
    ("\x9b", "contains U+009B (a control character)"),
    ("\uffff", "contains U+FFFF (a Unicode noncharacter)"),
    ("\ufffe", "contains U+FFFE (a Unicode noncharacter)"),
    ("\ufdd0", "contains U+FDD0 (a Unicode noncharacter)"),
    ("\u202e", "contains U+202E RIGHT-TO-LEFT OVERRIDE (a bidirectional control)"),
    ("\u2067", "contains U+2067 RIGHT-TO-LEFT ISOLATE (a bidirectional control)"),
    ("<!--rb:html-->", "contains '<!--rb'"),
    ("<!--/rb:html-->", "contains '<!--/rb'"),
    ("<!--rolebook-html:0-->", "contains '<!--rolebook'"),
    ("<!--rolebook-chart:0123456789abcdef-->", "contains '<!--rolebook'"),
    ("<!-- rolebook:roles-by-family -->", "contains '<!-- rolebook'"),
]
INVISIBLE = ["\u200b", "\u3164", "\u200b\u2800\u00ad", "\ufeff\u2060"]


def _hostile_project(root: Path, payload: typing.Callable[[TextKind, str], str]) -> Path:
    for rel, (data, model) in documents().items():
        data, _ = hostile(data, model, payload)
        (root / rel).write_text(dump(data), encoding="utf-8")
    return root


def _accepted(group: list[str], extra: str = "", extra_lines: str = "") -> typing.Callable[[TextKind, str], str]:
    def payload(kind: TextKind, original: str) -> str:
        text = ("T " if kind.needs_word else "") + " ".join(group) + (" " + extra if extra else "")
        if not kind.single_line:
            text += MULTILINE + extra_lines
        assert len(text) <= kind.max_length, (kind, len(text))
        return text
    return payload


# --- the corpus covers the models ------------------------------------------------------------------


def _all_models() -> set[type[BaseModel]]:
    return {model for _, model in documents().values()}


def test_corpus_reaches_every_text_field() -> None:
    declared: dict[type, set[str]] = {}
    covered: dict[type, set[str]] = {}
    for data, model in documents().values():
        declared.setdefault(model, field_paths(model))
        covered.setdefault(model, set()).update(path_of(loc) for loc, _ in leaves(data, model))
    for model, paths in declared.items():
        assert paths and paths == covered[model], f"{model.__name__}: not in the corpus: {sorted(paths - covered[model])}"


def _str_fields(model: type[BaseModel], seen: set[type]) -> typing.Iterator[tuple[str, tuple[typing.Any, ...]]]:
    """Every string field reachable from `model`, with the constraints on the way to it."""
    if model in seen:
        return
    seen.add(model)
    for name, field in model.model_fields.items():
        stack: list[tuple[typing.Any, tuple[typing.Any, ...]]] = [(field.annotation, tuple(field.metadata))]
        while stack:
            ann, metadata = stack.pop()
            if typing.get_origin(ann) is typing.Annotated:
                stack.append((typing.get_args(ann)[0], metadata + tuple(ann.__metadata__)))
            elif isinstance(ann, type) and issubclass(ann, BaseModel):
                yield from _str_fields(ann, seen)
            elif ann is str:
                yield f"{model.__name__}.{name}", metadata
            elif typing.get_origin(ann) in (typing.Union, types.UnionType):
                stack.extend((a, metadata) for a in typing.get_args(ann))
            else:
                stack.extend((a, ()) for a in typing.get_args(ann) if not isinstance(a, (str, int)))


def test_every_string_field_is_editor_text_or_has_a_fixed_form() -> None:
    """No bare `str`: a string field has the shared editor-text check, a pattern, or a form validator."""
    from rolebook.models.common import _as_of, _https_url, safe_text

    checks = {safe_text, _https_url, _as_of}
    bare = set()
    for model in _all_models():
        for name, metadata in _str_fields(model, set()):
            if not any(getattr(m, "pattern", None) or getattr(m, "func", None) in checks for m in metadata):
                bare.add(name)
    assert not bare, f"string fields without the editor-text check or a fixed form: {sorted(bare)}"


# --- refused payloads: every field, located, with a hint ------------------------------------------


@pytest.mark.parametrize("payload,message", REFUSED + [(v, "has no visible character") for v in INVISIBLE],
                         ids=[repr(p) for p, _ in REFUSED] + [repr(v) for v in INVISIBLE])
def test_the_validator_refuses_it_in_every_text_field(payload: str, message: str) -> None:
    invisible = message.startswith("has no visible")
    for rel, (data, model) in documents().items():
        bad, locs = hostile(data, model, lambda kind, original: payload if invisible else f"{original} {payload} end")
        doc = parse_yaml(rel, dump(bad))
        _, problems = validate_doc(doc, model)
        expected = {doc.locate(loc) for loc in locs}
        found = {(p.line, p.col) for p in problems if message in p.message}
        assert found == expected, f"{rel}: missing {sorted(expected - found)}"
        for p in problems:
            assert (p.line, p.col) in expected and p.hint and p.code == "invalid-value", p


# --- two builds, then the browser and a static scan ------------------------------------------------

_NO_TEXT_CHECKS = """
import re, sys
import rolebook.models.common as common
common._UNSAFE = re.compile("(?!)")  # the validator's character and marker checks off:
common._MARKER = re.compile("(?!)")  # the renderers alone must keep these payloads inert
from rolebook.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def corpus_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    sites = {}
    a = _hostile_project(copy_small_project(tmp_path_factory.mktemp("inject-a") / "project"), _accepted(GROUP_A))
    result = run_cli("build", str(a))
    assert result.returncode == 0, result.stdout + result.stderr
    sites["a"] = a / "site"
    b = _hostile_project(copy_small_project(tmp_path_factory.mktemp("inject-b") / "project"),
                         _accepted(GROUP_B, FORGED, FORGED_LINES))
    result = subprocess.run([sys.executable, "-c", _NO_TEXT_CHECKS, "build", str(b)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    sites["b"] = b / "site"
    sites["a-project"], sites["b-project"] = a, b
    return sites


_OFF_SITE = re.compile(r"^[\x00-\x20]*[/\\][\t\n\r]*[/\\]")


def _sites(corpus_sites: dict[str, Path]) -> dict[str, Path]:
    return {name: path for name, path in corpus_sites.items() if not name.endswith("-project")}


def test_every_generated_front_matter_parses_for_other_builders(corpus_sites: dict[str, Path]) -> None:
    """What `--pages-only` hands ProperDocs or Zensical: every page's front matter reads back (MkDocs' reader)."""
    from mkdocs.utils.meta import get_data

    from rolebook.generate import generate

    pages = generate(corpus_sites["a-project"], chart_cache=False, charts=False).pages
    checked = hostile_titles = 0
    for path, text in pages.items():
        if path.endswith(".md"):
            body, meta = get_data(text)
            assert isinstance(meta.get("title"), str) and meta["title"], path
            assert not body.startswith("---"), path
            checked += 1
            hostile_titles += "&lt;script&gt;__pwned1" in meta["title"]
    assert checked > 20 and hostile_titles > 10


def test_no_live_markup_links_or_markers_in_any_page(corpus_sites: dict[str, Path]) -> None:
    for name, site in _sites(corpus_sites).items():
        pages = sorted(site.rglob("*.html"))
        assert len(pages) > 20
        for page in pages:
            text = page.read_text(encoding="utf-8")
            found = scan(page)
            assert not found.handlers, f"{name}: event handler in {page}: {found.handlers}"
            assert not found.script_urls, f"{name}: script URL in {page}: {found.script_urls}"
            assert not any("__pwned" in s for s in found.scripts), f"{name}: payload script in {page}"
            for attr, value in re.findall(r'\s(href|src|action|formaction)="([^"]*)"', text):
                assert not _OFF_SITE.match(value), f"{name}: off-site link {attr}={value!r} in {page}"
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), f"{name}: {value!r} in {page}"
            assert not re.search(r"<!--\s*/?\s*(rb:|rolebook)", text), f"{name}: a Rolebook marker survived in {page}"
            title = re.search(r"<title>(.*?)</title>", text, re.S)
            assert title and "<" not in title.group(1), f"{name}: markup in the <title> of {page}"
        role = (site / "roles" / "full-role" / "index.html").read_text(encoding="utf-8")
        assert "__pwned" in role  # the payloads are there, as text
    jd = (corpus_sites["b"] / "roles" / "full-role" / "job-description" / "index.html").read_text(encoding="utf-8")
    assert "&lt;!--rb:html--&gt;" in jd and "\u202e" in jd  # build B did carry the forged text to the page


def _one_page_per_type(site: Path) -> list[str]:
    """A page of every kind: hand-written, listings, and each generated page of the full role."""
    urls = ["", "roles/", "catalog/", "skills/", "skills/sql/", "questions/", "compensation/", "compare/",
            "about/", "roles/full-role/", "roles/data-analyst/"]
    urls += [str(p.parent.relative_to(site)) + "/" for p in (site / "roles" / "full-role").rglob("index.html")]
    urls += [str(p.parent.relative_to(site)) + "/" for p in (site / "catalog").glob("data.ful*/index.html")]
    urls += [str(p.parent.relative_to(site)) + "/" for p in site.glob("families/*/index.html")][:1]
    missing = [u for u in urls if not (site / u / "index.html").is_file()]
    assert not missing, missing
    return sorted(set(urls))


def test_no_payload_runs_in_chromium(corpus_sites: dict[str, Path], browser: object) -> None:
    for name, site in _sites(corpus_sites).items():
        url, stop = serve(site)
        context = browser.new_context()  # type: ignore[attr-defined]
        try:
            page = context.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
            visited = _one_page_per_type(site)
            assert len(visited) >= 15
            for path in visited:
                page.goto(f"{url}/{path}")
                page.wait_for_load_state("load")
                flags = page.evaluate("Object.keys(window).filter(k => k.startsWith('__pwned'))")
                assert flags == [] and dialogs == [], f"{name}: {path}: {flags} {dialogs}"
                hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
                for href in hrefs:
                    parsed = urlparse(href)
                    assert parsed.scheme in {"http", "https", "mailto"}, f"{name}: {path}: {href}"
                    assert parsed.hostname != "evil.example", f"{name}: {path}: off-site link {href}"
        finally:
            context.close()
            stop()
