"""The financial statements from the ledger (model.rakenskaper, model.arsredovisning), checked against sums
computed another way: hand-computed totals of a small ledger, and plain loops over the example kommun's CSV."""

import csv
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.config.error import ConfigError
from pipeline.config.kontoplan import load_kontoplan
from pipeline.model.arsredovisning import sjukfranvaro
from pipeline.model.rakenskaper import balanskravsutredning, rakenskaper

ROOT = Path(__file__).resolve().parents[1]
from exempel import EXEMPELKOMMUN as EXAMPLE
KONTOPLAN = load_kontoplan(EXAMPLE / "config" / "kontoplan_exempelkommun.toml")


def _ledger(rows):
    return pd.DataFrame(rows, columns=["ar", "manad", "namnd", "verksamhet", "konto", "belopp", "projekt"]).astype(
        {"konto": "string", "namnd": "string", "verksamhet": "string", "projekt": "string", "manad": "Int64"})


# A year in miniature (kr). Ingående balans: bank 1 000, byggnader 5 000, lån 3 000, eget kapital 3 000.
SMALL = _ledger([
    (2026, 0, None, None, "1930", 1000.0, None), (2026, 0, None, None, "1120", 5000.0, None),
    (2026, 0, None, None, "2310", -3000.0, None), (2026, 0, None, None, "2010", -3000.0, None),
    # January: skatt 900 to the bank, salaries 600 from the bank, a taxa invoiced 100 (kundfordran)
    (2026, 1, "KS", "910", "8010", -900.0, None), (2026, 1, None, None, "1930", 900.0, None),
    (2026, 1, "SN", "569", "5010", 600.0, None), (2026, 1, None, None, "1930", -600.0, None),
    (2026, 1, "TN", "865", "3110", -100.0, None), (2026, 1, None, None, "1510", 100.0, None),
    # February: an investment of 400 paid, depreciation 50, interest 20, a new loan of 300, land sold for 80
    # with a book value of 60 (realisationsvinst 20 on konto 3650)
    (2026, 2, "TN", "249", "1120", 400.0, "P1"), (2026, 2, None, None, "1930", -400.0, None),
    (2026, 2, "TN", "249", "7810", 50.0, None), (2026, 2, None, None, "1129", -50.0, None),
    (2026, 2, "KS", "920", "8510", 20.0, None), (2026, 2, None, None, "1930", -20.0, None),
    (2026, 2, None, None, "2310", -300.0, None), (2026, 2, None, None, "1930", 300.0, None),
    (2026, 2, None, None, "1930", 80.0, None), (2026, 2, None, None, "1120", -60.0, None),
    (2026, 2, "KS", "930", "3650", -20.0, None),
    # March (outside a period to February): a cost that must not count
    (2026, 3, "SN", "569", "5010", 999.0, None), (2026, 3, None, None, "1930", -999.0, None),
])


def test_small_ledger_hand_computed():
    r = rakenskaper(SMALL, SMALL.iloc[0:0], KONTOPLAN, till=2)
    rr = dict(zip(r.resultatrakning["rad"], r.resultatrakning["belopp"]))
    # intäkter 100 + 20, kostnader -600, avskrivningar -50 -> VNK -530; skatt 900 -> 370; finans -20 -> 350
    assert rr["verksamhetens_intakter"] == 120
    assert rr["verksamhetens_kostnader"] == -600
    assert rr["avskrivningar"] == -50
    assert rr["verksamhetens_nettokostnader"] == -530
    assert rr["verksamhetens_resultat"] == 370
    assert rr["arets_resultat"] == 350
    br = r.balansrakning.set_index("rad")
    # bank 1000 + 900 - 600 - 400 - 20 + 300 + 80 = 1260; byggnader 5000 + 400 - 50 - 60 = 5290; kundfordran 100
    assert br.loc["kassa_och_bank", ["ib", "ub"]].tolist() == [1000, 1260]
    assert br.loc["mark_byggnader_och_tekniska_anlaggningar", "ub"] == 5290
    assert br.loc["fordringar", "ub"] == 100
    assert br.loc["summa_tillgangar", ["ib", "ub"]].tolist() == [6000, 6650]
    assert br.loc["langfristiga_skulder", "ub"] == 3300
    assert br.loc["br_arets_resultat", "ub"] == 350
    assert br.loc["summa_eget_kapital", ["ib", "ub"]].tolist() == [3000, 3350]
    assert br.loc["summa_ek_avsattningar_skulder", "ub"] == br.loc["summa_tillgangar", "ub"]
    kfa = dict(zip(r.kassaflodesanalys["rad"], r.kassaflodesanalys["belopp"]))
    # löpande: 350 + 50 - 20 (vinst) - 100 (fordran) = 280; investering: -400 + 80 = -320; finansiering: 300
    assert kfa["kassaflode_lopande"] == 280
    assert (kfa["investering_materiella"], kfa["forsaljning_materiella"]) == (-400, 80)
    assert kfa["kassaflode_finansiering"] == 300
    assert kfa["arets_kassaflode"] == 260 == 1260 - 1000
    assert kfa["likvida_medel_ub"] == br.loc["kassa_och_bank", "ub"]
    assert r.realisationsvinster == 20 and r.ingaende_balans_kalla == "huvudbok"


