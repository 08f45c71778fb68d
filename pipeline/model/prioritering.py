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


def beraknad_rang(forslag: pd.DataFrame, within_namnd: bool = True) -> pd.DataFrame:
    """A copy of `forslag` (columns typ, kostnadseffektivitet, nytta, svarighetsgrad, kostnad, namndens_rang)
    with beraknad_rang within each (namnd, typ) – or within each typ across the nämnder, for the
    prioriteringsforum's sammanställning – and avviker."""
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
    groups = [forslag[c] for c in (("namnd", "typ") if within_namnd else ("typ",)) if c in forslag]
    rank = composite.groupby(groups, dropna=False, sort=False).rank(method="min").astype("Int64")
    own = forslag["namndens_rang"].astype("Int64") if "namndens_rang" in forslag else pd.Series(pd.NA, index=forslag.index, dtype="Int64")
    return forslag.assign(beraknad_rang=rank, avviker=(own.notna() & (own != rank)).fillna(False).astype(bool))


# The SKR prioriteringsmatris in the shape of a PICK chart (docs/planering_kalla.md): resursinsats against effekt.
FALT = {  # (stor effekt, stor resursinsats) -> field
    (True, False): "Genomför",
    (True, True): "Utmana",
    (False, False): "Möjligt",
    (False, True): "Avfärda",
}
FALT_BESKRIVNING = {
    "Genomför": "Stor effekt för liten resursinsats: prioriteras.",
    "Utmana": "Stor effekt men stor resursinsats: pröva om insatsen kan minskas eller göras på annat sätt.",
    "Möjligt": "Liten effekt och liten resursinsats: genomförs om värdet bedöms tillräckligt.",
    "Avfärda": "Liten effekt för stor resursinsats: läggs åt sidan.",
}
NYTTA_POANG = {"Mycket stor": 4, "Stor": 3, "Måttlig": 2, "Liten": 1, "Ingen": 0}
EFFEKT_POANG = {"Positiv": 1, "Negativ": -1, "Neutral": 0, "Ingen": 0}


def matris(forslag: pd.DataFrame, konsekvenser: pd.DataFrame, hog_resursinsats_tkr: float) -> pd.DataFrame:
    """Per förslag its place in the prioriteringsmatris: effekt (y: nytta 0–4 plus a quarter of the balance of
    positive and negative konsekvenser on kort and lång sikt, at most ±0,5), resursinsats (x: the cost in tkr, a
    besparing counts as 0), stor_effekt (nytta Stor or Mycket stor), stor_resursinsats (cost above
    `hog_resursinsats_tkr`) and falt. Columns namnd, forslag_id plus these."""
    keys = ["namnd", "forslag_id"]
    if len(konsekvenser):
        score = konsekvenser.assign(p=konsekvenser["effekt"].map(EFFEKT_POANG).fillna(0))
        balance = score.groupby(keys, observed=True)["p"].sum().rename("balans").reset_index()
    else:
        balance = pd.DataFrame(columns=[*keys, "balans"])
    out = forslag[keys + ["nytta", "kostnad"]].merge(balance, on=keys, how="left")
    out["balans"] = out["balans"].fillna(0).astype(float)
    out["effekt"] = out["nytta"].map(NYTTA_POANG).astype(float) + (out["balans"] / 4).clip(-0.5, 0.5)
    out["resursinsats"] = out["kostnad"].clip(lower=0)
    out["stor_effekt"] = out["nytta"].isin(["Mycket stor", "Stor"])
    out["stor_resursinsats"] = out["resursinsats"] > hog_resursinsats_tkr
    out["falt"] = [FALT[(e, r)] for e, r in zip(out["stor_effekt"], out["stor_resursinsats"])]
    return out.drop(columns=["nytta", "kostnad", "balans"])


def ofullstandiga(forslag: pd.DataFrame, konsekvenser: pd.DataFrame, info: pd.DataFrame) -> pd.DataFrame:
    """Förslag whose konsekvensbeskrivning is incomplete (SPEC §2): Ekonomi, Personal and Brukare/medborgare on
    both sikt, and where Omfattning is 'Service och samhälle' also Social hållbarhet and Miljö. Columns namnd,
    forslag_id, saknas (text: the missing perspektiv × sikt)."""
    service = ("Ekonomi", "Personal", "Brukare/medborgare")
    samhalle = ("Social hållbarhet", "Miljö")
    omfattning = {(r["namnd"], r["forslag_id"]): r["omfattning"] for r in info.to_dict("records")} if len(info) else {}
    have = set(zip(konsekvenser["namnd"], konsekvenser["forslag_id"], konsekvenser["perspektiv"],
                   konsekvenser["sikt"])) if len(konsekvenser) else set()
    rows = []
    for f in forslag[["namnd", "forslag_id"]].itertuples(index=False):   # one row per förslag (tens, not rows)
        need = service + (samhalle if omfattning.get((f.namnd, f.forslag_id)) == "Service och samhälle" else ())
        missing = [f"{p} ({s.lower()} sikt)" for p in need for s in ("Kort", "Lång")
                   if (f.namnd, f.forslag_id, p, s) not in have]
        if missing:
            rows.append({"namnd": f.namnd, "forslag_id": f.forslag_id, "saknas": ", ".join(missing)})
    return pd.DataFrame(rows, columns=["namnd", "forslag_id", "saknas"])
