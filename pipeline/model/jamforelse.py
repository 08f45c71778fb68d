"""Indicator comparisons: rank among all kommuner, quartile, jämförelsegrupp median, riket, K/M and trend.

All functions are pure and vectorised over the long indicator-value frame (staging.indikatorvarden COLUMNS).
Rules (documented in docs/analys.md):
- **Plats N av M**: among kommuner (4-digit codes not starting with "00": riket is 0000 and regions 00xx) with
  a value for the same indicator, period and kön T; best first respecting Riktning; ties share the best tied
  place (1, 2, 2, 4); M counts kommuner with a value.
- **Kvartil** from the place: (plats − 1) / M < 0.25 → "bäst" (Kolada's green), ≥ 0.75 → "sämst" (red),
  otherwise "mellan" (yellow). No place when fewer than 2 kommuner have a value, no quartile below 4.
- **Trend**: the kommun's values for the same kind of period (a year; or the same month/tertial in earlier
  years) over the last three years at or before the reporting point, never before a Definitionsbyte; the
  arrow shows the value's direction (↗ ↘ →, unchanged when the change is within TREND_TOLERANCE of the
  first value), the word judges it respecting Riktning (förbättras / oförändrad / försämras).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


TREND_TOLERANCE = 0.01  # a change of at most 1 % of the first value counts as unchanged
TREND_YEARS = 3
MIN_FOR_QUARTILES = 4  # fewer kommuner with a value give no quartile (and fewer than 2 no place)


def is_kommun(codes: pd.Series) -> pd.Series:
    """True for kommun codes (not riket 0000, not regions 0001–0025)."""
    return codes.str.fullmatch(r"\d{4}").fillna(False) & ~codes.str.startswith("00").fillna(True)


def _period_kind(period: pd.Series) -> pd.Series:
    """'2025' -> '', '2026-03' -> '-03', '2026-T1' -> '-T1': periods of the same kind compare across years."""
    return period.str.slice(4).fillna("")


def ranks(values: pd.DataFrame, higher_is_better: dict[str, bool]) -> pd.DataFrame:
    """Per (indikator_id, period) and kommun with a total value: plats and antal (see module docstring)."""
    rows = values[(values["kon"] == "T") & is_kommun(values["kommun"]) & values["varde"].notna()
                  & values["enhet"].isna() & values["grupp"].isna()]
    rows = rows[rows["indikator_id"].isin(list(higher_is_better))]
    sign = rows["indikator_id"].map(higher_is_better).map({True: -1.0, False: 1.0}).astype("float64")
    keyed = rows.assign(_score=rows["varde"] * sign)
    groups = keyed.groupby(["indikator_id", "period"], observed=True)["_score"]
    out = keyed[["indikator_id", "period", "kommun", "varde"]].copy()
    out["plats"] = groups.rank(method="min").astype("int64")
    out["antal"] = groups.transform("count").astype("int64")
    share = ((out["plats"] - 1) / out["antal"]).to_numpy()
    codes = np.select([share < 0.25, share >= 0.75], [0, 2], default=1)
    codes[out["antal"].to_numpy() < MIN_FOR_QUARTILES] = -1
    out["kvartil"] = pd.Categorical.from_codes(codes, ["bäst", "mellan", "sämst"])  # categorical: cheap at scale
    # A kommun alone with a value (an own measurement) has nothing to be ranked against.
    return out[out["antal"] >= 2].reset_index(drop=True)


def group_medians(values: pd.DataFrame, group: tuple[str, ...]) -> pd.DataFrame:
    """Median of the jämförelsegrupp's total values per (indikator_id, period): column grupp_median."""
    rows = values[(values["kon"] == "T") & values["kommun"].isin(list(group)) & values["varde"].notna()
                  & values["enhet"].isna()]
    return rows.groupby(["indikator_id", "period"], observed=True)["varde"].median().rename("grupp_median").reset_index()


def riket(values: pd.DataFrame) -> pd.DataFrame:
    """Riket's (0000) total value per (indikator_id, period): column riket."""
    rows = values[(values["kommun"] == "0000") & (values["kon"] == "T") & values["varde"].notna()]
    return rows.groupby(["indikator_id", "period"], observed=True)["varde"].first().rename("riket").reset_index()


def gender_values(values: pd.DataFrame, kommun: str) -> pd.DataFrame:
    """The kommun's K and M values per (indikator_id, period): varde_k, varde_m, kon_gap (K − M)."""
    rows = values[(values["kommun"] == kommun) & values["kon"].isin(["K", "M"]) & values["enhet"].isna()
                  & values["grupp"].isna()]
    wide = rows.pivot_table(index=["indikator_id", "period"], columns="kon", values="varde", aggfunc="first",
                            observed=True)
    wide = wide.reindex(columns=["K", "M"])
    out = wide.rename(columns={"K": "varde_k", "M": "varde_m"}).reset_index()
    out.columns.name = None
    out["kon_gap"] = out["varde_k"] - out["varde_m"]
    return out


