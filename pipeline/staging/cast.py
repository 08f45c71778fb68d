"""Vectorised casts shared by the staging functions: Swedish amounts, codes, integers, closed word lists.

Each cast returns the cast series and, where a cell can be wrong, a boolean mask of cells that were present
but could not be cast; `staging.checks.report` turns such a mask into located problems. On large columns the
casts run as a constant handful of pyarrow compute passes, or on the distinct values only, whatever the
number of rows.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


_NULL = pa.scalar(None, pa.string())
_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
# Below this many rows, an object column (straight from calamine) is cleaned cell by cell: a few pyarrow
# passes cost a fixed ~1 ms per column, far more than a small sheet's cells. Both paths give the same
# result (tested in tests/test_amounts.py).
SMALL = 2000
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_MINUS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
_NUMBER_RE = re.compile(_NUMBER, re.ASCII)   # as pyarrow's RE2: '٣' and '１２' are no amounts
_KR = re.compile(r"^(-?)kr|kr$|:-$")


def _arrow_text(series: pd.Series) -> bool:
    return isinstance(series.array, pd.arrays.ArrowStringArray)


def as_text(series: pd.Series) -> pd.Series:
    """Any column as pyarrow-backed text (numbers via str(): 407.0 -> '407.0'); empty cells -> <NA>."""
    if _arrow_text(series):
        return series
    return series.astype("string[pyarrow]")


def _arrow(series: pd.Series) -> pa.ChunkedArray:
    """The pyarrow data of a pyarrow-backed column, without a copy: pandas' arrow arrays implement pyarrow's
    public `__arrow_array__` protocol, which hands over the ChunkedArray they hold."""
    return series.array.__arrow_array__()


def _trimmed(series: pd.Series) -> pa.ChunkedArray:
    """The column as a pyarrow string array, trimmed, with empty strings as nulls."""
    arr = pc.utf8_trim_whitespace(_arrow(as_text(series)))
    return pc.if_else(pc.equal(arr, ""), _NULL, arr)


def _numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype)


def _bools(arr, index) -> pd.Series:
    return pd.Series(np.asarray(pc.fill_null(arr, False).to_numpy(zero_copy_only=False), dtype=bool), index=index)


def is_blank(series: pd.Series) -> pd.Series:
    """True where a cell is empty (None, NaN or whitespace-only text)."""
    if _numeric(series) or isinstance(series.dtype, pd.CategoricalDtype):
        return series.isna()
    return _bools(pc.is_null(_trimmed(series)), series.index)


def _cast_plain(series: pd.Series) -> pd.Series | None:
    """Fast path for clean exports: the whole column casts directly (decimal point or decimal comma)."""
    if not _arrow_text(series):
        return None
    raw = _arrow(series)
    for candidate in (raw, pc.replace_substring(raw, ",", ".")):
        try:
            numbers = pc.cast(candidate, pa.float64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
        return pd.Series(numbers.to_numpy(zero_copy_only=False), index=series.index, dtype="float64")
    return None


def _small_object(series: pd.Series) -> bool:
    return series.dtype == object and len(series) < SMALL


def _amount_cell(value) -> tuple[float, bool]:
    """One cell -> (value or NaN, bad?)."""
    if value is None or isinstance(value, bool):
        return (np.nan, value is not None)
    if isinstance(value, (int, float)):
        return float(value), False
    text = _SPACES.sub("", str(value).strip().translate(_MINUS))
    if not text:
        return np.nan, False
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    text = _KR.sub(r"\1", text)
    return (float(text), False) if _NUMBER_RE.match(text) else (np.nan, True)


def _code_cell(value) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text and _CONTROL_RE.search(text):
        text = _CONTROL_RE.sub("", text).strip()
    return text or None


# The largest amount (kr) or value accepted: ten thousand billion, far beyond any kommun's budget (Stockholm's is
# under 10^11 kr) but finite; "1e309", "inf", "-Infinity" and "nan" are no amounts (docs/sakerhet.md).
AMOUNT_LIMIT = 1e13


def parse_amount(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers or Swedish text ('1 234,50', '−1 234', NBSP separators) -> float64; mask of bad cells: text that
    is no number, and numbers that are not finite or beyond ±AMOUNT_LIMIT (those become NaN)."""
    values, bad, implausible = parse_amount_checked(series)
    return values, bad | implausible


