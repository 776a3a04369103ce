"""Shared field types for every Rolebook document.

Every scalar arrives from the loader as the editor's text (see ``generator.load.yaml_reader``),
so pydantic's lax mode does the typing: ``"6"`` becomes ``6`` where a number is wanted, and
``"no"`` stays ``"no"`` where text is wanted.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MAX_ID_LENGTH = 64
LEVEL_ID_PATTERN = r"^[A-Z][A-Z0-9]{0,5}$"


class Strict(BaseModel):
    """Base model: unknown fields are rejected, so a misspelled key is reported, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


_BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
"""Embeddings, overrides and isolates: they reorder the text around them (Trojan Source). The marks
U+200E, U+200F and U+061C are allowed: they only set the direction of one spot of mixed text."""

# Default-ignorable code points that are letters or symbols to Unicode, yet draw nothing.
_BLANK_GLYPHS = frozenset({0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800})
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me", "Zs", "Zl", "Zp"})

# Rolebook's own comment markers (raw-HTML islands, chart and home placeholders); editor text is never one.
_MARKER = re.compile(r"<!--\s*/?\s*(rb|rolebook)\b", re.I)


def _char_name(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def _unsafe_char(ch: str) -> str:
    """Why a character found by `_UNSAFE` may not appear in editor text."""
    cp = ord(ch)
    if cp < 0x20 or 0x7F <= cp <= 0x9F:
        return "a control character"
    if 0xD800 <= cp <= 0xDFFF:
        return "a lone surrogate"
    if cp in _BIDI_CONTROLS:
        return "a bidirectional control"
    return "a Unicode noncharacter"


_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)) + "]"
)
"""C0 controls but tab and line breaks, DEL and C1 controls, lone surrogates, bidi controls, noncharacters."""

# The same rule for editors (JSON Schema, ECMA-262 regex): no Rolebook marker, no character of _UNSAFE in the Basic
# Multilingual Plane (surrogates and astral noncharacters cannot be named without the regex `u` flag).
_SCHEMA_UNSAFE = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff"
_SCHEMA_NO_MARKER = r"(?![\s\S]*<!--\s*/?\s*([Rr][Bb]|[Rr][Oo][Ll][Ee][Bb][Oo][Oo][Kk])\b)"  # _MARKER
EDITOR_PATTERNS = {
    "text": f"^{_SCHEMA_NO_MARKER}[^{_SCHEMA_UNSAFE}]*$",
    "line": f"^{_SCHEMA_NO_MARKER}[^{_SCHEMA_UNSAFE}\\n\\r]*$",
    # a real month and day (29 February in any year: the leap year is left to `rolebook validate`)
    "as-of": r"^[0-9]{4}-((0[1-9]|1[0-2])(-(0[1-9]|1[0-9]|2[0-8]))?|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31|02-29)$",
}
"""The editor schema (generator/schema.py) puts these where a field says `x-editor-pattern`; the field
reference keeps showing the plain rule."""
TEXT_SCHEMA = {"x-editor-pattern": "text"}
LINE_SCHEMA = {"x-editor-pattern": "line"}


def is_visible(ch: str) -> bool:
    """Whether a character draws something (not a space, control, format or combining mark)."""
    return ord(ch) not in _BLANK_GLYPHS and unicodedata.category(ch) not in _INVISIBLE_CATEGORIES


def safe_text(value: str) -> str:
    """The check every editor text passes: no controls, noncharacters, surrogates, bidi controls or
    Rolebook markers, and at least one visible character."""
    bad = _UNSAFE.search(value)
    if bad:
        ch = bad.group(0)
        raise PydanticCustomError(
            "unsafe_text", "contains {char} ({why}) at character {pos}; remove it",
            {"char": _char_name(ch), "why": _unsafe_char(ch), "pos": bad.start() + 1},
        )
    marker = _MARKER.search(value)
    if marker:
        raise PydanticCustomError(
            "reserved_marker", "contains '{marker}', which starts a comment Rolebook reserves for itself",
            {"marker": marker.group(0)},
        )
    if not any(is_visible(ch) for ch in value):
        raise PydanticCustomError("invisible_text", "has no visible character (only spaces or invisible marks)")
    return value


