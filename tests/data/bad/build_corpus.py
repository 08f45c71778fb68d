"""Build the bad-input corpus in tests/data/bad/ from the valid example inputs in inputs/2026/.

Run by hand from anywhere (the outputs are committed; tests never run this):

    .venv/bin/python tests/data/bad/build_corpus.py

Each case is one copy of an example file with one precise defect (or one extra file), written to
`tests/data/bad/<case>/<path relative to inputs/>`, e.g. `tests/data/bad/budget_unknown_namnd/2026/Budget 2026.xlsx`.
A case folder holds only the bad file. `tests/data/bad/expected.txt` is the golden file read by
tests/test_bad_inputs.py: one block per case with the example file it replaces, adds or removes and the problem
lines validation must produce, `fil | blad | rad | kolumn | message fragment` (`-` = no value). The expectations
are written here by hand from SPEC §2 and docs/indata.md; they are never copied from a validation run.

Tools needed only to rebuild (dev-only, not project dependencies): openpyxl (a runtime dependency anyway),
msoffcrypto-tool (the encrypted workbook) and xlwt (the old binary .xls). The zip-based outputs are written with
fixed timestamps so a rebuild gives the same bytes, except the encrypted workbook (msoffcrypto draws a random
salt each time).
"""

from __future__ import annotations

import io
import shutil
import struct
import sys
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import openpyxl

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
from exempel import EXEMPELKOMMUN as EXAMPLE
INPUTS = EXAMPLE / "inputs"
EXPECTED = HERE / "expected.txt"

FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
FIXED_CORE_TIME = b"2026-01-01T00:00:00Z"

BUDGET = "2026/Budget 2026.xlsx"
MAL = "2026/Mål och indikatorer 2026.xlsx"
EGNA = "2026/Egna mätningar 2026.xlsx"
KOLADA = "2026/Kolada 2026.json"
UTFALL_CSV = "2026/Utfall 2025.csv"
HUVUDBOK = "2026/tertial/Huvudbok jan-apr 2026.xlsx"
REALDATA = ROOT / "tests" / "data" / "realdata"
WEB_XLS = REALDATA / "kolada-web-exports-2012" / "N15418.xls"     # real Kolada web export (SOURCE.md there)
WEB_CSV = REALDATA / "kolada-web-exports-2012" / "kld_bakgr.csv"


def underlag(namnd: str) -> str:
    return f"2026/tertial/Rapportunderlag {namnd} T1 2026.xlsx"


@dataclass
class Case:
    """One bad input. `bad` is the file written (path relative to inputs/); `removes` an example file that the
    case takes away (the same path as `bad` when the bad file replaces it); `make(src, dst)` writes the bad file
    from the example file `src` (None when the file is made from nothing). A case that only removes an example
    file has no bad file (`bad` and `make` None) and no folder."""

    name: str
    defect: str
    bad: str | None
    make: Callable[[Path | None, Path], None] | None
    source: str | None = None
    removes: str | None = None
    expect: list[str] = field(default_factory=list)
    # Whether an already built file may stay (same defect); default: same bytes.
    same: Callable[[Path, Path], bool] = lambda old, new: old.read_bytes() == new.read_bytes()


# --- helpers ----------------------------------------------------------------------------------------------


def normalise_zip(path: Path) -> None:
    """Rewrite a zip (xlsx/docx) with fixed member timestamps and a fixed docProps/core.xml modified date,
    so a rebuild writes the same bytes."""
    import re

    with zipfile.ZipFile(path) as zf:
        members = [(info, zf.read(info.filename)) for info in zf.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:modified|created)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + FIXED_CORE_TIME + rb"\2", data)
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            out.writestr(fixed, data)
    path.write_bytes(buffer.getvalue())


