"""Kolada indicator values as they come (docs/indata.md, Indikatorvärden), read through the real path
read_inputs -> stage_inputs from an inputs/2026/ tree in tmp_path that holds the example kommun's Mål och
indikatorer workbook and the files under test.

Real files are byte-identical copies in tests/data/realdata/ and exempel/data/kolada-ddf-dump-2024/ (SOURCE.md
there). Every expected figure below was worked out by another route than the project's readers — the Python csv
module on the CSV files, `soffice --headless --convert-to csv` on the .xls, or counting by hand in the small JSON
pages — and is written here as a constant with a comment saying how it was obtained.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from pipeline.config import load_config
from pipeline.config.problems import Problem, Problems
from pipeline.context.format import number
from pipeline.read.discover import read_inputs
from pipeline.read.workbook import read_workbook
from pipeline.staging import StagedInputs, stage_inputs
from pipeline.staging.kommuner import kommun_codes

ROOT = Path(__file__).resolve().parents[1]
from exempel import EXEMPELKOMMUN as EXAMPLE
from exempel import KOLADA_DDF
CONFIG = EXAMPLE / "config" / "kommun.toml"
MAL = EXAMPLE / "inputs" / "2026" / "Mål och indikatorer 2026.xlsx"
REAL = ROOT / "tests" / "data" / "realdata"
WEB = REAL / "kolada-web-exports-2012"
DDF = KOLADA_DDF
DDF_T = DDF / "datapoints--by--geo--year"
DDF_KM = DDF / "datapoints--by--geo--gender--year"
N15505_T = DDF_T / "ddf--datapoints--n15505--by--geo--year.csv"
N15505_KM = DDF_KM / "ddf--datapoints--n15505--by--geo--gender--year.csv"
N17461_T = DDF_T / "ddf--datapoints--n17461--by--geo--year.csv"
U28532_T = DDF_T / "ddf--datapoints--u28532--by--geo--year.csv"
RESPONSES = ROOT / "tests" / "data" / "kolada_responses"
SHARED_WEB = ROOT.parent / "shared" / "realdata" / "kolada-web-exports-2012"   # not in CI
YEAR, TILLFALLE = 2026, "tertial"

N15418_TITLE = "Elever i åk. 9 som uppnått målen i alla ämnen, totalt,  andel (%)"   # two spaces, as in the file
ALLA = "Alla kommuner (ovägt medel)"
# The 15 KPI titles of kld_bakgr.csv (python csv module, ISO-8859-1, ';'); N00905 is the Kolada id whose title
# is "Mediannettoinkomst, kr/inv 20+" (shared/realdata/kolada-ddf-dump-2024/ddf--concepts.csv); the others get
# own ids in the test's Indikatorer sheet.
KLD_TITLES = {
    "Arbetslöshet, (%)": "KLD-ARB",
    "Förvärvsarbetande i kommun-/landstingssektor, andel (%)": "KLD-02",
    "Förvärvsarbetande i privat sektor, andel (%)": "KLD-03",
    "Förvärvsarbetande i övriga sektorer, andel (%)": "KLD-04",
    "Förvärvsarbetande invånare 16-19 år, andel (%)": "KLD-05",
    "Förvärvsarbetande invånare 20-24 år, andel (%)": "KLD-06",
    "Förvärvsarbetande invånare 20-64 år, andel (%)": "KLD-07",
    "Förvärvsarbetande invånare 25-34 år, andel (%)": "KLD-08",
    "Förvärvsarbetande invånare 35-49 år, andel (%)": "KLD-09",
    "Förvärvsarbetande invånare 50-59 år, andel (%)": "KLD-10",
    "Förvärvsarbetande invånare 60-64 år, andel (%)": "KLD-11",
    "Mediannettoinkomst, kr/inv 20+": "N00905",
    "U. Invånare 18-64 år som någon gång under året varit arbetslösa utan ersättning, andel (%)": "KLD-13",
    "U. Invånare 18-64 år som någon gång under året varit arbetslösa, andel (%)": "KLD-14",
    "Utpendlingsomfattning i kommunen, (%)": "KLD-15",
}


# --- the tree and the run ---------------------------------------------------------------------------------------


def make_tree(tmp_path: Path, files: dict[str, Path | bytes | str], indikatorer: dict[str, str] | None = None) -> Path:
    """inputs/2026/ with the example Mål och indikatorer workbook (plus Indikatorer rows {id: Namn}) and `files`
    (name -> a file to copy byte for byte, or the bytes/text to write)."""
    folder = tmp_path / "inputs" / str(YEAR)
    folder.mkdir(parents=True)
    if indikatorer:
        wb = openpyxl.load_workbook(MAL)
        for ind, namn in indikatorer.items():
            wb["Indikatorer"].append([ind, namn, None, "Kolada", "Högre är bättre"])
        wb.save(folder / MAL.name)
    else:
        shutil.copyfile(MAL, folder / MAL.name)
    for name, content in files.items():
        target = folder / name
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return tmp_path / "inputs"


def run(inputs: Path) -> tuple[StagedInputs, list[Problem]]:
    """read_inputs + stage_inputs for 2026 tertial; the problems about the files under test (a tree without
    budget, ledger and tertial folder has those three problems too, which are left out here)."""
    problems = Problems(root=inputs.parent)
    raw = read_inputs(inputs, YEAR, TILLFALLE, problems)
    staged = stage_inputs(raw, load_config(CONFIG), YEAR, TILLFALLE, problems)
    ours = [p for p in problems.sorted() if p.fil not in (f"inputs/{YEAR}", f"inputs/{YEAR}/{TILLFALLE}")]
    return staged, ours


def values_of(staged: StagedInputs, indikator: str, kon: str = "T") -> pd.DataFrame:
    v = staged.indikatorvarden
    return v[(v["indikator_id"] == indikator) & (v["kon"] == kon)]


def value(staged: StagedInputs, indikator: str, kommun: str, period: str, kon: str = "T") -> float:
    rows = values_of(staged, indikator, kon)
    rows = rows[(rows["kommun"] == kommun) & (rows["period"] == period)]
    assert len(rows) == 1, rows
    return float(rows["varde"].iloc[0])


def line_of(path: Path, prefix: str, encoding: str = "utf-8") -> int:
    """The 1-based line number of the line starting with `prefix` (plain text search, not our reader)."""
    for n, line in enumerate(path.read_text(encoding=encoding).splitlines(), start=1):
        if line.startswith(prefix):
            return n
    raise AssertionError(f"{prefix!r} not in {path.name}")


# --- Kolada's web export: .xls ------------------------------------------------------------------------------------


def test_web_xls_named_after_the_kpi_id(tmp_path):
    """N15418.xls (BIFF, "Exported from Hypergene"): one title, not in the Indikatorer sheet, so the file name gives
    the id; kommun names become codes."""
    staged, problems = run(make_tree(tmp_path, {"N15418.xls": WEB / "N15418.xls"}))

    assert problems == []
    rows = values_of(staged, "N15418")
    # soffice --headless --convert-to csv N15418.xls, then the csv module: 2 012 data rows, 290 kommuner, 2006–2012.
    assert len(rows) == 2012 and rows["kommun"].nunique() == 290
    assert set(rows["kalla"]) == {"Kolada"} and set(staged.indikatorvarden["kon"]) == {"T"}
    # Same soffice CSV: Stockholm 2012 = 76.176729; 283 kommuner have a 2012 row (7 have none: absent, not 0).
    assert value(staged, "N15418", "0180", "2012") == pytest.approx(76.176729, abs=1e-9)
    in_2012 = rows[rows["period"] == "2012"]
    assert len(in_2012) == 283 and in_2012["varde"].notna().all()
    # Same soffice CSV: Malung-Sälen (2023) 2012 = 80, Upplands Väsby (0114) 2012 = 71.428571.
    assert value(staged, "N15418", "2023", "2012") == 80
    assert value(staged, "N15418", "0114", "2012") == pytest.approx(71.428571, abs=1e-9)
    assert (rows["ar"] == rows["period"].astype(int)).all()


def test_web_xls_title_matches_namn_ignoring_case_and_spaces(tmp_path):
    """A title in the Indikatorer sheet's Namn column maps to that row's id, whatever the file is called; the Namn
    here has single spaces and a capital where the export has two spaces."""
    namn = "ELEVER i åk. 9 som uppnått målen i alla ämnen, totalt, andel (%)"
    staged, problems = run(make_tree(tmp_path, {"Kolada export.xls": WEB / "N15418.xls"}, {"N15418": namn}))

    assert problems == []
    assert len(values_of(staged, "N15418")) == 2012   # soffice CSV, as above


def test_web_xls_unmappable_title_is_one_located_problem(tmp_path):
    staged, problems = run(make_tree(tmp_path, {"Kolada export.xls": WEB / "N15418.xls"}))

    assert len(problems) == 1
    p = problems[0]
    assert (p.fil, p.blad, p.rad, p.kolumn) == ("inputs/2026/Kolada export.xls", "Exported from Hypergene", 2, "A (Nyckeltal)")
    assert p.meddelande.startswith(f"Nyckeltalet '{N15418_TITLE}' (2\u00a0012 rader) känns inte igen")
    assert "kolumnen Namn" in p.meddelande and "Kolada-id (t.ex. N15418.xls)" in p.meddelande
    assert not len(staged.indikatorvarden)


# --- Kolada's web export: Latin-1 CSV -----------------------------------------------------------------------------


def test_web_csv_latin1_all_titles_named(tmp_path):
    """kld_bakgr.csv (ISO-8859-1, ';', CRLF): 15 titles named in the Indikatorer sheet; 'Alla kommuner (ovägt
    medel)' is left out with a note."""
    staged, problems = run(make_tree(tmp_path, {"kld_bakgr.csv": WEB / "kld_bakgr.csv"}, {v: k for k, v in KLD_TITLES.items()}))

    assert problems == []
    v = staged.indikatorvarden
    # csv module: 13 089 data rows, of which 45 are 'Alla kommuner (ovägt medel)' -> 13 044 values, 290 kommuner.
    assert len(v) == 13044 and v["kommun"].nunique() == 290 and "0000" not in set(v["kommun"])
    assert any("45 rader för 'Alla kommuner (ovägt medel)' lästes inte in" in n for n in staged.notes)
    # csv module: Stockholm 'Mediannettoinkomst, kr/inv 20+' 2010 = 216908, 'Arbetslöshet, (%)' 2012 = 5.048336.
    assert value(staged, "N00905", "0180", "2010") == 216908
    assert value(staged, "KLD-ARB", "0180", "2012") == pytest.approx(5.048336, abs=1e-9)
    # csv module: 'Alla kommuner (ovägt medel)' 'Arbetslöshet, (%)' 2012 = 7.06254083 — left out, nowhere staged.
    arb_2012 = values_of(staged, "KLD-ARB")
    arb_2012 = arb_2012[arb_2012["period"] == "2012"]
    assert len(arb_2012) == 290 and not np.isclose(arb_2012["varde"], 7.06254083, rtol=0, atol=1e-9).any()
    # csv module: 'Mediannettoinkomst, kr/inv 20+' has 873 rows, 3 of them 'Alla kommuner'.
    assert len(values_of(staged, "N00905")) == 870


