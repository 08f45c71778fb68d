"""Rounding that adds up (issue 21, docs/analys.md "Avrundning", docs/rakenskaper.md "Avrundning i räkenskaperna"):
the pure distribution on hand-made examples, then every table of every demo document reopened and its printed
sums and differences recomputed from the printed figures (tests/avrundning_check.py), and the PDFs beside the
.docx."""

from __future__ import annotations

import subprocess
from decimal import Decimal

import pandas as pd
import pytest

from pipeline.context.avrundning import (chain_parts, drift_in_tkr, largest_remainder, round_half_up, round_series,
                                         round_tree, rounded_statement, totals_in_tkr)
from tests.avrundning_check import check_document, check_folder, check_plan_folder, parse, tables


# ---- the pure functions, hand-computed -------------------------------------------------------------------------


def test_round_half_up_goes_away_from_zero():
    assert round_half_up(1500) == 2000
    assert round_half_up(-1500) == -2000
    assert round_half_up(1499.99) == 1000
    assert round_half_up(2_500_000, 100_000) == 2_500_000
    assert round_half_up(4_717_950_000, 100_000) == 4_718_000_000
    assert round_half_up(-50_000, 100_000) == -100_000
    assert round_series(pd.Series([1500.0, -1500.0, 499.0, float("nan")])).tolist()[:3] == [2000.0, -2000.0, 0.0]


def test_largest_remainder_hands_out_the_missing_units_by_remainder():
    # 1,4 + 1,4 + 1,2 = 4,0: floors 1 + 1 + 1 = 3, one unit to the largest remainder; tie 0,4/0,4 -> the earlier
    assert largest_remainder([Decimal("1.4"), Decimal("1.4"), Decimal("1.2")], 4) == [2, 1, 1]
    # 2,6 + 3,7 = 6,3 -> 6: floors 2 + 3 = 5, the 0,7 remainder takes the unit
    assert largest_remainder([Decimal("2.6"), Decimal("3.7")], 6) == [2, 4]


def test_largest_remainder_with_negative_amounts():
    # −2,35 + 5,10 + −1,45 = 1,30 -> 1: floors −3 + 5 + −2 = 0; remainders 0,65 / 0,10 / 0,55: the unit to −2,35
    assert largest_remainder([Decimal("-2.35"), Decimal("5.10"), Decimal("-1.45")], 1) == [-2, 5, -2]
    # a total below the floors (a fixed total): −1 unit from the smallest remainder
    assert largest_remainder([Decimal("1.9"), Decimal("2.2")], 3) == [1, 2]


def test_largest_remainder_ties_go_to_the_larger_amount_then_the_earlier_row():
    # remainders all 0,5: 0,5 + 10,5 + 0,5 = 11,5 -> 12 (half away from zero): floors 0 + 10 + 0 = 10, two units:
    # first to the larger amount (10,5), then the earlier of the two equal ones
    assert largest_remainder([Decimal("0.5"), Decimal("10.5"), Decimal("0.5")], 12) == [1, 11, 0]


def test_largest_remainder_leaves_exact_zeros_alone():
    assert largest_remainder([Decimal(0), Decimal("0.6"), Decimal("0.6")], 1) == [0, 1, 0]
    assert largest_remainder([Decimal(0), Decimal(0)], 0) == [0, 0]


def test_round_tree_makes_each_summa_the_sum_of_its_printed_parts():
    # kronor, printed in mnkr with one decimal (unit 100 000 kr)
    posts = {"a": 140_000, "b": 140_000, "c": 120_000, "d": -235_000}
    parts = {"ab": ("a", "b"), "total": ("ab", "c", "d")}
    printed = round_tree(posts, parts, 100_000)
    # total 165 000 -> 0,2; ab 280 000 and c 120 000, d −235 000: units 2,8 / 1,2 / −2,35 -> floors 2 / 1 / −3 = 0,
    # two units to the largest remainders 0,8 (ab) and 0,65 (d) -> 3 / 1 / −2
    assert printed == {"total": 200_000, "ab": 300_000, "a": 200_000, "b": 100_000, "c": 100_000, "d": -200_000}
    # plain rounding would print 0,1 + 0,1 = 0,3 for ab (0,28 -> 0,3, but a, b 0,14 -> 0,1 each)
    assert printed["ab"] == printed["a"] + printed["b"]
    assert printed["total"] == printed["ab"] + printed["c"] + printed["d"]


