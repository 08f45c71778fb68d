"""The mål analysis rules on tiny hand-made frames, with hand-computed expectations (docs/analys.md)."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from pipeline.model.atgarder import beslut_behovs, prognos_efter_atgarder, uppfoljning
from pipeline.model.avvikelser import avvikelser
from pipeline.model.enheter import enhet_spridning, enhet_varden
from pipeline.model.framgang import framgangar
from pipeline.model.jamforelse import ranks
from pipeline.model.mal import indicator_status, kf_status, mal_status
from pipeline.model.malkostnad import indikator_kostnad
from pipeline.read.previous import previous_point

HIGHER, LOWER = "Högre är bättre", "Lägre är bättre"


def _indicators(**columns):
    n = len(next(iter(columns.values())))
    base = {"riktning": [HIGHER] * n, "varde": [np.nan] * n, "malvarde": [np.nan] * n, "basvarde": [np.nan] * n,
            "malriktning": [None] * n, "kategori": [None] * n, "paverkansgrad": [None] * n}
    base.update(columns)
    return pd.DataFrame(base)


def test_status_respects_riktning_basvarde_and_missing_values():
    frame = _indicators(riktning=[HIGHER, HIGHER, HIGHER, LOWER, LOWER, HIGHER],
                        varde=[80, 74, 70, 4.5, 5.5, np.nan], malvarde=[75, 75, 75, 4.8, 4.8, 75],
                        basvarde=[70, 72, 72, 5.0, 5.0, 70])
    assert list(indicator_status(frame)) == ["Uppfyllt", "Delvis uppfyllt", "Ej uppfyllt", "Uppfyllt",
                                             "Ej uppfyllt", "Kan ej bedömas"]


def test_status_tolerance_counts_a_near_miss_as_reached():
    frame = _indicators(varde=[74.0, 73.0], malvarde=[75.0, 75.0], basvarde=[70.0, 70.0])
    # 2 % of 75 is 1.5: 74 is within it, 73 is not (but improved from 70: Delvis).
    assert list(indicator_status(frame, tolerance=0.02)) == ["Uppfyllt", "Delvis uppfyllt"]
    assert list(indicator_status(frame)) == ["Delvis uppfyllt", "Delvis uppfyllt"]


def test_status_against_the_straight_path_to_malvarde():
    # Basvärde 70 in 2022, målvärde 80 in 2027: the path is at 76 in 2025.
    frame = _indicators(varde=[77.0, 75.0, 69.0], malvarde=[80.0] * 3, basvarde=[70.0] * 3,
                        basar=[2022] * 3, malar=[2027] * 3, varde_period=["2025"] * 3)
    assert list(indicator_status(frame, malbana=True)) == ["Uppfyllt", "Delvis uppfyllt", "Ej uppfyllt"]
    assert list(indicator_status(frame)) == ["Delvis uppfyllt", "Delvis uppfyllt", "Ej uppfyllt"]


def test_malriktning_without_malvarde_and_informationsmatt():
    frame = _indicators(varde=[79.0, 70.0, 100.5, 5.0, 5.0], basvarde=[75.0, 75.0, 100.0, 4.0, 4.0],
                        malriktning=["Öka", "Öka", "Oförändrad", None, None],
                        kategori=[None, None, None, "Viktig information", None],
                        paverkansgrad=[None, None, None, None, "Liten"])
    assert list(indicator_status(frame)) == ["Uppfyllt", "Ej uppfyllt", "Uppfyllt", "Informationsmått",
                                             "Informationsmått"]


def test_kf_mal_rolls_up_its_namndmal_across_namnder():
    mal = pd.DataFrame({"mal_id": ["KF1", "KF2", "A1", "A2", "B1", "B2"],
                        "niva": ["KF", "KF", "Nämnd", "Nämnd", "Nämnd", "Nämnd"],
                        "overordnat": [None, None, "KF1", "KF1", "KF1", "KF2"],
                        "namnd": [None, None, "A", "A", "B", "B"], "formulering": ["k1", "k2", "a1", "a2", "b1", "b2"]})
    per_mal = pd.DataFrame({"mal_id": ["A1", "A2", "B1"], "beraknad": ["Uppfyllt", "Delvis uppfyllt", "Ej uppfyllt"]})
    out = kf_status(mal, per_mal, 0.75, 0.4).set_index("mal_id")
    # KF1: (1 + 0.5) / 3 = 0.5 -> Delvis; KF2: its only nämndmål has no status -> Kan ej bedömas.
    assert out.loc["KF1", "beraknad"] == "Delvis uppfyllt"
    assert out.loc["KF1", "namnder"] == ("A", "B") and out.loc["KF1", "namndmal"] == 3
    assert out.loc["KF2", "beraknad"] == "Kan ej bedömas" and out.loc["KF2", "namndmal"] == 1


def test_mal_status_score_rule():
    ind = pd.DataFrame({"mal_id": ["M"] * 4 + ["N"], "status": ["Uppfyllt", "Uppfyllt", "Delvis uppfyllt",
                                                                 "Informationsmått", "Kan ej bedömas"]})
    out = mal_status(ind, 0.75, 0.4).set_index("mal_id")
    assert out.loc["M", "beraknad"] == "Uppfyllt"          # (2 + 0.5) / 3 = 0.83
    assert out.loc["M", "bedomda"] == 3
    assert out.loc["N", "beraknad"] == "Kan ej bedömas"


def _values(rows):
    frame = pd.DataFrame(rows, columns=["indikator_id", "kommun", "period", "kon", "varde", "enhet", "grupp"])
    for c in ("indikator_id", "kommun", "period", "kon", "enhet", "grupp"):
        frame[c] = frame[c].astype("string")
    frame["varde"] = frame["varde"].astype("float64")
    return frame


def test_ranks_need_other_kommuner_and_quartiles_need_four():
    values = _values([("E1", "0999", "2025", "T", 5, None, None),                       # alone: no place
                      ("N1", "0999", "2025", "T", 5, None, None), ("N1", "0180", "2025", "T", 6, None, None),
                      ("N1", "1480", "2025", "T", 7, None, None)])
    r = ranks(values, {"E1": True, "N1": True})
    assert set(r["indikator_id"]) == {"N1"}
    assert r.set_index("kommun").loc["0999", "plats"] == 3 and r["kvartil"].isna().all()


def test_enheter_lowest_highest_and_below_target_in_the_latest_period():
    values = _values([
        ("E1", "0999", "2024", "T", 50, "Skola A", None),          # older period: not shown
        ("E1", "0999", "2025", "T", 70, "Skola A", None), ("E1", "0999", "2025", "T", 90, "Skola B", None),
        ("E1", "0999", "2025", "T", 85, "Skola C", None), ("E1", "0999", "2025", "T", 80, None, None),
        ("E1", "0999", "2026-T1", "T", 60, None, "16–24 år"), ("E1", "0999", "2026-T1", "T", 90, None, "25–64 år"),
        ("E1", "0999", "2026-T2", "T", 10, None, "16–24 år"),      # after the reporting point
        ("E1", "0180", "2025", "T", 10, "Skola X", None),          # another kommun
    ])
    ind = pd.DataFrame({"indikator_id": ["E1"], "riktning": [HIGHER], "malvarde": [80.0]})
    detail = enhet_varden(values, ind, "0999", 2026, 4)
    assert list(detail[detail["slag"] == "Enhet"]["namn"]) == ["Skola A", "Skola B", "Skola C"]
    summary = enhet_spridning(detail).set_index("slag")
    assert (summary.loc["Enhet", "lagst_namn"], summary.loc["Enhet", "lagst"]) == ("Skola A", 70)
    assert (summary.loc["Enhet", "hogst_namn"], summary.loc["Enhet", "hogst"]) == ("Skola B", 90)
    assert summary.loc["Enhet", "under_mal"] == 1 and summary.loc["Enhet", "antal"] == 3
    assert summary.loc["Grupp", "period"] == "2026-T1" and summary.loc["Grupp", "under_mal"] == 1


def _indicator_rows(**extra):
    base = {"mal_id": "M1", "indikator_id": "N1", "namn": "Nyckeltal", "status": "Uppfyllt", "varde": 50.0,
            "malvarde": 40.0, "riktning": HIGHER, "kvartil": "mellan", "plats": 100.0, "antal": 290.0,
            "trend_ord": "förbättras", "trend_varden": [45.0, 50.0], "kon_gap": np.nan, "kon_gap_fg": np.nan}
    base.update(extra)
    return pd.DataFrame([base])


DRIFT = pd.DataFrame({"namnd": ["A"], "verksamhet": ["1"], "verksamhet_namn": ["V"], "vasentlig": [False],
                      "avvikelse_helar": [0.0], "arsbudget": [100.0]})
MAL = pd.DataFrame({"mal_id": ["M1"], "namnd": ["A"]})
NO_ANALYS = pd.DataFrame(columns=["namnd", "avser_typ", "avser", "analys"])
NO_PLANS = pd.DataFrame(columns=["namnd", "atgard_id", "avser", "verksamhet"])


@pytest.mark.parametrize("gap, before, expected", [
    (6.0, 5.5, True),      # 6 / 50 = 12 % > 10 %
    (4.0, 4.0, False),     # 8 %, not widened
    (4.0, 1.0, True),      # 8 %, but widened by 3 / 50 = 6 % > 5 %
    (-6.0, np.nan, True),  # the sign does not matter
])
def test_gender_gap_avvikelse(gap, before, expected):
    out = avvikelser(DRIFT, _indicator_rows(kon_gap=gap, kon_gap_fg=before), MAL, NO_ANALYS, NO_PLANS, 0.10)
    kinds = list(out["typ"])
    assert ("kvinnor–män" in kinds) is expected
    if expected:
        row = out[out["typ"] == "kvinnor–män"].iloc[0]
        assert row["avstand"] == pytest.approx(abs(gap) / 50) and not row["kraver_atgard"]


def test_framgangar_beat_target_with_margin_or_best_quartile_never_information():
    ind = pd.concat([
        _indicator_rows(indikator_id="N1", varde=44.0, malvarde=40.0),                    # +10 %: over target
        _indicator_rows(indikator_id="N2", varde=41.0, malvarde=40.0),                    # +2.5 %: not enough
        _indicator_rows(indikator_id="N3", varde=39.0, malvarde=40.0, kvartil="bäst", plats=3.0),
        _indicator_rows(indikator_id="N4", varde=30.0, malvarde=40.0, riktning=LOWER),   # 25 % below a cost target
        _indicator_rows(indikator_id="N5", status="Informationsmått", kvartil="bäst"),
    ], ignore_index=True)
    analys = pd.DataFrame({"namnd": ["A"], "avser_typ": ["indikator"], "avser": ["N3"], "analys": ["Vi gjorde X."]})
    out = framgangar(ind, MAL, analys, 0.05).set_index("indikator_id")
    assert list(out.index) == ["N4", "N1", "N3"]
    assert out.loc["N1", "skal"] == "över målvärdet" and out.loc["N3", "skal"] == "bästa fjärdedelen"
    assert out.loc["N3", "svar"] == "Vi gjorde X." and out.loc["N1", "svar"] == ""


PLANS = pd.DataFrame({
    "namnd": ["A", "A", "A", "B"], "atgard_id": ["P1", "P2", "P3", "Q1"], "avser": ["1", "1", "M1", "2"],
    "omrade": ["o"] * 4, "mal": ["m"] * 4, "ansvar": ["x"] * 4,
    "status": ["Pågår", "Genomförd", "Ej påbörjad", "Avbruten"], "ekonomisk_effekt": [500.0, 900.0, np.nan, 100.0],
    "beslutsniva": ["Nämnd", "KF", "Förvaltning", "KS"], "klart_senast": ["2026-12-31"] * 4, "effekt": [None] * 4,
})


def test_prognos_efter_atgarder_counts_active_plans_only():
    totals = pd.DataFrame({"namnd": ["A", "B"], "prognos": [10_000_000.0, 5_000_000.0],
                           "avvikelse_helar": [-800_000.0, 0.0]})
    out = prognos_efter_atgarder(totals, PLANS).set_index("namnd")
    assert out.loc["A", "effekt"] == 500_000.0 and out.loc["A", "planer"] == 1   # P2 done, P3 without effect
    assert out.loc["A", "prognos_efter"] == 9_500_000.0 and out.loc["A", "avvikelse_efter"] == -300_000.0
    assert out.loc["B", "effekt"] == 0.0                                           # Q1 avbruten
    assert list(beslut_behovs(PLANS)["atgard_id"]) == ["P1"]                       # P2 done, Q1 avbruten


def test_follow_up_of_the_previous_points_plans():
    previous = pd.DataFrame({"namnd": ["A", "A", "A"], "atgard_id": ["P1", "P9", "P8"], "avser": ["1"] * 3,
                             "omrade": ["o"] * 3, "mal": ["m"] * 3, "ansvar": ["x"] * 3,
                             "status": ["Ej påbörjad", "Pågår", "Genomförd"],
                             "klart_senast": ["2026-01-31", "2026-02-28", "2026-01-31"], "effekt": [None] * 3})
    out = uppfoljning(previous, PLANS, date(2026, 4, 30)).set_index("atgard_id")
    # P1 carried forward: status and Klart senast now from this point's workbook, not overdue.
    assert out.loc["P1", "rapporterad"] and out.loc["P1", "status"] == "Pågår" and not out.loc["P1", "forsenad"]
    # P9 not carried forward, deadline passed, not finished: overdue. P8 finished: never overdue.
    assert not out.loc["P9", "rapporterad"] and out.loc["P9", "forsenad"]
    assert not out.loc["P8", "forsenad"]


def test_resource_indicator_beside_the_ledger_cost():
    ind = pd.DataFrame({"indikator_id": ["R1", "R1", "X1"], "kategori": ["Resurs", "Resurs", "Resultat objektiv"],
                        "verksamheter": [("1", "2"), ("1", "2"), ("1",)], "mal_id": ["M1", "M2", "M1"]})
    drift = pd.DataFrame({"namnd": ["A", "A"], "verksamhet": ["1", "2"], "arsbudget": [100.0, 50.0],
                          "prognos": [110.0, 40.0]})
    utfall_fg = pd.DataFrame({"namnd": ["A"] * 3, "verksamhet": ["1", "1", "2"], "konto": ["4010", "4010", "4010"],
                              "manad": [1, 12, 6], "belopp": [30.0, 60.0, 45.0]})
    out = indikator_kostnad(ind, drift, utfall_fg).set_index("indikator_id")
    assert list(out.index) == ["R1"]                  # one row per indicator, only Resurs/Effektivitet
    assert out.loc["R1", "nettokostnad_fg"] == 135.0 and out.loc["R1", "arsbudget"] == 150.0
    assert out.loc["R1", "prognos"] == 150.0


def test_previous_reporting_point():
    assert previous_point(2026, "tertial") == (2025, "bokslut")
    assert previous_point(2026, "delar") == (2026, "tertial")
    assert previous_point(2026, "bokslut") == (2026, "delar")


def _analys(rows: list[tuple]) -> pd.DataFrame:
    """(avser_typ, avser, analys, orsakskategori) rows of nämnd A."""
    return pd.DataFrame([{"namnd": "A", "avser_typ": t, "avser": a, "analys": text, "orsakskategori": kat}
                         for t, a, text, kat in rows])


@pytest.mark.parametrize("analys, plans, saknas, hantering", [
    ([], [], True, "Åtgärdsplan saknas"),
    ([("verksamhet", "1", "Fler brukare än budgeterat.", None)], [], True, "Åtgärdsplan saknas"),   # analysis alone
    ([("verksamhet", "1", "Fler brukare.", "Brukare")], [], True, "Åtgärdsplan saknas"),             # with category too
    ([], [("P1", "1")], False, "Åtgärdsplan P1"),
])
def test_an_economic_avvikelse_needs_a_plan(analys, plans, saknas, hantering):
    """Motala's riktlinjer: the åtgärdsplan shall ensure the resursfördelning is not exceeded; an analysis of an
    economic underskott does not do that."""
    from pipeline.context.mal import avvikelse_row

    drift = DRIFT.assign(vasentlig=[True], avvikelse_helar=[-500_000.0], arsbudget=[10_000_000.0])
    plan_frame = pd.DataFrame([{"namnd": "A", "atgard_id": i, "avser": a, "verksamhet": a} for i, a in plans],
                              columns=["namnd", "atgard_id", "avser", "verksamhet"])
    out = avvikelser(drift, _indicator_rows().iloc[0:0], MAL, _analys(analys) if analys else NO_ANALYS, plan_frame)
    row = out[out["typ"] == "ekonomisk"].iloc[0]
    assert bool(row["saknas"]) is saknas
    assert avvikelse_row(row.to_dict())["hantering"] == hantering


@pytest.mark.parametrize("kategori, saknas, hantering", [
    (None, True, "Åtgärdsplan saknas"),                      # an analysis without its cause category
    ("Omvärld", False, "Analys finns (orsak: Omvärld)"),     # the guide's "Checklista sök orsaker"
])
def test_a_mal_avvikelse_is_met_by_an_analysis_with_its_cause_category(kategori, saknas, hantering):
    from pipeline.context.mal import avvikelse_row

    out = avvikelser(DRIFT, _indicator_rows(status="Ej uppfyllt", varde=30.0), MAL,
                     _analys([("indikator", "N1", "Lägre än målet eftersom …", kategori)]), NO_PLANS)
    row = out[out["typ"] == "mot mål"].iloc[0]
    assert bool(row["saknas"]) is saknas and avvikelse_row(row.to_dict())["hantering"] == hantering


def test_plans_that_do_not_close_the_gap():
    """Per nämnd with a väsentlig underskott: what is left after the active plans' effect, over the tolerance."""
    totals = pd.DataFrame({"namnd": ["A", "B", "C"], "prognos": [10_000_000.0, 5_000_000.0, 4_000_000.0],
                           "avvikelse_helar": [-800_000.0, -300_000.0, -400_000.0],
                           "vasentlig": [True, True, False]})
    plans = PLANS.assign(namnd=["A", "A", "A", "C"], status=["Pågår", "Genomförd", "Ej påbörjad", "Pågår"])
    out = prognos_efter_atgarder(totals, plans, tolerans_kr=500.0).set_index("namnd")
    # A: −800 000 + 500 000 (P1; P2 done, P3 without effect) = −300 000 left; B: no plan, −300 000 left;
    # C: not väsentlig, nothing to close
    assert (out.loc["A", "kvarstar"], bool(out.loc["A", "racker_inte"])) == (300_000.0, True)
    assert (out.loc["B", "kvarstar"], bool(out.loc["B", "racker_inte"])) == (300_000.0, True)
    assert (out.loc["C", "kvarstar"], bool(out.loc["C", "racker_inte"])) == (0.0, False)
    assert not prognos_efter_atgarder(totals, plans, tolerans_kr=300_000.0)["racker_inte"].any()   # within tolerance
    closed = prognos_efter_atgarder(totals, plans, closed=True)   # the bokslut: the year is over
    assert not closed["racker_inte"].any() and (closed["effekt"] == 0).all()


