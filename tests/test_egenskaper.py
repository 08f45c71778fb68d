"""Property tests (issue "Hostile inputs and faults", hypothesis): amount parsing, header matching and the
prioriteringsmodell's rank rules hold for any input hypothesis can think of, not only for the examples.

- Amounts: a number written the Swedish way (spaces or NBSP between thousands, decimal comma, a typographic minus)
  is read as that number; any text at all is either a finite amount within the limit or marked bad, never raises;
  the per-cell path (small sheets) and the columnar path (large ones) agree on every cell.
- Headers: a header row under any number of title rows (fewer than 30), its columns in any order, any case, extra
  spaces and a unit such as "(tkr)", is found with every column where it is; at row 30 or below it is not found,
  and the message says where it stands.
- Rank (SPEC §3, model.prioritering): the computed rank equals an oracle written from the rule: 1 + the number of
  förslag of the same nämnd and typ that are strictly better (kostnadseffektivitet, then nytta, then lower
  svårighetsgrad, then lower kostnad; a missing word or cost last); it does not depend on the rows' order.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.model.prioritering import beraknad_rang
from pipeline.read import kinds
from pipeline.read.table import HEADER_SEARCH_ROWS, Column, find_header, missing_header
from pipeline.staging.cast import AMOUNT_LIMIT, SMALL, parse_amount

SETTINGS = settings(max_examples=200, deadline=None)

# --- amounts ------------------------------------------------------------------------------------------------------


def swedish(cents: int, separator: str, minus: str, suffix: str) -> str:
    """An amount in öre written as a Swedish spreadsheet user might: '−1 234 567,50 kr'."""
    sign = minus if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    digits = f"{whole:,}".replace(",", separator)
    return f"{sign}{digits},{frac:02d}{suffix}"


@SETTINGS
@given(cents=st.integers(min_value=-10**15, max_value=10**15),
       separator=st.sampled_from(["", " ", "\u00a0", "\u202f"]),
       minus=st.sampled_from(["-", "\u2212", "\u2013"]),
       suffix=st.sampled_from(["", " kr", "kr", ":-"]))
def test_a_swedish_amount_is_read_as_written(cents, separator, minus, suffix):
    text = swedish(cents, separator, minus, suffix)
    values, bad = parse_amount(pd.Series([text], dtype=object))
    assert not bad.iloc[0], text
    assert values.iloc[0] == float(f"{cents / 100:.2f}") or math.isclose(values.iloc[0], cents / 100, rel_tol=1e-15)


def _both_paths(cells: list) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """parse_amount on the cells as a small column (per cell) and repeated past SMALL (columnar, pyarrow)."""
    small_values, small_bad = parse_amount(pd.Series(cells, dtype=object))
    repeat = SMALL // max(len(cells), 1) + 1
    big_values, big_bad = parse_amount(pd.Series(cells * repeat, dtype=object))
    return small_values, small_bad, big_values.iloc[: len(cells)], big_bad.iloc[: len(cells)]


AMOUNT_TEXT = st.one_of(
    st.text(max_size=20),
    st.text(alphabet="0123456789 ,.-−+eE\u00a0\u2003\u3000\t\n'kr:", max_size=20),
    st.sampled_from(["1e309", "-1e309", "inf", "-Infinity", "nan", "NaN", "1e13", "1e14", "٣", "１２", "²", "1\u20032",
                     "\u30001 234", "'-5"]),
)


@SETTINGS
@given(cells=st.lists(st.one_of(AMOUNT_TEXT, st.floats(allow_nan=True, allow_infinity=True), st.none(),
                                st.integers(min_value=-10**20, max_value=10**20)), min_size=1, max_size=12))
def test_any_cell_is_a_plausible_amount_or_bad_and_both_paths_agree(cells):
    small_values, small_bad, big_values, big_bad = _both_paths(cells)
    for value, bad in ((small_values, small_bad), (big_values, big_bad)):
        present = value.notna()
        assert (np.abs(value[present]) <= AMOUNT_LIMIT).all()       # never inf, never beyond the limit
        assert not (present & bad).any()                            # a bad cell has no value
    assert small_bad.tolist() == big_bad.tolist(), cells
    np.testing.assert_array_equal(small_values.to_numpy(), big_values.to_numpy())


# --- headers --------------------------------------------------------------------------------------------------------

COLUMNS = kinds.UTFALL   # År, Period, Nämnd, Verksamhet, Konto, Belopp (+ optional Projekt)


def _spelled(header: str, case: str, pad: str, unit: str) -> str:
    text = {"lower": header.lower(), "upper": header.upper(), "as is": header}[case]
    return f"{pad}{text}{unit}{pad}"


HEADER_CELLS = st.tuples(st.sampled_from(["lower", "upper", "as is"]), st.sampled_from(["", " ", "  ", "\u00a0"]),
                         st.sampled_from(["", " (tkr)", " (kr)"]))


@SETTINGS
@given(data=st.data(), titles=st.integers(min_value=0, max_value=HEADER_SEARCH_ROWS - 1),
       extra=st.lists(st.sampled_from(["Kommentar", "Motpart", "Ansvar", ""]), max_size=3))
def test_a_header_is_found_wherever_it_stands_in_the_searched_rows(data, titles, extra):
    required = [c for c in COLUMNS if c.required]
    order = data.draw(st.permutations([*required, *extra]))
    spellings = {id(c): data.draw(HEADER_CELLS) for c in required}
    header = [_spelled(c.header, *spellings[id(c)]) if isinstance(c, Column) else c for c in order]
    rows = [["Huvudbok, Exempelkommun"] if i % 2 == 0 else [] for i in range(titles)] + [header, ["2026"] * len(header)]
    located = find_header(rows, COLUMNS)
    assert located is not None
    index, positions = located
    assert index == titles
    for column in required:
        assert positions[column.key] == order.index(column)


@SETTINGS
@given(titles=st.integers(min_value=HEADER_SEARCH_ROWS, max_value=200))
def test_a_header_below_the_searched_rows_is_pointed_at(titles):
    header = [c.header for c in COLUMNS if c.required]
    rows = [["Huvudbok"]] * titles + [header]
    assert find_header(rows, COLUMNS) is None
    row, message = missing_header(rows, COLUMNS)
    assert row == titles and message.startswith(f"Rubrikraden står på rad {titles + 1}, men rubrikraden söks bara "
                                                 f"bland de {HEADER_SEARCH_ROWS} första raderna.")


# --- the rank rules -----------------------------------------------------------------------------------------------

FORSLAG = st.fixed_dictionaries({
    "namnd": st.sampled_from(["SN", "VON"]),
    "typ": st.sampled_from(["Besparing", "Utökning"]),
    "kostnadseffektivitet": st.sampled_from([*kinds.KOSTNADSEFFEKTIVITET, None]),
    "nytta": st.sampled_from([*kinds.NYTTOR, None]),
    "svarighetsgrad": st.sampled_from([*kinds.SVARIGHETSGRADER, None]),
    "kostnad": st.one_of(st.none(), st.sampled_from([-500.0, -100.0, 0.0, 100.0, 250.5])),
})


def _oracle_key(row: dict) -> tuple:
    """The rule as written: better kostnadseffektivitet, higher nytta, lower svårighetsgrad, lower kostnad; a
    missing word or cost after every given one."""
    def place(word, order):
        return order.index(word) if word in order else len(order)

    return (place(row["kostnadseffektivitet"], kinds.KOSTNADSEFFEKTIVITET), place(row["nytta"], kinds.NYTTOR),
            place(row["svarighetsgrad"], tuple(reversed(kinds.SVARIGHETSGRADER))),
            (1, 0.0) if row["kostnad"] is None else (0, row["kostnad"]))


@SETTINGS
@given(rows=st.lists(FORSLAG, min_size=1, max_size=25), seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_the_computed_rank_follows_the_rule_and_not_the_row_order(rows, seed):
    frame = pd.DataFrame(rows).astype({"kostnad": "float64"})
    ranked = beraknad_rang(frame)["beraknad_rang"].tolist()
    for i, row in enumerate(rows):
        better = sum(1 for other in rows if (other["namnd"], other["typ"]) == (row["namnd"], row["typ"])
                     and _oracle_key(other) < _oracle_key(row))
        assert ranked[i] == better + 1, (row, ranked)
    shuffled = frame.sample(frac=1, random_state=np.random.RandomState(seed % 2**32))
    again = beraknad_rang(shuffled)["beraknad_rang"]
    assert again.sort_index().tolist() == ranked
