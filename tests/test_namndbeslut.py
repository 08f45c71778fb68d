"""Besluta (Motala's Bilaga 4): the Nämndbeslut workbook `kör` writes per nämnd, filled in by the nämndsekreterare,
validated, and used by the next reporting point's follow-up (a rejected plan, a plan the nämnd added)."""

from __future__ import annotations

import shutil

import docx
import openpyxl
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.read import kinds


def _rows(ws) -> list[list]:
    return [[c.value for c in r] for r in ws.iter_rows(min_row=3)]


def test_namndbeslut_round_trip(tmp_path, kommun_copy):
    folder = kommun_copy
    runner = CliRunner()
    assert runner.invoke(app, ["kör", "2026", "tertial", "--tillåt-saknade"]).exit_code == 0   # KFN has not delivered
    book = folder / "outputs/2026-tertial/Nämndbeslut SN T1 2026.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb[kinds.NAMNDBESLUT_SHEET]
    header = [c.value for c in ws[2]]
    assert header[:8] == ["Nämnd", "Åtgärds-id", "Område", "Avser", "Beslut", "Paragraf", "Datum",
                          "Ändring eller tillägg"]
    assert header[8:13] == list(kinds.CHECKLISTA_BESLUT)   # the SKL guide's checklist, word for word
    offered = [r for r in _rows(ws) if r[1]]
    assert [r[1] for r in offered] == ["SN-2026-01"] and offered[0][0] == "SN"
    dv = {str(d.sqref).split(":")[0][0]: d.formula1 for d in ws.data_validations.dataValidation}
    assert dv["E"] == '"Beslutad,Ändrad,Avslagen,Tillagd av nämnden"'
    # the nämndsekreterare: SN-2026-01 rejected in § 45; the nämnd adds its own åtgärd
    ws["E3"], ws["F3"], ws["G3"], ws["I3"] = "Avslagen", "§ 45", "2026-05-20", "Nämnd"
    for col, value in zip("BCDEFGH", ["SN-N1", "Ekonomiskt bistånd", "575", "Tillagd av nämnden", "§ 45",
                                      "2026-05-20", "Samverkan med arbetsförmedlingen"]):
        ws[f"{col}4"] = value
    target = folder / "inputs/2026/tertial" / book.name
    wb.save(target)
    result = runner.invoke(app, ["validera", "2026", "tertial", "--tillåt-saknade"])
    assert result.exit_code == 0, result.output

    bad = openpyxl.load_workbook(target)
    bad[kinds.NAMNDBESLUT_SHEET]["E3"] = "Kanske"
    bad[kinds.NAMNDBESLUT_SHEET]["G3"] = "20 maj"
    bad.save(tmp_path / "bad.xlsx")
    shutil.copy(tmp_path / "bad.xlsx", target)
    refused = runner.invoke(app, ["validera", "2026", "tertial", "--tillåt-saknade"], terminal_width=300)
    text = " ".join(refused.output.split())
    assert refused.exit_code == 1
    assert "blad Nämndbeslut, rad 3, kolumn E (Beslut): Beslutet 'Kanske' är okänt" in text
    assert "rad 3, kolumn G (Datum): Datumet '20 maj' är inget datum" in text
    wb.save(target)   # the good one back

    assert runner.invoke(app, ["kör", "2026", "delar"]).exit_code == 0
    report = docx.Document(folder / "outputs/2026-delar/2026 Delårsrapport Socialnämnden.docx")
    table = next(t for t in report.tables if t.rows[0].cells[0].text.startswith("Åtgärd")
                 and "Klart senast" in " ".join(c.text for c in t.rows[0].cells))
    rows = {r.cells[0].text.split()[0]: [c.text for c in r.cells] for r in table.rows[1:]}
    assert rows["SN-2026-01"][2] == "Avslagen av nämnden, § 45, 2026-05-20"   # said once, never late
    assert "Tillagd av nämnden, § 45, 2026-05-20: Samverkan med arbetsförmedlingen" in rows["SN-N1"][2]
