"""Styrsystemsanalys: every warning rule on tiny hand-made frames (triggering and not), the answers of the SKL
guide's tools computed by hand, and styrsystemsanalys.xlsx (deterministic bytes, sheets, Summa/Andel)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline.context.common import ReportMeta
from pipeline.context.styrsystem import FILENAME, styrsystem_context, summary_lines, workbook_context
from pipeline.model import guide_verktyg as G
from pipeline.model.styrsystem import (CODES, INDICATOR_CODES, MAL_CODES, analyse, scale_answer,
                                       styrsystem_warnings)
from pipeline.render.styrsystem_xlsx import MAL_HEADER, render_styrsystemsanalys

KOMMUN = "0999"
YEAR, TILL = 2026, 4
OTHERS = [f"01{i:02d}" for i in range(1, 21)]   # 20 kommuner (not riket 0000, not regions 00xx)


def _mal(rows: list[tuple]) -> pd.DataFrame:
    """(mal_id, niva, overordnat, namnd) -> the staged Mål frame."""
    return pd.DataFrame({
        "mal_id": [r[0] for r in rows], "niva": [r[1] for r in rows],
        "overordnat": pd.array([r[2] for r in rows], dtype="string"),
        "namnd": pd.array([r[3] for r in rows], dtype="string"),
        "formulering": [f"Målet {r[0]}" for r in rows], "malomrade": pd.array([None] * len(rows), dtype="string"),
    })


def _ind(indikator_id: str, mal_id: str | None, **kw) -> dict:
    row = {"indikator_id": indikator_id, "namn": f"Indikatorn {indikator_id}", "mal_id": mal_id, "kalla": "Kolada",
           "riktning": "Högre är bättre", "malvarde": 1.0, "malar": 2026, "basvarde": 1.0, "basar": 2022,
           "enhet": "%", "kategori": "Resultat objektiv", "paverkansgrad": "Stor", "verksamheter": ("1",),
           "konsuppdelad": False, "malriktning": None, "definitionsbyte": None}
    row.update(kw)
    return row


def _indikatorer(rows: list[dict]) -> pd.DataFrame:
    f = pd.DataFrame(rows)
    for col in ("mal_id", "kategori", "paverkansgrad", "malriktning", "kalla"):
        f[col] = pd.array(f[col].tolist(), dtype="string")
    f["definitionsbyte"] = pd.array(f["definitionsbyte"].tolist(), dtype="Int64")
    return f


def _values(rows: list[tuple]) -> pd.DataFrame:
    """(indikator_id, kommun, period, kon, varde) -> the staged indicator-value frame."""
    f = pd.DataFrame(rows, columns=["indikator_id", "kommun", "period", "kon", "varde"])
    f = f.astype({"indikator_id": "string", "kommun": "string", "period": "string", "kon": "string",
                  "varde": "float64"})
    f["ar"] = pd.to_numeric(f["period"].str.slice(0, 4)).astype("Int64")
    f["enhet"] = pd.array([None] * len(f), dtype="string")
    f["grupp"] = pd.array([None] * len(f), dtype="string")
    f["kalla"] = "Kolada"
    f["fil"] = "test"
    return f[["indikator_id", "kommun", "period", "ar", "kon", "varde", "enhet", "grupp", "kalla", "fil"]]


def _others(kpi: str, period: str, n: int) -> list[tuple]:
    return [(kpi, k, period, "T", 50.0) for k in OTHERS[:n]]


def _utfall(latest: dict[str, str], indikatorer: pd.DataFrame) -> pd.DataFrame:
    """The model's indikator_utfall, reduced to what the analysis reads: the latest own period and a status."""
    f = indikatorer[["mal_id", "indikator_id"]].copy()
    f["varde_period"] = f["indikator_id"].map(latest)
    f["status"] = np.where(f["varde_period"].notna(), "Uppfyllt", "Kan ej bedömas")
    return f


