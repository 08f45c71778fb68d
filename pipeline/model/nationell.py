"""The national comparison (`kommunrapport jämförelse`): for every kommun and every KPI in Kolada's data, the year's
value, its place among all kommuner, its quartile, the median of its SKR kommungrupp, riket, the trend and the
values for women and men. Pure and vectorised over all kommuner at once (one group-by per figure).

Kolada does not say whether a higher value is better, so nothing here judges: the place counts from the highest
value (1 = highest; ties share the best place, 1, 2, 2, 4), the quartile names where the value lies (högsta,
mittersta or lägsta fjärdedelen; none below MIN_FOR_QUARTILES kommuner with a value), and the trend names the
direction (ökar, minskar, oförändrad within TREND_TOLERANCE of the first value) over the last TREND_YEARS years
with a value. The kommungrupp median is over every kommun of the group with a value, the kommun itself included.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.model.jamforelse import MIN_FOR_QUARTILES, TREND_TOLERANCE, TREND_YEARS, is_kommun

QUARTILES = ["högsta fjärdedelen", "mittersta hälften", "lägsta fjärdedelen"]
COLUMNS = ["kommun", "kpi", "varde", "plats", "antal", "kvartil", "grupp_median", "riket", "trend_pil", "trend_ord",
           "trend_fran", "varde_k", "varde_m"]


def national_comparison(values: pd.DataFrame, year: int, groups: pd.DataFrame) -> pd.DataFrame:
    """One row per (kommun, KPI) with a value in `year` (COLUMNS). `values`: pipeline.read.kolada_ddf's frame;
    `groups`: kommun, grupp (each kommun's SKR kommungrupp)."""
    totals = values[values["kon"] == "T"]
    kommun_rows = totals[is_kommun(totals["kommun"])]
    now = kommun_rows[kommun_rows["ar"] == year][["kommun", "kpi", "varde"]]
    by_kpi = now.groupby("kpi", observed=True)["varde"]
    out = now.assign(plats=by_kpi.rank(method="min", ascending=False).astype("int64"),
                     antal=by_kpi.transform("count").astype("int64"))
    share = ((out["plats"] - 1) / out["antal"]).to_numpy()
    codes = np.select([share < 0.25, share >= 0.75], [0, 2], default=1)
    codes[out["antal"].to_numpy() < MIN_FOR_QUARTILES] = -1
    out["kvartil"] = pd.Categorical.from_codes(codes, QUARTILES)
    grouped = now.merge(groups, on="kommun", how="inner")
    medians = grouped.groupby(["grupp", "kpi"], observed=True)["varde"].median().rename("grupp_median").reset_index()
    out = out.merge(groups, on="kommun", how="left").merge(medians, on=["grupp", "kpi"], how="left").drop(columns="grupp")
    riket = totals[(totals["kommun"] == "0000") & (totals["ar"] == year)][["kpi", "varde"]]
    out = out.merge(riket.rename(columns={"varde": "riket"}), on="kpi", how="left")
    out = out.merge(_trends(kommun_rows, year), on=["kommun", "kpi"], how="left")
    genders = values[(values["ar"] == year) & values["kon"].isin(["K", "M"])]
    wide = genders.pivot_table(index=["kommun", "kpi"], columns="kon", values="varde", aggfunc="first")
    wide = wide.reindex(columns=["K", "M"]).rename(columns={"K": "varde_k", "M": "varde_m"}).reset_index()
    wide.columns.name = None
    out = out.merge(wide, on=["kommun", "kpi"], how="left")
    return out[COLUMNS].sort_values(["kommun", "kpi"]).reset_index(drop=True)


def _trends(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per (kommun, kpi): the direction from the first to the last value of the years year−TREND_YEARS+1 … year
    (trend_fran: the first of those years with a value); fewer than two values: no trend."""
    window = rows[(rows["ar"] > year - TREND_YEARS) & (rows["ar"] <= year)].sort_values("ar")
    grouped = window.groupby(["kommun", "kpi"], observed=True)
    ends = grouped.agg(first=("varde", "first"), last=("varde", "last"), fran=("ar", "first"), n=("varde", "size"),
                       till=("ar", "last")).reset_index()
    ends = ends[(ends["n"] >= 2) & (ends["till"] == year)]
    change = ends["last"] - ends["first"]
    still = change.abs() <= TREND_TOLERANCE * ends["first"].abs().clip(lower=1e-9)
    ends["trend_pil"] = np.where(still, "→", np.where(change > 0, "↗", "↘"))
    ends["trend_ord"] = np.where(still, "oförändrad", np.where(change > 0, "ökar", "minskar"))
    return ends.rename(columns={"fran": "trend_fran"})[["kommun", "kpi", "trend_pil", "trend_ord", "trend_fran"]]
