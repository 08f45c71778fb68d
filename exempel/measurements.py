"""Own measurements ("Egna mätningar <år>.xlsx"): the values of the Egen indicators.

`measurement_rows(year, rng)` returns rows (Indikator-id, Period, Kön, Värde, Enhet, Grupp) with
periods as år (int), `YYYY-MM` or `YYYY-Tn` text, several years back so trends work. The values up to the
tertial are fixed at their end (the analyses in `texts` quote them); months in between get a little noise. The
rest of the report year (REST_OF_YEAR: months to December, tertial 2 and 3, and the year's own value) is fixed
too, so the delår shows August values and the bokslut whole-year values (docs/analys.md "Senaste värde").
"""

from __future__ import annotations

import numpy as np

from pipeline.read import kinds

HEADER = kinds.headers(kinds.EGNA)

# The report year after the tertial, fixed (no noise, so the tertial's values never move): per monthly series
# the values May–December, per series the year's own value (what the bokslut shows), per unit or group its
# value for the year.
REST_MONTHLY = {"E-SN-01": (93.6, 94.2, 92.9, 94.0, 94.8, 95.1, 94.6, 95.3),
                "E-MBN-01": (43.0, 40.0, 36.0, 35.0, 33.0, 32.0, 31.0, 30.0)}
YEAR_VALUE = {"E-BUN-01": 91.4, "E-SN-01": 94.1, "E-KS-01": 44.0, "E-MBN-01": 37.0, "E-KFN-01": 5.6}
YEAR_UNITS = {"E-BUN-01": (("Förskolan Ekorren", 90.2), ("Förskolan Humlan", 92.8), ("Förskolan Lärkan", 93.4),
                           ("Förskolan Norrsken", 87.1), ("Förskolan Solrosen", 94.2)),
              "E-KFN-01": (("Biblioteket Norra", 0.8), ("Biblioteket Västra", 1.2), ("Huvudbiblioteket", 3.6))}
YEAR_GROUPS = {"E-KS-01": (("16–24 år", 49.0), ("25–64 år", 41.5)),
               "E-MBN-01": (("Tillbyggnad", 31.0), ("Nybyggnad en- och tvåbostadshus", 42.0))}
KS_TERTIALS = (("T2", 44.0), ("T3", 45.0))   # E-KS-01 later tertials; K = T + 3, M = T − 3


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


def rest_of_year(y: int, till_month: int) -> list[tuple]:
    """The report year's measurements after the tertial (REST_MONTHLY from `till_month` + 1, KS_TERTIALS,
    YEAR_VALUE with K/M for E-KS-01, YEAR_UNITS, YEAR_GROUPS)."""
    rows: list[tuple] = []
    for ind, values in REST_MONTHLY.items():
        rows += [(ind, f"{y}-{m:02d}", "T", v, None, None) for m, v in zip(range(5, 13), values) if m > till_month]
    for tertial, value in KS_TERTIALS:
        rows += [("E-KS-01", f"{y}-{tertial}", kon, value + d, None, None) for kon, d in (("T", 0), ("K", 3), ("M", -3))]
    for ind, value in YEAR_VALUE.items():
        rows.append((ind, y, "T", value, None, None))
    rows += [("E-KS-01", y, "K", YEAR_VALUE["E-KS-01"] + 3, None, None),
             ("E-KS-01", y, "M", YEAR_VALUE["E-KS-01"] - 3, None, None)]
    rows += [(ind, y, "T", v, unit, None) for ind, units in YEAR_UNITS.items() for unit, v in units]
    rows += [(ind, y, "T", v, None, group) for ind, groups in YEAR_GROUPS.items() for group, v in groups]
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
    rows += rest_of_year(y, till_month)
    return sorted(rows, key=lambda r: (r[0], str(r[1]), r[2], r[4] or "", r[5] or ""))
