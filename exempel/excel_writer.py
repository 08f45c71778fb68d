"""Deterministic, deliberately "real-looking" Excel and CSV writing for the example data.

openpyxl stamps `modified` with the current time and the zip entries with the wall clock; both are
replaced here so the same data gives byte-identical files. Helpers also produce the messy parts real
exports have: title rows above the header, amounts stored as Swedish-formatted text, a `Summa` row.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from pipeline.context.format import MINUS, NBSP, number   # MINUS: Unicode minus, as Excel/Word sometimes export it


AUTHOR = "Kommunrapport exempeldata"


@dataclass
class SheetSpec:
    """One sheet: a header, rows of cell values, optional title rows above and a bottom row."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    titles: Sequence[str] = ()
    blank_after_titles: bool = False
    footer: Sequence[Any] | None = None
    widths: dict[int, float] = field(default_factory=dict)
    number_formats: dict[int, str] = field(default_factory=dict)


def fixed_time(year: int) -> datetime:
    """The timestamp written into every generated file of a year (1 January, 00:00)."""
    return datetime(year, 1, 1)


def write_workbook(path: Path, sheets: Sequence[SheetSpec], year: int) -> Path:
    """Write sheets to `path` as .xlsx with fixed properties and zip timestamps; return `path`."""
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for spec in sheets:
        ws = wb.create_sheet(spec.name)
        for title in spec.titles:
            ws.append([title])
            ws.cell(row=ws.max_row, column=1).font = bold
        if spec.blank_after_titles:
            ws.append([])
        header_row = len(spec.titles) + (1 if spec.blank_after_titles else 0) + 1
        if header_row == 1:
            ws.append(list(spec.header))
        else:
            for col, name in enumerate(spec.header, start=1):
                ws.cell(row=header_row, column=col, value=name)
        for cell in ws[header_row]:
            cell.font = bold
        for row in spec.rows:
            ws.append([_cell(v) for v in row])
        if spec.footer is not None:
            ws.append([_cell(v) for v in spec.footer])
            for cell in ws[ws.max_row]:
                cell.font = bold
        for col, fmt in spec.number_formats.items():
            letter = get_column_letter(col)
            for cell in ws[letter][header_row:]:
                if isinstance(cell.value, (int, float)):
                    cell.number_format = fmt
        for col in range(1, len(spec.header) + 1):
            ws.column_dimensions[get_column_letter(col)].width = spec.widths.get(col, 14)
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    _save(wb, path, year)
    return path


def _cell(value: Any) -> Any:
    """Make numpy/pandas scalars plain Python values; NaN/None become an empty cell."""
    if value is None:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else float(value)
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def _save(wb: Workbook, path: Path, year: int) -> None:
    when = fixed_time(year)
    props = wb.properties
    props.creator = AUTHOR
    props.lastModifiedBy = AUTHOR
    props.created = when
    props.modified = when
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()  # write_data does not touch `modified`
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_rezip(buf.getvalue(), when))


def _rezip(data: bytes, when: datetime) -> bytes:
    """Copy a zip with every entry stamped `when` (openpyxl uses the wall clock)."""
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            new = zipfile.ZipInfo(info.filename, date_time=stamp)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = 0o600 << 16
            dst.writestr(new, src.read(info.filename))
    return out.getvalue()


def swedish_amount(value: float, decimals: int = 2, minus: str = MINUS, thousands: str = NBSP) -> str:
    """Format like Swedish Excel text: `1 234,50` (NBSP thousands), `−2 500` (Unicode minus); `minus` and
    `thousands` give the messier variants real exports have (`-2 500` with a hyphen and a plain space)."""
    text = number(value, decimals)
    return text.replace(MINUS, minus).replace(NBSP, thousands)


def ore_to_text(ore: np.ndarray) -> np.ndarray:
    """Vectorised öre (int64) → `-1234,50` strings (decimal comma, no thousands separator)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    ore = np.asarray(ore, dtype=np.int64)
    neg = ore < 0
    absolute = np.abs(ore)
    kr = pa.array(absolute // 100).cast(pa.string())
    frac = pc.utf8_lpad(pa.array(absolute % 100).cast(pa.string()), width=2, padding="0")
    sign = pa.array(np.where(neg, "-", ""))
    # the last argument of binary_join_element_wise is the separator
    return pc.binary_join_element_wise(pc.binary_join_element_wise(sign, kr, ""), frac, ",")


def write_ledger_csv(path: Path, table) -> Path:
    """Write a ledger pyarrow table as `;`-separated Windows-1252 CSV (CRLF) with decimal comma.

    `Belopp` must be int64 öre and becomes `-1234,50`; the other columns are written as they are.
    pyarrow's writer keeps millions of rows to seconds.
    """
    import pyarrow.csv as pacsv

    i = table.column_names.index("Belopp")
    table = table.set_column(i, "Belopp", ore_to_text(table.column("Belopp").to_numpy()))
    sink = io.BytesIO()
    pacsv.write_csv(table, sink, write_options=pacsv.WriteOptions(
        include_header=False, delimiter=";", quoting_style="none", eol=b"\r\n"))
    body = sink.getvalue()
    if not body.isascii():
        body = body.decode("utf-8").encode("cp1252")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write((";".join(table.column_names) + "\r\n").encode("cp1252"))
        fh.write(body)
    return path
