"""Chart series for the two charts per indicator, for all indicators at once (pure, vectorised).

- **Historik**: the kommun's total values (kön T, no enhet/grupp) of the same kind of period as its latest
  value (years; or the same month/tertial in earlier years), over the last HISTORY_YEARS years at or before
  that period, with riket (0000) for the same periods within the span of the kommun's own values. Every point
  says whether it is from the Definitionsbyte year on (`efter_byte`): the chart draws no line across it.
  Only indicators with at least two own points get a series.
- **Position**: every kommun's value (4-digit codes not starting with "00") for the kommun's latest period,
  ranked as in model.jamforelse.ranks (plats, antal, kvartil) and ordered best → worst respecting Riktning
  (`ordning` 0 = best; the own kommun first among those it ties with, so that its `ordning` is plats − 1;
  `kvartil` is missing where ranks gives none, i.e. with fewer than MIN_FOR_QUARTILES kommuner).
  Not for Egen indicators, informationsmått, or fewer than two kommuner with a value; the own kommun must
  have one. `referens` holds the jämförelsegrupp median and riket for the same period.
- **Riket** is left out of both charts where it is not a level comparable with a kommun's value: where
  riket's value for the latest period lies outside the range of all kommuners' values (a national total
  such as Invånare totalt, not a rate or an average, which always lie within that range).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.model.jamforelse import group_medians, is_kommun, ranks, riket
from pipeline.model.mal import is_information

HISTORY_YEARS = 10
RIKET = "0000"

HISTORIK_COLUMNS = ["indikator_id", "serie", "ar", "period", "varde", "efter_byte"]
POSITION_COLUMNS = ["indikator_id", "kommun", "varde", "plats", "antal", "kvartil", "ordning", "egen"]
REFERENS_COLUMNS = ["indikator_id", "period", "hogre_ar_battre", "grupp_median", "riket"]


@dataclass(frozen=True)
class ChartSeries:
    historik: pd.DataFrame   # HISTORIK_COLUMNS; serie is "egen" or "riket"; sorted by indikator, serie, ar
    position: pd.DataFrame   # POSITION_COLUMNS; sorted by indikator_id, ordning
    referens: pd.DataFrame   # REFERENS_COLUMNS; one row per indicator that has a position series


def _totals(values: pd.DataFrame) -> pd.DataFrame:
    """Total values only: kön T, no enhet or grupp, a value."""
    keep = (values["kon"] == "T") & values["enhet"].isna() & values["grupp"].isna() & values["varde"].notna()
    return values.loc[keep.to_numpy(dtype=bool), ["indikator_id", "kommun", "period", "varde"]]


def _info(indikatorer: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator: higher_is_better, definitionsbyte (float, NaN without), egen, information."""
    info = indikatorer.drop_duplicates("indikator_id")
    byte = pd.to_numeric(info["definitionsbyte"], errors="coerce") if "definitionsbyte" in info \
        else pd.Series(np.nan, index=info.index)
    egen = (info["kalla"] == "Egen").fillna(False) if "kalla" in info else pd.Series(False, index=info.index)
    return pd.DataFrame({
        "indikator_id": info["indikator_id"].astype(object).to_numpy(),
        "hogre_ar_battre": (info["riktning"] == "Högre är bättre").fillna(True).to_numpy(dtype=bool),
        "definitionsbyte": byte.astype("float64").to_numpy(),
        "egen": egen.to_numpy(dtype=bool),
        "information": is_information(info),
    })


