"""Render a pre-filled rapportunderlag workbook (context.underlag) in memory, byte-reproducibly.

Every sheet: a title row, the header (bold, locked), rows pre-filled from what the project knows, input cells
marked (light yellow, unlocked: the sheet is protected without a password so only the input cells take
typing), dropdowns for every closed scale, column widths. Sheet "Instruktion" explains the sheets and gives the
nämnd's deadlines from the tidplan. Text is always written as text (render.prioritering_xlsx.put).
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.render.prioritering_xlsx import put
from pipeline.render.xlsx import workbook_bytes

HEADER_ROW = 2
INPUT_ROWS = 150          # empty input rows offered below the pre-filled ones
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEAD = PatternFill("solid", fgColor="D9E1F2")
INPUT = PatternFill("solid", fgColor="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)


LISTS = "Val"            # hidden sheet with the dropdown lists Excel cannot take inline


def _choices(wb: Workbook):
    """A function giving a dropdown's formula: the words inline ("A,B,C") when Excel allows it, else a range on
    the hidden sheet LISTS (a word with a comma, such as "Samspel, kultur inom organisationen", or over 255
    characters)."""
    rows: dict[tuple[str, ...], str] = {}

    def formula(words) -> str:
        words = tuple(words)
        inline = ",".join(words)
        if not any("," in w for w in words) and len(inline) <= 255:
            return f'"{inline}"'
        if words not in rows:
            ws = wb[LISTS] if LISTS in wb.sheetnames else wb.create_sheet(LISTS)
            ws.sheet_state = "hidden"
            r = len(rows) + 1
            for c, word in enumerate(words, start=1):
                put(ws, r, c, word)
            rows[words] = f"{LISTS}!$A${r}:${get_column_letter(len(words))}${r}"
        return rows[words]
    return formula


def _sheet(ws, sheet: dict, choices) -> None:
    """One data sheet: sheet = {namn, titel, kolumner: [{namn, bredd, inmatning, skala}], rader: [[...]]}."""
    columns = sheet["kolumner"]
    put(ws, 1, 1, sheet["titel"]).font = TITLE
    for c, col in enumerate(columns, start=1):
        cell = put(ws, HEADER_ROW, c, col["namn"])
        cell.font, cell.fill, cell.alignment = BOLD, HEAD, WRAP
        ws.column_dimensions[get_column_letter(c)].width = col.get("bredd", 16)
    last = HEADER_ROW + len(sheet["rader"]) + INPUT_ROWS
    for i, row in enumerate(sheet["rader"], start=HEADER_ROW + 1):
        for c, value in enumerate(row, start=1):
            put(ws, i, c, value).alignment = WRAP
    if sheet.get("namnd"):   # every offered row carries the nämnd's id (a row with only the id is empty)
        c = [col["namn"] for col in columns].index("Nämnd") + 1
        for r in range(HEADER_ROW + 1, last + 1):
            put(ws, r, c, sheet["namnd"])
    for c, col in enumerate(columns, start=1):
        if not col.get("inmatning"):
            continue
        for r in range(HEADER_ROW + 1, last + 1):
            cell = ws.cell(row=r, column=c)
            cell.fill = INPUT
            cell.protection = UNLOCKED
        if col.get("skala"):
            letter = get_column_letter(c)
            validation = DataValidation(type="list", formula1=choices(col["skala"]), allow_blank=True,
                                        showErrorMessage=True, errorTitle=col["namn"],
                                        error=f"Välj ett av: {'; '.join(col['skala'])}.")
            validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{last}")
            ws.add_data_validation(validation)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.protection.sheet = True          # header and pre-filled facts locked, input cells open; no password
    ws.protection.formatColumns = False
    ws.protection.autoFilter = False


def _instruktion(ws, context: dict) -> None:
    put(ws, 1, 1, context["titel"]).font = TITLE
    row = 3
    for heading, lines in context["instruktion"]:
        put(ws, row, 1, heading).font = BOLD
        row += 1
        for line in lines:
            put(ws, row, 1, line).alignment = WRAP
            row += 1
        row += 1
    ws.column_dimensions["A"].width = 120
    ws.protection.sheet = True


def render_underlag(context: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Instruktion"
    _instruktion(ws, context)
    choices = _choices(wb)
    for sheet in context["blad"]:
        _sheet(wb.create_sheet(sheet["namn"]), sheet, choices)
    if LISTS in wb.sheetnames:   # the lists last, after the sheets people fill in
        wb.move_sheet(LISTS, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS))
    return workbook_bytes(wb, context)
