"""One source per figure (issue 21): the kommun's financial key figures come from its own books for its own
years (model.arsredovisning.egna_nyckeltal), Kolada only for the other kommuner; every percentage states its
base and equals a hand computation from the example's inputs; a difference between the books and Kolada is a
warning in the run summary. Pure functions on hand-made tables, and the example's documents reopened."""

import csv
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import docx
import numpy as np
import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from pipeline.context.format import number
from pipeline.model.arsredovisning import egna_nyckeltal, kolada_skillnader, with_own_values

ROOT = Path(__file__).resolve().parents[1]
from exempel import EXEMPELKOMMUN as EXAMPLE
from pipeline.resources import TEMPLATES
AR = "2026 Årsredovisning Exempelkommun"
DELAR = "2026 Delårsrapport Exempelkommun"
NBSP = "\u00a0"


def _table(document, first_cell: str) -> list[list[str]]:
    table = next(t for t in document.tables if t.rows[0].cells[0].text == first_cell)
    return [[c.text.replace(NBSP, " ") for c in r.cells] for r in table.rows]


def _text(path: Path) -> str:
    document = docx.Document(path)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells).replace(NBSP, " ")


def _one_decimal(value: Decimal) -> str:
    """An exact value rounded to one decimal here (half to even), written as the documents write numbers."""
    return number(float(value.quantize(Decimal("0.1"))), 1).replace(NBSP, " ")


# --- pure functions on hand-made tables ---------------------------------------------------------------------

FEMAR = pd.DataFrame({
    "nyckeltal": ["Årets resultat i procent av skatteintäkter och generella statsbidrag"] * 3 + ["Soliditet"] * 2,
    "ar": [2023, 2024, 2025, 2024, 2025], "varde": [1.4, 1.6, 9.9, 45.0, 45.3]})


def test_own_figures_take_the_first_source_that_gives_them():
    # bokslut: the report year from the statements, the year before from its ledger (not the entered 9,9),
    # earlier years from the five-year table
    egna = egna_nyckeltal(2026, 12, {"resultat_andel": 1.76, "soliditet": 44.7, "soliditet_inkl_pension": 23.2},
                          {"resultat_andel": 2.67, "soliditet": 45.31, "soliditet_inkl_pension": np.nan}, FEMAR)
    n03102 = egna[egna["indikator_id"] == "N03102"].set_index("ar")
    assert n03102["varde"].to_dict() == {2023: 1.4, 2024: 1.6, 2025: 2.67, 2026: 1.76}
    assert n03102["kalla"].to_dict() == {2023: "Femårsöversikten", 2024: "Femårsöversikten",
                                         2025: "Föregående års huvudbok", 2026: "Räkenskaperna"}
    # no pension commitment for 2025: soliditet inklusive pension only for 2026, never a Kolada value beside it
    assert egna[egna["indikator_id"] == "N03002"]["ar"].tolist() == [2026]


def test_at_delar_the_result_share_is_a_prognos_and_soliditet_a_balance_at_the_period_end():
    egna = egna_nyckeltal(2026, 8, {"resultat_andel": 1.6, "soliditet": 44.56, "soliditet_inkl_pension": np.nan},
                          None, FEMAR.iloc[0:0])
    rows = {r["indikator_id"]: r for r in egna.to_dict("records")}
    assert (rows["N03102"]["period"], rows["N03102"]["kalla"]) == ("2026", "Helårsprognos")
    assert (rows["N03001"]["period"], rows["N03001"]["kalla"]) == ("2026-08", "Räkenskaperna")
    assert "N03002" not in rows


def _values(rows):
    return pd.DataFrame(rows, columns=["indikator_id", "kommun", "period", "ar", "kon", "varde", "enhet", "grupp",
                                       "kalla"]).astype({"ar": "Int64", "varde": "float64"})


KOLADA = _values([
    ("N03102", "0999", "2023", 2023, "T", 2.9, None, None, "Kolada"),   # the own kommun: replaced
    ("N03102", "0999", "2024", 2024, "T", 1.65, None, None, "Kolada"),
    ("N03102", "0999", "2021", 2021, "T", 3.6, None, None, "Kolada"),   # no own figure that year: removed too
    ("N03102", "0583", "2024", 2024, "T", 0.5, None, None, "Kolada"),   # another kommun: kept
    ("N03102", "0000", "2024", 2024, "T", 1.9, None, None, "Kolada"),   # riket: kept
    ("N00097", "0999", "2024", 2024, "T", 1.6, None, None, "Kolada"),   # not a figure of the books: kept
])
EGNA = pd.DataFrame({"indikator_id": ["N03102", "N03102"], "nyckeltal": ["resultat_andel"] * 2, "ar": [2023, 2024],
                     "period": ["2023", "2024"], "varde": [1.44, 1.6], "kalla": ["Femårsöversikten"] * 2})