def test_web_csv_unmappable_titles_one_problem_each(tmp_path):
    """Only N00905 is named: each of the other 14 titles is one problem at the first line it occurs on."""
    staged, problems = run(make_tree(tmp_path, {"kld_bakgr.csv": WEB / "kld_bakgr.csv"},
                                     {"N00905": "Mediannettoinkomst, kr/inv 20+"}))

    # csv module: the first line of each title and its number of rows.
    first, rows = {}, {}
    with (WEB / "kld_bakgr.csv").open(encoding="latin-1", newline="") as fh:
        for n, (kommun, titel, _ar, _varde) in enumerate(list(csv.reader(fh, delimiter=";"))[1:], start=2):
            first.setdefault(titel, n)
            rows[titel] = rows.get(titel, 0) + 1
    expected = sorted((first[t], t, rows[t]) for t in KLD_TITLES if t != "Mediannettoinkomst, kr/inv 20+")
    assert [(p.fil, p.blad, p.kolumn) for p in problems] == [("inputs/2026/kld_bakgr.csv", None, "B (Nyckeltal)")] * 14
    for p, (line, title, n) in zip(problems, expected):
        assert p.rad == line
        count = number(n)          # 1455 -> '1 455' (no-break space)
        assert p.meddelande.startswith(f"Nyckeltalet '{title}' ({count} rader) känns inte igen")
    assert len(values_of(staged, "N00905")) == 870   # as in the test above


