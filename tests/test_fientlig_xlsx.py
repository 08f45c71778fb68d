"""Hostile input text (issue "Hostile inputs and faults"): text that looks like a formula in an input cell stays
text in every workbook the program writes (styrsystemsanalys, rapportunderlag, inlämning, Nämndbeslut), whatever
it starts with; only the program's own formulas are formulas. Control characters in a Målformulering (as Excel
stores them, _x0001_) reach no document, cell or terminal."""

from __future__ import annotations

import re
import zipfile

import docx
import openpyxl
from openpyxl import Workbook
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.render.xlsx import workbook_bytes

CONTROL = "".join(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127))
HOSTILE = ("=cmd|' /C calc'!A0", '=HYPERLINK("http://example.invalid","klicka")', "+1+1", "@SUM(1)")


def _formulas(data: bytes) -> list[str]:
    """Every <f> element's text in every sheet of an .xlsx."""
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        return [f for name in z.namelist() if name.startswith("xl/worksheets/")
                for f in re.findall(r"<f>([^<]*)</f>", z.read(name).decode("utf-8"))]


def test_only_the_programs_own_formulas_are_formulas():
    wb = Workbook()
    ws = wb.active
    ws.title = "Blad"
    for r, text in enumerate(HOSTILE, start=1):
        ws.cell(row=r, column=1, value=text)
    ws["B1"] = "=SUM(1,2)"
    data = workbook_bytes(wb, {"titel": "t", "amne": "a", "kommun": "k", "nyckelord": "n", "datum_iso": "2026-01-01"},
                          {"Blad": {"B1": 3}})
    assert _formulas(data) == ["SUM(1,2)"]
    back = openpyxl.load_workbook(__import__("io").BytesIO(data))["Blad"]
    assert [back.cell(row=r, column=1).value for r in range(1, len(HOSTILE) + 1)] == list(HOSTILE)
    assert all(back.cell(row=r, column=1).data_type == "s" for r in range(1, len(HOSTILE) + 1))


def test_formula_text_in_the_inputs_never_becomes_a_live_formula(kommun_copy):
    book = kommun_copy / "inputs/2026/Mål och indikatorer 2026.xlsx"
    wb = openpyxl.load_workbook(book)
    mal, ind = wb["Mål"], wb["Indikatorer"]
    head = [c.value for c in mal[1]]
    row = next(r for r in range(2, mal.max_row + 1) if mal.cell(row=r, column=1).value == "SN1")
    cell = mal.cell(row=row, column=head.index("Målformulering") + 1)
    cell.value, cell.data_type = HOSTILE[1], "s"   # typed as text in Excel: a string cell, not a formula
    ks = next(r for r in range(2, mal.max_row + 1) if mal.cell(row=r, column=1).value == "KS1")
    cell = mal.cell(row=ks, column=head.index("Målformulering") + 1)
    clean = cell.value
    cell.value = "_x0001_" + clean + "_x001B_[31m"      # as Excel stores \x01 and ESC in its XML
    ihead = [c.value for c in ind[1]]
    cell = ind.cell(row=2, column=ihead.index("Namn") + 1)
    cell.value, cell.data_type = HOSTILE[0], "s"
    wb.save(book)
    before = book.read_bytes()
    runner = CliRunner()
    ran = runner.invoke(app, ["kör", "2026", "tertial", "--tillåt-saknade"])
    assert ran.exit_code == 0, ran.output
    assert not any(c in ran.output for c in CONTROL)
    made = runner.invoke(app, ["underlag", "2026", "tertial"])
    assert made.exit_code == 0, made.output
    assert book.read_bytes() == before                 # the input is not changed
    out = kommun_copy / "outputs"
    books = sorted(out.rglob("*.xlsx"))
    assert len(books) >= 10
    for path in books:
        formulas = _formulas(path.read_bytes())
        assert not any("HYPERLINK" in f or "cmd|" in f for f in formulas), (path.name, formulas)
    analys = openpyxl.load_workbook(out / "2026-tertial" / "styrsystemsanalys.xlsx")
    texts = {c.value: c.data_type for ws in analys.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith(("=HYPERLINK", "=cmd"))}
    assert texts and set(texts.values()) == {"s"}, texts
    underlag = openpyxl.load_workbook(out / "2026-tertial-underlag" / "Rapportunderlag SN T1 2026.xlsx")["Analys"]
    assert any(c.value == HOSTILE[1] and c.data_type == "s" for row in underlag.iter_rows() for c in row)
    # the control characters are gone everywhere: the Word report, the workbook, the terminal
    text = "\n".join(p.text for p in docx.Document(out / "2026-tertial/2026 Tertialrapport 1 Kommunstyrelsen.docx")
                     .paragraphs)
    assert clean + "[31m" in text and not any(c in text for c in CONTROL)
    assert clean + "[31m" in texts_of(out / "2026-tertial" / "styrsystemsanalys.xlsx")
    for path in books:
        with zipfile.ZipFile(path) as z:
            xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
        assert "_x0001_" not in xml and "_x001B_" not in xml, path.name


def texts_of(path) -> list[str]:
    return [c.value for ws in openpyxl.load_workbook(path).worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str)]
