"""Kommun-Bas account classes: which accounts are drift (resultaträkning) and which are balance accounts.

A module with no project imports, so that reading, staging and the model can all use it without an import cycle.
"""

from __future__ import annotations

import pandas as pd

DRIFT_CLASSES = "345678"
BALANCE_CLASSES = "12"


def is_drift(konto: pd.Series) -> pd.Series:
    """True for accounts in the drift classes (3–8: the resultaträkning's), False for others and missing."""
    return konto.str[0].isin(list(DRIFT_CLASSES)).fillna(False).astype(bool)


def is_balance(konto: pd.Series) -> pd.Series:
    """True for balance accounts (kontoklass 1–2), False for others and missing."""
    return konto.str[0].isin(list(BALANCE_CLASSES)).fillna(False).astype(bool)
