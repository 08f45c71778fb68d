"""The hostile-input corpus (issue "Hostile inputs and faults"): every case in tests/data/fientlig/ is read and
validated as `validera` does; a refused file gives exactly the problems of its block in expected.txt, an accepted
one no problem at all and passes its check; no input file ever changes and nothing is unpacked or written.

The corpus is built by tests/data/fientlig/build_corpus.py (run by hand; the files are committed). Cases too large
to commit, or that cannot be files in git, are made here (end of the file) and in the other test_fientlig_*
files: a 600 MB zip bomb (test_fientlig_zip), 10⁶ cells sharing one string, a file name with a newline or an ANSI
code (test_fientlig_text), a right-to-left override in a file name, a symbolic link and JSON nested 100 000
levels (test_fientlig_csv), a file saved while it is read (test_fel).
"""

from __future__ import annotations

import shutil
import time
import tracemalloc
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from pipeline.config.problems import Problems
from pipeline.read.discover import read_inputs
from pipeline.staging import stage_inputs
from test_bad_inputs import (CONFIG, INPUTS, YEAR, TILLFALLE, Expected, copy_inputs, golden_line, small_kolada,  # noqa: F401
                             snapshot, unmatched)

CORPUS = Path(__file__).resolve().parent / "data" / "fientlig"
GOLDEN = CORPUS / "expected.txt"
CSV_EXTRA = "2026/Utfall 2025 tillägg.csv"
CSV_ROWS = 300


@dataclass(frozen=True)
class HostileCase:
    name: str
    file: str          # relative to inputs/
    replaces: bool
    defect: str
    problems: tuple[Expected, ...]
    accepted: str | None


def load_cases() -> list[HostileCase]:
    cases, block = [], None
    for line in GOLDEN.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("["):
            if block:
                cases.append(HostileCase(**block))
            block = {"name": line.strip()[1:-1], "file": "", "replaces": False, "defect": "", "problems": (),
                     "accepted": None}
            continue
        key, _, rest = line.partition(": ")
        if key in ("replaces", "adds"):
            block["file"], block["replaces"] = rest.removeprefix("inputs/"), key == "replaces"
        elif key == "defect":
            block["defect"] = rest
        elif key == "accepted":
            block["accepted"] = rest.strip()
        elif key == "problem":
            fil, blad, rad, kolumn, fragment = (p.strip() for p in rest.split(" | "))
            block["problems"] += (Expected(fil, None if blad == "-" else blad, None if rad == "-" else int(rad),
                                           None if kolumn == "-" else kolumn, fragment),)
        else:
            raise ValueError(f"{GOLDEN.name}: unknown key {key!r}")
    cases.append(HostileCase(**block))
    return cases


CASES = load_cases()


def stage(inputs: Path):
    from pipeline.config import load_config

    problems = Problems(root=inputs.parent)
    raw = read_inputs(inputs, YEAR, TILLFALLE, problems)
    staged = stage_inputs(raw, load_config(CONFIG), YEAR, TILLFALLE, problems)
    return raw, staged, problems.sorted()


@pytest.fixture(scope="module")
def baseline(tmp_path_factory, small_kolada):
    """The example inputs staged, and the same with the unchanged CSV slice beside them (what every accepted CSV
    case must give)."""
    inputs = copy_inputs(tmp_path_factory.mktemp("bas"), small_kolada)
    _raw, staged, problems = stage(inputs)
    assert problems == []
    lines = (INPUTS / "2026/Utfall 2025.csv").read_bytes().split(b"\r\n")
    (inputs / CSV_EXTRA).write_bytes(b"\r\n".join(lines[: CSV_ROWS + 1]) + b"\r\n")
    _raw, with_slice, problems = stage(inputs)
    assert problems == [] and len(with_slice.utfall_fg) > len(staged.utfall_fg)
    return staged, with_slice


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False)


def _mal(staged, mal_id: str) -> str:
    return staged.mal.set_index("mal_id").loc[mal_id, "formulering"]


