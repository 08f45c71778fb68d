"""The prioriteringsmodell's computed rank (SPEC §3): within each Typ, better kostnadseffektivitet first, then
higher nytta, then lower svårighetsgrad, then lower kostnad (a besparing, negative, before a cost). Förslag
that are equal on all four share the best place of their tie (1, 2, 2, 4).

`beraknad_rang(forslag)` returns a copy with the column `beraknad_rang` (Int64) and `avviker` (the nämnd's own
rang is given and differs). Pure; no rows are looped over in Python.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.read import kinds

# best first: position in these tuples is the sort order
KOSTNADSEFFEKTIVITET_ORDER = kinds.KOSTNADSEFFEKTIVITET                  # Mycket hög … Låg
NYTTA_ORDER = kinds.NYTTOR                                                # Mycket stor … Ingen
SVARIGHET_ORDER = tuple(reversed(kinds.SVARIGHETSGRADER))                 # Liten … Mycket stor


def _position(series: pd.Series, order: tuple[str, ...]) -> np.ndarray:
    """Position of each word in `order` (missing words last)."""
    lookup = {w: i for i, w in enumerate(order)}
    return series.map(lookup).fillna(len(order)).to_numpy(dtype=np.int64)


def beraknad_rang(forslag: pd.DataFrame) -> pd.DataFrame:
    """A copy of `forslag` (columns typ, kostnadseffektivitet, nytta, svarighetsgrad, kostnad, namndens_rang)
    with beraknad_rang within each (namnd, typ) and avviker."""
    if not len(forslag):
        return forslag.assign(beraknad_rang=pd.Series(dtype="Int64"), avviker=pd.Series(dtype=bool))
    key = pd.DataFrame({
        "ke": _position(forslag["kostnadseffektivitet"], KOSTNADSEFFEKTIVITET_ORDER),
        "ny": _position(forslag["nytta"], NYTTA_ORDER),
        "sv": _position(forslag["svarighetsgrad"], SVARIGHET_ORDER),
        # equal costs get the same dense rank: the composite key then ties exactly when all four tie
        "ko": forslag["kostnad"].rank(method="dense", na_option="bottom").to_numpy(dtype=np.int64),
    }, index=forslag.index)
    width = int(key["ko"].max()) + 1
    composite = ((key["ke"] * 10 + key["ny"]) * 10 + key["sv"]) * width + key["ko"]
    groups = [forslag[c] for c in ("namnd", "typ") if c in forslag]
    rank = composite.groupby(groups, dropna=False, sort=False).rank(method="min").astype("Int64")
    own = forslag["namndens_rang"].astype("Int64") if "namndens_rang" in forslag else pd.Series(pd.NA, index=forslag.index, dtype="Int64")
    return forslag.assign(beraknad_rang=rank, avviker=(own.notna() & (own != rank)).fillna(False).astype(bool))
