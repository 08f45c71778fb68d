"""Readers for Kolada files as they come, each into a raw table of text and numbers (staging casts):

- API JSON, v2 (`{"values":[{"kpi","municipality","period","values":[{"gender","value","count","status"}]}]}`,
  also what `hämta-kolada` writes) and a saved v3 page (`{"count", "values", "next_url"/"next_page"}`, where a
  record or a single value may carry `isdeleted`). Deleted values are left out and counted in a run note.
- The open-numbers DDF dump (`geo,year,<kpi>` and `geo,gender,year,<kpi>` CSVs): recognised by its header, the
  KPI id taken from the value column's name.

Kolada's long CSV/Excel and its web-site export ("Exported from Hypergene") are ordinary headed tables
(kinds.KOLADA_LONG, kinds.KOLADA_WEB) read by the generic readers.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd

from pipeline.config.problems import Problems
from pipeline.read import kinds
from pipeline.read.csvfile import CsvHead, read_csv_table
from pipeline.read.table import Column, RawTable, normalize_header

# Raw frame columns of a JSON file and where each comes from (for messages).
JSON_PLACES = {"kpi": "kpi", "kommun": "municipality", "period": "period", "kon": "gender", "varde": "value",
               "status": "status"}
_TEXT = "string[pyarrow]"
# A number in a Kolada file has at most this many characters (Kolada's values have about 15 significant digits); a
# longer one is a damaged or hostile file (Python refuses integers over 4 300 digits with a traceback).
MAX_JSON_NUMBER_CHARS = 40
# Kolada's documents are four levels deep; Python's parser stops near 1 000 (RecursionError): that is the bound.
JSON_DEPTH_LIMIT_TEXT = "högst ungefär 1 000 nivåer; Koladas filer har fyra"


class _RefusedJsonToken(ValueError):
    """A number token the reader refuses (too long, or NaN/Infinity): its text."""


def _json_number(text: str, convert):
    if len(text) > MAX_JSON_NUMBER_CHARS:
        raise _RefusedJsonToken(text)
    number = convert(text)
    if not math.isfinite(number):  # 1e999 parses as inf
        raise _RefusedJsonToken(text)
    return number


def _json_constant(text: str):
    raise _RefusedJsonToken(text)


def strict_json(data: bytes | str):
    """json.loads that refuses NaN/Infinity, non-finite numbers and numbers over MAX_JSON_NUMBER_CHARS characters
    (raising ValueError) and, as json.loads, documents nested deeper than Python's recursion limit (RecursionError)."""
    return json.loads(data, parse_int=lambda t: _json_number(t, int), parse_float=lambda t: _json_number(t, float),
                      parse_constant=_json_constant)


def _line_of(data: bytes, token: str) -> int:
    position = data.find(token.encode("ascii", "replace"))
    return data.count(b"\n", 0, max(position, 0)) + 1


def _load_json(path: Path, problems: Problems) -> tuple[list | None, bool]:
    """(the document's "values" list, or None after a problem (empty file, not JSON, not Kolada's shape);
    whether the text mentions `isdeleted` at all)."""
    if path.stat().st_size == 0:
        problems.add(path, "Filen är tom (0 byte).")
        return None, False
    data = path.read_bytes()
    try:
        doc = strict_json(data)
    except _RefusedJsonToken as exc:
        token = str(exc)
        if len(token) > MAX_JSON_NUMBER_CHARS:
            why = (f"Filen innehåller ett tal med {len(token)} tecken; ett tal i en Kolada-fil får ha högst "
                   f"{MAX_JSON_NUMBER_CHARS} tecken.")
        elif token.lstrip("-") in ("NaN", "Infinity"):
            why = (f"Filen innehåller värdet {token}, som inte är ett tal: JSON tillåter inte NaN eller Infinity och "
                   "Kolada skriver aldrig så.")
        else:
            why = f"Talet {token} är för stort för att räknas med."
        problems.add(path, f"{why} Hämta filen från Kolada igen.", None, _line_of(data, token))
        return None, False
    except RecursionError:
        problems.add(path, f"Filen är nästlad i fler nivåer än tillåtet ({JSON_DEPTH_LIMIT_TEXT}). Det är ingen fil "
                           "från Kolada; hämta filen från Kolada igen.")
        return None, False
    except json.JSONDecodeError as exc:
        problems.add(path, f"Filen är inte giltig JSON: felet upptäcktes på rad {exc.lineno}, tecken {exc.colno}. "
                           "Hämta filen från Kolada igen eller rätta den.", None, exc.lineno)
        return None, False
    except UnicodeDecodeError:
        problems.add(path, "Filen är inte giltig JSON: den är inte sparad som UTF-8.")
        return None, False
    values = doc.get("values") if isinstance(doc, dict) else None
    if not isinstance(values, list):
        problems.add(path, "JSON-filen har inte Koladas form: nyckeln \"values\" med en lista saknas.")
        return None, False
    return values, b"isdeleted" in data


