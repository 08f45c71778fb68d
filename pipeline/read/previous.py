"""The previous reporting point's åtgärdsplaner, for "Uppföljning av beslutade åtgärder".

The previous point of `tertial` is last year's `bokslut`; of `delar`, this year's `tertial`; of `bokslut`,
this year's `delar` (config.TILLFALLEN is in calendar order). Only rapportunderlag workbooks there are read
(a workbook whose sheets include Prognos and Åtgärdsplan; other files are not opened), and only their
Prognos (for the nämnd) and Åtgärdsplan sheets, and Extern regi and Begärda åtgärder where present. That point was reported already, so what cannot be read is a
note in the run summary, not a blocking problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook

from pipeline.config import TILLFALLEN
from pipeline.config.problems import Problems
from pipeline.read import kinds
from pipeline.read.table import RawTable, normalize_header, table_from_rows
from pipeline.read.workbook import read_workbook

PLAN_SHEETS = ("Prognos", "Åtgärdsplan")


@dataclass
class PreviousPlans:
    """The previous point's plan sheets: one (Prognos, Åtgärdsplan) pair per workbook."""

    year: int
    tillfalle: str
    folder: Path
    books: list[tuple[RawTable, RawTable]] = field(default_factory=list)
    beslut: list[RawTable] = field(default_factory=list)   # the nämnd's decisions on those plans (Nämndbeslut)
    # per workbook (its path) the sheets Extern regi and Begärda åtgärder it has (carried into the next underlag)
    regi: dict[Path, dict[str, RawTable]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def previous_point(year: int, tillfalle: str) -> tuple[int, str]:
    """(year, tillfälle) of the reporting point before (year, tillfalle)."""
    index = TILLFALLEN.index(tillfalle)
    return (year, TILLFALLEN[index - 1]) if index else (year - 1, TILLFALLEN[-1])


def _sheet_names(path: Path) -> list[str]:
    try:
        return [normalize_header(n) for n in CalamineWorkbook.from_path(str(path)).sheet_names]
    except Exception:  # noqa: BLE001 – any unreadable file is simply not a plan workbook here
        return []


def read_previous_plans(inputs_dir: Path, year: int, tillfalle: str) -> PreviousPlans:
    """Read the previous point's plan sheets; nothing is raised, problems become notes."""
    prev_year, prev = previous_point(year, tillfalle)
    folder = inputs_dir / str(prev_year) / prev
    out = PreviousPlans(prev_year, prev, folder)
    if not folder.is_dir():
        return out
    wanted = {normalize_header(n) for n in PLAN_SHEETS}
    problems = Problems(root=inputs_dir.resolve().parent)
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in (".xlsx", ".xls") and not p.is_symlink()
                       and not p.name.startswith(("~$", "."))):
        names = set(_sheet_names(path))
        if normalize_header(kinds.NAMNDBESLUT_SHEET) in names:
            sheets = read_workbook(path, problems)
            sheet = next((x for x in sheets or [] if normalize_header(x.name) == normalize_header(kinds.NAMNDBESLUT_SHEET)),
                         None)
            table = table_from_rows(path, sheet.name, sheet.rows, kinds.NAMNDBESLUT) if sheet is not None else None
            if table is not None:
                out.beslut.append(table)
                out.files.append(path)
            continue
        if not wanted <= names:
            continue
        sheets = read_workbook(path, problems)
        if sheets is None:
            continue
        by_name = {normalize_header(s.name): s for s in sheets}
        prognos = table_from_rows(path, by_name["prognos"].name, by_name["prognos"].rows, kinds.PROGNOS)
        plan = by_name[normalize_header("Åtgärdsplan")]
        plans = table_from_rows(path, plan.name, plan.rows, kinds.ATGARDSPLAN)
        if prognos is None or plans is None:
            problems.add(path, "Bladen Prognos och Åtgärdsplan saknar obligatoriska kolumner.")
            continue
        out.books.append((prognos, plans))
        out.files.append(path)
        for name, columns in ((kinds.EXTERN_REGI_SHEET, kinds.EXTERN_REGI),
                              (kinds.BEGARDA_ATGARDER_SHEET, kinds.BEGARDA_ATGARDER)):
            sheet = by_name.get(normalize_header(name))
            if sheet is not None and (t := table_from_rows(path, sheet.name, sheet.rows, columns)) is not None:
                out.regi.setdefault(path, {})[name] = t
    for p in problems.sorted():
        out.notes.append(f"Föregående tillfälle: {p}. Uppföljningen av tidigare åtgärder bygger på det som gick att läsa.")
    return out