def edit_xlsx(edit: Callable[[openpyxl.Workbook], None]) -> Callable[[Path | None, Path], None]:
    """A maker that opens the example workbook with openpyxl, applies `edit`, and saves it."""

    def make(src: Path | None, dst: Path) -> None:
        wb = openpyxl.load_workbook(src)
        edit(wb)
        wb.save(dst)
        normalise_zip(dst)

    return make


def set_cell(sheet: str, cell: str, value, expect_old=None) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        old = wb[sheet][cell].value
        if expect_old is not None and old != expect_old:
            raise SystemExit(f"{sheet}!{cell} is {old!r}, expected {expect_old!r}: the example inputs changed; "
                             "update the case and its expected lines.")
        wb[sheet][cell].value = value

    return edit


def copy_file(src: Path | None, dst: Path) -> None:
    shutil.copyfile(src, dst)


def add_vba_project(src: Path | None, dst: Path) -> None:
    """The example workbook plus a VBA project part (what Excel saves for a macro-enabled workbook)."""
    shutil.copyfile(src, dst)
    normalise_zip(dst)
    with zipfile.ZipFile(dst) as zf:
        members = [(info.filename, zf.read(info.filename)) for info in zf.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            if name == "[Content_Types].xml":
                data = data.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
                data = data.replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
            if name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')
            out.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), data, zipfile.ZIP_DEFLATED)
        # Not a working VBA project (no macro tool here), but the part Excel writes and readers look for.
        out.writestr(zipfile.ZipInfo("xl/vbaProject.bin", FIXED_ZIP_TIME),
                     b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, zipfile.ZIP_DEFLATED)
    dst.write_bytes(buffer.getvalue())


def truncate(src: Path | None, dst: Path) -> None:
    """The first half of the workbook's bytes (an interrupted copy or download)."""
    data = src.read_bytes()
    dst.write_bytes(data[: len(data) // 2])


def _member_data_offset(data: bytes, info: zipfile.ZipInfo) -> int:
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26: info.header_offset + 30])
    return info.header_offset + 30 + name_len + extra_len


def damage_member(member: str, zlib_fails: bool) -> Callable[[Path | None, Path], None]:
    """Flip one byte of a member's compressed data. With `zlib_fails` the byte is chosen so that inflating
    fails (zlib.error); otherwise so that inflating succeeds and only the CRC check fails. The first such byte
    from the start of the member's data is taken, so the result is deterministic."""

    def make(src: Path | None, dst: Path) -> None:
        shutil.copyfile(src, dst)
        normalise_zip(dst)
        data = dst.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo(member)
        start = _member_data_offset(data, info)
        for position in range(start, start + info.compress_size):
            damaged = bytearray(data)
            damaged[position] ^= 0xFF
            try:
                with zipfile.ZipFile(io.BytesIO(bytes(damaged))) as zf:
                    zf.read(member)
                continue  # the flip went unnoticed (cannot happen with a CRC, but be safe)
            except zlib.error:
                outcome_zlib = True
            except zipfile.BadZipFile:
                outcome_zlib = False
            if outcome_zlib == zlib_fails:
                dst.write_bytes(bytes(damaged))
                return
        raise SystemExit(f"no suitable byte to damage in {member}")

    return make


def empty(src: Path | None, dst: Path) -> None:
    dst.write_bytes(b"")


