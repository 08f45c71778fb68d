"""Open an Excel workbook safely and return its sheets as raw rows (calamine, cached values).

Reads .xlsx and the old binary .xls (BIFF in an OLE file, as Kolada's web export). Refuses, with a Swedish
problem and no exception: empty files, macro workbooks (.xlsm or a vbaProject inside), encrypted workbooks,
corrupt zips, an old binary file named .xlsx, a file named .xls that is not one, and formulas that have no
cached value (Excel saves one; files written by scripts often do not).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from pipeline.config.problems import FORMULA_MESSAGE, MAX_ROWS_PER_PROBLEM, Problems

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)


@dataclass(frozen=True)
class Sheet:
    """One sheet: `rows[i][j]` is the value of Excel row i+1, column j+1 ('' when empty)."""

    name: str
    rows: list[list]


def column_letter(index: int) -> str:
    """0 -> 'A', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_workbook(path: Path, problems: Problems) -> list[Sheet] | None:
    """Return the workbook's sheets, or None after adding a problem when the file cannot be used."""
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if size == 0:
        problems.add(path, "Filen är tom (0 byte). Spara om den från Excel eller ta bort den ur indatamappen.")
        return None
    if suffix == ".xlsm":
        problems.add(path, "Arbetsböcker med makron (.xlsm) tas inte emot. Spara filen som Excel-arbetsbok (.xlsx).")
        return None
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC and suffix == ".xlsx":
        data = path.read_bytes()
        if ENCRYPTED_MARK in data:
            problems.add(path, "Filen är krypterad (lösenordsskyddad). Ta bort lösenordet i Excel och spara igen.")
        else:
            problems.add(path, "Filen är inte en .xlsx-arbetsbok (gammalt binärt format). Spara den som .xlsx.")
        return None
    if suffix == ".xls" and head != OLE_MAGIC:
        # A real .xls (BIFF, e.g. Kolada's web export) is an OLE compound file; anything else only has the name.
        if head.startswith(ZIP_MAGIC):
            problems.add(path, "Filen heter .xls men är en .xlsx-arbetsbok. Byt filändelsen till .xlsx.")
        else:
            problems.add(path, "Filen heter .xls men är ingen Excel-arbetsbok (t.ex. en webbsida eller text). "
                               "Öppna den i Excel och spara den som .xlsx, eller spara exporten som CSV.")
        return None
    if suffix == ".xlsx":
        if not zipfile.is_zipfile(path):
            problems.add(path, "Filen är trasig och går inte att öppna som Excel-arbetsbok (ogiltig zip).")
            return None
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                if any(n.lower().endswith("vbaproject.bin") for n in names):
                    problems.add(path, "Arbetsboken innehåller makron. Spara den som Excel-arbetsbok utan makron (.xlsx).")
                    return None
                if (too_big := zip_bomb_problem(zf)) is not None:
                    problems.add(path, too_big)
                    return None
                if "xl/workbook.xml" not in names:
                    problems.add(path, "Filen heter .xlsx men är ingen Excel-arbetsbok"
                                       + (" (det är ett Word-dokument)" if "word/document.xml" in names else
                                          " (det är en PowerPoint-presentation)" if "ppt/presentation.xml" in names
                                          else "") + ". Lägg bara kommunens arbetsböcker i indatamappen.")
                    return None
                if (part := _dtd_part(zf)) is not None:
                    problems.add(path, f"Arbetsboken innehåller en dokumenttypsdefinition (<!DOCTYPE> eller "
                                       f"<!ENTITY>) i delen {part}. Excel skriver aldrig sådana, och de kan användas "
                                       "för att läsa andra filer eller fylla minnet; filen läses inte. Öppna den i "
                                       "Excel och spara den igen.")
                    return None
                uncached = _formulas_without_value(zf)
        except (zipfile.BadZipFile, OSError, KeyError, zlib.error, EOFError) as exc:
            part = re.search(r"CRC-32 for file '([^']+)'", str(exc))
            problems.add(path, f"Filen är trasig: delen {part.group(1)} går inte att läsa (kontrollsumman stämmer "
                               "inte)." if part else "Filen är trasig och går inte att öppna som Excel-arbetsbok "
                                                     f"({type(exc).__name__}).")
            return None
    else:
        uncached = {}
    try:
        wb = CalamineWorkbook.from_path(str(path))
        visible = [m.name for m in wb.sheets_metadata if m.visible == SheetVisibleEnum.Visible]
        hidden = [m.name for m in wb.sheets_metadata if m.visible != SheetVisibleEnum.Visible]
        loaded = [wb.get_sheet_by_name(name) for name in visible]
        if too_tall := [(s.name, _rows(s)) for s in loaded if _rows(s) > EXCEL_MAX_ROWS]:
            for name, height in too_tall:
                problems.add(path, f"Bladet har {grouped(height)} rader; ett blad får ha högst "
                                   f"{grouped(EXCEL_MAX_ROWS)} rader (Excels gräns). Filen läses inte. Spara en så "
                                   "stor huvudboksexport som CSV.", name)
            return None
        sheets = [Sheet(s.name, s.to_python(skip_empty_area=False)) for s in loaded]
    except Exception as exc:  # calamine raises several error types for damaged files
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            problems.add(path, "Filen är krypterad (lösenordsskyddad). Ta bort lösenordet i Excel och spara igen.")
        else:
            problems.add(path, f"Filen är trasig och går inte att läsa som Excel-arbetsbok ({type(exc).__name__}).")
        return None
    if hidden and not any(any(v not in (None, "") for row in sheet.rows for v in row) for sheet in sheets):
        problems.add(path, f"Arbetsbokens blad är dolda ({', '.join(hidden)}): dolda blad läses aldrig som data. "
                           "Visa bladet i Excel (högerklicka på en bladflik, Ta fram) och spara, eller lägg "
                           "uppgifterna i ett synligt blad.")
        return None
    if _long_cells(path, sheets, problems):
        return None
    for sheet_name, cells in uncached.items():
        if sheet_name in hidden:
            continue
        for col, row in cells:
            problems.add(path, FORMULA_MESSAGE + " Öppna filen i Excel, räkna om och spara.",
                         sheet_name, row, col)
    return sheets