CHECKS = {
    "nothing_unpacked": lambda base, s, inputs: (
        _same(s.budget, base[0].budget),
        not Path("/tmp/kommunrapport-zip-slip.txt").exists() or pytest.fail("a zip part was unpacked"),
        not list(inputs.parent.rglob("kommunrapport-zip-slip.txt")) or pytest.fail("a zip part was unpacked")),
    "external_link_cached": lambda base, s, inputs: _same(s.budget, base[0].budget),
    "ledger_as_example": lambda base, s, inputs: _same(s.utfall, base[0].utfall),
    "hidden_handelser_not_read": lambda base, s, inputs: (
        s.underlag["SN"].handelser == () or pytest.fail(f"a hidden sheet was read: {s.underlag['SN'].handelser}")),
    "long_word_kept": lambda base, s, inputs: (
        "y" * 30_000 in s.underlag["SN"].handelser or pytest.fail("the 30 000-character text was not read whole")),
    "formula_text_kept": lambda base, s, inputs: (
        _mal(s, "KF1") == "=cmd|' /C calc'!A0" or pytest.fail(_mal(s, "KF1"))),
    "hyperlink_text_kept": lambda base, s, inputs: (
        s.indikatorer.set_index("indikator_id").loc["N15419", "namn"] == '=HYPERLINK("http://example.invalid","klicka")'
        or pytest.fail("the indicator name changed")),
    "control_removed": lambda base, s, inputs: (
        _mal(s, "KF2") == "Invånare [31m som behöver stöd" or pytest.fail(repr(_mal(s, "KF2")))),
    "bidi_removed": lambda base, s, inputs: (
        _mal(s, "KF2") == "Invånare som behöver stöd får en trygg omsorg" or pytest.fail(repr(_mal(s, "KF2")))),
    "csv_slice_as_example": lambda base, s, inputs: _same(s.utfall_fg, base[1].utfall_fg),
    "day_number_is_date": lambda base, s, inputs: (
        s.underlag["VON"].extern_regi["avtal_till"].tolist() == ["2027-12-31"]
        or pytest.fail(s.underlag["VON"].extern_regi["avtal_till"].tolist())),
}


def test_the_corpus_is_complete():
    """At least 40 cases, each with its file and either problems or a known check."""
    assert len(CASES) >= 40 and len({c.name for c in CASES}) == len(CASES)
    assert {p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))} == \
        {c.name for c in CASES}
    for case in CASES:
        assert (CORPUS / case.name / case.file).is_file(), case.name
        assert bool(case.problems) != bool(case.accepted), case.name
        assert case.accepted is None or case.accepted in CHECKS, case.name
        assert not case.replaces or (INPUTS / case.file).is_file(), case.name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: HostileCase, tmp_path, small_kolada, baseline):
    inputs = copy_inputs(tmp_path, small_kolada)
    shutil.copyfile(CORPUS / case.name / case.file, inputs / case.file)
    before = snapshot(inputs)

    _raw, staged, problems = stage(inputs)

    assert snapshot(inputs) == before, "an input file was changed, or something was written into inputs/"
    if case.accepted:
        assert [golden_line(p) for p in problems] == [], case.defect
        CHECKS[case.accepted](baseline, staged, inputs)
        return
    missing, extra = unmatched(case.problems, problems)
    assert not missing and not extra, "\n".join([f"case {case.name}: {case.defect}",
                                                 *(f"  expected, not reported: {e}" for e in missing),
                                                 *(f"  reported, not expected: {golden_line(p)}" for p in extra)])


# --- generated cases -----------------------------------------------------------------------------------------------


def test_a_million_cells_sharing_one_string(tmp_path, small_kolada):
    """A sheet of 10⁶ cells that all point at one shared string (a few MB packed, far more as Python objects) is
    read within bounds: an extra sheet of an underlag, ignored as data, without the memory growing per cell."""
    inputs = copy_inputs(tmp_path, small_kolada)
    book = inputs / "2026/tertial/Rapportunderlag SN T1 2026.xlsx"
    rows = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (r, r) for r in range(1, 1_000_001))
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><sheetData>' + rows + b"</sheetData></worksheet>")
    strings = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
               b'2006/main" count="1000000" uniqueCount="1"><si><t>Samma text i en miljon celler</t></si></sst>')
    with zipfile.ZipFile(book) as zin:
        parts = {i.filename: zin.read(i) for i in zin.infolist()}
    parts["xl/worksheets/sheet99.xml"] = sheet
    parts["xl/sharedStrings.xml"] = strings
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>", b'<sheet name="Anteckningar" sheetId="99" r:id="rId99"/></sheets>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/worksheet" Target="worksheets/sheet99.xml"/><Relationship Id="rId98" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/worksheets/sheet99.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
        b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    assert book.stat().st_size < 8_000_000
    started = time.perf_counter()
    tracemalloc.start()
    try:
        _raw, staged, problems = stage(inputs)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems == [] and staged.underlag["SN"].handelser   # the underlag itself is read as before
    assert time.perf_counter() - started < 60
    assert peak < 400 * 2**20, f"peak {peak / 2**20:.0f} MB"


def test_a_right_to_left_override_in_a_file_name_is_shown_escaped(tmp_path, small_kolada):
    """A file named with U+202E ("…\u202excod.xlsx" shows as "…xdoc.xlsx") is named with the escape, so the
    controller sees what the file is really called."""
    inputs = copy_inputs(tmp_path, small_kolada)
    shutil.copyfile(CORPUS / "docx_named_xlsx" / "2026/Kommentarer.xlsx", inputs / "2026/Kommentarer\u202excod.xlsx")
    _raw, _staged, problems = stage(inputs)
    assert [golden_line(p) for p in problems] == [
        "inputs/2026/Kommentarer\\u202excod.xlsx | - | - | - | Filen heter .xlsx men är ingen Excel-arbetsbok (det är "
        "ett Word-dokument). Lägg bara kommunens arbetsböcker i indatamappen."]
