"""Inlämningsstatus (Motala's Bilaga 4, "Samla in och strukturera"): per förvaltning what it has delivered for a
reporting point, whether it reads without problems, and whether it came in time.

`inlamning` is pure: the caller gives what the read step found (each nämnd's rapportunderlag file and its time,
the problems per file, files no nämnd could be found for) and the day the status is judged on.

Columns: namnd, namn, forvaltning, fil ('' when missing), inlamnad (datetime or None), problem (int), status
('Godkänt', 'N problem', 'Saknas'), sen (bool: delivered after the deadline's day, or missing once it has passed).
Files that could not be tied to a nämnd follow as rows with namnd ''.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

COLUMNS = ["namnd", "namn", "forvaltning", "fil", "inlamnad", "problem", "status", "sen"]
GODKANT, SAKNAS = "Godkänt", "Saknas"


def _status(problems: int) -> str:
    return GODKANT if problems == 0 else f"{problems} problem"


def inlamning(namnder: list[tuple[str, str, str]], delivered: dict[str, tuple[str, datetime]],
              problems: dict[str, int], stray: dict[str, datetime], deadline: date | None, today: date
              ) -> pd.DataFrame:
    """`namnder`: (id, namn, förvaltning) in the configuration's order; `delivered`: nämnd id -> (file name, time);
    `problems`: file name -> number of problems; `stray`: file name -> time of rapportunderlag no nämnd could be
    found for; `deadline`: the last day (None: the kommun has set none)."""
    rows = []
    for namnd, namn, forvaltning in namnder:
        if namnd in delivered:
            fil, when = delivered[namnd]
            count = problems.get(fil, 0)
            rows.append({"namnd": namnd, "namn": namn, "forvaltning": forvaltning, "fil": fil, "inlamnad": when,
                         "problem": count, "status": _status(count),
                         "sen": deadline is not None and when.date() > deadline})
        else:
            rows.append({"namnd": namnd, "namn": namn, "forvaltning": forvaltning, "fil": "", "inlamnad": None,
                         "problem": 0, "status": SAKNAS, "sen": deadline is not None and today > deadline})
    for fil, when in sorted(stray.items()):
        count = problems.get(fil, 0)
        rows.append({"namnd": "", "namn": "", "forvaltning": "", "fil": fil, "inlamnad": when, "problem": count,
                     "status": _status(count), "sen": deadline is not None and when.date() > deadline})
    return pd.DataFrame(rows, columns=COLUMNS)