def test_evaluation_of_the_previous_reporting_point():
    """Bilaga 4, "Utvärdera föregående uppföljningstillfälle": per nämnd the previous plans and the avvikelser that
    recur on what a plan targeted (only those that require an action)."""
    from pipeline.model.atgarder import utvardering

    follow = pd.DataFrame({"namnd": ["A", "A", "B"], "atgard_id": ["P1", "P2", "Q1"], "avser": ["1", "M1", "9"],
                           "status": ["Genomförd", "Pågår", "Pågår"], "forsenad": [False, True, False],
                           "rapporterad": [True, False, True]})
    now = pd.DataFrame({"namnd": ["A", "A", "B"], "avser": ["1", "N7", "9"],
                        "kraver_atgard": [True, True, False]})
    out = utvardering(follow, now).set_index("namnd")
    assert out.loc["A", ["planer", "genomforda", "forsenade", "ej_rapporterade"]].tolist() == [2, 1, 1, 1]
    assert out.loc["A", "aterkommande"] == "1"      # P1's verksamhet still deviates; N7 had no plan
    assert out.loc["B", "aterkommande"] == ""       # 9 deviates only for kännedom


def test_best_in_groups_by_hand():
    """"Vad gör de bästa?": the n best of each group for the kommun's latest period, in the indicator's direction."""
    from pipeline.model.jamforelse import best_in_groups

    rows = [("N1", k, "2025", v) for k, v in (("0101", 10.0), ("0102", 30.0), ("0103", 20.0), ("0104", 40.0))]
    rows += [("N1", "0102", "2024", 99.0), ("N2", "0101", "2025", 5.0), ("N2", "0102", "2025", 3.0)]
    values = pd.DataFrame({"indikator_id": [r[0] for r in rows], "kommun": [r[1] for r in rows],
                           "period": [r[2] for r in rows], "varde": [r[3] for r in rows], "kon": "T",
                           "enhet": None, "grupp": None})
    latest = pd.DataFrame({"indikator_id": ["N1", "N2"], "riktning": ["Högre är bättre", "Lägre är bättre"],
                           "varde_period": ["2025", "2025"]})
    out = best_in_groups(values, latest, {"G": ("0101", "0102", "0103"), "H": ("0104", "0101")}, n=2)
    got = [(r["grupp"], r["indikator_id"], r["ordning"], r["kommun"], r["varde"]) for r in out.to_dict("records")]
    assert got == [("G", "N1", 1, "0102", 30.0), ("G", "N1", 2, "0103", 20.0),   # 2024's 99 is another period
                   ("G", "N2", 1, "0102", 3.0), ("G", "N2", 2, "0101", 5.0),    # lower is better
                   ("H", "N1", 1, "0104", 40.0), ("H", "N1", 2, "0101", 10.0),
                   ("H", "N2", 1, "0101", 5.0)]


