"""Styrsystemsanalys: is the steering system (mål → indikatorer → värden) fit to steer by?

After SKL's guide on styrning och uppföljning (categorising indicators, påverkansgrad, "Hur tydlig är kommunens
styrning?"). Pure pandas; the rules and thresholds are documented in docs/analys.md ("Styrsystemsanalys").

`indicator_checks` computes one row per (mål, indikator) link with what is known about it (vectorised over the
possibly large value frame); `warnings_from_checks` and `tydlighet` derive the warnings and the guide's
self-assessment answers from those rows, so both always agree. `styrsystem_warnings` is the one-call form.

Rules (kod → when):
- Mål (nämndmål on their own indicators; KF-mål on their nämndmål's indicators plus any linked to the KF-mål
  directly), at most one of:
  - inga_indikatorer: the mål has no indicator at all.
  - bara_information: every indicator is an informationsmått (Kategori Viktig information or Påverkansgrad
    Liten), so nothing gives the mål a status.
  - bara_resurs_aktivitet: every indicator that gives a status has Kategori Resurs or Aktivitet.
  - inget_resultat: otherwise, when no indicator that gives a status has Kategori Resultat subjektiv/objektiv.
- Indicator (per link to a mål; indicators without Mål-id are nyckeltal and not judged):
  - kategori_saknas: no Kategori.
  - malvarde_saknas: neither Målvärde nor Målriktning (informationsmått are exempt: they get no status).
  - basvarde_saknas: no Basvärde (informationsmått exempt).
  - inaktuell: the kommun's latest own total value at or before the reporting point (model.mal.latest_values,
    the value the report shows) is missing or its period year is before `year − AKTUELL_AR`.
  - kort_serie: the kommun's own total values at or before the reporting point span fewer than MIN_AR distinct
    years, counting only years ≥ Definitionsbyte.
  - fa_jamforelser: Källa Kolada and fewer than MIN_JAMFORELSE other kommuner (not riket or regions, not the
    kommun itself) have a total value for the period of the kommun's latest value. Not judged without an own
    value (inaktuell says so) nor for Källa Egen (own measurements exist for the own kommun only; the guide
    question on comparisons counts them as not comparable instead).
  - konsuppdelning_saknas: Könsuppdelad = Ja and the kommun lacks a K or an M value (no enhet/grupp) for the
    period of its latest total value. Not judged without an own value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.model.jamforelse import is_kommun
from pipeline.model.mal import AKTUELL_AR, is_information, latest_values, period_sort_key

# AKTUELL_AR (model.mal): an own value is current when its period year is at least year − 2; the same limit
# makes an older value "Kan ej bedömas" in the reports.
MIN_AR = 2              # at least two years of values on the same definition
MIN_JAMFORELSE = 11     # at least 11 other kommuner with a value for the own latest period

RESULTAT = ("Resultat subjektiv", "Resultat objektiv")
RESURS_AKTIVITET = ("Resurs", "Aktivitet")
PAVERKBAR = ("Stor", "Viss")

COLUMNS = ["mal_id", "namnd", "indikator_id", "kod", "varning"]
MAL_CODES = ("inga_indikatorer", "bara_information", "bara_resurs_aktivitet", "inget_resultat")
INDICATOR_CODES = ("kategori_saknas", "malvarde_saknas", "basvarde_saknas", "inaktuell", "kort_serie",
                   "fa_jamforelser", "konsuppdelning_saknas")
CODES = MAL_CODES + INDICATOR_CODES

# The guide's four-step scale and the cut-offs used when data answers a question: the share of the counted
# items that meet the question. 0 → Nej; below 0.5 → Till liten del; below 0.9 → Till viss del; else Ja.
SKALA = ("Nej", "Till liten del", "Till viss del", "Ja, nästan helt och hållet")
SKALA_LITEN = 0.5
SKALA_JA = 0.9


@dataclass(frozen=True)
class Fraga:
    key: str
    text: str
    basis: str = ""     # "{antal} av {av} …" for questions data answers; "" = for people to fill in
    empty: str = ""     # the basis when there is nothing to count (the answer is then left to people)


# Our own wording, written after the guide's themes (its question list could not be retrieved; see docs).
FRAGOR = (
    Fraga("nedbrutet", "Är KF-målet nedbrutet i nämndmål som följs upp med indikatorer?",
          "{antal} av {av} nämndmål har minst en indikator", "KF-målet har inga nämndmål"),
    Fraga("resultat", "Mäts målet med indikatorer på resultat för invånare och brukare (Resultat subjektiv "
                      "eller Resultat objektiv)?",
          "{antal} av {av} indikatorer som ger status avser resultat", "Inga indikatorer ger målet status"),
    Fraga("malvarde", "Har indikatorerna ett målvärde eller en målriktning?",
          "{antal} av {av} indikatorer som ger status har målvärde eller målriktning",
          "Inga indikatorer ger målet status"),
    Fraga("basvarde", "Finns ett utgångsläge (basvärde) att jämföra med?",
          "{antal} av {av} indikatorer som ger status har basvärde", "Inga indikatorer ger målet status"),
    Fraga("paverkan", "Kan kommunen påverka det indikatorerna mäter (påverkansgrad Stor eller Viss)?",
          "{antal} av {av} indikatorer har påverkansgrad Stor eller Viss", "Målet har inga indikatorer"),
    Fraga("aktuell", "Finns aktuella värden (från de senaste två åren)?",
          "{antal} av {av} indikatorer har ett eget värde från {ar} eller senare", "Målet har inga indikatorer"),
    Fraga("serie", "Kan utvecklingen följas över tid (värden från minst två år med samma definition)?",
          "{antal} av {av} indikatorer har värden från minst två år", "Målet har inga indikatorer"),
    Fraga("jamforelse", "Kan resultaten jämföras med andra kommuner (minst 11 andra kommuner med värde)?",
          "{antal} av {av} indikatorer går att jämföra med minst 11 andra kommuner", "Målet har inga indikatorer"),
    Fraga("kon", "Redovisas resultaten för kvinnor och män där indikatorn avser personer?",
          "{antal} av {av} könsuppdelade indikatorer har värden för kvinnor och män",
          "Inga indikatorer är markerade som könsuppdelade"),
    Fraga("kostnad", "Är indikatorerna kopplade till verksamheternas kostnader (kolumnen Verksamheter)?",
          "{antal} av {av} indikatorer anger verksamheter", "Målet har inga indikatorer"),
    Fraga("formulering", "Är målet formulerat så att det är tydligt vad som ska uppnås för invånarna?"),
    Fraga("ansvar", "Är det tydligt vem som ansvarar för att målet nås?"),
    Fraga("antal", "Är antalet mål och indikatorer så begränsat att det går att följa upp och styra efter dem?"),
    Fraga("resurser", "Styr målet fördelningen av resurser i budgeten?"),
    Fraga("analys", "Analyseras resultaten och leder avvikelser till beslut om åtgärder?"),
    Fraga("kand", "Är målet känt och använt i verksamheterna?"),
)


@dataclass(frozen=True)
class Styrsystem:
    checks: pd.DataFrame      # per (mal_id, indikator_id) link, see indicator_checks
    warnings: pd.DataFrame    # COLUMNS
    tydlighet: pd.DataFrame   # per (kf_mal_id, fraga): antal, av, svar


def _text(value) -> str | None:
    return None if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) else str(value)


def plain(values) -> pd.Series:
    """An object column of str or None (never NaN: pandas would otherwise infer a string dtype)."""
    return pd.Series([_text(v) for v in values], dtype=object)


def indicator_checks(mal: pd.DataFrame, indikatorer: pd.DataFrame, indikator_utfall: pd.DataFrame,
                     varden: pd.DataFrame, kommun: str, year: int, till_manad: int) -> pd.DataFrame:
    """One row per indicator linked to a mål: the link (mal_id, indikator_id, niva, namnd, overordnat, kalla,
    kategori, paverkansgrad, konsuppdelad, har_verksamheter), information (bool), har_malvarde, har_basvarde,
    senaste_period (own latest period or None), aktuell, antal_ar (own years on the current definition),
    jamforelse_antal (other kommuner for the own latest period; NaN where not judged), kon_ok (bool; NA where not
    judged)."""
    columns = ["mal_id", "indikator_id", "niva", "namnd", "overordnat", "kalla", "kategori", "paverkansgrad",
               "konsuppdelad", "har_verksamheter", "information", "har_malvarde", "har_basvarde", "senaste_period",
               "aktuell", "antal_ar", "jamforelse_antal", "kon_ok", "definitionsbyte"]
    if indikatorer.empty or mal.empty:
        return pd.DataFrame(columns=columns)
    ind = indikatorer[indikatorer["mal_id"].notna()].copy()
    for col in ("kalla", "kategori", "paverkansgrad", "malriktning", "definitionsbyte", "malvarde", "basvarde"):
        if col not in ind:
            ind[col] = pd.NA
    links = ind.merge(mal[["mal_id", "niva", "namnd", "overordnat"]], on="mal_id", how="inner")
    links = links.reset_index(drop=True)
    links["information"] = _is_information(links)
    links["har_malvarde"] = links["malvarde"].notna() | links["malriktning"].notna()
    links["har_basvarde"] = links["basvarde"].notna()
    links["konsuppdelad"] = links["konsuppdelad"].fillna(False).astype(bool) if "konsuppdelad" in links \
        else False
    links["har_verksamheter"] = links["verksamheter"].map(lambda xs: bool(xs) if isinstance(xs, tuple) else False) \
        if "verksamheter" in links else False

    latest = _latest_periods(indikator_utfall, varden, kommun, year, till_manad)
    links["senaste_period"] = links["indikator_id"].map(latest).astype(object)
    links["senaste_period"] = links["senaste_period"].where(links["senaste_period"].notna(), None)
    latest_year = pd.to_numeric(links["senaste_period"].str.slice(0, 4), errors="coerce")
    links["aktuell"] = (latest_year >= year - AKTUELL_AR).fillna(False).astype(bool)

    ids = list(links["indikator_id"].dropna().unique())
    values = varden[varden["indikator_id"].isin(ids) & varden["varde"].notna() & varden["enhet"].isna()
                    & varden["grupp"].isna()]
    own = values[values["kommun"] == kommun]
    links["antal_ar"] = _own_years(links, own[own["kon"] == "T"], year, till_manad)
    links["jamforelse_antal"] = _comparison_counts(links, values, kommun)
    links["kon_ok"] = _gender_present(links, own)
    return links[columns]


def _is_information(links: pd.DataFrame) -> np.ndarray:
    """model.mal.is_information, safe for missing Kategori/Påverkansgrad (pd.NA)."""
    def known(col: str) -> pd.Series:
        return links[col].astype(object).where(links[col].notna(), None)
    filled = links.assign(kategori=known("kategori"), paverkansgrad=known("paverkansgrad"))
    return np.asarray(is_information(filled), dtype=bool)


def _latest_periods(indikator_utfall: pd.DataFrame, varden: pd.DataFrame, kommun: str, year: int,
                    till_manad: int) -> dict:
    """indikator_id → the period of the kommun's latest total value, as the report shows it (model.mal)."""
    if "varde_period" in indikator_utfall and "indikator_id" in indikator_utfall:
        rows = indikator_utfall[indikator_utfall["varde_period"].notna()].drop_duplicates("indikator_id")
        return dict(zip(rows["indikator_id"], rows["varde_period"].astype(str)))
    rows = latest_values(varden, kommun, year, till_manad)
    return dict(zip(rows["indikator_id"], rows["varde_period"].astype(str)))