# --- mål rules ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mal_case():
    mal = _mal([
        ("KF1", "KF", None, None), ("KF2", "KF", None, None), ("KF3", "KF", None, None),
        ("KF4", "KF", None, None), ("KF5", "KF", None, None),
        ("M_RA", "Nämnd", "KF1", "BUN"), ("M_OK", "Nämnd", "KF3", "BUN"), ("M_NORES", "Nämnd", "KF3", "SN"),
        ("M_NONE", "Nämnd", "KF4", "SN"), ("M_INFO", "Nämnd", "KF5", "SN"),
    ])
    ind = _indikatorer([
        _ind("I1", "M_INFO", kategori="Viktig information"),
        _ind("I2", "M_INFO", kategori="Resultat objektiv", paverkansgrad="Liten"),
        _ind("I3", "M_RA", kategori="Resurs"),
        _ind("I4", "M_RA", kategori="Aktivitet", paverkansgrad="Viss"),
        _ind("I5", "M_RA", kategori="Viktig information"),
        _ind("I6", "M_NORES", kategori="Resurs"),
        _ind("I7", "M_NORES", kategori="Interna processer"),
        _ind("I8", "M_OK", kategori="Resultat subjektiv", konsuppdelad=True),
        _ind("I9", "M_OK", kategori="Resurs", verksamheter=()),
    ])
    analys = pd.DataFrame({"avser_typ": ["mal", "mal"], "avser": ["M_RA", "M_NONE"], "analys": ["Orsaken är …", ""],
                           "orsak": [None, None], "atgard": [None, ""]})
    kf_status = pd.DataFrame({"mal_id": ["KF1", "KF2", "KF3", "KF4", "KF5"], "namndmal": [1, 0, 2, 1, 1],
                              "beraknad": ["Ej uppfyllt", "Kan ej bedömas", "Uppfyllt", "Kan ej bedömas",
                                           "Kan ej bedömas"]})
    analysis = analyse(mal, ind, _utfall({}, ind), _values([]), KOMMUN, YEAR, TILL, analys, 3, (4, 8, 12), kf_status)
    return mal, ind, analysis


def test_mal_rules_hand_computed(mal_case):
    _, _, analysis = mal_case
    w = analysis.warnings
    got = {(r["mal_id"], r["kod"]) for r in w[w["kod"].isin(MAL_CODES)].to_dict("records")}
    assert got == {
        ("M_NONE", "inga_indikatorer"),           # no indicators at all
        ("KF2", "inga_indikatorer"),              # KF-mål without nämndmål
        ("KF4", "inga_indikatorer"),              # KF-mål whose only nämndmål has no indicators
        ("M_INFO", "bara_information"),           # Viktig information + Påverkansgrad Liten (a Resultat one)
        ("KF5", "bara_information"),
        ("M_RA", "bara_resurs_aktivitet"),        # Resurs + Aktivitet; its informationsmått does not count
        ("KF1", "bara_resurs_aktivitet"),         # judged through M_RA's indicators
        ("M_NORES", "inget_resultat"),            # Resurs + Interna processer
    }                                             # M_OK and KF3 (Resultat subjektiv via M_OK): no warning


def test_mal_warning_columns_and_texts(mal_case):
    _, _, analysis = mal_case
    w = analysis.warnings
    assert list(w.columns) == ["mal_id", "namnd", "indikator_id", "kod", "varning"]
    kf = w[(w["mal_id"] == "KF4")].iloc[0]
    assert kf["namnd"] is None and kf["indikator_id"] is None
    assert kf["varning"] == "Inget av nämndmålen under KF-målet har indikatorer, så KF-målet kan inte följas upp."
    assert w[w["mal_id"] == "KF2"].iloc[0]["varning"] == ("KF-målet har varken nämndmål eller indikatorer och kan "
                                                          "inte följas upp.")
    own = w[(w["mal_id"] == "M_NONE") & (w["kod"] == "inga_indikatorer")].iloc[0]
    assert own["namnd"] == "SN" and own["varning"] == "Målet saknar indikatorer och kan inte följas upp."
    assert set(w["kod"]) <= set(CODES)
    # every mål gets at most one of the four mål warnings
    assert not w[w["kod"].isin(MAL_CODES)].duplicated("mal_id").any()


def test_warning_order_is_mal_input_order_mal_warnings_first(mal_case):
    mal, _, analysis = mal_case
    w = analysis.warnings
    order = {m: i for i, m in enumerate(mal["mal_id"])}
    positions = [order[m] for m in w["mal_id"]]
    assert positions == sorted(positions)
    for _, rows in w.groupby("mal_id", sort=False):
        about_mal = rows["indikator_id"].isna().tolist()
        assert about_mal == sorted(about_mal, reverse=True)   # mål warnings before indicator warnings


