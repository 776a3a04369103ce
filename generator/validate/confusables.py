"""Titles that look the same: a visual skeleton in the spirit of Unicode TS #39.

Two role titles that read the same on screen (Latin "AI Engineer" and one spelled with a Cyrillic
"А", or "AI" and "Al") cannot be told apart by readers or by the search box. ``skeleton`` maps a
title to a form in which such look-alikes are equal: NFKC (full-width letters, ligatures), no
invisible format characters, case folded, white space collapsed, and the Cyrillic, Greek and
Latin letters and digits that are drawn like another Latin letter mapped to it.

The map is a small subset of the TS #39 confusables table: the letters a title in a Latin-script
catalog can plausibly be mistyped or spoofed with. No maintained package on the index exposes the
TS #39 skeleton itself (confusable-homoglyphs detects mixed scripts in one string, which misses a
title spelled wholly in Cyrillic look-alikes), so the table lives here.
"""

from __future__ import annotations

import re
import unicodedata

_LOOKALIKES = {
    # Cyrillic capitals and small letters drawn like Latin ones
    "А": "a", "В": "b", "С": "c", "Е": "e", "Н": "h", "І": "l", "Ј": "j", "К": "k", "М": "m", "О": "o",
    "Р": "p", "Ѕ": "s", "Т": "t", "Х": "x", "У": "y", "Ү": "y", "Ԛ": "q", "Ԝ": "w", "Ӏ": "l",
    "а": "a", "с": "c", "е": "e", "һ": "h", "і": "i", "ј": "j", "о": "o", "р": "p", "ѕ": "s", "х": "x",
    "у": "y", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ь": "b",
    # Greek
    "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "l", "Κ": "k", "Μ": "m", "Ν": "n", "Ο": "o",
    "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x", "ο": "o", "ν": "v", "ρ": "p", "ι": "i", "κ": "k", "υ": "u",
    # Latin and digits drawn alike in sans-serif faces: capital I, small l, one, vertical bar; zero and O
    "I": "l", "1": "l", "|": "l", "0": "o", "ı": "i",
}
_TABLE = str.maketrans(_LOOKALIKES)


def skeleton(text: str) -> str:
    """A form of `text` in which titles that look alike are equal."""
    value = unicodedata.normalize("NFKC", text)
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Cf")  # zero-width and other invisibles
    value = value.translate(_TABLE).casefold().translate(_TABLE)
    return re.sub(r"\s+", " ", value).strip()


def plain(text: str) -> str:
    """The title as a reader types it: NFKC, case folded, white space collapsed (no look-alike mapping)."""
    value = "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Cf")
    return re.sub(r"\s+", " ", value.casefold()).strip()
