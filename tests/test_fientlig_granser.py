"""Excel's own limits (issue "Hostile inputs and faults"): a sheet with more rows than Excel allows, or a cell
with more characters, can only come from another program or a hostile hand. Both are refused naming the file,
the sheet and the limit; a CSV field beyond the cell limit too. A message quoting a long value is cut."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

from pipeline.config.problems import MAX_MESSAGE_CHARS, Problems
from pipeline.read.discover import read_inputs
from pipeline.read.workbook import EXCEL_MAX_CELL_CHARS, EXCEL_MAX_ROWS

SN = Path("inputs/2026/tertial/Rapportunderlag SN T1 2026.xlsx")


def _read(kommun: Path) -> list[str]:
    problems = Problems(root=kommun)
    read_inputs(kommun / "inputs", 2026, "tertial", problems)
    return [str(p) for p in problems.items]


def replace_in_parts(book: Path, old: str, new: str, marker: str | None = None) -> None:
    """Rewrite the workbook with `old` replaced by `new` in its XML parts (only those holding `marker`, when given);
    openpyxl cuts text at Excel's limit, so a longer cell can only be written this way."""
    out = io.BytesIO()
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith(".xml") and (marker is None or marker.encode() in data):
                data = data.replace(old.encode(), new.encode())
            zout.writestr(info, data)
    book.write_bytes(out.getvalue())


def _put_text(book: Path, sheet: str, cell: str, placeholder: str) -> None:
    wb = openpyxl.load_workbook(book)
    wb[sheet][cell] = placeholder
    wb.save(book)


def test_a_cell_longer_than_excel_allows_is_refused(kommun_copy):
    book = kommun_copy / SN
    _put_text(book, "Viktiga händelser", "A3", "PLATSHALLARE")
    replace_in_parts(book, "PLATSHALLARE", "x" * 100_000)   # one 100 000-character word
    before = book.read_bytes()
    messages = _read(kommun_copy)
    assert messages == [f"{SN}, blad Viktiga händelser, rad 3, kolumn A: Cellen har 100\u00a0000 tecken; en cell "
                        f"får ha högst 32\u00a0767 tecken (Excels gräns). Korta texten."]
    assert book.read_bytes() == before


def test_a_cell_at_the_limit_is_read(kommun_copy):
    book = kommun_copy / SN
    _put_text(book, "Viktiga händelser", "A3", "PLATSHALLARE")
    replace_in_parts(book, "PLATSHALLARE", "y" * EXCEL_MAX_CELL_CHARS)
    assert _read(kommun_copy) == []


def test_a_sheet_beyond_excels_last_row_is_refused_without_reading_it(kommun_copy):
    book = kommun_copy / SN
    _put_text(book, "Viktiga händelser", "A3", "PLATSHALLARE")
    # The cell moves to row 1 048 577: one row in the XML, so the test builds no million-row file.
    replace_in_parts(book, '<row r="3"><c r="A3"', f'<row r="{EXCEL_MAX_ROWS + 1}"><c r="A{EXCEL_MAX_ROWS + 1}"',
                     "PLATSHALLARE")
    messages = _read(kommun_copy)
    assert messages == [f"{SN}, blad Viktiga händelser: Bladet har 1\u00a0048\u00a0577 rader; ett blad får ha högst "
                        "1\u00a0048\u00a0576 rader (Excels gräns). Filen läses inte. Spara en så stor "
                        "huvudboksexport som CSV."]


def test_a_csv_field_longer_than_an_excel_cell_is_refused(kommun_copy):
    ledger = kommun_copy / "inputs/2026/Utfall 2025.csv"
    lines = ledger.read_bytes().split(b"\r\n")
    cells = lines[5].split(b";")
    cells[3] = b"V" * 40_000
    lines[5] = b";".join(cells)
    ledger.write_bytes(b"\r\n".join(lines))
    messages = _read(kommun_copy)
    assert messages == ["inputs/2026/Utfall 2025.csv, kolumn D (Verksamhet): 1 fält har fler än 32\u00a0767 tecken; "
                        "ett fält får ha högst 32\u00a0767 tecken (Excels gräns för en cell)."]


def test_a_message_quoting_a_long_value_is_cut(tmp_path):
    problems = Problems()
    problems.add(tmp_path / "a.xlsx", "Värdet '" + "z" * 20_000 + "' känns inte igen.")
    text = problems.items[0].meddelande
    assert len(text) < MAX_MESSAGE_CHARS + 40 and text.endswith("… (meddelandet är förkortat)")
