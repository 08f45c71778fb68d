"""inlamning.xlsx: the inlämningsstatus (model.inlamning) as a workbook: one row per förvaltning, missing ones
and late ones marked; text written as text (render.prioritering_xlsx.put)."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pipeline.render.prioritering_xlsx import put
from pipeline.render.xlsx import text_only

HEADER = ["Nämnd", "Förvaltning", "Fil", "Inlämnad", "Status", "Problem", "Sen"]
WIDTHS = [10, 40, 50, 18, 14, 10, 8]
MISSING = PatternFill("solid", fgColor="F4CCCC")
LATE = PatternFill("solid", fgColor="FFF2CC")


def render_inlamning(table, title: str, deadline_text: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Inlämning"
    put(ws, 1, 1, title).font = Font(bold=True, size=13)
    put(ws, 2, 1, deadline_text)
    for c, (name, width) in enumerate(zip(HEADER, WIDTHS), start=1):
        put(ws, 4, c, name).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(c)].width = width
    for i, r in enumerate(table.to_dict("records"), start=5):
        values = [r["namnd"] or "Okänd nämnd", r["forvaltning"], r["fil"],
                  r["inlamnad"].strftime("%Y-%m-%d %H:%M") if pd.notna(r["inlamnad"]) else "", r["status"],
                  int(r["problem"]), "Ja" if r["sen"] else ""]
        for c, value in enumerate(values, start=1):
            cell = put(ws, i, c, value if value != "" else None)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if r["status"] == "Saknas":
                cell.fill = MISSING
            elif r["sen"]:
                cell.fill = LATE
    ws.freeze_panes = "A5"
    text_only(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
