"""Read a (possibly 10⁶-row) CSV ledger export columnar with pyarrow; every column is read as text.

Encoding UTF-8 (with or without BOM) or Windows-1252; separator `;` or `,` (sniffed from the header line);
title lines above the header are skipped. `_rad` holds the file's line number of each row.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.compute as pc

from pathlib import Path

from pipeline.config.problems import Problems
from pipeline.read.table import HEADER_SEARCH_ROWS, Column, RawTable, find_header, missing_columns
from pipeline.read.workbook import column_letter


def _head_lines(data: bytes, encoding: str) -> list[str]:
    head = data[: 64 * 1024].decode(encoding, errors="replace")
    return head.splitlines()[:HEADER_SEARCH_ROWS]


def read_csv_head(path: Path) -> tuple[str, str, list[list[str]]]:
    """Return (encoding, delimiter, first lines split into cells) for kind recognition."""
    with path.open("rb") as fh:
        data = fh.read(64 * 1024)
    encoding = "utf-8"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(data) - 4:  # not just a character cut at the buffer's end
            encoding = "cp1252"
    lines = _head_lines(data, encoding)
    first = next((ln for ln in lines if ln.strip()), "")
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = [ln.lstrip("\ufeff").split(delimiter) for ln in lines]
    return encoding, delimiter, rows


def read_csv_table(path: Path, columns: tuple[Column, ...], problems: Problems) -> RawTable | None:
    """Read the CSV under its header into a frame of strings (pyarrow-backed), keys as in `columns`."""
    if path.stat().st_size == 0:
        problems.add(path, "Filen är tom (0 byte).")
        return None
    encoding, delimiter, head = read_csv_head(path)
    located = find_header(head, columns)
    if located is None:
        row, missing = missing_columns(head, columns)
        problems.add(path, "Obligatoriska kolumner saknas: " + ", ".join(missing) + ".", None, row + 1)
        return None
    header_idx, colmap = located
    header_cells = head[header_idx]
    names = [f"c{i}" for i in range(len(header_cells))]
    wanted = {f"c{j}": key for key, j in colmap.items()}
    # Number columns are left to pyarrow's typed parsing (fast); if any cell is not a plain number the
    # column arrives as text and staging's Swedish-amount parsing takes over. Codes always stay text.
    text_columns = {f"c{j}": pa.string() for key, j in colmap.items() if key not in NUMBER_KEYS}
    decimal_point = "," if _decimal_comma(head[header_idx + 1:], [j for key, j in colmap.items() if key in NUMBER_KEYS]) else "."

    def read(enc: str) -> pa.Table:
        return pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(encoding=enc, skip_rows=header_idx + 1, column_names=names,
                                           block_size=16 << 20),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(column_types=text_columns, include_columns=list(wanted),
                                                 strings_can_be_null=True, decimal_point=decimal_point),
        )

    data = path.read_bytes()
    if encoding != "utf-8" and _body_is_ascii(data, header_idx):
        encoding = "utf-8"  # the header was decoded above; an ASCII body needs no transcoding
    try:
        try:
            table = read(encoding)
        except pa.ArrowInvalid as exc:
            if encoding == "utf-8" and "UTF8" in str(exc):
                encoding = "cp1252"
                table = read(encoding)
            else:
                raise
    except pa.ArrowInvalid as exc:
        problems.add(path, f"CSV-filen går inte att läsa: {exc}")
        return None

    table = table.rename_columns([wanted[n] for n in table.column_names])
    frame = pd.DataFrame({name: _column(table[name]) for name in table.column_names})
    frame["_rad"] = _data_line_numbers(data, header_idx, table.num_rows)
    keep = _kept_rows(table)
    if not keep.all():
        frame = frame[keep].reset_index(drop=True)
    places = {key: f"{column_letter(j)} ({header_cells[j].strip()})" for key, j in colmap.items()}
    return RawTable(path, None, header_idx + 1, frame, places)


NUMBER_KEYS = {"ar", "period", "belopp", "varde"}


def _decimal_comma(rows: list[list[str]], positions: list[int]) -> bool:
    """True when the first data rows write numbers with a decimal comma ('-3933,19')."""
    cells = [r[j].strip() for r in rows for j in positions if j < len(r)]
    return any(re.fullmatch(r"-?\d+,\d+", c) for c in cells)


def _column(array: pa.ChunkedArray) -> pd.Series:
    if pa.types.is_string(array.type) or pa.types.is_null(array.type):
        return pd.Series(pd.arrays.ArrowStringArray(array.cast(pa.string())), dtype="string[pyarrow]")
    return pd.Series(array.to_numpy())


def _body_is_ascii(data: bytes, header_idx: int) -> bool:
    """True when every byte after the header line is ASCII (then any 8-bit encoding reads as UTF-8)."""
    position = -1
    for _ in range(header_idx + 1):
        position = data.find(b"\n", position + 1)
        if position < 0:
            return False
    return data[position + 1:].isascii()


def _kept_rows(table: pa.Table) -> np.ndarray:
    """Rows with some value whose first column does not start with Summa/Totalt (pyarrow compute).
    Empty fields are read as null, so a row of only separators has no valid cell."""
    if table.num_columns == 0:
        return np.ones(table.num_rows, dtype=bool)
    present = pc.is_valid(table.columns[0])
    for column in table.columns[1:]:
        present = pc.or_(present, pc.is_valid(column))
    if not pa.types.is_string(table.columns[0].type):
        return np.asarray(present.to_numpy(zero_copy_only=False), dtype=bool)
    total = pc.fill_null(pc.match_substring_regex(table.columns[0], r"^\s*(summa|totalt)", ignore_case=True), False)
    return np.asarray(pc.and_(present, pc.invert(total)).to_numpy(zero_copy_only=False), dtype=bool)


def _data_line_numbers(data_bytes: bytes, header_idx: int, n_rows: int) -> np.ndarray:
    """Line numbers (1-based) of the data rows; exact also when blank lines are present."""
    lines = data_bytes.count(b"\n") + (0 if data_bytes.endswith(b"\n") else 1)
    if lines == header_idx + 1 + n_rows:  # no blank lines were skipped
        return np.arange(header_idx + 2, header_idx + 2 + n_rows, dtype=np.int64)
    data = np.frombuffer(data_bytes, dtype=np.uint8)
    newlines = np.flatnonzero(data == 10)
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [len(data)]))
    lengths = ends - starts
    # A line is blank when it has no bytes besides an optional CR.
    blank = (lengths == 0) | ((lengths == 1) & (data[np.minimum(starts, len(data) - 1)] == 13))
    numbers = np.flatnonzero(~blank) + 1
    numbers = numbers[numbers > header_idx + 1]
    return numbers[:n_rows]