# --- indicator rules ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def indicator_case():
    mal = _mal([("K1", "KF", None, None), ("N1", "Nämnd", "K1", "BUN")])
    ind = _indikatorer([
        _ind("GOOD", "N1"),
        _ind("NOKAT", "N1", kategori=None),
        _ind("NOMAL", "N1", malvarde=np.nan),
        _ind("RIKT", "N1", malvarde=np.nan, malriktning="Öka"),
        _ind("NOBAS", "N1", basvarde=np.nan),
        _ind("INFO", "N1", kategori="Viktig information", malvarde=np.nan, basvarde=np.nan),
        _ind("OLD", "N1"),
        _ind("EDGE", "N1"),
        _ind("SHORT", "N1"),
        _ind("CHANGE", "N1", definitionsbyte=2025),
        _ind("FEW", "N1"),
        _ind("EGEN", "N1", kalla="Egen"),
        _ind("NOVAL", "N1", konsuppdelad=True),
        _ind("KON_OK", "N1", konsuppdelad=True),
        _ind("KON_MISS", "N1", konsuppdelad=True),
        _ind("NYCKEL", None, malvarde=np.nan, basvarde=np.nan, kategori=None),   # no Mål-id: not judged
    ])
    own = lambda kpi, *periods: [(kpi, KOMMUN, p, "T", 10.0) for p in periods]  # noqa: E731
    rows = []
    for kpi in ("GOOD", "NOKAT", "NOMAL", "RIKT", "NOBAS", "INFO", "KON_OK", "KON_MISS", "NYCKEL"):
        rows += own(kpi, "2024", "2025") + _others(kpi, "2025", 11)
    rows += own("OLD", "2021", "2022") + _others("OLD", "2022", 11)
    rows += own("EDGE", "2023", "2024") + _others("EDGE", "2024", 11)
    rows += own("SHORT", "2025", "2026-06") + _others("SHORT", "2025", 11)   # 2026-06 is after the reporting point
    rows += own("CHANGE", "2023", "2024", "2025") + _others("CHANGE", "2025", 11)
    # FEW: 10 other kommuner; riket, a region, a missing value and a K value do not count
    rows += own("FEW", "2024", "2025") + _others("FEW", "2025", 10) + [
        ("FEW", "0000", "2025", "T", 50.0), ("FEW", "0003", "2025", "T", 50.0),
        ("FEW", OTHERS[15], "2025", "T", np.nan), ("FEW", OTHERS[16], "2025", "K", 50.0),
        ("FEW", OTHERS[17], "2024", "T", 50.0)]                                # another period does not count
    rows += own("EGEN", "2024", "2025")
    rows += _others("NOVAL", "2025", 20)
    rows += [("KON_OK", KOMMUN, "2025", "K", 9.0), ("KON_OK", KOMMUN, "2025", "M", 11.0),
             ("KON_MISS", KOMMUN, "2025", "K", 9.0), ("KON_MISS", KOMMUN, "2024", "M", 11.0),
             ("NOVAL", KOMMUN, "2025", "K", 9.0)]
    varden = _values(rows)
    latest = {k: "2025" for k in ind["indikator_id"]}
    latest.update({"OLD": "2022", "EDGE": "2024"})
    del latest["NOVAL"]
    analysis = analyse(mal, ind, _utfall(latest, ind), varden, KOMMUN, YEAR, TILL)
    return mal, ind, varden, latest, analysis


EXPECTED_INDICATOR_WARNINGS = {
    ("NOKAT", "kategori_saknas"),
    ("NOMAL", "malvarde_saknas"),        # RIKT has a Målriktning, INFO is an informationsmått: no warning
    ("NOBAS", "basvarde_saknas"),        # INFO without basvärde: exempt
    ("OLD", "inaktuell"),                # latest 2022 < 2026 − 2; EDGE (2024) is current
    ("NOVAL", "inaktuell"),              # no own total value at all
    ("SHORT", "kort_serie"),             # only 2025 at or before April 2026
    ("CHANGE", "kort_serie"),            # 2023–2025, but only 2025 after the Definitionsbyte
    ("NOVAL", "kort_serie"),
    ("FEW", "fa_jamforelser"),           # 10 other kommuner; EGEN and NOVAL are not judged
    ("KON_MISS", "konsuppdelning_saknas"),   # K for 2025 but M only for 2024; KON_OK has both
}


def test_indicator_rules_hand_computed(indicator_case):
    *_, analysis = indicator_case
    w = analysis.warnings
    assert set(w["kod"]) <= set(INDICATOR_CODES)      # N1 has Resultat indicators: no mål warning
    got = {(r["indikator_id"], r["kod"]) for r in w.to_dict("records")}
    assert got == EXPECTED_INDICATOR_WARNINGS
    assert set(w["namnd"]) == {"BUN"} and set(w["mal_id"]) == {"N1"}   # NYCKEL (no Mål-id) never appears


def test_indicator_warning_texts(indicator_case):
    *_, analysis = indicator_case
    text = {(r["indikator_id"], r["kod"]): r["varning"] for r in analysis.warnings.to_dict("records")}
    assert text[("OLD", "inaktuell")] == ("Kommunen har inget eget värde från 2024 eller senare; det senaste är "
                                          "från 2022.")
    assert text[("NOVAL", "inaktuell")] == "Kommunen har inget eget värde för indikatorn (från 2024 eller senare)."
    assert text[("FEW", "fa_jamforelser")] == ("Bara 10 andra kommuner har ett värde för 2025; en jämförelse "
                                              "behöver minst 11.")
    assert "sedan definitionsbytet 2025" in text[("CHANGE", "kort_serie")]
    assert "för 2025" in text[("KON_MISS", "konsuppdelning_saknas")]


