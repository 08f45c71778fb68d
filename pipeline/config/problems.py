"""Validation problems: where (file, sheet, Excel row, column) and what (a Swedish message).

Readers and staging functions never raise on bad data; they append `Problem`s to a `Problems` collector so
that every problem in every file is reported at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

FORMULA_MESSAGE = "Cellen innehåller en formel utan sparat värde."
# Repeated problems of one kind in one column are shown for this many rows, then summarised.
MAX_ROWS_PER_PROBLEM = 10
# A message quoting a cell is cut here.
MAX_MESSAGE_CHARS = 1000
# Characters a file name or a cell value must not bring into a message: control characters (a newline or CR could
# forge a line of the report, ESC an ANSI colour) and the bidirectional overrides that reorder text on screen.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` with every control and bidi-override character shown as an escape (\\n, \\x1b, \\u202e)."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda m: _ESCAPES.get(m.group(0)) or
                            (f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100 else f"\\u{ord(m.group(0)):04x}"),
                            text)


@dataclass(frozen=True, order=True)
class Problem:
    fil: str
    blad: str | None
    rad: int | None
    kolumn: str | None
    meddelande: str

    def plats_i_filen(self) -> str:
        """Location within the file in Swedish: 'blad Budget, rad 7, kolumn E (Belopp)' ('' for the whole file)."""
        parts = []
        if self.blad:
            parts.append(f"blad {self.blad}")
        if self.rad is not None:
            parts.append(f"rad {self.rad}")
        if self.kolumn:
            parts.append(f"kolumn {self.kolumn}")
        return ", ".join(parts)

    def plats(self) -> str:
        """Location in Swedish: 'fil.xlsx, blad Budget, rad 7, kolumn E (Belopp)'."""
        return ", ".join(x for x in (self.fil, self.plats_i_filen()) if x)

    def __str__(self) -> str:
        return f"{self.plats()}: {self.meddelande}"


@dataclass
class Problems:
    """Collects problems; `root` makes file names relative for display."""

    root: Path | None = None
    items: list[Problem] = field(default_factory=list)

    def name(self, path: Path) -> str:
        if self.root is not None:
            # As written first (a symbolic link is named where it lies, not where it points), then resolved.
            for file, root in ((path.absolute(), self.root.absolute()), (path.resolve(), self.root.resolve())):
                try:
                    return str(file.relative_to(root))
                except ValueError:
                    pass
        return path.name

    def add(self, path: Path, meddelande: str, blad: str | None = None, rad: int | None = None,
            kolumn: str | None = None) -> None:
        """Add a problem; file name, sheet, column and message are made printable (escapes, never raw control
        characters: a message cannot forge a line or colour the terminal)."""
        if len(meddelande) > MAX_MESSAGE_CHARS:  # a quoted 30 000-character cell would flood the terminal
            meddelande = meddelande[:MAX_MESSAGE_CHARS] + " … (meddelandet är förkortat)"
        self.items.append(Problem(printable(self.name(path)), printable(blad) if blad else blad, rad,
                                  printable(kolumn) if kolumn else kolumn, printable(meddelande)))

    def add_rows(self, path: Path, blad: str | None, rows: list[int], kolumn: str | None,
                 meddelande_for_row, total: int | None = None) -> None:
        """Add one problem per row for the first MAX_ROWS_PER_PROBLEM rows, then one summary line.

        `meddelande_for_row(i)` gives the message for the i-th of `rows`.
        """
        total = len(rows) if total is None else total
        for i, rad in enumerate(rows[:MAX_ROWS_PER_PROBLEM]):
            self.add(path, meddelande_for_row(i), blad, rad, kolumn)
        if total > MAX_ROWS_PER_PROBLEM:
            self.add(path, f"… samma fel på ytterligare {total - MAX_ROWS_PER_PROBLEM} rader", blad, None, kolumn)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        """Problems in file/sheet/row order. A formula without a cached value makes its cell look empty; the
        cell's other problems (e.g. "saknas") are consequences, so only the formula problem is kept, labelled
        with the column's header when another problem knew it."""
        formulas = {(p.fil, p.blad, p.rad, p.kolumn): p for p in self.items if p.meddelande.startswith(FORMULA_MESSAGE)}
        labels: dict[tuple, str] = {}
        kept = []
        for p in self.items:
            key = (p.fil, p.blad, p.rad, (p.kolumn or "").split(" ")[0])
            if key in formulas and p not in formulas.values():
                labels[key] = p.kolumn or ""
                continue
            kept.append(p)
        kept = [Problem(p.fil, p.blad, p.rad, labels.get((p.fil, p.blad, p.rad, p.kolumn), p.kolumn), p.meddelande)
                for p in kept]
        return sorted(set(kept), key=lambda p: (p.fil, p.blad or "", p.rad or 0, p.kolumn or "", p.meddelande))


class InputError(Exception):
    """Raised at the end of validation when any problem was found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} fel i indata")
