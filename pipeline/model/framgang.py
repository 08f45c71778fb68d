"""Framgångsrika resultat (issue 5 point 5): indicators that beat their målvärde with margin or sit in the best
quartile among all kommuner – so that the förvaltning can answer "Vad har vi gjort? Vad kan andra lära?".

`framgangar` returns per (namnd, indikator_id): namn, varde, malvarde, plats, antal, marginal (how far beyond
målvärde, a share of it; NaN without målvärde), skal ('över målvärdet', 'bästa fjärdedelen' or both, joined
with ' och '), svar (the förvaltning's Analys text for the indicator, '' when none). Informationsmått and values
too old to judge (column for_gammal, model.mal.too_old) are never listed. Ordered per nämnd by marginal, then plats.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.model.mal import STATUS_INFORMATION

COLUMNS = ["namnd", "indikator_id", "namn", "varde", "malvarde", "plats", "antal", "marginal", "skal", "svar"]


def framgangar(indikatorer: pd.DataFrame, mal: pd.DataFrame, analys: pd.DataFrame, marginal: float) -> pd.DataFrame:
    if indikatorer.empty or mal.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    rows = indikatorer[indikatorer["mal_id"].notna() & (indikatorer["status"] != STATUS_INFORMATION)]
    if "for_gammal" in rows:
        rows = rows[~rows["for_gammal"].fillna(False).astype(bool)]
    rows = rows.merge(mal[["mal_id", "namnd"]], on="mal_id", how="inner")
    rows = rows[rows["namnd"].notna()]
    higher = (rows["riktning"] == "Högre är bättre").to_numpy()
    value, target = rows["varde"].to_numpy(dtype="float64"), rows["malvarde"].to_numpy(dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        beyond = np.where(higher, 1.0, -1.0) * (value - target) / np.abs(target)
    over = beyond >= marginal
    best = (rows["kvartil"] == "bäst").fillna(False).to_numpy(dtype=bool) if "kvartil" in rows else np.zeros(len(rows), bool)
    reasons = np.where(over & best, "över målvärdet och bästa fjärdedelen",
                       np.where(over, "över målvärdet", "bästa fjärdedelen"))
    out = rows.assign(marginal=beyond, skal=reasons)[over | best]
    answers = analys[(analys["avser_typ"] == "indikator") & analys["analys"].notna()]
    answers = answers.drop_duplicates(["namnd", "avser"])[["namnd", "avser", "analys"]].rename(
        columns={"avser": "indikator_id", "analys": "svar"})
    out = out.drop_duplicates(["namnd", "indikator_id"]).merge(answers, on=["namnd", "indikator_id"], how="left")
    out["svar"] = out["svar"].fillna("").astype(str)
    return out.sort_values(["namnd", "marginal", "plats"], ascending=[True, False, True], na_position="last",
                           ignore_index=True).reindex(columns=COLUMNS)