def test_own_figures_replace_the_own_kommuns_kolada_series_and_nothing_else():
    out = with_own_values(KOLADA, EGNA, "0999", {"N03102", "N00097"})
    own = out[(out["kommun"] == "0999") & (out["indikator_id"] == "N03102")].sort_values("period")
    assert own[["period", "varde", "kalla"]].values.tolist() == [["2023", 1.4, "Femårsöversikten"],
                                                                 ["2024", 1.6, "Femårsöversikten"]]
    others = out[(out["kommun"] != "0999") | (out["indikator_id"] != "N03102")]
    assert sorted(others["varde"]) == [0.5, 1.6, 1.9]
    # a KPI that is not one of the kommun's indicators is left as Kolada has it
    assert with_own_values(KOLADA, EGNA, "0999", {"N00097"}).equals(KOLADA)


def test_a_difference_beyond_the_tolerance_is_reported():
    # 2023: books 1,44, Kolada 2,9 -> 1,46 procentenheter apart; 2024: 1,6 against 1,65 is within 0,1
    off = kolada_skillnader(KOLADA, EGNA, "0999", tolerans=0.1)
    assert off[["indikator_id", "ar", "varde", "kolada"]].values.tolist() == [["N03102", 2023, 1.44, 2.9]]
    assert kolada_skillnader(KOLADA, EGNA, "0999", tolerans=2.0).empty
    # a helårsprognos is never compared with a whole year's Kolada value
    prognos = EGNA.assign(kalla="Helårsprognos")
    assert kolada_skillnader(KOLADA, prognos, "0999", tolerans=0.1).empty


# --- the example's documents ----------------------------------------------------------------------------------

def _prognos_sheets(folder: Path) -> dict[str, Decimal]:
    """Every delår rapportunderlag's Helårsprognos (kr) per verksamhet, read with openpyxl."""
    out: dict[str, Decimal] = {}
    for path in sorted(folder.glob("Rapportunderlag * Delår 2026.xlsx")):
        rows = list(openpyxl.load_workbook(path, data_only=True)["Prognos"].iter_rows(values_only=True))
        header = next(i for i, r in enumerate(rows) if r and r[0] == "Nämnd")
        for r in rows[header + 1:]:
            if r[1] is not None and r[2] is not None:   # a number, or Swedish text such as '13 999 000,00'
                text = str(r[2]).replace(NBSP, "").replace(" ", "").replace(",", ".").replace("\u2212", "-")
                out[str(r[1])] = Decimal(text)
    return out


def test_delar_result_share_is_the_prognos_over_the_whole_years_skatter(year_end_runs):
    prognos = _prognos_sheets(EXAMPLE / "inputs" / "2026" / "delar")
    result = -sum(prognos.values())            # kommunen totalt, with a surplus positive
    skatter = -prognos["910"]                  # the finansförvaltning's skatteintäkter och generella statsbidrag
    assert skatter == Decimal("3110942000")
    share = _one_decimal(100 * result / skatter)
    assert share == "1,6"
    text = _text(year_end_runs["delar"][0] / f"{DELAR}.docx")
    assert (f"Helårsprognosen för årets resultat är {_one_decimal(result / 1_000_000)} mnkr" in text)
    assert (f"motsvarar {share} % av helårsprognosen för skatteintäkter och generella statsbidrag "
            f"({_one_decimal(skatter / 1_000_000)} mnkr)") in text
    assert "2,4 %" not in text                  # the eight months' skatter (2 074,0 mnkr) are not the base
    goals = {r[0]: r[1:] for r in _table(docx.Document(year_end_runs["delar"][0] / f"{DELAR}.docx"), "Mål och nyckeltal")}
    row = next(v for k, v in goals.items() if "Årets resultat som andel" in k)
    assert row[1] == f"{share} (helårsprognos 2026)"
    assert "Ej uppfyllt" in row[2]