def _own_years(links: pd.DataFrame, own_total: pd.DataFrame, year: int, till_manad: int) -> pd.Series:
    """Per link: distinct years with an own total value at or before the reporting point, ≥ Definitionsbyte."""
    rows = own_total[(period_sort_key(own_total["period"]) <= year * 100 + till_manad).fillna(False).to_numpy(bool)]
    years = rows[["indikator_id"]].assign(ar=pd.to_numeric(rows["period"].str.slice(0, 4)).astype("int64"))
    years = years.drop_duplicates()
    keyed = links[["indikator_id", "definitionsbyte"]].reset_index(names="_link").merge(years, on="indikator_id")
    change = pd.to_numeric(keyed["definitionsbyte"], errors="coerce")
    keyed = keyed[~(keyed["ar"] < change).fillna(False).astype(bool)]
    counts = keyed.groupby("_link").size()
    return counts.reindex(links.index, fill_value=0).astype("int64")


def _comparison_counts(links: pd.DataFrame, values: pd.DataFrame, kommun: str) -> pd.Series:
    """Per Kolada link with an own latest value: other kommuner with a total value for that period; NaN else."""
    judged = (links["kalla"] == "Kolada").fillna(False).astype(bool) & links["senaste_period"].notna()
    pairs = links.loc[judged, ["indikator_id", "senaste_period"]].drop_duplicates().rename(
        columns={"senaste_period": "period"}).astype(object)
    others = values[(values["kon"] == "T") & (values["kommun"] != kommun).fillna(False)]
    others = others[is_kommun(others["kommun"])]
    others = others[others["indikator_id"].isin(list(pairs["indikator_id"]))]
    others = others[["indikator_id", "period", "kommun"]].astype({"indikator_id": object, "period": object})
    counts = pairs.merge(others, on=["indikator_id", "period"]).groupby(["indikator_id", "period"])["kommun"].nunique()
    keys = pd.MultiIndex.from_arrays([links["indikator_id"], links["senaste_period"]])
    result = pd.Series(counts.reindex(keys).to_numpy(dtype="float64"), index=links.index)
    result = result.fillna(0.0)
    return result.where(judged, np.nan)