def _latest_key(latest: pd.DataFrame, info: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """Per indicator its latest own period and info; join keys in the value frame's dtypes (cheap joins)."""
    key = latest[["indikator_id", "varde_period"]].dropna().drop_duplicates("indikator_id")
    key = key.assign(indikator_id=key["indikator_id"].astype(object)).merge(info, on="indikator_id", how="inner")
    return key.astype({"indikator_id": totals["indikator_id"].dtype, "varde_period": totals["period"].dtype})


def latest_period_rows(totals: pd.DataFrame, key: pd.DataFrame) -> pd.DataFrame:
    """All total values (every kommun, riket, regions) for each indicator's latest own period."""
    rows = totals[totals["period"].isin(key["varde_period"].unique().tolist()).to_numpy(dtype=bool)]
    rows = rows.merge(key[["indikator_id", "varde_period"]].rename(columns={"varde_period": "period"}),
                      on=["indikator_id", "period"], how="inner")
    return rows.drop_duplicates(["indikator_id", "kommun", "period"])


def riket_not_comparable(latest_rows: pd.DataFrame) -> set[str]:
    """Indicators whose riket value lies outside the range of the kommuner's values (see module docstring)."""
    kommuner = latest_rows[is_kommun(latest_rows["kommun"]).to_numpy(dtype=bool)]
    span = kommuner.groupby("indikator_id")["varde"].agg(["min", "max"])
    rik = latest_rows[latest_rows["kommun"] == RIKET].set_index("indikator_id")["varde"]
    both = span.join(rik.rename("riket"), how="inner")
    outside = (both["riket"] > both["max"]) | (both["riket"] < both["min"])
    return set(both.index[outside.to_numpy(dtype=bool)])


def history_series(totals: pd.DataFrame, key: pd.DataFrame, kommun: str, years: int = HISTORY_YEARS,
                   without_riket: set[str] = frozenset()) -> pd.DataFrame:
    """The historik frame (see module docstring) from total values and the per-indicator latest key."""
    rows = totals[totals["kommun"].isin([kommun, RIKET]).to_numpy(dtype=bool)]
    rows = rows[~((rows["kommun"] == RIKET) & rows["indikator_id"].isin(list(without_riket))).to_numpy(dtype=bool)]
    rows = rows.merge(key[["indikator_id", "varde_period", "definitionsbyte"]], on="indikator_id", how="inner")
    period = rows["period"].str
    last = rows["varde_period"].str
    ar = pd.to_numeric(period.slice(0, 4), errors="coerce")
    last_year = pd.to_numeric(last.slice(0, 4), errors="coerce")
    same_kind = period.slice(4) == last.slice(4)
    keep = same_kind & (ar <= last_year) & (ar > last_year - years)
    rows = rows[keep.to_numpy(dtype=bool)].assign(ar=ar[keep].astype("int64"))
    rows = rows.drop_duplicates(["indikator_id", "kommun", "period"])
    rows["serie"] = np.where(rows["kommun"] == kommun, "egen", "riket")
    own = rows[rows["serie"] == "egen"]
    counts = own.groupby("indikator_id")["ar"].agg(["size", "min"])
    enough = counts[counts["size"] >= 2]
    rows = rows.merge(enough["min"].rename("_forsta").reset_index(), on="indikator_id", how="inner")
    rows = rows[rows["ar"] >= rows["_forsta"]]
    rows["efter_byte"] = rows["ar"] >= rows["definitionsbyte"].fillna(-np.inf)
    rows["varde"] = rows["varde"].astype("float64")
    out = rows.sort_values(["indikator_id", "serie", "ar"], kind="stable")[HISTORIK_COLUMNS]
    return out.reset_index(drop=True)


def position_series(latest_rows: pd.DataFrame, key: pd.DataFrame, kommun: str, group: tuple[str, ...] = (),
                    without_riket: set[str] = frozenset()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The position and referens frames (see module docstring) from latest_period_rows."""
    key = key[~key["egen"] & ~key["information"]]
    rows = latest_rows[latest_rows["indikator_id"].isin(key["indikator_id"].tolist())]
    ranked_input = rows.assign(kon="T", enhet=pd.NA, grupp=pd.NA)
    higher = dict(zip(key["indikator_id"], key["hogre_ar_battre"]))
    ranked = ranks(ranked_input, higher)
    own_ok = ranked.loc[ranked["kommun"] == kommun, "indikator_id"]
    ranked = ranked[ranked["indikator_id"].isin(own_ok) & (ranked["antal"] >= 2)]
    ranked["egen"] = (ranked["kommun"] == kommun).to_numpy(dtype=bool)
    sign = np.where(ranked["indikator_id"].map(higher).to_numpy(dtype=bool), -1.0, 1.0)
    ranked["_score"] = ranked["varde"].to_numpy(dtype="float64") * sign
    ranked["_andra"] = ~ranked["egen"]
    ranked = ranked.sort_values(["indikator_id", "_score", "_andra", "kommun"], kind="stable")
    ranked["ordning"] = ranked.groupby("indikator_id", sort=False).cumcount().astype("int64")
    position = ranked[POSITION_COLUMNS].reset_index(drop=True)
    position["varde"] = position["varde"].astype("float64")

    shown = key[key["indikator_id"].isin(position["indikator_id"].unique())]
    ref = shown[["indikator_id", "varde_period", "hogre_ar_battre"]].rename(columns={"varde_period": "period"})
    medians = group_medians(ranked_input, tuple(group)) if group else pd.DataFrame(
        {"indikator_id": ref["indikator_id"].iloc[:0], "period": ref["period"].iloc[:0],
         "grupp_median": pd.Series(dtype="float64")})
    rik = riket(ranked_input)
    ref = ref.merge(medians, on=["indikator_id", "period"], how="left").merge(rik, on=["indikator_id", "period"],
                                                                             how="left")
    ref["grupp_median"] = ref["grupp_median"].astype("float64")
    ref["riket"] = ref["riket"].astype("float64").mask(ref["indikator_id"].isin(list(without_riket)))
    return position, ref.sort_values("indikator_id", ignore_index=True)[REFERENS_COLUMNS]


def chart_series(values: pd.DataFrame, indikatorer: pd.DataFrame, latest: pd.DataFrame, kommun: str,
                 group: tuple[str, ...] = (), years: int = HISTORY_YEARS) -> ChartSeries:
    """Both charts' series for every indicator in `indikatorer` (indikator_id, riktning, definitionsbyte and
    optionally kalla, kategori, paverkansgrad) whose latest own value is in `latest` (indikator_id,
    varde_period; model.mal.latest_values or the model's indikatorer frame)."""
    info = _info(indikatorer)
    totals = _totals(values)
    key = _latest_key(latest, info, totals)
    latest_rows = latest_period_rows(totals, key)
    without_riket = riket_not_comparable(latest_rows)
    position, referens = position_series(latest_rows, key, kommun, group, without_riket)
    return ChartSeries(history_series(totals, key, kommun, years, without_riket), position, referens)
