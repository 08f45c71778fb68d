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
