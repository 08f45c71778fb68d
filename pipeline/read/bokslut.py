"""Read the central delårs-/bokslutsunderlag workbook: Personal, Väsentliga händelser, Balanskrav,
Ansvarsförbindelser (fixed columns, kinds.BOKSLUT_SHEETS) and Femårsöversikt (wide: Nyckeltal, optional Enhet,
one column per year; the year headers may be numbers or text)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipeline.problems import Problems
from pipeline.read import kinds
from pipeline.read.table import HEADER_SEARCH_ROWS, RawTable, normalize_header, table_from_rows
from pipeline.read.workbook import Sheet, column_letter

_YEAR = re.compile(r"^\s*(19|20)\d{2}\s*$")


def _year_of(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer() and 1900 <= int(value) <= 2100:
        return int(value)
    if isinstance(value, str) and _YEAR.match(value):
        return int(value.strip())
    return None


def femar_table(path: Path, sheet: Sheet, problems: Problems) -> RawTable | None:
    """The wide five-year sheet as a long RawTable: nyckeltal, enhet, ar, varde (raw), _rad; `places` names
    each year's column as 'ar:<year>' -> 'D (2024)'."""
    for i, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        names = [normalize_header(v) for v in row]
        if "nyckeltal" not in names:
            continue
        key_col = names.index("nyckeltal")
        unit_col = names.index("enhet") if "enhet" in names else None
        years = {j: y for j, v in enumerate(row) if (y := _year_of(v)) is not None}
        if not years:
            problems.add(path, "Femårsöversikten saknar årskolumner: rubrikraden ska ha Nyckeltal och en kolumn per år "
                               "(t.ex. 2022, 2023, 2024, 2025).", sheet.name, i + 1)
            return None
        records = []
        for r_idx, r in enumerate(sheet.rows[i + 1:], start=i + 2):
            name = r[key_col] if key_col < len(r) else None
            if name is None or (isinstance(name, str) and not name.strip()):
                continue
            unit = r[unit_col] if unit_col is not None and unit_col < len(r) else None
            for j, year in years.items():
                records.append({"nyckeltal": name, "enhet": unit, "ar": year,
                                "varde": r[j] if j < len(r) else None, "_rad": r_idx, "_kol": j})
        frame = pd.DataFrame(records, columns=["nyckeltal", "enhet", "ar", "varde", "_rad", "_kol"])
        places = {f"ar:{y}": f"{column_letter(j)} ({y})" for j, y in years.items()}
        places["nyckeltal"] = f"{column_letter(key_col)} (Nyckeltal)"
        return RawTable(path, sheet.name, i + 1, frame, places)
    problems.add(path, "Femårsöversikten saknar rubrikraden: en kolumn Nyckeltal och en kolumn per år.", sheet.name)
    return None


def bokslut_tables(path: Path, sheets: list[Sheet], find, problems: Problems) -> dict[str, RawTable]:
    """The workbook's known sheets as raw tables (missing columns reported); `find(sheets, name)` picks a sheet."""
    book: dict[str, RawTable] = {}
    for name, columns in kinds.BOKSLUT_SHEETS.items():
        sheet = find(sheets, name)
        if sheet is None:
            continue
        table = table_from_rows(path, sheet.name, sheet.rows, columns)
        if table is None:
            problems.add(path, f"{name}: rubrikraden saknas; bladet ska ha kolumnerna "
                               f"{', '.join(c.header for c in columns if c.required)}.", sheet.name)
        else:
            book[name] = table
    femar = find(sheets, kinds.FEMAR_SHEET)
    if femar is not None and (table := femar_table(path, femar, problems)) is not None:
        book[kinds.FEMAR_SHEET] = table
    return book