def test_unknown_kommun_name_is_a_located_problem(tmp_path):
    """A Kolada web CSV (own lines, same format as kld_bakgr.csv) with a misspelt kommun: one problem per unknown
    name at its first row, with its number of rows; the good rows are staged."""
    text = ("Kommun/Landsting;Nyckeltal;År;Visat Värde\r\n"
            "Motala;Arbetslöshet, (%);2012;9.965261\r\n"
            "Motalla;Arbetslöshet, (%);2011;9.845017\r\n"
            "Motalla;Arbetslöshet, (%);2012;9.965261\r\n"
            "Riket;Arbetslöshet, (%);2012;8.0\r\n"
            "Upplands-Väsby;Arbetslöshet, (%);2012;5.5\r\n")
    staged, problems = run(make_tree(tmp_path, {"Arbetslöshet.csv": text.encode("latin-1")}, {"KLD-ARB": "Arbetslöshet, (%)"}))

    assert [(p.fil, p.blad, p.rad, p.kolumn) for p in problems] == [("inputs/2026/Arbetslöshet.csv", None, 3, "A (Kommun/Landsting)")]
    assert problems[0].meddelande.startswith("Kommunen 'Motalla' (2 rader) finns inte bland Sveriges 290 kommuner")
    staged_kommuner = set(values_of(staged, "KLD-ARB")["kommun"])
    assert staged_kommuner == {"0583", "0000", "0114"}   # Motala, Riket (alias list), Upplands Väsby (hyphen = space)


