"""The prioriteringsmodell's computed rank (SPEC §3): within each Typ, better kostnadseffektivitet first, then
higher nytta, then lower svårighetsgrad, then lower kostnad (a besparing, negative, before a cost). Förslag
that are equal on all four share the best place of their tie (1, 2, 2, 4).

`beraknad_rang(forslag)` returns a copy with the column `beraknad_rang` (Int64) and `avviker` (the nämnd's own
rang is given and differs). Pure; no rows are looped over in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def rangnyckel(forslag: pd.DataFrame) -> pd.Series:
    """The first three levels of the rank as one number, lower is better: 100 × the place of kostnadseffektivitet
    + 10 × the place of nytta + the place of svårighetsgrad, each counted from 1 (best) with a missing word after
    the last. The prioriteringsmodell workbook computes the same number with a formula (render.prioritering_xlsx)."""
    return pd.Series(((_position(forslag["kostnadseffektivitet"], KOSTNADSEFFEKTIVITET_ORDER) + 1) * 100
                      + (_position(forslag["nytta"], NYTTA_ORDER) + 1) * 10
                      + _position(forslag["svarighetsgrad"], SVARIGHET_ORDER) + 1), index=forslag.index, dtype="int64")


def beraknad_rang(forslag: pd.DataFrame, within_namnd: bool = True) -> pd.DataFrame:
    """A copy of `forslag` (columns typ, kostnadseffektivitet, nytta, svarighetsgrad, kostnad, namndens_rang)
    with beraknad_rang within each (namnd, typ) – or within each typ across the nämnder, for the
    prioriteringsforum's sammanställning – and avviker."""
    if not len(forslag):
        return forslag.assign(beraknad_rang=pd.Series(dtype="Int64"), avviker=pd.Series(dtype=bool))
    # equal costs get the same dense rank: the composite key then ties exactly when all four tie
    ko = forslag["kostnad"].rank(method="dense", na_option="bottom").to_numpy(dtype=np.int64)
    width = int(ko.max()) + 1
    composite = rangnyckel(forslag) * width + ko
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


def _same(a, b) -> bool:
    """Two descriptions are the same text when they differ only in case and spacing."""
    return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


def konsekvensbeskrivning(forslag: pd.DataFrame, konsekvenser: pd.DataFrame, info: pd.DataFrame,
                          service: tuple[str, ...], samhalle: tuple[str, ...]) -> pd.DataFrame:
    """Whether each förslag's konsekvensbeskrivning is complete (SPEC §2, docs/planering.md): every required
    perspektiv – `service` always, `samhalle` too where Omfattning is 'Service och samhälle' (config
    planering.serviceperspektiv / samhallsperspektiv) – described on kort and lång sikt (a row with a
    beskrivning), and no perspektiv with the same text on both sikt. One row per förslag: namnd, forslag_id,
    kravs (the required perspektiv), saknas ((perspektiv, sikt) not described), samma_text (perspektiv whose kort
    and lång text are the same), fullstandig (bool)."""
    omfattning = {(r["namnd"], r["forslag_id"]): r["omfattning"] for r in info.to_dict("records")} if len(info) else {}
    text: dict[tuple, str] = {}
    for r in (konsekvenser.to_dict("records") if len(konsekvenser) else []):
        description = r.get("beskrivning")
        if isinstance(description, str) and description.strip():
            text[(r["namnd"], r["forslag_id"], r["perspektiv"], r["sikt"])] = description
    rows = []
    for f in forslag[["namnd", "forslag_id"]].itertuples(index=False):   # one row per förslag (tens, not rows)
        need = tuple(service) + (tuple(samhalle) if omfattning.get((f.namnd, f.forslag_id)) == "Service och samhälle"
                                 else ())
        missing = tuple((p, s) for p in need for s in ("Kort", "Lång") if (f.namnd, f.forslag_id, p, s) not in text)
        same = tuple(p for p in kinds.PERSPEKTIV
                     if (f.namnd, f.forslag_id, p, "Kort") in text and (f.namnd, f.forslag_id, p, "Lång") in text
                     and _same(text[(f.namnd, f.forslag_id, p, "Kort")], text[(f.namnd, f.forslag_id, p, "Lång")]))
        rows.append({"namnd": f.namnd, "forslag_id": f.forslag_id, "kravs": need, "saknas": missing,
                     "samma_text": same, "fullstandig": not missing and not same})
    return pd.DataFrame(rows, columns=["namnd", "forslag_id", "kravs", "saknas", "samma_text", "fullstandig"])


# --- Sums of the förslag (tkr, the Prioriteringar sheet's Kostnad) ------------------------------------------

