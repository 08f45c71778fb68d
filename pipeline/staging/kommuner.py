"""Kommun names -> kommunkoder, for Kolada's web exports that name each kommun instead of giving its code.

The names are SCB's 290 kommuner in pipeline/resources/data/kommuner.csv (short form "Upplands Väsby" and the form with
"kommun", "Upplands Väsby kommun") plus the few extra spellings in pipeline/resources/data/kommunnamn_alias.csv (riket,
a former name, an official form); see pipeline/resources/data/SOURCE.md. Names match ignoring case, surrounding and
repeated whitespace, and hyphen versus space ("Upplands-Väsby" = "Upplands Väsby").

Rows naming an average over kommuner, such as Kolada's "Alla kommuner (ovägt medel)", are neither a kommun nor
riket: `kommun_codes` marks them so the caller can leave them out.
"""

from __future__ import annotations

import csv
from functools import lru_cache

import pandas as pd

from pipeline.staging.cast import per_unique

from pipeline.resources import DATA
KOMMUNER = DATA / "kommuner.csv"
ALIAS = DATA / "kommunnamn_alias.csv"
# "Alla kommuner (ovägt medel)", "Alla kommuner (vägt medel)", "Alla landsting (ovägt medel)", …
AVERAGE = r"^alla (?:kommuner|landsting|regioner)\b"


def normalize_names(names: pd.Series) -> pd.Series:
    """Names for matching: lower case, NBSP and hyphens as spaces, whitespace collapsed and trimmed."""
    return (names.astype("string[pyarrow]").str.lower()
            .str.replace(r"[\u00a0\-\u2010\u2011\u2013]", " ", regex=True)
            .str.replace(r"\s+", " ", regex=True).str.strip())


@lru_cache(maxsize=1)
def name_codes() -> dict[str, str]:
    """Normalised name -> 4-digit code, from kommuner.csv (short and long names) and the alias list.

    Raises ValueError if two different codes share a normalised name (a broken data file, not user input)."""
    pairs: list[tuple[str, str]] = []
    with KOMMUNER.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["municipality_code"]
            pairs += [(row["municipality_name_short"], code), (row["municipality_name"], code)]
    with ALIAS.open(encoding="utf-8", newline="") as fh:
        pairs += [(row["namn"], row["kod"]) for row in csv.DictReader(fh)]
    keys = normalize_names(pd.Series([name for name, _ in pairs], dtype="string[pyarrow]"))
    table: dict[str, str] = {}
    for key, (name, code) in zip(keys, pairs):
        if table.setdefault(key, code) != code:
            raise ValueError(f"{name!r} names both {table[key]} and {code} in {KOMMUNER.name}/{ALIAS.name}")
    return table


def _codes_of_unique(names: pd.Series) -> tuple[pd.Series, pd.Series]:
    normalized = normalize_names(names)
    codes = normalized.map(name_codes(), na_action="ignore").astype("string[pyarrow]")
    average = normalized.str.contains(AVERAGE, regex=True).fillna(False).astype(bool)
    return codes, average


def kommun_codes(names: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Per row: (the kommun code, or <NA> for an unknown or blank name; True where the name is an average such
    as "Alla kommuner (ovägt medel)"). Computed once per distinct name."""
    return per_unique(names, _codes_of_unique)
