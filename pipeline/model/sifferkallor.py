"""Source facts for sifferkällor (issue 14, point 5): per key, how many input rows a printed amount is summed from
and their unrounded sum, each from ONE vectorised group-by (no loops over ledger rows).

The filters are the ones pipeline.model.ekonomi applies, so a fact's `summa` is the very amount the model prints
(rounded once to tkr by pipeline.context.avrundning):
- `drift_facts`: huvudbok rows with a drift account (kontoklass 3–8), months 1..till_manad, per (namnd, verksamhet).
- `budget_facts`: budget rows per (namnd, verksamhet): årsbudget (Belopp) and periodbudget (months 1..till_manad).
- `investment_facts`: huvudbok rows with a projekt and a non-drift account, months 1..till_manad, per (namnd, projekt);
  the investment budget rows per (namnd, projekt).
"""

from __future__ import annotations

import pandas as pd

from pipeline.config.kontoklass import is_drift
from pipeline.staging.ekonomi import MONTH_KEYS

KEY = ["namnd", "verksamhet"]
PROJECT_KEY = ["namnd", "projekt"]


def _counted(frame: pd.DataFrame, key: list[str], column: str, prefix: str) -> pd.DataFrame:
    """{prefix}_antal and {prefix}_summa of `column` per `key` (str keys), one group-by."""
    if not len(frame):
        return pd.DataFrame(columns=[*key, f"{prefix}_antal", f"{prefix}_summa"])
    grouped = frame.groupby(key, observed=True, sort=True)[column].agg(["count", "sum"])
    out = grouped.rename(columns={"count": f"{prefix}_antal", "sum": f"{prefix}_summa"}).reset_index()
    out[key] = out[key].astype(str)   # the keys as printed (categories and codes as text), after the group-by
    return out


def drift_facts(utfall: pd.DataFrame, till_manad: int) -> pd.DataFrame:
    """namnd, verksamhet, utfall_antal, utfall_summa (kr) of the drift utfall months 1..till_manad."""
    rows = utfall[is_drift(utfall["konto"]) & (utfall["manad"] <= till_manad)]
    return _counted(rows, KEY, "belopp", "utfall")


def budget_facts(budget: pd.DataFrame, till_manad: int) -> pd.DataFrame:
    """namnd, verksamhet, budget_antal, arsbudget_summa, periodbudget_summa (kr)."""
    frame = budget.assign(periodbudget=budget[MONTH_KEYS[:till_manad]].sum(axis=1))
    year = _counted(frame, KEY, "belopp", "budget").rename(columns={"budget_summa": "arsbudget_summa"})
    period = _counted(frame, KEY, "periodbudget", "period").drop(columns="period_antal")
    return _whole_counts(year.merge(period.rename(columns={"period_summa": "periodbudget_summa"}), on=KEY, how="outer"))


def investment_facts(investeringsbudget: pd.DataFrame, utfall: pd.DataFrame, till_manad: int) -> pd.DataFrame:
    """namnd, projekt, utfall_antal, utfall_summa, budget_antal, budget_summa (kr)."""
    rows = utfall[utfall["projekt"].notna() & (utfall["manad"] <= till_manad) & ~is_drift(utfall["konto"])]
    spent = _counted(rows, PROJECT_KEY, "belopp", "utfall")
    budget = _counted(investeringsbudget, PROJECT_KEY, "budget", "budget")
    return _whole_counts(spent.merge(budget, on=PROJECT_KEY, how="outer"))


def _whole_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """After an outer merge: missing counts and sums are 0, counts whole numbers."""
    for column in frame.columns:
        if column.endswith("_antal"):
            frame[column] = frame[column].fillna(0).astype("int64")
        elif column.endswith("_summa"):
            frame[column] = frame[column].fillna(0.0)
    return frame


def indexed(frame: pd.DataFrame, key: list[str]) -> dict[tuple, dict]:
    """{key tuple: row dict} for looking facts up while the printed rows are assembled."""
    return {tuple(r[k] for k in key): r for r in frame.to_dict("records")}


def statement_facts(utfall: pd.DataFrame, kontoplan, first: int, till: int) -> pd.DataFrame:
    """rad, rad_antal, rad_summa (kr, the ledger's sign) of the ledger rows of months first..till per kontoplan
    line (the statements' post rows), one group-by."""
    from pipeline.model.rakenskaper import with_rad

    if not len(utfall):
        return pd.DataFrame(columns=["rad", "rad_antal", "rad_summa"])
    rows = with_rad(utfall, kontoplan)
    rows = rows[rows["rad"].notna() & (rows["manad"] >= first) & (rows["manad"] <= till)]
    return _counted(rows, ["rad"], "belopp", "rad")


def indicator_facts(indikatorvarden: pd.DataFrame, kommun_kod: str) -> pd.DataFrame:
    """indikator_id, period, fil (file name), kalla, antal, varde (the file's value): the kommun's own total (kön T,
    no grupp) value rows per indicator and period, the rows the printed indicator values come from."""
    own = indikatorvarden[(indikatorvarden["kommun"].astype(str) == str(kommun_kod))
                          & (indikatorvarden["kon"].astype(str) == "T") & indikatorvarden["varde"].notna()
                          & (indikatorvarden["grupp"].isna() if "grupp" in indikatorvarden else True)]
    if not len(own):
        return pd.DataFrame(columns=["indikator_id", "period", "fil", "kalla", "antal", "varde"])
    own = own.assign(fil=own["fil"].astype(str).str.rsplit("/", n=1).str[-1], period=own["period"].astype(str),
                     indikator_id=own["indikator_id"].astype(str))
    grouped = own.groupby(["indikator_id", "period"], sort=True)
    return grouped.agg(fil=("fil", "first"), kalla=("kalla", "first"), antal=("varde", "count"),
                        varde=("varde", "first")).reset_index()
