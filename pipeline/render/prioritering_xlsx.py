"""Render a prioriteringsmodell workbook (context.prioritering.workbook_context) in memory, byte-reproducibly.

Sheet "Prioriteringsmodell": title row, the scale-legend row, the header (frozen, with filters), one row per
förslag, and input rows down to LAST_INPUT_ROW with dropdowns on every closed scale. `Beräknad rang` is a formula
in every input row (the model's rule, model.prioritering.beraknad_rang: within the Typ, 1 + the rows with a better
Rangnyckel + the rows with the same Rangnyckel and a lower kostnad; ties share the best place), over a hidden helper
column Rangnyckel (model.prioritering.rangnyckel, also a formula). A rank that differs from the nämnd's own is
highlighted – statically where the model finds it, and by a conditional-format rule that follows edits. Sheet
"Summor": the sums per Typ and in total (and in the sammanställning per nämnd and typ and against the
prioriteringsutrymme) as SUMIF/SUMIFS formulas over the whole input range. Every formula carries the model's value
as its cached result, so a reader that does not calculate sees the right numbers. Print setup: A4 landscape, fit to
width, title rows repeated. Sheet "Prioriteringsmatris": each förslag's place and the four fields. Text from the
inputs is always written as text: a cell that starts with =, +, - or @ never becomes a formula.
"""

from __future__ import annotations

import re

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.render.xlsx import workbook_bytes

SHEET_MODELL = "Prioriteringsmodell"
SHEET_MATRIS = "Prioriteringsmatris"
SHEET_SUMMOR = "Summor"
FIRST_DATA_ROW = 4
INPUT_ROWS = 201            # rows offered for input (förslag and added rows): FIRST_DATA_ROW … LAST_INPUT_ROW
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
LEGEND_FONT = Font(italic=True, size=8, color="404040")
WRAP = Alignment(wrap_text=True, vertical="top")
HEAD = PatternFill("solid", fgColor="D9E1F2")
DIFF = PatternFill("solid", fgColor="FFE699")
DIFF_RULE = PatternFill(fill_type="solid", start_color="FFE699", end_color="FFE699")   # a dxf fill needs bgColor
HELPER_FONT = Font(color="808080", size=8)
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WIDTHS = {"Nämnd": 22, "Förslags-id": 11, "Typ": 18, "Problem": 34, "Målgrupp": 20, "Åtgärd": 34,
          "Nuvarande åtgärd": 22, "Kostnad (tkr)": 12, "Svårighetsgrad": 13, "Nytta": 12, "Skala": 16,
          "Kostnadseffektivitet": 15, "Nämndens rang": 10, "Beräknad rang": 10, "Prioriteringsmatris": 14,
          "Konsekvensbeskrivning": 30}
FORMULA_START = ("=", "+", "-", "@")


