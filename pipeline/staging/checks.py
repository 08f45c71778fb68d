"""Located checks shared by the staging functions: each reports bad cells as problems (file, sheet, Excel row,
column, Swedish message) and returns the mask of bad rows, so that every problem is collected at once."""

from __future__ import annotations

from typing import Callable, Iterable

import numpy as np
import pandas as pd

from pipeline.config.problems import Problems
from pipeline.read.table import RawTable
from pipeline.staging.cast import AMOUNT_LIMIT, is_blank, parse_amount_checked, parse_int, per_unique

AMOUNT_TEXT = f"{AMOUNT_LIMIT:,.0f}".replace(",", "\u00a0")   # 10 000 000 000 000


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


def required(problems: Problems, table: RawTable, key: str, series: pd.Series, what: str,
             blank_allowed: pd.Series | None = None) -> pd.Series:
    """Report blank cells in a required column (except where `blank_allowed`); return the blank mask."""
    blank = is_blank(series)
    if blank_allowed is not None:
        blank = blank & ~blank_allowed
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
    labels = frame[keys].iloc[idx].astype(str).agg(" / ".join, axis=1).to_numpy()
    problems.add_rows(table.path, table.sheet, [int(r) for r in rows], None,
                      lambda i: f"{what} {labels[i]} förekommer redan på rad {int(firsts[i])}; varje nyckel får bara finnas en gång.",
                      total=len(idx))


def check_namnd(problems: Problems, table: RawTable, namnd: pd.Series, known: Iterable[str],
                blank_allowed: pd.Series | None = None) -> pd.Series:
    """Report blank (except where `blank_allowed`) or unknown nämnd ids; return the mask of bad rows."""
    known = list(known)
    blank = required(problems, table, "namnd", namnd, "Nämnd", blank_allowed)
    unknown = namnd.notna() & ~per_unique(namnd, lambda s: s.isin(known))
    report(problems, table, "namnd", unknown,
           lambda v: f"Okänd nämnd {show(v)}. Tillåtna id enligt konfigurationen: {', '.join(known)}.")
    return blank | unknown


def check_verksamhet(problems: Problems, table: RawTable, verksamhet: pd.Series, namnd: pd.Series,
                     owner: dict[str, str], bad_namnd: pd.Series, blank_allowed: pd.Series | None = None,
                     from_budget: bool = False) -> pd.Series:
    """Report blank (except where `blank_allowed`) or unknown verksamhet codes and codes that belong to another
    nämnd; return bad mask. `from_budget`: the configuration has no [[verksamhet]], the codes are the Budget's."""
    known_in = ("budgetens verksamheter (konfigurationen har inga [[verksamhet]], så verksamheterna är de som står "
                "i budgeten)") if from_budget else "konfigurationens verksamheter"
    blank = required(problems, table, "verksamhet", verksamhet, "Verksamhet", blank_allowed)
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
           lambda v: f"Okänd verksamhetskod {show(v)}; koden finns inte bland {known_in}.")
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
    values, bad, implausible = parse_amount_checked(table.frame[key])
    report(problems, table, key, bad,
           lambda v: f"{what} {show(v)} är inte ett belopp. Skriv ett tal, t.ex. 1 234,50 eller -1234.")
    report(problems, table, key, implausible,
           lambda v: f"{what} {show(v)} är inte ett rimligt belopp: ett belopp ska vara ett ändligt tal mellan "
                     f"−{AMOUNT_TEXT} och {AMOUNT_TEXT} kr (oändligt och 'nan' tas inte emot).")
    bad = bad | implausible
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
