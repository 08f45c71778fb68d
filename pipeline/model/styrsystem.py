"""Styrsystemsanalys: is the steering system (mål → indikatorer → värden) fit to steer by?

After SKL's guide (docs/kallor/001_0d6921a8a30eabbf.txt, "ÖVNINGAR OCH VERKTYG"; the tools' texts in
pipeline.model.guide_verktyg). Pure pandas; the rules and thresholds are documented in docs/analys.md
("Styrsystemsanalys").

`indicator_checks` computes one row per (mål, indikator) link with what is known about it (vectorised over the
possibly large value frame); `warnings_from_checks` and the tools' answers (`tydlig_styrning`, `styr_analys`,
`paverkansgrad`, `kategorisering`, `arsberattelse`) derive from those rows, so they always agree.
`styrsystem_warnings` is the one-call form. Verksamhetsresultat are Resultat subjektiv, Resultat objektiv and
Effektivitet (the guide's "Kategorisering av mått": VERKSAMHETSRESULTAT Subjektiva, Objektiva, Effektivitet).

Rules (kod → when):
- Mål (nämndmål on their own indicators; KF-mål on their nämndmål's indicators plus any linked to the KF-mål
  directly), at most one of:
  - inga_indikatorer: the mål has no indicator at all.
  - bara_information: every indicator is an informationsmått (Kategori Viktig information or Påverkansgrad
    Liten), so nothing gives the mål a status.
  - bara_resurs_aktivitet: every indicator that gives a status has Kategori Resurs or Aktivitet.
  - inget_resultat: otherwise, when no indicator that gives a status measures a verksamhetsresultat (Kategori
    Resultat subjektiv, Resultat objektiv or Effektivitet).
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

# the guide's VERKSAMHETSRESULTAT (001_…, "Kategorisering av mått"): subjektiva, objektiva and effektivitet
RESULTAT = ("Resultat subjektiv", "Resultat objektiv", "Effektivitet")
RESURS_AKTIVITET = ("Resurs", "Aktivitet")
PAVERKBAR = ("Stor", "Viss")

COLUMNS = ["mal_id", "namnd", "indikator_id", "kod", "varning"]
MAL_CODES = ("inga_indikatorer", "bara_information", "bara_resurs_aktivitet", "inget_resultat")
INDICATOR_CODES = ("kategori_saknas", "malvarde_saknas", "basvarde_saknas", "inaktuell", "kort_serie",
                   "fa_jamforelser", "konsuppdelning_saknas")
CODES = MAL_CODES + INDICATOR_CODES

# The cut-offs used when data answers a question on a four-step scale: the share of the counted items that meet
# the question. 0 → the first step (Nej); below 0.5 → the second; below SKALA_JA → the third; else the fourth.
# "Ja, alla" style last steps (the årsberättelse's) need every item (SKALA_ALLA).
SKALA_LITEN = 0.5
SKALA_JA = 0.9
SKALA_ALLA = 1.0


@dataclass(frozen=True)
class Styrsystem:
    checks: pd.DataFrame      # per (mal_id, indikator_id) link, see indicator_checks
    warnings: pd.DataFrame    # COLUMNS
    tydlig: pd.DataFrame      # "Hur tydlig är …": per (kf_mal_id, fraga): svar (bool or None), underlag
    styr: pd.DataFrame        # "Analys avseende … styr- och uppföljningssystem": per fraga: antal, av, svar, underlag
    paverkan: pd.DataFrame    # "Påverkansgrad resultatindikatorer": kf_mal_id, indikator_id, paverkansgrad
    kategorier: pd.DataFrame  # "Kategorisering av indikatorer": indikator_id, kategori, kolumn
    arsberattelse: pd.DataFrame | None   # "Analys av kommunens årsberättelse" (bokslut only): per fraga


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
    return (f"{whose} ingen indikator på verksamhetsresultat (Resultat subjektiv, Resultat objektiv eller "
            "Effektivitet) som ger status.")


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


def scale_answer(antal: int, av: int, steps: int = 4, all_needed: bool = False) -> int | None:
    """The step (0-based, of a four-step scale) for `antal` of `av`: 0 when none, 1 below SKALA_LITEN, 2 below
    SKALA_JA (or below all of them when `all_needed`), else 3; None when av is 0 (nothing to judge). A two-step
    scale (Nej/Ja): 1 when any."""
    if not av:
        return None
    share = antal / av
    if steps == 2:
        return int(share > 0)
    if share == 0:
        return 0
    if share < SKALA_LITEN:
        return 1
    if share < (SKALA_ALLA if all_needed else SKALA_JA):
        return 2
    return 3


def _kf_links(mal: pd.DataFrame, checks: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per KF-mål the indicator links it is judged on (its own and its nämndmål's, _membership)."""
    kf_ids = list(mal.loc[mal["niva"] == "KF", "mal_id"])
    member = _membership(mal, checks) if len(checks) else checks.assign(bedomt=pd.Series(dtype=object))
    return {kf: member[member["bedomt"] == kf] for kf in kf_ids}


