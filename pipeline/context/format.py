"""Swedish number and date formats. The context layer is the only place that formats values.

Numbers: space (U+00A0, no-break) as thousands separator, decimal comma, Unicode minus: `−1 234,5`.
"""

from __future__ import annotations

import calendar
import math
from datetime import date

NBSP = "\u00a0"
MINUS = "\u2212"
MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
               "november", "december")
EMPTY = "–"


def number(value: float | None, decimals: int = 0) -> str:
    """1234.5 -> '1 234,5' (decimals given), NaN/None -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return EMPTY
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no '−0'
    text = f"{abs(rounded):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return (MINUS if rounded < 0 else "") + text


def tkr(kronor: float | None, decimals: int = 0) -> str:
    """An amount in kronor shown in tkr: 1 234 567 -> '1 235'."""
    if kronor is None or (isinstance(kronor, float) and math.isnan(kronor)):
        return EMPTY
    return number(kronor / 1000.0, decimals)


def percent(share: float | None, decimals: int = 1) -> str:
    """0.123 -> '12,3 %'."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return EMPTY
    return number(share * 100.0, decimals) + NBSP + "%"


def indicator_value(value: float | None) -> str:
    """Indicator values keep up to one decimal: 78.0 -> '78', 78.25 -> '78,3'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return EMPTY
    return number(value, 0 if float(value).is_integer() else 1)


def count_phrase(n: int, singular: str, plural: str) -> str:
    """A count with its word in Swedish number agreement: (1, 'plan', 'planer') -> '1 plan', (0, …) -> '0 planer'."""
    return f"{n} {singular if n == 1 else plural}"


def period_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def long_date(d: date) -> str:
    """date(2026, 4, 30) -> '30 april 2026'."""
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def period_text(year: int, till_manad: int) -> str:
    """(2026, 4) -> 'januari–april 2026'."""
    if till_manad == 1:
        return f"januari {year}"
    return f"januari–{MONTH_NAMES[till_manad - 1]} {year}"


def value_with_period(value, period, kalla=None) -> str:
    """An indicator value with its period: '2,7 (2025)'; a helårsprognos of the year (källa 'Helårsprognos',
    model.arsredovisning.egna_nyckeltal) says so: '1,6 (helårsprognos 2026)'."""
    if not isinstance(period, str) or not period:
        return indicator_value(value)
    word = "helårsprognos " if isinstance(kalla, str) and kalla == "Helårsprognos" else ""
    return f"{indicator_value(value)} ({word}{period})"