def parse_amount_checked(series: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(values, text that is no number, numbers that are not finite or beyond ±AMOUNT_LIMIT); both kinds of bad
    cell are NaN in `values`."""
    values, bad = _parse_amount(series)
    raw = values.to_numpy(dtype="float64")
    finite = np.isfinite(raw)
    implausible = pd.Series((values.notna().to_numpy() & ~finite)
                            | (np.abs(np.where(finite, raw, 0.0)) > AMOUNT_LIMIT), index=series.index)
    return (values.mask(implausible) if implausible.any() else values), bad, implausible


def _parse_amount(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    if _numeric(series):
        return series.astype("float64"), pd.Series(False, index=series.index)
    if _small_object(series):
        cells = [_amount_cell(v) for v in series.to_numpy()]
        return (pd.Series([c[0] for c in cells], index=series.index, dtype="float64"),
                pd.Series([c[1] for c in cells], index=series.index, dtype=bool))
    plain = _cast_plain(series)
    if plain is not None:
        return plain, pd.Series(False, index=series.index)
    arr = _trimmed(series)
    arr = pc.replace_substring_regex(arr, "[\u2212\u2012\u2013\u2014]", "-")
    # Python's \\s (the per-cell path's _SPACES) is every Unicode space; RE2's is ASCII only: name the rest.
    arr = pc.replace_substring_regex(arr, "[\\s\\p{Z}\\x{85}\\x{1c}-\\x{1f}']", "")
    arr = pc.if_else(pc.equal(arr, ""), _NULL, arr)   # only spaces or Excel's ' text mark: a blank cell
    comma = pc.match_substring(arr, ",")
    if pc.any(comma).as_py():
        # With a decimal comma, dots are thousands separators: '1.234,50'.
        swapped = pc.replace_substring(pc.replace_substring(arr, ".", ""), ",", ".")
        arr = pc.if_else(comma, swapped, arr)
    if pc.any(pc.match_substring_regex(arr, "kr|:-")).as_py():
        arr = pc.replace_substring_regex(arr, r"^(-?)kr|kr$|:-$", r"\1")
    valid = pc.match_substring_regex(arr, _NUMBER)
    numbers = pc.cast(pc.if_else(valid, arr, _NULL), pa.float64())
    values = pd.Series(numbers.to_numpy(zero_copy_only=False), index=series.index, dtype="float64")
    bad = _bools(pc.and_(pc.is_valid(arr), pc.invert(valid)), series.index)
    return values, bad


def per_unique(series: pd.Series, fn: Callable[[pd.Series], pd.Series | tuple]) -> pd.Series | tuple:
    """Apply `fn` to the distinct values only and spread the result back: ledger key columns have a few
    hundred distinct values in millions of rows. `fn` returns a series or a tuple of series."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        # Distinct values are the categories plus a missing value (code −1, moved to the end).
        categories = series.cat.categories
        uniques = pd.Series(list(categories) + [None], dtype=categories.dtype if len(categories) else "string[pyarrow]")
        codes = series.cat.codes.to_numpy().copy()
        codes[codes < 0] = len(categories)
    elif len(series) < 5000:
        return fn(series)
    else:
        codes, uniques = pd.factorize(series, use_na_sentinel=False)
        uniques = pd.Series(uniques)
    result = fn(uniques)
    spread = lambda s: pd.Series(s.take(codes).array, index=series.index, dtype=s.dtype)  # noqa: E731
    return tuple(spread(r) for r in result) if isinstance(result, tuple) else spread(result)


# Control characters never reach a document, a cell or the terminal (docs/sakerhet.md): C0 except tab, line feed
# and carriage return, DEL and C1, raw or as Excel stores them in its XML (_x0001_), are removed from text; so are
# the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make text show in
# another order than it is written.
_CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|_x00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])_"
_CONTROL_RE = re.compile(_CONTROL)


