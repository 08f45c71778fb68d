"""The national batch (`kommunrapport jämförelse`): Kolada's values for all kommuner (byte-identical copies of
open-numbers' DDF dump in exempel/data/kolada-ddf-dump-2024/) turned into one report per kommun. Places, medians and
trends are checked against the raw CSV computed another way; the documents are reopened. That the same batch writes
the same bytes is shown by tests/test_drift.py, which makes it again through the service and compares every file."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from statistics import median

import docx
import pytest
from pypdf import PdfReader

from exempel import KOLADA_DDF
from pipeline import nationell
from pipeline.model.nationell import national_comparison
from pipeline.read.kolada_ddf import KoladaDumpError, read_kolada_ddf

ROOT = Path(__file__).resolve().parents[1]
DUMP = KOLADA_DDF
CLI = [sys.executable, "-m", "pipeline.cli"]
YEAR = 2022


def _raw(kpi: str) -> dict[str, float]:
    """geo -> value of `kpi` in YEAR, straight from the CSV (kommuner only)."""
    path = DUMP / "datapoints--by--geo--year" / f"ddf--datapoints--{kpi.lower()}--by--geo--year.csv"
    with path.open(encoding="utf-8") as fh:
        return {r["geo"]: float(r[kpi.lower()]) for r in csv.DictReader(fh)
                if r["year"] == str(YEAR) and len(r["geo"]) == 4 and not r["geo"].startswith("00")}


@pytest.fixture(scope="module")
def table():
    dump = read_kolada_ddf(DUMP)
    return national_comparison(dump.values, YEAR, nationell.skr_groups())


@pytest.mark.parametrize("kommun", ["0580", "0114", "2584"])
def test_place_and_group_median_follow_from_the_raw_values(table, kommun):
    raw = _raw("N17461")
    row = table[(table["kommun"] == kommun) & (table["kpi"] == "N17461")].iloc[0]
    assert row["varde"] == raw[kommun]
    assert row["plats"] == 1 + sum(v > raw[kommun] for v in raw.values())   # ties share the best place
    assert row["antal"] == len(raw)
    share = (row["plats"] - 1) / row["antal"]
    assert row["kvartil"] == ("högsta fjärdedelen" if share < 0.25 else
                              "lägsta fjärdedelen" if share >= 0.75 else "mittersta hälften")
    groups = nationell.skr_groups()
    group = groups.loc[groups["kommun"] == kommun, "grupp"].iloc[0]
    members = set(groups.loc[groups["grupp"] == group, "kommun"])
    assert row["grupp_median"] == pytest.approx(median(v for k, v in raw.items() if k in members))


def test_women_and_men_come_from_the_gender_file(table):
    path = DUMP / "datapoints--by--geo--gender--year" / "ddf--datapoints--n15505--by--geo--gender--year.csv"
    with path.open(encoding="utf-8") as fh:
        rows = {(r["geo"], r["gender"]): float(r["n15505"]) for r in csv.DictReader(fh) if r["year"] == str(YEAR)}
    row = table[(table["kommun"] == "0580") & (table["kpi"] == "N15505")].iloc[0]
    assert (row["varde_k"], row["varde_m"]) == (rows[("0580", "k")], rows[("0580", "m")])


@pytest.fixture(scope="module")
def batch(national_batch):
    return national_batch


def test_the_batch_writes_three_formats_per_kommun_an_index_and_a_manifest(batch):
    folder, done = batch
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 10 * 3 + 3
    assert {f"{YEAR} Jämförelserapport {k}.{ext}" for k in ("Linköping", "Upplands Väsby")
            for ext in ("docx", "pdf", "html")} | {"index.html", "körsammanfattning.txt", "manifest.json"} <= set(names)
    assert "Jämförelserapporter 2022: 10 kommuner" in done.stdout
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    import hashlib

    for entry in manifest["utdata"]:
        assert hashlib.sha256((folder / entry["fil"]).read_bytes()).hexdigest() == entry["sha256"]
    assert {e["fil"] for e in manifest["indata"]} >= {
        "datapoints--by--geo--year/ddf--datapoints--n17461--by--geo--year.csv", "ddf--entities--geo--kommun.csv"}


def test_every_format_carries_the_figures(batch, table):
    folder, _ = batch
    row = table[(table["kommun"] == "0580") & (table["kpi"] == "N17461")].iloc[0]
    place = f"{row['plats']} av {row['antal']}"
    document = docx.Document(folder / f"{YEAR} Jämförelserapport Linköping.docx")
    cells = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert cells[0][:3] == ["Nyckeltal", "Värde", "Plats"]
    n17461 = next(r for r in cells if r[0].startswith("N17461"))
    assert n17461[2] == place
    assert document.core_properties.language == "sv-SE"
    text = "".join(page.extract_text() for page in PdfReader(folder / f"{YEAR} Jämförelserapport Linköping.pdf").pages)
    assert "Jämförelserapport 2022: Linköping" in text and place in text
    html = (folder / f"{YEAR} Jämförelserapport Linköping.html").read_text(encoding="utf-8")
    assert '<html lang="sv-SE">' in html and f'<td class="tal">{place}</td>' in html
    assert '<th scope="row">N17461' in html


def test_a_value_that_is_not_a_number_is_named_and_nothing_is_written(tmp_path):
    broken = tmp_path / "dump"
    shutil.copytree(DUMP, broken)
    path = broken / "datapoints--by--geo--year" / "ddf--datapoints--n17461--by--geo--year.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].rsplit(",", 1)[0] + ",=HYPERLINK(\"x\")"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(KoladaDumpError) as caught:
        read_kolada_ddf(broken)
    problem = caught.value.problems[0]
    assert (problem.fil, problem.rad, problem.kolumn) == (
        "datapoints--by--geo--year/ddf--datapoints--n17461--by--geo--year.csv", 6, "n17461")
    done = subprocess.run([*CLI, "jämförelse", str(YEAR), "--data", str(broken), "--utdata", str(tmp_path / "ut")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "1 fel i indata" in done.stderr and "rad 6, kolumn n17461" in done.stderr
    assert "Värdet '=HYPERLINK(\"x\")' är inte ett tal." in done.stderr
    assert not (tmp_path / "ut").exists()


def test_an_unknown_kommun_or_year_is_refused_in_swedish(tmp_path):
    done = subprocess.run([*CLI, "jämförelse", str(YEAR), "--data", str(DUMP), "--kommuner", "9999",
                           "--utdata", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "Kommunkoderna 9999 finns inte i Kolada-data" in done.stderr
    with pytest.raises(nationell.BatchError, match="har inga värden för 2030"):
        nationell.prepare(DUMP, 2030, None, date(2026, 12, 5))
    env = {k: v for k, v in os.environ.items() if k != "KOMMUNRAPPORT_KOLADA_DDF"}
    done = subprocess.run([*CLI, "jämförelse", str(YEAR), "--utdata", str(tmp_path)], capture_output=True, text=True,
                          timeout=300, env={**env, "COLUMNS": "400"})
    assert done.returncode == 2 and "Ange Koladas data med --data MAPP" in done.stderr
    assert f"Exemplets data, tre nyckeltal för alla kommuner 2015–2022: --data {KOLADA_DDF}" in done.stderr
    assert not list(tmp_path.iterdir())
