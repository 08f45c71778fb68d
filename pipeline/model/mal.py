"""Mål och indikatorer, first version: per indicator its målvärde and the latest value at or before the
reporting point, with a plain status (target reached respecting Riktning). The full analysis (trend,
ranking, aggregated mål status) builds on this.

`indikator_utfall` returns per (mal_id, indikator_id): namn, enhet, riktning, malvarde, malar, varde,
varde_period, for_gammal (the value is too old to judge: its year is before year − AKTUELL_AR), del_av_aret (a
value of the report year's first part only, e.g. 2026-04 or 2026-T1), status (Uppfyllt / Ej uppfyllt / Kan ej
bedömas), and the förvaltning's bedömning where given.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.model.jamforelse import comparisons

STATUS_UPPFYLLT = "Uppfyllt"
STATUS_DELVIS = "Delvis uppfyllt"
STATUS_EJ = "Ej uppfyllt"
STATUS_KAN_EJ = "Kan ej bedömas"
STATUS_INFORMATION = "Informationsmått"
FINANCIAL_AREA = "Ekonomi"   # Målområde of the finansiella mål (KF-mål roll-up rule, docs/analys.md)
# A value is current when its period year is at least year − AKTUELL_AR (2024 or later in 2026). Older values are
# "too old to judge": status Kan ej bedömas, never an avvikelse or a framgång, and the styrsystemsanalys warns
# `inaktuell`. One threshold for both (docs/analys.md "Senaste värde och status", "Gränser").
AKTUELL_AR = 2
PROGNOS_WORDS = {STATUS_UPPFYLLT: "Bedöms uppfyllas", STATUS_DELVIS: "Bedöms delvis uppfyllas",
                 STATUS_EJ: "Bedöms inte uppfyllas", STATUS_KAN_EJ: STATUS_KAN_EJ}


def period_sort_key(period: pd.Series) -> pd.Series:
    """'2025' -> 202512, '2026-03' -> 202603, '2026-T1' -> 202604 (comparable integers)."""
    parts = period.str.extract(r"^(\d{4})(?:-(\d{2})|-T([123]))?$")
    year = pd.to_numeric(parts[0], errors="coerce")
    month = pd.to_numeric(parts[1], errors="coerce")
    tertial = pd.to_numeric(parts[2], errors="coerce")
    month = month.fillna(tertial * 4).fillna(12)
    return (year * 100 + month).astype("Int64")


PROGNOS_KALLA = "Helårsprognos"   # the källa of a model.arsredovisning own figure that is the year's prognos


def latest_values(varden: pd.DataFrame, kommun: str, year: int, till_manad: int) -> pd.DataFrame:
    """The kommun's latest total (kön T, no enhet/grupp) value per indicator at or before the reporting point;
    a helårsprognos of the report year (källa PROGNOS_KALLA, model.arsredovisning.egna_nyckeltal) counts as
    its latest value. Column varde_kalla names the value's källa."""
    own = varden[(varden["kommun"] == kommun) & (varden["kon"] == "T") & varden["enhet"].isna()
                 & varden["grupp"].isna() & varden["varde"].notna()]
    own = own.assign(_end=period_sort_key(own["period"]), _annual=~own["period"].str.contains("-", regex=False))
    prognos = (own["kalla"] == PROGNOS_KALLA).fillna(False).to_numpy(dtype=bool) & (own["ar"] == year).fillna(
        False).to_numpy(dtype=bool) if "kalla" in own else False
    own = own[(own["_end"] <= year * 100 + till_manad).fillna(False).to_numpy(dtype=bool) | prognos]
    # On equal ends (2026, 2026-12, 2026-T3) the year's own value wins over its last month or tertial.
    latest = own.sort_values(["indikator_id", "_end", "_annual"]).groupby("indikator_id", observed=True).tail(1)
    kalla = latest["kalla"] if "kalla" in latest else pd.Series(pd.NA, index=latest.index, dtype="string")
    return latest[["indikator_id", "varde", "period"]].assign(varde_kalla=kalla.astype("string")).rename(
        columns={"period": "varde_period"})