def test_checks_count_years_and_comparisons(indicator_case):
    *_, analysis = indicator_case
    c = analysis.checks.set_index("indikator_id")
    assert c.loc["GOOD", "antal_ar"] == 2 and c.loc["CHANGE", "antal_ar"] == 1 and c.loc["NOVAL", "antal_ar"] == 0
    assert c.loc["GOOD", "jamforelse_antal"] == 11 and c.loc["FEW", "jamforelse_antal"] == 10
    assert np.isnan(c.loc["EGEN", "jamforelse_antal"]) and np.isnan(c.loc["NOVAL", "jamforelse_antal"])
    assert bool(c.loc["KON_OK", "kon_ok"]) and not bool(c.loc["KON_MISS", "kon_ok"])
    assert pd.isna(c.loc["NOVAL", "kon_ok"]) and pd.isna(c.loc["GOOD", "kon_ok"])


def test_latest_period_falls_back_to_the_values(indicator_case):
    """Without the model's varde_period the latest own period is taken from the values (same definition)."""
    mal, ind, varden, _, analysis = indicator_case
    bare = ind[["mal_id", "indikator_id"]]
    again = styrsystem_warnings(mal, ind, bare, varden, KOMMUN, YEAR, TILL)
    pd.testing.assert_frame_equal(again, analysis.warnings)


def test_threshold_moves_with_the_reporting_year(indicator_case):
    """At 2027 the 2024 value of EDGE is no longer current (2024 < 2027 − 2)."""
    mal, ind, varden, latest, _ = indicator_case
    w = styrsystem_warnings(mal, ind, _utfall(latest, ind), varden, KOMMUN, 2027, TILL)
    assert ("EDGE", "inaktuell") in {(r["indikator_id"], r["kod"]) for r in w.to_dict("records")}


def test_kf_mal_judged_through_namndmal_indicators():
    """A KF-mål whose nämndmål lacks a verksamhetsresultat indicator warns; giving the nämndmål one clears both,
    and an Effektivitet indicator counts as one (the guide's VERKSAMHETSRESULTAT: subjektiva, objektiva,
    effektivitet)."""
    mal = _mal([("K1", "KF", None, None), ("N1", "Nämnd", "K1", "BUN")])
    base = [_ind("A", "N1", kategori="Interna processer")]
    w = styrsystem_warnings(mal, _indikatorer(base), _utfall({}, _indikatorer(base)), _values([]), KOMMUN, YEAR, TILL)
    assert {(r["mal_id"], r["kod"]) for r in w[w["kod"].isin(MAL_CODES)].to_dict("records")} == \
        {("K1", "inget_resultat"), ("N1", "inget_resultat")}
    for kategori in ("Resultat objektiv", "Effektivitet"):
        more = _indikatorer(base + [_ind("B", "N1", kategori=kategori)])
        w = styrsystem_warnings(mal, more, _utfall({}, more), _values([]), KOMMUN, YEAR, TILL)
        assert not w["kod"].isin(MAL_CODES).any(), kategori


# --- the guide's tools -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("antal, av, steps, all_needed, svar", [
    (0, 0, 4, False, None), (0, 5, 4, False, 0), (1, 5, 4, False, 1), (49, 100, 4, False, 1), (1, 2, 4, False, 2),
    (89, 100, 4, False, 2), (9, 10, 4, False, 3), (4, 4, 4, False, 3), (9, 10, 4, True, 2), (4, 4, 4, True, 3),
    (0, 3, 2, False, 0), (1, 3, 2, False, 1)])
def test_scale_cut_offs(antal, av, steps, all_needed, svar):
    assert scale_answer(antal, av, steps, all_needed) == svar


def test_hur_tydlig_answers_hand_computed(mal_case):
    _, _, analysis = mal_case
    t = {(r["kf_mal_id"], r["fraga"]): r for r in analysis.tydlig.to_dict("records")}
    assert len(t) == 5 * len(G.TYDLIG)
    # KF1: nämndmål M_RA in BUN only (1 of 3 nämnder); status from I3 Resurs and I4 Aktivitet (I5 is information)
    assert [t[("KF1", str(n))]["svar"] for n in range(1, 11)] == [False, True, False, False, True, False, None,
                                                                   False, False, True]
    assert t[("KF1", "1")]["underlag"] == "nämndmål i 1 av 3 nämnder"
    assert t[("KF1", "5")]["underlag"] == "2 av 2 indikatorer som ger målet status har målvärde eller målriktning"
    # KF3: nämndmål in BUN and SN (2 of 3: the most), I8 Resultat subjektiv measures a verksamhetsresultat
    assert [t[("KF3", n)]["svar"] for n in ("1", "2", "3", "5", "10")] == [True, False, True, True, False]
    # KF2 has no nämndmål and no indicators: nothing crossed, question 7 left to people
    assert [t[("KF2", str(n))]["svar"] for n in range(1, 11)] == [False] * 6 + [None] + [False] * 3