def _shaped(records: list, path: Path, problems: Problems) -> list[tuple[int, dict]]:
    """(record number, record) of the records in Kolada's shape; a problem for each other record."""
    ok = [(n, r) for n, r in enumerate(records, start=1)
          if isinstance(r, dict) and isinstance(r.get("values"), list) and all(isinstance(v, dict) for v in r["values"])]
    if len(ok) < len(records):
        good = {n for n, _ in ok}
        bad = [n for n in range(1, len(records) + 1) if n not in good]
        problems.add_rows(path, None, bad, None,
                          lambda i: "Posten har inte Koladas form: den ska ha kpi, municipality, period och en lista "
                                    "values med gender, value och status.")
    return ok


def _is_deleted(flags: pd.Series) -> pd.Series:
    """`isdeleted` given as true/"true"/1/"1" -> True; absent, false or anything else -> False."""
    return flags.astype(str).str.strip().str.lower().isin(["true", "1"]).to_numpy()


def _value_rows(records, marked: bool) -> list[tuple]:
    """One tuple per gender value of the (record number, record) pairs: kpi, municipality, period, gender, value,
    status, record number, and with `marked` the record's and the value's `isdeleted`. Raises AttributeError,
    TypeError or KeyError on a record not in Kolada's shape."""
    if marked:
        return [(r.get("kpi"), r.get("municipality"), r.get("period"), v.get("gender"), v.get("value"),
                 v.get("status"), n, r.get("isdeleted"), v.get("isdeleted")) for n, r in records for v in r["values"]]
    return [(r.get("kpi"), r.get("municipality"), r.get("period"), v.get("gender"), v.get("value"), v.get("status"), n)
            for n, r in records for v in r["values"]]


def _values(raw: tuple) -> pd.Series:
    """The `value` fields as float (null -> NaN); kept as they are when some are not numbers, so that staging
    reports those instead of losing them as missing."""
    cells = pd.Series(raw, dtype=object)
    numbers = pd.to_numeric(cells, errors="coerce")
    if (numbers.isna() & cells.notna()).any():
        return cells
    return numbers.astype("float64")


def json_frame(records: list, path: Path, problems: Problems, marked: bool = True) -> tuple[pd.DataFrame, int]:
    """One row per gender value: columns kpi, kommun, period (text), kon, varde (float, null -> NaN), status, _rad
    (the record's number in "values"); and the number of values left out because Kolada marks them deleted
    (`isdeleted` on the record or on the value). `marked=False` (no `isdeleted` in the file) skips that check.
    A record not in Kolada's shape is a problem and is left out."""
    try:
        rows = _value_rows(enumerate(records, start=1), marked)
    except (AttributeError, TypeError, KeyError):
        rows = _value_rows(_shaped(records, path, problems), marked)
    columns = list(zip(*rows)) if rows else [()] * 9
    frame = pd.DataFrame({
        "kpi": pd.Series(columns[0], dtype=_TEXT), "kommun": pd.Series(columns[1], dtype=_TEXT),
        "period": pd.Series([None if p is None else str(p) for p in columns[2]], dtype=_TEXT),
        "kon": pd.Series(columns[3], dtype=_TEXT), "varde": _values(columns[4]),
        "status": pd.Series(columns[5], dtype=_TEXT), "_rad": pd.Series(columns[6], dtype="int64"),
    })
    if not marked:
        return frame, 0
    deleted = _is_deleted(pd.Series(columns[7], dtype=object)) | _is_deleted(pd.Series(columns[8], dtype=object))
    if deleted.any():
        frame = frame[~deleted].reset_index(drop=True)
    return frame, int(deleted.sum())


def read_kolada_json(path: Path, problems: Problems) -> tuple[RawTable | None, list[str]]:
    """A Kolada JSON file (v2, or a saved v3 page) -> (raw table of json_frame's columns, run notes)."""
    records, marked = _load_json(path, problems)
    if records is None:
        return None, []
    frame, deleted = json_frame(records, path, problems, marked)
    notes = []
    if deleted:
        notes.append(f"{problems.name(path)}: {deleted} värden som Kolada markerat som raderade (isdeleted) lästes inte in.")
    return RawTable(path, None, 0, frame, dict(JSON_PLACES)), notes


def ddf_columns(head: list[list[str]]) -> tuple[Column, ...] | None:
    """The columns of a DDF datapoints CSV (`geo,year,<kpi>` or `geo,gender,year,<kpi>`) when the first
    non-empty line of `head` is such a header, else None."""
    first = next((row for row in head if any(cell.strip() for cell in row)), None)
    if first is None:
        return None
    cells = [normalize_header(c) for c in first]
    index = tuple(cells[:-1])
    if index not in kinds.KOLADA_DDF_INDEXES or not re.fullmatch(kinds.KOLADA_DDF_KPI, cells[-1]):
        return None
    return kinds.kolada_ddf(first[-1].strip(), by_gender=kinds.KOLADA_DDF_INDEXES[index])


def read_ddf_csv(path: Path, columns: tuple[Column, ...], problems: Problems,
                 head: CsvHead | None = None) -> RawTable | None:
    """A DDF datapoints CSV -> raw table: kommun (geo), period (year), varde, kon (by-gender files only), _rad, and
    kpi = the value column's name as written (staging upper-cases it)."""
    table = read_csv_table(path, columns, problems, head)
    if table is None:
        return None
    kpi_header = columns[-1].header
    frame = table.frame.assign(kpi=pd.Series(kpi_header, index=table.frame.index, dtype=_TEXT))
    return RawTable(table.path, table.sheet, table.header_row, frame, {**table.places, "kpi": table.place("varde")})
