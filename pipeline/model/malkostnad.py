"""Mål ↔ kostnad: what the verksamheter behind a mål cost (issue 5, point 4).

`mal_kostnad` returns per mål_id: verksamheter (tuple of codes named by its indicators' Verksamheter column),
arsbudget, utfall (months 1..till_manad), prognos, utfall_fg (the same months last year) and forandring
(utfall / utfall_fg − 1; NaN without last year). Amounts in kr, ledger sign.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.model.ekonomi import utfall_per_verksamhet

COLUMNS = ["mal_id", "verksamheter", "arsbudget", "utfall", "prognos", "utfall_fg", "forandring"]


def mal_kostnad(indikatorer: pd.DataFrame, drift: pd.DataFrame, utfall_fg: pd.DataFrame, till_manad: int) -> pd.DataFrame:
    if indikatorer.empty or "verksamheter" not in indikatorer:
        return pd.DataFrame(columns=COLUMNS)
    links = (indikatorer[indikatorer["mal_id"].notna()][["mal_id", "verksamheter"]]
             .explode("verksamheter").dropna().drop_duplicates())
    if links.empty:
        return pd.DataFrame(columns=COLUMNS)
    links = links.rename(columns={"verksamheter": "verksamhet"}).astype({"verksamhet": str})
    per_vht = drift.groupby("verksamhet", observed=True)[["arsbudget", "utfall", "prognos"]].sum()
    last = utfall_per_verksamhet(utfall_fg, till_manad, "utfall_fg").groupby("verksamhet", observed=True)["utfall_fg"].sum()
    per_vht = per_vht.join(last, how="left")
    per_vht.index = per_vht.index.astype(str)
    joined = links.join(per_vht, on="verksamhet", how="left")
    sums = joined.groupby("mal_id", sort=True)[["arsbudget", "utfall", "prognos", "utfall_fg"]].sum(min_count=1)
    sums["verksamheter"] = joined.groupby("mal_id", sort=True)["verksamhet"].agg(lambda s: tuple(sorted(s)))
    sums["forandring"] = sums["utfall"] / sums["utfall_fg"].where(sums["utfall_fg"].abs() > 0) - 1.0
    return sums.reset_index()[COLUMNS].replace([np.inf, -np.inf], np.nan)


COST_KINDS = ("Resurs", "Effektivitet")
INDICATOR_COST_COLUMNS = ["indikator_id", "verksamheter", "nettokostnad_fg", "arsbudget", "prognos"]


def indikator_kostnad(indikatorer: pd.DataFrame, drift: pd.DataFrame, utfall_fg: pd.DataFrame) -> pd.DataFrame:
    """"Vad kostade det – vad blev resultatet": for every Resurs or Effektivitet indicator (a cost or resource
    per unit) with Verksamheter, the kommun's own ledger cost of those verksamheter: nettokostnad_fg (the whole
    previous year), arsbudget and prognos (this year). Amounts in kr, ledger sign; one row per indicator."""
    if indikatorer.empty or "kategori" not in indikatorer:
        return pd.DataFrame(columns=INDICATOR_COST_COLUMNS)
    rows = indikatorer[indikatorer["kategori"].isin(list(COST_KINDS)).fillna(False).astype(bool)]
    links = rows.drop_duplicates("indikator_id")[["indikator_id", "verksamheter"]].explode("verksamheter").dropna()
    if links.empty:
        return pd.DataFrame(columns=INDICATOR_COST_COLUMNS)
    links = links.rename(columns={"verksamheter": "verksamhet"}).astype({"verksamhet": str})
    per_vht = drift.groupby("verksamhet", observed=True)[["arsbudget", "prognos"]].sum()
    full_year = utfall_per_verksamhet(utfall_fg, 12, "nettokostnad_fg").groupby("verksamhet", observed=True)[
        "nettokostnad_fg"].sum()
    per_vht = per_vht.join(full_year, how="left")
    per_vht.index = per_vht.index.astype(str)
    joined = links.join(per_vht, on="verksamhet", how="left")
    sums = joined.groupby("indikator_id", sort=True)[["nettokostnad_fg", "arsbudget", "prognos"]].sum(min_count=1)
    sums["verksamheter"] = joined.groupby("indikator_id", sort=True)["verksamhet"].agg(lambda s: tuple(sorted(s)))
    return sums.reset_index()[INDICATOR_COST_COLUMNS]
