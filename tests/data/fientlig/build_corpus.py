"""Build the hostile-input corpus in tests/data/fientlig/ from the valid example inputs (issue "Hostile inputs and
faults"): files written by a hostile or careless hand, each with what validation must say, or, for a file that is
accepted, what must be true of what was read.

Run by hand from anywhere (the outputs are committed; tests never run this):

    .venv/bin/python tests/data/fientlig/build_corpus.py

Same layout and golden format as tests/data/bad/ (see its build_corpus.py): one folder per case holding the file it
adds or replaces, and `expected.txt` with one block per case. A block either lists `problem:` lines (validation must
report exactly these) or has one `accepted:` line naming the check in tests/test_fientlig_korpus.py that the read
inputs must pass (no problem at all). The expectations are written here by hand from docs/sakerhet.md and the
messages it quotes; they are never copied from a validation run. Cases too large to commit (a 600 MB zip bomb,
10⁶ cells sharing one string, a JSON file nested 100 000 levels) and those that cannot be files in git (a file name
with a newline, a symbolic link, a file changing while it is read) are made by the tests themselves.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

import openpyxl

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))
_spec = importlib.util.spec_from_file_location("bad_corpus", HERE.parent / "bad" / "build_corpus.py")
bad = importlib.util.module_from_spec(_spec)
sys.modules["bad_corpus"] = bad   # dataclasses look their module up
_spec.loader.exec_module(bad)

INPUTS = bad.INPUTS
EXPECTED = HERE / "expected.txt"
FIXED_ZIP_TIME = bad.FIXED_ZIP_TIME
BUDGET, MAL, KOLADA, UTFALL_CSV, HUVUDBOK = bad.BUDGET, bad.MAL, bad.KOLADA, bad.UTFALL_CSV, bad.HUVUDBOK
SN = bad.underlag("SN")
VON = bad.underlag("VON")
P = "inputs/"


@dataclass
class Case:
    name: str
    defect: str
    bad: str                                   # the file written (relative to inputs/)
    make: Callable[[Path | None, Path], None]
    source: str | None = None                  # the example file it is made from
    replaces: bool = False                     # the bad file takes the example file's place
    expect: list[str] = field(default_factory=list)
    accepted: str | None = None                # the check the accepted file must pass


# --- makers -----------------------------------------------------------------------------------------------------


def rewrite_zip(src: Path, dst: Path, change: Callable[[str, bytes], bytes | None] = lambda n, d: d,
                extra: dict[str, bytes] | None = None) -> None:
    """Copy a zip part by part through `change(name, data)` (None drops the part), adding `extra` parts; fixed
    timestamps so that a rebuild writes the same bytes."""
    with zipfile.ZipFile(src) as zin:
        members = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            if (data := change(name, data)) is not None:
                out.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), data, zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            out.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    dst.write_bytes(buffer.getvalue())


def xml_edit(edit: Callable[[openpyxl.Workbook], None], change: Callable[[str, bytes], bytes | None],
             extra: dict[str, bytes] | None = None) -> Callable[[Path | None, Path], None]:
    """openpyxl's `edit` first (e.g. a placeholder), then the parts rewritten by `change` (what openpyxl cannot
    write: text past Excel's limits, a DTD, Excel's _x0001_ escapes)."""

    def make(src: Path | None, dst: Path) -> None:
        bad.edit_xlsx(edit)(src, dst)
        rewrite_zip(dst, dst, change, extra)

    return make


def replace_text(old: bytes, new: bytes, marker: bytes | None = None) -> Callable[[str, bytes], bytes]:
    def change(name: str, data: bytes) -> bytes:
        if name.endswith(".xml") and (marker is None or marker in data):
            return data.replace(old, new)
        return data

    return change


def nothing(wb: openpyxl.Workbook) -> None:
    pass


def placeholder(sheet: str, cell: str, text: str = "PLATSHALLARE") -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        wb[sheet][cell].value = text

    return edit


def zip_bomb_part(src: Path | None, dst: Path) -> None:
    """The ledger workbook plus a 12 MB part of zeros (it packs to 12 kB: 1 000 times)."""
    rewrite_zip(src, dst, extra={"xl/media/fyllnad.bin": b"\0" * (12 * 1024 * 1024)})


def with_dtd(entity: bytes, use: bytes) -> Callable[[Path | None, Path], None]:
    """The underlag with a DTD in its Viktiga händelser sheet declaring `entity` and the header cell using `use`."""

    def change(name: str, data: bytes) -> bytes:
        if b"H&#228;ndelse" in data or "Händelse".encode() in data:
            data = data.replace(b"<worksheet", b"<!DOCTYPE worksheet [" + entity + b"]><worksheet", 1)
            data = re.sub(rb"<t>H(?:&#228;|\xc3\xa4)ndelse</t>", b"<t>" + use + b"</t>", data, count=1)
        return data

    return lambda src, dst: rewrite_zip(src, dst, change)


LAUGHS = b"".join([b'<!ENTITY l0 "ha">'] + [b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 10)])


def vba_in_xlsx(src: Path | None, dst: Path) -> None:
    bad.add_vba_project(src, dst)


def docx_named_xlsx(src: Path | None, dst: Path) -> None:
    bad.docx_file(src, dst)


def html_named_xls(src: Path | None, dst: Path) -> None:
    dst.write_text("<html><head><title>Kolada</title></head><body><table><tr><td>Nyckeltal</td></tr></table></body>"
                   "</html>\n", encoding="utf-8")


def hide_sheets(*names: str, state: str = "hidden") -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        for name in names:
            wb[name].sheet_state = state

    return edit


def very_hidden_copy_first(wb: openpyxl.Workbook) -> None:
    """A veryHidden copy of the ledger sheet, first in the workbook, with every amount ×100."""
    copy = wb.copy_worksheet(wb["Export"])
    copy.title = "Export (2)"
    for row in copy.iter_rows():
        for cell in row:
            if isinstance(cell.value, (int, float)) and cell.column == 6:   # F (Belopp)
                cell.value = cell.value * 100
    copy.sheet_state = "veryHidden"
    wb.move_sheet(copy, offset=-len(wb.sheetnames) + 1)


def duplicate_sheet(name: str, copy_name: str) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        wb.copy_worksheet(wb[name]).title = copy_name

    return edit


def external_link(src: Path | None, dst: Path) -> None:
    """Budget!E2 as a formula into another workbook (an external link, cached value kept), the link part pointing
    at a file on a server and at /etc/passwd."""
    bad.edit_xlsx(placeholder("Budget", "E2", 0))(src, dst)
    link = (b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships"><externalBook r:id="rId1"><sheetNames><sheetName '
            b'val="Blad1"/></sheetNames></externalBook></externalLink>')
    link_rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                 b'officeDocument/2006/relationships/externalLinkPath" Target="file:///etc/passwd" '
                 b'TargetMode="External"/></Relationships>')

    def change(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            data = re.sub(rb'<c r="E2"([^>]*)>(?:<v>[^<]*</v>)?</c>|<c r="E2"([^>]*)/>',
                          b'<c r="E2"><f>[1]Blad1!A1</f><v>-21906000</v></c>', data, count=1)
        if name == "xl/_rels/workbook.xml.rels":
            data = data.replace(b"</Relationships>", b'<Relationship Id="rIdExt1" Type="http://schemas.openxmlformats.'
                                b'org/officeDocument/2006/relationships/externalLink" Target="externalLinks/'
                                b'externalLink1.xml"/></Relationships>')
        if name == "xl/workbook.xml":
            data = data.replace(b"</workbook>", b'<externalReferences><externalReference xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                                b'relationships" r:id="rIdExt1"/>'
                                b"</externalReferences></workbook>")
        if name == "[Content_Types].xml":
            data = data.replace(b"</Types>", b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType='
                                b'"application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>'
                                b"</Types>")
        return data

    rewrite_zip(dst, dst, change, {"xl/externalLinks/externalLink1.xml": link,
                                   "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels})


def zip_slip(src: Path | None, dst: Path) -> None:
    """The budget with an extra part whose name climbs out of any folder it would be unpacked into."""
    rewrite_zip(src, dst, extra={"../../../../../tmp/kommunrapport-zip-slip.txt": b"utanf\xc3\xb6r"})


# The CSV cases add a second ledger file beside the example's: its first lines (the header and CSV_ROWS data lines,
# Windows-1252, CRLF, `;`), changed. Small to commit; the example's own ledger stays valid beside it.
CSV_EXTRA = "2026/Utfall 2025 tillägg.csv"
CSV_ROWS = 300


def csv_slice(src: Path) -> bytes:
    return b"\r\n".join(src.read_bytes().split(b"\r\n")[: CSV_ROWS + 1]) + b"\r\n"


def csv_edit(transform: Callable[[str], str], encoding: str = "cp1252", bom: bytes = b""
             ) -> Callable[[Path | None, Path], None]:
    """The ledger slice decoded, transformed as text and written in `encoding` with `bom`."""

    def make(src: Path | None, dst: Path) -> None:
        dst.write_bytes(bom + transform(csv_slice(src).decode("cp1252")).encode(encoding))

    return make


def csv_bytes(transform: Callable[[bytes], bytes]) -> Callable[[Path | None, Path], None]:
    return lambda src, dst: dst.write_bytes(transform(csv_slice(src)))


def csv_field(line: int, column: int, value: str) -> Callable[[str], str]:
    def transform(text: str) -> str:
        lines = text.split("\r\n")
        fields = lines[line - 1].split(";")
        fields[column] = value
        lines[line - 1] = ";".join(fields)
        return "\r\n".join(lines)

    return transform


RECORD = '{"kpi":"N00005","municipality":"0999","period":2025,"values":[{"gender":"T","value":%s,"status":null}]}'


def kolada_text(text: str) -> Callable[[Path | None, Path], None]:
    return lambda src, dst: dst.write_text(text, encoding="utf-8")


def insert_rows(sheet: str, count: int) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        wb[sheet].insert_rows(1, count)

    return edit


def set_value(sheet: str, cell: str, value) -> Callable[[openpyxl.Workbook], None]:
    return bad.set_cell(sheet, cell, value)


def set_text(sheet: str, cell: str, text: str) -> Callable[[openpyxl.Workbook], None]:
    """A text cell, whatever it starts with (openpyxl would write "=…" as a formula)."""

    def edit(wb: openpyxl.Workbook) -> None:
        wb[sheet][cell].value = text
        wb[sheet][cell].data_type = "s"

    return edit


def serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


# --- the cases ----------------------------------------------------------------------------------------------------

HB_EXTRA = "2026/tertial/Huvudbok extra.xlsx"
KOLADA_EXTRA = "2026/Kolada extra.json"
CASES = [
    # Workbooks that are not what they claim, or carry what Excel never writes.
    Case("zip_bomb_part", "A copy of the ledger workbook with a 12 MB part of zeros (packed 1 000 times).",
         HB_EXTRA, zip_bomb_part, HUVUDBOK,
         expect=[f"{P}{HB_EXTRA} | - | - | - | Delen xl/media/fyllnad.bin packas upp"]),
    Case("dtd_external_entity", "SN's underlag: a DTD declaring an entity read from file:///etc/hostname, used in "
         "the Viktiga händelser header.", SN, with_dtd(b'<!ENTITY xxe SYSTEM "file:///etc/hostname">', b"&xxe;"), SN,
         True, [f"{P}{SN} | - | - | - | Arbetsboken innehåller en dokumenttypsdefinition"]),
    Case("dtd_billion_laughs", "SN's underlag: ten nested entities (a billion laughs) in the Viktiga händelser sheet.",
         SN, with_dtd(LAUGHS, b"&l9;"), SN, True,
         [f"{P}{SN} | - | - | - | Arbetsboken innehåller en dokumenttypsdefinition"]),
    Case("vba_in_xlsx", "The budget saved with a VBA project inside but named .xlsx.",
         "2026/Budget makro.xlsx", vba_in_xlsx, BUDGET,
         expect=[f"{P}2026/Budget makro.xlsx | - | - | - | Arbetsboken innehåller makron"]),
    Case("docx_named_xlsx", "A Word document named .xlsx.", "2026/Kommentarer.xlsx", docx_named_xlsx,
         expect=[f"{P}2026/Kommentarer.xlsx | - | - | - | Filen heter .xlsx men är ingen Excel-arbetsbok (det är ett "
                 "Word-dokument)"]),
    Case("html_named_xls", "A web page saved as .xls.", "2026/Kolada webb.xls", html_named_xls,
         expect=[f"{P}2026/Kolada webb.xls | - | - | - | Filen heter .xls men är ingen Excel-arbetsbok"]),
    Case("xlsx_named_xls", "The budget workbook renamed .xls.", "2026/Budget gammal.xls", bad.copy_file, BUDGET,
         expect=[f"{P}2026/Budget gammal.xls | - | - | - | Filen heter .xls men är en .xlsx-arbetsbok"]),
    Case("zip_slip_part", "The budget with a part named ../../../../../tmp/kommunrapport-zip-slip.txt.", BUDGET,
         zip_slip, BUDGET, True, accepted="nothing_unpacked"),
    Case("external_link", "Budget!E2 a formula into another workbook whose link points at file:///etc/passwd; the "
         "cached value -21906000 is kept.", BUDGET, external_link, BUDGET, True, accepted="external_link_cached"),
    # Hidden and duplicate sheets.
    Case("only_hidden_sheets", "The budget with both its sheets hidden (Excel itself keeps one visible).", BUDGET,
         xml_edit(nothing, lambda name, data: data.replace(b'state="visible"', b'state="hidden"')
                  if name == "xl/workbook.xml" else data), BUDGET, True,
         [f"{P}{BUDGET} | - | - | - | Arbetsbokens blad är dolda (Budget, Investeringar): dolda blad läses aldrig som "
          "data.", f"{P}2026 | - | - | - | Ingen budgetfil hittades"]),
    Case("very_hidden_copy_first", "The ledger with a veryHidden copy of its sheet, first, amounts ×100.", HUVUDBOK,
         bad.edit_xlsx(very_hidden_copy_first), HUVUDBOK, True, accepted="ledger_as_example"),
    Case("hidden_sheet_beside", "SN's underlag with its Viktiga händelser sheet hidden (the rest visible).", SN,
         bad.edit_xlsx(hide_sheets("Viktiga händelser")), SN, True, accepted="hidden_handelser_not_read"),
    Case("duplicate_sheet_case", "The budget with a copy of its Budget sheet named BUDGET.", BUDGET,
         xml_edit(duplicate_sheet("Budget", "BUDGET"),   # openpyxl names the copy BUDGET1; Excel would refuse both
                  lambda name, data: data.replace(b'name="BUDGET1"', b'name="BUDGET"') if name == "xl/workbook.xml"
                  else data), BUDGET, True,
         [f"{P}{BUDGET} | - | - | - | Arbetsboken har flera blad med samma namn: 'Budget' och 'BUDGET'",
          f"{P}2026 | - | - | - | Ingen budgetfil hittades"]),
    Case("duplicate_sheet_space", "SN's underlag with a copy of Prognos named ' prognos '.", SN,
         bad.edit_xlsx(duplicate_sheet("Prognos", " prognos ")), SN, True,
         [f"{P}{SN} | - | - | - | Arbetsboken har flera blad med samma namn: 'Prognos' och ' prognos '"]),
    # Excel's limits.
    Case("cell_100000_characters", "SN's Viktiga händelser A3: one word of 100 000 characters.", SN,
         xml_edit(placeholder("Viktiga händelser", "A3"), replace_text(b"PLATSHALLARE", b"x" * 100_000)), SN, True,
         [f"{P}{SN} | Viktiga händelser | 3 | A | Cellen har 100\u00a0000 tecken; en cell får ha högst 32\u00a0767 "
          "tecken"]),
    Case("word_30000_characters", "SN's Viktiga händelser A3: one word of 30 000 characters (within the limit).", SN,
         xml_edit(placeholder("Viktiga händelser", "A3"), replace_text(b"PLATSHALLARE", b"y" * 30_000)), SN, True,
         accepted="long_word_kept"),
    Case("row_beyond_excel", "SN's Viktiga händelser: its row 3 moved to row 1 048 577.", SN,
         xml_edit(placeholder("Viktiga händelser", "A3"),
                  replace_text(b'<row r="3"><c r="A3"', b'<row r="1048577"><c r="A1048577"', b"PLATSHALLARE")), SN,
         True, [f"{P}{SN} | Viktiga händelser | - | - | Bladet har 1\u00a0048\u00a0577 rader; ett blad får ha högst "
                "1\u00a0048\u00a0576 rader"]),
    Case("header_row_41", "The budget with 40 empty rows above its header.", BUDGET,
         bad.edit_xlsx(insert_rows("Budget", 40)), BUDGET, True,
         [f"{P}{BUDGET} | Budget | 41 | - | rubrikraden står på rad 41, men rubrikraden söks bara bland de 30 första "
          "raderna"]),
    # Amounts.
    Case("amount_1e309", "Budget!E9 the text '1e309' (beyond a float).", BUDGET,
         bad.edit_xlsx(set_value("Budget", "E9", "1e309")), BUDGET, True,
         [f"{P}{BUDGET} | Budget | 9 | E (Belopp) | Beloppet '1e309' är inte ett rimligt belopp"]),
    Case("amount_minus_infinity", "Budget!E9 the text '-Infinity'.", BUDGET,
         bad.edit_xlsx(set_value("Budget", "E9", "-Infinity")), BUDGET, True,
         [f"{P}{BUDGET} | Budget | 9 | E (Belopp) | Beloppet '-Infinity' är inte ett belopp"]),
    Case("amount_nan", "Budget!E9 the text 'nan'.", BUDGET, bad.edit_xlsx(set_value("Budget", "E9", "nan")), BUDGET,
         True, [f"{P}{BUDGET} | Budget | 9 | E (Belopp) | Beloppet 'nan' är inte ett belopp"]),
    Case("amount_1e14", "Budget!E9 the number 1e14 (beyond the plausible range).", BUDGET,
         bad.edit_xlsx(set_value("Budget", "E9", 1e14)), BUDGET, True,
         [f"{P}{BUDGET} | Budget | 9 | E (Belopp) | är inte ett rimligt belopp"]),
    Case("csv_amount_inf", "A second ledger CSV, line 10: Belopp 'inf'.", CSV_EXTRA, csv_edit(csv_field(10, 5, "inf")),
         UTFALL_CSV, expect=[f"{P}{CSV_EXTRA} | - | 10 | F (Belopp) | Beloppet inf är inte ett rimligt belopp"]),
    # Text that must stay text, and characters that must not reach anything.
    Case("formula_text_malformulering", "Mål!E2 (Målformulering of KF1) the text =cmd|' /C calc'!A0.", MAL,
         bad.edit_xlsx(set_text("Mål", "E2", "=cmd|' /C calc'!A0")), MAL, True, accepted="formula_text_kept"),
    Case("formula_text_indicator", "Indikatorer!B2 (Namn) the text =HYPERLINK(\"http://example.invalid\",\"klicka\").",
         MAL, bad.edit_xlsx(set_text("Indikatorer", "B2", '=HYPERLINK("http://example.invalid","klicka")')), MAL,
         True, accepted="hyperlink_text_kept"),
    Case("control_x0001", "Mål!E3 (Målformulering of KF2) with Excel's escapes _x0001_ and _x001B_ in it.", MAL,
         xml_edit(placeholder("Mål", "E3", "Invånare PLATSHALLARE som behöver stöd"),
                  replace_text(b"PLATSHALLARE", b"_x0001__x001B_[31m")), MAL, True, accepted="control_removed"),
    Case("control_raw_csv", "A second ledger CSV whose first SN line has an ESC and a BEL after the Nämnd.",
         CSV_EXTRA, csv_edit(lambda t: t.replace("\r\n2025;202501;SN;", "\r\n2025;202501;SN\x1b\x07;", 1)),
         UTFALL_CSV, accepted="csv_slice_as_example"),
    Case("bidi_override_text", "Mål!E3 with a right-to-left override (U+202E) in the Målformulering.", MAL,
         bad.edit_xlsx(set_value("Mål", "E3", "Invånare som behöver stöd \u202efår en trygg omsorg")), MAL, True,
         accepted="bidi_removed"),
    # CSV encodings and separators: a second ledger file (CSV_EXTRA) beside the example's.
    Case("csv_utf16_bom", "A second ledger CSV in UTF-16 LE with a BOM.", CSV_EXTRA,
         csv_edit(lambda t: t, "utf-16-le", b"\xff\xfe"), UTFALL_CSV, accepted="csv_slice_as_example"),
    Case("csv_utf16be_no_bom", "A second ledger CSV in UTF-16 BE without a BOM.", CSV_EXTRA,
         csv_edit(lambda t: t, "utf-16-be"), UTFALL_CSV, accepted="csv_slice_as_example"),
    Case("csv_utf8_bom", "A second ledger CSV in UTF-8 with a BOM.", CSV_EXTRA,
         csv_edit(lambda t: t, "utf-8", b"\xef\xbb\xbf"), UTFALL_CSV, accepted="csv_slice_as_example"),
    Case("csv_title_with_commas", "A second ledger CSV with a title line full of commas above the header.", CSV_EXTRA,
         csv_edit(lambda t: "Huvudbok, Exempelkommun, Ekonomiavdelningen, utskriven 2026-01-10, sida 1\r\n" + t),
         UTFALL_CSV, accepted="csv_slice_as_example"),
    Case("csv_tab_separated", "A second ledger CSV separated by tabs.", CSV_EXTRA,
         csv_edit(lambda t: t.replace(";", "\t")), UTFALL_CSV, accepted="csv_slice_as_example"),
    Case("csv_undecodable", "A second ledger CSV with byte 0x81 (in neither UTF-8 nor Windows-1252) for its first "
         "'ä'.", CSV_EXTRA, csv_bytes(lambda b: b.replace(b"\xe4", b"\x81", 1)), UTFALL_CSV,
         expect=[f"{P}{CSV_EXTRA} | - | - | - | Filen är varken UTF-8 eller Windows-1252: byte 12 (0x81)"]),
    Case("csv_nul_bytes", "A second ledger CSV with NUL bytes inside a line (not UTF-16).", CSV_EXTRA,
         csv_bytes(lambda b: b.replace(b";1110;", b";11\0\0\0" + b"10;", 1)), UTFALL_CSV,
         expect=[f"{P}{CSV_EXTRA} | - | - | - | Filen innehåller nollbytes"]),
    Case("csv_field_40000", "A second ledger CSV, line 6: Verksamhet of 40 000 characters.", CSV_EXTRA,
         csv_edit(csv_field(6, 3, "V" * 40_000)), UTFALL_CSV,
         expect=[f"{P}{CSV_EXTRA} | - | - | D (Verksamhet) | 1 fält har fler än 32\u00a0767 tecken"]),
    Case("csv_header_row_45", "A second ledger CSV with 44 title lines above its header.", CSV_EXTRA,
         csv_edit(lambda t: "Huvudbok 2025\r\n" * 44 + t), UTFALL_CSV,
         expect=[f"{P}{CSV_EXTRA} | - | 45 | - | Rubrikraden står på rad 45, men rubrikraden söks bara bland de 30 "
                 "första raderna"]),
    # Kolada JSON.
    Case("kolada_nested_5000", "A JSON file nested 5 000 levels deep.", KOLADA_EXTRA,
         kolada_text("[" * 5000 + "]" * 5000),
         expect=[f"{P}{KOLADA_EXTRA} | - | - | - | Filen är nästlad i fler nivåer än tillåtet"]),
    Case("kolada_5000_digits", "A Kolada record whose value has 5 000 digits.", KOLADA_EXTRA,
         kolada_text('{"values":[' + RECORD % ("9" * 5000) + "]}"),
         expect=[f"{P}{KOLADA_EXTRA} | - | 1 | - | Filen innehåller ett tal med 5000 tecken"]),
    Case("kolada_nan", "A Kolada value NaN.", KOLADA_EXTRA, kolada_text('{"values":[' + RECORD % "NaN" + "]}"),
         expect=[f"{P}{KOLADA_EXTRA} | - | 1 | - | Filen innehåller värdet NaN, som inte är ett tal"]),
    Case("kolada_infinity", "A Kolada value -Infinity on the file's second line.", KOLADA_EXTRA,
         kolada_text('{"values":[\n' + RECORD % "-Infinity" + "]}"),
         expect=[f"{P}{KOLADA_EXTRA} | - | 2 | - | Filen innehåller värdet -Infinity, som inte är ett tal"]),
    Case("kolada_1e999", "A Kolada value 1e999 (beyond a float).", KOLADA_EXTRA,
         kolada_text('{"values":[' + RECORD % "1e999" + "]}"),
         expect=[f"{P}{KOLADA_EXTRA} | - | 1 | - | Talet 1e999 är för stort för att räknas med"]),
    # Dates.
    Case("date_as_day_number", "VON's Extern regi E2 (Avtalet gäller till) as Excel's day number 46752, its date "
         "format lost.", VON, bad.edit_xlsx(set_value("Extern regi", "E2", serial(date(2027, 12, 31)))), VON, True,
         accepted="day_number_is_date"),
    Case("date_as_swedish_text", "VON's Extern regi E2 as the text '31 december 2027'.", VON,
         bad.edit_xlsx(set_value("Extern regi", "E2", "31 december 2027")), VON, True,
         [f"{P}{VON} | Extern regi | 2 | E (Avtalet gäller till) | '31 december 2027' är inget datum"]),
]


# --- build --------------------------------------------------------------------------------------------------------


def write_expected() -> None:
    lines = ["# Golden file for tests/test_fientlig_korpus.py, written by tests/data/fientlig/build_corpus.py (edit the",
             "# cases there). Same format as tests/data/bad/expected.txt, plus `accepted: <check>` for a file that must",
             "# be read without any problem and pass that check of the test.", ""]
    for case in CASES:
        lines.append(f"[{case.name}]")
        lines.append(f"{'replaces' if case.replaces else 'adds'}: {P}{case.bad}")
        lines.append(f"defect: {case.defect}")
        lines += [f"problem: {e}" for e in case.expect]
        if case.accepted:
            lines.append(f"accepted: {case.accepted}")
        lines.append("")
    EXPECTED.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    for case in CASES:
        assert bool(case.expect) != bool(case.accepted), f"{case.name}: give problems or an accepted check"
        folder = HERE / case.name
        shutil.rmtree(folder, ignore_errors=True)
        target = folder / case.bad
        target.parent.mkdir(parents=True)
        case.make(INPUTS / case.source if case.source else None, target)
    for stale in HERE.iterdir():
        if stale.is_dir() and stale.name not in names and not stale.name.startswith(("_", ".")):
            shutil.rmtree(stale)
    write_expected()
    print(f"{len(CASES)} cases written to {HERE}")


if __name__ == "__main__":
    main()