# Excel's own limits (a file written by another program can exceed them; docs/sakerhet.md).
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CELL_CHARS = 32_767


def _rows(sheet) -> int:
    """The sheet's last row number (calamine's total_height stops at Excel's limit; height does not)."""
    return (sheet.start or (0, 0))[0] + sheet.height


def _long_cells(path: Path, sheets: list[Sheet], problems: Problems) -> bool:
    """Add a problem for every text cell longer than Excel allows; True when there was one. One quick pass over
    the cells (no Python loop with positions unless a long cell exists)."""
    found = False
    for sheet in sheets:
        if max((len(v) for row in sheet.rows for v in row if type(v) is str), default=0) <= EXCEL_MAX_CELL_CHARS:
            continue
        found = True
        cells = [(i + 1, j, len(v)) for i, row in enumerate(sheet.rows) for j, v in enumerate(row)
                 if type(v) is str and len(v) > EXCEL_MAX_CELL_CHARS]
        for row, column, length in cells[:MAX_ROWS_PER_PROBLEM]:
            problems.add(path, f"Cellen har {grouped(length)} tecken; en cell får ha högst "
                               f"{grouped(EXCEL_MAX_CELL_CHARS)} tecken (Excels gräns). Korta texten.",
                         sheet.name, row, column_letter(column))
        if len(cells) > MAX_ROWS_PER_PROBLEM:
            problems.add(path, f"… och {len(cells) - MAX_ROWS_PER_PROBLEM} celler till med för lång text.", sheet.name)
    return found


# Limits read from the zip's directory before anything is unpacked (docs/sakerhet.md): a real kommun's workbook,
# even a ledger at Excel's 1 048 576 rows, stays far below them (the example's parts pack 10:1); a zip bomb does not.
MAX_UNPACKED = 500 * 1024 * 1024   # bytes, all parts together
MAX_RATIO = 100                    # unpacked size per packed byte, for a part over RATIO_FROM bytes
RATIO_FROM = 10 * 1024 * 1024


def grouped(value: float) -> str:
    """12345678 -> '12 345 678' (no-break spaces), as the limits are written in messages."""
    return f"{value:,.0f}".replace(",", "\u00a0")


def zip_bomb_problem(zf: zipfile.ZipFile) -> str | None:
    """A Swedish message when the workbook would unpack beyond the limits (from the zip directory alone)."""
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        return (f"Filen packas upp till {grouped(total / 2**20)} MB, mer än gränsen {grouped(MAX_UNPACKED / 2**20)} "
                "MB för en arbetsbok. Den läses inte (den kan vara en zip-bomb). Dela upp den, eller spara en "
                "huvudboksexport som CSV.")
    for i in infos:
        if i.file_size > RATIO_FROM and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            return (f"Delen {i.filename} packas upp {grouped(i.file_size / max(i.compress_size, 1))} gånger "
                    f"(gränsen är {MAX_RATIO} gånger): filen ser ut som en zip-bomb och läses inte. Spara om "
                    "arbetsboken från Excel.")
    return None


def _dtd_part(zf: zipfile.ZipFile) -> str | None:
    """The first XML part that declares a DTD or an entity (in its first 4 KB, where a DTD stands: before the root
    element). One that hides it further down is refused as an unreadable file by the XML reader."""
    for info in zf.infolist():
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            with zf.open(info) as fh:
                head = fh.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                return info.filename
    return None


def _formulas_without_value(zf: zipfile.ZipFile) -> dict[str, list[tuple[str, int]]]:
    """Map sheet name -> [(column letter, row)] of formula cells lacking a cached <v> value."""
    try:
        workbook = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {m.group(1).decode(): m.group(2).decode()
               for m in re.finditer(rb'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)}
    targets.update({m.group(2).decode(): m.group(1).decode()
                    for m in re.finditer(rb'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
    out: dict[str, list[tuple[str, int]]] = {}
    for m in re.finditer(rb'<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"', workbook):
        name = _xml_unescape(m.group(1).decode("utf-8"))
        target = targets.get(m.group(2).decode())
        if not target:
            continue
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        try:
            xml = zf.read(member)
        except KeyError:
            continue
        if b"<f" not in xml:
            continue
        for cell in _CELL.finditer(xml):
            body = cell.group(3) or b""
            if b"<f" in body and not re.search(rb"<v>[^<]+</v>", body):
                out.setdefault(name, []).append((cell.group(1).decode(), int(cell.group(2))))
    return out


def _xml_unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")
