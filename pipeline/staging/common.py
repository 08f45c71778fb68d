"""Vectorised casts shared by the staging functions: Swedish amounts, codes, integers, closed word lists.

Each cast returns the cast series and a boolean mask of cells that were present but could not be cast;
`report` turns such a mask into located problems.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from pipeline.problems import Problems
from pipeline.read.table import RawTable

_MINUSES = "\u2212\u2012\u2013\u2014"


def is_blank(series: pd.Series) -> pd.Series:
    """True where a cell is empty (None, NaN or whitespace-only text)."""
    if isinstance(series.dtype, pd.StringDtype) or str(series.dtype).startswith("string"):
        return series.isna() | (series.str.strip() == "")
    return series.map(lambda v: v is None or (isinstance(v, float) and np.isnan(v))
                      or (isinstance(v, str) and not v.strip())).astype(bool)


def _as_text(series: pd.Series) -> pd.Series:
    return series.astype("string[pyarrow]") if series.dtype == object else series


def parse_amount(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers or Swedish text ('1 234,50', '−1 234', NBSP separators) -> float64; mask of bad cells."""
    blank = is_blank(series)
    if series.dtype == object:
        numeric = pd.to_numeric(series.where(series.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))),
                                errors="coerce")
        text = series.where(series.map(lambda v: isinstance(v, str)))
        text_values = _parse_amount_text(text.astype("string[pyarrow]"))
        values = numeric.fillna(text_values).astype("float64")
    else:
        values = _parse_amount_text(series)
    bad = values.isna() & ~blank
    return values, bad


def _parse_amount_text(text: pd.Series) -> pd.Series:
    cleaned = text.str.strip()
    for ch in _MINUSES:
        cleaned = cleaned.str.replace(ch, "-", regex=False)
    cleaned = cleaned.str.replace(r"[\s\u00a0\u202f']", "", regex=True)
    has_comma = cleaned.str.contains(",", regex=False).fillna(False)
    # With a decimal comma, dots are thousands separators: '1.234,50'.
    cleaned = cleaned.where(~has_comma, cleaned.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    cleaned = cleaned.str.replace(r"^(-?)kr|kr$|:-$", r"\1", regex=True)
    return pd.to_numeric(cleaned.astype(object).where(cleaned.notna(), None), errors="coerce").astype("float64")


def parse_code(series: pd.Series) -> pd.Series:
    """Codes as text: 407.0 -> '407', ' 5101 ' -> '5101', blank -> <NA>."""
    def one(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        text = str(v).strip()
        return text or None
    if series.dtype == object:
        return series.map(one).astype("string[pyarrow]")
    out = series.str.strip()
    out = out.str.replace(r"\.0$", "", regex=True)
    return out.where(out != "", None).astype("string[pyarrow]")


def parse_int(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Whole numbers (also '2026', 2026.0) -> Int64; mask of present cells that are not whole numbers."""
    values, bad = parse_amount(series)
    whole = values.notna() & (values == np.floor(values))
    bad = bad | (values.notna() & ~whole)
    return values.where(whole).astype("Int64"), bad


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
    mapped = text.str.lower().str.replace(r"\s+", " ", regex=True).map(lookup, na_action="ignore")
    mapped = mapped.astype("string[pyarrow]")
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
    blank = series.isna() if series.dtype != object else is_blank(series)
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
    unknown = namnd.notna() & ~namnd.isin(known)
    report(problems, table, "namnd", unknown,
           lambda v: f"Okänd nämnd {show(v)}. Tillåtna id enligt konfigurationen: {', '.join(known)}.")
    return blank | unknown


def check_verksamhet(problems: Problems, table: RawTable, verksamhet: pd.Series, namnd: pd.Series,
                     owner: dict[str, str], bad_namnd: pd.Series) -> pd.Series:
    """Report blank or unknown verksamhet codes and codes that belong to another nämnd; return bad mask."""
    blank = required(problems, table, "verksamhet", verksamhet, "Verksamhet")
    unknown = verksamhet.notna() & ~verksamhet.isin(list(owner))
    report(problems, table, "verksamhet", unknown,
           lambda v: f"Okänd verksamhetskod {show(v)}; koden finns inte bland konfigurationens verksamheter.")
    expected = verksamhet.map(owner, na_action="ignore")
    wrong = ~unknown & verksamhet.notna() & ~bad_namnd & expected.notna() & (expected != namnd).fillna(False)
    report(problems, table, "verksamhet", wrong,
           lambda v, pair: f"Verksamhet {show(v)} hör till nämnd {pair}.",
           extra=expected.astype(object) + ", inte till " + namnd.astype(object).fillna(""))
    return blank | unknown | wrong


def check_konto(problems: Problems, table: RawTable, konto: pd.Series, classes: str) -> pd.Series:
    """Report accounts that are not four digits in the allowed account classes (e.g. '345678')."""
    blank = required(problems, table, "konto", konto, "Konto")
    bad = konto.notna() & ~konto.str.fullmatch(rf"[{classes}]\d{{3}}").fillna(False)
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
