"""Find the input files of a reporting point, recognise each file's kind, and read it into raw tables.

Looks in `inputs/<år>/` and `inputs/<år>/<tillfälle>/`. A file's kind is recognised by its sheet names and
headers (docs/indata.md); an unrecognised file is a problem, never skipped silently. Nothing is cast here:
that is staging's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config.problems import Problems
from pipeline.read import kinds
from pipeline.read.bokslut import bokslut_tables, read_previous_bokslut
from pipeline.read.previous import PreviousPlans, read_previous_plans
from pipeline.fel import LOGGER
from pipeline.read.csvfile import read_csv_head, read_csv_table
from pipeline.read.kolada import ddf_columns, read_ddf_csv, read_kolada_json
from pipeline.read.table import (HEADER_SEARCH_ROWS, RawTable, late_header_message, late_header_row,
                                  missing_columns, missing_header, normalize_header, table_from_rows)
from pipeline.read.workbook import Sheet, read_workbook

SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv", ".json"}


@dataclass
class RawInputs:
    """Everything read for one reporting point, by kind, still uncast."""

    year_dir: Path = Path("inputs")          # inputs/<år>
    tillfalle_dir: Path = Path("inputs")     # inputs/<år>/<tillfälle>
    files: list[Path] = field(default_factory=list)
    budget_files: list[Path] = field(default_factory=list)   # recognised as budget, even if its header failed
    budget: list[RawTable] = field(default_factory=list)
    investeringar: list[RawTable] = field(default_factory=list)
    utfall: list[RawTable] = field(default_factory=list)
    mal: list[RawTable] = field(default_factory=list)
    indikatorer: list[RawTable] = field(default_factory=list)
    kolada: list[RawTable] = field(default_factory=list)        # by code: API JSON, long CSV/Excel, DDF dump
    kolada_web: list[RawTable] = field(default_factory=list)    # by title and kommun name: Kolada's web export
    egna: list[RawTable] = field(default_factory=list)
    underlag: list[dict[str, RawTable]] = field(default_factory=list)
    bokslut: list[dict[str, RawTable]] = field(default_factory=list)   # delårs-/bokslutsunderlag (read.bokslut)
    plan: list[dict[str, RawTable]] = field(default_factory=list)      # the planning round's nämnd workbooks
    ramar: list[RawTable] = field(default_factory=list)                # central sheet Ramar (planning round)
    previous: PreviousPlans | None = None   # the previous reporting point's åtgärdsplaner (read.previous)
    bokslut_fg: list[dict[str, RawTable]] = field(default_factory=list)  # last year's bokslutsunderlag (read.bokslut)
    namndbeslut: list[RawTable] = field(default_factory=list)   # the nämnd's decisions on the åtgärder (Nämndbeslut)
    notes: list[str] = field(default_factory=list)              # for the run summary, e.g. deleted Kolada rows


def input_files(inputs_dir: Path, year: int, tillfalle: str) -> list[Path]:
    """Candidate files, sorted: the year's central folder, then the reporting point's folder."""
    out: list[Path] = []
    for folder in (inputs_dir / str(year), inputs_dir / str(year) / tillfalle):
        if folder.is_dir():
            out += sorted(p for p in folder.iterdir()
                          if p.is_file() and not p.is_symlink() and not p.name.startswith(("~$", "."))
                          and p.suffix.lower() in SUFFIXES)
    return out


def read_inputs(inputs_dir: Path, year: int, tillfalle: str, problems: Problems) -> RawInputs:
    """Read every input file of (year, tillfälle); problems are added, never raised."""
    folder = inputs_dir / str(year)
    raw = RawInputs(year_dir=folder, tillfalle_dir=folder / tillfalle)
    if not folder.is_dir():
        problems.add(folder, f"Indatamappen {folder} finns inte. Lägg årets filer där.")
        return raw
    if not (folder / tillfalle).is_dir():
        problems.add(folder / tillfalle, f"Mappen för tillfället ({folder / tillfalle}) finns inte. Lägg huvudboksexport och rapportunderlag där.")
    for path in input_files(inputs_dir, year, tillfalle):
        raw.files.append(path)
        _read_file(path, raw, problems)
    for path in sorted({p for p in folder.rglob("*") if p.is_file() or p.is_symlink()} - set(raw.files)):
        if path.parent not in (folder, folder / tillfalle) or path.name.startswith(("~$", ".")):
            continue
        if path.is_symlink():
            # A link could make a förvaltning's delivery read any file the run can see; only real files are read.
            problems.add(path, "Filen är en symbolisk länk och lästes inte. Lägg en kopia av själva filen i mappen.")
        else:
            problems.add(path, "Filtypen känns inte igen (tillåtna: .xlsx, .xls, .csv, .json). Filen lästes inte.")
    if tillfalle != "plan":   # the planning round follows up no reporting point's plans
        raw.previous = read_previous_plans(inputs_dir, year, tillfalle)
        raw.files += raw.previous.files
        raw.bokslut_fg, files, notes = read_previous_bokslut(inputs_dir, year)
        raw.files += [f for f in files if f not in raw.files]
        raw.notes += notes
    return raw


def _file_state(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _read_file(path: Path, raw: RawInputs, problems: Problems) -> None:
    """Read one input file into `raw` by its kind. A file that changes or disappears while it is read, and an
    unexpected error in a reader, are problems naming the file (the detail is logged for the log file)."""
    before = _file_state(path)
    try:
        suffix = path.suffix.lower()
        if suffix == ".json":
            _read_kolada_json(path, raw, problems)
        elif suffix == ".csv":
            _read_csv(path, raw, problems)
        else:
            sheets = read_workbook(path, problems)
            if sheets is not None:
                _read_workbook_kind(path, sheets, raw, problems)
    except FileNotFoundError:
        problems.add(path, "Filen försvann medan indata lästes. Lägg tillbaka den och kör igen.")
        return
    except Exception as exc:  # noqa: BLE001  a bug must not hide which file it met
        LOGGER.exception("Oväntat fel när %s lästes", path)
        problems.add(path, f"Filen gick inte att läsa: ett oväntat fel i programmet ({type(exc).__name__}). Öppna "
                           "filen i Excel och spara den igen; kvarstår felet, skicka filen och loggfilen till den som "
                           "förvaltar programmet.")
        return
    if _file_state(path) != before:
        problems.add(path, "Filen ändrades medan den lästes (någon sparade den under körningen). Vänta tills den "
                           "är färdigsparad och kör igen.")


def _sheet(sheets: list[Sheet], name: str) -> Sheet | None:
    wanted = normalize_header(name)
    return next((s for s in sheets if normalize_header(s.name) == wanted), None)


def _table(path: Path, sheet: Sheet, columns, problems: Problems, what: str) -> RawTable | None:
    table = table_from_rows(path, sheet.name, sheet.rows, columns)
    if table is None:
        row, message = missing_header(sheet.rows, columns)
        problems.add(path, f"{what}: {message[0].lower()}{message[1:]}", sheet.name, row + 1)
    return table


def _known_sheet_names() -> set[str]:
    """Every sheet name the readers look up (normalized)."""
    names = {"Budget", "Investeringar", "Mål", "Indikatorer", "Ramar", kinds.FEMAR_SHEET, kinds.NAMNDBESLUT_SHEET,
             *kinds.UNDERLAG_SHEETS, *kinds.PLAN_SHEETS, *kinds.BOKSLUT_SHEETS}
    return {normalize_header(n) for n in names}


def _duplicate_sheets(path: Path, sheets: list[Sheet], problems: Problems) -> bool:
    """Two sheets whose names differ only in case or spacing ("BUDGET" and "Budget") where the program looks one
    up: an error naming both (which one is meant cannot be guessed)."""
    by_name: dict[str, list[str]] = {}
    for sheet in sheets:
        by_name.setdefault(normalize_header(sheet.name), []).append(sheet.name)
    clashes = {k: v for k, v in by_name.items() if len(v) > 1 and k in _known_sheet_names()}
    for names in clashes.values():
        problems.add(path, f"Arbetsboken har flera blad med samma namn: {' och '.join(repr(n) for n in names)}. "
                           "Vilket som gäller går inte att avgöra; ta bort eller byt namn på det ena.")
    return bool(clashes)


def _read_workbook_kind(path: Path, sheets: list[Sheet], raw: RawInputs, problems: Problems) -> None:
    if not sheets or all(not any(str(v).strip() for row in s.rows for v in row) for s in sheets):
        problems.add(path, "Arbetsboken är tom: inget blad innehåller data.")
        return
    if _duplicate_sheets(path, sheets, problems):
        return
    if (budget := _sheet(sheets, "Budget")) is not None:
        raw.budget_files.append(path)
        if (t := _table(path, budget, kinds.BUDGET, problems, "Budget")) is not None:
            raw.budget.append(t)
        if (inv := _sheet(sheets, "Investeringar")) is not None:
            if (t := _table(path, inv, kinds.INVESTERINGAR, problems, "Investeringar")) is not None:
                raw.investeringar.append(t)
        return
    mal, ind = _sheet(sheets, "Mål"), _sheet(sheets, "Indikatorer")
    if mal is not None or ind is not None:
        for sheet, cols, target, what in ((mal, kinds.MAL, raw.mal, "Mål"), (ind, kinds.INDIKATORER, raw.indikatorer, "Indikatorer")):
            if sheet is None:
                problems.add(path, f"Bladet '{what}' saknas; en mål- och indikatorbok ska ha bladen Mål och Indikatorer.")
            elif (t := _table(path, sheet, cols, problems, what)) is not None:
                target.append(t)
        return
    if _sheet(sheets, "Prioriteringar") is not None:
        book = {}
        for name, cols in kinds.PLAN_SHEETS.items():
            sheet = _sheet(sheets, name)
            if sheet is not None and (t := _table(path, sheet, cols, problems, name)) is not None:
                book[name] = t
        if "Prioriteringar" in book:
            raw.plan.append(book)
        return
    if (ramar := _sheet(sheets, "Ramar")) is not None:
        if (t := _table(path, ramar, kinds.RAMAR, problems, "Ramar")) is not None:
            raw.ramar.append(t)
        if _sheet(sheets, "Budget") is None:
            return
    if any(_sheet(sheets, name) is not None for name in (*kinds.BOKSLUT_SHEETS, kinds.FEMAR_SHEET)):
        raw.bokslut.append(bokslut_tables(path, sheets, _sheet, problems))
        return
    if (beslut := _sheet(sheets, kinds.NAMNDBESLUT_SHEET)) is not None:
        if (t := _table(path, beslut, kinds.NAMNDBESLUT, problems, kinds.NAMNDBESLUT_SHEET)) is not None:
            raw.namndbeslut.append(t)
        return
    if _sheet(sheets, "Prognos") is not None:
        book: dict[str, RawTable] = {}
        for name, (cols, _req) in kinds.UNDERLAG_SHEETS.items():
            sheet = _sheet(sheets, name)
            if sheet is not None and (t := _table(path, sheet, cols, problems, name)) is not None:
                book[name] = t
        if "Prognos" in book:
            raw.underlag.append(book)
        return
    for sheet in sheets:
        for cols, target in _headed_kinds(raw):
            if (table := table_from_rows(path, sheet.name, sheet.rows, cols)) is not None:
                target.append(table)
                return
    problems.add(path, "Filens sort känns inte igen: inget blad heter Budget, Mål/Indikatorer eller Prognos, och inget blad "
                       "har rubrikerna för huvudboksexport (År, Period, Nämnd, Verksamhet, Konto, Belopp), Kolada-export "
                       "(kpi, municipality, period, gender, value), Koladas webbexport (Nyckeltal, Kommun/Landsting, År, "
                       "Visat värde) eller egna mätningar (Indikator-id, Period, Kön, Värde).",
                 sheets[0].name)


def _headed_kinds(raw: RawInputs) -> tuple[tuple[tuple, list[RawTable]], ...]:
    """The kinds recognised by their header alone (in a sheet of any name, or a CSV) and where each goes."""
    return ((kinds.UTFALL, raw.utfall), (kinds.KOLADA_LONG, raw.kolada), (kinds.EGNA, raw.egna),
            (kinds.KOLADA_WEB, raw.kolada_web))


def _read_csv(path: Path, raw: RawInputs, problems: Problems) -> None:
    if path.stat().st_size == 0:
        problems.add(path, "Filen är tom (0 byte).")
        return
    if (head := read_csv_head(path, problems)) is None:
        return
    if (ddf := ddf_columns(head.rows)) is not None:
        if (table := read_ddf_csv(path, ddf, problems, head)) is not None:
            raw.kolada.append(table)
        return
    for cols, target in _headed_kinds(raw):
        if head.header(cols) is not None:
            table = read_csv_table(path, cols, problems, head)
            if table is not None:
                target.append(table)
            return
    for cols, _target in _headed_kinds(raw):
        for _delimiter, rows in head.splits:
            if (late := late_header_row(rows, cols)) is not None:
                problems.add(path, late_header_message(late), None, late + 1)
                return
    row, missing = missing_columns(head.rows, kinds.UTFALL)
    problems.add(path, "CSV-filens sort känns inte igen. En huvudboksexport ska ha kolumnerna "
                       f"År, Period, Nämnd, Verksamhet, Konto, Belopp (saknas: {', '.join(missing)}); en Kolada-fil "
                       "kpi, municipality, period, gender, value eller Nyckeltal, Kommun/Landsting, År, Visat värde "
                       f"(docs/indata.md). Filen lästes som {head.read_as()}; rubrikraden söks bland de "
                       f"{HEADER_SEARCH_ROWS} första raderna.", None, row + 1)


def _read_kolada_json(path: Path, raw: RawInputs, problems: Problems) -> None:
    """Kolada API JSON (v2, or a saved v3 page) -> raw.kolada; deleted values are counted in raw.notes."""
    table, notes = read_kolada_json(path, problems)
    if table is not None:
        raw.kolada.append(table)
    raw.notes += notes