def _ledger_sums(path: Path) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """(opening balances, the year's movements) per konto, a plain csv loop."""
    opening: dict[str, Decimal] = {}
    moves: dict[str, Decimal] = {}
    with open(path, encoding="cp1252", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            target = opening if row["Period"].endswith("00") else moves
            target[row["Konto"]] = target.get(row["Konto"], Decimal(0)) + Decimal(row["Belopp"].replace(",", "."))
    return opening, moves


def _figures(ledger: Path, pension: Decimal) -> dict[str, str]:
    """The five-year table's computable figures of one year, by hand from its ledger (mnkr and %, one decimal)."""
    opening, moves = _ledger_sums(ledger)
    group = lambda d, *p: sum((v for k, v in d.items() if k.startswith(p)), Decimal(0))   # noqa: E731
    vnk = group(moves, "3", "4", "5", "6", "7")
    skatter = -group(moves, "80", "82", "83")
    result = -group(moves, "3", "4", "5", "6", "7", "8")
    assets = group(opening, "1") + group(moves, "1")
    equity = -(group(opening, "20") + group(moves, "20")) + result
    mnkr = lambda v: _one_decimal(v / 1_000_000)   # noqa: E731
    return {
        "Verksamhetens nettokostnad (mnkr)": mnkr(vnk),
        "Skatteintäkter och generella statsbidrag (mnkr)": mnkr(skatter),
        "Årets resultat (mnkr)": mnkr(result),
        "Årets resultat i procent av skatteintäkter och generella statsbidrag (%)": _one_decimal(100 * result / skatter),
        "Soliditet (%)": _one_decimal(100 * equity / assets),
        "Soliditet inklusive pensionsförpliktelser (%)": _one_decimal(100 * (equity - pension) / assets),
        "Långfristiga skulder (mnkr)": mnkr(-(group(opening, "23") + group(moves, "23"))),
    }


def _pension(book: Path) -> tuple[Decimal, Decimal]:
    rows = openpyxl.load_workbook(book, data_only=True)["Ansvarsförbindelser"].iter_rows(values_only=True)
    row = next(r for r in rows if r[0] and "ension" in str(r[0]))
    return Decimal(str(row[1])), Decimal(str(row[2]))


def test_five_year_table_report_and_comparison_year_equal_the_statements(year_end_runs, example_models):
    document = docx.Document(year_end_runs["bokslut"][0] / f"{AR}.docx")
    femar = {r[0]: r[1:] for r in _table(document, "Nyckeltal")}
    assert femar["Nyckeltal"][-2:] == ["2025", "2026"]
    pension_2026, pension_2025 = _pension(EXAMPLE / "inputs/2026/bokslut/Bokslutsunderlag 2026.xlsx")
    for column, ledger, pension in ((-1, "bokslut/Huvudbok jan-dec 2026.csv", pension_2026),
                                    (-2, "Utfall 2025.csv", pension_2025)):
        for name, value in _figures(EXAMPLE / "inputs" / "2026" / ledger, pension).items():
            if name in femar:
                assert femar[name][column] == value, (name, column)
    # nettoinvesteringar from the kassaflödesanalys of each year's statements
    a = example_models["bokslut"].arsredovisning
    for column, r in ((-1, a.rakenskaper), (-2, a.rakenskaper_fg)):
        kfa = dict(zip(r.kassaflodesanalys["rad"], r.kassaflodesanalys["belopp"]))
        netto = -Decimal(str(kfa["investering_materiella"] + kfa["forsaljning_materiella"]))
        assert femar["Nettoinvesteringar (mnkr)"][column] == _one_decimal(netto / 1_000_000)
    # the percentage states its base in the text
    text = _text(year_end_runs["bokslut"][0] / f"{AR}.docx")
    figures = _figures(EXAMPLE / "inputs/2026/bokslut/Huvudbok jan-dec 2026.csv", pension_2026)
    assert (f"motsvarar {figures['Årets resultat i procent av skatteintäkter och generella statsbidrag (%)']} % av "
            f"årets skatteintäkter och generella statsbidrag "
            f"({figures['Skatteintäkter och generella statsbidrag (mnkr)']} mnkr)") in text


def test_ks_report_and_goals_use_the_books_at_every_point(demo_runs, year_end_runs):
    """The tertial KS report's N03102/N03002 rows and the year-end goal tables show the kommun's own figures:
    2025 from its 2025 ledger (2,7 % and 21,9 %), 2026 at the tertial the helårsprognos; never Kolada's
    own-kommun values."""
    tertial = _text(demo_runs[0] / "2026 Tertialrapport 1 Kommunstyrelsen.docx")
    # the result goal is judged on this year's helårsprognos (resultat_andel_prognos), its trend on the books
    assert "1,7 (helårsprognos 2026)" in tertial and "21,9 (2025)" in tertial
    assert "1,7 mot målvärdet 2" in tertial   # an avvikelse mot mål: the prognos does not reach the goal
    assert "0,6 (2025)" not in tertial and "26,1 (2025)" not in tertial
    ar = {r[0]: r[1:] for r in _table(docx.Document(year_end_runs["bokslut"][0] / f"{AR}.docx"), "Mål och nyckeltal")}
    values = {k.split(": ", 1)[1]: v[1] for k, v in ar.items() if ": " in k}
    assert values["Årets resultat som andel av skatt & generella statsbidrag kommun, (%)"] == "1,8 (2026)"
    assert values["Soliditet inkl pensionsåtag. kommun, (%)"] == "23,2 (2026)"
    summary = (year_end_runs["bokslut"][0] / "körsammanfattning.txt").read_text(encoding="utf-8")
    assert "Kolada skiljer sig" not in summary     # the example's Kolada agrees with its books


def test_a_kolada_value_that_contradicts_the_books_is_a_warning(tmp_path):
    from pipeline.flows.run import kommunrapport_flow

    inputs = tmp_path / "inputs"
    shutil.copytree(EXAMPLE / "inputs" / "2026", inputs / "2026", ignore=shutil.ignore_patterns("delar", "bokslut"))
    shutil.copytree(EXAMPLE / "inputs" / "2025", inputs / "2025")
    path = inputs / "2026" / "Kolada 2026.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data["values"]:
        if entry["kpi"] == "N03102" and entry["municipality"] == "0999" and entry["period"] == 2024:
            entry["values"] = [{"gender": "T", "value": 0.6, "count": 1, "status": ""}]
    path.write_text(json.dumps(data), encoding="utf-8")
    result = kommunrapport_flow(config_path=EXAMPLE / "config" / "kommun.toml", inputs_dir=inputs, outputs_dir=tmp_path / "out",
                          year=2026, tillfalle="tertial", templates_root=TEMPLATES, tillat_saknade=True)
    summary = (result.output_dir / "körsammanfattning.txt").read_text(encoding="utf-8")
    assert "Nyckeltal där kommunens räkenskaper och Kolada skiljer sig mer än 0,1 procentenheter" in summary
    assert "N03102 2024: 1,6 enligt femårsöversikten, 0,6 i Kolada." in summary
    ks = _text(result.output_dir / "2026 Tertialrapport 1 Kommunstyrelsen.docx")
    assert "21,9 (2025)" in ks and "0,6 (2024)" not in ks       # the documents keep the books' figures


def _pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages)).replace(NBSP, " ")