def test_opening_balance_from_last_year_moves_its_result_into_equity():
    last = SMALL.assign(ar=2025)
    now = SMALL[SMALL["manad"] >= 1].assign(ar=2026)
    r = rakenskaper(now, last, KONTOPLAN, till=2)
    br = r.balansrakning.set_index("rad")
    # last year's closing: bank 1000 + (all months) 900-600-400-20+300+80-999 = 261; result 350 - 999 = -649
    assert r.ingaende_balans_kalla == "föregående år"
    assert br.loc["kassa_och_bank", "ib"] == 261
    assert br.loc["br_arets_resultat", "ib"] == -649
    assert br.loc["summa_eget_kapital", "ib"] == 3000 - 649
    assert br.loc["summa_tillgangar", "ib"] == br.loc["summa_ek_avsattningar_skulder", "ib"]


def test_balanskravsutredning_lines_and_signs():
    b = balanskravsutredning(50_000_000, 2_100_000, {"medel_till_rur": 5_000_000, "undantag_realisationsvinster": 1_000_000,
                                                      "underskott_tidigare_ar": 0.0})
    lines = dict(zip(b["rad"], b["belopp"]))
    assert list(b["namn"])[:2] == ["Årets resultat enligt resultaträkningen", "Samtliga realisationsvinster"]
    assert lines["resultat_efter_justeringar"] == 50_000_000 - 2_100_000 + 1_000_000
    assert lines["balanskravsresultat"] == 48_900_000 - 5_000_000
    assert "Underskott från tidigare år att återställa" in set(b["namn"])


@pytest.mark.parametrize("antal, shown", [(10, False), (11, True)])
def test_sjukfranvaro_suppressed_at_ten_people(antal, shown):
    personal = pd.DataFrame([
        ("Kvinnor", "29 år och yngre", 200, 300_000.0, 15_000.0, 3_000.0),
        ("Män", "29 år och yngre", antal, 17_000.0, 1_700.0, 850.0),
        ("Kvinnor", "30–49 år", 300, 500_000.0, 30_000.0, 12_000.0),
    ], columns=["kon", "aldersgrupp", "antal", "arbetstid", "sjuktid", "sjuk60"])
    table = sjukfranvaro(personal, dold_till_antal=10).set_index("grupp")
    assert table.loc["Män", "dold"] == (not shown)
    assert np.isnan(table.loc["Män", "sjukfranvaro"]) == (not shown)
    if shown:
        assert table.loc["Män", "sjukfranvaro"] == pytest.approx(10.0)
        assert table.loc["Män", "andel_60"] == pytest.approx(50.0)
    # the total is always shown: (15 000 + 1 700 + 30 000) / (300 000 + 17 000 + 500 000)
    assert table.loc["Totalt", "sjukfranvaro"] == pytest.approx(100 * 46_700 / 817_000)
    assert table.loc["50 år och äldre", "dold"]   # nobody in the group: 0 ≤ 10


