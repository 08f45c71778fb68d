"""The one formatting module (pipeline.context.format, babel sv_SE): the strings the documents have always printed,
case by case."""

from __future__ import annotations

import math
from datetime import date

import pytest
from babel.numbers import format_decimal

from pipeline.context.format import (EMPTY, LOCALE, MINUS, MONTH_NAMES, NBSP, indicator_value, long_date, mnkr,
                                     number, percent, period_text, tkr)

S, M = "\u00a0", "\u2212"


@pytest.mark.parametrize("value, decimals, expected", [
    (0, 0, "0"),
    (0.0, 1, "0,0"),
    (-0.0, 0, "0"),                       # no '−0'
    (-0.4, 0, "0"),                       # rounds to zero: no minus
    (-0.04, 1, "0,0"),
    (-0.05, 1, f"{M}0,1"),                # −0.05 is stored just below: rounds away
    (0.5, 0, "0"), (1.5, 0, "2"), (2.5, 0, "2"),   # Python's round on the float: half to even
    (2.675, 2, "2,67"),                   # the float is 2.67499…: as round() sees it, not as babel's decimal would
    (999, 0, "999"),
    (999.5, 0, f"1{S}000"),
    (1000, 0, f"1{S}000"),
    (1234, 0, f"1{S}234"),                # four digits are grouped too
    (-1000, 0, f"{M}1{S}000"),
    (12345.6, 1, f"12{S}345,6"),
    (12345.6, 0, f"12{S}346"),
    (-1234567, 0, f"{M}1{S}234{S}567"),
    (-1234.56, 1, f"{M}1{S}234,6"),
    (1234.5, 2, f"1{S}234,50"),
    (123456789012.0, 0, f"123{S}456{S}789{S}012"),
    (7, 3, "7,000"),
])
def test_number(value, decimals, expected):
    assert number(value, decimals) == expected


def test_missing_values_are_a_dash():
    for f in (number, tkr, mnkr, percent, indicator_value):
        assert f(None) == EMPTY and f(math.nan) == EMPTY


@pytest.mark.parametrize("share, decimals, expected", [
    (0.123, 1, f"12,3{S}%"),
    (0.0, 1, f"0,0{S}%"),
    (-0.0004, 1, f"0,0{S}%"),
    (-0.0456, 1, f"{M}4,6{S}%"),
    (1.0, 0, f"100{S}%"),
    (12.345, 1, f"1{S}234,5{S}%"),
    (0.5, 0, f"50{S}%"),
])
def test_percent(share, decimals, expected):
    assert percent(share, decimals) == expected


def test_amount_units_and_indicator_values():
    assert tkr(1_234_567) == f"1{S}235" and tkr(-499) == "0" and tkr(-500.1) == f"{M}1"
    assert mnkr(2_571_612_345) == f"2{S}571,6" and mnkr(-8_600_000) == f"{M}8,6" and mnkr(-40_000) == "0,0"
    assert indicator_value(78.0) == "78" and indicator_value(78.26) == "78,3" and indicator_value(-1234.0) == f"{M}1{S}234"


def test_dates_and_periods():
    assert long_date(date(2026, 4, 30)) == "30 april 2026"
    assert long_date(date(2027, 1, 1)) == "1 januari 2027"
    assert long_date(date(2026, 12, 31)) == "31 december 2026"
    assert MONTH_NAMES == ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                           "oktober", "november", "december")
    assert period_text(2026, 1) == "januari 2026" and period_text(2026, 8) == "januari–augusti 2026"


def test_the_symbols_are_the_locales():
    """NBSP and the Unicode minus come from babel's sv_SE data; a plain babel pattern would write a hyphen-minus,
    which is why number() gives its patterns a negative part."""
    assert (NBSP, MINUS) == (S, M)
    assert format_decimal(-1234, locale=LOCALE) == f"-1{S}234"     # babel's default: hyphen-minus
    assert number(-1234) == f"{M}1{S}234"


def test_the_generators_swedish_text_amounts():
    from exempel.excel_writer import swedish_amount

    assert swedish_amount(-2500, 0) == f"{M}2{S}500"
    assert swedish_amount(1234.5) == f"1{S}234,50"
    assert swedish_amount(-1234.5, 2, minus="-", thousands=" ") == "-1 234,50"
    assert swedish_amount(-0.001, 2) == "0,00"
    assert mnkr(8_600_000) == "8,6" and mnkr(-1_250_000) == f"{M}1,2"   # the texts' {avv} and {abs}
