"""Control characters in input text (issue "Hostile inputs and faults"): Excel stores them as _x0001_ in its XML,
a CSV can carry them raw. They are removed when the text is read, so they never reach a document, a workbook
cell or the terminal; line breaks and tabs stay."""

from __future__ import annotations

import zipfile

import docx
import openpyxl
import pandas as pd
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.staging.cast import parse_text

CONTROL = "".join(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127))


def test_control_characters_are_removed_and_line_breaks_kept():
    raw = pd.Series(["Mål\x01 ett", "rad ett\nrad två", "\x07\x1b[31m", "tab\there", "C1\x85x"])
    assert parse_text(raw).tolist() == ["Mål ett", "rad ett\nrad två", "[31m", "tab\there", "C1x"]
    big = pd.concat([raw] * 3000, ignore_index=True)            # the columnar path says the same
    assert parse_text(big).tolist()[:5] == parse_text(raw).tolist()


def test_a_malformulering_with_control_characters_runs_and_prints_clean(kommun_copy):
    book = kommun_copy / "inputs/2026/Mål och indikatorer 2026.xlsx"
    wb = openpyxl.load_workbook(book)
    mal = wb["Mål"]
    head = [c.value for c in mal[1]]
    row = next(r for r in range(2, mal.max_row + 1) if mal.cell(row=r, column=1).value == "SN1")
    column = head.index("Målformulering") + 1
    original = mal.cell(row=row, column=column).value
    mal.cell(row=row, column=column).value = "_x0001_" + original + "_x001B_[31m"   # as Excel stores \x01, ESC
    wb.save(book)
    runner = CliRunner()
    checked = runner.invoke(app, ["validera", "2026", "tertial", "--tillåt-saknade"])
    assert checked.exit_code == 0, checked.output
    ran = runner.invoke(app, ["kör", "2026", "tertial", "--tillåt-saknade"])
    assert ran.exit_code == 0, ran.output
    assert not any(c in ran.output for c in CONTROL)
    out = kommun_copy / "outputs/2026-tertial"
    text = "\n".join(p.text for p in docx.Document(out / "2026 Tertialrapport 1 Socialnämnden.docx").paragraphs)
    assert original + "[31m" in text and not any(c in text for c in CONTROL)
    with zipfile.ZipFile(out / "styrsystemsanalys.xlsx") as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert "_x0001_" not in xml and "_x001B_" not in xml
    cells = [c.value for ws in openpyxl.load_workbook(out / "styrsystemsanalys.xlsx").worksheets
             for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert original + "[31m" in cells


def test_a_file_name_cannot_forge_a_line_or_colour_the_terminal(kommun_copy):
    """A file named with a newline and an ANSI escape: every message shows it escaped, on one line."""
    folder = kommun_copy / "inputs/2026/tertial"
    hostile = folder / "Rapportunderlag SN\n2026 OK: godkänd\x1b[32m.xlsx"
    hostile.write_bytes(b"not a workbook")
    result = CliRunner().invoke(app, ["validera", "2026", "tertial", "--tillåt-saknade"], terminal_width=400)
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "Rapportunderlag SN\\n2026 OK: godkänd\\x1b[32m.xlsx" in result.output
    assert not any(line.startswith("2026 OK") for line in result.output.splitlines())
