"""Find a header row in raw rows and turn what lies under it into a frame with canonical column keys.

Tolerance (SPEC §2): the header may sit below title rows; headers match case-insensitively, ignoring
surrounding whitespace and a trailing unit such as "(tkr)"; aliases are accepted; empty rows and rows whose
first text cell starts with "Summa"/"Totalt" are dropped. Each kept row remembers its Excel row (`_rad`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.read.workbook import column_letter

HEADER_SEARCH_ROWS = 30
# How far below HEADER_SEARCH_ROWS a refused header is still looked for, to say where it is.
LATE_HEADER_ROWS = 1000
_UNIT = re.compile(r"\s*\([^)]*\)\s*$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Column:
    """A column of an input kind: its Swedish header, the frame key, aliases, and whether it is required."""

    header: str
    key: str
    required: bool = True
    aliases: tuple[str, ...] = ()

    def names(self) -> set[str]:
        return {normalize_header(n) for n in (self.header, *self.aliases)}


@dataclass(frozen=True)
class RawTable:
    """Rows under a header: `frame` has one column per found key plus `_rad` (Excel row or CSV line)."""

    path: Path
    sheet: str | None
    header_row: int
    frame: pd.DataFrame
    places: dict[str, str] = field(default_factory=dict)  # key -> "E (Belopp)"

    def place(self, key: str) -> str:
        return self.places.get(key, key)


def normalize_header(value) -> str:
    """'  Belopp (tkr) ' -> 'belopp'; non-text -> ''."""
    if not isinstance(value, str):
        return ""
    text = _UNIT.sub("", value.replace("\u00a0", " "))
    return _SPACES.sub(" ", text).strip().lower()


def find_header(rows: list[list], columns: tuple[Column, ...],
                search_rows: int = HEADER_SEARCH_ROWS) -> tuple[int, dict[str, int]] | None:
    """Return (row index, {key: column index}) of the first of the first `search_rows` rows holding every required
    column."""
    for i, row in enumerate(rows[:search_rows]):
        normalized = [normalize_header(v) for v in row]
        found: dict[str, int] = {}
        for col in columns:
            names = col.names()
            for j, value in enumerate(normalized):
                if value in names:
                    found[col.key] = j
                    break
        if all(c.key in found for c in columns if c.required):
            return i, found
    return None


def missing_columns(rows: list[list], columns: tuple[Column, ...]) -> tuple[int, list[str]]:
    """For the row that matches most required headers: its index and the required headers it lacks."""
    best, best_missing = 0, [c.header for c in columns if c.required]
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        normalized = {normalize_header(v) for v in row}
        missing = [c.header for c in columns if c.required and not (c.names() & normalized)]
        if len(missing) < len(best_missing):
            best, best_missing = i, missing
    return best, best_missing


def late_header_row(rows: list[list], columns: tuple[Column, ...]) -> int | None:
    """The index of a header row standing below the HEADER_SEARCH_ROWS searched rows (within LATE_HEADER_ROWS)."""
    late = find_header(rows[HEADER_SEARCH_ROWS:], columns, LATE_HEADER_ROWS)
    return None if late is None else HEADER_SEARCH_ROWS + late[0]


def late_header_message(row: int) -> str:
    return (f"Rubrikraden står på rad {row + 1}, men rubrikraden söks bara bland de {HEADER_SEARCH_ROWS} första "
            "raderna. Ta bort tomma rader eller rubrikrader ovanför den.")


def missing_header(rows: list[list], columns: tuple[Column, ...]) -> tuple[int, str]:
    """(row index, Swedish message) for rows where find_header finds no header: where the header is when it
    stands below the searched rows, else which required headers the best row lacks."""
    if (late := late_header_row(rows, columns)) is not None:
        return late, late_header_message(late)
    row, missing = missing_columns(rows, columns)
    return row, (f"Obligatoriska kolumner saknas: {', '.join(missing)} (rubrikraden söks bland de "
                 f"{HEADER_SEARCH_ROWS} första raderna). Rubrikraden ska ha kolumnerna "
                 f"{', '.join(c.header for c in columns if c.required)}.")


def _is_data_row(row: list) -> bool:
    """False for empty rows and rows whose first non-empty cell is text starting with Summa/Totalt."""
    for value in row:
        if value is None or value == "":
            continue
        if isinstance(value, str):
            text = value.strip()
            if not text:
                continue
            return not text.lower().startswith(("summa", "totalt"))
        return True
    return False


def table_from_rows(path: Path, sheet: str | None, rows: list[list], columns: tuple[Column, ...],
                    first_row_number: int = 1) -> RawTable | None:
    """Locate the header and return the data under it, or None when the required headers are absent."""
    located = find_header(rows, columns)
    if located is None:
        return None
    header_idx, colmap = located
    # calamine hands over Python rows; one pass over them drops empty and total rows before any frame exists.
    numbered = [(i, r) for i, r in enumerate(rows[header_idx + 1:], start=header_idx + 1 + first_row_number)
                if _is_data_row(r)]
    keys = list(colmap)
    data = {key: [r[colmap[key]] if colmap[key] < len(r) else "" for _, r in numbered] for key in keys}
    frame = pd.DataFrame(data, dtype=object) if keys else pd.DataFrame(index=range(len(numbered)))
    frame["_rad"] = pd.Series([i for i, _ in numbered], dtype="int64")
    places = {key: f"{column_letter(colmap[key])} ({_header_text(rows[header_idx][colmap[key]])})" for key in keys}
    return RawTable(path, sheet, header_idx + first_row_number, frame, places)


def _header_text(value) -> str:
    return _SPACES.sub(" ", str(value).replace("\u00a0", " ")).strip()
