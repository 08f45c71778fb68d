"""Read a (possibly 10⁶-row) CSV ledger export columnar with pyarrow; every column is read as text.

The encoding is detected from the data (csv_text: a BOM, UTF-16's zero bytes, the whole file valid UTF-8, else
Windows-1252) and the separator (`;`, `,` or tab) from how the first lines split, data lines outvoting title lines;
the header is looked for under each separator, best first. Title lines above the header are skipped. `_rad` holds
the file's line number of each row.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.compute as pc

from dataclasses import dataclass
from pathlib import Path

from pipeline.config.problems import Problems
from pipeline.read.table import Column, RawTable, find_header, missing_header
from pipeline.read.workbook import EXCEL_MAX_CELL_CHARS, column_letter, grouped


# What a CSV may be written in, in the order tried (docs/sakerhet.md). A BOM decides at once; UTF-16 without a BOM
# is recognised by its zero bytes; otherwise the whole file must be valid UTF-8, else it is read as Windows-1252.
ENCODINGS_TRIED = "UTF-8 (med eller utan BOM), UTF-16 (med eller utan BOM) och Windows-1252"
DELIMITERS = (";", ",", "\t")
_DELIMITER_NAMES = {";": "semikolon", ",": "komma", "\t": "tabb"}
_HEAD_BYTES = 256 * 1024
_HEAD_LINES = 1000
# Bytes Windows-1252 leaves undefined: a file holding them is in none of the encodings tried.
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


class CsvEncodingError(ValueError):
    """The bytes are in none of the encodings tried; the message is Swedish."""


@dataclass(frozen=True)
class CsvText:
    """A CSV's bytes ready for pyarrow: UTF-8 (a UTF-16 file transcoded, a BOM removed) or Windows-1252."""

    data: bytes
    encoding: str  # the codec pyarrow reads `data` with: "utf-8" or "cp1252"
    label: str     # the encoding as found in the file, for messages: "UTF-16 med BOM"


def _utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when zero bytes fill every other position of the head, as in UTF-16 text."""
    sample = head[: 4096 - (min(len(head), 4096) % 2)]
    if len(sample) < 2 or b"\0" not in sample:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd >= 0.4 * (len(sample) // 2) and even == 0:
        return "utf-16-le"
    if even >= 0.4 * (len(sample) // 2) and odd == 0:
        return "utf-16-be"
    return None


def _valid_utf8(data: bytes) -> bool:
    """True when all of `data` is valid UTF-8 (checked by pyarrow without building a Python string)."""
    buffer = pa.py_buffer(data)
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64).tobytes())
    try:
        pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, buffer]).cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


def csv_text(data: bytes) -> CsvText:
    """Detect the encoding of a CSV from its data (never from one line of it); raise CsvEncodingError."""
    if data.startswith(b"\xef\xbb\xbf"):
        body = data[3:]
        if not _valid_utf8(body):
            raise CsvEncodingError("Filen börjar med en UTF-8-markering (BOM) men innehåller tecken som inte är "
                                   "giltig UTF-8. Spara den igen som CSV (UTF-8).")
        return CsvText(body, "utf-8", "UTF-8 med BOM")
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return CsvText(_transcoded(data[2:], codec), "utf-8", "UTF-16 med BOM")
    if (codec := _utf16_without_bom(data[:4096])) is not None:
        return CsvText(_transcoded(data, codec), "utf-8", "UTF-16")
    if b"\0" in data[:_HEAD_BYTES]:
        raise CsvEncodingError(f"Filen innehåller nollbytes och är ingen textfil i någon av de kodningar som prövades "
                               f"({ENCODINGS_TRIED}). Spara den som CSV (UTF-8).")
    if _valid_utf8(data):
        return CsvText(data, "utf-8", "UTF-8")
    # bytes.find is memchr: 80 MB in milliseconds (a regex search took 0.16 s).
    found = [i for i in (data.find(b) for b in _CP1252_UNDEFINED) if i >= 0]
    if found:
        bad = min(found)
        raise CsvEncodingError(f"Filen är varken UTF-8 eller Windows-1252: byte {bad + 1} (0x{data[bad]:02X}) "
                               f"finns inte i någon av de kodningar som prövades ({ENCODINGS_TRIED}). Spara den som "
                               "CSV (UTF-8).")
    return CsvText(data, "cp1252", "Windows-1252")


def _transcoded(data: bytes, codec: str) -> bytes:
    try:
        return data.decode(codec).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise CsvEncodingError(f"Filen ser ut att vara UTF-16 men byte {exc.start + 1} går inte att avkoda "
                               f"(prövade kodningar: {ENCODINGS_TRIED}). Spara den igen som CSV (UTF-8).") from None


@dataclass(frozen=True)
class CsvHead:
    """The first lines of a CSV, split by each candidate delimiter, best-fitting delimiter first."""

    text: CsvText
    splits: tuple[tuple[str, list[list[str]]], ...]

    @property
    def rows(self) -> list[list[str]]:
        """The lines split by the delimiter that fits the data best."""
        return self.splits[0][1]

    def header(self, columns: tuple[Column, ...]) -> tuple[str, int, dict[str, int]] | None:
        """(delimiter, header line index, {key: column index}) for the first delimiter under which the header is
        found, trying the best-fitting first: a title line with a comma above a semicolon header is no vote."""
        for delimiter, rows in self.splits:
            if (located := find_header(rows, columns)) is not None:
                return delimiter, located[0], located[1]
        return None

    def read_as(self) -> str:
        """How the file was read, for messages: "UTF-16 med BOM, semikolon som avgränsare"."""
        return f"{self.text.label}, {_DELIMITER_NAMES[self.splits[0][0]]} som avgränsare"


def _delimiter_fit(lines: list[str], delimiter: str) -> tuple[int, int]:
    """(how many lines share the most common number of cells, that number) when splitting by `delimiter`;
    (0, 0) when no line has two cells. Data lines agree with each other and outvote title lines."""
    counts = [ln.count(delimiter) + 1 for ln in lines if ln.strip()]
    counts = [c for c in counts if c > 1]
    if not counts:
        return 0, 0
    common = max(set(counts), key=lambda c: (counts.count(c), c))
    return counts.count(common), common


def csv_head(text: CsvText) -> CsvHead:
    """Split the first lines of `text` by each candidate delimiter; the best-fitting delimiter first."""
    head = text.data[:_HEAD_BYTES]
    decoded = head.decode(text.encoding, errors="replace")
    lines = decoded.splitlines()
    if len(head) < len(text.data) and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut at the buffer's end
    lines = [ln.lstrip("\ufeff") for ln in lines[:_HEAD_LINES]]
    ranked = sorted(DELIMITERS, key=lambda d: _delimiter_fit(lines, d), reverse=True)  # stable: ";" wins ties
    return CsvHead(text, tuple((d, [ln.split(d) for ln in lines]) for d in ranked))


def read_csv_head(path: Path, problems: Problems) -> CsvHead | None:
    """The file's head for kind recognition; None (and a problem) when its encoding is none of those tried."""
    try:
        return csv_head(csv_text(path.read_bytes()))
    except CsvEncodingError as exc:
        problems.add(path, str(exc))
        return None