def test_every_kommun_name_of_the_2012_exports_maps():
    """Every 'Kommun/Landsting' name in the 2012 exports maps to a code; only 'Alla kommuner (ovägt medel)' is an
    average. Names read with the csv module and with calamine directly (not the project's readers). With the
    shared real-data folder present (not in CI), also N20014.xls and N31001.xls."""
    from python_calamine import CalamineWorkbook

    names: set[str] = set()
    with (WEB / "kld_bakgr.csv").open(encoding="latin-1", newline="") as fh:
        names |= {row[0] for row in list(csv.reader(fh, delimiter=";"))[1:]}
    xls = [WEB / "N15418.xls"] + [SHARED_WEB / f for f in ("N20014.xls", "N31001.xls") if (SHARED_WEB / f).is_file()]
    for path in xls:
        wb = CalamineWorkbook.from_path(str(path))
        names |= {row[1] for row in wb.get_sheet_by_name(wb.sheet_names[0]).to_python()[1:]}
    series = pd.Series(sorted(names), dtype="string[pyarrow]")
    codes, average = kommun_codes(series)
    assert list(series[average]) == [ALLA]
    assert series[codes.isna() & ~average].tolist() == []
    assert codes.dropna().nunique() == 290 == len(series) - 1


# --- the DDF dump -------------------------------------------------------------------------------------------------