def _namnder_under(mal: pd.DataFrame, kf: str) -> set:
    return set(mal.loc[(mal["niva"] != "KF") & (mal["overordnat"] == kf).fillna(False), "namnd"].dropna())


def _analysed(analys: pd.DataFrame, mal_ids: set) -> bool:
    """Whether an underlag's Analys sheet has an analysis text (Analys, Orsak or Åtgärd) for one of the mål."""
    if analys is None or not len(analys):
        return False
    rows = analys[(analys["avser_typ"].astype(object) == "mal") & analys["avser"].astype(object).isin(list(mal_ids))]
    texts = rows[["analys", "orsak", "atgard"]].astype(object)
    return bool(texts.apply(lambda c: c.map(lambda v: isinstance(v, str) and v.strip() != "")).to_numpy().any())


def tydlig_styrning(mal: pd.DataFrame, links_by_kf: dict[str, pd.DataFrame], analys: pd.DataFrame,
                    namnder: int) -> pd.DataFrame:
    """"Hur tydlig är kommunens övergripande styrning/uppföljning med mål och resultat?" per KF-mål and question
    (guide_verktyg.TYDLIG): svar True (a cross), False, or None (for people: question 7, which the årsredovisning's
    template decides), and the underlag in words. `links_by_kf`: _kf_links. Rules in docs/analys.md."""
    rows = []
    for kf, links in links_by_kf.items():
        status = links[~links["information"].astype(bool)]
        n = len(status)
        touched = _namnder_under(mal, kf)
        resultat = int(status["kategori"].isin(RESULTAT).sum())
        jamforbara = int((status["jamforelse_antal"] >= MIN_JAMFORELSE).fillna(False).sum())
        jamforda = int((status["jamforelse_antal"] >= 1).fillna(False).sum())
        malniva = int(status["har_malvarde"].astype(bool).sum())
        aktuella = int(status["aktuell"].astype(bool).sum())
        serier = int((status["antal_ar"] >= MIN_AR).sum())
        children = set(mal.loc[(mal["overordnat"] == kf).fillna(False), "mal_id"]) | {kf}
        of = f"av {n} indikatorer som ger målet status"
        answers = {
            "1": (len(touched) > namnder / 2, f"nämndmål i {len(touched)} av {namnder} nämnder"),
            "2": (len(touched) == 1, f"nämndmål i {len(touched)} nämnd{'er' if len(touched) != 1 else ''}"),
            "3": (resultat > 0, f"{resultat} {of} mäter verksamhetsresultat"),
            "4": (n > 0 and jamforbara == n, f"{jamforbara} {of} har värden från minst {MIN_JAMFORELSE} andra kommuner"),
            "5": (n > 0 and malniva == n, f"{malniva} {of} har målvärde eller målriktning"),
            "6": (aktuella > 0, f"{aktuella} {of} har ett aktuellt eget värde; delårsrapporten följer upp målet med "
                               "dem"),
            "7": (None, "besvaras av er: årsredovisningens mall avgör om indikatorernas resultat redovisas (standardmallen "
                        "visar KF-målets samlade signal och de finansiella målens målvärde och utfall; övriga "
                        "indikatorers resultat står i nämndernas verksamhetsberättelser)"),
            "8": (jamforda > 0, f"{jamforda} {of} redovisas med andra kommuners värden"),
            "9": (n > 0 and serier == n, f"{serier} {of} har värden från minst {MIN_AR} år med samma definition"),
            "10": (_analysed(analys, children), "analys, orsak eller åtgärd i nämndernas rapportunderlag (bladet "
                                                "Analys) för målet eller dess nämndmål"),
        }
        for nr, (svar, underlag) in answers.items():
            rows.append({"kf_mal_id": kf, "fraga": nr, "svar": None if svar is None else bool(svar),
                         "underlag": underlag})
    return pd.DataFrame(rows, columns=["kf_mal_id", "fraga", "svar", "underlag"])


