"""Hostile workbooks (issue "Hostile inputs and faults"): a zip bomb is refused from the zip's directory before
anything is unpacked; hidden and veryHidden sheets are never read as data."""

from __future__ import annotations

import re
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl

from exempel import EXEMPELKOMMUN as EXAMPLE
from pipeline.config.problems import Problems
from pipeline.read.workbook import MAX_UNPACKED, read_workbook

ROW = b'<row r="1"><c r="A1" t="n"><v>1</v></c><c r="B1" t="n"><v>2</v></c><c r="C1" t="n"><v>3</v></c></row>'


def _bomb(path: Path, unpacked: int) -> None:
    """A real .xlsx (the example's Budget) whose first sheet unpacks to `unpacked` bytes of rows, written in a
    stream (the test never holds it in memory)."""
    source = zipfile.ZipFile(EXAMPLE / "inputs/2026/Budget 2026.xlsx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with out.open(info.filename, "w") as sheet:
                    sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                                b'spreadsheetml/2006/main"><sheetData>')
                    block = ROW * 10_000
                    for _ in range(unpacked // len(block)):
                        sheet.write(block)
                    sheet.write(b"</sheetData></worksheet>")
            else:
                out.writestr(info, source.read(info.filename))


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    path = tmp_path / "Budget 2026.xlsx"
    _bomb(path, MAX_UNPACKED + 100 * 2**20)
    assert path.stat().st_size < 5 * 2**20             # a few MB on disk
    problems = Problems(root=tmp_path)
    tracemalloc.start()
    started = time.perf_counter()
    assert read_workbook(path, problems) is None
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 10 and peak < 50 * 2**20, (elapsed, peak)
    (message,) = [p.meddelande for p in problems.sorted()]
    assert re.search(r"^Filen packas upp till (599|600) MB, mer än gränsen 500 MB för en arbetsbok\. Den läses inte "
                     r"\(den kan vara en zip-bomb\)\. Dela upp den, eller", message), message


def test_a_small_bomb_is_refused_by_its_ratio(tmp_path):
    path = tmp_path / "Budget 2026.xlsx"
    _bomb(path, 60 * 2**20)                             # under the total, but thousands of times packed
    problems = Problems(root=tmp_path)
    assert read_workbook(path, problems) is None
    (message,) = [p.meddelande for p in problems.sorted()]
    assert message.startswith("Delen xl/worksheets/sheet1.xml packas upp") and "(gränsen är 100 gånger)" in message


def test_a_very_hidden_copy_of_the_ledger_is_not_read(tmp_path, config):
    from pipeline.read.discover import read_inputs
    import shutil

    inputs = tmp_path / "inputs"
    shutil.copytree(EXAMPLE / "inputs", inputs)
    book = inputs / "2026/tertial/Huvudbok jan-apr 2026.xlsx"
    before = read_workbook(book, Problems(root=tmp_path))
    wb = openpyxl.load_workbook(book)
    visible = wb.worksheets[0]
    hidden = wb.copy_worksheet(visible)
    hidden.title = "Utfall dolt"
    for row in hidden.iter_rows():
        for cell in row:
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) and cell.column > 5:
                cell.value = cell.value * 100
    hidden.sheet_state = "veryHidden"
    wb.move_sheet(hidden, offset=-len(wb.worksheets) + 1)   # first, as in the probe
    wb.save(book)
    assert openpyxl.load_workbook(book).sheetnames[0] == "Utfall dolt"
    sheets = read_workbook(book, Problems(root=tmp_path))
    assert [s.name for s in sheets] == [s.name for s in before]   # the hidden copy is not among the data
    assert sheets[0].rows == before[0].rows
    problems = Problems(root=tmp_path)
    raw = read_inputs(inputs, 2026, "tertial", problems)
    ledger = [t for t in raw.utfall if t.path == book]
    assert not problems.sorted() and [t.sheet for t in ledger] == [visible.title]


def test_a_workbook_with_only_hidden_sheets_is_refused(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Tom"
    data = wb.create_sheet("Budget")
    data.append(["År", "Nämnd", "Verksamhet", "Konto", "Belopp"])
    data.append([2026, "KS", "610", "5010", 1000])
    data.sheet_state = "hidden"
    path = tmp_path / "Budget 2026.xlsx"
    wb.save(path)
    problems = Problems(root=tmp_path)
    assert read_workbook(path, problems) is None
    (message,) = [p.meddelande for p in problems.sorted()]
    assert message.startswith("Arbetsbokens blad är dolda (Budget): dolda blad läses aldrig som data.")


def test_two_sheets_named_budget_are_an_error_naming_both(tmp_path):
    from pipeline.read.discover import read_inputs
    import shutil

    inputs = tmp_path / "inputs"
    shutil.copytree(EXAMPLE / "inputs", inputs)
    book = inputs / "2026/Budget 2026.xlsx"
    wb = openpyxl.load_workbook(book)
    wb.copy_worksheet(wb["Budget"]).title = "BUDGETX"   # Excel and openpyxl refuse names differing in case only;
    wb.save(tmp_path / "tmp.xlsx")                       # other tools write them: rename in workbook.xml
    with zipfile.ZipFile(tmp_path / "tmp.xlsx") as zin, zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, data.replace(b'name="BUDGETX"', b'name="BUDGET"') if info.filename == "xl/workbook.xml"
                          else data)
    problems = Problems(root=inputs.parent)
    read_inputs(inputs, 2026, "tertial", problems)
    found = [p for p in problems.sorted() if "flera blad med samma namn" in p.meddelande]
    assert [p.meddelande for p in found] == [
        "Arbetsboken har flera blad med samma namn: 'Budget' och 'BUDGET'. Vilket som gäller går inte att avgöra; "
        "ta bort eller byt namn på det ena."] and found[0].fil == "inputs/2026/Budget 2026.xlsx"