def test_small_texts_of_the_kommuns_documents(year_end_runs):
    delar = _text(year_end_runs["delar"][0] / f"{DELAR}.docx")
    for path in (year_end_runs["delar"][0] / f"{DELAR}.pdf", year_end_runs["bokslut"][0] / f"{AR}.pdf"):
        text = _pdf_text(path)
        assert "kap.." not in text
        assert "5 och 6 kap. " in text
    assert "Efter periodens slut" in delar and "Efter räkenskapsårets slut" not in delar
    drift = {r[0]: r[1:] for r in _table(docx.Document(year_end_runs["bokslut"][0] / f"{AR}.docx"), "Nämnd, tkr")}
    total = drift["Kommunen totalt"]
    result = next(v for k, v in drift.items() if k.startswith("Årets resultat"))
    assert total[1].startswith("\u2212") and result[1] == total[1].lstrip("\u2212")   # the surplus reads positive
    assert result[2] == total[2]                                                      # avvikelse: the same sign


def test_tertial_result_share_is_the_nämnders_prognos_with_the_finansforvaltning_at_budget(config):
    """At the tertial, without statements: årets resultat = −(the nämnder's helårsprognos + the
    finansförvaltning's årsbudget, which gave no prognos) over the skatter verksamhet's (910) årsbudget, by hand
    from the staged Budget and the rapportunderlag's Prognos sheets."""
    from pipeline.mallkontroll.schema import example_run   # read, staged and modelled once per session

    run = example_run("tertial", 2026)
    staged, model = run.staged, run.model
    budget = staged.budget.assign(v=staged.budget["verksamhet"].astype(str))
    finans = budget[budget["v"].isin(["910", "920", "930"])]     # the example's finansförvaltning (kommun.toml)
    namnder_prognos = float(model.totals["prognos"].sum())
    resultat = -(namnder_prognos + float(finans["belopp"].sum()))
    skatter = -float(finans.loc[finans["v"] == "910", "belopp"].sum())
    egna = model.egna_nyckeltal
    row = egna[(egna["indikator_id"] == "N03102") & (egna["ar"] == 2026)].iloc[0]
    assert row["kalla"] == "Helårsprognos"
    assert row["varde"] == pytest.approx(100 * resultat / skatter)
    # 1,7: the example's KFN has not delivered at tertial 1, so its prognos is the computed one (docs/analys.md)
    assert round(100 * resultat / skatter, 1) == 1.7
