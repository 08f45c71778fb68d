"""The verification as a Word document the revisorer can attach to their granskning."""

from __future__ import annotations

import io

import docx


def render_verification(manifest, result) -> bytes:
    """Title, the run verified, the code then and now, and one row per file with its status and reason."""
    from pipeline.write.kodversion import code_version, describe

    doc = manifest.doc
    document = docx.Document()
    document.core_properties.title = f"Verifiering {doc.get('ar')} {doc.get('tillfalle')} {doc.get('kommun')}"
    document.core_properties.language = "sv-SE"
    document.add_heading(document.core_properties.title, level=1)
    document.add_paragraph(f"Resultat: {'alla filer identiska' if result.ok else 'körningen kunde inte verifieras'}.")
    document.add_paragraph(f"Byggd med: {describe(doc['kod'])}.")
    document.add_paragraph(f"Verifierad med: {describe(code_version())}.")
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Fil", "Status", "Orsak")):
        cell.text = text
    for name, (state, why) in result.files.items():
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text = name, state, why
    for note in result.notes:
        document.add_paragraph(note, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_verification_pdf(manifest, result) -> bytes:
    """The same as a tagged PDF (PDF/UA-1, Swedish), with the program's own font embedded. Every text is escaped:
    file names and reasons are never markup."""
    from html import escape

    from weasyprint import HTML

    from pipeline.render.pdf import checked_pdf
    from pipeline.resources import TEMPLATES
    from pipeline.write.kodversion import code_version, describe

    doc = manifest.doc
    title = f"Verifiering {doc.get('ar')} {doc.get('tillfalle')} {doc.get('kommun')}"
    rows = "".join(f"<tr><td>{escape(name)}</td><td>{escape(state)}</td><td>{escape(why)}</td></tr>"
                   for name, (state, why) in result.files.items())
    notes = "".join(f"<li>{escape(note)}</li>" for note in result.notes)
    font = (TEMPLATES / "html" / "fonter" / "KommunSans-Regular.ttf").as_uri()
    html = f"""<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>@font-face {{ font-family: KommunSans; src: url("{font}"); }}
body {{ font-family: KommunSans; font-size: 9pt; }} table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 0.5pt solid #777; padding: 2pt 4pt; text-align: left; vertical-align: top; }}</style></head>
<body><h1>{escape(title)}</h1>
<p>Resultat: {'alla filer identiska' if result.ok else 'körningen kunde inte verifieras'}.</p>
<p>Byggd med: {escape(describe(doc['kod']))}.</p><p>Verifierad med: {escape(describe(code_version()))}.</p>
<table><thead><tr><th scope="col">Fil</th><th scope="col">Status</th><th scope="col">Orsak</th></tr></thead>
<tbody>{rows}</tbody></table>{f'<ul>{notes}</ul>' if notes else ''}</body></html>"""
    return checked_pdf(title, lambda: HTML(string=html, base_url=str(TEMPLATES / "html")).write_pdf(pdf_variant="pdf/ua-1"))