def trends(own: pd.DataFrame, latest: pd.DataFrame, indikatorer: pd.DataFrame) -> pd.DataFrame:
    """Trend per indicator from `own` (the kommun's total values: indikator_id, period, varde) ending at the
    `latest` period (indikator_id, varde_period); columns trend_pil, trend_ord, trend_varden (oldest first)."""
    info = indikatorer.drop_duplicates("indikator_id").set_index("indikator_id")
    base = latest[["indikator_id", "varde_period"]].dropna(subset=["varde_period"]).merge(own, on="indikator_id")
    base = base[_period_kind(base["period"]) == _period_kind(base["varde_period"])]
    last_year = base["varde_period"].str.slice(0, 4).astype(int)
    year = base["period"].str.slice(0, 4).astype(int)
    change_year = base["indikator_id"].map(info["definitionsbyte"]) if "definitionsbyte" in info else np.nan
    keep = (year <= last_year) & (year > last_year - TREND_YEARS) & ~(year < pd.to_numeric(change_year).fillna(-1))
    series = base[keep].sort_values(["indikator_id", "period"])
    rows = []
    for kpi, group in series.groupby("indikator_id", sort=True):
        points = group["varde"].tolist()
        higher = info.at[kpi, "riktning"] == "Högre är bättre" if kpi in info.index else True
        rows.append((kpi, *trend_of(points, higher), points))
    return pd.DataFrame(rows, columns=["indikator_id", "trend_pil", "trend_ord", "trend_varden"])


def trend_of(points: list[float], higher_is_better: bool) -> tuple[str, str]:
    """(arrow, word) for a series, oldest first; fewer than two points -> ('', 'för kort serie')."""
    if len(points) < 2:
        return "", "för kort serie"
    first, last = points[0], points[-1]
    change = last - first
    if abs(change) <= TREND_TOLERANCE * max(abs(first), 1e-9):
        return "→", "oförändrad"
    better = (change > 0) == higher_is_better
    return ("↗" if change > 0 else "↘"), ("förbättras" if better else "försämras")


def comparisons(values: pd.DataFrame, indikatorer: pd.DataFrame, kommun: str, group: tuple[str, ...],
                latest: pd.DataFrame) -> pd.DataFrame:
    """Everything above for the kommun's latest value of each indicator (latest: indikator_id, varde_period);
    kon_gap_fg is the K − M gap of the same kind of period one year earlier."""
    higher = dict(zip(indikatorer["indikator_id"], indikatorer["riktning"] == "Högre är bättre"))
    key = latest.rename(columns={"varde_period": "period"})[["indikator_id", "period"]]
    ranked = ranks(values, higher)
    own_rank = ranked[ranked["kommun"] == kommun][["indikator_id", "period", "plats", "antal", "kvartil"]]
    genders = gender_values(values, kommun)
    out = (key.merge(own_rank, on=["indikator_id", "period"], how="left")
           .merge(group_medians(values, group), on=["indikator_id", "period"], how="left")
           .merge(riket(values), on=["indikator_id", "period"], how="left")
           .merge(genders, on=["indikator_id", "period"], how="left"))
    # The K − M gap of the same kind of period one year earlier: is the gap widening?
    year_before = (pd.to_numeric(out["period"].str.slice(0, 4), errors="coerce") - 1).astype("Int64").astype("string")
    out["_fg"] = year_before + _period_kind(out["period"])
    before = genders[["indikator_id", "period", "kon_gap"]].rename(columns={"period": "_fg", "kon_gap": "kon_gap_fg"})
    out = out.merge(before, on=["indikator_id", "_fg"], how="left").drop(columns="_fg")
    own = values[(values["kommun"] == kommun) & (values["kon"] == "T") & values["enhet"].isna()
                 & values["grupp"].isna() & values["varde"].notna()][["indikator_id", "period", "varde"]]
    out = out.merge(trends(own, latest, indikatorer), on="indikator_id", how="left")
    return out.drop(columns="period")



BEST_SHOWN = 3   # "Vad gör de bästa?": the best kommuner named per group


def best_in_groups(values: pd.DataFrame, latest: pd.DataFrame, groups: dict[str, tuple[str, ...]],
                   n: int = BEST_SHOWN) -> pd.DataFrame:
    """"Vad gör de bästa?" (SKL's guide): for each indicator of `latest` (indikator_id, riktning, varde_period: the
    kommun's latest period), the `n` best kommuner of each group with a total value for that period. Columns
    grupp (its label), indikator_id, period, ordning (1…n), kommun, varde."""
    columns = ["grupp", "indikator_id", "period", "ordning", "kommun", "varde"]
    key = latest[latest["varde_period"].notna()][["indikator_id", "riktning", "varde_period"]] \
        .rename(columns={"varde_period": "period"}).astype({"indikator_id": object, "period": object})
    if not len(key) or not groups:
        return pd.DataFrame(columns=columns)
    members = {k for g in groups.values() for k in g}
    rows = values[(values["kon"] == "T") & values["varde"].notna() & values["enhet"].isna() & values["grupp"].isna()
                  & values["kommun"].isin(list(members)) & values["indikator_id"].isin(list(key["indikator_id"]))]
    rows = rows[["indikator_id", "period", "kommun", "varde"]].astype({"indikator_id": object, "period": object,
                                                                     "kommun": object})
    rows = rows.merge(key, on=["indikator_id", "period"])
    rows = rows.assign(_score=np.where(rows["riktning"] == "Högre är bättre", -rows["varde"], rows["varde"]))
    frames = []
    for label, group in groups.items():
        mine = rows[rows["kommun"].isin(list(group))].sort_values(["indikator_id", "_score", "kommun"])
        top = mine.groupby("indikator_id", sort=True).head(n)
        frames.append(top.assign(grupp=label, ordning=top.groupby("indikator_id").cumcount() + 1))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    return out[columns].reset_index(drop=True)
