"""The inkorg (pipeline.inkorg, `kommunrapport bevaka`): each new or changed workbook is reviewed against the other
inputs, gets its feedback beside it, and is copied into the inputs when approved; a file being written waits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from pipeline import inkorg as box
from pipeline.config import load_config

CLI = [sys.executable, "-m", "pipeline.cli"]
SN = "Rapportunderlag SN T1 2026.xlsx"
KFN = "Rapportunderlag KFN T1 2026.xlsx"


def _settled(path: Path, seconds: float = 60) -> Path:
    past = time.time() - seconds
    os.utime(path, (past, past))
    return path


@pytest.fixture
def delivered(kommun_copy):
    """The example kommun with SN's workbook moved out of inputs into the inkorg, and KFN's a broken file."""
    folder = kommun_copy / "inkorg" / "2026" / "tertial"
    folder.mkdir(parents=True)
    (kommun_copy / "inputs" / "2026" / "tertial" / SN).rename(folder / SN)
    _settled(folder / SN)
    _settled(folder / KFN) if (folder / KFN).write_text("inte en arbetsbok") else None
    return kommun_copy, folder


def _round(kommun: Path):
    config = load_config(kommun / "config" / "kommun.toml")
    return box.review_round(config, kommun / "config" / "kommun.toml", kommun / "inputs", 2026, "tertial",
                            now=datetime(2026, 5, 4, 9, 30))


def test_a_good_and_a_broken_workbook_get_their_feedback_and_only_the_good_one_is_copied(delivered):
    kommun, folder = delivered
    result = _round(kommun)
    assert [r.file for r in result.reviews] == [KFN, SN]
    text = (folder / "Rapportunderlag KFN T1 2026 – granskning.txt").read_text(encoding="utf-8")
    assert text.splitlines()[:2] == ["Granskning av Rapportunderlag KFN T1 2026.xlsx",
                                     "Exempelkommun, Tertialrapport 1 2026. Granskad 2026-05-04 09:30 av Kommunrapport."]
    assert "Resultat: 1 fel. Filen är inte kopierad till indata" in text
    assert "Filen är trasig och går inte att öppna som Excel-arbetsbok (ogiltig zip)." in text
    good = (folder / "Rapportunderlag SN T1 2026 – granskning.txt").read_text(encoding="utf-8")
    assert ("Resultat: Godkänd. Filen är kopierad till indata (inputs/2026/tertial/Rapportunderlag SN T1 2026.xlsx)."
            in good)
    html = (folder / "Rapportunderlag KFN T1 2026 – granskning.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in html and "<title>Granskning av Rapportunderlag KFN T1 2026.xlsx: 1 fel</title>" in html
    # copied, byte for byte, with the delivery's time; the broken one is not
    copied = kommun / "inputs" / "2026" / "tertial" / SN
    assert copied.read_bytes() == (folder / SN).read_bytes()
    assert copied.stat().st_mtime == (folder / SN).stat().st_mtime
    assert not (kommun / "inputs" / "2026" / "tertial" / KFN).exists()
    # the inkorg's files are never edited or moved
    assert (folder / KFN).read_text() == "inte en arbetsbok"


def test_an_unchanged_file_is_not_reviewed_again_and_a_changed_one_is(delivered):
    kommun, folder = delivered
    _round(kommun)
    again = _round(kommun)
    assert again.reviews == () and sorted(again.unchanged) == [KFN, SN]
    # KFN delivers a workbook (SN's, renamed: it names SN, so it clashes with SN's own)
    (folder / KFN).write_bytes((folder / SN).read_bytes())
    _settled(folder / KFN)
    third = _round(kommun)
    assert [r.file for r in third.reviews] == [KFN]
    assert third.reviews[0].problems, "a second workbook for the same nämnd is a problem against the rest"


def test_a_file_being_written_or_open_in_excel_waits_for_the_next_round(delivered):
    kommun, folder = delivered
    (folder / SN).touch()                       # written a moment ago
    lock = folder / f"~${KFN}"
    lock.write_text("")                         # open in Excel
    result = _round(kommun)
    assert result.reviews == () and sorted(result.waiting) == [KFN, SN]
    assert not list(folder.glob("*granskning*"))
    lock.unlink()
    _settled(folder / SN)
    assert sorted(r.file for r in _round(kommun).reviews) == [KFN, SN]


def test_a_replaced_input_is_kept_and_text_from_the_workbook_is_never_markup(delivered):
    kommun, folder = delivered
    _round(kommun)
    # SN delivers again: a changed workbook with markup in a cell that the review quotes
    book = openpyxl.load_workbook(folder / SN)
    before_value = book["Analys"]["D2"].value
    book["Analys"]["D2"] = "<script>alert(1)</script>"   # Bedömning: a closed scale, so the message quotes it
    book.save(folder / SN)
    _settled(folder / SN)
    before = (kommun / "inputs" / "2026" / "tertial" / SN).read_bytes()
    result = _round(kommun)
    assert [r.file for r in result.reviews] == [SN]
    html = (folder / "Rapportunderlag SN T1 2026 – granskning.html").read_text(encoding="utf-8")
    assert not result.reviews[0].approved
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<td>Analys</td><td>2</td><td>D (Bedömning)</td>" in html
    assert (kommun / "inputs" / "2026" / "tertial" / SN).read_bytes() == before   # inputs keep the approved one
    # SN corrects it: the approved version replaces the one in inputs, which is kept in the inkorg's .ersatta/
    book["Analys"]["D2"] = before_value
    book["Viktiga händelser"]["A4"] = "Ny händelse"
    book.save(folder / SN)
    _settled(folder / SN)
    assert _round(kommun).reviews[0].approved
    assert (kommun / "inputs" / "2026" / "tertial" / SN).read_bytes() == (folder / SN).read_bytes()
    kept = list((folder / ".ersatta").glob(f"* {SN}"))
    assert len(kept) == 1 and kept[0].read_bytes() == before


def test_bevaka_once_prints_the_round_and_the_inlamningsstatus(delivered):
    kommun, folder = delivered
    done = subprocess.run([*CLI, "bevaka", "2026", "tertial", "--en-gång"], cwd=kommun, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "COLUMNS": "300"})
    assert done.returncode == 0, done.stderr
    assert f"Bevakar {folder} (Tertialrapport 1 2026)." in done.stdout
    assert f"  {KFN}: 1 fel." in done.stdout and f"  {SN}: Godkänd." in done.stdout
    assert "Socialförvaltningen (SN)                     Godkänt" in done.stdout
    assert "Inlämnat: 7 av 8 förvaltningar; 1 saknas" in done.stdout
