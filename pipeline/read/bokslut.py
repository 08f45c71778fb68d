"""Read the central delårs-/bokslutsunderlag workbook: Personal, Väsentliga händelser, Balanskrav,
Ansvarsförbindelser (fixed columns, kinds.BOKSLUT_SHEETS) and Femårsöversikt (wide: Nyckeltal, optional Enhet,
one column per year; the year headers may be numbers or text)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipeline.config.problems import Problems
from pipeline.read import kinds
from pipeline.read.table import HEADER_SEARCH_ROWS, RawTable, normalize_header, table_from_rows
from pipeline.read.workbook import Sheet, column_letter, read_workbook

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


# Last year's bokslutsunderlag: only the sheets the kommun's own key figures of earlier years need.
PREVIOUS_SHEETS = ("Ansvarsförbindelser", kinds.FEMAR_SHEET)


def read_previous_bokslut(inputs_dir: Path, year: int) -> tuple[list[dict[str, RawTable]], list[Path], list[str]]:
    """Last year's central bokslutsunderlag (inputs/<year − 1>/bokslut, a workbook with a Femårsöversikt sheet):
    its Femårsöversikt and Ansvarsförbindelser as raw tables, the files read, and notes. That year was reported
    already, so what cannot be read is a note, never a blocking problem."""
    folder = inputs_dir / str(year - 1) / "bokslut"
    if not folder.is_dir():
        return [], [], []
    problems = Problems(root=inputs_dir.resolve().parent)
    books, files = [], []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in (".xlsx", ".xls") and not p.is_symlink()
                       and not p.name.startswith(("~$", "."))):
        sheets = read_workbook(path, problems)
        if not sheets or not any(normalize_header(s.name) == normalize_header(kinds.FEMAR_SHEET) for s in sheets):
            continue
        wanted = [s for s in sheets if normalize_header(s.name) in {normalize_header(n) for n in PREVIOUS_SHEETS}]
        find = lambda sh, name: next((s for s in sh if normalize_header(s.name) == normalize_header(name)), None)  # noqa: E731
        books.append(bokslut_tables(path, wanted, find, problems))
        files.append(path)
    notes = [f"Föregående års bokslutsunderlag: {p}. Tidigare års nyckeltal bygger på det som gick att läsa."
             for p in problems.sorted()]
    return books, files, notes