def _share_row(nr: str, antal: int, av: int, underlag: str) -> dict:
    return {"fraga": nr, "antal": antal, "av": av, "svar": scale_answer(antal, av), "underlag": underlag}


def styr_analys(mal: pd.DataFrame, checks: pd.DataFrame, links: dict[str, pd.DataFrame],
                report_months: tuple[int, ...], enhet_ids: frozenset = frozenset(),
                avvikelser: pd.DataFrame | None = None) -> pd.DataFrame:
    """"Analys avseende kommunens styr- och uppföljningssystem": the questions the data can answer (2A, 2B, 2C, 3B,
    3C, 3D, and 5A when `avvikelser` (model.avvikelser) is given) with antal, av, svar (step of STYR_SKALA) and
    underlag; the others are for people (absent here). `links`: _kf_links; `enhet_ids`: the indicators with the
    kommun's own values per Enhet."""
    kf_n = len(links)
    def kf_count(test) -> int:
        return sum(1 for frame in links.values() if test(frame[~frame["information"].astype(bool)]))
    followable = kf_count(lambda s: bool(s["har_malvarde"].astype(bool).any()))
    with_result = kf_count(lambda s: bool(s["kategori"].isin(RESULTAT).any()))
    kf_ids = [k for k in links]
    broken_down = sum(1 for k in kf_ids if set(mal.loc[(mal["overordnat"] == k).fillna(False), "mal_id"])
                      & set(checks["mal_id"]))
    months = sorted(set(report_months))
    gaps = [b - a for a, b in zip([0, *months], months)]
    status = checks[~checks["information"].astype(bool)].drop_duplicates("indikator_id") if len(checks) else checks
    comparable = int((status["jamforelse_antal"] >= MIN_JAMFORELSE).fillna(False).sum()) if len(status) else 0
    per_enhet = int(status["indikator_id"].isin(list(enhet_ids)).sum()) if len(status) else 0
    rows = [
        _share_row("2A", followable, kf_n, f"{followable} av {kf_n} KF-mål har en indikator med målvärde eller "
                                           "målriktning som ger status"),
        _share_row("2B", with_result, kf_n, f"{with_result} av {kf_n} KF-mål följs upp med en indikator på "
                                            "verksamhetsresultat"),
        _share_row("2C", broken_down, kf_n, f"{broken_down} av {kf_n} KF-mål är nedbrutna i nämndmål med "
                                            "indikatorer"),
        _share_row("3B", sum(g <= 4 for g in gaps), len(gaps),
                   f"rapporttillfällen till och med månad {', '.join(map(str, months))}: "
                   f"{sum(g <= 4 for g in gaps)} av {len(gaps)} perioder är högst fyra månader"),
        _share_row("3C", per_enhet, len(status), f"{per_enhet} av {len(status)} indikatorer som ger status har egna "
                                                 "värden per enhet (egna mätningar med Enhet) som rapporten visar "
                                                 "under kommunens värde"),
        _share_row("3D", comparable, len(status), f"{comparable} av {len(status)} indikatorer som ger status har "
                                                  f"värden från minst {MIN_JAMFORELSE} andra kommuner"),
    ]
    if avvikelser is not None:
        required = avvikelser[avvikelser["kraver_atgard"].astype(bool)] if len(avvikelser) else avvikelser
        handled = int((~required["saknas"].astype(bool)).sum()) if len(required) else 0
        rows.append(_share_row("5A", handled, len(required),
                               f"{handled} av {len(required)} avvikelser som kräver åtgärd (ekonomiska och mot mål) "
                               "har en åtgärdsplan eller, mot mål, en analys med orsakskategori"))
    return pd.DataFrame(rows, columns=["fraga", "antal", "av", "svar", "underlag"])


PAVERKAN_STEG = {"Stor": 0, "Viss": 1, "Liten": 2}   # guide_verktyg.PAVERKAN_SKALA's order


