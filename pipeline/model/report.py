"""Assemble every model the reports of one reporting point need, computed once for the whole kommun."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.config import Config
from pipeline.model.avvikelser import avvikelser
from pipeline.model.grupp import Jamforelsegrupp, jamforelsegrupp
from pipeline.model.ekonomi import driftredovisning, investeringsredovisning, namnd_totals
from pipeline.model.mal import indikator_utfall, mal_status
from pipeline.model.malkostnad import mal_kostnad
from pipeline.staging import StagedInputs


@dataclass(frozen=True)
class ReportModel:
    drift: pd.DataFrame            # per (namnd, verksamhet), see model.ekonomi
    totals: pd.DataFrame           # per namnd
    investeringar: pd.DataFrame    # per (namnd, projekt)
    indikatorer: pd.DataFrame      # per (mal_id, indikator_id) with latest value and status
    analys: pd.DataFrame           # förvaltningarnas analysrader, column namnd added
    avvikelser: pd.DataFrame       # deviations that need a plan or an analysis (model.avvikelser)
    mal_status: pd.DataFrame       # per mål: computed status from its indicators (model.mal.mal_status)
    mal_kostnad: pd.DataFrame      # per mål: cost of the verksamheter its indicators name (model.malkostnad)
    grupp: Jamforelsegrupp         # which kommuner the median compares with, and its name
    till_manad: int


def _prognoser(staged: StagedInputs) -> pd.DataFrame:
    frames = [u.prognos.assign(namnd=n) for n, u in sorted(staged.underlag.items())]
    if not frames:
        return pd.DataFrame({"namnd": pd.Series(dtype="string"), "verksamhet": pd.Series(dtype="string"),
                             "prognos": pd.Series(dtype="float64"), "kommentar": pd.Series(dtype="string")})
    return pd.concat(frames, ignore_index=True)


def build_report_model(staged: StagedInputs, config: Config) -> ReportModel:
    till = config.tillfalle(staged.tillfalle).till_manad
    drift = driftredovisning(staged.budget, staged.utfall, staged.utfall_fg, _prognoser(staged), config, till)
    analys = pd.concat([u.analys.assign(namnd=n) for n, u in sorted(staged.underlag.items())], ignore_index=True) \
        if staged.underlag else pd.DataFrame(columns=["avser_typ", "avser", "bedomning", "analys", "orsak", "atgard", "namnd"])
    grupp = jamforelsegrupp(config)
    indikatorer = indikator_utfall(staged.indikatorer, staged.indikatorvarden, analys, config.kommun_kod,
                                   staged.year, till, grupp.kommuner)
    plans = pd.concat([u.atgardsplan.assign(namnd=n) for n, u in sorted(staged.underlag.items())], ignore_index=True) \
        if staged.underlag else pd.DataFrame(columns=["atgard_id", "avser", "verksamhet", "namnd"])
    return ReportModel(
        drift=drift,
        totals=namnd_totals(drift, config),
        investeringar=investeringsredovisning(staged.investeringsbudget, staged.utfall, till),
        indikatorer=indikatorer,
        analys=analys,
        avvikelser=avvikelser(drift, indikatorer, staged.mal, analys, plans),
        mal_status=mal_status(indikatorer, config.malbedomning.uppfyllt_andel, config.malbedomning.delvis_andel)
        if len(indikatorer) else pd.DataFrame(columns=["mal_id", "beraknad", "uppfyllda", "delvis", "ej", "bedomda"]),
        mal_kostnad=mal_kostnad(staged.indikatorer, drift, staged.utfall_fg, till),
        grupp=grupp,
        till_manad=till,
    )