def encrypt(src: Path | None, dst: Path) -> None:
    """The workbook encrypted with a password, as Excel's "Kryptera med lösenord" saves it."""
    import msoffcrypto.format.ooxml

    with src.open("rb") as fh, dst.open("wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(fh).encrypt("hemligt", out)


def same_plaintext(old: Path, new: Path) -> bool:
    """Two encrypted workbooks with the same password and content (the salt differs on every build)."""
    import msoffcrypto

    def plain(path: Path) -> bytes:
        with path.open("rb") as fh:
            office = msoffcrypto.OfficeFile(fh)
            office.load_key(password="hemligt")
            out = io.BytesIO()
            office.decrypt(out)
            return out.getvalue()

    return plain(old) == plain(new)


def old_xls(cell: str | None = None, value=None) -> Callable[[Path | None, Path], None]:
    """The same rows saved in the old binary Excel format (BIFF8, as Kolada's web export and old Excel save it),
    optionally with one cell (A1 notation) changed."""

    def make(src: Path | None, dst: Path) -> None:
        import xlwt
        from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

        wb_in = openpyxl.load_workbook(src)
        book = xlwt.Workbook(encoding="utf-8")
        for ws in wb_in:
            sheet = book.add_sheet(ws.title)
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            if cell is not None and ws is wb_in.worksheets[0]:
                letters, row = coordinate_from_string(cell)
                rows[row - 1][column_index_from_string(letters) - 1] = value
            for r, values in enumerate(rows):
                for c, v in enumerate(values):
                    if v is not None:
                        sheet.write(r, c, v)
        book.save(str(dst))

    return make


def unrecognised_workbook(src: Path | None, dst: Path) -> None:
    """A workbook left in the folder by mistake: one sheet Blad1 with headers of no known kind."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Blad1"
    ws.append(["Namn", "Telefon", "Rum"])
    ws.append(["Anna Andersson", "0999-123 45", "B214"])
    ws.append(["Bertil Berg", "0999-123 46", "B216"])
    wb.save(dst)
    normalise_zip(dst)


def text_file(src: Path | None, dst: Path) -> None:
    dst.write_text("Budgeten är preliminär till dess att KF har beslutat.\n", encoding="utf-8")


def docx_file(src: Path | None, dst: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Kommentarer till tertialrapporten från förvaltningen.")
    doc.core_properties.author = "Exempelkommun"
    doc.save(str(dst))
    normalise_zip(dst)


def csv_amount_text(line_no: int, text: str) -> Callable[[Path | None, Path], None]:
    """Replace the Belopp field (6th) on one line of the semicolon CSV, keeping Windows-1252 and CRLF."""

    def make(src: Path | None, dst: Path) -> None:
        lines = src.read_bytes().split(b"\r\n")
        fields = lines[line_no - 1].split(b";")
        fields[5] = text.encode("cp1252")
        lines[line_no - 1] = b";".join(fields)
        dst.write_bytes(b"\r\n".join(lines))

    return make


def kolada_invalid_json(src: Path | None, dst: Path) -> None:
    """A short Kolada extract (the own kommun's records, one per line as the example file writes them) with the
    comma after the second record missing, as after a hand edit. Kept small; the example file is 5 MB."""
    lines = src.read_text(encoding="utf-8").splitlines()
    own = [ln for ln in lines[1:] if '"municipality":"0999"' in ln][:40]
    own = [ln.rstrip(",") for ln in own]
    body = [ln + ("," if i < len(own) - 1 else "") for i, ln in enumerate(own)]
    body[1] = body[1].rstrip(",")  # line 3 of the file: no comma before line 4
    dst.write_text("\n".join([lines[0], *body, "]}"]) + "\n", encoding="utf-8")


def hypergene_xls(kommuner: int, rename: tuple[str, str, str]) -> Callable[[Path | None, Path], None]:
    """The first `kommuner` kommuner's rows of the real Kolada web export N15418.xls, written again as BIFF8 .xls
    (sheet "Exported from Hypergene", År as text, values as numbers, like the original), with the kommun name on
    the row of `rename` = (name, year, new name) changed."""

    def make(src: Path | None, dst: Path) -> None:
        import xlwt
        from python_calamine import CalamineWorkbook

        book_in = CalamineWorkbook.from_path(str(WEB_XLS))
        rows = book_in.get_sheet_by_name(book_in.sheet_names[0]).to_python()
        names = list(dict.fromkeys(r[1] for r in rows[1:]))[:kommuner]
        kept = [rows[0]] + [list(r) for r in rows[1:] if r[1] in names]
        hits = [r for r in kept[1:] if (r[1], r[2]) == rename[:2]]
        if len(hits) != 1:
            raise SystemExit(f"{WEB_XLS.name}: no single row for {rename[:2]}; update the case.")
        hits[0][1] = rename[2]
        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet(book_in.sheet_names[0])
        for r, values in enumerate(kept):
            for c, v in enumerate(values):
                sheet.write(r, c, v)
        book.save(str(dst))

    return make


def hypergene_csv_lines(kommuner: set[str], titles: set[str]) -> Callable[[Path | None, Path], None]:
    """The header and the lines of the real Kolada CSV export kld_bakgr.csv (ISO-8859-1, `;`, CRLF) for the given
    kommun names and KPI titles, bytes unchanged and in the file's order."""

    def make(src: Path | None, dst: Path) -> None:
        lines = WEB_CSV.read_bytes().split(b"\r\n")
        fields = [ln.decode("latin-1").split(";") for ln in lines]
        kept = [lines[0]] + [ln for ln, f in zip(lines[1:], fields[1:]) if len(f) == 4 and f[0] in kommuner and f[1] in titles]
        dst.write_bytes(b"\r\n".join(kept) + b"\r\n")

    return make


def rename_sheet(old: str, new: str) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        wb[old].title = new

    return edit


def duplicate_budget_row(row: int) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        ws = wb["Budget"]
        ws.append([c.value for c in ws[row]])

    return edit


def delete_budget_column(col: int, header: str) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        ws = wb["Budget"]
        if ws.cell(1, col).value != header:
            raise SystemExit(f"Budget column {col} is not {header}")
        ws.delete_cols(col)

    return edit


def shift_jan(row: int, delta: int) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        ws = wb["Budget"]
        ws[f"F{row}"].value = ws[f"F{row}"].value + delta

    return edit


# --- the cases --------------------------------------------------------------------------------------------

P = "inputs/"  # problem file names are relative to the inputs folder's parent

CASES = [
    Case("budget_missing_konto", "Budget: column D (Konto) deleted.",
         BUDGET, edit_xlsx(delete_budget_column(4, "Konto")), BUDGET, BUDGET,
         [f"{P}{BUDGET} | Budget | 1 | - | obligatoriska kolumner saknas: Konto"]),
    Case("budget_sheet_renamed", "Budget: sheet 'Budget' renamed 'Budget 2026' (so no budget is found).",
         BUDGET, edit_xlsx(rename_sheet("Budget", "Budget 2026")), BUDGET, BUDGET,
         [f"{P}{BUDGET} | Budget 2026 | - | - | Filens sort känns inte igen",
          f"{P}2026 | - | - | - | Ingen budgetfil hittades"]),
    Case("two_budget_files", "A copy of the Budget workbook saved beside it as 'Budget 2026 - Kopia.xlsx'.",
         "2026/Budget 2026 - Kopia.xlsx", copy_file, BUDGET,
         expect=[f"{P}{BUDGET} | - | - | - | budgetfil"]),
    Case("budget_unknown_namnd", "Budget!B7 'BUN' -> 'XN'.",
         BUDGET, edit_xlsx(set_cell("Budget", "B7", "XN", "BUN")), BUDGET, BUDGET,
         [f"{P}{BUDGET} | Budget | 7 | B (Nämnd) | Okänd nämnd 'XN'"]),
    Case("budget_amount_text", "Budget!E9 40442000 -> 'tolv tusen'.",
         BUDGET, edit_xlsx(set_cell("Budget", "E9", "tolv tusen", 40442000)), BUDGET, BUDGET,
         [f"{P}{BUDGET} | Budget | 9 | E (Belopp) | Beloppet 'tolv tusen' är inte ett belopp"]),
    Case("budget_duplicate_key", "Budget: row 5 (BUN / 407 / 4510) copied to row 380.",
         BUDGET, edit_xlsx(duplicate_budget_row(5)), BUDGET, BUDGET,
         [f"{P}{BUDGET} | Budget | 380 | - | BUN / 407 / 4510 förekommer redan på rad 5"]),
    Case("budget_wrong_year", "Budget!A10 2026 -> 2025.",
         BUDGET, edit_xlsx(set_cell("Budget", "A10", 2025, 2026)), BUDGET, BUDGET,
         [f"{P}{BUDGET} | Budget | 10 | A (År) | Fel år 2025: filen ska gälla 2026"]),
    Case("budget_konto_12345", "Budget!D11 3110 -> 12345.",
         BUDGET, edit_xlsx(set_cell("Budget", "D11", 12345, 3110)), BUDGET, BUDGET,
         [f"{P}{BUDGET} | Budget | 11 | D (Konto) | Kontot 12345 är inte ett Kommun-Bas-konto med fyra siffror"]),
    Case("budget_periodisering_sum", "Budget!F12 (Jan) 0 -> 10000: Jan–Dec sums to neither 1 nor Belopp (-199000).",
         BUDGET, edit_xlsx(shift_jan(12, 10000)), BUDGET, BUDGET,
         [f"{P}{BUDGET} | Budget | 12 | F (Jan) | varken 1 (andelar) eller radens belopp"]),
    Case("xlsm_workbook", "Rapportunderlag KS saved as a macro-enabled workbook (.xlsm) instead of .xlsx.",
         underlag("KS").replace(".xlsx", ".xlsm"), add_vba_project, underlag("KS"), underlag("KS"),
         [f"{P}{underlag('KS').replace('.xlsx', '.xlsm')} | - | - | - | Arbetsböcker med makron (.xlsm) tas inte emot"]),
    Case("xlsx_with_macros", "Rapportunderlag KFN: a vbaProject.bin part added inside the .xlsx.",
         underlag("KFN"), add_vba_project, underlag("KFN"), underlag("KFN"),
         [f"{P}{underlag('KFN')} | - | - | - | Arbetsboken innehåller makron"]),
    Case("xlsx_really_xls", "Egna mätningar in the old binary format (BIFF8/OLE) under its .xlsx name.",
         EGNA, old_xls(), EGNA, EGNA,
         [f"{P}{EGNA} | - | - | - | Filen är inte en .xlsx-arbetsbok (gammalt binärt format)"]),
    Case("xls_bad_value", "Egna mätningar saved as .xls (read, docs/indata.md) with Mätningar!D5 90.5 -> 'ej mätt'.",
         EGNA.replace(".xlsx", ".xls"), old_xls("D5", "ej mätt"), EGNA, EGNA,
         [f"{P}{EGNA.replace('.xlsx', '.xls')} | Mätningar | 5 | D (Värde) | Värdet 'ej mätt' är inte ett tal"]),
    Case("corrupt_zip_truncated", "Rapportunderlag TN cut to the first half of its bytes.",
         underlag("TN"), truncate, underlag("TN"), underlag("TN"),
         [f"{P}{underlag('TN')} | - | - | - | Filen är trasig och går inte att öppna som Excel-arbetsbok"]),
    Case("corrupt_part_crc", "Rapportunderlag TN: one byte of xl/worksheets/sheet1.xml flipped (inflates, CRC fails).",
         underlag("TN"), damage_member("xl/worksheets/sheet1.xml", zlib_fails=False), underlag("TN"), underlag("TN"),
         [f"{P}{underlag('TN')} | - | - | - | Filen är trasig: delen xl/worksheets/sheet1.xml går inte att läsa (kontrollsumman stämmer inte)"]),
    Case("corrupt_part_deflate", "Rapportunderlag TN: one byte of xl/worksheets/sheet1.xml flipped (inflating fails).",
         underlag("TN"), damage_member("xl/worksheets/sheet1.xml", zlib_fails=True), underlag("TN"), underlag("TN"),
         [f"{P}{underlag('TN')} | - | - | - | Filen är trasig"]),
    Case("empty_xlsx", "Egna mätningar replaced by a 0-byte file.",
         EGNA, empty, EGNA, EGNA,
         [f"{P}{EGNA} | - | - | - | Filen är tom (0 byte)"]),
    Case("empty_csv", "Utfall 2025.csv replaced by a 0-byte file.",
         UTFALL_CSV, empty, UTFALL_CSV, UTFALL_CSV,
         [f"{P}{UTFALL_CSV} | - | - | - | Filen är tom (0 byte)"]),
    Case("formula_without_value", "Rapportunderlag BUN Prognos!C4 (Helårsprognos) = '=C3*2', saved by openpyxl without a cached value.",
         underlag("BUN"), edit_xlsx(set_cell("Prognos", "C4", "=C3*2", 5999000)), underlag("BUN"), underlag("BUN"),
         [f"{P}{underlag('BUN')} | Prognos | 4 | C (Helårsprognos) | formel utan sparat värde"]),
    Case("formula_without_value_text", "Rapportunderlag VON Prognos!D3 (Kommentar) = '=B3&\" – \"&C3', saved by openpyxl "
         "without a cached value.",
         underlag("VON"), edit_xlsx(set_cell("Prognos", "D3", '=B3&" – "&C3', "Helårsprognos i nivå med budget.")),
         underlag("VON"), underlag("VON"),
         [f"{P}{underlag('VON')} | Prognos | 3 | D | formel utan sparat värde"]),
    Case("encrypted_xlsx", "Rapportunderlag GVN encrypted with the password 'hemligt' (msoffcrypto-tool).",
         underlag("GVN"), encrypt, underlag("GVN"), underlag("GVN"),
         [f"{P}{underlag('GVN')} | - | - | - | Filen är krypterad (lösenordsskyddad)"], same=same_plaintext),
    Case("ledger_missing", "The ledger export (Huvudbok jan-apr 2026.xlsx) taken away; only last year's Utfall 2025.csv is left.",
         None, None, removes=HUVUDBOK,
         expect=[f"{P}2026/tertial | - | - | - | Huvudboksexporten saknar rader för 2026"]),
    Case("ledger_period_202613", "Huvudbok Export!B10 202601 -> 202613.",
         HUVUDBOK, edit_xlsx(set_cell("Export", "B10", 202613, 202601)), HUVUDBOK, HUVUDBOK,
         [f"{P}{HUVUDBOK} | Export | 10 | B (Period) | Perioden 202613 är ogiltig"]),
    Case("ledger_verksamhet_other_namnd", "Huvudbok Export!D20 412 -> 5101 (a VON verksamhet on a BUN row).",
         HUVUDBOK, edit_xlsx(set_cell("Export", "D20", 5101, 412)), HUVUDBOK, HUVUDBOK,
         [f"{P}{HUVUDBOK} | Export | 20 | D (Vht) | Verksamhet 5101 hör till nämnd VON, inte till BUN"]),
    Case("ledger_unknown_verksamhet", "Huvudbok Export!D30 425 -> 999 (no such verksamhet in the config).",
         HUVUDBOK, edit_xlsx(set_cell("Export", "D30", 999, 425)), HUVUDBOK, HUVUDBOK,
         [f"{P}{HUVUDBOK} | Export | 30 | D (Vht) | Okänd verksamhetskod 999"]),
    Case("utfall_csv_amount_text", "Utfall 2025.csv line 101: Belopp 43910,35 -> 'ungefär 12 000' (Windows-1252, CRLF kept).",
         UTFALL_CSV, csv_amount_text(101, "ungefär 12 000"), UTFALL_CSV, UTFALL_CSV,
         [f"{P}{UTFALL_CSV} | - | 101 | F (Belopp) | Beloppet 'ungefär 12 000' är inte ett belopp"]),
    Case("analys_bedomning_bra", "Rapportunderlag SN Analys!D2 'Delvis uppfyllt' -> 'Bra'.",
         underlag("SN"), edit_xlsx(set_cell("Analys", "D2", "Bra", "Delvis uppfyllt")), underlag("SN"), underlag("SN"),
         [f"{P}{underlag('SN')} | Analys | 2 | D (Bedömning) | Bedömningen 'Bra' är okänd"]),
    Case("analys_unknown_mal", "Rapportunderlag SN Analys!A2 'SN2' -> 'SN9' (no such mål in Mål och indikatorer).",
         underlag("SN"), edit_xlsx(set_cell("Analys", "A2", "SN9", "SN2")), underlag("SN"), underlag("SN"),
         [f"{P}{underlag('SN')} | Analys | 2 | A (Mål-id) | SN9"]),
    Case("unrecognised_workbook", "A workbook with one sheet Blad1 (Namn, Telefon, Rum) added to the tertial folder.",
         "2026/tertial/Telefonlista.xlsx", unrecognised_workbook,
         expect=[f"{P}2026/tertial/Telefonlista.xlsx | Blad1 | - | - | Filens sort känns inte igen"]),
    Case("mal_unknown_overordnat", "Mål och indikatorer Mål!C7 (BUN1) 'KF1' -> 'KF9'.",
         MAL, edit_xlsx(set_cell("Mål", "C7", "KF9", "KF1")), MAL, MAL,
         [f"{P}{MAL} | Mål | 7 | C (Överordnat mål) | Överordnat mål 'KF9' finns inte bland KF-målen"]),
    Case("conflicting_indicator_value", "A corrected copy of Egna mätningar saved beside it with Mätningar!D2 "
         "(E-BUN-01, 2021, T) 86 -> 85: the same value twice with different numbers.",
         "2026/Egna mätningar 2026 rättad.xlsx", edit_xlsx(set_cell("Mätningar", "D2", 85, 86)), EGNA,
         expect=[f"{P}2026/Egna mätningar 2026 rättad.xlsx | Mätningar | 2 | - | "
                 "Indikator E-BUN-01, kommun 0999, period 2021, kön T har olika värden: "
                 f"85 i {P}2026/Egna mätningar 2026 rättad.xlsx, blad Mätningar, rad 2 och "
                 f"86 i {P}{EGNA}, blad Mätningar, rad 2"]),
    Case("kolada_web_unknown_kommun", "Kolada's web export N15418.xls (real, its first 3 kommuner: Ale, Alingsås, "
         "Alvesta, 2006–2012, rows 2–22) with 'Alingsås' 2012 (row 15) misspelt 'Alingsas'.",
         "2026/N15418.xls", hypergene_xls(3, ("Alingsås", "2012", "Alingsas")),
         expect=[f"{P}2026/N15418.xls | Exported from Hypergene | 15 | B (Kommun/Landsting) | "
                 "Kommunen 'Alingsas' (1 rad) finns inte bland Sveriges 290 kommuner"]),
    Case("kolada_web_unknown_title", "Kolada's CSV web export kld_bakgr.csv cut to 'Alla kommuner (ovägt medel)' and "
         "Motala, titles 'Arbetslöshet, (%)' (lines 2–6 and 10–14) and 'Mediannettoinkomst, kr/inv 20+' (lines 7–9 "
         "and 15–17), neither of which is a Namn in the Indikatorer sheet; the file name is no Kolada id.",
         "2026/Kolada bakgrund 2012.csv",
         hypergene_csv_lines({"Alla kommuner (ovägt medel)", "Motala"}, {"Arbetslöshet, (%)", "Mediannettoinkomst, kr/inv 20+"}),
         expect=[f"{P}2026/Kolada bakgrund 2012.csv | - | 2 | B (Nyckeltal) | "
                 "Nyckeltalet 'Arbetslöshet, (%)' (10 rader) känns inte igen",
                 f"{P}2026/Kolada bakgrund 2012.csv | - | 7 | B (Nyckeltal) | "
                 "Nyckeltalet 'Mediannettoinkomst, kr/inv 20+' (6 rader) känns inte igen"]),
    Case("kolada_invalid_json", "Kolada 2026.json replaced by a 40-record extract whose line 3 lacks its trailing comma "
         "(a JSON parser stops at the start of line 4).",
         KOLADA, kolada_invalid_json, KOLADA, KOLADA,
         [f"{P}{KOLADA} | - | 4 | - | Filen är inte giltig JSON"]),
    Case("two_underlag_same_namnd", "A copy of Rapportunderlag SN saved beside it as '… - Kopia.xlsx' (Windows' copy name).",
         "2026/tertial/Rapportunderlag SN T1 2026 - Kopia.xlsx", copy_file, underlag("SN"),
         expect=[f"{P}{underlag('SN')} | - | - | - | Det finns två rapportunderlag för nämnd SN",
                 f"{P}2026/tertial/Rapportunderlag SN T1 2026 - Kopia.xlsx | - | - | - | Det finns två rapportunderlag för nämnd SN"]),
    Case("stray_txt", "A text file 'Läs mig.txt' dropped in the tertial folder.",
         "2026/tertial/Läs mig.txt", text_file,
         expect=[f"{P}2026/tertial/Läs mig.txt | - | - | - | Filtypen känns inte igen"]),
    Case("stray_docx", "A Word document 'Kommentarer till budget.docx' dropped in the year folder.",
         "2026/Kommentarer till budget.docx", docx_file,
         expect=[f"{P}2026/Kommentarer till budget.docx | - | - | - | Filtypen känns inte igen"]),
]


def write_expected(cases: list[Case]) -> None:
    out = [
        "# Golden file for tests/test_bad_inputs.py, written by tests/data/bad/build_corpus.py (edit the cases there).",
        "# One block per case: [case], the example file it replaces/adds/removes (paths as in inputs/), the defect,",
        "# and every problem validation must report for it, exactly:",
        "#   problem: fil | blad | rad | kolumn | message fragment      ('-' = no value; fil relative to inputs/'s parent)",
        "# The bad file itself lies in tests/data/bad/<case>/<path relative to inputs/>.",
        "",
    ]
    for case in cases:
        out.append(f"[{case.name}]")
        if case.removes == case.bad:
            out.append(f"replaces: inputs/{case.bad}")
        else:
            if case.removes:
                out.append(f"removes: inputs/{case.removes}")
            if case.bad:
                out.append(f"adds: inputs/{case.bad}")
        out.append(f"defect: {case.defect}")
        out += [f"problem: {line}" for line in case.expect]
        out.append("")
    EXPECTED.write_text("\n".join(out), encoding="utf-8")


def main() -> None:
    names = [c.name for c in CASES]
    if len(set(names)) != len(names):
        raise SystemExit("duplicate case names")
    for old in HERE.iterdir():
        if old.is_dir() and old.name not in names and not old.name.startswith(("_", ".")):
            shutil.rmtree(old)
    for case in CASES:
        folder = HERE / case.name
        if case.bad is None:
            if folder.exists():
                shutil.rmtree(folder)
            print(f"{case.name:32} (removes {case.removes})")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            built = Path(tmp) / Path(case.bad).name
            case.make(INPUTS / case.source if case.source else None, built)
            dst = folder / case.bad
            kept = (dst.is_file() and [p for p in folder.rglob("*") if p.is_file()] == [dst]
                    and case.same(dst, built))
            if not kept:
                if folder.exists():
                    shutil.rmtree(folder)
                dst.parent.mkdir(parents=True)
                shutil.copyfile(built, dst)
        print(f"{case.name:32} {dst.relative_to(HERE)} ({dst.stat().st_size} byte{', kept' if kept else ''})")
    write_expected(CASES)
    print(f"{len(CASES)} cases; golden file {EXPECTED.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
