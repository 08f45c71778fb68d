"""Write docs/mallvariabler.md from the code (pipeline/mallkontroll): `.venv/bin/python tools/build_mallvariabler.py`.

Run it after changing what a document context holds or a description in pipeline/mallkontroll/descriptions.py;
tests/test_mallar.py fails while the committed file differs from what the code produces.
"""

from __future__ import annotations

import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "docs" / "mallvariabler.md"

from pipeline.mallkontroll.reference import TemplateDocError, render_markdown


def main() -> int:
    try:
        text = render_markdown()
    except TemplateDocError as exc:
        print(exc, file=sys.stderr)
        return 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"{OUTPUT} skriven.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
