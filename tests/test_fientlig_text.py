"""Control characters in input text (issue "Hostile inputs and faults"): Excel stores them as _x0001_ in its XML,
a CSV can carry them raw. They are removed when the text is read, so they never reach a document, a workbook
cell or the terminal; line breaks and tabs stay (a whole run with them: test_fientlig_xlsx). A file name cannot
forge a line of a message."""

from __future__ import annotations

import pandas as pd
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.staging.cast import parse_text

CONTROL = "".join(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127))


def test_control_characters_are_removed_and_line_breaks_kept():
    raw = pd.Series(["Mål\x01 ett", "rad ett\nrad två", "\x07\x1b[31m", "tab\there", "C1\x85x"])
    assert parse_text(raw).tolist() == ["Mål ett", "rad ett\nrad två", "[31m", "tab\there", "C1x"]
    big = pd.concat([raw] * 3000, ignore_index=True)            # the columnar path says the same
    assert parse_text(big).tolist()[:5] == parse_text(raw).tolist()


def test_a_file_name_cannot_forge_a_line_or_colour_the_terminal(kommun_copy):
    """A file named with a newline and an ANSI escape: every message shows it escaped, on one line."""
    folder = kommun_copy / "inputs/2026/tertial"
    hostile = folder / "Rapportunderlag SN\n2026 OK: godkänd\x1b[32m.xlsx"
    hostile.write_bytes(b"not a workbook")
    result = CliRunner().invoke(app, ["validera", "2026", "tertial", "--tillåt-saknade"], terminal_width=400)
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "Rapportunderlag SN\\n2026 OK: godkänd\\x1b[32m.xlsx" in result.output
    assert not any(line.startswith("2026 OK") for line in result.output.splitlines())