def indikator_utfall(indikatorer: pd.DataFrame, varden: pd.DataFrame, analys: pd.DataFrame, kommun: str,
                     year: int, till_manad: int, group: tuple[str, ...] = (), tolerance: float = 0.0,
                     malbana: bool = False) -> pd.DataFrame:
    """Indicators with their latest value, a status and their comparisons (model.jamforelse: plats, antal,
    kvartil, grupp_median, riket, varde_k, varde_m, kon_gap, trend_pil, trend_ord, trend_varden)."""
    if indikatorer.empty:
        return pd.DataFrame(columns=["mal_id", "indikator_id", "namn", "enhet", "riktning", "malvarde", "malar",
                                     "varde", "varde_period", "status", "bedomning"])
    latest = latest_values(varden, kommun, year, till_manad)
    frame = indikatorer.merge(latest, on="indikator_id", how="left")
    frame["for_gammal"] = too_old(frame["varde_period"], year)
    frame["del_av_aret"] = part_of_year(frame["varde_period"], year)
    status = indicator_status(frame, tolerance, malbana)
    frame["status"] = np.where(frame["for_gammal"].to_numpy(dtype=bool) & (status != STATUS_INFORMATION),
                               STATUS_KAN_EJ, status)
    frame = frame.merge(comparisons(varden, indikatorer, kommun, group, latest), on="indikator_id", how="left")
    own = analys[analys["avser_typ"] == "indikator"][["avser", "bedomning"]].drop_duplicates("avser")
    frame = frame.merge(own.rename(columns={"avser": "indikator_id"}), on="indikator_id", how="left")
    return frame


def too_old(period: pd.Series, year: int) -> pd.Series:
    """True where a value's period year is before year − AKTUELL_AR (too old to judge the mål by)."""
    value_year = pd.to_numeric(period.astype("string").str.slice(0, 4), errors="coerce")
    return (value_year < year - AKTUELL_AR).fillna(False).astype(bool)


def part_of_year(period: pd.Series, year: int) -> pd.Series:
    """True where a value is of the report year but ends before December (2026-04, 2026-T2): not the year's."""
    text = period.astype("string")
    return ((text.str.slice(0, 4) == str(year)) & (period_sort_key(text) < year * 100 + 12)).fillna(False) \
        .astype(bool)


