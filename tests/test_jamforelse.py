"""Indicator comparisons on tiny hand-made frames with hand-computed expectations."""

import math

import pandas as pd

from pipeline.model.jamforelse import comparisons, gender_values, group_medians, ranks, riket, trend_of, trends


def _values(rows):
    """rows: (indikator_id, kommun, period, kon, varde)."""
    frame = pd.DataFrame(rows, columns=["indikator_id", "kommun", "period", "kon", "varde"])
    frame = frame.astype({"indikator_id": "string", "kommun": "string", "period": "string", "kon": "string"})
    frame["varde"] = frame["varde"].astype("float64")
    frame["enhet"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    frame["grupp"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    return frame


VALUES = _values([
    ("N1", "0180", "2025", "T", 90), ("N1", "0999", "2025", "T", 80), ("N1", "1480", "2025", "T", 80),
    ("N1", "1280", "2025", "T", 70), ("N1", "0583", "2025", "T", 60),
    ("N1", "0000", "2025", "T", 75), ("N1", "0001", "2025", "T", 99),   # riket and a region: not ranked
    ("N1", "2584", "2025", "T", None),                                  # missing: not counted in M
    ("N1", "0999", "2025", "K", 84), ("N1", "0999", "2025", "M", 76),
    ("N1", "0999", "2023", "T", 70), ("N1", "0999", "2024", "T", 75), ("N1", "0999", "2022", "T", 95),
    ("C1", "0180", "2025", "T", 10), ("C1", "0999", "2025", "T", 30), ("C1", "1480", "2025", "T", 20),
    ("C1", "0999", "2024", "T", 25), ("C1", "0999", "2023", "T", 20),
])
INDIKATORER = pd.DataFrame({"indikator_id": ["N1", "C1"], "riktning": ["Högre är bättre", "Lägre är bättre"],
                            "definitionsbyte": pd.array([pd.NA, 2024], dtype="Int64")})


def test_ranks_share_best_tied_place_and_skip_riket_regions_and_missing():
    r = ranks(VALUES, {"N1": True, "C1": False})
    n1 = r[(r["indikator_id"] == "N1") & (r["period"] == "2025")].set_index("kommun")
    assert n1["plats"].to_dict() == {"0180": 1, "0999": 2, "1480": 2, "1280": 4, "0583": 5}
    assert set(n1["antal"]) == {5}
    assert n1["kvartil"].to_dict() == {"0180": "bäst", "0999": "bäst", "1480": "bäst", "1280": "mellan",
                                       "0583": "sämst"}
    c1 = r[(r["indikator_id"] == "C1") & (r["period"] == "2025")].set_index("kommun")
    assert c1["plats"].to_dict() == {"0180": 1, "1480": 2, "0999": 3}  # lower is better


def test_group_median_riket_and_gender():
    med = group_medians(VALUES, ("1480", "1280", "0583")).set_index(["indikator_id", "period"])
    assert med.loc[("N1", "2025"), "grupp_median"] == 70
    assert riket(VALUES).set_index(["indikator_id", "period"]).loc[("N1", "2025"), "riket"] == 75
    g = gender_values(VALUES, "0999").set_index(["indikator_id", "period"]).loc[("N1", "2025")]
    assert (g["varde_k"], g["varde_m"], g["kon_gap"]) == (84, 76, 8)


def test_trend_words_respect_riktning():
    assert trend_of([70, 75, 80], True) == ("↗", "förbättras")
    assert trend_of([100, 110], False) == ("↗", "försämras")      # a rising cost
    assert trend_of([100, 90], False) == ("↘", "förbättras")
    assert trend_of([100, 100.5], True) == ("→", "oförändrad")
    assert trend_of([100], True) == ("", "för kort serie")


def test_trend_uses_three_years_and_never_crosses_a_definitionsbyte():
    own = VALUES[(VALUES["kommun"] == "0999") & (VALUES["kon"] == "T")][["indikator_id", "period", "varde"]]
    latest = pd.DataFrame({"indikator_id": ["N1", "C1"], "varde_period": ["2025", "2025"]})
    t = trends(own, latest, INDIKATORER).set_index("indikator_id")
    assert t.loc["N1", "trend_varden"] == [70, 75, 80]            # 2023–2025, not 2022's 95
    assert (t.loc["N1", "trend_pil"], t.loc["N1", "trend_ord"]) == ("↗", "förbättras")
    assert t.loc["C1", "trend_varden"] == [25, 30]                # 2023 is before the Definitionsbyte 2024
    assert (t.loc["C1", "trend_pil"], t.loc["C1", "trend_ord"]) == ("↗", "försämras")


def test_comparisons_for_the_latest_value():
    latest = pd.DataFrame({"indikator_id": ["N1", "C1"], "varde": [80.0, 30.0], "varde_period": ["2025", "2025"]})
    c = comparisons(VALUES, INDIKATORER, "0999", ("1480", "1280"), latest).set_index("indikator_id")
    assert (c.loc["N1", "plats"], c.loc["N1", "antal"], c.loc["N1", "kvartil"]) == (2, 5, "bäst")
    assert c.loc["N1", "grupp_median"] == 75 and c.loc["N1", "riket"] == 75
    assert c.loc["N1", "kon_gap"] == 8
    assert c.loc["C1", "plats"] == 3 and math.isnan(c.loc["C1", "riket"])


def test_sub_annual_trend_compares_the_same_period_in_earlier_years():
    own = _values([("E1", "0999", "2024-T1", "T", 50), ("E1", "0999", "2025-T1", "T", 55),
                   ("E1", "0999", "2025-T2", "T", 99), ("E1", "0999", "2026-T1", "T", 60),
                   ("E1", "0999", "2025", "T", 1)])[["indikator_id", "period", "varde"]]
    ind = pd.DataFrame({"indikator_id": ["E1"], "riktning": ["Högre är bättre"], "definitionsbyte": pd.array([pd.NA], dtype="Int64")})
    t = trends(own, pd.DataFrame({"indikator_id": ["E1"], "varde_period": ["2026-T1"]}), ind).set_index("indikator_id")
    assert t.loc["E1", "trend_varden"] == [50, 55, 60]


def test_mal_status_from_indicator_statuses():
    from pipeline.model.mal import mal_status

    frame = pd.DataFrame({"mal_id": ["A", "A", "A", "B", "B", "C", "D", "D"],
                          "status": ["Uppfyllt", "Delvis uppfyllt", "Ej uppfyllt", "Uppfyllt", "Informationsmått",
                                     "Kan ej bedömas", "Uppfyllt", "Delvis uppfyllt"]})
    result = mal_status(frame, uppfyllt_andel=0.75, delvis_andel=0.4).set_index("mal_id")
    # A: (1 + 0.5) / 3 = 0.5 -> Delvis; B: informationsmått left out -> 1/1 -> Uppfyllt;
    # C: nothing judged -> Kan ej bedömas; D: (1 + 0.5) / 2 = 0.75 -> Uppfyllt
    assert result["beraknad"].to_dict() == {"A": "Delvis uppfyllt", "B": "Uppfyllt", "C": "Kan ej bedömas",
                                            "D": "Uppfyllt"}
    assert result.loc["A", "bedomda"] == 3 and result.loc["B", "bedomda"] == 1


def test_informationsmatt_get_no_status():
    from pipeline.model.mal import indicator_status

    frame = pd.DataFrame({"riktning": ["Högre är bättre"] * 3, "varde": [80.0, 80.0, 80.0],
                          "malvarde": [70.0, 70.0, 70.0], "basvarde": [60.0] * 3,
                          "kategori": ["Resultat objektiv", "Viktig information", "Resultat objektiv"],
                          "paverkansgrad": ["Stor", "Stor", "Liten"]})
    assert list(indicator_status(frame)) == ["Uppfyllt", "Informationsmått", "Informationsmått"]


def test_no_group_value_and_the_gender_gap_a_year_earlier():
    values = pd.concat([VALUES, _values([("N1", "0999", "2024", "K", 80), ("N1", "0999", "2024", "M", 77)])],
                       ignore_index=True)
    latest = pd.DataFrame({"indikator_id": ["N1"], "varde": [80.0], "varde_period": ["2025"]})
    # 2584 is in the group but has no value; 9999 has no row at all: the median is missing, never 0.
    c = comparisons(values, INDIKATORER, "0999", ("2584", "9999"), latest).set_index("indikator_id")
    assert math.isnan(c.loc["N1", "grupp_median"])
    assert (c.loc["N1", "kon_gap"], c.loc["N1", "kon_gap_fg"]) == (8, 3)
