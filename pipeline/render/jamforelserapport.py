"""A kommun's jämförelserapport (pipeline.context.nationell) as .docx (python-docx), .pdf (WeasyPrint, PDF/UA, the
html/jamforelserapport.html template) and a web page (the same template with its own style, for the kommun's
website). Same context, same bytes."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from pipeline.render.pdf import render_html, render_pdf

NAME = "jamforelserapport.html"
FORMATS = ("docx", "pdf", "html")
HEADERS = ["Nyckeltal", "Värde", "Plats", "Fjärdedel", "Kommungruppens median", "Riket", "Trend", "Kvinnor", "Män"]


def _docx(context: dict) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    from pipeline.render.docx import _swedish_by_default
    from pipeline.render.zipfix import normalize_zip

    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    doc.styles["Normal"].font.size = Pt(9)
    d, k, s = context["dokument"], context["kommun"], context["sammanfattning"]
    doc.add_heading(d["titel"], level=0)
    doc.add_paragraph(f"{k['namn']} (kommunkod {k['kod']}) jämförd med alla kommuner i Kolada {d['ar']}: "
                      f"{s['antal']} nyckeltal. Kommungrupp: {k['grupp']}. {d['datum']}.")
    doc.add_heading("Sammanfattning", level=1)
    doc.add_paragraph(f"{s['hogsta']} nyckeltal i högsta fjärdedelen, {s['mittersta']} i mittersta hälften och "
                      f"{s['lagsta']} i lägsta fjärdedelen bland kommunerna.")
    doc.add_heading("Nyckeltalen", level=1)
    table = doc.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADERS):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)   # the header row repeats on every page
    for r in context["rader"]:
        cells = table.add_row().cells
        for cell, text in zip(cells, [f"{r['kpi']} {r['titel']}", r["varde"], r["plats"], r["kvartil"],
                                      r["grupp_median"], r["riket"], r["trend"], r["kvinnor"], r["man"]]):
            cell.text = text
    doc.add_heading("Om jämförelsen", level=1)
    for text in context["metod"]:
        doc.add_paragraph(text)
    doc.add_paragraph(context["kalla"])
    when = datetime.fromisoformat(d["datum_iso"] + "T00:00:00")
    props = doc.core_properties
    props.title, props.subject, props.keywords = d["titel"], d["amne"], d["nyckelord"]
    props.author = props.last_modified_by = "Kommunrapport"
    props.language = "sv-SE"
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    props.comments = ""
    _swedish_by_default(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue())


def render_jamforelserapport(context: dict, html_dir: Path, formats: tuple[str, ...] = FORMATS) -> dict[str, bytes]:
    """{file name: bytes} of the kommun's report in `formats`."""
    stem = context["dokument"]["filnamn"]
    files = {}
    if "docx" in formats:
        files[f"{stem}.docx"] = _docx(context)
    if "pdf" in formats:
        files[f"{stem}.pdf"] = render_pdf(html_dir, NAME, {**context, "webbsida": False}, None)
    if "html" in formats:
        files[f"{stem}.html"] = render_html(html_dir, NAME, {**context, "webbsida": True}, None).encode("utf-8")
    return files
