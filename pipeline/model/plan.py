"""The planning round's model, computed once for the kommun: every förslag with its computed rank and its place
in the prioriteringsmatris, the incomplete konsekvensbeskrivningar, and whether the documents are preliminary
(the MoR is decided in a valår)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.config import Config
from pipeline.model.prioritering import beraknad_rang, matris, ofullstandiga
from pipeline.tidplan import valar_for

HOG_RESURSINSATS_TKR = 1000.0   # above this cost a förslag has a stor resursinsats (docs/planering_kalla.md)


@dataclass(frozen=True)
class PlanModel:
    year: int                    # the budget year planned
    forslag: pd.DataFrame        # staged förslag + beraknad_rang, avviker, effekt, resursinsats, falt, namnd_namn
    ofullstandiga: pd.DataFrame  # namnd, forslag_id, saknas
    preliminar: bool             # the MoR for `year` is decided in a valår (year - 1)


def build_plan_model(plan, config: Config) -> PlanModel:
    ranked = beraknad_rang(plan.forslag)
    placed = ranked.merge(matris(ranked, plan.konsekvenser, HOG_RESURSINSATS_TKR), on=["namnd", "forslag_id"],
                          how="left")
    names = {n.id: n.namn for n in config.namnder}
    placed = placed.assign(namnd_namn=placed["namnd"].map(names))
    return PlanModel(plan.year, placed, ofullstandiga(ranked, plan.konsekvenser, plan.forslag_info),
                     valar_for(plan.year - 1, config.planering.valar))
