"""Build templates/html/fonter/KommunSans-*.ttf: DejaVu Sans (from matplotlib's bundled copy) cut down to
Latin, Swedish punctuation and the status symbols, so that WeasyPrint's per-document font subsetting is fast
and the PDFs do not depend on the fonts installed on the machine.

Licence: DejaVu fonts are Bitstream Vera derivatives (changes public domain); a modified font must not be
called "Bitstream" or "Vera", hence the family name "Kommun Sans". See templates/html/fonter/LICENS.txt.
Run: .venv/bin/python tools/build_font.py
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "templates" / "html" / "fonter"
SOURCE = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
# Basic Latin, Latin-1, Latin Extended-A, general punctuation, arrows, geometric shapes, dingbats used for status.
UNICODES = [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2060), 0x20AC, 0x2122, *range(0x2190, 0x21FF),
            0x2212, 0x2248, 0x2260, 0x2264, 0x2265, *range(0x25A0, 0x25FF), 0x2713, 0x2714, 0x2716, 0x2717, 0x2718]


def build() -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    for style, name in (("Regular", "DejaVuSans.ttf"), ("Bold", "DejaVuSans-Bold.ttf")):
        font = TTFont(SOURCE / name)
        options = subset.Options()
        options.layout_features = ["kern", "liga"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        options.glyph_names = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=UNICODES)
        subsetter.subset(font)
        for record in font["name"].names:
            text = record.toUnicode()
            record.string = text.replace("DejaVu Sans", "Kommun Sans").replace("DejaVuSans", "KommunSans")
        target = OUT / f"KommunSans-{style}.ttf"
        font.save(target)
        written.append(target)
    return written


if __name__ == "__main__":
    for p in build():
        print(p, p.stat().st_size)