def test_styr_analys_hand_computed(mal_case):
    _, _, analysis = mal_case
    a = analysis.styr.set_index("fraga")
    assert list(a.index) == ["2A", "2B", "2C", "3B", "3C", "3D"]   # 5A needs the avvikelser
    # 2A: KF1 and KF3 have a status indicator with målvärde (KF5's are informationsmått): 2 of 5
    assert (a.loc["2A", "antal"], a.loc["2A", "av"], G.STYR_SKALA[a.loc["2A", "svar"]]) == (2, 5, "Till liten del")
    assert (a.loc["2B", "antal"], G.STYR_SKALA[a.loc["2B", "svar"]]) == (1, "Till liten del")      # KF3 only
    assert (a.loc["2C", "antal"], G.STYR_SKALA[a.loc["2C", "svar"]]) == (3, "Till viss del")       # KF1, 3, 5
    assert (a.loc["3B", "antal"], a.loc["3B", "av"], G.STYR_SKALA[a.loc["3B", "svar"]]) == (
        3, 3, "Ja, nästan helt och hållet")   # April, August, December: every period four months
    assert (a.loc["3D", "antal"], a.loc["3D", "av"], G.STYR_SKALA[a.loc["3D", "svar"]]) == (0, 6, "Nej")
    assert (a.loc["3C", "antal"], a.loc["3C", "av"], G.STYR_SKALA[a.loc["3C", "svar"]]) == (0, 6, "Nej")


def test_styr_analys_enhet_values_and_handled_avvikelser(mal_case):
    """3C counts the status-giving indicators with the kommun's own values per Enhet (not another kommun's, not
    an empty value); 5A the avvikelser that need an action and have one (`saknas` false)."""
    mal, ind, _ = mal_case
    values = _values([("I3", KOMMUN, "2025", "T", 1.0), ("I4", KOMMUN, "2025", "T", 1.0),
                      ("I8", KOMMUN, "2025", "T", 1.0), ("I6", "0101", "2025", "T", 1.0),
                      ("I7", KOMMUN, "2025", "T", None)])
    values["enhet"] = pd.array(["Skola A", "Skola B", None, "Skola A", "Skola A"], dtype="string")
    avvikelser = pd.DataFrame({"kraver_atgard": [True, True, True, False], "saknas": [False, True, False, False]})
    a = analyse(mal, ind, _utfall({}, ind), values, KOMMUN, YEAR, TILL, None, 3, (4, 8, 12),
                avvikelser=avvikelser).styr.set_index("fraga")
    # status-giving indicators (once each): I3, I4, I6, I7, I8, I9; own Enhet values: I3 and I4 (I7's is empty)
    assert (a.loc["3C", "antal"], a.loc["3C", "av"], G.STYR_SKALA[a.loc["3C", "svar"]]) == (2, 6, "Till liten del")
    assert (a.loc["5A", "antal"], a.loc["5A", "av"], G.STYR_SKALA[a.loc["5A", "svar"]]) == (2, 3, "Till viss del")
    assert a.loc["5A", "underlag"].startswith("2 av 3 avvikelser som kräver åtgärd")
    none = analyse(mal, ind, _utfall({}, ind), values, KOMMUN, YEAR, TILL, None, 3, (4, 8, 12),
                   avvikelser=avvikelser.iloc[3:]).styr.set_index("fraga")
    assert none.loc["5A", "av"] == 0 and pd.isna(none.loc["5A", "svar"])   # nothing to judge: for people


def test_paverkansgrad_and_kategorisering_hand_computed(mal_case):
    _, _, analysis = mal_case
    p = {(r["kf_mal_id"], r["indikator_id"]): r["steg"] for r in analysis.paverkan.to_dict("records")}
    assert p == {("KF1", "I3"): 0, ("KF1", "I4"): 1, ("KF1", "I5"): 0, ("KF3", "I8"): 0, ("KF3", "I9"): 0,
                 ("KF3", "I6"): 0, ("KF3", "I7"): 0, ("KF5", "I1"): 0, ("KF5", "I2"): 2}
    k = dict(zip(analysis.kategorier["indikator_id"], analysis.kategorier["kolumn"]))
    assert k["I7"] == "AKTIVITETER /PRESTATIONER" and k["I4"] == "AKTIVITETER /PRESTATIONER"
    assert k["I8"] == "Subjektiva" and k["I2"] == "Objektiva" and k["I1"] == "VIKTIG INFORMATION"
    assert k["I3"] == "RESURSER" and len(k) == 9


def test_arsberattelse_hand_computed(mal_case):
    _, _, analysis = mal_case
    a = analysis.arsberattelse.set_index("fraga")
    skala = {f.nr: f.skala for f in G.ARS}

    def word(nr):
        return skala[nr][int(a.loc[nr, "svar"])]
    assert word("1") == "Ja, alla"                       # every KF-mål is in the årsredovisning
    assert word("2") == "mer än hälften"                 # nämndmål in BUN and SN: 2 of 3 nämnder
    assert word("3") == "till stor del"                  # 4 of 5 KF-mål have nämndmål
    assert word("6") == "till liten del"                 # KF3 only
    assert word("8") == "Nej"                            # no values at all
    assert word("10") == "till liten del"                # KF1 and KF3 have a signal: 2 of 5
    assert word("15") == "Ja, helt och hållet"
    nine = a.loc["9"]
    assert (nine["andel_Resurser"], nine["andel_Resultat"]) == pytest.approx((100 * 3 / 9, 100 * 2 / 9))
    assert nine["andel_Aktiviter/prestationer"] == pytest.approx(100 * 2 / 9)
    assert nine["andel_Viktig information"] == pytest.approx(100 * 2 / 9)
    # the verksamhetsberättelser's questions need the model's mål status: absent here
    assert not {"4", "5", "7", "11", "12", "14"} & set(a.index)
    # without the bokslut (no kf_status) there is no årsberättelse to judge
    mal, ind, _ = mal_case
    assert analyse(mal, ind, _utfall({}, ind), _values([]), KOMMUN, YEAR, TILL).arsberattelse is None


