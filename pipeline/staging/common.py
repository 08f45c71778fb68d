"""Vectorised casts shared by the staging functions: Swedish amounts, codes, integers, closed word lists.

Each cast returns the cast series and a boolean mask of cells that were present but could not be cast;
`report` turns such a mask into located problems. The text casts run as a constant handful of pyarrow
compute passes, whatever the number of rows.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.problems import Problems
from pipeline.read.table import RawTable

_NULL = pa.scalar(None, pa.string())
_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
# Below this many rows, an object column (straight from calamine) is cleaned cell by cell: a few pyarrow
# passes cost a fixed ~1 ms per column, far more than a small sheet's cells. Both paths give the same
# result (tested in tests/test_amounts.py).
SMALL = 2000
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_MINUS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
_NUMBER_RE = re.compile(_NUMBER)
_KR = re.compile(r"^(-?)kr|kr$|:-$")


def _arrow_text(series: pd.Series) -> bool:
    return isinstance(series.array, pd.arrays.ArrowStringArray)


def as_text(series: pd.Series) -> pd.Series:
    """Any column as pyarrow-backed text (numbers via str(): 407.0 -> '407.0'); empty cells -> <NA>."""
    if _arrow_text(series):
        return series
    return series.astype("string[pyarrow]")


def _trimmed(series: pd.Series) -> pa.ChunkedArray:
    """The column as a pyarrow string array, trimmed, with empty strings as nulls."""
    arr = pc.utf8_trim_whitespace(as_text(series).array._pa_array)
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
    raw = series.array._pa_array
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
    return text or None


def parse_amount(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers or Swedish text ('1 234,50', '−1 234', NBSP separators) -> float64; mask of bad cells."""
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
    arr = pc.replace_substring_regex(arr, "[\\s\u00a0\u202f']", "")
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


def _parse_code(series: pd.Series) -> pd.Series:
    arr = pc.replace_substring_regex(_trimmed(series), r"^(\d+)\.0$", r"\1")
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


def report(problems: Problems, table: RawTable, key: str, mask: pd.Series,
           message: Callable[..., str], extra: pd.Series | None = None) -> None:
    """Add located problems for rows where `mask` is true.

    `message(value)` gets the raw cell value; with `extra`, `message(value, extra_value)`.
    """
    if not mask.any():
        return
    idx = np.flatnonzero(mask.to_numpy(dtype=bool))
    rows = table.frame["_rad"].to_numpy()[idx]
    raw = table.frame[key].to_numpy()[idx] if key in table.frame else [None] * len(idx)
    if extra is None:
        text = lambda i: message(raw[i])  # noqa: E731
    else:
        extras = extra.to_numpy()[idx]
        text = lambda i: message(raw[i], extras[i])  # noqa: E731
    problems.add_rows(table.path, table.sheet, [int(r) for r in rows], table.place(key), text, total=len(idx))


def show(value) -> str:
    """A raw cell value as the user typed it, for messages."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "(tom)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"'{value}'" if isinstance(value, str) else str(value)


def required(problems: Problems, table: RawTable, key: str, series: pd.Series, what: str) -> pd.Series:
    """Report blank cells in a required column; return the blank mask."""
    blank = is_blank(series)
    report(problems, table, key, blank, lambda v: f"{what} saknas; cellen får inte vara tom.")
    return blank


def duplicated_keys(problems: Problems, table: RawTable, frame: pd.DataFrame, keys: list[str],
                    what: str) -> None:
    """Report every row whose key duplicates an earlier row's, naming the first row."""
    dup = frame.duplicated(keys, keep="first") & frame[keys].notna().all(axis=1)
    if not dup.any():
        return
    first_row = frame.groupby(keys, dropna=True, observed=True)["_rad"].transform("min")
    idx = np.flatnonzero(dup.to_numpy())
    rows = frame["_rad"].to_numpy()[idx]
    firsts = first_row.to_numpy()[idx]
    labels = frame[keys].astype(str).agg(" / ".join, axis=1).to_numpy()[idx]
    problems.add_rows(table.path, table.sheet, [int(r) for r in rows], None,
                      lambda i: f"{what} {labels[i]} förekommer redan på rad {int(firsts[i])}; varje nyckel får bara finnas en gång.",
                      total=len(idx))


_YEAR = re.compile(r"^\d{4}$")


