"""Swedish number and date formats: the one place that turns numbers and dates into text, backed by babel's
`sv_SE` locale data (CLDR).

Numbers: no-break space (U+00A0) between thousands, decimal comma, Unicode minus (U+2212): `−1 234,5`; four-digit
numbers are grouped too (`1 234`). Percent: `12,3 %` (no-break space before the sign). Dates: `30 april 2026`.
The documents' context builders format with these; the chart axes, the messages and the example-data generator
(exempel/) use the same functions.

Rounding stays Python's `round` on the float, as the documents have always printed; the rounded value is then
written with a babel number pattern, so babel's own (decimal) rounding never changes a figure. A babel pattern
without a negative part writes a hyphen-minus, so the patterns here give the negative part with the locale's minus
sign. tests/test_format.py pins the output case by case.
"""

from __future__ import annotations

import calendar
import functools
import math
from datetime import date
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, get_month_names
from babel.numbers import NumberPattern, get_group_symbol, get_minus_sign_symbol, parse_pattern

LOCALE = Locale.parse("sv_SE")
NBSP = get_group_symbol(LOCALE)          # U+00A0
MINUS = get_minus_sign_symbol(LOCALE)    # U+2212
MONTH_NAMES = tuple(get_month_names("wide", locale=LOCALE)[m] for m in range(1, 13))   # januari … december
EMPTY = "–"
LONG_DATE = "d MMMM y"                   # 30 april 2026


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@functools.lru_cache(maxsize=None)
def _pattern(decimals: int, suffix: str = "") -> NumberPattern:
    """'#,##0.0' with `decimals` zeros after the comma, and its negative part with the Unicode minus."""
    body = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + suffix
    return parse_pattern(f"{body};{MINUS}{body}")


def _rounded(value: float, decimals: int) -> Decimal:
    """The value rounded as the documents print it (Python's round on the float, no '−0'), as an exact decimal."""
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no '−0'
    return Decimal(repr(rounded))


def number(value: float | None, decimals: int = 0) -> str:
    """1234.5 -> '1 234,5' (decimals given), NaN/None -> '–'."""
    if _missing(value):
        return EMPTY
    return _pattern(decimals).apply(_rounded(value, decimals), LOCALE)


def tkr(kronor: float | None, decimals: int = 0) -> str:
    """An amount in kronor shown in tkr: 1 234 567 -> '1 235'."""
    if _missing(kronor):
        return EMPTY
    return number(kronor / 1000.0, decimals)


def mnkr(kronor: float | None, decimals: int = 1) -> str:
    """An amount in kronor shown in mnkr with one decimal: 2 571 612 345 -> '2 571,6'."""
    if _missing(kronor):
        return EMPTY
    return number(kronor / 1e6, decimals)


def percent(share: float | None, decimals: int = 1) -> str:
    """0.123 -> '12,3 %'."""
    if _missing(share):
        return EMPTY
    # the share in percent rounded as a number, handed to babel's percent pattern (which multiplies by 100) exactly
    return _pattern(decimals, NBSP + "%").apply(_rounded(share * 100.0, decimals).scaleb(-2), LOCALE)


def indicator_value(value: float | None) -> str:
    """Indicator values keep up to one decimal: 78.0 -> '78', 78.25 -> '78,3'."""
    if _missing(value):
        return EMPTY
    return number(value, 0 if float(value).is_integer() else 1)


def count_phrase(n: int, singular: str, plural: str) -> str:
    """A count with its word in Swedish number agreement: (1, 'plan', 'planer') -> '1 plan', (0, …) -> '0 planer'."""
    return f"{n} {singular if n == 1 else plural}"


def period_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def long_date(d: date) -> str:
    """date(2026, 4, 30) -> '30 april 2026'."""
    return format_date(d, LONG_DATE, locale=LOCALE)


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
