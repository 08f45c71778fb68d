"""Hostile and careless text files (issue "Hostile inputs and faults"): a CSV ledger's encoding and separator are
found from its data, not from a title line; a failure says which encodings were tried; a header below the searched
rows is pointed at; Kolada JSON with absurd nesting, huge numbers or NaN/Infinity is refused naming the file and the
limit; a symbolic link in inputs/ is never followed."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config.problems import Problems
from pipeline.read.discover import read_inputs
from pipeline.read.kolada import MAX_JSON_NUMBER_CHARS

UTFALL = Path("inputs/2026/Utfall 2025.csv")


def _read(kommun: Path) -> tuple[list[str], object]:
    problems = Problems(root=kommun)
    raw = read_inputs(kommun / "inputs", 2026, "tertial", problems)
    return [str(p) for p in problems.items], raw


def _ledger_text(kommun: Path) -> str:
    return (kommun / UTFALL).read_bytes().decode("cp1252")


def _ledger(raw) -> tuple[int, float]:
    table = next(t for t in raw.utfall if t.path.name == UTFALL.name)
    amounts = table.frame["belopp"]
    return len(table.frame), float(amounts.astype(str).str.replace(",", ".").astype(float).sum())


@pytest.fixture
def reference(kommun_copy):
    messages, raw = _read(kommun_copy)
    assert messages == []
    return _ledger(raw)


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""),
                                           ("utf-8", b"\xef\xbb\xbf"), ("utf-8", b"")])
def test_the_ledger_reads_the_same_in_every_encoding(kommun_copy, reference, encoding, bom):
    text = "Huvudbok 2025, Exempelkommun, utskriven 2026-01-10\r\n\r\n" + _ledger_text(kommun_copy)
    (kommun_copy / UTFALL).write_bytes(bom + text.encode(encoding))
    messages, raw = _read(kommun_copy)
    assert messages == []
    assert _ledger(raw) == reference
    table = next(t for t in raw.utfall if t.path.name == UTFALL.name)
    assert table.frame["_rad"].iloc[0] == 4   # two title lines and the header above the first data line


def test_a_comma_in_the_title_line_does_not_decide_the_separator(kommun_copy, reference):
    text = "Huvudbok, Exempelkommun, Ekonomiavdelningen, 2025\r\n" + _ledger_text(kommun_copy)
    (kommun_copy / UTFALL).write_bytes(text.encode("cp1252"))
    messages, raw = _read(kommun_copy)
    assert messages == [] and _ledger(raw) == reference


def test_a_tab_separated_ledger_is_read(kommun_copy, reference):
    (kommun_copy / UTFALL).write_bytes(_ledger_text(kommun_copy).replace(";", "\t").encode("utf-8"))
    messages, raw = _read(kommun_copy)
    assert messages == [] and _ledger(raw) == reference


def test_an_undecodable_file_names_the_encodings_tried(kommun_copy):
    data = (kommun_copy / UTFALL).read_bytes()
    (kommun_copy / UTFALL).write_bytes(data.replace(b"\xe4", b"\x81", 1))   # 0x81: not UTF-8, not in Windows-1252
    messages, _raw = _read(kommun_copy)
    assert len(messages) == 1
    assert messages[0].startswith("inputs/2026/Utfall 2025.csv: Filen är varken UTF-8 eller Windows-1252")
    assert "UTF-8 (med eller utan BOM), UTF-16 (med eller utan BOM) och Windows-1252" in messages[0]


def test_a_missing_column_says_how_the_file_was_read(kommun_copy):
    text = _ledger_text(kommun_copy).replace("Konto;", "Kontot;", 1)
    (kommun_copy / UTFALL).write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    messages, _raw = _read(kommun_copy)
    assert len(messages) == 1 and "saknas: Konto" in messages[0]
    assert "Filen lästes som UTF-16 med BOM, semikolon som avgränsare" in messages[0]
    assert "rubrikraden söks bland de 30 första raderna" in messages[0]


def test_a_header_below_row_30_is_pointed_at(kommun_copy):
    text = "Huvudbok 2025\r\n" * 44 + _ledger_text(kommun_copy)
    (kommun_copy / UTFALL).write_bytes(text.encode("cp1252"))
    messages, _raw = _read(kommun_copy)
    assert messages == ["inputs/2026/Utfall 2025.csv, rad 45: Rubrikraden står på rad 45, men rubrikraden söks bara "
                        "bland de 30 första raderna. Ta bort tomma rader eller rubrikrader ovanför den."]


def test_a_workbook_header_below_row_30_is_pointed_at(kommun_copy):
    import openpyxl

    book = kommun_copy / "inputs/2026/Budget 2026.xlsx"
    wb = openpyxl.load_workbook(book)
    wb["Budget"].insert_rows(1, 40)
    wb.save(book)
    messages, _raw = _read(kommun_copy)
    assert any(m.startswith("inputs/2026/Budget 2026.xlsx, blad Budget, rad ") and
               "men rubrikraden söks bara bland de 30 första raderna" in m for m in messages), messages


KOLADA = Path("inputs/2026/Kolada 2026.json")
RECORD = '{"kpi":"N00005","municipality":"0999","period":2025,"values":[{"gender":"T","value":%s,"status":null}]}'


@pytest.mark.parametrize("text, expected", [
    ("[" * 100_000 + "]" * 100_000, "Filen är nästlad i fler nivåer än tillåtet (högst ungefär 1 000 nivåer"),
    ('{"values":[' + RECORD % ("9" * 5000) + "]}", f"Filen innehåller ett tal med 5000 tecken; ett tal i en Kolada-fil "
                                                   f"får ha högst {MAX_JSON_NUMBER_CHARS} tecken"),
    ('{"values":[' + RECORD % "NaN" + "]}", "rad 1: Filen innehåller värdet NaN, som inte är ett tal"),
    ('{"values":[\n' + RECORD % "-Infinity" + "]}", "rad 2: Filen innehåller värdet -Infinity, som inte är ett tal"),
    ('{"values":[' + RECORD % "1e999" + "]}", "rad 1: Talet 1e999 är för stort för att räknas med"),
], ids=["djup", "langt_tal", "nan", "infinity", "1e999"])
def test_hostile_kolada_json_is_refused_naming_the_file_and_the_limit(kommun_copy, text, expected):
    (kommun_copy / KOLADA).write_text(text, encoding="utf-8")
    messages, raw = _read(kommun_copy)
    assert len(messages) == 1 and messages[0].startswith(str(KOLADA)) and expected in messages[0], messages
    assert not any(t.path.name == KOLADA.name for t in raw.kolada)


def test_a_symbolic_link_in_inputs_is_not_followed(kommun_copy, tmp_path):
    secret = tmp_path / "utanför.csv"
    secret.write_bytes((kommun_copy / UTFALL).read_bytes())
    link = kommun_copy / "inputs/2026/tertial/Huvudbok extra.csv"
    link.symlink_to(secret)
    messages, raw = _read(kommun_copy)
    assert messages == ["inputs/2026/tertial/Huvudbok extra.csv: Filen är en symbolisk länk och lästes inte. Lägg en "
                        "kopia av själva filen i mappen."]
    assert link not in raw.files and all(t.path != link for t in raw.utfall)
