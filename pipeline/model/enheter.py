"""Drill-down below the kommun's average: own measurements per Enhet (a school, a unit) or Grupp (an age band).

"Ett medelvärde visar inte hela sanningen": where an indicator has values per enhet or grupp, the report shows
the lowest, the highest and how many are below the målvärde, and an appendix lists them all.

- `enhet_varden` returns one row per (indikator_id, slag, namn) for the latest period at or before the
  reporting point that has such values: indikator_id, slag ('Enhet' or 'Grupp'), namn, period, varde,
  under_mal (True when the value does not reach målvärde respecting Riktning; NA without målvärde).
- `enhet_spridning` summarises it per (indikator_id, slag): period, antal, lagst_namn, lagst, hogst_namn,
  hogst, under_mal (count), med_malvarde (whether a målvärde exists). "Lowest" and "highest" are plain values,
  not better/worse.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.model.mal import period_sort_key

DETAIL = ["indikator_id", "slag", "namn", "period", "varde", "under_mal"]
SUMMARY = ["indikator_id", "slag", "period", "antal", "lagst_namn", "lagst", "hogst_namn", "hogst", "under_mal",
           "med_malvarde"]


def enhet_varden(varden: pd.DataFrame, indikatorer: pd.DataFrame, kommun: str, year: int,
                 till_manad: int) -> pd.DataFrame:
    """See module docstring. `indikatorer`: indikator_id, riktning, malvarde (one row per indicator is used)."""
    rows = varden[(varden["kommun"] == kommun) & (varden["kon"] == "T") & varden["varde"].notna()
                  & (varden["enhet"].notna() | varden["grupp"].notna())]
    if rows.empty or indikatorer.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in DETAIL})
    rows = rows.assign(slag=np.where(rows["enhet"].notna(), "Enhet", "Grupp"),
                       namn=rows["enhet"].fillna(rows["grupp"]).astype(str),
                       _end=period_sort_key(rows["period"].astype("string")))
    rows = rows[rows["_end"] <= year * 100 + till_manad]
    latest = rows.groupby(["indikator_id", "slag"], observed=True)["_end"].transform("max")
    rows = rows[rows["_end"] == latest]
    info = indikatorer.drop_duplicates("indikator_id")[["indikator_id", "riktning", "malvarde"]]
    rows = rows.merge(info, on="indikator_id", how="inner")
    higher = (rows["riktning"] == "Högre är bättre").to_numpy()
    value, target = rows["varde"].to_numpy(dtype="float64"), rows["malvarde"].to_numpy(dtype="float64")
    below = np.where(higher, value < target, value > target)
    rows["under_mal"] = pd.array(np.where(np.isnan(target), None, below), dtype="boolean")
    return (rows[DETAIL].astype({"indikator_id": str, "period": str})
            .sort_values(["indikator_id", "slag", "namn"], ignore_index=True))


def enhet_spridning(detail: pd.DataFrame) -> pd.DataFrame:
    """Per (indikator_id, slag): the lowest and highest value with their names and the count below target."""
    if detail.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SUMMARY})
    keys = ["indikator_id", "slag"]
    ordered = detail.sort_values(keys + ["varde", "namn"], kind="stable")
    groups = ordered.groupby(keys, sort=True)
    low, high = groups.head(1).set_index(keys), ordered.drop_duplicates(keys, keep="last").set_index(keys)
    out = pd.DataFrame({
        "period": low["period"], "antal": groups.size(),
        "lagst_namn": low["namn"], "lagst": low["varde"], "hogst_namn": high["namn"], "hogst": high["varde"],
        "under_mal": groups["under_mal"].sum().astype("int64"),
        "med_malvarde": groups["under_mal"].agg(lambda s: bool(s.notna().any())),
    })
    return out.reset_index()[SUMMARY]