def test_before_and_after_of_a_followed_up_plan():
    """"Har åtgärden haft effekt?": an indicator's latest value at the previous point and now; a verksamhet's
    avvikelse helår then (årsbudget − that point's prognos) and now, only within the same year."""
    from pipeline.context.atgarder import before_after_text
    from pipeline.model.atgarder import fore_efter

    follow = pd.DataFrame({"namnd": ["A", "A", "A"], "atgard_id": ["P1", "P2", "P3"], "avser": ["N1", "1", "M9"]})
    values = pd.DataFrame({"indikator_id": ["N1", "N1"], "kommun": ["0999", "0999"], "period": ["2025", "2026-T1"],
                           "ar": [2025, 2026], "kon": "T", "varde": [70.0, 74.5], "enhet": None, "grupp": None})
    drift = pd.DataFrame({"namnd": ["A"], "verksamhet": ["1"], "arsbudget": [1_000_000.0],
                          "avvikelse_helar": [-150_000.0]})
    prognos_fg = pd.DataFrame({"namnd": ["A"], "verksamhet": ["1"], "prognos": [1_400_000.0]})
    out = fore_efter(follow, values, "0999", (2026, 4), (2026, 8), drift, prognos_fg, True).set_index("atgard_id")
    assert (out.loc["P1", "fore"], out.loc["P1", "fore_period"]) == (74.5, "2026-T1")   # the latest by April
    assert out.loc["P2", "fore"] == -400_000.0 and out.loc["P2", "efter"] == -150_000.0
    assert "P3" not in out.index                                                         # a mål: not judged
    assert before_after_text(out.loc["P2"].to_dict() | {"atgard_id": "P2"}) == \
        "Avvikelse helår förra tillfället −400 tkr, nu −150 tkr."
    earlier = fore_efter(follow, values, "0999", (2025, 12), (2026, 4), drift, prognos_fg, False).set_index("atgard_id")
    assert before_after_text(earlier.loc["P1"].to_dict()) == "Förra tillfället 70 (2025), nu 74,5 (2026-T1)."
    assert "P2" not in earlier.index   # last year's bokslut had another budget
