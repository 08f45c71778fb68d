"""The planning round's model, computed once for the kommun: every förslag with its computed rank and its place
in the prioriteringsmatris and whether its konsekvensbeskrivning is complete, the incomplete ones, and whether the documents are preliminary
(the MoR is decided in a valår)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pipeline.config import Config
from pipeline.model.prioritering import beraknad_rang, konsekvensbeskrivning, matris
from pipeline.config.kontoklass import is_drift
from pipeline.config.tidplan import valar_for

HOG_RESURSINSATS_TKR = 1000.0   # above this cost a förslag has a stor resursinsats (docs/planering_kalla.md)


@dataclass(frozen=True)
class PlanModel:
    year: int                    # the budget year planned
    forslag: pd.DataFrame        # staged förslag + beraknad_rang, avviker, effekt, resursinsats, falt, namnd_namn,
                                 # kravs, saknas, samma_text, fullstandig (model.prioritering.konsekvensbeskrivning)
    ofullstandiga: pd.DataFrame  # the förslag not fullstandig: namnd, forslag_id, saknas, samma_text
    preliminar: bool             # the MoR for `year` is decided in a valår (year - 1)
    utgangslage: pd.DataFrame = field(default_factory=pd.DataFrame)  # namnd, verksamhet, budget, utfall of year - 1 (kr)
    mal_fg: pd.DataFrame = field(default_factory=pd.DataFrame)       # year - 1's nämndmål: namnd, mal_id, formulering


def utgangslage(staged_fg, finans_koder: frozenset[str] = frozenset()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """From the previous year's staged inputs (or None): per nämnd and verksamhet its budget and full-year utfall
    (drift, kr, nettokostnad positive; per verksamhet so that the yttrande can add the figures the nämnd's
    verksamhetsberättelse printed; the finansförvaltning's verksamheter `finans_koder` are not a nämnd's, as in
    its driftredovisning), and its nämndmål."""
    key = ["namnd", "verksamhet"]
    if staged_fg is None:
        return pd.DataFrame(columns=[*key, "budget", "utfall"]), pd.DataFrame(columns=["namnd", "mal_id", "formulering"])
    budget = staged_fg.budget.groupby(key, observed=True)["belopp"].sum().rename("budget")
    u = staged_fg.utfall
    drift = u[is_drift(u["konto"]) & (u["manad"] >= 1)] if len(u) else u
    utfall = drift.groupby(key, observed=True)["belopp"].sum().rename("utfall") if len(drift) else \
        pd.Series(dtype=float, name="utfall", index=pd.MultiIndex.from_tuples([], names=key))
    frame = pd.concat([budget, utfall], axis=1).reset_index()
    frame = frame[~frame["verksamhet"].astype(str).isin(list(finans_koder))].reset_index(drop=True)
    mal = staged_fg.mal
    mal = mal[mal["niva"] == "Nämnd"][["namnd", "mal_id", "formulering"]] if len(mal) else \
        pd.DataFrame(columns=["namnd", "mal_id", "formulering"])
    return frame, mal.reset_index(drop=True)


def build_plan_model(plan, config: Config, staged_fg=None) -> PlanModel:
    ranked = beraknad_rang(plan.forslag)
    placed = ranked.merge(matris(ranked, plan.konsekvenser, HOG_RESURSINSATS_TKR), on=["namnd", "forslag_id"],
                          how="left")
    names = {n.id: n.namn for n in config.namnder}
    placed = placed.assign(namnd_namn=placed["namnd"].map(names))
    complete = konsekvensbeskrivning(ranked, plan.konsekvenser, plan.forslag_info, config.planering.serviceperspektiv,
                                     config.planering.samhallsperspektiv)
    placed = placed.merge(complete, on=["namnd", "forslag_id"], how="left")
    ofullstandiga = placed.loc[~placed["fullstandig"].astype(bool), ["namnd", "forslag_id", "saknas", "samma_text"]]
    start, mal_fg = utgangslage(staged_fg, config.finans_koder)
    return PlanModel(plan.year, placed, ofullstandiga.reset_index(drop=True),
                     valar_for(plan.year - 1, config.planering.valar), start, mal_fg)
