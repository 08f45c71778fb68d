"""Own measurements ("Egna mätningar <år>.xlsx"): the values of the Egen indicators.

`measurement_rows(year, rng)` returns rows (Indikator-id, Period, Kön, Värde, Enhet, Grupp) with
periods as år (int), `YYYY-MM` or `YYYY-Tn` text, several years back so trends work. The last value
of each series is fixed (the analyses in `texts` quote it); months in between get a little noise.
"""

from __future__ import annotations

import numpy as np

from pipeline.read import kinds

HEADER = kinds.headers(kinds.EGNA)


def _monthly(ind: str, start_year: int, end: tuple[int, int], levels: dict[int, float], last: list[float],
             rng: np.random.Generator, sd: float) -> list[tuple]:
    """Monthly rows from January `start_year` to `end` (year, month): yearly level + noise, then `last`."""
    rows = []
    months = [(y, m) for y in range(start_year, end[0] + 1) for m in range(1, 13) if (y, m) <= end]
    fixed = dict(zip(months[-len(last):], last))
    for y, m in months:
        value = fixed.get((y, m), levels[y] + rng.normal(0, sd))
        rows.append((ind, f"{y}-{m:02d}", "T", round(float(value), 1), None, None))
    return rows


def measurement_rows(year: int, rng: np.random.Generator, till_month: int = 4) -> list[tuple]:
    """All rows of the Egna mätningar sheet for reporting year `year` (values end in `till_month`)."""
    y = year
    rows: list[tuple] = []
    # E-BUN-01 – förskoleenkät, yearly, per förskola for the latest year
    for offset, value in zip(range(5, 0, -1), (86.0, 87.5, 88.0, 90.5, 91.2)):
        rows.append(("E-BUN-01", y - offset, "T", value, None, None))
    for unit, value in (("Förskolan Ekorren", 89.5), ("Förskolan Humlan", 92.4), ("Förskolan Lärkan", 93.1),
                        ("Förskolan Norrsken", 86.0), ("Förskolan Solrosen", 94.0)):
        rows.append(("E-BUN-01", y - 1, "T", value, unit, None))
    # E-SN-01 – utredningstider, yearly and monthly
    for offset, value in zip(range(4, 0, -1), (88.0, 90.0, 91.0, 92.5)):
        rows.append(("E-SN-01", y - offset, "T", value, None, None))
    rows += _monthly("E-SN-01", y - 1, (y, till_month), {y - 1: 92.5, y: 93.0},
                     [92.0, 93.5, 92.8, 93.0][-till_month:], rng, 1.2)
    # E-KS-01 – arbetsmarknadsinsatser, per tertial, K/M and age groups
    tertials = [f"{y - 2}-T1", f"{y - 2}-T2", f"{y - 2}-T3", f"{y - 1}-T1", f"{y - 1}-T2", f"{y - 1}-T3", f"{y}-T1"]
    for offset, value in zip(range(4, 0, -1), (29.0, 31.0, 34.7, 39.7)):
        rows.append(("E-KS-01", y - offset, "T", value, None, None))
    for period, value in zip(tertials, (33.0, 35.0, 36.0, 38.0, 40.0, 41.0, 42.0)):
        rows.append(("E-KS-01", period, "T", value, None, None))
        rows.append(("E-KS-01", period, "K", value + 3.0, None, None))
        rows.append(("E-KS-01", period, "M", value - 3.0, None, None))
    rows.append(("E-KS-01", f"{y}-T1", "T", 47.0, None, "16–24 år"))
    rows.append(("E-KS-01", f"{y}-T1", "T", 39.0, None, "25–64 år"))
    # E-MBN-01 – handläggningstid bygglov, yearly and monthly
    for offset, value in zip(range(4, 0, -1), (24.0, 26.0, 30.0, 34.0)):
        rows.append(("E-MBN-01", y - offset, "T", value, None, None))
    rows += _monthly("E-MBN-01", y - 2, (y, till_month), {y - 2: 30.0, y - 1: 34.0, y: 41.0},
                     [38.0, 44.0, 41.0, 41.0][-till_month:], rng, 2.5)
    rows.append(("E-MBN-01", f"{y}-{till_month:02d}", "T", 35.0, None, "Tillbyggnad"))
    rows.append(("E-MBN-01", f"{y}-{till_month:02d}", "T", 47.0, None, "Nybyggnad en- och tvåbostadshus"))
    # E-KFN-01 – biblioteksbesök per invånare, yearly (new counters from y-2: Definitionsbyte)
    for offset, value in zip(range(6, 0, -1), (3.1, 3.9, 4.6, 4.8, 5.3, 5.5)):
        rows.append(("E-KFN-01", y - offset, "T", value, None, None))
    for unit, value in (("Biblioteket Norra", 0.8), ("Biblioteket Västra", 1.1), ("Huvudbiblioteket", 3.6)):
        rows.append(("E-KFN-01", y - 1, "T", value, unit, None))
    return sorted(rows, key=lambda r: (r[0], str(r[1]), r[2], r[4] or "", r[5] or ""))
