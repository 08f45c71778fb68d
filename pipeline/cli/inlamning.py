"""`kommunrapport status ÅR TILLFÄLLE` (Motala's Bilaga 4, "Samla in och strukturera"): which förvaltningar have
delivered their rapportunderlag, whether each reads without problems, what is missing, and the deadline
(`rapporttillfalle.<…>.inlamning_vecka`). The I/O edge: reads the inputs, the files' times and today's date;
the table itself is pipeline.model.inlamning."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd

from pipeline.config.problems import printable


def _when(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


def gather(config, indata: Path, ar: int, tillfalle: str, today: date | None = None) -> tuple[pd.DataFrame, date | None]:
    """(the status table, the deadline) of (ar, tillfälle), reading the inputs."""
    from pipeline.flows.validate import read_and_stage

    raw, staged, problems = read_and_stage(config, indata, ar, tillfalle)
    return table_of(config, raw, staged, problems, ar, tillfalle, today)


def table_of(config, raw, staged, problems, ar: int, tillfalle: str, today: date | None = None
             ) -> tuple[pd.DataFrame, date | None]:
    """The status table from what the read step found (`raw`, `staged`, `problems`), the files' times and today."""
    from pipeline.context.underlag import delivery_day
    from pipeline.model.inlamning import inlamning

    delivered = {namnd: (u.path.name, _when(u.path)) for namnd, u in staged.underlag.items()}
    known = {u.path for u in staged.underlag.values()}
    books = {next(iter(book.values())).path for book in raw.underlag if book}
    stray = {p.name: _when(p) for p in books - known}
    counts: dict[str, int] = {}
    for p in problems.sorted():
        name = Path(p.fil).name
        counts[name] = counts.get(name, 0) + 1
    t = config.tillfalle(tillfalle)
    deadline = delivery_day(ar, t.till_manad, t.inlamning_vecka) if t.inlamning_vecka else None
    table = inlamning([(n.id, n.namn, n.forvaltning) for n in config.namnder], delivered, counts, stray, deadline,
                      today or date.today())
    return table, deadline


def lines(table: pd.DataFrame, deadline: date | None) -> list[str]:
    """The table as text lines for the console (Swedish)."""
    from pipeline.context.format import long_date

    out = [f"Sista dag: {long_date(deadline)}." if deadline else
           "Ingen sista dag är satt (rapporttillfalle.<…>.inlamning_vecka i konfigurationen)."]
    for r in table.to_dict("records"):
        who = f"{r['forvaltning']} ({r['namnd']})" if r["namnd"] else "Okänd nämnd"
        when = r["inlamnad"].strftime("%Y-%m-%d %H:%M") if pd.notna(r["inlamnad"]) else "–"
        late = "  SEN" if r["sen"] else ""
        out.append(f"  {who:<44} {r['status']:<12} {when:<16} {printable(r['fil'])}{late}")
    done = int((table["status"] != "Saknas").sum() - (table["namnd"] == "").sum())
    out.append(f"Inlämnat: {done} av {int((table['namnd'] != '').sum())} förvaltningar; "
               f"{int((table['status'] == 'Saknas').sum())} saknas, "
               f"{int((table['sen'] & (table['status'] != 'Saknas')).sum())} inlämnade för sent, "
               f"{int((table['problem'] > 0).sum())} med problem.")
    return out


def complete(table: pd.DataFrame) -> bool:
    """Every förvaltning has delivered, nothing has problems, nothing is late."""
    return not ((table["status"] == "Saknas").any() or (table["problem"] > 0).any() or table["sen"].any())
