"""Build pipeline/resources/templates/html/fonter/KommunSans-*.ttf (DejaVu Sans) and …/templates/alternativ/html/fonter/KommunSerif-*.ttf
(DejaVu Serif, for the alternative template set): matplotlib's bundled copies cut down to
Latin, Swedish punctuation and the status symbols, so that WeasyPrint's per-document font subsetting is fast
and the PDFs do not depend on the fonts installed on the machine.

Licence: DejaVu fonts are Bitstream Vera derivatives (changes public domain); a modified font must not be
called "Bitstream" or "Vera", hence the family names "Kommun Sans" and "Kommun Serif". See
pipeline/resources/templates/html/fonter/LICENS.txt.
Run: .venv/bin/python tools/build_font.py
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
from pipeline.resources import TEMPLATES
FAMILIES = (  # (output folder, source family, new family)
    (TEMPLATES / "html" / "fonter", "DejaVu Sans", "Kommun Sans"),
    (TEMPLATES / "alternativ" / "html" / "fonter", "DejaVu Serif", "Kommun Serif"),
)
SOURCE = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
# Basic Latin, Latin-1, Latin Extended-A, general punctuation, arrows, geometric shapes, dingbats used for status.
UNICODES = [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2060), 0x20AC, 0x2122, 0x2139, *range(0x2190, 0x21FF),
            0x2212, 0x2248, 0x2260, 0x2264, 0x2265, *range(0x25A0, 0x25FF), 0x26A0, 0x2713, 0x2714, 0x2716, 0x2717, 0x2718]


def build() -> list[Path]:
    written = []
    for out, source, family in FAMILIES:
        out.mkdir(parents=True, exist_ok=True)
        src, dst = source.replace(" ", ""), family.replace(" ", "")
        for style, name in (("Regular", f"{src}.ttf"), ("Bold", f"{src}-Bold.ttf")):
            font = TTFont(SOURCE / name, recalcTimestamp=False)  # same bytes on every rebuild
            options = subset.Options()
            options.layout_features = ["kern", "liga"]
            options.name_IDs = ["*"]
            options.notdef_outline = True
            options.glyph_names = False
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=UNICODES)
            subsetter.subset(font)
            for record in font["name"].names:
                record.string = record.toUnicode().replace(source, family).replace(src, dst)
            target = out / f"{dst}-{style}.ttf"
            font.save(target)
            written.append(target)
        if out != FAMILIES[0][0]:
            # The serif lacks the status symbols (✔ ◐ ✖ ○ ℹ ⚠): the set's CSS falls back to Kommun Sans, shipped
            # beside it, so that every glyph comes from an embedded font of the set itself.
            for name in ("LICENS.txt", "KommunSans-Regular.ttf", "KommunSans-Bold.ttf"):
                (out / name).write_bytes((FAMILIES[0][0] / name).read_bytes())
    return written


if __name__ == "__main__":
    for p in build():
        print(p, p.stat().st_size)
