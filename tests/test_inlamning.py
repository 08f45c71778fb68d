"""Inlämningsstatus (Motala's Bilaga 4, "Samla in och strukturera"): the status table by hand, `kommunrapport
status`, and `kör` refusing a reporting point with a förvaltning's underlag missing unless --tillåt-saknade."""

from __future__ import annotations

import json
import os
from datetime import date, datetime

import openpyxl
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.model.inlamning import inlamning

NAMNDER = [("A", "Nämnd A", "Förvaltning A"), ("B", "Nämnd B", "Förvaltning B"), ("C", "Nämnd C", "Förvaltning C")]


def test_status_table_by_hand():
    deadline = date(2026, 5, 8)
    table = inlamning(NAMNDER, {"A": ("a.xlsx", datetime(2026, 5, 8, 16, 0)), "B": ("b.xlsx", datetime(2026, 5, 11, 9))},
                      {"b.xlsx": 2, "x.xlsx": 1}, {"x.xlsx": datetime(2026, 5, 7)}, deadline, date(2026, 5, 12))
    rows = table.to_dict("records")
    assert [(r["namnd"], r["status"], bool(r["sen"])) for r in rows] == [
        ("A", "Godkänt", False),      # on the last day: in time
        ("B", "2 problem", True),     # the Monday after
        ("C", "Saknas", True),        # missing, and the day has passed
        ("", "1 problem", False)]     # a workbook no nämnd could be found for
    before = inlamning(NAMNDER, {}, {}, {}, deadline, date(2026, 5, 8))
    assert not before["sen"].any() and set(before["status"]) == {"Saknas"}   # not late before the day has passed
    assert not inlamning(NAMNDER, {}, {}, {}, None, date(2026, 12, 1))["sen"].any()   # no deadline set



def test_status_and_kor_with_a_forvaltning_missing(kommun_copy):
    folder = kommun_copy
    # the example's Kultur- och fritidsförvaltningen has not delivered at tertial 1 (exempel.MISSING_AT_TERTIAL)
    assert not (folder / "inputs/2026/tertial/Rapportunderlag KFN T1 2026.xlsx").exists()
    on_time = datetime(2026, 5, 8, 15, 0).timestamp()   # the deadline's day (week 19 in the example's config)
    for book in (folder / "inputs/2026/tertial").glob("Rapportunderlag *.xlsx"):
        os.utime(book, (on_time, on_time))
    late = datetime(2026, 5, 11, 8, 30).timestamp()
    os.utime(folder / "inputs/2026/tertial/Rapportunderlag SN T1 2026.xlsx", (late, late))
    runner = CliRunner()
    result = runner.invoke(app, ["status", "2026", "tertial"], terminal_width=200)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert "Sista dag: 8 maj 2026." in lines
    kfn = next(line for line in lines if "(KFN)" in line)
    assert "Saknas" in kfn and kfn.endswith("SEN")
    sn = next(line for line in lines if "(SN)" in line)
    assert "Godkänt" in sn and "2026-05-11 08:30" in sn and sn.endswith("SEN")
    assert not next(line for line in lines if "(BUN)" in line).endswith("SEN")
    assert "Inlämnat: 7 av 8 förvaltningar; 1 saknas, 1 inlämnade för sent, 0 med problem." in lines
    ws = openpyxl.load_workbook(folder / "outputs/2026-tertial-inlamning.xlsx")["Inlämning"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True)}
    assert rows["KFN"][4] == "Saknas" and rows["SN"][6] == "Ja" and rows["BUN"][3] == "2026-05-08 15:00"

    # refused: it stops the Prefect server it started and exits normally, in process as from a terminal
    refused = runner.invoke(app, ["kör", "2026", "tertial"], terminal_width=200)
    assert refused.exit_code == 1, refused.output
    assert "Rapportunderlag saknas för Kultur- och fritidsnämnden (KFN" in " ".join(refused.output.split())
    assert not (folder / "outputs/2026-tertial").exists()   # nothing written

    allowed = runner.invoke(app, ["kör", "2026", "tertial", "--tillåt-saknade"], terminal_width=200)
    assert allowed.exit_code == 0, allowed.output
    out = folder / "outputs/2026-tertial"
    assert (out / "2026 Tertialrapport 1 Kultur- och fritidsnämnden.docx").exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parametrar"]["tillat_saknade"] is True
    summary = (out / "körsammanfattning.txt").read_text(encoding="utf-8")
    assert "Rapportunderlag saknas för Kultur- och fritidsnämnden (KFN)" in summary
    # a revisor's rebuild from the archive passes the same parameter: identical
    verified = runner.invoke(app, ["verifiera", str(out)], terminal_width=200)
    assert verified.exit_code == 0, verified.output
