"""Tests of the seeded example-data generator (exempel). `config` comes from conftest.py."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.config import load_config
from exempel import generate_example, generate_scaled
from exempel.example import MISSING_AT_TERTIAL, economy_summary
from exempel.kommun import build_economy
from exempel.ledger import MONTHS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "exempel" / "data"
YEAR = 2026


@pytest.fixture(scope="module")
def example(tmp_path_factory, config) -> Path:
    root = tmp_path_factory.mktemp("exempel")
    paths = generate_example(config, root, YEAR, 2026)
    assert paths and all(p.is_file() for p in paths)
    return root / str(YEAR)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_gives_byte_identical_files(example, tmp_path, config):
    generate_example(config, tmp_path, YEAR, 2026)
    first, second = _files(example), _files(tmp_path / str(YEAR))
    assert sorted(first) == sorted(second)
    for name in first:
        assert first[name] == second[name], name


def test_example_set_has_the_expected_files(example, config):
    names = set(_files(example))
    for expected in (f"Budget {YEAR}.xlsx", f"Utfall {YEAR - 1}.csv", f"Mål och indikatorer {YEAR}.xlsx",
                     f"Kolada {YEAR}.json", f"Egna mätningar {YEAR}.xlsx", f"tertial/Huvudbok jan-apr {YEAR}.xlsx"):
        assert expected in names
    for n in config.namnder:   # one förvaltning has not delivered at tertial 1 (example.MISSING_AT_TERTIAL)
        assert (f"tertial/Rapportunderlag {n.id} T1 {YEAR}.xlsx" in names) == (n.id not in MISSING_AT_TERTIAL)
    assert MISSING_AT_TERTIAL == ("KFN",)


def test_budget_months_sum_to_belopp_and_match_config(example, config):
    budget = pd.read_excel(example / f"Budget {YEAR}.xlsx", sheet_name="Budget", engine="calamine",
                           dtype={"Verksamhet": str, "Nämnd": str})
    assert (budget[list(MONTHS)].sum(axis=1) == budget["Belopp"]).all()
    assert (budget["År"] == YEAR).all()
    assert not budget.duplicated(["Nämnd", "Verksamhet", "Konto"]).any()
    owner = {v.kod: v.namnd for v in config.verksamheter}
    assert set(budget["Nämnd"]) <= {n.id for n in config.namnder}
    assert set(budget["Verksamhet"]) <= set(owner)
    assert set(owner) == set(budget["Verksamhet"]), "every verksamhet of the config has budget"
    assert all(owner[v] == n for v, n in zip(budget["Verksamhet"], budget["Nämnd"]))
    assert budget["Konto"].between(3000, 8999).all()
    finans = budget["Verksamhet"].isin(config.finans_koder)
    assert 2_800e6 < budget.loc[~finans, "Belopp"].sum() < 3_100e6, "the nämnder's nettokostnad"
    assert budget.loc[finans, "Konto"].between(5000, 8999).all()
    # the budgeted result: skatter and statsbidrag cover the nettokostnad with about 2 % to spare
    assert 40e6 < -budget["Belopp"].sum() < 120e6
    invest = pd.read_excel(example / f"Budget {YEAR}.xlsx", sheet_name="Investeringar", engine="calamine")
    assert list(invest.columns) == ["Projekt", "Projektnamn", "Nämnd", "Budget"]
    assert len(invest) >= 12 and (invest["Budget"] > 0).all()


def test_ledgers_hold_the_years_and_the_huvudbok_is_messy(example):
    last = pd.read_csv(example / f"Utfall {YEAR - 1}.csv", sep=";", decimal=",", encoding="cp1252",
                       dtype={"Verksamhet": str, "Projekt": str})
    assert list(last.columns) == ["År", "Period", "Nämnd", "Verksamhet", "Konto", "Belopp", "Projekt"]
    assert set(last["Period"]) == {(YEAR - 1) * 100 + m for m in range(0, 13)}   # 00 = ingående balans
    balance = last["Konto"] < 3000
    assert set(last.loc[last["Period"] % 100 == 0, "Konto"] // 1000) == {1, 2}
    assert last["Nämnd"][balance & last["Projekt"].isna()].isna().all(), "balance rows carry no nämnd"
    # double entry: every month of last year's ledger balances to the öre
    per_month = (last["Belopp"] * 100).round().astype("int64").groupby(last["Period"]).sum()
    assert (per_month == 0).all(), per_month[per_month != 0]
    raw = pd.read_excel(example / "tertial" / f"Huvudbok jan-apr {YEAR}.xlsx", header=None, engine="calamine")
    assert raw.iloc[3].tolist() == ["År", "Period", "Nämnd", "Vht", "Konto", "Belopp (kr)", "Projekt"]
    body, summa = raw.iloc[4:-1], raw.iloc[-1]
    assert summa.iloc[0] == "Summa"
    amounts = body[5]
    texts = amounts[amounts.map(lambda v: isinstance(v, str))]
    assert len(texts) > 100 and texts.str.contains("\u2212").any() and texts.str.contains("\u00a0").any()

    def number(v):
        if isinstance(v, str):
            v = v.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", ".")
        return float(v)

    assert abs(amounts.map(number).sum() - summa.iloc[5]) < 0.01
    assert set(body[1]) == {YEAR * 100 + m for m in range(1, 5)}
    invest = body[body[4] < 2000]
    assert len(invest) > 0 and invest[6].str.startswith("P").all()


def test_kolada_json_covers_everyone_and_keeps_real_values(example):
    data = json.loads((example / f"Kolada {YEAR}.json").read_text(encoding="utf-8"))
    indicators = pd.read_excel(example / f"Mål och indikatorer {YEAR}.xlsx", sheet_name="Indikatorer",
                               engine="calamine")
    kolada_ids = set(indicators.loc[indicators["Källa"] == "Kolada", "Indikator-id"])
    kommuner = set(pd.read_csv(DATA / "kommuner.csv", dtype=str)["code"])
    assert len(kommuner) == 290
    seen: dict[str, set[str]] = {}
    for entry in data["values"]:
        seen.setdefault(entry["kpi"], set()).add(entry["municipality"])
        for v in entry["values"]:
            assert v["gender"] in ("T", "K", "M")
            assert (v["value"] is None) == (v["status"] == "Missing")
    assert set(seen) == kolada_ids
    for kpi in kolada_ids:
        assert seen[kpi] == kommuner | {"0000", "0999"}, kpi
    with gzip.open(DATA / "kolada_extract.csv.gz", "rt", encoding="utf-8") as fh:
        extract = pd.read_csv(fh, dtype={"municipality": str})
    real = extract[(extract.kpi == "N15419") & (extract.municipality == "0180") & (extract.year == 2022)]
    entry = next(e for e in data["values"] if (e["kpi"], e["municipality"], e["period"]) == ("N15419", "0180", 2022))
    by_gender = {v["gender"]: v["value"] for v in entry["values"]}
    for gender, value in zip(real["gender"], real["value"]):
        assert by_gender[gender] == value
    missing = [v for e in data["values"] if e["period"] >= 2023 for v in e["values"] if v["value"] is None]
    assert missing, "some genuinely missing values for small kommuner"


def test_goals_and_indicators_are_consistent(example, config):
    book = example / f"Mål och indikatorer {YEAR}.xlsx"
    goals = pd.read_excel(book, sheet_name="Mål", engine="calamine", dtype=str).fillna("")
    indicators = pd.read_excel(book, sheet_name="Indikatorer", engine="calamine", dtype=str).fillna("")
    kf = goals[goals["Nivå"] == "KF"]
    assert list(kf["Mål-id"]) == ["KF1", "KF2", "KF3", "KF4", "KF5"] and (kf["Nämnd"] == "").all()
    namndmal = goals[goals["Nivå"] == "Nämnd"]
    assert set(namndmal["Överordnat mål"]) <= set(kf["Mål-id"])
    assert set(namndmal["Nämnd"]) <= {n.id for n in config.namnder}
    assert set(indicators["Mål-id"]) - {""} <= set(goals["Mål-id"])
    assert (indicators["Mål-id"] == "").sum() >= 1
    assert (indicators["Målriktning"] == "Öka").sum() == 1
    codes = {v.kod for v in config.verksamheter}
    for cell in indicators["Verksamheter"]:
        assert {c.strip() for c in cell.split(",") if c.strip()} <= codes


def test_underlag_has_a_prognos_row_per_verksamhet(example, config):
    for n in config.namnder:
        if n.id in MISSING_AT_TERTIAL:
            continue
        book = example / "tertial" / f"Rapportunderlag {n.id} T1 {YEAR}.xlsx"
        prognos = pd.read_excel(book, sheet_name="Prognos", header=1, engine="calamine", dtype={"Verksamhet": str})
        assert list(prognos["Verksamhet"]) == [v.kod for v in config.verksamheter_for(n.id) if not v.finans]
        assert (prognos["Nämnd"] == n.id).all()
        with pd.ExcelFile(book, engine="calamine") as workbook:
            sheets = workbook.sheet_names
        extern = ["Extern regi", "Begärda åtgärder"] if n.id == "VON" else []   # its utförare (exempel.extern_regi)
        assert sheets == ["Prognos", "Analys", "Viktiga händelser", "Åtgärdsplan", "Aktiviteter", *extern]


def test_designed_prognos_flags(config):
    summary = economy_summary(build_economy(config, YEAR, 2026, 4), config)
    flagged = set(summary.index[summary["flagga_konto"] & (summary["budget"] != 0)])
    assert flagged == {"249", "340", "569"}
    assert summary.loc["569", "avvikelse"] < -5e6 and summary.loc["440", "avvikelse"] > 3e6


def test_scaled_small(tmp_path):
    out = generate_scaled(tmp_path / "skala", YEAR, 7, namnder=3, verksamheter=20, ledger_rows=10_000)
    config = load_config(out / "kommun.toml")
    assert len(config.namnder) == 3 and len(config.verksamheter) == 20
    current = out / "inputs" / str(YEAR) / "tertial" / f"Huvudbok jan-apr {YEAR}.csv"
    frame = pd.read_csv(current, sep=";", decimal=",", encoding="cp1252", dtype={"Verksamhet": str})
    assert len(frame) == 10_000
    assert set(frame["Period"]) == {YEAR * 100 + m for m in range(1, 5)}
    assert set(frame["Verksamhet"]) <= {v.kod for v in config.verksamheter}
    last = out / "inputs" / str(YEAR) / f"Utfall {YEAR - 1}.csv"
    with last.open(encoding="cp1252") as fh:
        assert sum(1 for _ in fh) - 1 == 7_500
    for n in config.namnder:
        assert (out / "inputs" / str(YEAR) / "tertial" / f"Rapportunderlag {n.id} T1 {YEAR}.xlsx").is_file()
    again = generate_scaled(tmp_path / "igen", YEAR, 7, namnder=3, verksamheter=20, ledger_rows=10_000)
    assert _files(out) == _files(again)