def put(ws, row: int, column: int, value):
    """Write a value; text is always stored as text, also when it looks like a formula."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
    return cell


def last_input_row(n_rows: int) -> int:
    """The last row a förvaltning can fill in: INPUT_ROWS rows from the first, or further when there are more
    förslag."""
    return max(FIRST_DATA_ROW + max(n_rows, 1) - 1, FIRST_DATA_ROW + INPUT_ROWS - 1)


def _array(words) -> str:
    """An Excel array constant of texts: {"a","b"}."""
    return "{" + ",".join('"' + w.replace('"', '""') + '"' for w in words) + "}"


def _modell(ws, context: dict) -> tuple[dict[str, float], dict]:
    """The förslag sheet; returns the cached values of its formulas and the input ranges for the sums."""
    columns = context["kolumner"]
    n_cols = len(columns)
    last = get_column_letter(n_cols)
    letter = {name: get_column_letter(columns.index(name) + 1) for name in columns}
    key_col = get_column_letter(n_cols + 1)   # the hidden helper column Rangnyckel
    put(ws, 1, 1, context["titel"] + (" – PRELIMINÄR (valår)" if context["preliminar"] else "")).font = TITLE
    for c, text in enumerate(context["forklaring"], start=1):
        cell = put(ws, 2, c, text or None)
        cell.font, cell.alignment = LEGEND_FONT, WRAP
    put(ws, 2, n_cols + 1, context["rangnyckel"]["forklaring"]).font = LEGEND_FONT
    for c, name in enumerate(columns, start=1):
        cell = put(ws, 3, c, name)
        cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEAD, WRAP, BOX
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS.get(name, 14)
    put(ws, 3, n_cols + 1, context["rangnyckel"]["rubrik"]).font = HELPER_FONT
    ws.column_dimensions[key_col].hidden = True
    rows = context["rader"]
    first, end_input = FIRST_DATA_ROW, last_input_row(len(rows))
    rang_col = columns.index("Beräknad rang") + 1
    for i, r in enumerate(rows):
        for c, value in enumerate(r["varden"], start=1):
            if c == rang_col:
                continue   # a formula, below
            cell = put(ws, FIRST_DATA_ROW + i, c, value)
            cell.alignment, cell.border = WRAP, BOX
        if r["avviker"]:
            flagged = ws.cell(row=FIRST_DATA_ROW + i, column=rang_col)
            flagged.fill, flagged.font = DIFF, BOLD
    end = FIRST_DATA_ROW + max(len(rows), 1) - 1

    def rng(name_or_letter: str) -> str:
        col = letter.get(name_or_letter, name_or_letter)
        return f"${col}${first}:${col}${end_input}"

    # Rangnyckel and Beräknad rang as formulas in every input row, with the model's values cached.
    order = context["rangordning"]
    typ, kost, rang = letter["Typ"], letter["Kostnad (tkr)"], letter["Beräknad rang"]
    cached: dict[str, float] = {}
    for row in range(first, end_input + 1):
        levels = [f'IFERROR(MATCH(${letter[name]}{row},{_array(words)},0),{len(words) + 1})*{weight}'
                  for name, weight in (("Kostnadseffektivitet", 100), ("Nytta", 10), ("Svårighetsgrad", 1))
                  for words in [order[name]]]
        key = ws.cell(row=row, column=n_cols + 1, value=f'=IF(${typ}{row}="","",{"+".join(levels)})')
        key.font = HELPER_FONT
        formula = (f'=IF(${key_col}{row}="","",1+COUNTIFS({rng(typ)},${typ}{row},{rng(key_col)},"<"&${key_col}{row})'
                   f'+COUNTIFS({rng(typ)},${typ}{row},{rng(key_col)},${key_col}{row},{rng(kost)},"<"&${kost}{row}))')
        cell = ws.cell(row=row, column=rang_col, value=formula)
        if row <= end and rows:
            cell.alignment, cell.border = WRAP, BOX
            r = rows[row - first]
            cached[f"{key_col}{row}"] = r["rangnyckel"]
            cached[f"{rang}{row}"] = r["varden"][rang_col - 1]
    if context["jamfor_rang"]:   # the nämnd's own rank against the computed one, following edits
        own = letter["Nämndens rang"]
        ws.conditional_formatting.add(
            f"{rang}{first}:{rang}{end_input}",
            FormulaRule(formula=[f"AND(ISNUMBER(${own}{first}),ISNUMBER(${rang}{first}),${own}{first}<>${rang}{first})"],
                        fill=DIFF_RULE, font=Font(bold=True)))
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    ws.auto_filter.ref = f"A3:{last}{end_input}"
    for name, words in context["skalor"].items():
        validation = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True,
                                    showErrorMessage=True, errorTitle=name,
                                    error=f"Välj ett av: {', '.join(words)}.")
        validation.add(f"{letter[name]}{FIRST_DATA_ROW}:{letter[name]}{end_input}")
        ws.add_data_validation(validation)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:3"
    ws.print_area = f"A1:{last}{end}"
    ranges = {"typ": rng(typ), "kostnad": rng(kost), "id": rng(letter["Förslags-id"]),
              "namnd": rng(letter["Nämnd"]) if "Nämnd" in letter else None}
    return cached, ranges


def _summor(ws, context: dict, ranges: dict) -> dict[str, float]:
    """Sums per Typ and in total (and per nämnd and typ, and against the prioriteringsutrymme) as formulas over
    the whole input range of the förslag sheet, with the model's values cached."""
    sheet = f"'{SHEET_MODELL}'!"
    typ, kost = sheet + ranges["typ"], sheet + ranges["kostnad"]
    put(ws, 1, 1, f"Summor – {context['titel']}").font = TITLE
    put(ws, 2, 1, "Formler över hela inmatningsområdet i bladet Prioriteringsmodell; de följer ändringar där.").font = \
        LEGEND_FONT
    for c, name in enumerate(("Typ", "Summa kostnad (tkr)", "Antal förslag"), start=1):
        cell = put(ws, 3, c, name)
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEAD, BOX, WRAP
    cached: dict[str, float] = {}
    cell_of: dict[str, str] = {}
    row = 4
    for s in context["summor"]:
        put(ws, row, 1, s["typ"]).border = BOX
        ws.cell(row=row, column=2, value=f"=SUMIF({typ},$A{row},{kost})").number_format = "#,##0"
        ws.cell(row=row, column=3, value=f"=COUNTIF({typ},$A{row})")
        cached[f"B{row}"], cached[f"C{row}"] = s["kostnad"], s["antal"]
        cell_of[s["typ"]] = f"B{row}"
        row += 1
    put(ws, row, 1, "Totalt").font = BOLD
    total = ws.cell(row=row, column=2, value=f"=SUM({kost})")
    total.number_format, total.font = "#,##0", BOLD
    ws.cell(row=row, column=3, value=f"=COUNTA({sheet + ranges['id']})").font = BOLD
    cached[f"B{row}"], cached[f"C{row}"] = context["totalt"]["kostnad"], context["totalt"]["antal"]
    row += 2
    if context.get("per_namnd"):
        types = [s["typ"] for s in context["summor"]]
        namnd = sheet + ranges["namnd"]
        put(ws, row, 1, "Summa per nämnd och typ (tkr)").font = BOLD
        for c, name in enumerate(["Nämnd", *types, "Summa"], start=1):
            cell = put(ws, row + 1, c, name)
            cell.font, cell.fill, cell.alignment = BOLD, HEAD, WRAP
        header = row + 1
        for i, r in enumerate(context["per_namnd"], start=row + 2):
            put(ws, i, 1, r["namnd"])
            for c, t in enumerate(types, start=2):
                col = get_column_letter(c)
                ws.cell(row=i, column=c, value=f"=SUMIFS({kost},{namnd},$A{i},{typ},{col}${header})").number_format = \
                    "#,##0"
                cached[f"{col}{i}"] = r[t]
            col = get_column_letter(len(types) + 2)
            ws.cell(row=i, column=len(types) + 2, value=f"=SUMIF({namnd},$A{i},{kost})").number_format = "#,##0"
            cached[f"{col}{i}"] = r["summa"]
        row += len(context["per_namnd"]) + 3
    if context.get("utrymme"):
        put(ws, row, 1, "Mot prioriteringsutrymmet (tkr)").font = BOLD
        first = row + 1
        for i, r in enumerate(context["utrymme"], start=first):
            put(ws, i, 1, r["namn"])
            if r.get("formel"):
                formula = "=" + re.sub(r"\{([^}]+)\}", lambda m: f"B{first + int(m.group(1))}"
                                       if m.group(1).isdigit() else cell_of[m.group(1)], r["formel"])
                ws.cell(row=i, column=2, value=formula).number_format = "#,##0"
                cached[f"B{i}"] = r["belopp"]
            else:
                put(ws, i, 2, r["belopp"]).number_format = "#,##0"
    ws.column_dimensions["A"].width = 58
    for c in range(2, 9):
        ws.column_dimensions[get_column_letter(c)].width = 20
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
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
    cached, ranges = _modell(ws, context)
    sums = _summor(wb.create_sheet(SHEET_SUMMOR), context, ranges)
    _matris(wb.create_sheet(SHEET_MATRIS), context)
    return workbook_bytes(wb, context, {SHEET_MODELL: cached, SHEET_SUMMOR: sums}, guarded=True)   # put() everywhere
