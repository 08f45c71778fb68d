"""Render styrsystemsanalys.xlsx in memory (openpyxl), byte-reproducibly.

Sheets: "Mål och indikatorer" (one row per mål and indikator), then the SKL guide's tools one per sheet (laid out
by context.styrsystem: headings, texts and tables whose rows say which cells are for people, which columns take
an X and which cells take a word from the question's own scale), and "Varningar". A hidden sheet "Skalor" holds
the scales the dropdowns list.

Summa and "Andel av total (%)" under a table of crosses are Excel formulas (COUNTIF of the X's, and that count
over the table's rows), so they stay right when people put their X's in; openpyxl writes formulas without a
cached result, so the result computed here is written into each formula cell as its cached value (readers that
do not calculate see the right numbers; Excel and LibreOffice recalculate). Text from the kommun's files is
written as text, never a formula (render.prioritering_xlsx.put). Determinism: core properties dated to the
reporting point and zip members with fixed timestamps.
"""

from __future__ import annotations

import math

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.render.prioritering_xlsx import put
from pipeline.render.xlsx import workbook_bytes

SHEET_MAL = "Mål och indikatorer"
SHEET_VARNINGAR = "Varningar"
SHEET_SKALOR = "Skalor"
MAL_HEADER = ["KF-mål", "Nämnd", "Mål-id", "Målformulering", "Indikator-id", "Indikator", "Kategori",
              "Påverkansgrad", "Status", "Varningar om målet", "Varningar om indikatorn"]
MAL_WIDTHS = [34, 28, 9, 44, 13, 44, 18, 14, 16, 50, 50]
VARNING_HEADER = ["Nämnd", "Mål-id", "Indikator-id", "Kod", "Varning"]
VARNING_WIDTHS = [34, 9, 13, 22, 90]
MARK = "X"

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)
INPUT = PatternFill("solid", fgColor="FFF2CC")      # cells for people to fill in
HEAD = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _table_sheet(ws, header: list[str], widths: list[int], rows: list[list[str]]) -> None:
    """A plain list: bold header, frozen below it, filter over all rows, column widths, wrapped text."""
    _append(ws, header)
    for cell in ws[1]:
        cell.font = BOLD
        cell.fill = HEAD
        cell.alignment = WRAP
    for row in rows:
        r = ws.max_row + 1
        for col, value in enumerate(row, start=1):
            if value not in ("", None):
                put(ws, r, col, value)   # the kommun's text: never a formula
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(ws.max_row, 2)}"
    ws.print_title_rows = "1:1"
    _print_setup(ws)


def _print_setup(ws) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _append(ws, values: list) -> int:
    """A row of text and numbers; text through `put` (never a formula). Returns the row number."""
    r = ws.max_row + 1 if ws.max_row > 1 or ws.cell(row=1, column=1).value is not None else 1
    for col, value in enumerate(values, start=1):
        if value not in ("", None):
            put(ws, r, col, value)
    if not any(v not in ("", None) for v in values):
        ws.row_dimensions[r].height = 8   # an empty spacer row still counts as a row
    return r


def _text_row(ws, text: str, width: int, widths: list[int], font=None) -> None:
    r = _append(ws, [text])
    cell = ws.cell(row=r, column=1)
    cell.alignment = WRAP
    if font is not None:
        cell.font = font
    if width > 1:
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        chars = sum(widths) * 1.1
        ws.row_dimensions[r].height = 15 * max(1, math.ceil(len(text) / chars))


def _scale_rows(wb: Workbook, sheets: list[dict]) -> dict[tuple[str, ...], str]:
    """The hidden sheet of scales: one row per distinct scale; returns {scale: its range}."""
    ws = wb.create_sheet(SHEET_SKALOR)
    ranges = {}
    for sheet in sheets:
        for scale in sheet.get("skalor", []):
            scale = tuple(scale)
            if scale in ranges:
                continue
            r = _append(ws, list(scale))
            ranges[scale] = f"{SHEET_SKALOR}!$A${r}:${get_column_letter(len(scale))}${r}"
    ws.sheet_state = "hidden"
    return ranges


