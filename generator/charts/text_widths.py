"""Regenerate `js/text-widths.json`: glyph advance widths of Liberation Sans, regular and bold.

Vega lays a chart out by measuring its text (axis labels decide the left margin, long labels are
cut with an ellipsis). The embedded engine has no canvas to measure with, so `vega_v8.py` hands Vega
these widths instead: the font is metric-compatible with Arial and Helvetica, which is what readers'
`sans-serif` usually is, and it is the font vl-convert measured with before. Kerning is ignored.

Run only when the table should change (needs fontTools and the Debian `fonts-liberation` files):

    .venv/bin/pip install fonttools && .venv/bin/python -m rolebook.charts.text_widths
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FONTS = Path("/usr/share/fonts/truetype/liberation")
OUT = Path(__file__).with_name("js") / "text-widths.json"
RANGES = [(0x20, 0x530), (0x2000, 0x2300)]  # Latin, Greek, Cyrillic; punctuation, currency, arrows, maths


def widths(font_file: Path, chars: list[int]) -> list[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(font_file)
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    return [hmtx[cmap[c]][0] for c in chars]


def main() -> None:
    from fontTools.ttLib import TTFont

    regular = FONTS / "LiberationSans-Regular.ttf"
    cmap = TTFont(regular).getBestCmap()
    bold_cmap = TTFont(FONTS / "LiberationSans-Bold.ttf").getBestCmap()
    chars = [c for lo, hi in RANGES for c in range(lo, hi) if c in cmap and c in bold_cmap]
    table = {
        "font": "Liberation Sans 2 (SIL Open Font License): advance widths in font units",
        "unitsPerEm": TTFont(regular)["head"].unitsPerEm,
        "chars": "".join(map(chr, chars)),
        "regular": widths(regular, chars),
        "bold": widths(FONTS / "LiberationSans-Bold.ttf", chars),
    }
    OUT.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(chars)} characters", file=sys.stderr)


if __name__ == "__main__":
    main()
