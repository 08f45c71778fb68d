import math

import pandas as pd

from pipeline.context.format import long_date, number, period_end, tkr
from pipeline.staging.cast import parse_amount, parse_code


def test_swedish_amount_text_and_numbers():
    raw = pd.Series([1234.5, "1 234,50", "-1 234", "\u22121\u00a0234", "12", "", None, "abc", "1.234,5", " 7 "], dtype=object)
    values, bad = parse_amount(raw)
    assert values.tolist()[:5] == [1234.5, 1234.5, -1234.0, -1234.0, 12.0]
    assert math.isnan(values[5]) and math.isnan(values[6])
    assert bad.tolist() == [False, False, False, False, False, False, False, True, False, False]
    assert values[8] == 1234.5 and values[9] == 7.0


def test_amounts_from_arrow_strings():
    raw = pd.Series(["1 000,25", "−5", "x1"], dtype="string[pyarrow]")
    values, bad = parse_amount(raw)
    assert values[0] == 1000.25 and values[1] == -5.0
    assert bad.tolist() == [False, False, True]


def test_codes_from_excel_numbers():
    assert parse_code(pd.Series([407.0, " 5101 ", None, "0999"], dtype=object)).tolist() == ["407", "5101", pd.NA, "0999"]


def test_swedish_formats():
    assert number(1234567.0) == "1\u00a0234\u00a0567"
    assert number(-1234.56, 1) == "\u22121\u00a0234,6"
    assert number(-0.2) == "0"
    assert tkr(1_234_567) == "1\u00a0235"
    assert tkr(float("nan")) == "–"
    assert long_date(period_end(2026, 4)) == "30 april 2026"


def test_small_and_large_paths_agree():
    """Object columns under SMALL rows are cleaned cell by cell, larger ones with pyarrow: same result."""
    from pipeline.staging import cast as common

    cells = [1234.5, "1 234,50", "-1 234", "\u22121\u00a0234", "12", "", None, "abc", "1.234,5", " 7 ", 407.0,
             "5101", "0999", "kr 12", "3,5", True]
    small = pd.Series(cells, dtype=object)
    large = pd.Series(cells * (common.SMALL // len(cells) + 1), dtype=object)
    v_small, bad_small = parse_amount(small)
    v_large, bad_large = parse_amount(large)
    pd.testing.assert_series_equal(v_small, v_large.iloc[: len(cells)], check_names=False)
    assert bad_small.tolist() == bad_large.iloc[: len(cells)].tolist()
    c_small, c_large = parse_code(small), parse_code(large)
    assert c_small.tolist() == c_large.iloc[: len(cells)].tolist()
