"""Hostile amounts (issue "Hostile inputs and faults"): "1e309", "inf", "-Infinity", "nan" and amounts beyond any
kommun's budget are refused with the file, sheet, row and column, never printed as "inf tkr"."""

from __future__ import annotations

import math

import openpyxl
import pandas as pd
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.staging.cast import AMOUNT_LIMIT, parse_amount


def test_amounts_are_finite_and_within_the_limit():
    text = pd.Series(["1e309", "inf", "-Infinity", "nan", "NaN", "1e14", "-2e13", "1 234,50", "−12", "9999999999999"])
    values, bad = parse_amount(text)
    assert bad.tolist() == [True] * 7 + [False] * 3
    assert values.iloc[7:].tolist() == [1234.5, -12.0, 9999999999999.0]
    assert values.iloc[:7].isna().all()
    numbers = pd.Series([math.inf, -math.inf, math.nan, 1.0, AMOUNT_LIMIT, AMOUNT_LIMIT * 10])
    values, bad = parse_amount(numbers)
    assert bad.tolist() == [True, True, False, False, False, True]   # a blank (NaN) cell is no bad amount
    big = pd.Series(["1e309"] * 20_000 + ["5"])                       # the columnar path says the same
    values, bad = parse_amount(big)
    assert int(bad.sum()) == 20_000 and values.iloc[-1] == 5.0


def test_an_infinite_prognos_is_refused_where_it_stands(kommun_copy):
    book = kommun_copy / "inputs/2026/tertial/Rapportunderlag SN T1 2026.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb["Prognos"]
    head_row = next(r for r in range(1, 6) if any(c.value == "Verksamhet" for c in ws[r]))
    column = next(c.column for c in ws[head_row] if str(c.value).startswith("Helårsprognos"))
    rows = [r for r in range(head_row + 1, ws.max_row + 1) if ws.cell(row=r, column=2).value]
    for r, value in zip(rows, ("1e309", "-Infinity", "2e13")):
        cell = ws.cell(row=r, column=column)
        cell.value, cell.data_type = value, "s"
    wb.save(book)
    result = CliRunner().invoke(app, ["validera", "2026", "tertial", "--tillåt-saknade"], terminal_width=400)
    text = " ".join(result.output.split())
    assert result.exit_code == 1
    letter = openpyxl.utils.get_column_letter(column)
    for r, value, said in zip(rows, ("1e309", "-Infinity", "2e13"),
                              ("är inte ett rimligt belopp", "är inte ett belopp", "är inte ett rimligt belopp")):
        assert f"blad Prognos, rad {r}, kolumn {letter} (Helårsprognos): Helårsprognosen '{value}' {said}" in text
    assert "ändligt tal mellan −10 000 000 000 000 och 10 000 000 000 000 kr" in text
    assert not (kommun_copy / "outputs").exists()