def test_round_tree_keeps_a_fixed_row_and_distributes_the_rest():
    posts = {"resultat": 149_000, "rur": 51_000, "ovrigt": 1_000_000}
    parts = {"ek": ("resultat", "rur", "ovrigt")}
    # without a fixed row: 1 200 000 -> 12 units; floors 1 + 0 + 10 = 11, the unit to rur (0,51 > 0,49)
    assert round_tree(posts, parts, 100_000)["resultat"] == 100_000
    # årets resultat fixed at the RR's printed 0,1 (149 000 -> 0,1): the rest (11 units) goes to rur and övrigt
    printed = round_tree(posts, parts, 100_000, fixed={"resultat": 100_000})
    assert printed == {"ek": 1_200_000, "resultat": 100_000, "rur": 100_000, "ovrigt": 1_000_000}


def test_both_sides_of_a_balance_sheet_print_the_same():
    frame = pd.DataFrame({"rad": ["x", "y", "ta", "e", "s", "tl"], "niva": ["post", "post", "summa", "post", "post", "summa"],
                          "ub": [149_000.0, 149_000.0, 298_000.0, 250_000.0, 48_000.0, 298_000.0]})
    # no layout declares this frame: the structure is read from the exact figures (the rows since the last summa)
    assert chain_parts(frame, "ub") == {"ta": ("x", "y"), "tl": ("e", "s")}
    printed = rounded_statement(frame, "ub")
    assert printed["ta"] == printed["tl"] == 300_000
    assert printed["x"] + printed["y"] == printed["e"] + printed["s"] == 300_000


def test_drift_rounded_once_and_differences_from_the_rounded_figures():
    # Socialnämnden's 569 at T1 2026: periodbudget 40 418,6 tkr, utfall 45 411,4 tkr (shown 40 419 and 45 411)
    drift = pd.DataFrame({"namnd": ["SN", "SN"], "verksamhet": ["569", "559"],
                          "arsbudget": [120_000_000.0, 45_000_600.0], "periodbudget": [40_418_600.0, 15_157_400.0],
                          "utfall": [45_411_400.0, 15_161_400.0], "avvikelse": [-4_992_800.0, -4_000.0],
                          "prognos": [129_000_000.0, 45_000_600.0], "avvikelse_helar": [-9_000_000.0, 0.0]})
    rounded = drift_in_tkr(drift)
    assert rounded["periodbudget"].tolist() == [40_419_000.0, 15_157_000.0]
    assert rounded["avvikelse"].tolist() == [-4_992_000.0, -4_000.0]    # 40 419 − 45 411, not −4 993
    assert rounded["avvikelse_helar"].tolist() == [-9_000_000.0, 0.0]   # 45 001 − 45 001
    totals = totals_in_tkr(pd.DataFrame({"namnd": ["SN"], "periodbudget": [55_576_000.0], "utfall": [60_572_800.0],
                                         "arsbudget": [165_000_600.0], "avvikelse": [-4_996_800.0],
                                         "prognos": [174_000_600.0], "avvikelse_helar": [-9_000_000.0]}), rounded)
    assert totals["periodbudget"].tolist() == [55_576_000.0]                    # 40 419 + 15 157
    assert totals["utfall"].tolist() == [60_572_000.0]                          # 45 411 + 15 161, not 60 573
    assert totals["avvikelse"].tolist() == [-4_996_000.0]


def test_the_parser_reads_swedish_numbers():
    assert parse("−4\u00a0993") == Decimal(-4993)
    assert parse("4\u00a0717,9") == Decimal("4717.9")
    assert parse("5\u00a0000 tkr") == Decimal(5000)
    assert parse("–") is None and parse("Ja") is None and parse("") is None


# ---- every table of every demo document ------------------------------------------------------------------------


def test_every_tertial_document_adds_up(demo_runs):
    problems = check_folder(demo_runs[0])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("tillfalle", ["delar", "bokslut"])
