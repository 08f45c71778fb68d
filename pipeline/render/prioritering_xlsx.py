"""Render a prioriteringsmodell workbook (context.prioritering.workbook_context) in memory, byte-reproducibly.

Sheet "Prioriteringsmodell": title row, the scale-legend row, the header (frozen, with filters), one row per
förslag (rows where the nämnd's rang differs from the computed one highlighted), dropdowns on every closed
scale, and "Summa kostnad per typ" as SUMIF formulas with their values cached. Print setup: A4 landscape, fit to
width, title rows repeated. Sheet "Prioriteringsmatris": each förslag's place and the four fields. Text from the
inputs is always written as text: a cell that starts with =, +, - or @ never becomes a formula.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.render.xlsx import workbook_bytes

SHEET_MODELL = "Prioriteringsmodell"
SHEET_MATRIS = "Prioriteringsmatris"
FIRST_DATA_ROW = 4
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
LEGEND_FONT = Font(italic=True, size=8, color="404040")
WRAP = Alignment(wrap_text=True, vertical="top")
HEAD = PatternFill("solid", fgColor="D9E1F2")
DIFF = PatternFill("solid", fgColor="FFE699")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WIDTHS = {"Nämnd": 22, "Förslags-id": 11, "Typ": 18, "Problem": 34, "Målgrupp": 20, "Åtgärd": 34,
          "Nuvarande åtgärd": 22, "Kostnad (tkr)": 12, "Svårighetsgrad": 13, "Nytta": 12, "Skala": 16,
          "Kostnadseffektivitet": 15, "Nämndens rang": 10, "Beräknad rang": 10, "Prioriteringsmatris": 14}
FORMULA_START = ("=", "+", "-", "@")


def put(ws, row: int, column: int, value):
    """Write a value; text is always stored as text, also when it looks like a formula."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
    return cell


def _modell(ws, context: dict) -> dict[str, float]:
    columns = context["kolumner"]
    n_cols = len(columns)
    last = get_column_letter(n_cols)
    put(ws, 1, 1, context["titel"] + (" – PRELIMINÄR (valår)" if context["preliminar"] else "")).font = TITLE
    for c, text in enumerate(context["forklaring"], start=1):
        cell = put(ws, 2, c, text or None)
        cell.font, cell.alignment = LEGEND_FONT, WRAP
    for c, name in enumerate(columns, start=1):
        cell = put(ws, 3, c, name)
        cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEAD, WRAP, BOX
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS.get(name, 14)
    rows = context["rader"]
    rang_col = columns.index("Beräknad rang") + 1
    for i, r in enumerate(rows):
        for c, value in enumerate(r["varden"], start=1):
            cell = put(ws, FIRST_DATA_ROW + i, c, value)
            cell.alignment, cell.border = WRAP, BOX
        if r["avviker"]:
            flagged = ws.cell(row=FIRST_DATA_ROW + i, column=rang_col)
            flagged.fill, flagged.font = DIFF, BOLD
    end = FIRST_DATA_ROW + max(len(rows), 1) - 1
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    ws.auto_filter.ref = f"A3:{last}{end}"
    for name, words in context["skalor"].items():
        letter = get_column_letter(columns.index(name) + 1)
        validation = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True,
                                    showErrorMessage=True, errorTitle=name,
                                    error=f"Välj ett av: {', '.join(words)}.")
        validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{max(end, FIRST_DATA_ROW + 200)}")
        ws.add_data_validation(validation)
    # Summa kostnad per typ, as formulas over the table (they follow edits) with the computed value cached.
    typ_col = get_column_letter(columns.index("Typ") + 1)
    cost_col = get_column_letter(columns.index("Kostnad (tkr)") + 1)
    start = end + 2
    put(ws, start, 1, "Summa kostnad per typ (tkr)").font = BOLD
    cached: dict[str, float] = {}
    for i, s in enumerate(context["summor"], start=1):
        put(ws, start + i, 1, s["typ"])
        formula = (f'=SUMIF(${typ_col}${FIRST_DATA_ROW}:${typ_col}${end},"{s["typ"]}",'
                   f'${cost_col}${FIRST_DATA_ROW}:${cost_col}${end})')
        ws.cell(row=start + i, column=2, value=formula).number_format = "#,##0"
        cached[f"B{start + i}"] = s["kostnad"]
    row = start + len(context["summor"]) + 2
    if context.get("per_namnd"):
        types = [s["typ"] for s in context["summor"]]
        put(ws, row, 1, "Summa per nämnd och typ (tkr)").font = BOLD
        for c, name in enumerate(["Nämnd", *types, "Summa"], start=1):
            cell = put(ws, row + 1, c, name)
            cell.font, cell.fill = BOLD, HEAD
        for i, r in enumerate(context["per_namnd"], start=row + 2):
            for c, value in enumerate([r["namnd"], *[r[t] for t in types], r["summa"]], start=1):
                put(ws, i, c, value)
        row += len(context["per_namnd"]) + 3
    if context.get("utrymme"):
        put(ws, row, 1, "Mot prioriteringsutrymmet (tkr)").font = BOLD
        for i, r in enumerate(context["utrymme"], start=row + 1):
            put(ws, i, 1, r["namn"])
            put(ws, i, 2, r["belopp"]).number_format = "#,##0"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:3"
    return cached


def _matris(ws, context: dict) -> None:
    put(ws, 1, 1, "Prioriteringsmatris: resursinsats (kostnad) mot effekt (nytta, kort och lång sikt)").font = TITLE
    header = ["Nämnd", "Förslags-id", "Åtgärd", "Effekt (0–4,5)", "Resursinsats (tkr)", "Fält"]
    for c, name in enumerate(header, start=1):
        cell = put(ws, 3, c, name)
        cell.font, cell.fill, cell.border = BOLD, HEAD, BOX
    for i, m in enumerate(context["matris"], start=4):
        for c, value in enumerate((m["namnd"], m["forslag"], m["atgard"], m["effekt"], m["resursinsats"], m["falt"]),
                                  start=1):
            put(ws, i, c, value).border = BOX
    row = 5 + len(context["matris"])
    put(ws, row, 1, "Fälten").font = BOLD
    for j, f in enumerate(context["falt"], start=1):
        put(ws, row + j, 1, f["namn"]).font = BOLD
        put(ws, row + j, 2, f["beskrivning"])
        members = [m["forslag"] for m in context["matris"] if m["falt"] == f["namn"]]
        put(ws, row + j, 3, ", ".join(members) or "–")
    for c, width in enumerate((22, 12, 40, 12, 16, 12), start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


def render_prioriteringsmodell(context: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_MODELL
    cached = _modell(ws, context)
    _matris(wb.create_sheet(SHEET_MATRIS), context)
    return workbook_bytes(wb, context, {SHEET_MODELL: cached})