def _table(ws, block: dict, width: int, scales: list[tuple[str, ...]], ranges: dict, cached: dict) -> None:
    """A table block: optional title, header rows, rows (inputs yellow, X dropdowns on the cross columns, a
    scale dropdown where a row asks for one), Summa and Andel rows under a table of crosses."""
    if block.get("titel"):
        r = _append(ws, [block["titel"]])
        ws.cell(row=r, column=1).font = BOLD
    columns = max(len(h) for h in block["huvud"])
    for head in block["huvud"]:
        r = _append(ws, head)
        for col in range(1, columns + 1):
            cell = ws.cell(row=r, column=col)
            cell.font, cell.fill, cell.border = BOLD, HEAD, BOX
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center" if col > 1 else "left")
    kryss = block.get("kryss") or []
    cross = DataValidation(type="list", formula1=f'"{MARK}"', allow_blank=True, showErrorMessage=True,
                           errorTitle="Markera med X", error="Skriv X eller lämna rutan tom.") if kryss else None
    if cross is not None:
        ws.add_data_validation(cross)
    lists: dict[int, DataValidation] = {}
    data_rows = []
    for row in block["rader"]:
        r = _append(ws, row["celler"])
        bold = row.get("fet", False)
        if not bold:
            data_rows.append(r)
        for col in range(1, columns + 1):
            cell = ws.cell(row=r, column=col)
            cell.border = BOX
            cell.alignment = CENTER if (col - 1) in kryss else WRAP
            if bold:
                cell.font = BOLD
            if (col - 1) in row.get("inmatning", []):
                cell.fill = INPUT
            if (col - 1) in row.get("procent", []):
                cell.number_format = "0%"
        for col, index in row.get("val", {}).items():
            if index not in lists:
                lists[index] = DataValidation(type="list", formula1=ranges[tuple(scales[index])], allow_blank=True,
                                              showErrorMessage=True, errorTitle="Välj ett svar",
                                              error="Välj ett av svaren i listan.")
                ws.add_data_validation(lists[index])
            lists[index].add(f"{get_column_letter(col + 1)}{r}")
        if cross is not None and not bold:
            for col in kryss:
                cross.add(f"{get_column_letter(col + 1)}{r}")
    if not block.get("summa"):
        return
    label_col = block.get("summa_kolumn", 0)
    summa_label, andel_label = block["summa"]
    first, last = (data_rows[0], data_rows[-1]) if data_rows else (None, None)
    letters = [get_column_letter(c + 1) for c in kryss]
    r_sum = _append(ws, [""] * label_col + [summa_label])
    r_share = _append(ws, [""] * label_col + [andel_label])
    for c, letter in zip(kryss, letters):
        marks = sum(1 for r in data_rows if ws.cell(row=r, column=c + 1).value == MARK)
        if first is None:
            ws[f"{letter}{r_sum}"], ws[f"{letter}{r_share}"] = 0, 0
        else:
            ws[f"{letter}{r_sum}"] = f'=COUNTIF({letter}{first}:{letter}{last},"{MARK}")'
            ws[f"{letter}{r_share}"] = f"={letter}{r_sum}/ROWS({letter}{first}:{letter}{last})"
            cached[f"{letter}{r_sum}"] = marks
            cached[f"{letter}{r_share}"] = marks / len(data_rows)
        ws[f"{letter}{r_share}"].number_format = "0%"
    totals = [r_sum, r_share]
    if block.get("grupp_summa"):
        totals += _group_total(ws, block["grupp_summa"], label_col, r_sum, data_rows, cached)
    for r in totals:
        for col in range(1, columns + 1):
            cell = ws.cell(row=r, column=col)
            cell.font, cell.border = BOLD, BOX
            cell.alignment = CENTER if (col - 1) in kryss else Alignment(vertical="top")


def _group_total(ws, group: tuple, label_col: int, r_sum: int, data_rows: list[int], cached: dict) -> list[int]:
    """Two rows under Summa/Andel adding up a group of cross columns (e.g. RESULTAT's Subjektiva, Objektiva and
    Effektivitet): their Summa cells added, and that over the table's rows; the value in the group's first column,
    merged across the group."""
    (summa_label, andel_label), cols = group
    letters = [get_column_letter(c + 1) for c in cols]
    r_total = _append(ws, [""] * label_col + [summa_label])
    r_share = _append(ws, [""] * label_col + [andel_label])
    first = f"{letters[0]}{r_total}"
    if data_rows:
        ws[first] = "=" + "+".join(f"{letter}{r_sum}" for letter in letters)
        ws[f"{letters[0]}{r_share}"] = f"={first}/ROWS({letters[0]}{data_rows[0]}:{letters[0]}{data_rows[-1]})"
        marks = sum(1 for r in data_rows for c in cols if ws.cell(row=r, column=c + 1).value == MARK)
        cached[first] = marks
        cached[f"{letters[0]}{r_share}"] = marks / len(data_rows)
    else:
        ws[first], ws[f"{letters[0]}{r_share}"] = 0, 0
    ws[f"{letters[0]}{r_share}"].number_format = "0%"
    for r in (r_total, r_share):
        ws.merge_cells(f"{letters[0]}{r}:{letters[-1]}{r}")
    return [r_total, r_share]


def _tool_sheet(wb: Workbook, sheet: dict, ranges: dict) -> dict[str, float]:
    """One of the guide's tools; returns {cell: cached value} of its formula cells."""
    ws = wb.create_sheet(sheet["namn"])
    widths = sheet["bredder"]
    for col, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = w
    cached: dict[str, float] = {}
    for block in sheet["block"]:
        kind = block["typ"]
        if kind == "rubrik":
            _text_row(ws, block["text"], len(widths), widths, TITLE)
        elif kind == "text":
            _text_row(ws, block["text"], len(widths), widths)
        else:
            if ws.max_row > 1:
                _append(ws, [])
            _table(ws, block, len(widths), sheet.get("skalor", []), ranges, cached)
    _print_setup(ws)
    return cached


def render_styrsystemsanalys(context: dict) -> bytes:
    """The workbook as bytes (context: context.styrsystem.workbook_context)."""
    wb = Workbook()
    ws_mal = wb.active
    ws_mal.title = SHEET_MAL
    _table_sheet(ws_mal, MAL_HEADER, MAL_WIDTHS, context["mal_rader"])
    sheets = context["verktyg"]
    ranges = _scale_rows(wb, sheets)
    cached = {sheet["namn"]: _tool_sheet(wb, sheet, ranges) for sheet in sheets}
    _table_sheet(wb.create_sheet(SHEET_VARNINGAR), VARNING_HEADER, VARNING_WIDTHS, context["varningar"])
    wb.move_sheet(SHEET_SKALOR, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(SHEET_SKALOR))
    return workbook_bytes(wb, context, {name: values for name, values in cached.items() if values})
