"""The verksamheter of a kommun whose config/kommun.toml has no [[verksamhet]]: taken from the Budget.

- Codes: every Verksamhet code on the Budget's rows.
- Nämnd: the Nämnd of the code's rows. A code under two nämnder is a problem located at the row where the second
  one appears, saying how to resolve it (one nämnd per code, or the verksamhet in kommun.toml).
- Name: the budget file's optional column Verksamhetsnamn (the first name given for the code), else SCB's list of
  verksamhetsområden (räkenskapssammandraget, pipeline/resources/data/scb_verksamhetsomraden.csv) for the code or,
  for a kommun's own fourth digit (5101), its three-digit parent ("Vård och omsorg om äldre (5101)"), else
  "Verksamhet <kod>".
- Finansförvaltning: a code whose budget rows are all on kontoklass 8 (skatteintäkter, generella statsbidrag,
  finansiella poster). Other central posts (e.g. pensions on kontoklass 7) need [[verksamhet]] with finans = true.
"""

from __future__ import annotations

import csv
from functools import cache

import pandas as pd

from pipeline.config import Config, Verksamhet
from pipeline.config.problems import Problems
from pipeline.read.table import RawTable
from pipeline.resources import DATA
from pipeline.staging.cast import parse_code, parse_text

SCB_FILE = DATA / "scb_verksamhetsomraden.csv"
FINANS_CLASS = "8"


@cache
def scb_names() -> dict[str, str]:
    """SCB's verksamhetsområden (RS, TAB4199): code -> name, without the TOTALT rows."""
    with SCB_FILE.open(encoding="utf-8", newline="") as f:
        return {row["code"]: row["label"].strip() for row in csv.DictReader(f) if row["is_total_row"] == "0"}


def verksamhet_name(code: str) -> str:
    names = scb_names()
    if code in names:
        return names[code]
    if len(code) > 3 and code[:3] in names:
        return f"{names[code[:3]]} ({code})"
    return f"Verksamhet {code}"


def from_budget(tables: list[RawTable], config: Config, problems: Problems) -> tuple[Verksamhet, ...]:
    """The verksamheter the Budget sheets name, in order of first appearance; ambiguities added to `problems`."""
    known = {n.id for n in config.namnder}
    rows = []
    for table in tables:
        f = table.frame
        rows.append(pd.DataFrame({
            "verksamhet": parse_code(f["verksamhet"]).astype(object), "namnd": parse_code(f["namnd"]).astype(object),
            "namn": parse_text(f["verksamhetsnamn"]).astype(object) if "verksamhetsnamn" in f else None,
            "konto": parse_code(f["konto"]).astype(object), "_rad": f["_rad"], "_table": len(rows)}))
    if not rows:
        return ()
    frame = pd.concat(rows, ignore_index=True)
    frame = frame[frame["verksamhet"].notna() & frame["namnd"].isin(list(known))]
    out = []
    for code, group in frame.groupby("verksamhet", sort=False):
        owners = list(dict.fromkeys(group["namnd"]))
        if len(owners) > 1:
            _ambiguous(code, group, owners, tables, problems)
        names = group["namn"].dropna()
        finans = bool(group["konto"].notna().all() and group["konto"].str.startswith(FINANS_CLASS).all())
        out.append(Verksamhet(kod=str(code), namn=str(names.iloc[0]) if len(names) else verksamhet_name(str(code)),
                              namnd=owners[0], finans=finans))
    return tuple(out)


def _ambiguous(code: str, group: pd.DataFrame, owners: list[str], tables: list[RawTable], problems: Problems) -> None:
    first = group[group["namnd"] == owners[0]].iloc[0]
    for other in owners[1:]:
        row = group[group["namnd"] == other].iloc[0]
        table = tables[int(row["_table"])]
        problems.add(table.path, f"Verksamhet {code} står i budgeten under både {owners[0]} (rad {int(first['_rad'])}) "
                                 f"och {other} (rad {int(row['_rad'])}). Konfigurationen har inga [[verksamhet]], så "
                                 "budgeten avgör vilken nämnd en verksamhet hör till: låt koden stå under en nämnd, "
                                 "eller ange verksamheten i config/kommun.toml ([[verksamhet]] med kod, namn och "
                                 "namnd).", table.sheet, int(row["_rad"]), table.place("namnd"))