def test_every_year_end_document_adds_up(year_end_runs, tillfalle):
    problems = check_folder(year_end_runs[tillfalle][0])
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def plan_folder(plan_outputs):
    """The example kommun's 2027 planning round (yttranden, konsekvensmatriser) through the real flow (conftest)."""
    return plan_outputs[0]


def test_every_plan_document_adds_up(plan_folder, year_end_runs):
    assert len(list(plan_folder.glob("* Yttrande prioriteringar *.docx"))) == 8
    problems = check_plan_folder(plan_folder, year_end_runs["bokslut"][0])
    assert not problems, "\n".join(problems)


def test_yttrande_sums_the_printed_costs():
    from pipeline.context.yttrande import _avstamning

    # two förslag of 100,4 tkr each are printed 100 and 100: the sum per typ is 200, not 201 (200,8 rounded)
    forslag = pd.DataFrame({"typ": ["Prioritering inom ram", "Prioritering inom ram", "Effektivisering"],
                            "kostnad": [100.4, 100.4, -50.5]})
    out = _avstamning(forslag, pd.DataFrame(columns=["namnd", "driftram", "investeringsutrymme"]), "SN")
    per_typ = {r["namn"]: r["kostnad"] for r in out["per_typ"]}
    assert per_typ["Prioritering inom ram"] == "200"
    assert per_typ["Effektivisering"] == "\u221251"   # −50,5 -> −51, half away from zero


def test_the_reported_cases_now_add_up(demo_runs, year_end_runs):
    """The figures of the issue: SN's 569 row and total at T1, the kommun's drift sum and the BR's two sides."""
    sn = next(t for t in tables(demo_runs[0] / "2026 Tertialrapport 1 Socialnämnden.docx")
              if t[0][0] == "Verksamhet" and "Periodbudget" in t[0])
    row = next(r for r in sn if r[0].startswith("569"))
    assert parse(row[4]) == parse(row[2]) - parse(row[3])               # avvikelse = periodbudget − utfall
    assert parse(sn[-1][2]) == sum(parse(r[2]) for r in sn[1:-1])       # the periodbudget column's sum
    ar = tables(year_end_runs["bokslut"][0] / "2026 Årsredovisning Exempelkommun.docx")
    drift = next(t for t in ar if t[0][0] == "Nämnd, tkr")
    summa = next(r for r in drift if r[0] == "Summa nämnder")
    assert parse(summa[2]) == sum(parse(r[2]) for r in drift[1:drift.index(summa)])
    br = {r[0]: r for r in next(t for t in ar if t[0][0] == "Mnkr" and any(r[0] == "Summa tillgångar" for r in t))}
    assert br["Summa tillgångar"][1:] == br["Summa eget kapital, avsättningar och skulder"][1:]