def check_namnd(problems: Problems, table: RawTable, namnd: pd.Series, known: Iterable[str]) -> pd.Series:
    """Report blank or unknown nämnd ids; return the mask of bad rows."""
    known = list(known)
    blank = required(problems, table, "namnd", namnd, "Nämnd")
    unknown = namnd.notna() & ~per_unique(namnd, lambda s: s.isin(known))
    report(problems, table, "namnd", unknown,
           lambda v: f"Okänd nämnd {show(v)}. Tillåtna id enligt konfigurationen: {', '.join(known)}.")
    return blank | unknown


def check_verksamhet(problems: Problems, table: RawTable, verksamhet: pd.Series, namnd: pd.Series,
                     owner: dict[str, str], bad_namnd: pd.Series) -> pd.Series:
    """Report blank or unknown verksamhet codes and codes that belong to another nämnd; return bad mask."""
    blank = required(problems, table, "verksamhet", verksamhet, "Verksamhet")
    vht = verksamhet.astype("category") if not isinstance(verksamhet.dtype, pd.CategoricalDtype) else verksamhet
    nmd = namnd.astype("category") if not isinstance(namnd.dtype, pd.CategoricalDtype) else namnd
    # Per distinct verksamhet: the position of its owning nämnd among the nämnd column's categories.
    owner_pos = {n: i for i, n in enumerate(nmd.cat.categories)}
    vht_owner = np.array([owner_pos.get(owner.get(v), -2) if v in owner else -3 for v in vht.cat.categories] + [-3],
                         dtype=np.int64)
    vcodes = vht.cat.codes.to_numpy()
    expected_pos = vht_owner[np.where(vcodes >= 0, vcodes, len(vht_owner) - 1)]
    unknown = pd.Series((vcodes >= 0) & (expected_pos == -3), index=verksamhet.index)
    report(problems, table, "verksamhet", unknown,
           lambda v: f"Okänd verksamhetskod {show(v)}; koden finns inte bland konfigurationens verksamheter.")
    wrong = pd.Series((vcodes >= 0) & (expected_pos != -3) & (expected_pos != nmd.cat.codes.to_numpy()),
                      index=verksamhet.index) & ~bad_namnd.astype(bool)
    if wrong.any():
        pairs = (vht[wrong].map(owner).astype(object) + ", inte till " + nmd[wrong].astype(object).fillna(""))
        report(problems, table, "verksamhet", wrong, lambda v, pair: f"Verksamhet {show(v)} hör till nämnd {pair}.",
               extra=pairs.reindex(wrong.index))
    return blank | unknown | wrong


def check_konto(problems: Problems, table: RawTable, konto: pd.Series, classes: str) -> pd.Series:
    """Report accounts that are not four digits in the allowed account classes (e.g. '345678')."""
    blank = required(problems, table, "konto", konto, "Konto")
    bad = konto.notna() & ~per_unique(konto, lambda s: s.str.fullmatch(rf"[{classes}]\d{{3}}").fillna(False).astype(bool))
    report(problems, table, "konto", bad,
           lambda v: f"Kontot {show(v)} är inte ett Kommun-Bas-konto med fyra siffror i kontoklass {', '.join(classes)}.")
    return blank | bad


def check_amount(problems: Problems, table: RawTable, key: str, what: str,
                 required_value: bool = True) -> tuple[pd.Series, pd.Series]:
    """Cast an amount column; report text that is not an amount (and blanks when required)."""
    values, bad = parse_amount(table.frame[key])
    report(problems, table, key, bad,
           lambda v: f"{what} {show(v)} är inte ett belopp. Skriv ett tal, t.ex. 1 234,50 eller -1234.")
    if required_value:
        blank = values.isna() & ~bad
        report(problems, table, key, blank, lambda v: f"{what} saknas; cellen får inte vara tom.")
        bad = bad | blank
    return values, bad


def check_year(problems: Problems, table: RawTable, allowed: tuple[int, ...]) -> tuple[pd.Series, pd.Series]:
    """Cast År and report values outside `allowed` (the reporting year, and for ledgers the year before)."""
    years, bad = parse_int(table.frame["ar"])
    report(problems, table, "ar", bad, lambda v: f"År {show(v)} är inte ett årtal.")
    wrong = years.notna() & ~years.isin(list(allowed))
    allowed_text = " eller ".join(str(a) for a in allowed)
    report(problems, table, "ar", wrong, lambda v: f"Fel år {show(v)}: filen ska gälla {allowed_text}.")
    blank = years.isna() & ~bad
    report(problems, table, "ar", blank, lambda v: "År saknas; cellen får inte vara tom.")
    return years, bad | wrong | blank