def test_arsberattelse_verksamhetsberattelser_hand_computed(mal_case):
    """Questions 4, 5, 7, 11, 12 and 14 from the nämndmål's status, the Analys sheet's texts, comparisons and
    cost: values that could fail."""
    mal, ind, _ = mal_case
    # nämndmål: M_RA (BUN), M_OK (BUN), M_NORES (SN), M_NONE (SN), M_INFO (SN); 3 nämnder, BUN and SN have nämndmål
    mal_status = pd.DataFrame({"mal_id": ["M_RA", "M_OK", "M_NORES", "M_INFO"],
                               "beraknad": ["Ej uppfyllt", "Uppfyllt", "Kan ej bedömas", "Delvis uppfyllt"]})
    analys = pd.DataFrame({"avser_typ": ["mal", "mal", "mal", "indikator", "mal"],
                           "avser": ["M_RA", "M_OK", "M_NONE", "M_NORES", "KF1"],
                           "analys": ["Tolkning", "Tolkning", "  ", "Tolkning", "Tolkning"],
                           "orsak": ["Orsak", None, "Orsak", "Orsak", "Orsak"],
                           "atgard": ["Åtgärd", "Åtgärd", "Åtgärd", "Åtgärd", "Åtgärd"]})
    mal_kostnad = pd.DataFrame({"mal_id": ["M_OK", "M_RA", "M_NORES"]})
    values = _values([("I8", KOMMUN, "2025", "T", 1.0), ("I3", KOMMUN, "2025", "T", 1.0),
                      *_others("I8", "2025", 3)])
    latest = {"I8": "2025", "I3": "2025"}
    kf_status = pd.DataFrame({"mal_id": ["KF1", "KF2", "KF3", "KF4", "KF5"], "namndmal": [1, 0, 2, 1, 1],
                              "beraknad": ["Kan ej bedömas"] * 5})
    a = analyse(mal, ind, _utfall(latest, ind), values, KOMMUN, YEAR, 12, analys, 3, (4, 8, 12), kf_status,
                mal_status, mal_kostnad).arsberattelse.set_index("fraga")
    skala = {f.nr: f.skala for f in G.ARS}

    def answer(nr):
        return a.loc[nr, "antal"], a.loc[nr, "av"], skala[nr][int(a.loc[nr, "svar"])]
    assert answer("4") == (2, 3, "till stor del")          # BUN and SN of 3 nämnder
    assert answer("5") == (3, 5, "till stor del")          # M_RA, M_OK, M_INFO (M_NORES Kan ej, M_NONE none)
    assert answer("7") == (1, 9, "till liten del")         # I8 has other kommuners' values
    assert answer("11") == (2, 5, "till liten del")        # M_RA, M_OK (M_NONE's text is blank; KF1 no nämndmål)
    assert answer("12") == (1, 5, "till liten del")        # only M_RA has analys, orsak and åtgärd
    assert answer("14") == (1, 5, "till liten del")        # M_OK: cost and I8 Resultat subjektiv; M_RA no result
    assert list(a.index) == [str(n) for n in (1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 14, 15, 9)]


def test_arsberattelse_exactly_half_is_left_to_people():
    """Question 2's scale has "mindre än hälften" and "mer än hälften": exactly half is neither."""
    mal = _mal([("KF1", "KF", None, None), ("M1", "Nämnd", "KF1", "BUN")])
    ind = _indikatorer([_ind("I1", "M1")])
    kf_status = pd.DataFrame({"mal_id": ["KF1"], "namndmal": [1], "beraknad": ["Uppfyllt"]})
    a = analyse(mal, ind, _utfall({}, ind), _values([]), KOMMUN, YEAR, 12, None, 2, (4, 8, 12),
                kf_status).arsberattelse.set_index("fraga")
    assert pd.isna(a.loc["2", "svar"]) and "precis hälften" in a.loc["2", "underlag"]
    three = analyse(mal, ind, _utfall({}, ind), _values([]), KOMMUN, YEAR, 12, None, 3, (4, 8, 12),
                    kf_status).arsberattelse.set_index("fraga")
    assert G.ARS[1].skala[int(three.loc["2", "svar"])] == "mindre än hälften"


