"""Read a (possibly 10⁶-row) CSV ledger export columnar with pyarrow; every column is read as text.

Encoding UTF-8 (with or without BOM) or Windows-1252; separator `;` or `,` (sniffed from the header line);
title lines above the header are skipped. `_rad` holds the file's line number of each row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.compute as pc

from pathlib import Path

from pipeline.problems import Problems
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

    def read(enc: str) -> pa.Table:
        return pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding=enc, skip_rows=header_idx + 1, column_names=names,
                                           block_size=16 << 20),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 include_columns=list(wanted), strings_can_be_null=False),
        )

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

    line_numbers = _data_line_numbers(path, header_idx, table.num_rows)
    frame = table.rename_columns([wanted[n] for n in table.column_names]).to_pandas(types_mapper=pd.ArrowDtype)
    frame = frame.astype({c: "string[pyarrow]" for c in frame.columns})
    frame["_rad"] = line_numbers
    first = frame[list(colmap)[0]] if colmap else None
    keep = frame.drop(columns="_rad").apply(lambda s: s.str.strip() != "").any(axis=1)
    if first is not None:
        keep &= ~first.str.strip().str.lower().str.startswith(("summa", "totalt")).fillna(False)
    frame = frame[keep].reset_index(drop=True)
    places = {key: f"{column_letter(j)} ({header_cells[j].strip()})" for key, j in colmap.items()}
    return RawTable(path, None, header_idx + 1, frame, places)


def _data_line_numbers(path: Path, header_idx: int, n_rows: int) -> np.ndarray:
    """Line numbers (1-based) of the data rows; exact also when blank lines are present."""
    data = np.fromfile(path, dtype=np.uint8)
    newlines = np.flatnonzero(data == 10)
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [len(data)]))
    lengths = ends - starts
    # A line is blank when it has no bytes besides an optional CR.
    blank = (lengths == 0) | ((lengths == 1) & (data[np.minimum(starts, len(data) - 1)] == 13))
    numbers = np.flatnonzero(~blank) + 1
    numbers = numbers[numbers > header_idx + 1]
    return numbers[:n_rows]