def _value_time(period: pd.Series) -> np.ndarray:
    """A period as a fractional year at its end: '2025' -> 2025.0, '2026-03' -> 2025.25, '2026-T1' -> 2025.33."""
    key = period_sort_key(period.astype("string"))
    return (key // 100 + (key % 100) / 12.0 - 1.0).astype("float64").to_numpy(na_value=np.nan)


def indicator_status(frame: pd.DataFrame, tolerance: float = 0.0, malbana: bool = False) -> np.ndarray:
    """Status of each indicator's latest value (docs/analys.md):
    - Uppfyllt when the value reaches målvärde respecting Riktning (within `tolerance` × |målvärde|);
    - Delvis when it has moved from basvärde toward målvärde without reaching it; Ej otherwise;
    - with `malbana`, an unreached value on or ahead of the straight path from basvärde (basår) to målvärde
      (målår) at the value's time is Uppfyllt, and one behind it but improved from basvärde is Delvis;
    - without a målvärde, Målriktning (Öka/Minska/Oförändrad) is judged against basvärde;
    - Kan ej bedömas without a value; informationsmått never get a status.
    Uses columns riktning, varde, malvarde, basvarde, and for malbana basar, malar, varde_period."""
    higher = (frame["riktning"] == "Högre är bättre").to_numpy(dtype=bool)
    value, target, base = (frame[c].to_numpy(dtype="float64") for c in ("varde", "malvarde", "basvarde"))
    sign = np.where(higher, 1.0, -1.0)
    with np.errstate(invalid="ignore"):
        reached = sign * (value - target) >= -tolerance * np.abs(target)
        improved = sign * (value - base) > 0
        status = np.where(reached, STATUS_UPPFYLLT, np.where(~np.isnan(base) & improved, STATUS_DELVIS, STATUS_EJ))
        if malbana and {"basar", "malar", "varde_period"} <= set(frame.columns):
            start = frame["basar"].to_numpy(dtype="float64", na_value=np.nan)
            end = frame["malar"].to_numpy(dtype="float64", na_value=np.nan)
            when = np.clip(_value_time(frame["varde_period"]), start, end)
            path = base + (target - base) * (when - start) / np.where(end > start, end - start, np.nan)
            on_path = sign * (value - path) >= 0
            status = np.where(~reached & ~np.isnan(path) & on_path, STATUS_UPPFYLLT, status)
    direction = (frame["malriktning"].astype(object).where(frame["malriktning"].notna(), "").to_numpy()
                 if "malriktning" in frame else np.full(len(frame), ""))
    by_direction = np.select(
        [direction == "Öka", direction == "Minska", direction == "Oförändrad"],
        [value > base, value < base, np.isclose(value, base, rtol=0.02)], default=False)
    has_direction = (direction != "") & ~np.isnan(base)
    status = np.where(np.isnan(target) & has_direction, np.where(by_direction, STATUS_UPPFYLLT, STATUS_EJ), status)
    judgeable = ~np.isnan(value) & (~np.isnan(target) | has_direction)
    status = np.where(judgeable, status, STATUS_KAN_EJ)
    return np.where(is_information(frame), STATUS_INFORMATION, status)


def is_information(frame: pd.DataFrame) -> np.ndarray:
    """Informationsmått (Kategori Viktig information or Påverkansgrad Liten): shown, never given a status."""
    kategori = frame["kategori"].astype(object).to_numpy() if "kategori" in frame else np.full(len(frame), None)
    paverkan = frame["paverkansgrad"].astype(object).to_numpy() if "paverkansgrad" in frame else np.full(len(frame), None)
    return (kategori == "Viktig information") | (paverkan == "Liten")


def mal_status(indikatorer: pd.DataFrame, uppfyllt_andel: float, delvis_andel: float) -> pd.DataFrame:
    """Per mål_id from its indicators' statuses (informationsmått and Kan ej bedömas left out):
    score = (Uppfyllt + 0.5 × Delvis) / bedömda; columns mal_id, beraknad (status word), uppfyllda, delvis,
    ej, bedomda."""
    rows = indikatorer[indikatorer["mal_id"].notna()]
    counts = pd.crosstab(rows["mal_id"], rows["status"]).reindex(
        columns=[STATUS_UPPFYLLT, STATUS_DELVIS, STATUS_EJ], fill_value=0)
    counts.columns = ["uppfyllda", "delvis", "ej"]
    counts["bedomda"] = counts.sum(axis=1)
    counts["beraknad"] = _score_status(counts["uppfyllda"], counts["delvis"], counts["bedomda"], uppfyllt_andel,
                                       delvis_andel)
    return counts.reset_index()


def mal_for_namnd(mal: pd.DataFrame, namnd: str) -> pd.DataFrame:
    """The nämnd's own mål with the KF-mål they serve: mal_id, formulering, overordnat, kf_formulering."""
    own = mal[(mal["niva"] == "Nämnd") & (mal["namnd"] == namnd)]
    kf = mal[mal["niva"] == "KF"][["mal_id", "formulering"]].rename(
        columns={"mal_id": "overordnat", "formulering": "kf_formulering"})
    return own.merge(kf, on="overordnat", how="left").sort_values("mal_id", ignore_index=True)


def _score_status(uppfyllda: pd.Series, delvis: pd.Series, bedomda: pd.Series, uppfyllt_andel: float,
                  delvis_andel: float) -> np.ndarray:
    score = (uppfyllda + 0.5 * delvis) / bedomda.where(bedomda > 0)
    return np.select([score >= uppfyllt_andel, score >= delvis_andel, score.notna()],
                     [STATUS_UPPFYLLT, STATUS_DELVIS, STATUS_EJ], default=STATUS_KAN_EJ)


def financial_ej(mal: pd.DataFrame, mal_status_frame: pd.DataFrame, indikatorer: pd.DataFrame | None) -> pd.Series:
    """Per KF-mål id: how many of its financial sub-goals are Ej uppfyllt – nämndmål of Målområde Ekonomi
    (FINANCIAL_AREA) under it whose computed status is Ej uppfyllt, and the indicators of those nämndmål (or of
    the KF-mål itself when it is of that Målområde) with status Ej uppfyllt."""
    if mal.empty or "malomrade" not in mal:
        return pd.Series(dtype="int64")
    financial = mal[mal["malomrade"] == FINANCIAL_AREA]
    children = financial[(financial["niva"] == "Nämnd") & financial["overordnat"].notna()][["mal_id", "overordnat"]]
    owner = dict(zip(children["mal_id"], children["overordnat"]))
    owner.update({m: m for m in financial.loc[financial["niva"] == "KF", "mal_id"]})
    ej_mal = set(mal_status_frame.loc[mal_status_frame["beraknad"] == STATUS_EJ, "mal_id"]) \
        if len(mal_status_frame) else set()
    hits = [owner[m] for m in children["mal_id"] if m in ej_mal]
    if indikatorer is not None and len(indikatorer):
        ej = indikatorer[(indikatorer["status"] == STATUS_EJ) & indikatorer["mal_id"].isin(list(owner))]
        hits += [owner[m] for m in ej["mal_id"]]
    return pd.Series(hits, dtype=object).value_counts().astype("int64")


def kf_status(mal: pd.DataFrame, mal_status_frame: pd.DataFrame, uppfyllt_andel: float,
              delvis_andel: float, indikatorer: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each KF-mål rolled up from its nämndmål across all nämnder, with the same score rule as `mal_status`
    (each nämndmål counts once; nämndmål that Kan ej bedömas are left out). A KF-mål is Uppfyllt only when none
    of its financial sub-goals (`financial_ej`; indicators from `indikatorer`) is Ej uppfyllt: otherwise it is
    at most Delvis uppfyllt. Columns: mal_id (the KF-mål), formulering, namndmal (count), namnder (tuple of
    nämnd ids), uppfyllda, delvis, ej, bedomda, finansiella_ej (count), begransad (capped by that rule),
    beraknad."""
    kf = mal[mal["niva"] == "KF"][["mal_id", "formulering"]]
    children = mal[(mal["niva"] == "Nämnd") & mal["overordnat"].notna()][["mal_id", "overordnat", "namnd"]]
    statuses = mal_status_frame[["mal_id", "beraknad"]] if len(mal_status_frame) else \
        pd.DataFrame({"mal_id": pd.Series(dtype=object), "beraknad": pd.Series(dtype=object)})
    children = children.merge(statuses, on="mal_id", how="left").fillna({"beraknad": STATUS_KAN_EJ})
    counts = pd.crosstab(children["overordnat"], children["beraknad"]).reindex(
        columns=[STATUS_UPPFYLLT, STATUS_DELVIS, STATUS_EJ, STATUS_KAN_EJ], fill_value=0)
    counts.columns = ["uppfyllda", "delvis", "ej", "kan_ej"]
    out = kf.merge(counts, left_on="mal_id", right_index=True, how="left").fillna(
        {"uppfyllda": 0, "delvis": 0, "ej": 0, "kan_ej": 0})
    for c in ("uppfyllda", "delvis", "ej", "kan_ej"):
        out[c] = out[c].astype("int64")
    out["bedomda"] = out["uppfyllda"] + out["delvis"] + out["ej"]
    out["namndmal"] = out["bedomda"] + out["kan_ej"]
    namnder = {kf_id: tuple(sorted(set(group.dropna()))) for kf_id, group in children.groupby("overordnat")["namnd"]}
    out["namnder"] = [namnder.get(kf_id, ()) for kf_id in out["mal_id"]]
    score = _score_status(out["uppfyllda"], out["delvis"], out["bedomda"], uppfyllt_andel, delvis_andel)
    out["finansiella_ej"] = out["mal_id"].map(financial_ej(mal, mal_status_frame, indikatorer)).fillna(0) \
        .astype("int64")
    out["begransad"] = (score == STATUS_UPPFYLLT) & (out["finansiella_ej"] > 0).to_numpy()
    out["beraknad"] = np.where(out["begransad"], STATUS_DELVIS, score)
    return out[["mal_id", "formulering", "namndmal", "namnder", "uppfyllda", "delvis", "ej", "bedomda",
                "finansiella_ej", "begransad", "beraknad"]].reset_index(drop=True)
