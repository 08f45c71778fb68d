"""The computations that moved from the flows and the context builders into model/ (issue 13 point 3), on small
hand-made frames: the prioriteringsforum's totals, the förslag's sums per Typ, a nämnd's avstämning against its
Ramar, the kommun's totals, the investeringar's summa row, growth in percent, the underlag's budget and utfall
hittills per verksamhet, and the budget-i-balans verdict with its configurable threshold."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from exempel import EXEMPELKOMMUN as EXAMPLE
from pipeline.config import load_config
from pipeline.model.ekonomi import (BALANS, KOMMUN_SUM_COLUMNS, OVERSKOTT, UNDERSKOTT, budget_och_utfall_per_verksamhet,
                                    budgetbalans, investering_totals, kommun_totals, tillvaxt_procent)
from pipeline.model.prioritering import avstamning, forum_totals, summa, summor_per_typ
from pipeline.staging.ekonomi import MONTH_KEYS


def _forslag(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["namnd_namn", "typ", "kostnad"]).assign(
        namnd=lambda f: f["namnd_namn"].str[:2].str.upper())


FORSLAG = _forslag([
    ("Socialnämnden", "Effektivisering", -300.0),
    ("Socialnämnden", "Kommunövergripande prioritering", 500.0),
    ("Socialnämnden", "Investering", 1_000.0),
    ("Barn- och utbildningsnämnden", "Ransonering", -200.0),
    ("Barn- och utbildningsnämnden", "Prioritering inom ram", 50.0),
    ("Barn- och utbildningsnämnden", "Kommunövergripande prioritering", 100.0),
])
RAMAR = pd.DataFrame({"namnd": ["SO", "BA"], "driftram": [280_000.0, 410_000.0],
                      "investeringsutrymme": [800.0, 1_500.0]})


# --- model.prioritering ---------------------------------------------------------------------------------------

def test_forum_totals_per_namnd_and_the_prioriteringsutrymme():
    per_namnd, utrymme = forum_totals(FORSLAG, RAMAR)
    assert [p["namnd"] for p in per_namnd] == ["Barn- och utbildningsnämnden", "Socialnämnden"]   # sorted
    bun, sn = per_namnd
    assert bun == {"namnd": "Barn- och utbildningsnämnden", "Prioritering inom ram": 50.0,
                   "Kommunövergripande prioritering": 100.0, "Investering": 0.0, "Effektivisering": 0.0,
                   "Ransonering": -200.0, "summa": -50.0}
    assert sn["summa"] == 1_200.0 and sn["Effektivisering"] == -300.0
    amounts = [r["belopp"] for r in utrymme]
    # frees 300 + 200, asked 500 + 100, left −100; investeringar 1 000 against 800 + 1 500
    assert amounts == [500.0, 600.0, -100.0, 1_000.0, 2_300.0, 1_300.0]
    assert [r["formel"] for r in utrymme][:3] == ["-({Effektivisering}+{Ransonering})",
                                                  "{Kommunövergripande prioritering}", "{0}-{1}"]


def test_forum_totals_without_ramar_stop_at_the_investeringsforslag():
    _, utrymme = forum_totals(FORSLAG, pd.DataFrame(columns=["namnd", "driftram", "investeringsutrymme"]))
    assert [r["namn"] for r in utrymme][-1] == "Investeringsförslag" and len(utrymme) == 4


def test_sums_per_typ_list_every_typ_in_order():
    rows = summor_per_typ(FORSLAG)
    assert [(r["typ"], r["kostnad"], r["antal"]) for r in rows] == [
        ("Prioritering inom ram", 50.0, 1), ("Kommunövergripande prioritering", 600.0, 2), ("Investering", 1_000.0, 1),
        ("Effektivisering", -300.0, 1), ("Ransonering", -200.0, 1)]
    assert summa(FORSLAG) == {"kostnad": 1_150.0, "antal": 6}
    assert summa(FORSLAG.iloc[:0]) == {"kostnad": 0.0, "antal": 0}


def test_avstamning_of_one_namnd_against_its_ramar():
    own = FORSLAG[FORSLAG["namnd"] == "SO"]
    a = avstamning(own, RAMAR, "SO")
    assert a.per_typ == {"Prioritering inom ram": 0.0, "Kommunövergripande prioritering": 500.0,
                         "Investering": 1_000.0, "Effektivisering": -300.0, "Ransonering": 0.0}
    assert (a.inom_ram, a.investeringar, a.kommunovergripande) == (-300.0, 1_000.0, 500.0)
    assert a.finns_ramar and (a.driftram, a.investeringsutrymme) == (280_000.0, 800.0)
    assert a.investeringsutrymme_kvar == -200.0                     # 200 tkr missing
    b = avstamning(FORSLAG[FORSLAG["namnd"] == "BA"], RAMAR, "BA")
    assert b.inom_ram == -150.0 and b.investeringsutrymme_kvar == 1_500.0


def test_avstamning_without_a_ramar_row():
    a = avstamning(FORSLAG[FORSLAG["namnd"] == "SO"], RAMAR[RAMAR["namnd"] == "BA"], "SO")
    assert not a.finns_ramar and a.driftram is None and a.inom_ram == -300.0
    empty = avstamning(FORSLAG, pd.DataFrame(columns=["namnd", "driftram", "investeringsutrymme"]), "SO")
    assert not empty.finns_ramar


# --- model.ekonomi --------------------------------------------------------------------------------------------

def test_kommun_totals_sum_every_verksamhet_row_and_never_flag():
    drift = pd.DataFrame({c: [1_000.0, 2_500.0, -500.0] for c in KOMMUN_SUM_COLUMNS})
    drift["avvikelse_helar"] = [100.0, -40.0, 0.0]
    drift["prognos_flagga"] = [True, False, True]
    total = kommun_totals(drift)
    assert total["arsbudget"] == 3_000.0 and total["avvikelse_helar"] == 60.0
    assert total["prognos_flagga"] is False and list(total.index) == [*KOMMUN_SUM_COLUMNS, "prognos_flagga"]


def test_investering_totals_and_growth():
    inv = pd.DataFrame({"budget": [1_000.0, 2_000.0], "utfall": [400.0, 2_500.0], "aterstar": [600.0, -500.0]})
    assert investering_totals(inv) == {"budget": 3_000.0, "utfall": 2_900.0, "aterstar": 100.0}
    assert investering_totals(inv.iloc[:0]) == {"budget": 0.0, "utfall": 0.0, "aterstar": 0.0}
    assert tillvaxt_procent(110.0, 100.0) == pytest.approx(10.0) and tillvaxt_procent(95.0, 100.0) == pytest.approx(-5.0)


@pytest.mark.parametrize("avvikelse, expected", [
    (0.0, BALANS), (499.99, BALANS), (-499.99, BALANS), (500.0, OVERSKOTT), (-500.0, UNDERSKOTT),
    (1_234_000.0, OVERSKOTT), (-1.0e6, UNDERSKOTT)])
def test_budget_in_balance_below_the_threshold(avvikelse, expected):
    assert budgetbalans(avvikelse, 500.0) == expected


def test_the_threshold_is_configurable_with_500_kr_by_default(tmp_path: Path):
    config = load_config(EXAMPLE / "config" / "kommun.toml")
    assert config.troskel.budget_i_balans_kr == 500.0                 # the example kommun does not set it
    shutil.copytree(EXAMPLE / "config", tmp_path / "config")          # with the kontoplan the config names
    own = tmp_path / "config" / "kommun.toml"
    text = own.read_text(encoding="utf-8")
    own.write_text(text.replace("[troskel]\n", "[troskel]\nbudget_i_balans_kr = 50000\n", 1), encoding="utf-8")
    assert load_config(own).troskel.budget_i_balans_kr == 50_000.0
    assert budgetbalans(-40_000.0, load_config(own).troskel.budget_i_balans_kr) == BALANS


def _budget(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["namnd", "verksamhet", "belopp"]).assign(konto="4000")
    for m in MONTH_KEYS:
        frame[m] = frame["belopp"] / 12.0
    return frame


def test_budget_and_utfall_hittills_per_verksamhet_count_months_up_to_till():
    budget = _budget([("SN", "569", 120_000.0), ("SN", "569", 6_000.0), ("SN", "575", 60_000.0)])
    utfall = pd.DataFrame({"ar": 2026, "manad": [1, 4, 5, 4, 12], "namnd": "SN",
                           "verksamhet": ["569", "569", "569", "575", "575"],
                           "konto": ["4000", "4000", "4000", "4000", "1930"],    # 1930 is a balance account
                           "belopp": [1_000.0, 2_000.0, 4_000.0, 300.0, 99.0], "projekt": None})
    sums = budget_och_utfall_per_verksamhet(budget, utfall, 4)
    assert sums.loc["569"].tolist() == [126_000.0, 3_000.0]           # month 5 is after till
    assert sums.loc["575"].tolist() == [60_000.0, 300.0]
    assert budget_och_utfall_per_verksamhet(budget, utfall, 5).loc["569", "utfall"] == 7_000.0
    # a verksamhet with budget but no utfall gets 0; without any rows the frame is empty
    assert budget_och_utfall_per_verksamhet(budget, utfall.iloc[:0], 4).loc["575", "utfall"] == 0.0
    assert budget_och_utfall_per_verksamhet(budget.iloc[:0], utfall.iloc[:0], 4).empty
    assert not math.isnan(sums.to_numpy().sum())
