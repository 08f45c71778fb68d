"""Bad input of the delår and bokslut: the whole-year ledger's balance accounts and the central workbook."""

import shutil
from pathlib import Path

import openpyxl
import pytest

from pipeline.flows.validate import read_and_stage

ROOT = Path(__file__).resolve().parents[1]
from exempel import EXEMPELKOMMUN as EXAMPLE


@pytest.fixture()
def bokslut_inputs(tmp_path):
    shutil.copytree(EXAMPLE / "inputs" / "2026", tmp_path / "inputs" / "2026")
    return tmp_path / "inputs"


def _messages(problems):
    return [f"{p.fil}|{p.blad}|{p.rad}|{p.kolumn}|{p.meddelande}" for p in problems.sorted()]


def test_example_delar_and_bokslut_validate(config):
    for tillfalle in ("delar", "bokslut"):
        _raw, staged, problems = read_and_stage(config, EXAMPLE / "inputs", 2026, tillfalle)
        assert not problems, _messages(problems)
        assert (staged.utfall["manad"] == 0).any(), "the ingående balans is read"
        assert staged.bokslut.sheets >= ({"Väsentliga händelser"} if tillfalle == "delar" else
                                         {"Personal", "Väsentliga händelser", "Femårsöversikt", "Balanskrav"})


def test_ledger_rules_for_balance_accounts(config, bokslut_inputs):
    ledger = bokslut_inputs / "2026" / "bokslut" / "Huvudbok jan-dec 2026.csv"
    lines = ledger.read_bytes().decode("cp1252").splitlines()
    header_and_rows = len(lines)
    lines += ["2026;202600;SN;569;5010;100,00;",      # ingående balans on a cost account
              "2026;202603;;;2110;50,00;",            # group 21: no row of the kontoplan covers it
              "2026;202603;;;5010;50,00;"]            # a cost without nämnd
    ledger.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    _raw, _staged, problems = read_and_stage(config, bokslut_inputs, 2026, "bokslut")
    text = "\n".join(_messages(problems))
    assert f"|{header_and_rows + 1}|" in text and "ingående balans, som bara får bokas på balanskonton" in text
    assert "Kontot '2110' täcks inte av någon rad i kontoplanens indelning (kontoplan_exempelkommun.toml)" in text
    assert f"|{header_and_rows + 3}|C (Nämnd)|Nämnd saknas" in text
    assert len(problems) == 4, text   # the cost without nämnd lacks its verksamhet too


def test_bokslutsunderlag_problems_are_located_and_all_reported(config, bokslut_inputs):
    book = bokslut_inputs / "2026" / "bokslut" / "Bokslutsunderlag 2026.xlsx"
    wb = openpyxl.load_workbook(book)
    del wb["Femårsöversikt"]
    personal = wb["Personal"]
    personal["F3"] = 999_999_999          # varav 60 dagar > sjukfrånvaro (row 3: first data row under title+header)
    personal["B4"] = "Medelålders"
    wb["Balanskrav"].append(["Medel till fonden", 1000])
    wb.save(book)
    _raw, _staged, problems = read_and_stage(config, bokslut_inputs, 2026, "bokslut")
    text = "\n".join(_messages(problems))
    assert "Bokslutsunderlaget saknar bladet Femårsöversikt" in text
    assert "Personal|3|F (Varav 60 dagar eller mer)|Sjukfrånvaron 60 dagar eller mer" in text
    assert "Personal|4|B (Åldersgrupp)|Åldersgruppen 'Medelålders' är okänd" in text
    assert "Balanskrav|3|A (Post)|Posten 'Medel till fonden' hör inte till balanskravsutredningen" in text


def test_bolag_sheets_problems_are_located(config, bokslut_inputs):
    """Sheets Bolag and Interna mellanhavanden: a bolag not in [[bolag]], an unknown post, a repeated post and a
    negative elimination are reported with sheet, row and cell, in Swedish."""
    book = bokslut_inputs / "2026" / "bokslut" / "Bokslutsunderlag 2026.xlsx"
    wb = openpyxl.load_workbook(book)
    bolag = wb["Bolag"]
    bolag.append(["Okänt AB", "Verksamhetens intäkter", 1000])
    bolag.append(["Exempelkommun Bostäder AB", "Goodwill", 1000])
    bolag.append(["Exempelkommun Bostäder AB", "Kassa och bank", 1000])
    wb["Interna mellanhavanden"].append(["Exempelkommun Energi AB", "Verksamhetens kostnader", "Verksamhetens intäkter",
                                         -5])
    rows = bolag.max_row
    wb.save(book)
    _raw, _staged, problems = read_and_stage(config, bokslut_inputs, 2026, "bokslut")
    text = "\n".join(_messages(problems))
    assert f"|Bolag|{rows - 2}|A (Bolag)|Bolaget 'Okänt AB' finns inte bland [[bolag]] i konfigurationen" in text
    assert f"|Bolag|{rows - 1}|B (Post)|Posten 'Goodwill' finns inte i den sammanställda" in text
    assert "Kassa och bank" in text and f"|Bolag|{rows}|" in text
    assert "|Interna mellanhavanden|" in text and "ska vara positivt" in text