# --- contexts ---------------------------------------------------------------------------------------------------

def test_appendix_context_and_summary_lines(config, indicator_case):
    *_, analysis = indicator_case
    rows = styrsystem_context(analysis.warnings[analysis.warnings["namnd"] == "BUN"])
    assert len(rows) == len(EXPECTED_INDICATOR_WARNINGS)
    assert rows[0] == {"mal": "N1", "indikator": "NOKAT", "avser": "Indikator NOKAT (mål N1)",
                       "kod": "kategori_saknas", "varning": analysis.warnings.iloc[0]["varning"]}
    assert all(isinstance(v, str) for r in rows for v in r.values())
    lines = summary_lines(analysis.warnings, config)
    assert lines[0] == f"Styrsystemsanalys: 10 varningar om mål och indikatorer (se {FILENAME}):"
    assert lines[1] == "  Barn- och utbildningsnämnden: 10 varningar"
    assert "    - N1 FEW: Bara 10 andra kommuner har ett värde för 2025; en jämförelse behöver minst 11." in lines
    assert summary_lines(analysis.warnings.iloc[0:0], config) == [
        "Styrsystemsanalys: inga varningar (se styrsystemsanalys.xlsx)."]


# --- the workbook ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workbook(config, mal_case):
    mal, ind, analysis = mal_case
    meta = ReportMeta("Testkommun", YEAR, "tertial", "Tertialrapport 1", TILL)
    context = workbook_context(meta, config, mal, ind, _utfall({}, ind), analysis)
    first, second = render_styrsystemsanalys(context), render_styrsystemsanalys(context)
    return first, second, analysis


SHEETS = ["Mål och indikatorer", "Hur tydlig", "Styr- och uppföljningssystem", "Påverkansgrad", "Kategorisering",
          "Årsberättelse", "Handlingsplan", "KKiK", "Varningar", "Skalor"]


def test_workbook_is_byte_identical_with_fixed_dates(workbook):
    first, second, _ = workbook
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    wb = load_workbook(io.BytesIO(first))
    assert wb.properties.created == datetime(2026, 4, 30) and wb.properties.modified == datetime(2026, 4, 30)
    assert wb.properties.creator == "Testkommun" and wb.properties.language == "sv-SE"
    assert wb.sheetnames == SHEETS and wb["Skalor"].sheet_state == "hidden"


def test_workbook_mal_sheet(workbook):
    first, _, _ = workbook
    ws = load_workbook(io.BytesIO(first))["Mål och indikatorer"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == MAL_HEADER
    assert ws["A1"].font.bold and ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:K{len(rows)}"
    assert ws.column_dimensions["D"].width == 44
    # KF1 first, then its nämndmål M_RA with three indicators; M_NONE gets a row of its own
    assert [r[2] for r in rows[1:5]] == ["KF1", "M_RA", "M_RA", "M_RA"]
    i3 = next(r for r in rows if r[4] == "I3")
    assert i3[:9] == ("KF1 Målet KF1", "Barn- och utbildningsnämnden", "M_RA", "Målet M_RA", "I3", "Indikatorn I3",
                      "Resurs", "Stor", "Kan ej bedömas")
    assert "resurser och aktiviteter" in i3[9] and "inget eget värde" in i3[10]
    none = next(r for r in rows if r[2] == "M_NONE")
    assert none[1] == "Socialnämnden" and none[4] is None and none[9].startswith("Målet saknar indikatorer")


def _rows(data: bytes, sheet: str, cached: bool = False) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data), data_only=cached)[sheet].iter_rows(values_only=True))


def test_workbook_hur_tydlig_crosses_summa_and_andel(workbook):
    first, _, analysis = workbook
    rows = _rows(first, "Hur tydlig")
    assert rows[0][0] == G.TYDLIG_RUBRIK
    head = next(r for r in rows if r[0] == "Kommunövergripande mål")
    assert list(head[1:11]) == [f"{f.nr} {f.text}" for f in G.TYDLIG]
    kf1 = next(r for r in rows if r[0] == "KF1 Målet KF1")
    assert kf1[1:11] == (None, "X", None, None, "X", None, None, None, None, "X")
    assert kf1[11].startswith("1: nämndmål i 1 av 3 nämnder; 2: nämndmål i 1 nämnd;")
    assert "; 7: besvaras av er: årsredovisningens mall avgör" in kf1[11]   # the blank cell says why
    start = rows.index(kf1)
    summa, andel = rows[start + 5], rows[start + 6]
    assert summa[0] == G.SUMMA and summa[2] == '=COUNTIF(C%d:C%d,"X")' % (start + 1, start + 5)
    assert andel[0] == G.ANDEL and str(andel[2]).startswith("=C")
    cached = _rows(first, "Hur tydlig", cached=True)
    crosses = [sum(1 for r in rows[start:start + 5] if r[c] == "X") for c in range(1, 11)]
    assert list(cached[start + 5][1:11]) == crosses
    assert list(cached[start + 6][1:11]) == pytest.approx([c / 5 for c in crosses])
    ws = load_workbook(io.BytesIO(first))["Hur tydlig"]
    assert ws.cell(row=start + 1, column=8).fill.fgColor.rgb.endswith("FFF2CC")   # question 7: for people
    assert any(v.formula1 == '"X"' and f"B{start + 1}" in str(v.sqref) for v in ws.data_validations.dataValidation)