def test_kontoplan_errors_are_named(tmp_path):
    bad = tmp_path / "k.toml"
    bad.write_text('[kalla]\nnamn = "x"\n[resultatrakning]\nverksamhetens_intakter = ["3"]\nokand_rad = ["4"]\n'
                   '[balansrakning]\nkassa_och_bank = ["19", "3"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_kontoplan(bad)
    text = "\n".join(exc.value.problems)
    assert "okänd rad 'resultatrakning.okand_rad'" in text
    assert "kontoprefixet 3 står både på raden verksamhetens_intakter och på raden kassa_och_bank" in text


def test_example_kontoplan_is_the_default_plus_its_additions():
    default = load_kontoplan()
    assert default.kalla.startswith("SKR, Kommun-Bas")
    added = {r: p for r, p in KONTOPLAN.rader.items() if default.rader.get(r) != p}
    assert added == {"resultatutjamningsreserv": ("205",)}
    assert KONTOPLAN.specifikation["realisationsvinster"] == ("365",)


def _read_csv_ledger(path: Path):
    """The bokslut ledger with the csv module: (period, konto, verksamhet, projekt, öre) per row."""
    with open(path, encoding="cp1252", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            ore = int(Decimal(row["Belopp"].replace(",", ".")) * 100)
            yield int(row["Period"]), row["Konto"], row["Verksamhet"], row["Projekt"], ore


def test_example_bokslut_statements_equal_a_plain_loop_over_the_csv(example_models):
    """RR and BR of the example's bokslut, to the krona, against sums over the CSV by konto group."""
    model = example_models["bokslut"]
    r = model.arsredovisning.rakenskaper
    sums: dict[str, int] = {}
    opening: dict[str, int] = {}
    for period, konto, _vht, _projekt, ore in _read_csv_ledger(EXAMPLE / "inputs" / "2026" / "bokslut" / "Huvudbok jan-dec 2026.csv"):
        target = opening if period % 100 == 0 else sums
        target[konto] = target.get(konto, 0) + ore
    group = lambda d, *prefixes: sum(v for k, v in d.items() if k.startswith(prefixes)) / 100   # noqa: E731
    rr = dict(zip(r.resultatrakning["rad"], r.resultatrakning["belopp"]))
    assert rr["skatteintakter"] == pytest.approx(-group(sums, "80"), abs=0.005)
    assert rr["generella_statsbidrag_och_utjamning"] == pytest.approx(-group(sums, "82", "83"), abs=0.005)
    assert rr["avskrivningar"] == pytest.approx(-group(sums, "78"), abs=0.005)
    vnk = -(group(sums, "3", "4", "5", "6", "7"))
    assert rr["verksamhetens_nettokostnader"] == pytest.approx(vnk, abs=0.005)
    result = -group(sums, "3", "4", "5", "6", "7", "8")
    assert rr["arets_resultat"] == pytest.approx(result, abs=0.005)
    br = r.balansrakning.set_index("rad")
    assets = group(opening, "1") + group(sums, "1")
    assert br.loc["summa_tillgangar", "ub"] == pytest.approx(assets, abs=0.005)
    assert br.loc["kassa_och_bank", "ub"] == pytest.approx(group(opening, "19") + group(sums, "19"), abs=0.005)
    assert br.loc["summa_eget_kapital", "ub"] == pytest.approx(-group(opening, "20") - group(sums, "20") + result, abs=0.005)
    assert br.loc["summa_ek_avsattningar_skulder", "ub"] == pytest.approx(assets, abs=0.005)
    kfa = dict(zip(r.kassaflodesanalys["rad"], r.kassaflodesanalys["belopp"]))
    assert kfa["likvida_medel_ub"] == pytest.approx(br.loc["kassa_och_bank", "ub"], abs=0.005)
    invest = sum(ore for period, konto, _v, projekt, ore in _read_csv_ledger(
        EXAMPLE / "inputs" / "2026" / "bokslut" / "Huvudbok jan-dec 2026.csv") if projekt and konto.startswith("1")) / 100
    assert kfa["investering_materiella"] == pytest.approx(-invest, abs=0.005)


def test_example_driftredovisning_reconciles_to_the_resultatrakning(example_models):
    a = example_models["bokslut"].arsredovisning
    rr = dict(zip(a.rakenskaper.resultatrakning["rad"], a.rakenskaper.resultatrakning["belopp"]))
    steps = dict(zip(a.avstamning["rad"], a.avstamning["belopp"]))
    assert steps["vnk"] == pytest.approx(-rr["verksamhetens_nettokostnader"], abs=0.005)
    total = a.drift_kommun.set_index("del").loc["summa"]
    assert -total["utfall"] == pytest.approx(rr["arets_resultat"], abs=0.005), "nämnder + finansförvaltning = kommunen"
    balans = dict(zip(a.balanskrav["rad"], a.balanskrav["belopp"]))
    assert balans["arets_resultat"] == rr["arets_resultat"]
    assert balans["samtliga_realisationsvinster"] == -2_100_000


def test_example_femar_has_entered_years_and_the_computed_report_year(example_models):
    a = example_models["bokslut"].arsredovisning
    femar = a.femar.set_index("nyckeltal")
    assert list(femar.columns[-5:]) == ["2022", "2023", "2024", "2025", "2026"]
    assert femar.loc["Antal invånare 31 december", "2022"] == 44_890          # entered
    assert femar.loc["Årets resultat", "2024"] == 46.0                         # entered
    rr = dict(zip(a.rakenskaper.resultatrakning["rad"], a.rakenskaper.resultatrakning["belopp"]))
    assert femar.loc["Årets resultat", "2026"] == round(rr["arets_resultat"] / 1e6, 1)   # computed
    assert femar.loc["Kommunal skattesats", "2026"] == 21.84                   # entered for the report year


def test_checklist_checks_pass_on_the_example_and_a_waiver_is_printed(example_models, config):
    from dataclasses import replace

    from pipeline.config import KontrollUndantag
    from pipeline.model.granskning import ARSREDOVISNING_PARTS, Check, arithmetic_checks, checklist, failures

    for tillfalle, model in example_models.items():
        checks = arithmetic_checks(model)
        assert all(c.ok for c in checks), [(c.id, c.vanster_belopp, c.hoger_belopp) for c in checks if not c.ok]
        assert {"ek_forandring", "drift_vnk", "namnder_kommun", "kassaflode"} <= {c.id for c in checks}
    checks = arithmetic_checks(example_models["bokslut"])
    assert {"balanskrav", "investeringar"} <= {c.id for c in checks}
    headings = [p.rubrik for p in ARSREDOVISNING_PARTS if p.id != "fb_personal"]
    broken = checks + [Check("test", "Exempel", "a", 100.0, "b", 101.0)]
    items = checklist(ARSREDOVISNING_PARTS, {"Word": headings, "PDF": headings}, broken, config)
    assert [i.id for i in failures(items)] == ["fb_personal", "test"]
    assert Check("x", "", "", 100.4, "", 100.0).ok and not Check("x", "", "", 101.0, "", 100.0).ok
    waived = replace(config, kontroll_undantag=(KontrollUndantag("fb_personal", "Redovisas i separat personalbokslut."),))
    items = checklist(ARSREDOVISNING_PARTS, {"Word": headings, "PDF": headings}, checks, waived)
    personal = next(i for i in items if i.id == "fb_personal")
    assert (personal.ok, personal.godkand, personal.undantag) == (False, True, "Redovisas i separat personalbokslut.")
    assert not failures(items)


def test_an_unbalanced_ledger_shows_in_the_balance_sheet_and_the_cash_flow():
    """An export that lost a counter entry (here the bank side of the salaries) no longer balances: the
    checks 'balansrakning' and 'kassaflode' then have different sides."""
    broken = SMALL.drop(index=7)   # (2026, 1, None, None, "1930", -600.0, None)
    r = rakenskaper(broken, SMALL.iloc[0:0], KONTOPLAN, till=2)
    br = r.balansrakning.set_index("rad")
    assert br.loc["summa_tillgangar", "ub"] - br.loc["summa_ek_avsattningar_skulder", "ub"] == 600
    kfa = dict(zip(r.kassaflodesanalys["rad"], r.kassaflodesanalys["belopp"]))
    assert kfa["arets_kassaflode"] != br.loc["kassa_och_bank", "ub"] - br.loc["kassa_och_bank", "ib"]
