"""The naive way, for comparison: pandas.read_csv, per-row cleanup with apply, docxtpl per nämnd in turn.

Usage: .venv/bin/python bench/naive_baseline.py bench/data/skala [outdir]
Writes one .docx per nämnd with a driftredovisning table; prints the time of each phase.
"""

from __future__ import annotations

import sys
import time
import tomllib
from pathlib import Path

import jinja2
import pandas as pd
from docxtpl import DocxTemplate

ROOT = Path(__file__).resolve().parents[1]
from pipeline.resources import TEMPLATES


def to_number(value) -> float:
    if isinstance(value, str):
        value = value.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", ".")
    return float(value)


def main(skala: Path, out: Path) -> None:
    started = time.perf_counter()
    config = tomllib.loads((skala / "kommun.toml").read_text(encoding="utf-8"))
    ledgers = sorted((skala / "inputs").glob("*/tertial/*.csv"))
    frame = pd.concat([pd.read_csv(p, sep=";", encoding="cp1252", dtype=str) for p in ledgers])
    read_done = time.perf_counter()
    frame["Belopp"] = frame["Belopp"].apply(to_number)
    frame["Månad"] = frame["Period"].apply(lambda p: int(p) % 100)
    per_vht = frame[frame["Månad"] <= 4].groupby(["Nämnd", "Verksamhet"])["Belopp"].sum().reset_index()
    clean_done = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    template = TEMPLATES / "docx" / "tertialrapport.docx"
    for n in config["namnd"]:
        rows = per_vht[per_vht["Nämnd"] == n["id"]]
        tpl = DocxTemplate(str(template))
        tpl.render({"kommun": {"namn": "x"}, "namnd": {"namn": n["namn"], "forvaltning": ""},
                    "dokument": {"typ": "Tertialrapport", "ar": "2026", "titel": n["namn"], "period": "", "datum": ""},
                    "sammanfattning": "", "nyckeltal": [], "mal": [], "prognoskommentarer": [],
                    "investeringar": {"rader": [], "summa": {}}, "atgardsplaner": [], "handelser": [],
                    "diagram": {"bild": "", "alt": ""},
                    "drift": {"rader": [{"kod": r.Verksamhet, "namn": "", "utfall": f"{r.Belopp / 1000:.0f}"}
                                        for r in rows.itertuples()], "summa": {}}},
                   # The template has grown; what the naive script does not fill stays empty.
                   jinja_env=jinja2.Environment(undefined=jinja2.ChainableUndefined))
        tpl.save(out / f"{n['id']}.docx")
    done = time.perf_counter()
    print(f"naiv: läsning {read_done - started:.1f} s, städning {clean_done - read_done:.1f} s, "
          f"docx {done - clean_done:.1f} s, totalt {done - started:.1f} s ({len(config['namnd'])} dokument)")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/tmp/naive-out"))