def _parse_code(series: pd.Series) -> pd.Series:
    arr = _trimmed(series)
    if pc.any(pc.match_substring_regex(arr, _CONTROL)).as_py():
        arr = pc.utf8_trim_whitespace(pc.replace_substring_regex(arr, _CONTROL, ""))
        arr = pc.if_else(pc.equal(arr, ""), _NULL, arr)
    arr = pc.replace_substring_regex(arr, r"^(\d+)\.0$", r"\1")
    return pd.Series(pd.arrays.ArrowStringArray(arr), index=series.index, dtype="string[pyarrow]")


def parse_code(series: pd.Series) -> pd.Series:
    """Codes as text: 407.0 -> '407', ' 5101 ' -> '5101', blank -> <NA>."""
    if _small_object(series):
        return pd.Series([_code_cell(v) for v in series.to_numpy()], index=series.index, dtype="string[pyarrow]")
    return per_unique(series, _parse_code)


def parse_key(series: pd.Series) -> pd.Series:
    """A key column of a large table (nämnd, verksamhet, konto) as a categorical of cleaned codes: every
    later check and group-by then works on the few distinct values."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    cleaned = _parse_code(pd.Series(uniques))
    categories = pd.unique(cleaned.dropna())
    mapped = pd.Categorical(cleaned, categories=categories)
    return pd.Series(pd.Categorical.from_codes(
        np.where(codes >= 0, mapped.codes[np.maximum(codes, 0)] if len(mapped) else -1, -1), categories=categories),
        index=series.index)


def map_values(series: pd.Series, mapping: dict, dtype: str = "string[pyarrow]") -> pd.Series:
    """`series.map(mapping)` computed on the distinct values (missing keys -> <NA>)."""
    return per_unique(series, lambda s: s.map(mapping, na_action="ignore").astype(dtype))


def _parse_int(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    values, bad = parse_amount(series)
    whole = values.notna() & (values == np.floor(values))
    bad = bad | (values.notna() & ~whole)
    return values.where(whole).astype("Int64"), bad


def parse_int(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Whole numbers (also '2026', 2026.0) -> Int64; mask of present cells that are not whole numbers."""
    return per_unique(series, _parse_int)


def parse_text(series: pd.Series) -> pd.Series:
    """Trimmed text, blank -> <NA>; numbers written as text ('12' not '12.0')."""
    return parse_code(series)


def parse_choice(series: pd.Series, choices: Iterable[str],
                 synonyms: dict[str, str] | None = None) -> tuple[pd.Series, pd.Series]:
    """Map text case-insensitively onto a closed list of words; mask of present cells not in the list."""
    lookup = {c.lower(): c for c in choices}
    for k, v in (synonyms or {}).items():
        lookup[k.lower()] = v
    text = parse_text(series)
    if len(text) < SMALL:
        words = [None if v is None or v is pd.NA else lookup.get(re.sub(r"\s+", " ", v.lower()))
                 for v in text.astype(object)]
        mapped = pd.Series(words, index=text.index, dtype="string[pyarrow]")
    else:
        mapped = map_values(text.str.lower().str.replace(r"\s+", " ", regex=True), lookup)
    bad = text.notna() & mapped.isna()
    return mapped, bad


# An Excel date is a day number from 1899-12-30 (the 1900 date system); a date cell whose format was lost shows it
# ("46752" for 2027-12-31). Day numbers of 2000–2099 are taken as dates; other numbers are no date.
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
SERIAL_DATES = (36526, 73050)


def parse_date(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates (an Excel date cell, its day number 36526–73050 when the date format was lost, or text ÅÅÅÅ-MM-DD with
    or without a time) -> ISO text 'ÅÅÅÅ-MM-DD' (<NA> when blank); mask of present cells that are not a date."""
    text = parse_text(series)
    dates = pd.to_datetime(text.astype(object).map(lambda v: v[:10] if isinstance(v, str) else None),
                           format="%Y-%m-%d", errors="coerce")
    serial = pd.to_numeric(text.astype(object), errors="coerce")
    from_serial = dates.isna() & serial.between(*SERIAL_DATES)
    if from_serial.any():
        days = pd.to_timedelta(serial.where(from_serial).floordiv(1), unit="D")
        dates = dates.where(~from_serial, EXCEL_EPOCH + days)
    return dates.dt.strftime("%Y-%m-%d").astype("string[pyarrow]"), text.notna() & dates.isna()