def summor_per_typ(forslag: pd.DataFrame) -> list[dict]:
    """Per Typ (kinds.TYPER, in that order, every Typ even without förslag): the förslag's summed kostnad and
    their number."""
    return [{"typ": t, "kostnad": float(forslag.loc[forslag["typ"] == t, "kostnad"].sum()),
             "antal": int((forslag["typ"] == t).sum())} for t in kinds.TYPER]


def summa(forslag: pd.DataFrame) -> dict:
    """All the förslag: summed kostnad and their number."""
    return {"kostnad": float(forslag["kostnad"].sum()), "antal": int(len(forslag))}


def forum_totals(forslag: pd.DataFrame, ramar: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """For the prioriteringsforum's sammanställning: per nämnd (`namnd_namn`) the förslag's sum per Typ and in
    all (tkr); and the prioriteringsutrymme (each row with the formula the workbook computes it with): what the
    nämnder free up (effektiviseringar and ransoneringar) against the kommunövergripande prioriteringar, and the
    investeringar against the summed investeringsutrymme of the Ramar (docs/planering_kalla.md)."""
    f = forslag
    per_namnd = [{"namnd": name, **{typ: float(g.loc[g["typ"] == typ, "kostnad"].sum()) for typ in kinds.TYPER},
                  "summa": float(g["kostnad"].sum())}
                 for name, g in f.groupby("namnd_namn", sort=True)]
    frees = -float(f.loc[f["typ"].isin(["Effektivisering", "Ransonering"]), "kostnad"].sum())
    asked = float(f.loc[f["typ"] == "Kommunövergripande prioritering", "kostnad"].sum())
    invest = float(f.loc[f["typ"] == "Investering", "kostnad"].sum())
    # formel: the same arithmetic for the workbook, {Typ} = the sum of that Typ, {n} = the n-th row here
    rows = [{"namn": "Frigörs genom effektiviseringar och ransoneringar", "belopp": frees,
             "formel": "-({Effektivisering}+{Ransonering})"},
            {"namn": "Begärs för kommunövergripande prioriteringar", "belopp": asked,
             "formel": "{Kommunövergripande prioritering}"},
            {"namn": "Kvar (+) eller saknas (−) för kommunövergripande prioriteringar", "belopp": frees - asked,
             "formel": "{0}-{1}"},
            {"namn": "Investeringsförslag", "belopp": invest, "formel": "{Investering}"}]
    if len(ramar):
        space = float(ramar["investeringsutrymme"].sum())
        rows += [{"namn": "Investeringsutrymme enligt ramarna", "belopp": space, "formel": None},
                 {"namn": "Kvar (+) eller saknas (−) av investeringsutrymmet", "belopp": space - invest,
                  "formel": "{4}-{3}"}]
    return per_namnd, rows


INOM_RAM = ("Prioritering inom ram", "Effektivisering", "Ransonering")


@dataclass(frozen=True)
class Avstamning:
    """One nämnd's förslag against its preliminary Ramar (tkr; the yttrande's ekonomisk avstämning)."""

    per_typ: dict[str, float]          # kostnad summed per Typ (0 for a Typ without förslag)
    inom_ram: float                    # prioriteringar inom ram + effektiviseringar + ransoneringar (< 0: frees)
    investeringar: float
    kommunovergripande: float          # asked for beyond the ram
    driftram: float | None = None      # None: the Ramar have no row for the nämnd
    investeringsutrymme: float | None = None

    @property
    def finns_ramar(self) -> bool:
        return self.driftram is not None

    @property
    def investeringsutrymme_kvar(self) -> float:
        """The investeringsutrymme left after the investeringsförslag (< 0: missing)."""
        return self.investeringsutrymme - self.investeringar


def avstamning(forslag: pd.DataFrame, ramar: pd.DataFrame, namnd_id: str) -> Avstamning:
    """The nämnd's förslag (`forslag`, already the nämnd's, kostnad as it is to be shown) summed per Typ against
    its row of the Ramar (driftram, investeringsutrymme)."""
    by_typ = forslag.groupby("typ")["kostnad"].sum()
    inom = float(by_typ.get(INOM_RAM[0], 0.0) + by_typ.get(INOM_RAM[1], 0.0) + by_typ.get(INOM_RAM[2], 0.0))
    sums = dict(per_typ={typ: by_typ.get(typ, 0.0) for typ in kinds.TYPER}, inom_ram=inom,
                investeringar=float(by_typ.get("Investering", 0.0)),
                kommunovergripande=float(by_typ.get("Kommunövergripande prioritering", 0.0)))
    own = ramar[ramar["namnd"] == namnd_id] if len(ramar) else ramar
    if not len(own):
        return Avstamning(**sums)
    return Avstamning(**sums, driftram=float(own["driftram"].iloc[0]),
                      investeringsutrymme=float(own["investeringsutrymme"].iloc[0]))
