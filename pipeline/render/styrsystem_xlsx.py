"""Render styrsystemsanalys.xlsx in memory (openpyxl), byte-reproducibly.

Sheets: "Mål och indikatorer" (one row per mål and indikator), "Hur tydlig är styrningen" (per KF-mål the
guide's questions × the scale Nej / Till liten del / Till viss del / Ja, nästan helt och hållet) and
"Varningar".

Summa and "Andel av total (%)" are Excel formulas, so they stay right when people put their X's in; openpyxl
writes formulas without a cached result, so the result computed here is written into each formula cell as its
cached value (readers that do not calculate, such as openpyxl with data_only=True or a file preview, see the
right numbers; Excel and LibreOffice recalculate on edit, and the workbook asks Excel for a full calculation
on load). Determinism: core properties dated to the reporting point and zip members with fixed timestamps.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.render.xlsx import workbook_bytes

SHEET_MAL = "Mål och indikatorer"
SHEET_TYDLIG = "Hur tydlig är styrningen"
SHEET_VARNINGAR = "Varningar"
MAL_HEADER = ["KF-mål", "Nämnd", "Mål-id", "Målformulering", "Indikator-id", "Indikator", "Kategori",
              "Påverkansgrad", "Status", "Varningar om målet", "Varningar om indikatorn"]
MAL_WIDTHS = [34, 28, 9, 44, 13, 44, 18, 14, 16, 50, 50]
VARNING_HEADER = ["Nämnd", "Mål-id", "Indikator-id", "Kod", "Varning"]
VARNING_WIDTHS = [34, 9, 13, 22, 90]
SUMMA = "Summa"
ANDEL = "Andel av total (%)"
MARK = "X"

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="top")
INPUT = PatternFill("solid", fgColor="FFF2CC")      # cells for people to fill in
HEAD = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _table_sheet(ws, header: list[str], widths: list[int], rows: list[list[str]]) -> None:
    """A plain list: bold header, frozen below it, filter over all rows, column widths, wrapped text."""
    ws.append(header)
    for cell in ws[1]:
        cell.font = BOLD
        cell.fill = HEAD
        cell.alignment = WRAP
    for row in rows:
        ws.append([v if v != "" else None for v in row])
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


def _tydlighet_sheet(ws, context: dict) -> dict[str, float]:
    """The guide's table per KF-mål; returns {cell: cached value} for the formula cells."""
    scale = context["skala"]
    first_scale, last_scale = 2, 1 + len(scale)          # columns B..E
    basis_col, filled_col = last_scale + 1, last_scale + 2
    ws.column_dimensions["A"].width = 62
    for col in range(first_scale, last_scale + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14
    ws.column_dimensions[get_column_letter(basis_col)].width = 58
    ws.column_dimensions[get_column_letter(filled_col)].width = 11
    ws.append(["Hur tydlig är styrningen?"])
    ws["A1"].font = TITLE
    for line in context["tydlighet_intro"]:
        ws.append([line])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=filled_col)
        ws.cell(row=ws.max_row, column=1).alignment = WRAP
        ws.row_dimensions[ws.max_row].height = 32
    validation = DataValidation(type="list", formula1=f'"{MARK}"', allow_blank=True, showErrorMessage=True,
                                errorTitle="Markera med X", error="Skriv X i en av de fyra svarskolumnerna.",
                                promptTitle="Svar", prompt="Välj X för det svar som stämmer bäst.",
                                showInputMessage=True)
    ws.add_data_validation(validation)
    cached: dict[str, float] = {}
    sc = [get_column_letter(c) for c in range(first_scale, last_scale + 1)]
    for block in context["tydlighet"]:
        ws.append([])
        ws.append([block["rubrik"]])
        ws.cell(row=ws.max_row, column=1).font = BOLD
        ws.append(["Fråga", *scale, "Underlag", "Ifylld"])
        for cell in ws[ws.max_row]:
            cell.font = BOLD
            cell.fill = HEAD
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.cell(row=ws.max_row, column=1).alignment = Alignment(vertical="center")
        top = ws.max_row + 1
        counts = [0] * len(scale)
        for q in block["fragor"]:
            marks = [MARK if q["svar"] == i else None for i in range(len(scale))]
            if q["svar"] is not None:
                counts[q["svar"]] += 1
            ws.append([q["text"], *marks, q["underlag"] or None, q["ifylld"]])
            r = ws.max_row
            for col in range(1, filled_col + 1):
                cell = ws.cell(row=r, column=col)
                cell.border = BOX
                cell.alignment = CENTER if first_scale <= col <= last_scale else WRAP
                if q["svar"] is None and (first_scale <= col <= last_scale or col == basis_col):
                    cell.fill = INPUT
        bottom = ws.max_row
        validation.add(f"{sc[0]}{top}:{sc[-1]}{bottom}")
        total = sum(counts)
        ws.append([SUMMA, *[f'=COUNTIF({c}{top}:{c}{bottom},"{MARK}")' for c in sc]])
        summa = ws.max_row
        ws.append([ANDEL, *[f"=IF(SUM(${sc[0]}{summa}:${sc[-1]}{summa})=0,0,"
                            f"{c}{summa}/SUM(${sc[0]}{summa}:${sc[-1]}{summa}))" for c in sc]])
        andel = ws.max_row
        for i, c in enumerate(sc):
            cached[f"{c}{summa}"] = counts[i]
            cached[f"{c}{andel}"] = counts[i] / total if total else 0
            ws[f"{c}{andel}"].number_format = "0%"
        for r in (summa, andel):
            for col in range(1, last_scale + 1):
                cell = ws.cell(row=r, column=col)
                cell.font = BOLD
                cell.border = BOX
                cell.alignment = CENTER if col > 1 else Alignment(vertical="top")
    _print_setup(ws)
    return cached


def render_styrsystemsanalys(context: dict) -> bytes:
    """The workbook as bytes (context: context.styrsystem.workbook_context)."""
    wb = Workbook()
    ws_mal = wb.active
    ws_mal.title = SHEET_MAL
    _table_sheet(ws_mal, MAL_HEADER, MAL_WIDTHS, context["mal_rader"])
    ws_tydlig = wb.create_sheet(SHEET_TYDLIG)
    cached = _tydlighet_sheet(ws_tydlig, context)
    _table_sheet(wb.create_sheet(SHEET_VARNINGAR), VARNING_HEADER, VARNING_WIDTHS, context["varningar"])

    return workbook_bytes(wb, context, {SHEET_TYDLIG: cached})