def test_the_checker_finds_what_todays_rounding_got_wrong(tmp_path):
    """The check is not empty: a table printed the old way (each cell rounded on its own) is caught."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=4, cols=7)
    cells = [["Verksamhet", "Årsbudget", "Periodbudget", "Utfall", "Avvikelse", "Helårsprognos", "Avvikelse helår"],
             ["569 Barn- och ungdomsvård", "120\u00a0000", "40\u00a0419", "45\u00a0411", "−4\u00a0993", "129\u00a0000",
              "−9\u00a0000"],
             ["575 Ekonomiskt bistånd", "74\u00a0999", "25\u00a0144", "26\u00a0495", "−1\u00a0351", "79\u00a0613",
              "−4\u00a0614"],
             ["Summa nämnden", "194\u00a0999", "65\u00a0562", "71\u00a0906", "−6\u00a0344", "208\u00a0613", "−13\u00a0614"]]
    for r, values in zip(table.rows, cells):
        for c, v in zip(r.cells, values):
            c.text = v
    document.save(tmp_path / "gammal.docx")
    problems = check_document(tmp_path / "gammal.docx")
    assert any("'569 Barn- och ungdomsvård' Avvikelse −4\u00a0993" in p for p in problems)
    assert any("'Summa nämnden' Periodbudget" in p for p in problems)   # 40 419 + 25 144 = 65 563


# ---- the PDF shows the same figures as the .docx ---------------------------------------------------------------


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout.replace("\u00a0", " ")


def _amount_rows(path) -> list[tuple[str, list[str]]]:
    """(first cell, amount cells) of every table row whose cells after the first are all amounts, from the .docx."""
    out = []
    for t in tables(path):
        for r in t[1:]:
            if len(r) > 1 and all(parse(c) is not None for c in r[1:]):
                out.append((r[0], [c.replace("\u00a0", " ") for c in r[1:]]))
    return out


@pytest.mark.parametrize("run, name", [("tertial", "2026 Tertialrapport 1 Socialnämnden"),
                                       ("bokslut", "2026 Verksamhetsberättelse Socialnämnden"),
                                       ("bokslut", "2026 Årsredovisning Exempelkommun"),
                                       ("delar", "2026 Delårsrapport Exempelkommun")])
def test_the_pdf_prints_the_figures_of_the_docx(demo_runs, year_end_runs, run, name):
    folder = demo_runs[0] if run == "tertial" else year_end_runs[run][0]
    lines = [" ".join(line.split()) for line in _pdf_text(folder / f"{name}.pdf").splitlines()]
    checked = 0
    for first, amounts in _amount_rows(folder / f"{name}.docx"):
        # the row's line in the PDF begins with the first word of its first cell (the rest may wrap)
        candidates = [line for line in lines if line.startswith(first.split()[0])]
        assert any(" ".join(amounts) in line for line in candidates), (first, amounts, candidates)
        checked += 1
    assert checked >= 10


def test_mal_cost_texts_repeat_the_printed_drift_rows(demo_runs, year_end_runs):
    """A mål's cost text ('Verksamheterna 407, 440: årsbudget … tkr, utfall … tkr') gives the sums of those
    verksamheter's printed rows of the same report's driftredovisning."""
    import re

    import docx

    cost = re.compile(r"Verksamhet(?:en|erna) ([\d, ]+): årsbudget ([−\d\u00a0]+) tkr, utfall (?:\S+ )?\d{4} "
                      r"([−\d\u00a0]+) tkr")
    checked = 0
    for folder in (demo_runs[0], year_end_runs["bokslut"][0]):
        for path in sorted(folder.glob("*nämnden.docx")) + sorted(folder.glob("*Kommunstyrelsen.docx")):
            if "Tjänsteskrivelse" in path.name:
                continue
            document = docx.Document(str(path))
            drift = next(t for t in tables(path) if t[0][0] == "Verksamhet" and "Årsbudget" in t[0])
            rows = {r[0].split(" ", 1)[0]: r for r in drift[1:]}
            budget, utfall = drift[0].index("Årsbudget"), drift[0].index("Utfall")
            for p in document.paragraphs:
                for m in cost.finditer(p.text):
                    codes = [c.strip() for c in m.group(1).split(",")]
                    assert parse(m.group(2)) == sum((parse(rows[c][budget]) for c in codes), Decimal(0)), p.text
                    assert parse(m.group(3)) == sum((parse(rows[c][utfall]) for c in codes), Decimal(0)), p.text
                    checked += 1
    assert checked >= 20


def test_costs_of_several_verksamheter_add_their_printed_rows():
    """Two verksamheter of 1 400 kr each print 1 and 1 tkr: the mål costs 2 tkr (not 3, its exact 2 800 kr)."""
    from pipeline.context.avrundning import _costs_in_tkr

    drift = drift_in_tkr(pd.DataFrame({"verksamhet": ["407", "440"], "arsbudget": [1400.0, 1400.0],
                                       "utfall": [1400.0, 1400.0], "prognos": [1400.0, 1400.0],
                                       "periodbudget": [1400.0, 1400.0]}))
    costs = pd.DataFrame({"mal_id": ["M1"], "verksamheter": [("407", "440")], "arsbudget": [2800.0],
                          "utfall": [2800.0], "prognos": [2800.0]})
    out = _costs_in_tkr(costs, drift, ("arsbudget", "utfall", "prognos"))
    assert out.loc[0, ["arsbudget", "utfall", "prognos"]].tolist() == [2000.0, 2000.0, 2000.0]
