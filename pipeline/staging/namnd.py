"""Which nämnd a nämnd's workbook (rapportunderlag, prioriteringsunderlag) is for, when it has no Nämnd column.

The workbook says it in up to three ways, each optional: a Nämnd column (one id on every row), its rows (the
verksamheter of a Prognos sheet, the förslag ids "SN-F1" of a Prioriteringar sheet, the verksamheter of an
Åtgärdsplan), and its file name ("Rapportunderlag SN T1 2026.xlsx": a word that is a configured nämnd id). They
must agree. A Nämnd column is authoritative for its rows (a row of another nämnd's verksamhet is reported on that
row by the sheet's own checks); otherwise rows that point at more than one nämnd, two ways that name different
nämnder, or no way at all are a problem that says how to resolve it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.config import Config
from pipeline.config.problems import Problems
from pipeline.read.table import RawTable


@dataclass(frozen=True)
class Evidence:
    """What one way of saying it says: nämnd id -> the first row (Excel row) that says it, and where."""

    what: str                    # Swedish, e.g. "verksamheterna i kolumnen Verksamhet"
    table: RawTable | None       # None: the file name
    key: str | None = None       # the column (frame key) it is read from
    rows: dict[str, tuple[str, int]] = field(default_factory=dict)   # id -> (the value, its Excel row)


def from_column(table: RawTable, key: str, values: pd.Series, owner: dict[str, str], what: str) -> Evidence:
    """The nämnder the values of a column point at, through `owner` (value -> nämnd id)."""
    rows: dict[str, tuple[str, int]] = {}
    for value, rad in zip(values, table.frame["_rad"]):
        if isinstance(value, str) and value in owner:
            rows.setdefault(owner[value], (value, int(rad)))
    return Evidence(what, table, key, rows)


def from_file_name(path: Path, config: Config) -> Evidence:
    """The configured nämnd ids that are words of the file name (case as configured)."""
    words = set(re.split(r"[^0-9A-Za-zÅÄÖåäöÉé]+", path.stem))
    return Evidence("filnamnet", None, None, {n.id: (n.id, 0) for n in config.namnder if n.id in words})


def forslag_prefix_owner(values: pd.Series, config: Config) -> dict[str, str]:
    """Förslags-id -> nämnd id where the id starts with a configured nämnd id and a separator ("SN-F1", "SN 3")."""
    ids = sorted((n.id for n in config.namnder), key=len, reverse=True)
    out = {}
    for value in values.dropna().unique():
        text = str(value)
        for i in ids:
            if re.match(rf"{re.escape(i)}(?![0-9A-Za-zÅÄÖåäö])", text):
                out[text] = i
                break
    return out


def resolve(table: RawTable, evidence: list[Evidence], problems: Problems, column_hint: str) -> str | None:
    """The one nämnd the ways agree on, or None after adding a problem that says what to do. `column_hint`
    names the sheet's Nämnd column for the message ("lägg till kolumnen Nämnd i bladet Prognos")."""
    sheet = table.sheet
    for e in evidence:
        if e.table is not None and len(e.rows) > 1:
            found = " och ".join(f"{value} ({i}, rad {rad})" for i, (value, rad) in e.rows.items())
            problems.add(table.path, f"Bladet {sheet} gäller flera nämnder: {e.what} hör till {found}. En arbetsbok "
                                     "gäller en nämnd: flytta raderna till den nämndens arbetsbok, eller rätta dem.",
                         sheet, next(iter(e.rows.values()))[1], e.table.place(e.key))
            return None
    said = [e for e in evidence if len(e.rows) == 1]   # a file name naming two nämnder says nothing
    ids = {next(iter(e.rows)) for e in said}
    if len(ids) > 1:
        parts = []
        for e in said:
            i, (value, rad) = next(iter(e.rows.items()))
            parts.append(f"{e.what} säger {i}" + (f" ({value}, rad {rad})" if e.table is not None else ""))
        first_row = next((e for e in said if e.table is not None), None)
        problems.add(table.path, f"Det är oklart vilken nämnd arbetsboken gäller: {' men '.join(parts)}. Rätta den "
                                 f"som är fel, eller ange nämnden i {column_hint} (nämndens id på varje rad).",
                     sheet, first_row.rows[next(iter(first_row.rows))][1] if first_row else None,
                     first_row.table.place(first_row.key) if first_row else None)
        return None
    if not ids:
        problems.add(table.path, f"Nämnden kan inte avgöras: inget på raderna hör till en nämnd i konfigurationen "
                                 f"och filnamnet innehåller inget nämnd-id. Lägg till {column_hint} (nämndens id), "
                                 "eller skriv nämndens id i filnamnet (t.ex. \"Rapportunderlag SN T1 2026.xlsx\").",
                     sheet, table.header_row)
        return None
    return ids.pop()
