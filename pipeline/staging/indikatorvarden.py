"""Stage indicator values: Kolada (API JSON or long CSV/Excel) and the kommun's own measurements.

Output columns (one frame for all sources): indikator_id, kommun, period (text: '2025', '2026-03',
'2026-T1'), ar (year), kon (T/K/M), varde (float; missing stays NaN, never 0), enhet, grupp, kalla, fil (path).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.problems import Problems
from pipeline.read.table import RawTable
from pipeline.staging.cast import parse_amount, parse_choice, parse_code, parse_text
from pipeline.staging.checks import report, show

COLUMNS = ["indikator_id", "kommun", "period", "ar", "kon", "varde", "enhet", "grupp", "kalla", "fil"]
_PERIOD = r"^(\d{4})(?:-(\d{2})|-T([123]))?$"


def _periods(problems: Problems, table: RawTable, key: str) -> tuple[pd.Series, pd.Series]:
    text = parse_code(table.frame[key])
    parts = text.str.upper().str.extract(_PERIOD)
    month = pd.to_numeric(parts[1], errors="coerce")
    bad = text.notna() & (parts[0].isna() | (month.notna() & ~month.between(1, 12)))
    report(problems, table, key, bad | text.isna(),
           lambda v: f"Perioden {show(v)} är ogiltig: skriv år (2025), månad (2026-03) eller tertial (2026-T1).")
    return text.str.upper(), pd.to_numeric(parts[0], errors="coerce").astype("Int64")


def stage_kolada(table: RawTable, problems: Problems) -> pd.DataFrame:
    f = table.frame
    kpi = parse_code(f["kpi"]).str.upper()
    kommun = parse_code(f["kommun"]).str.zfill(4)
    report(problems, table, "kpi", kpi.isna(), lambda v: "KPI-id saknas.")
    bad_kommun = kommun.isna() | ~kommun.str.fullmatch(r"\d{4}").fillna(False)
    report(problems, table, "kommun", bad_kommun, lambda v: f"Kommunkoden {show(v)} är inte fyra siffror.")
    period, ar = _periods(problems, table, "period")
    kon, bad = parse_choice(f["kon"], ("T", "K", "M"))
    report(problems, table, "kon", bad | kon.isna(), lambda v: f"Kön {show(v)} är okänt; Kolada använder T, K eller M.")
    values, bad = parse_amount(f["varde"])
    report(problems, table, "varde", bad, lambda v: f"Värdet {show(v)} är inte ett tal.")
    if "status" in f:
        missing = parse_text(f["status"]).str.lower().eq("missing").fillna(False)
        values = values.mask(missing.to_numpy())
    return pd.DataFrame({
        "indikator_id": kpi, "kommun": kommun, "period": period, "ar": ar, "kon": kon, "varde": values,
        "enhet": pd.Series(pd.NA, index=f.index, dtype="string[pyarrow]"),
        "grupp": pd.Series(pd.NA, index=f.index, dtype="string[pyarrow]"),
        "kalla": "Kolada", "fil": str(table.path),
    })[COLUMNS]


def stage_egna(table: RawTable, kommun_kod: str, problems: Problems) -> pd.DataFrame:
    f = table.frame
    ind = parse_code(f["indikator_id"])
    report(problems, table, "indikator_id", ind.isna(), lambda v: "Indikator-id saknas.")
    period, ar = _periods(problems, table, "period")
    kon, bad = parse_choice(f["kon"], ("T", "K", "M"), {"totalt": "T", "kvinnor": "K", "män": "M"})
    report(problems, table, "kon", bad, lambda v: f"Kön {show(v)} är okänt; skriv T, K eller M.")
    values, bad = parse_amount(f["varde"])
    report(problems, table, "varde", bad, lambda v: f"Värdet {show(v)} är inte ett tal.")
    empty = pd.Series(pd.NA, index=f.index, dtype="string[pyarrow]")
    return pd.DataFrame({
        "indikator_id": ind, "kommun": kommun_kod, "period": period, "ar": ar, "kon": kon.fillna("T"), "varde": values,
        "enhet": parse_text(f["enhet"]) if "enhet" in f else empty, "grupp": parse_text(f["grupp"]) if "grupp" in f else empty,
        "kalla": "Egen", "fil": str(table.path),
    })[COLUMNS]


def conflicting_values(values: pd.DataFrame, problems: Problems) -> pd.DataFrame:
    """Report the same (indikator, kommun, period, kön, enhet, grupp) with different values in two files;
    return the frame with exact duplicates removed."""
    keys = ["indikator_id", "kommun", "period", "kon", "enhet", "grupp"]
    filled = values.assign(enhet=values["enhet"].fillna(""), grupp=values["grupp"].fillna(""))
    dedup = filled.drop_duplicates(keys + ["varde"])
    clash = dedup[dedup.duplicated(keys, keep=False)]
    for _, group in clash.groupby(keys, sort=True, observed=True):
        files = sorted({problems.name(Path(f)) for f in group["fil"]})
        first = group.iloc[0]
        shown = ", ".join("saknas" if np.isnan(v) else f"{v:g}" for v in group["varde"])
        problems.add(Path(first["fil"]),
                     f"Indikator {first['indikator_id']}, kommun {first['kommun']}, period {first['period']}, kön {first['kon']} "
                     f"har olika värden ({shown}) i {' och '.join(files)}.")
    return dedup.assign(enhet=dedup["enhet"].replace("", pd.NA), grupp=dedup["grupp"].replace("", pd.NA))