def test_ddf_dump_by_year_and_by_gender(tmp_path):
    staged, problems = run(make_tree(tmp_path, {p.name: p for p in (N15505_T, N15505_KM, N17461_T, U28532_T)}))

    assert problems == []
    # csv module on the DDF files: N15505 2022 Stockholm (0180) T 249.2, K 256.9, M 241.9; riket (geo 0) T 224.2,
    # K 235.6, M 213.7; Motala (0583) T 207.3.
    assert value(staged, "N15505", "0180", "2022") == pytest.approx(249.2)
    assert value(staged, "N15505", "0180", "2022", "K") == pytest.approx(256.9)
    assert value(staged, "N15505", "0180", "2022", "M") == pytest.approx(241.9)
    assert value(staged, "N15505", "0000", "2022") == pytest.approx(224.2)
    assert value(staged, "N15505", "0000", "2022", "K") == pytest.approx(235.6)
    assert value(staged, "N15505", "0000", "2022", "M") == pytest.approx(213.7)
    assert value(staged, "N15505", "0583", "2022") == pytest.approx(207.3)
    # csv module: N15505 2 328 rows (T), 2 314 k, 2 311 m; N17461 2 496 rows: 8 riket, 168 for the 21 regions
    # (geo 01…25), 2 320 kommun rows; region 01 in 2022 = 74.460739. U28532: 831 rows, no riket.
    assert (len(values_of(staged, "N15505")), len(values_of(staged, "N15505", "K")),
            len(values_of(staged, "N15505", "M"))) == (2328, 2314, 2311)
    n17461 = values_of(staged, "N17461")
    assert len(n17461) == 2496 and (n17461["kommun"] == "0000").sum() == 8
    regions = n17461[n17461["kommun"].str.startswith("00") & (n17461["kommun"] != "0000")]
    assert len(regions) == 168 and regions["kommun"].nunique() == 21
    assert value(staged, "N17461", "0001", "2022") == pytest.approx(74.460739, abs=1e-9)
    u28532 = values_of(staged, "U28532")
    assert len(u28532) == 831 and "0000" not in set(u28532["kommun"])
    assert value(staged, "U28532", "0583", "2018") == pytest.approx(63.52941176, abs=1e-9)
    assert staged.indikatorvarden["kommun"].str.fullmatch(r"\d{4}").all()


# --- Kolada API JSON ----------------------------------------------------------------------------------------------


def test_saved_v3_pages_combine_and_deleted_values_are_a_note(tmp_path):
    """The two recorded v3 pages (tests/data/kolada_responses) dropped in as they are: they combine; values marked
    isdeleted (on a record or on a value) are left out and counted in a note, not an error."""
    staged, problems = run(make_tree(tmp_path, {"Kolada sida 1.json": RESPONSES / "paging_page1.json",
                                                "Kolada sida 2.json": RESPONSES / "paging_page2.json"}))

    assert problems == []
    v = staged.indikatorvarden
    # Counted by hand in the two JSON files: page 1 has 4 records x 3 genders = 12 values; page 2 keeps 3 (N15419
    # 0580) + 1 (U28532 0583 2023) + 1 (0180 2024, the value not deleted) + 1 (region 0001) = 6; deleted: 2.
    assert len(v) == 18
    assert any("Kolada sida 2.json: 2 värden som Kolada markerat som raderade (isdeleted) lästes inte in" in n
               for n in staged.notes)
    assert value(staged, "U28532", "0180", "2024") == 62.0          # 60.0 is the deleted one
    assert values_of(staged, "U28532")["period"].tolist().count("2024") == 2   # 0180 and region 0001; 0583 deleted
    # page 1: N15419 0583 2025 is status Missing, value null, for T, K and M -> NaN, never 0.
    missing = v[(v["kommun"] == "0583") & (v["period"] == "2025")]
    assert len(missing) == 3 and missing["varde"].isna().all()
    assert value(staged, "N15419", "0180", "2024", "K") == 76.1


def test_v3_page_with_text_period_and_text_isdeleted(tmp_path):
    page = {"count": 3, "next_page": None, "values": [
        {"kpi": "N15419", "municipality": "0583", "period": "2023", "isdeleted": "true",
         "values": [{"gender": "T", "value": 1.0, "count": 1, "status": ""}]},
        {"kpi": "N15419", "municipality": "0583", "period": "2024",
         "values": [{"gender": "T", "value": 70.5, "count": 1, "status": "", "isdeleted": "false"},
                    {"gender": "K", "value": None, "count": 0, "status": "Missing"}]}]}
    staged, problems = run(make_tree(tmp_path, {"Kolada v3.json": json.dumps(page)}))

    assert problems == []
    v = staged.indikatorvarden
    assert sorted(zip(v["period"], v["kon"])) == [("2024", "K"), ("2024", "T")]
    assert value(staged, "N15419", "0583", "2024") == 70.5 and np.isnan(value(staged, "N15419", "0583", "2024", "K"))
    assert any("1 värden som Kolada markerat som raderade" in n for n in staged.notes)


