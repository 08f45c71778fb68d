"""Verksamhet in extern regi (SKR steg 6, docs/kallor/002_…, "Åtgärder i verksamheten", "Åtgärdsplan oavsett
regiform"): the underlag's sheets Extern regi and Begärda åtgärder, carried from the previous point, filled in,
validated with located Swedish messages, and reported in the section "Verksamhet i extern regi" (utförare results
against the same indicators, open requests, sanktioner, overdue answers flagged), the kommun report and the run
summary."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pandas as pd
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.model.extern_regi import utforararenden
from pipeline.read import kinds

SOURCE = next((Path(__file__).resolve().parents[1] / "docs" / "kallor").glob("002_*.txt"))


def _doc_text(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        parts += [" | ".join(c.text for c in r.cells) for r in t.rows]
    return "\n".join(parts)


def _table(path: Path, first_header: str) -> list[list[str]]:
    d = docx.Document(str(path))
    table = next(t for t in d.tables if t.rows[0].cells[0].text == first_header)
    return [[c.text for c in r.cells] for r in table.rows]


def test_the_source_says_what_the_sheets_record():
    text = SOURCE.read_text(encoding="utf-8")
    for sentence in ("Sanktionsmöjligheter ska bevakas och användas för att inte urholkas.",
                     "Ange hur lång tid utföraren har på sig för att åtgärda påpekade brister",
                     "Granska åtgärdsplanen och gör en bedömning om den är tillräcklig.",
                     "Följ upp att åtgärderna genomförts."):
        assert sentence in text
    assert [c.header for c in kinds.BEGARDA_ATGARDER][4] == "Svar senast"
    assert kinds.UTFORARBEDOMNINGAR == ("Tillräcklig", "Inte tillräcklig")


def test_overdue_answered_late_and_waiting():
    begaran = pd.DataFrame({
        "namnd": ["VON"] * 4, "utforare": ["A"] * 4, "brist": ["b"] * 4, "begard_atgard": ["x"] * 4,
        "begard": ["2026-03-01"] * 4,
        "svar_senast": ["2026-04-15", "2026-04-15", "2026-05-15", "2026-04-10"],
        "svar_inkommit": [None, "2026-04-20", None, "2026-04-01"],
        "bedomning": [None, "Tillräcklig", None, "Inte tillräcklig"], "genomford": [None, "Ja", None, "Nej"],
        "sanktionssteg": [None, None, None, "Vite"], "kommentar": [None] * 4})
    out = utforararenden(begaran, date(2026, 4, 30))
    assert out["besvarad"].tolist() == [False, True, False, True]
    assert out["forsenad"].tolist() == [True, True, False, False]   # no answer 15 days late; answered 5 days late
    assert out["dagar_sen"].tolist() == [15, 5, 0, 0]
    assert out["oppen"].tolist() == [True, False, True, True]
    assert begaran["svar_inkommit"].tolist()[1] == "2026-04-20"       # the input is not changed


def test_the_example_reports_its_utforare_with_an_overdue_answer_and_a_sanktion(demo_runs):
    out = demo_runs[0]
    von = out / "2026 Tertialrapport 1 Vård- och omsorgsnämnden.docx"
    text = _doc_text(von)
    assert "Verksamhet i extern regi" in text
    assert ("1 utförare i extern regi; 2 begärda åtgärder, 2 ännu inte genomförda; 1 svar försenat den 30 april 2026; "
            "1 åtgärdsplan bedömd inte tillräcklig; högsta sanktionssteg: Vite.") in text
    avtal = _table(von, "Utförare")
    assert avtal[1][:3] == ["Omsorgsgruppen Norden AB", "5102 Särskilt boende äldre, Björkhagens vård- och omsorgsboende",
                            "VON 2023/41, drift av Björkhagen (LOU)"]
    results = _table(von, "Enhet (utförare)")
    assert results[1] == ["Björkhagens vård- och omsorgsboende (Omsorgsgruppen Norden AB)",
                          "Brukarbedömning särskilt boende äldreomsorg - helhetssyn, andel (%)", "2025", "71", "80",
                          "82", "Når inte målvärdet"]
    requests = _table(von, "Utförare och brist")
    assert [r[2:] for r in requests[1:]] == [
        ["Inkom 2026-02-18", "Inte tillräcklig", "Nej", "Vite"],
        ["Inget svar den 30 april 2026: 15 dagar försenat", "Inte bedömd", "–", "Begäran om åtgärdsplan"]]
    # the other nämnder run nothing in extern regi: no section
    assert "Verksamhet i extern regi" not in _doc_text(out / "2026 Tertialrapport 1 Socialnämnden.docx")
    kommun = _doc_text(out / "2026 Tertialrapport 1 Kommunövergripande.docx")
    assert "Vård- och omsorgsnämnden: 1 utförare i extern regi; 2 begärda åtgärder" in kommun
    summary = (out / "körsammanfattning.txt").read_text(encoding="utf-8")
    assert ("Vård- och omsorgsnämnden: Omsorgsgruppen Norden AB har inte svarat på begäran från 2026-03-02 (Kompletterad "
            "åtgärdsplan med tidplan och ansvarig; svar senast 2026-04-15, 15 dagar försenat den 30 april 2026).") \
        in summary
    pdf_text = __import__("pypdf").PdfReader(str(von.with_suffix(".pdf"))).pages
    assert any("Verksamhet i extern regi" in p.extract_text() for p in pdf_text)



def test_underlag_carries_the_utforare_and_the_open_request_filled_in_and_reported(tmp_path, kommun_copy):
    folder = kommun_copy
    runner = CliRunner()
    made = runner.invoke(app, ["underlag", "2026", "tertial", "--utdata", str(tmp_path / "ut")])
    assert made.exit_code == 0, made.output
    book = tmp_path / "ut/2026-tertial-underlag/Rapportunderlag VON T1 2026.xlsx"
    wb = openpyxl.load_workbook(book)
    regi, begaran = wb[kinds.EXTERN_REGI_SHEET], wb[kinds.BEGARDA_ATGARDER_SHEET]
    assert [c.value for c in regi[2]] == [c.header for c in kinds.EXTERN_REGI]
    assert regi["C3"].value == "Omsorgsgruppen Norden AB"   # from the 2025 bokslut's underlag
    carried = [r for r in begaran.iter_rows(min_row=3, values_only=True) if r[0]]
    assert len(carried) == 1 and carried[0][3] == "2026-01-20" and carried[0][4] == "2026-02-20"
    dv = {str(d.sqref).split(":")[0][0]: d.formula1 for d in begaran.data_validations.dataValidation}
    assert dv["G"] == '"Tillräcklig,Inte tillräcklig"' and dv["H"] == '"Ja,Nej"'
    assert dv["I"] == '"Påpekande,Begäran om åtgärdsplan,Vite,Hävning av avtalet"'   # kommun.toml's trappa
    # the förvaltning answers: the plan came in and was sufficient; a new request is waiting (not yet due)
    begaran["F3"], begaran["G3"], begaran["H3"] = "2026-02-19", "Tillräcklig", "Ja"
    for col, value in zip("ABCDI", ["Omsorgsgruppen Norden AB", "Fallolyckor ökar", "Åtgärdsplan mot fall",
                                     "2026-04-20", "Påpekande"]):
        begaran[f"{col}4"] = value
    begaran["E4"] = "2026-05-20"
    target = folder / "inputs/2026/tertial/Rapportunderlag VON T1 2026.xlsx"
    original = openpyxl.load_workbook(target)
    for name in (kinds.EXTERN_REGI_SHEET, kinds.BEGARDA_ATGARDER_SHEET):   # the rest of the delivered workbook stays
        del original[name]
    for ws, name in ((regi, kinds.EXTERN_REGI_SHEET), (begaran, kinds.BEGARDA_ATGARDER_SHEET)):
        copy = original.create_sheet(name)
        for row in ws.iter_rows(min_row=2, values_only=True):
            copy.append(list(row))
    original.save(target)
    checked = runner.invoke(app, ["validera", "2026", "tertial", "--tillåt-saknade"])
    assert checked.exit_code == 0, checked.output
    ran = runner.invoke(app, ["kör", "2026", "tertial", "--tillåt-saknade"])
    assert ran.exit_code == 0, ran.output
    rows = _table(folder / "outputs/2026-tertial/2026 Tertialrapport 1 Vård- och omsorgsnämnden.docx",
                  "Utförare och brist")
    assert [r[2:] for r in rows[1:]] == [["Inkom 2026-02-19", "Tillräcklig", "Ja", "Begäran om åtgärdsplan"],
                                         ["Väntar på svar (senast 2026-05-20)", "Inte bedömd", "–", "Påpekande"]]


def test_bad_extern_regi_cells_are_located_in_swedish(tmp_path, kommun_copy):
    folder = kommun_copy
    target = folder / "inputs/2026/tertial/Rapportunderlag VON T1 2026.xlsx"
    before = target.read_bytes()
    wb = openpyxl.load_workbook(target)
    regi, begaran = wb[kinds.EXTERN_REGI_SHEET], wb[kinds.BEGARDA_ATGARDER_SHEET]
    regi.append(["575", None, "Bolaget AB", "Avtal 1", "snart", None])          # another nämnd's verksamhet, no date
    begaran.append(["Okänd AB", "brist", "åtgärd", "20 maj", "2026-01-01", None, "Tillräcklig", "Kanske", "Böter", None])
    begaran.append(["Omsorgsgruppen Norden AB", None, "åtgärd", "2026-03-01", "2026-02-01", None, None, None, None, None])
    wb.save(tmp_path / "bad.xlsx")
    shutil.copy(tmp_path / "bad.xlsx", target)
    changed = target.read_bytes()
    result = CliRunner().invoke(app, ["validera", "2026", "tertial", "--tillåt-saknade"], terminal_width=400)
    text = " ".join(result.output.split())
    assert result.exit_code == 1
    r1, r2 = regi.max_row, begaran.max_row - 1
    expected = [
        f"blad Extern regi, rad {r1}, kolumn A (Verksamhet): Verksamhet '575' hör inte till nämnd VON",
        f"blad Extern regi, rad {r1}, kolumn E (Avtalet gäller till): Avtalstiden 'snart' är inget datum",
        f"blad Begärda åtgärder, rad {r2}, kolumn A (Utförare): Utföraren 'Okänd AB' finns inte i bladet Extern regi "
        "(där finns: Bolaget AB, Omsorgsgruppen Norden AB).",
        f"rad {r2}, kolumn D (Begärd): Datumet '20 maj' är inget datum; skriv ÅÅÅÅ-MM-DD",
        f"rad {r2}, kolumn G (Bedömning): En bedömning av utförarens åtgärdsplan kräver att svaret har kommit in",
        f"rad {r2}, kolumn H (Genomförd): Genomförd 'Kanske': skriv Ja eller Nej.",
        f"rad {r2}, kolumn I (Sanktionssteg): Steget 'Böter' finns inte i kommunens sanktionstrappa",
        f"rad {r2 + 1}, kolumn B (Påpekad brist): Den påpekade bristen saknas",
        f"rad {r2 + 1}, kolumn E (Svar senast): Svar senast '2026-02-01' ligger före datumet då åtgärden begärdes.",
    ]
    for e in expected:
        assert e in text, (e, text[:3000])
    assert "Inga dokument skrevs" in text and not (folder / "outputs").exists()
    assert target.read_bytes() == changed != before
