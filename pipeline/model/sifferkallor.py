"""Source facts for sifferkällor (issue 14, point 5) that the model does not already carry.

The driftredovisning's and investeringsredovisning's sums come with their row counts from the model itself
(pipeline.model.ekonomi: budget_antal, utfall_antal). The statements' post rows are counted here per kontoplan
line, with the filters pipeline.model.rakenskaper applies (one vectorised group-by each); the indicator values
per KPI and period.
"""

from __future__ import annotations

import pandas as pd


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