def _single_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line; remove the line break (use '>-' or quotes)")
    return value


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_ID_LENGTH),
    Field(description="A lower-case id: letters, digits and single hyphens, e.g. `ai-engineer`."),
]
LevelId = Annotated[
    str,
    StringConstraints(pattern=LEVEL_ID_PATTERN),
    Field(description="A level id from `site_config/levels.yaml`, e.g. `P3` or `M1`."),
]
Label = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=160),
    AfterValidator(safe_text),
    AfterValidator(_single_line),
    Field(json_schema_extra=LINE_SCHEMA),
]
"""Short plain text (a title or a label): one line, shown as text, never as markup."""

def _has_word(value: str) -> str:
    if not any(ch.isalnum() and is_visible(ch) for ch in value):
        raise ValueError("needs at least one letter or digit")
    return value


Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=160),
    AfterValidator(safe_text),
    AfterValidator(_single_line),
    Field(json_schema_extra=LINE_SCHEMA),
    AfterValidator(_has_word),
]
"""A title: one line with at least one letter or digit."""

Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(safe_text),
    Field(json_schema_extra=TEXT_SCHEMA),
]
"""Plain text, possibly several sentences; shown as text, never as markup."""

Summary = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
    AfterValidator(safe_text),
    Field(json_schema_extra=TEXT_SCHEMA),
]
"""One or two plain sentences (at most 300 characters) for cards, search results and meta descriptions."""

Markdown = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20000),
    AfterValidator(safe_text),
    Field(json_schema_extra={"contentMediaType": "text/markdown", **TEXT_SCHEMA}),
]
"""Markdown (raw HTML is shown as text; links must be https, mailto, in-page or relative to the site)."""


def _https_url(value: str) -> str:
    if not re.fullmatch(r"https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\s<>\"']*)?", value):
        raise ValueError("must be an https:// URL with no spaces, e.g. https://example.org/page")
    return value


HttpsUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=500),
    AfterValidator(_https_url),
    Field(description="An https URL.", json_schema_extra={"format": "uri", "pattern": "^https://"}),
]


def _as_of(value: str) -> str:
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?", value)  # ASCII digits, as the schema says
    if not match:
        raise ValueError("must be a date written YYYY-MM or YYYY-MM-DD, e.g. 2026-06")
    year, month, day = int(match[1]), int(match[2]), match[3]
    if not 1 <= month <= 12:
        raise ValueError(f"month {month:02d} does not exist")
    if day is not None and not 1 <= int(day) <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"{value} is not a real date")
    return value


AsOf = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_as_of),
    Field(
        description="As-of date, `YYYY-MM` or `YYYY-MM-DD`.",
        json_schema_extra={"pattern": r"^\d{4}-\d{2}(-\d{2})?$", "x-editor-pattern": "as-of"},
    ),
]

CurrencyCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{3}$"),
    Field(description="ISO 4217 currency code, e.g. `USD`, `EUR`."),
]
OCCUPATION_CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,31}$"
OccupationCode = Annotated[
    str,
    StringConstraints(pattern=OCCUPATION_CODE_PATTERN),
    Field(description="A code in an occupational classification, e.g. `15-1252` (SOC) or `15-1252.00` (O*NET-SOC)."),
]


def plain_number(value: object) -> object:
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", text):
            raise ValueError(
                f"'{value}' is not a plain number; write digits only, e.g. 130000 "
                "(no thousands separators, currency signs, 'k' or exponents)"
            )
        return text
    return value



def check_band_order(low: float, median: float | None, high: float) -> None:
    """A pay band must read min ≤ median ≤ max."""
    if low > high:
        raise ValueError(f"min ({low:g}) is greater than max ({high:g}); swap them")
    if median is not None and not low <= median <= high:
        raise ValueError(f"median ({median:g}) must lie between min and max")
