"""Issue 21: every PDF of the example kommun keeps its text inside the page's content box, and no word is broken
across lines without a hyphen.

The content box is the A4 page minus the @page margins of the template set's rapport.css. Only the left and right
edges are checked: the running footer stands in the bottom margin box by design (@bottom-center). Glyph positions
are read with pdfminer.six; a text line that ends beyond the right margin (0.5 pt tolerance) is a table or a word
that does not fit. A word broken without a hyphen is found by its two halves: a line in a text box that ends in a
letter, followed by a line starting with a lowercase letter, where the two fragments joined are a word of the same
document's .docx (Word breaks no words) and one of the fragments is not.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import docx
import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextBox, LTTextLine

ROOT = Path(__file__).resolve().parents[1]
from pipeline.resources import TEMPLATES
MM = 72 / 25.4
TOLERANCE_PT = 0.5
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def page_margins(css: Path) -> tuple[float, float]:
    """(left, right) margin in pt from the @page rule's `margin: top right bottom left` (mm) of `css`."""
    rule = re.search(r"@page\s*\{[^}]*?margin:\s*([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm", css.read_text())
    assert rule, f"no @page margin in {css}"
    return float(rule.group(4)) * MM, float(rule.group(2)) * MM


@functools.lru_cache(maxsize=None)
def lines_of(pdf: Path) -> tuple[tuple[int, float, int, float, float, str], ...]:
    """(page number, page width, text box index, x0, x1, text) of every text line of `pdf`, laid out by pdfminer once
    per file (both checks read every PDF)."""
    out = []
    for number, page in enumerate(extract_pages(str(pdf)), start=1):
        for index, box in enumerate(el for el in page if isinstance(el, LTTextBox)):
            for line in box:
                if isinstance(line, LTTextLine):
                    out.append((number, page.width, index, line.x0, line.x1, line.get_text()))
    return tuple(out)


def outside_margins(pdf: Path, left: float, right: float) -> list[tuple[int, float, str]]:
    """(page, the line's x extent beyond the content box in pt, text) of every line that leaves the content box."""
    out = []
    for number, width, _box, x0, x1, text in lines_of(pdf):
        beyond = max(x1 - (width - right), left - x0)
        if beyond > TOLERANCE_PT:
            out.append((number, round(beyond, 1), text.strip()[:60]))
    return out


def docx_words(path: Path) -> set[str]:
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return {w.lower() for t in texts for w in WORD.findall(t)}


def broken_words(pdf: Path, vocabulary: set[str]) -> list[tuple[int, str]]:
    """(page, 'fragment|fragment') of every word split across two lines of a text box without a hyphen."""
    out = []
    previous = None
    for number, _width, box, _x0, _x1, text in lines_of(pdf):
        text = text.rstrip("\n")
        if previous is not None and previous[:2] == (number, box):
            head = WORD.findall(previous[2].split(" ")[-1]) if previous[2].strip() else []
            tail = WORD.findall(text.split(" ")[0]) if text.strip() else []
            ends_in_letter = previous[2].rstrip()[-1:].isalpha()
            if head and tail and ends_in_letter and text[:1].islower():
                a, b = head[-1].lower(), tail[0].lower()
                if a + b in vocabulary and (a not in vocabulary or b not in vocabulary):
                    out.append((number, f"{head[-1]}|{tail[0]}"))
        previous = (number, box, text)
    return out


def pdfs(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.glob("*.pdf"))


NAMND_REPORTS_PER_FOLDER = 2


@pytest.fixture(scope="module")
def every_pdf(demo_runs, year_end_runs, plan_outputs) -> list[Path]:
    """Every kind of PDF: all of the kommun's documents and the plan round's, and per reporting point the two
    longest nämnd reports (one template each: the longest hold the most tables and the longest words)."""
    found = []
    for folder in (demo_runs[0], year_end_runs["delar"][0], year_end_runs["bokslut"][0], *plan_outputs):
        every = pdfs(folder)
        namnd = [p for p in every if "Tertialrapport 1" in p.name and "Kommunövergripande" not in p.name
                 or "Verksamhetsberättelse" in p.name or ("Delårsrapport" in p.name and "Exempelkommun" not in p.name)]
        longest = sorted(namnd, key=lambda p: p.stat().st_size, reverse=True)[:NAMND_REPORTS_PER_FOLDER]
        found += [p for p in every if p not in namnd or p in longest]
    assert len(found) >= 22
    return sorted(found)


def test_page_margins_are_read_from_the_template_sets_css():
    for css in (TEMPLATES / "html" / "rapport.css", TEMPLATES / "alternativ" / "html" / "rapport.css"):
        left, right = page_margins(css)
        assert round(left / MM) == 18 and round(right / MM) == 18


def test_no_text_beyond_the_content_box_in_any_pdf(every_pdf):
    left, right = page_margins(TEMPLATES / "html" / "rapport.css")
    problems = {pdf.name: found for pdf in every_pdf if (found := outside_margins(pdf, left, right))}
    assert problems == {}


def test_no_word_broken_without_a_hyphen_in_any_pdf(every_pdf):
    problems = {}
    for pdf in every_pdf:
        source = pdf.with_suffix(".docx")
        if source.exists():
            found = broken_words(pdf, docx_words(source))
            if found:
                problems[pdf.name] = found
    assert problems == {}


def test_the_checks_catch_an_overflowing_table_and_a_broken_word(tmp_path):
    """The same checks on a page made to fail: a nowrap table wider than the page and a word forced apart."""
    from weasyprint import HTML

    cells = "".join(f"<td>{n:,}</td>" for n in range(10_000_000, 10_000_012))
    html = f"""<html lang="sv-SE"><head><style>@page {{ size: A4; margin: 20mm 18mm 22mm 18mm; }}
    td {{ white-space: nowrap; }} p {{ width: 30mm; overflow-wrap: anywhere; }}</style></head><body>
    <table><tr>{cells}</tr></table><p>Balanskravsutredningens resultat</p></body></html>"""
    pdf = tmp_path / "fel.pdf"
    HTML(string=html).write_pdf(pdf)
    left, right = page_margins(TEMPLATES / "html" / "rapport.css")
    assert outside_margins(pdf, left, right)
    assert broken_words(pdf, {"balanskravsutredningens", "resultat"})
