"""The nämnd's decisions on the åtgärder (sheet Nämndbeslut, pipeline.read.kinds.NAMNDBESLUT): rename and cast,
with precise problems (file, sheet, row, column). Columns: namnd, atgard_id, omrade, avser, beslut (one of
kinds.BESLUT_ORD), paragraf, datum (ISO date text), andring, var_beslut (one of kinds.BESLUT_INSTANSER),
info_verksamhet, info_ovriga, uppfoljning_vidtagits, uppfoljning_effekt."""

from __future__ import annotations

import pandas as pd

from pipeline.config import Config
from pipeline.config.problems import Problems
from pipeline.read import kinds
from pipeline.read.table import RawTable
from pipeline.staging.cast import parse_choice, parse_code, parse_date, parse_text
from pipeline.staging.checks import check_namnd, report, required, show

COLUMNS = [c.key for c in kinds.NAMNDBESLUT]


def stage_namndbeslut(table: RawTable, config: Config, problems: Problems) -> pd.DataFrame:
    f = table.frame
    out = pd.DataFrame({k: parse_text(f[k]) if k in f else pd.Series(pd.NA, index=f.index, dtype="string[pyarrow]")
                        for k in COLUMNS})
    out["namnd"] = parse_code(f["namnd"])
    # the offered rows carry the nämnd's id only: a row is filled when anything else is
    filled = out.drop(columns="namnd").notna().any(axis=1)
    check_namnd(problems, table, out["namnd"], [n.id for n in config.namnder])
    required(problems, table, "atgard_id", out["atgard_id"], "Åtgärds-id", ~filled)
    beslut, bad = parse_choice(f["beslut"], kinds.BESLUT_ORD)
    blank = required(problems, table, "beslut", beslut.where(~bad, "x"), "Beslut", ~filled)
    report(problems, table, "beslut", bad & ~blank,
           lambda v: f"Beslutet {show(v)} är okänt; tillåtna: {', '.join(kinds.BESLUT_ORD)}.")
    out["beslut"] = beslut
    if "var_beslut" in f:
        where, bad = parse_choice(f["var_beslut"], kinds.BESLUT_INSTANSER)
        report(problems, table, "var_beslut", bad,
               lambda v: f"{show(v)} är ingen instans; tillåtna: {', '.join(kinds.BESLUT_INSTANSER)}.")
        out["var_beslut"] = where
    if "datum" in f:
        out["datum"], bad = parse_date(f["datum"])
        report(problems, table, "datum", bad,
               lambda v: f"Datumet {show(v)} är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2026-05-20.")
    return out.loc[filled, COLUMNS].reset_index(drop=True)


def decided_text(row: dict) -> str:
    """"Avslagen av nämnden, § 45, 2026-05-20" – the decision in words for the follow-up."""
    word = {"Beslutad": "Beslutad av nämnden", "Ändrad": "Ändrad av nämnden", "Avslagen": "Avslagen av nämnden",
            "Tillagd av nämnden": "Tillagd av nämnden"}.get(row.get("beslut") or "", "")
    parts = [word] + [str(row[k]) for k in ("paragraf", "datum") if isinstance(row.get(k), str) and row[k]]
    text = ", ".join(p for p in parts if p)
    andring = row.get("andring")
    return (text + (f": {andring.strip()}" if isinstance(andring, str) and andring.strip() else "")).rstrip(".")