def test_workbook_tool_sheets_answers_and_scales(workbook):
    first, _, analysis = workbook
    styr = _rows(first, "Styr- och uppföljningssystem")
    row = next(r for r in styr if r[0] == "2C")
    assert row[1] == G.STYR[6].text and row[2] == "Till viss del" and row[5] == "Beräknad"
    assert row[4] == "3 av 5 KF-mål är nedbrutna i nämndmål med indikatorer"
    assert next(r for r in styr if r[0] == "1A")[2:6:3] == (None, "Besvaras av er")
    ws = load_workbook(io.BytesIO(first))["Styr- och uppföljningssystem"]
    scale_list = [v for v in ws.data_validations.dataValidation if v.formula1.startswith("Skalor!")]
    assert scale_list and "C" in str(scale_list[0].sqref)
    skalor = _rows(first, "Skalor")
    assert G.STYR_SKALA in [tuple(v for v in r if v is not None) for r in skalor]
    pav = _rows(first, "Påverkansgrad")
    i2 = next(r for r in pav if r[1] == "I2 Indikatorn I2")
    assert i2 == ("KF5 Målet KF5", "I2 Indikatorn I2", None, None, "X")
    kat = _rows(first, "Kategorisering")
    i8 = next(r for r in kat if r[1] == "I8 Indikatorn I8")
    assert i8[2:8] == (None, None, "X", None, None, None)
    ars = _rows(first, "Årsberättelse")
    assert next(r for r in ars if r[0] == "2")[2] == "mer än hälften"
    assert next(r for r in ars if r[0] == "4")[2:5:2] == (None, "Besvaras av er")
    share = next(r for r in ars if r[1] == "Resurser:%")
    assert share[2] == pytest.approx(3 / 9)
    plan = _rows(first, "Handlingsplan")
    assert [h for h, _ in G.HANDLINGSPLAN_MAL] == list(next(r for r in plan if r[0] == "OMRÅDE"))
    m_ra = next(r for r in plan if r[0] == "Mål M_RA Målet M_RA")
    assert "resurser och aktiviteter" in m_ra[1]
    kkik = _rows(first, "KKiK")
    assert next(r for r in kkik if r[0] == "39")[1] == next(t for _, nr, t in G.KKIK_MATT if nr == "39")
    own = {r[0]: r for r in kkik if r[0] in ("I1", "I3")}
    assert own["I3"][2:6] == ("X", None, None, None) and own["I1"][2:6] == ("X", None, None, "X")


def test_workbook_text_is_never_a_formula(config):
    """A mål formulated like a formula stays text in every sheet it lands in."""
    mal = _mal([("K1", "KF", None, None), ("N1", "Nämnd", "K1", "BUN")])
    mal["formulering"] = ["=HYPERLINK(\"http://x\")", "+1+1"]
    ind = _indikatorer([_ind("A", "N1", namn="=cmd|' /C calc'!A0")])
    analysis = analyse(mal, ind, _utfall({}, ind), _values([]), KOMMUN, YEAR, TILL, None, 1, (4, 8, 12))
    meta = ReportMeta("Testkommun", YEAR, "tertial", "Tertialrapport 1", TILL)
    data = render_styrsystemsanalys(workbook_context(meta, config, mal, ind, _utfall({}, ind), analysis))
    wb = load_workbook(io.BytesIO(data))
    texts = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and ("HYPERLINK" in c.value or "calc" in c.value or c.value == "+1+1")]
    assert texts and all(c.data_type == "s" for c in texts)


def test_workbook_varningar_sheet(workbook):
    first, _, analysis = workbook
    ws = load_workbook(io.BytesIO(first))["Varningar"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == ["Nämnd", "Mål-id", "Indikator-id", "Kod", "Varning"]
    assert len(rows) - 1 == len(analysis.warnings)
    assert rows[1][:4] == ("KF-mål", "KF1", None, "bara_resurs_aktivitet")


def test_flow_writes_the_workbook_and_summary_block(demo_runs):
    out = demo_runs[0]
    assert (out / FILENAME).read_bytes() == (demo_runs[1] / FILENAME).read_bytes()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert FILENAME in {e["fil"] for e in manifest["utdata"]}
    summary = (out / "körsammanfattning.txt").read_text(encoding="utf-8")
    assert "Styrsystemsanalys:" in summary
    assert ("    - BUN1 N15535: Kommunen har inget eget värde från 2024 eller senare; det senaste är från 2021."
            in summary)