def _gender_present(links: pd.DataFrame, own: pd.DataFrame) -> pd.Series:
    """Per könsuppdelad link with an own latest value: whether both K and M values exist for that period."""
    judged = links["konsuppdelad"] & links["senaste_period"].notna()
    kon = own[own["kon"].isin(["K", "M"])][["indikator_id", "period", "kon"]].astype(object)
    both = kon.drop_duplicates().groupby(["indikator_id", "period"]).size() == 2
    keys = pd.MultiIndex.from_arrays([links["indikator_id"], links["senaste_period"]])
    present = pd.Series(both.reindex(keys).fillna(False).to_numpy(dtype=bool), index=links.index)
    return present.astype("boolean").where(judged, pd.NA)


def _membership(mal: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    """The links each mål is judged on: a mål's own links, plus for a KF-mål those of its nämndmål (column
    `bedomt`: the judged mål's id)."""
    own = checks.assign(bedomt=checks["mal_id"])
    up = checks[checks["overordnat"].notna()]
    up = up[up["overordnat"].isin(list(mal.loc[mal["niva"] == "KF", "mal_id"]))]
    return pd.concat([own, up.assign(bedomt=up["overordnat"])], ignore_index=True)


def _mal_warnings(mal: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    member = _membership(mal, checks)
    status = member[~member["information"].astype(bool)]
    kategori = status["kategori"].astype(object)
    counts = pd.DataFrame({
        "alla": member.groupby("bedomt").size(),
        "status": status.groupby("bedomt").size(),
        "resurs_aktivitet": kategori.isin(RESURS_AKTIVITET).groupby(status["bedomt"]).sum(),
        "resultat": kategori.isin(RESULTAT).groupby(status["bedomt"]).sum(),
    }).reindex(mal["mal_id"]).fillna(0).astype("int64")
    kf = (mal.set_index("mal_id")["niva"] == "KF").reindex(counts.index).to_numpy()
    code = np.select(
        [counts["alla"] == 0, counts["status"] == 0, counts["resurs_aktivitet"] == counts["status"],
         counts["resultat"] == 0],
        list(MAL_CODES), default="")
    out = pd.DataFrame({"mal_id": counts.index, "kod": code, "kf": kf, "alla": counts["alla"].to_numpy(),
                        "status": counts["status"].to_numpy()})
    out = out[out["kod"] != ""]
    parents = set(mal.loc[mal["niva"] != "KF", "overordnat"].dropna())
    out["varning"] = [_mal_text(r["kod"], r["kf"], r["alla"], r["mal_id"] in parents) for r in out.to_dict("records")]
    out["indikator_id"] = None
    return out


def _mal_text(kod: str, kf: bool, alla: int, has_namndmal: bool) -> str:
    if kod == "inga_indikatorer":
        if kf and has_namndmal:
            return "Inget av nämndmålen under KF-målet har indikatorer, så KF-målet kan inte följas upp."
        if kf:
            return "KF-målet har varken nämndmål eller indikatorer och kan inte följas upp."
        return "Målet saknar indikatorer och kan inte följas upp."
    whose = "KF-målets nämndmål har" if kf else "Målet har"
    if kod == "bara_information":
        return (f"{whose} bara informationsmått ({alla} st, Kategori Viktig information eller påverkansgrad "
                "Liten); inget av dem ger målet en status.")
    if kod == "bara_resurs_aktivitet":
        return (f"{whose} bara indikatorer för resurser och aktiviteter som ger status; resultatet för invånare "
                "och brukare mäts inte.")
    return f"{whose} ingen resultatindikator (Resultat subjektiv eller Resultat objektiv) som ger status."


def _indicator_warnings(checks: pd.DataFrame, year: int) -> pd.DataFrame:
    c = checks
    status = ~c["information"].astype(bool)
    rules = {
        "kategori_saknas": c["kategori"].isna(),
        "malvarde_saknas": status & ~c["har_malvarde"].astype(bool),
        "basvarde_saknas": status & ~c["har_basvarde"].astype(bool),
        "inaktuell": ~c["aktuell"].astype(bool),
        "kort_serie": c["antal_ar"] < MIN_AR,
        "fa_jamforelser": (c["jamforelse_antal"] < MIN_JAMFORELSE).fillna(False).astype(bool),
        "konsuppdelning_saknas": (c["kon_ok"] == False).fillna(False).astype(bool),  # noqa: E712 (NA-aware)
    }
    frames = [c[mask.to_numpy(dtype=bool)].assign(kod=code) for code, mask in rules.items()]
    hits = pd.concat(frames, ignore_index=True) if frames else c.iloc[0:0].assign(kod="")
    hits["varning"] = [_indicator_text(r, year) for r in hits.to_dict("records")]
    return hits


def _indicator_text(r: dict, year: int) -> str:
    kod = r["kod"]
    period = r["senaste_period"]
    if kod == "kategori_saknas":
        return "Indikatorn saknar kategori (Resurs, Aktivitet, Interna processer, Resultat, Effektivitet …)."
    if kod == "malvarde_saknas":
        return "Indikatorn har varken målvärde eller målriktning och kan därför inte bedömas."
    if kod == "basvarde_saknas":
        return "Indikatorn saknar basvärde (utgångsläge)."
    if kod == "inaktuell":
        since = f"från {year - AKTUELL_AR} eller senare"
        return (f"Kommunen har inget eget värde {since}; det senaste är från {period}." if period
                else f"Kommunen har inget eget värde för indikatorn ({since}).")
    if kod == "kort_serie":
        n = int(r["antal_ar"])
        change = r.get("definitionsbyte")
        after = f" sedan definitionsbytet {int(change)}" if pd.notna(change) else ""
        return (f"Indikatorn har eget värde från {'bara ett år' if n == 1 else 'inget år'}{after}; utvecklingen "
                f"kan inte följas förrän det finns värden från minst {MIN_AR} år.")
    if kod == "fa_jamforelser":
        n = int(r["jamforelse_antal"])
        return (f"Bara {n} andra kommuner har ett värde för {period}; en jämförelse behöver minst "
                f"{MIN_JAMFORELSE}.")
    return f"Indikatorn ska vara könsuppdelad men kommunen saknar värden för kvinnor och män för {period}."


def warnings_from_checks(mal: pd.DataFrame, checks: pd.DataFrame, year: int) -> pd.DataFrame:
    """The warnings (COLUMNS), ordered by mål (input order), mål warnings first, then indicators (input order)
    and rule order."""
    if mal.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    mal_rows = _mal_warnings(mal, checks)
    ind_rows = _indicator_warnings(checks, year) if len(checks) else pd.DataFrame(columns=["mal_id", "indikator_id",
                                                                                           "kod", "varning"])
    out = pd.concat([mal_rows[["mal_id", "indikator_id", "kod", "varning"]],
                     ind_rows[["mal_id", "indikator_id", "kod", "varning"]]], ignore_index=True)
    mal_order = {m: i for i, m in enumerate(mal["mal_id"])}
    ind_order = {i: n for n, i in enumerate(dict.fromkeys(checks["indikator_id"]))} if len(checks) else {}
    code_order = {c: i for i, c in enumerate(CODES)}
    namnd = dict(zip(mal["mal_id"], mal["namnd"]))
    keys = out.assign(_m=out["mal_id"].map(mal_order), _i=out["indikator_id"].map(ind_order).fillna(-1),
                      _c=out["kod"].map(code_order))
    out = out.loc[keys.sort_values(["_m", "_i", "_c"], kind="stable").index]
    return pd.DataFrame({"mal_id": plain(out["mal_id"]), "namnd": plain(out["mal_id"].map(namnd)),
                         "indikator_id": plain(out["indikator_id"]), "kod": plain(out["kod"]),
                         "varning": plain(out["varning"])}, columns=COLUMNS)


def scale_answer(antal: int, av: int) -> str | None:
    """The scale word for `antal` of `av` (None when av is 0: nothing to judge, left to people)."""
    if av == 0:
        return None
    share = antal / av
    if share == 0:
        return SKALA[0]
    if share < SKALA_LITEN:
        return SKALA[1]
    if share < SKALA_JA:
        return SKALA[2]
    return SKALA[3]


def tydlighet(mal: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    """Per KF-mål and guide question (FRAGOR order): antal, av and svar (a SKALA word; None where data cannot
    answer the question or there is nothing to count). Columns kf_mal_id, fraga, antal, av, svar."""
    kf_ids = list(mal.loc[mal["niva"] == "KF", "mal_id"])
    member = _membership(mal, checks)
    member = member[member["bedomt"].isin(kf_ids)]
    rows = []
    for kf in kf_ids:
        links = member[member["bedomt"] == kf]
        status = links[~links["information"].astype(bool)]
        namndmal = mal[(mal["niva"] == "Nämnd") & (mal["overordnat"] == kf).fillna(False)]["mal_id"]
        gendered = links[links["konsuppdelad"].astype(bool)]
        counts = {
            "nedbrutet": (int(namndmal.isin(list(checks["mal_id"])).sum()), len(namndmal)),
            "resultat": (int(status["kategori"].isin(RESULTAT).sum()), len(status)),
            "malvarde": (int(status["har_malvarde"].astype(bool).sum()), len(status)),
            "basvarde": (int(status["har_basvarde"].astype(bool).sum()), len(status)),
            "paverkan": (int(links["paverkansgrad"].isin(PAVERKBAR).sum()), len(links)),
            "aktuell": (int(links["aktuell"].astype(bool).sum()), len(links)),
            "serie": (int((links["antal_ar"] >= MIN_AR).sum()), len(links)),
            "jamforelse": (int((links["jamforelse_antal"] >= MIN_JAMFORELSE).fillna(False).sum()), len(links)),
            "kon": (int(gendered["kon_ok"].fillna(False).astype(bool).sum()), len(gendered)),
            "kostnad": (int(links["har_verksamheter"].astype(bool).sum()), len(links)),
        }
        for f in FRAGOR:
            antal, av = counts.get(f.key, (None, None))
            svar = scale_answer(antal, av) if av is not None else None
            rows.append({"kf_mal_id": kf, "fraga": f.key, "antal": antal, "av": av, "svar": svar})
    return pd.DataFrame({
        "kf_mal_id": plain(r["kf_mal_id"] for r in rows), "fraga": plain(r["fraga"] for r in rows),
        "antal": pd.array([r["antal"] for r in rows], dtype="Int64"),
        "av": pd.array([r["av"] for r in rows], dtype="Int64"), "svar": plain(r["svar"] for r in rows)})


def analyse(mal: pd.DataFrame, indikatorer: pd.DataFrame, indikator_utfall: pd.DataFrame, varden: pd.DataFrame,
            kommun: str, year: int, till_manad: int) -> Styrsystem:
    checks = indicator_checks(mal, indikatorer, indikator_utfall, varden, kommun, year, till_manad)
    return Styrsystem(checks, warnings_from_checks(mal, checks, year), tydlighet(mal, checks))


def styrsystem_warnings(mal: pd.DataFrame, indikatorer: pd.DataFrame, indikator_utfall: pd.DataFrame,
                        varden: pd.DataFrame, kommun: str, year: int, till_manad: int) -> pd.DataFrame:
    """The warnings about mål and indicators: columns mal_id, namnd (None for KF-mål), indikator_id (None when
    about the mål), kod, varning (Swedish). See the module docstring for the rules."""
    return analyse(mal, indikatorer, indikator_utfall, varden, kommun, year, till_manad).warnings


def styrsystem_for_run(staged, model, config) -> Styrsystem:
    """The analysis of one run (staged: StagedInputs, model: ReportModel), computed once in the flow."""
    till = config.tillfalle(staged.tillfalle).till_manad
    return analyse(staged.mal, staged.indikatorer, model.indikatorer, staged.indikatorvarden, config.kommun_kod,
                   staged.year, till)
