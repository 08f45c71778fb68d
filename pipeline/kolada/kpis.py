"""The KPI ids to fetch: rows with Källa = Kolada in the Indikatorer sheet of the workbook(s) in `inputs/ÅR/`.

The Mål and Indikatorer sheets are read and staged with the code `validera` uses (`table_from_rows` with
`kinds.MAL`/`kinds.INDIKATORER`, `stage_mal`, `stage_indikatorer`), so a problem in the workbook is reported
in the same words, and stops the fetch. A Kolada id must look like one (a capital letter and five digits).
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.config import Config
from pipeline.config.problems import Problems
from pipeline.read import kinds
from pipeline.read.table import RawTable, missing_header, normalize_header, table_from_rows
from pipeline.read.workbook import Sheet, read_workbook
from pipeline.staging.mal import stage_indikatorer, stage_mal

KOLADA_ID = re.compile(r"[A-Z][0-9]{5}")
WORKBOOKS = {".xlsx", ".xlsm", ".xls"}


def _table(path: Path, sheet: Sheet, columns, problems: Problems) -> RawTable | None:
    table = table_from_rows(path, sheet.name, sheet.rows, columns)
    if table is None:
        row, message = missing_header(sheet.rows, columns)
        problems.add(path, f"{sheet.name}: {message[0].lower()}{message[1:]}", sheet.name, row + 1)
    return table


def _workbook_kpi_ids(path: Path, sheets: dict[str, Sheet], config: Config, problems: Problems) -> list[str]:
    mal_ids: set[str] = set()
    if "mål" not in sheets:
        problems.add(path, "Bladet 'Mål' saknas; en mål- och indikatorbok ska ha bladen Mål och Indikatorer.")
    elif (mal := _table(path, sheets["mål"], kinds.MAL, problems)) is not None:
        mal_ids = set(stage_mal(mal, config, problems)["mal_id"].dropna())
    table = _table(path, sheets["indikatorer"], kinds.INDIKATORER, problems)
    if table is None:
        return []
    staged = stage_indikatorer(table, mal_ids, config, problems)
    ids = []
    for index, kpi in staged.loc[staged["kalla"].eq("Kolada").fillna(False), "indikator_id"].dropna().items():
        if KOLADA_ID.fullmatch(str(kpi)):
            ids.append(str(kpi))
        else:
            problems.add(path, f"Indikator-id {kpi} har Källa Kolada men är inget Kolada-id (en stor bokstav och fem "
                               "siffror, t.ex. N15419). Rätta id:t eller ange Källa Egen.",
                         table.sheet, int(table.frame.loc[index, "_rad"]), table.place("indikator_id"))
    return ids


def kolada_kpi_ids(config: Config, inputs_dir: Path, year: int, problems: Problems) -> list[str]:
    """Sorted unique KPI ids with Källa = Kolada from the workbook(s) in inputs/ÅR with a sheet Indikatorer."""
    folder = inputs_dir / str(year)
    if not folder.is_dir():
        problems.add(folder, f"Indatamappen {folder} finns inte. Lägg årets mål- och indikatorbok där.")
        return []
    ids: list[str] = []
    unreadable, found = Problems(root=problems.root), False
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith(("~$", ".")) or path.suffix.lower() not in WORKBOOKS:
            continue
        scratch = Problems(root=problems.root)
        sheets = read_workbook(path, scratch)
        if sheets is None:
            unreadable.items += scratch.items
            continue
        by_name = {normalize_header(s.name): s for s in sheets}
        if "indikatorer" in by_name:
            found = True
            problems.items += scratch.items
            ids += _workbook_kpi_ids(path, by_name, config, problems)
    if not found:
        problems.items += unreadable.items
        problems.add(folder, "Ingen arbetsbok med bladet Indikatorer hittades. Lägg mål- och indikatorboken (bladen "
                             "Mål och Indikatorer) i mappen.")
    elif not ids and not problems:
        problems.add(folder, "Bladet Indikatorer har ingen indikator med Källa Kolada: det finns inget att hämta.")
    return sorted(set(ids))