def test_json_bad_record_and_text_value_are_located_problems(tmp_path):
    """A record not in Kolada's shape and a value that is not a number are problems at their record numbers; the
    text value is not silently turned into a missing value."""
    doc = {"values": [
        {"kpi": "N15419", "municipality": "0583", "period": 2023, "values": [{"gender": "T", "value": 67.0}]},
        {"kpi": "N15419", "municipality": "0580", "period": 2023, "values": {"gender": "T", "value": 70.0}},
        {"kpi": "N15419", "municipality": "0581", "period": 2023, "values": [{"gender": "T", "value": "ej mätt"}]}]}
    _, problems = run(make_tree(tmp_path, {"Kolada.json": json.dumps(doc, ensure_ascii=False)}))

    assert [(p.rad, p.kolumn, p.meddelande[:40]) for p in problems] == [
        (2, None, "Posten har inte Koladas form: den ska ha"),
        (3, "value", "Värdet 'ej mätt' är inte ett tal."),
    ]


# --- Kolada long CSV / Excel --------------------------------------------------------------------------------------

LONG = [("kpi", "municipality", "period", "gender", "value", "status"),
        ("N15419", "0583", 2024, "T", 68.0, ""),
        ("N15419", "0583", 2024, "K", 70.2, ""),
        ("N15419", "0180", 2024, "T", 0, "Missing"),     # a 0 with status Missing is missing, not 0
        ("N15419", "0180", 2025, "T", None, "Missing"),
        ("N15419", "0000", 2024, "T", None, ""),         # an empty value is missing
        ("U28532", "1980", 2023, "M", 81.5, None)]


def _long_csv() -> str:
    return "\n".join(",".join("" if c is None else str(c) for c in row) for row in LONG) + "\n"


def _long_xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kolada"
    ws.append(["Export från Kolada"])            # a title row above the header
    ws.append(list(LONG[0]))
    for row in LONG[1:]:
        # Codes typed as numbers lose their leading zero (583, 180, 0); staging pads them back to 0583, 0180, 0000.
        ws.append([row[0], int(row[1]), *row[2:]])
    wb.save(path)
    return path


def _expected_long() -> list[tuple]:
    """LONG by hand: (indikator, kommun, period, kön, värde or None)."""
    return [("N15419", "0000", "2024", "T", None), ("N15419", "0180", "2024", "T", None),
            ("N15419", "0180", "2025", "T", None), ("N15419", "0583", "2024", "K", 70.2),
            ("N15419", "0583", "2024", "T", 68.0), ("U28532", "1980", "2023", "M", 81.5)]


def _as_tuples(staged: StagedInputs) -> list[tuple]:
    v = staged.indikatorvarden.sort_values(["indikator_id", "kommun", "period", "kon"])
    return [(i, k, p, g, None if np.isnan(x) else x)
            for i, k, p, g, x in zip(v["indikator_id"], v["kommun"], v["period"], v["kon"], v["varde"])]


@pytest.mark.parametrize("kind", ["csv", "xlsx", "both"])
def test_kolada_long_csv_and_xlsx(tmp_path, kind):
    """The long format from .csv and from .xlsx gives the same values; with both files, the exact duplicates are
    dropped silently."""
    files: dict = {}
    if kind in ("csv", "both"):
        files["Kolada lång.csv"] = _long_csv()
    if kind in ("xlsx", "both"):
        files["Kolada lång.xlsx"] = _long_xlsx(tmp_path / "long.xlsx")
    staged, problems = run(make_tree(tmp_path, files))

    assert problems == []
    assert _as_tuples(staged) == _expected_long()


# --- the same value twice -----------------------------------------------------------------------------------------


