"""Issue 21 point 4: the årsredovisning's noter, redovisningsprinciper and the resultatutjämningsreserv tied out
between the balanskravsutredning, the balansräkning and the förslag till beslut. Pure model functions on small
hand-made tables, and the example kommun's rendered bokslut documents reopened."""

import json
from pathlib import Path

import docx
import pandas as pd

from pipeline.model.rur import rur_change, rur_reservation

AR = "2026 Årsredovisning Exempelkommun"


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(path).paragraphs if p.text.strip()]


def _table(document, first_cell: str) -> list[list[str]]:
    table = next(t for t in document.tables if t.rows[0].cells[0].text == first_cell)
    return [[c.text.replace("\u00a0", " ") for c in r.cells] for r in table.rows]


def test_rur_reservation_and_change_by_hand():
    balanskrav = pd.DataFrame({"rad": ["arets_resultat", "medel_till_rur", "medel_fran_rur"],
                               "belopp": [40e6, -5e6, 0.0]})
    assert rur_reservation(balanskrav) == 5e6
    disposed = balanskrav.assign(belopp=[40e6, 0.0, 3e6])
    assert rur_reservation(disposed) == -3e6
    br = pd.DataFrame({"rad": ["resultatutjamningsreserv", "summa_eget_kapital"], "ib": [65e6, 1e9], "ub": [70e6, 1.1e9]})
    assert rur_change(br) == 5e6
    assert rur_change(br[br["rad"] != "resultatutjamningsreserv"]) == 0.0


def test_rur_is_one_figure_in_balanskrav_br_checklist_and_forslag(year_end_runs):
    folder = year_end_runs["bokslut"][0]
    document = docx.Document(folder / f"{AR}.docx")
    cells = [[c.text.replace("\u00a0", " ") for c in r.cells] for t in document.tables for r in t.rows]
    to_rur = next(r for r in cells if r[0] == "Medel till resultatutjämningsreserv")
    br = next(r for r in cells if r[0] == "Resultatutjämningsreserv")
    assert to_rur[-1] == "\u22125,0"
    assert br[-2:] == ["70,0", "65,0"]          # ub − ib = 5,0 = the reservation
    data = json.loads((folder / "2026 Granskningslista Årsredovisning Exempelkommun.json").read_text(encoding="utf-8"))
    rur = next(c for c in data["kontroller"] if c["id"] == "rur")
    assert rur["ok"] and rur["vanster"]["belopp"] == rur["hoger"]["belopp"] == 5_000_000
    letter = _paragraphs(folder / "2026 Tjänsteskrivelse Årsredovisning Kommunfullmäktige.docx")
    assert "Kommunstyrelsen föreslår kommunfullmäktige att reservera 5,0 mnkr till resultatutjämningsreserven." in letter
