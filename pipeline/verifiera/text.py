"""What a person reads in a document, line by line, to say *what* differs between a published document and its
rebuild (a figure, a wording), not that two zip files differ."""

from __future__ import annotations

import io

DOCX, XLSX, TEXT = (".docx",), (".xlsx",), (".txt", ".csv", ".json", ".ics", ".html")


def document_lines(name: str, data: bytes) -> list[str] | None:
    """The document's text in reading order: Word paragraphs (headings marked) and table cells, Excel cells with
    their address, text files' lines; None for a format without text to compare here (PDF: see its .docx)."""
    lower = name.lower()
    if lower.endswith(DOCX):
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        lines = []
        for block in document.element.body.iterchildren():
            tag = block.tag.rsplit("}", 1)[-1]
            if tag == "p":
                p = Paragraph(block, document)
                if p.text.strip():
                    style = p.style.name if p.style is not None else ""
                    lines.append(f"{style}: {p.text}" if style.startswith(("Heading", "Rubrik")) else p.text)
            elif tag == "tbl":
                for r, row in enumerate(Table(block, document).rows, start=1):
                    lines.append(f"tabellrad {r}: " + " | ".join(cell.text for cell in row.cells))
        return lines
    if lower.endswith(XLSX):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data))
        return [f"{ws.title}!{cell.coordinate}: {cell.value}" for ws in book.worksheets for row in ws.iter_rows()
                for cell in row if cell.value is not None]
    if lower.endswith(TEXT):
        return data.decode("utf-8", errors="replace").splitlines()
    return None


def first_difference(name: str, published: bytes, rebuilt: bytes) -> str:
    """The first line that differs, both versions, in Swedish; or why there is none to show."""
    a, b = document_lines(name, published), document_lines(name, rebuilt)
    if a is None or b is None:
        return "ingen text att jämföra i detta format (jämför dokumentets .docx)"
    for i, (x, y) in enumerate(zip(a, b), start=1):
        if x != y:
            return f"första skillnaden (rad {i}): publicerad «{x}», ombyggd «{y}»"
    if len(a) != len(b):
        longer, which = (a, "publicerad") if len(a) > len(b) else (b, "ombyggd")
        return f"{which} har mer text, från rad {min(len(a), len(b)) + 1}: «{longer[min(len(a), len(b))]}»"
    return "samma text; skillnaden ligger i formatering eller metadata"