def test_conflicting_values_name_both_places_exact_duplicates_silent(tmp_path):
    """A v2 JSON with N15505 Stockholm 2022 = 250 beside the DDF file's 249.2: one problem naming the JSON record
    and the CSV line; Motala's 207.3, the same in both, is dropped silently."""
    doc = {"values": [
        {"kpi": "N15505", "municipality": "0180", "period": 2022, "values": [{"gender": "T", "value": 250, "status": ""}]},
        {"kpi": "N15505", "municipality": "0583", "period": 2022, "values": [{"gender": "T", "value": 207.3, "status": ""}]}]}
    staged, problems = run(make_tree(tmp_path, {"Kolada 2022.json": json.dumps(doc), N15505_T.name: N15505_T}))

    line = line_of(N15505_T, "0180,2022,")          # plain text search in the DDF file
    assert [(p.fil, p.blad, p.rad) for p in problems] == [("inputs/2026/Kolada 2022.json", None, 1)]
    assert problems[0].meddelande == (
        "Indikator N15505, kommun 0180, period 2022, kön T har olika värden: 250 i inputs/2026/Kolada 2022.json, post 1 "
        f"och 249,2 i inputs/2026/{N15505_T.name}, rad {line}. Behåll ett av värdena: rätta eller ta bort det andra.")
    motala = values_of(staged, "N15505")
    assert len(motala[(motala["kommun"] == "0583") & (motala["period"] == "2022")]) == 1


def test_conflict_within_one_file_names_both_rows(tmp_path):
    text = "kpi;municipality;period;gender;value\nN15419;0583;2024;T;68,0\nN15419;0580;2024;T;70,0\nN15419;583;2024;T;67,5\n"
    _, problems = run(make_tree(tmp_path, {"Kolada.csv": text}))

    assert [(p.fil, p.rad) for p in problems] == [("inputs/2026/Kolada.csv", 2)]
    assert ("har olika värden: 68 i inputs/2026/Kolada.csv, rad 2 och 67,5 i inputs/2026/Kolada.csv, rad 4"
            in problems[0].meddelande)


def test_many_conflicts_between_two_files_are_summarised(tmp_path):
    """The DDF N15505 file beside a copy with every value changed: ten located problems, then one line with the
    number of further conflicts (csv module: 2 328 rows)."""
    lines = N15505_T.read_text(encoding="utf-8").splitlines()
    changed = [lines[0]] + [f"{g},{y},{float(x) + 1}" for g, y, x in (ln.split(",") for ln in lines[1:])]
    _, problems = run(make_tree(tmp_path, {N15505_T.name: N15505_T, "N15505 rättad.csv": "\n".join(changed) + "\n"}))

    located = [p for p in problems if p.rad is not None]
    summary = [p for p in problems if p.rad is None]
    assert len(located) == 10 and all("har olika värden" in p.meddelande for p in located)
    assert [p.meddelande for p in summary] == [
        f"… och ytterligare 2318 värden med olika innehåll i inputs/2026/N15505 rättad.csv och inputs/2026/{N15505_T.name}."]


# --- workbooks ----------------------------------------------------------------------------------------------------


def test_real_xls_is_read_but_old_format_named_xlsx_and_zip_named_xls_are_refused(tmp_path):
    problems = Problems()
    sheets = read_workbook(WEB / "N15418.xls", problems)
    assert problems.items == [] and [s.name for s in sheets] == ["Exported from Hypergene"]
    assert sheets[0].rows[0] == ["Nyckeltal", "Kommun/Landsting", "År", "Visat Värde"] and len(sheets[0].rows) == 2013

    shutil.copyfile(WEB / "N15418.xls", tmp_path / "N15418.xlsx")
    shutil.copyfile(MAL, tmp_path / "bok.xls")
    assert read_workbook(tmp_path / "N15418.xlsx", problems) is None
    assert read_workbook(tmp_path / "bok.xls", problems) is None
    assert [p.meddelande for p in problems.items] == [
        "Filen är inte en .xlsx-arbetsbok (gammalt binärt format). Spara den som .xlsx.",
        "Filen heter .xls men är en .xlsx-arbetsbok. Byt filändelsen till .xlsx."]
