"""The resultatutjämningsreserv (RUR) of the year as one figure: what the balanskravsutredning reserves to (or
disposes from) the reserve, which must equal the change of the balansräkning's RUR row (kommunallagen 11 kap.
13–14 §§; the reservation is shown in the balanskravsutredning and the reserve in eget kapital, LKBR 6 kap.)."""

from __future__ import annotations

import pandas as pd


def _value(frame: pd.DataFrame, rad: str, column: str) -> float:
    hit = frame.loc[frame["rad"] == rad, column]
    return float(hit.iloc[0]) if len(hit) else 0.0


def rur_reservation(balanskrav: pd.DataFrame) -> float:
    """The year's reservation to the RUR in kronor (positive: reserved to, negative: disposed from), from the
    balanskravsutredning's lines 'Medel till/från resultatutjämningsreserv' (shown there with the opposite sign)."""
    return -(_value(balanskrav, "medel_till_rur", "belopp") + _value(balanskrav, "medel_fran_rur", "belopp"))


def rur_change(balansrakning: pd.DataFrame) -> float:
    """The change of the balansräkning's Resultatutjämningsreserv row over the period (ub − ib), kronor."""
    return (_value(balansrakning, "resultatutjamningsreserv", "ub")
            - _value(balansrakning, "resultatutjamningsreserv", "ib"))