def read_csv_table(path: Path, columns: tuple[Column, ...], problems: Problems,
                   head: CsvHead | None = None) -> RawTable | None:
    """Read the CSV under its header into a frame of strings (pyarrow-backed), keys as in `columns`."""
    if path.stat().st_size == 0:
        problems.add(path, "Filen är tom (0 byte).")
        return None
    if head is None and (head := read_csv_head(path, problems)) is None:
        return None
    located = head.header(columns)
    if located is None:
        row, message = missing_header(head.rows, columns)
        problems.add(path, f"{message} Filen lästes som {head.read_as()}.", None, row + 1)
        return None
    delimiter, header_idx, colmap = located
    rows = dict(head.splits)[delimiter]
    header_cells = rows[header_idx]
    names = [f"c{i}" for i in range(len(header_cells))]
    wanted = {f"c{j}": key for key, j in colmap.items()}
    # Number columns are left to pyarrow's typed parsing (fast); if any cell is not a plain number the
    # column arrives as text and staging's Swedish-amount parsing takes over. Codes always stay text.
    text_columns = {f"c{j}": pa.string() for key, j in colmap.items() if key not in NUMBER_KEYS}
    decimal_point = "," if _decimal_comma(rows[header_idx + 1:], [j for key, j in colmap.items() if key in NUMBER_KEYS]) else "."

    def read(enc: str) -> pa.Table:
        return pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(encoding=enc, skip_rows=header_idx + 1, column_names=names,
                                           block_size=16 << 20),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(column_types=text_columns, include_columns=list(wanted),
                                                 strings_can_be_null=True, decimal_point=decimal_point),
        )

    data, encoding = head.text.data, head.text.encoding
    if encoding != "utf-8" and _body_is_ascii(data, header_idx):
        encoding = "utf-8"  # the header was decoded above; an ASCII body needs no transcoding
    try:
        table = read(encoding)
    except pa.ArrowInvalid as exc:
        problems.add(path, f"CSV-filen går inte att läsa (som {head.read_as()}): {exc}")
        return None

    table = table.rename_columns([wanted[n] for n in table.column_names])
    places = {key: f"{column_letter(j)} ({header_cells[j].strip()})" for key, j in colmap.items()}
    if _long_cells(path, table, places, problems):
        return None
    frame = pd.DataFrame({name: _column(table[name]) for name in table.column_names})
    frame["_rad"] = _data_line_numbers(data, header_idx, table.num_rows)
    keep = _kept_rows(table)
    if not keep.all():
        frame = frame[keep].reset_index(drop=True)
    return RawTable(path, None, header_idx + 1, frame, places)


NUMBER_KEYS = {"ar", "period", "belopp", "varde"}


def _long_cells(path: Path, table: pa.Table, places: dict[str, str], problems: Problems) -> bool:
    """A problem per text column holding cells longer than Excel's limit (the rows as line numbers are not known
    yet: the count and the column are given); True when there was one. pyarrow compute, no Python loop."""
    found = False
    for name in table.column_names:
        column = table[name]
        if not pa.types.is_string(column.type) or column.null_count == len(column):
            continue
        lengths = pc.utf8_length(column)
        if (pc.max(lengths).as_py() or 0) > EXCEL_MAX_CELL_CHARS:
            count = pc.sum(pc.greater(lengths, EXCEL_MAX_CELL_CHARS)).as_py()
            problems.add(path, f"{count} fält har fler än {grouped(EXCEL_MAX_CELL_CHARS)} tecken; ett fält får ha "
                               f"högst {grouped(EXCEL_MAX_CELL_CHARS)} tecken (Excels gräns för en cell).",
                         None, None, places[name])
            found = True
    return found


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