def paverkansgrad(links_by_kf: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per KF-mål its indicators (own and its nämndmål's, once each) with the påverkansgrad step (0 till stor del,
    1 till viss del, 2 till liten del; None when the mål file gives none)."""
    rows = []
    for kf, links in links_by_kf.items():
        for r in links.drop_duplicates("indikator_id").to_dict("records"):
            grad = r["paverkansgrad"] if isinstance(r["paverkansgrad"], str) else None
            rows.append({"kf_mal_id": kf, "indikator_id": r["indikator_id"], "steg": PAVERKAN_STEG.get(grad)})
    return pd.DataFrame(rows, columns=["kf_mal_id", "indikator_id", "steg"])


# Kategori -> the column of the guide's "Kategorisering av indikatorer" (Effektivitet under RESULTAT, as the
# guide's "Kategorisering av mått" puts it)
KATEGORI_KOLUMN = {"Resurs": "RESURSER", "Aktivitet": "AKTIVITETER /PRESTATIONER",
                   "Interna processer": "AKTIVITETER /PRESTATIONER", "Resultat subjektiv": "Subjektiva",
                   "Resultat objektiv": "Objektiva", "Effektivitet": "Effektivitet",
                   "Viktig information": "VIKTIG INFORMATION"}


def kategorisering(checks: pd.DataFrame) -> pd.DataFrame:
    """Every indicator linked to a mål, once, with its Kategori and the guide's column (None without Kategori)."""
    if not len(checks):
        return pd.DataFrame(columns=["indikator_id", "kategori", "kolumn"])
    rows = checks.drop_duplicates("indikator_id")
    kategori = [k if isinstance(k, str) else None for k in rows["kategori"].astype(object)]
    return pd.DataFrame({"indikator_id": list(rows["indikator_id"]), "kategori": kategori,
                         "kolumn": [KATEGORI_KOLUMN.get(k) if k else None for k in kategori]})


def _texts_per_mal(analys: pd.DataFrame | None, mal_ids: list) -> pd.DataFrame:
    """Per mål (index mal_ids): whether the underlag's Analys sheet gives it an analys, an orsak, an åtgärd text."""
    cols = ("analys", "orsak", "atgard")
    out = pd.DataFrame(False, index=pd.Index(mal_ids, dtype=object), columns=list(cols))
    if analys is None or not len(analys):
        return out
    rows = analys[(analys["avser_typ"].astype(object) == "mal") & analys["avser"].astype(object).isin(mal_ids)]
    for col in cols:
        given = rows[col].astype(object).map(lambda v: isinstance(v, str) and v.strip() != "") if col in rows \
            else pd.Series(False, index=rows.index)
        hit = set(rows.loc[given.to_numpy(dtype=bool), "avser"])
        out[col] = out.index.isin(list(hit))
    return out


def arsberattelse(mal: pd.DataFrame, checks: pd.DataFrame, links: dict[str, pd.DataFrame], kategorier: pd.DataFrame,
                  kf_status: pd.DataFrame, namnder: int,
                  mal_status: pd.DataFrame | None = None, analys: pd.DataFrame | None = None,
                  mal_kostnad: pd.DataFrame | None = None) -> pd.DataFrame:
    """"Analys av kommunens årsberättelse" run against the project's own årsredovisning, where its content
    answers the question: per question antal, av, svar (step of that question's scale) and underlag; question 9
    as the percentages of Resurser, Resultat, Aktiviter/prestationer and Viktig information (columns andel_*).
    The årsberättelse of the bokslut point is the årsredovisning (every KF-mål with its signal,
    model.mal.kf_status) and the nämnders verksamhetsberättelser (their nämndmål with status (`mal_status`),
    indicators, cost (`mal_kostnad`) and the Analys sheet's texts (`analys`)); the other questions are for
    people (absent here). Rules in docs/analys.md."""
    from pipeline.model.mal import STATUS_KAN_EJ

    kf_ids = list(mal.loc[mal["niva"] == "KF", "mal_id"])
    printed = set(kf_status["mal_id"]) if len(kf_status) else set()
    touched = set().union(*(_namnder_under(mal, k) for k in kf_ids)) if kf_ids else set()
    followed = int((kf_status["namndmal"] > 0).sum()) if len(kf_status) else 0
    judged = int((kf_status["beraknad"] != STATUS_KAN_EJ).sum()) if len(kf_status) else 0
    with_result = sum(1 for frame in links.values()
                      if frame[~frame["information"].astype(bool)]["kategori"].isin(RESULTAT).any())
    unique = checks.drop_duplicates("indikator_id") if len(checks) else checks
    trend = int((unique["antal_ar"] >= MIN_AR).sum()) if len(unique) else 0
    kf_n = len(kf_ids)

    def row(nr, antal, av, underlag, all_needed=True, steps=4):
        return {"fraga": nr, "antal": antal, "av": av, "svar": scale_answer(antal, av, steps, all_needed),
                "underlag": underlag}
    namndmal = mal[mal["niva"] != "KF"]
    nm_ids = list(namndmal["mal_id"])
    nm_n = len(nm_ids)
    with_namndmal = len(set(namndmal["namnd"].dropna()))
    status = mal_status.set_index("mal_id")["beraknad"] if mal_status is not None and len(mal_status) else \
        pd.Series(dtype=object)
    shown = status.reindex(nm_ids)
    nm_judged = int((shown.notna() & (shown != STATUS_KAN_EJ)).sum())
    texts = _texts_per_mal(analys, nm_ids)
    commented = int(texts["analys"].sum())
    full = int((texts["analys"] & texts["orsak"] & texts["atgard"]).sum())
    compared = int((unique["jamforelse_antal"] >= 1).fillna(False).sum()) if len(unique) else 0
    costed = set(mal_kostnad["mal_id"]) if mal_kostnad is not None and len(mal_kostnad) else set()
    status_links = checks[~checks["information"].astype(bool)] if len(checks) else checks
    resultat_mal = set(status_links.loc[status_links["kategori"].isin(RESULTAT).to_numpy(dtype=bool), "mal_id"]) \
        if len(status_links) else set()
    linked = len(set(nm_ids) & costed & resultat_mal)
    half = 2 * len(touched) == namnder and namnder > 0   # neither "mindre" nor "mer än hälften": for people
    rows = [
        row("1", len(printed & set(kf_ids)), kf_n, f"årsredovisningen redovisar {len(printed & set(kf_ids))} av "
                                                   f"{kf_n} KF-mål (Styrning och uppföljning)"),
        {**row("2", len(touched), namnder, f"KF-målen har nämndmål i {len(touched)} av {namnder} nämnder"
                                           + (" (precis hälften: skalan har inget steg för det)" if half else "")),
         **({"svar": None} if half else {})},
        row("3", followed, kf_n, f"{followed} av {kf_n} KF-mål följs upp genom nämndmål"),
        row("6", with_result, kf_n, f"{with_result} av {kf_n} KF-mål bedöms med indikatorer på verksamhetsresultat"),
        row("8", trend, len(unique), f"{trend} av {len(unique)} indikatorer har värden från minst {MIN_AR} år"),
        row("10", judged, kf_n, f"{judged} av {kf_n} KF-mål har en samlad signal (Uppfyllt, Delvis uppfyllt eller "
                                "Ej uppfyllt)"),
    ]
    if mal_status is not None:
        rows += [
            row("4", with_namndmal, namnder, f"{with_namndmal} av {namnder} nämnders verksamhetsberättelser anger "
                                             "nämndmål"),
            row("5", nm_judged, nm_n, f"{nm_judged} av {nm_n} nämndmål redovisas med en status (Uppfyllt, Delvis "
                                      "uppfyllt eller Ej uppfyllt) i verksamhetsberättelserna"),
            row("7", compared, len(unique), f"{compared} av {len(unique)} indikatorer redovisas med andra kommuners "
                                            "värden"),
            row("11", commented, nm_n, f"{commented} av {nm_n} nämndmål har en analystext i nämndernas "
                                       "rapportunderlag (bladet Analys)"),
            row("12", full, nm_n, f"{full} av {nm_n} nämndmål har analys, orsak och åtgärd i nämndernas "
                                  "rapportunderlag (bladet Analys)"),
            row("14", linked, nm_n, f"{linked} av {nm_n} nämndmål visar både kostnaden för sina verksamheter och en "
                                    "indikator på verksamhetsresultat"),
        ]
    rows += [
        {"fraga": "15", "antal": namnder, "av": namnder, "svar": 3 if namnder else None,
         "underlag": "alla nämnders verksamhetsberättelser görs med samma mall: samma rubriker och samma layout"},
    ]
    out = pd.DataFrame(rows, columns=["fraga", "antal", "av", "svar", "underlag"])
    out = out.sort_values("fraga", key=lambda c: c.astype(int), kind="stable", ignore_index=True)
    known = kategorier[kategorier["kolumn"].notna()]
    groups = {"Resurser": ("RESURSER",), "Resultat": ("Subjektiva", "Objektiva", "Effektivitet"),
              "Aktiviter/prestationer": ("AKTIVITETER /PRESTATIONER",), "Viktig information": ("VIKTIG INFORMATION",)}
    shares = {f"andel_{k}": (100.0 * known["kolumn"].isin(cols).sum() / len(known) if len(known) else np.nan)
              for k, cols in groups.items()}
    nine = {"fraga": "9", "antal": len(known), "av": len(kategorier), "svar": None,
            "underlag": f"{len(known)} av {len(kategorier)} indikatorer har en kategori", **shares}
    return pd.concat([out, pd.DataFrame([nine])], ignore_index=True)


def analyse(mal: pd.DataFrame, indikatorer: pd.DataFrame, indikator_utfall: pd.DataFrame, varden: pd.DataFrame,
            kommun: str, year: int, till_manad: int, analys: pd.DataFrame | None = None, namnder: int = 0,
            report_months: tuple[int, ...] = (), kf_status: pd.DataFrame | None = None,
            mal_status: pd.DataFrame | None = None, mal_kostnad: pd.DataFrame | None = None,
            avvikelser: pd.DataFrame | None = None) -> Styrsystem:
    """The whole analysis; `kf_status` (model.mal.kf_status) at the bokslut gives the årsberättelse's answers, with
    `mal_status` and `mal_kostnad` (the model's) those about the verksamhetsberättelser; `avvikelser`
    (model.avvikelser) answers question 5A of the styr- och uppföljningssystem."""
    checks = indicator_checks(mal, indikatorer, indikator_utfall, varden, kommun, year, till_manad)
    analys = analys if analys is not None else pd.DataFrame(columns=["avser_typ", "avser", "analys", "orsak", "atgard"])
    links = _kf_links(mal, checks)   # per KF-mål its indicator links: computed once for every tool
    kategorier = kategorisering(checks)
    return Styrsystem(checks, warnings_from_checks(mal, checks, year),
                      tydlig_styrning(mal, links, analys, namnder),
                      styr_analys(mal, checks, links, report_months, _enhet_ids(varden, kommun), avvikelser),
                      paverkansgrad(links), kategorier,
                      arsberattelse(mal, checks, links, kategorier, kf_status, namnder, mal_status, analys,
                                    mal_kostnad)
                      if kf_status is not None else None)


def _enhet_ids(varden: pd.DataFrame, kommun: str) -> frozenset:
    """The indicators with a value of the kommun's own per Enhet."""
    if not len(varden) or "enhet" not in varden:
        return frozenset()
    rows = varden[(varden["kommun"] == kommun).fillna(False).to_numpy(dtype=bool)
                  & varden["enhet"].notna().to_numpy(dtype=bool) & varden["varde"].notna().to_numpy(dtype=bool)]
    return frozenset(rows["indikator_id"].astype(object))


def styrsystem_warnings(mal: pd.DataFrame, indikatorer: pd.DataFrame, indikator_utfall: pd.DataFrame,
                        varden: pd.DataFrame, kommun: str, year: int, till_manad: int) -> pd.DataFrame:
    """The warnings about mål and indicators: columns mal_id, namnd (None for KF-mål), indikator_id (None when
    about the mål), kod, varning (Swedish). See the module docstring for the rules."""
    checks = indicator_checks(mal, indikatorer, indikator_utfall, varden, kommun, year, till_manad)
    return warnings_from_checks(mal, checks, year)


def styrsystem_for_run(staged, model, config) -> Styrsystem:
    """The analysis of one run (staged: StagedInputs, model: ReportModel), computed once in the flow; the
    årsberättelse's answers at the bokslut (the årsredovisning's point)."""
    till = config.tillfalle(staged.tillfalle).till_manad
    months = tuple(t.till_manad for t in config.rapporttillfallen.values())
    return analyse(staged.mal, staged.indikatorer, model.indikatorer, staged.indikatorvarden, config.kommun_kod,
                   staged.year, till, model.analys, len(config.namnder), months,
                   model.kf_status if till == 12 else None, model.mal_status if till == 12 else None,
                   model.mal_kostnad if till == 12 else None, model.avvikelser)
