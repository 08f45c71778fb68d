"""Assemble every model the reports of one reporting point need, computed once for the whole kommun."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pipeline.config import Config
from pipeline.context.format import period_end
from pipeline.model.arsredovisning import (Arsredovisning, ansvarsforbindelser_fg, arsredovisning_model, egna_nyckeltal,
                                           kolada_skillnader, nyckeltal_foregaende_ar, resultat_andel_prognos,
                                           with_own_values)
from pipeline.model.avvikelser import avvikelser
from pipeline.model.rakenskaper import rakenskaper
from pipeline.model.grupp import Jamforelsegrupp, jamforelsegrupp
from pipeline.model.ekonomi import driftredovisning, investeringsredovisning, namnd_totals
from pipeline.model.atgarder import beslut_behovs, prognos_efter_atgarder, uppfoljning, utvardering
from pipeline.model.enheter import enhet_spridning, enhet_varden
from pipeline.model.extern_regi import extern_regi_per_namnd, utforare_resultat, utforararenden
from pipeline.model.framgang import framgangar
from pipeline.model.mal import indikator_utfall, kf_status, mal_status
from pipeline.model.malkostnad import indikator_kostnad, mal_kostnad
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
    kf_status: pd.DataFrame        # per KF-mål: rolled up from its nämndmål across nämnder (model.mal.kf_status)
    enheter: pd.DataFrame          # per (indikator, enhet/grupp) values of the latest period (model.enheter)
    enhet_spridning: pd.DataFrame  # per (indikator, slag): lowest, highest, count below target
    framgangar: pd.DataFrame       # framgångsrika resultat (model.framgang)
    atgardseffekt: pd.DataFrame    # per nämnd: prognos efter åtgärder (model.atgarder)
    beslut: pd.DataFrame           # plans that need a decision by the nämnd, KS or KF
    uppfoljning: pd.DataFrame      # the previous reporting point's plans followed up
    indikator_kostnad: pd.DataFrame  # Resurs/Effektivitet indicators beside the ledger cost
    finans: pd.DataFrame = field(default_factory=pd.DataFrame)   # the finansförvaltning's driftredovisning
    arsredovisning: Arsredovisning | None = None   # delår and bokslut only (model.arsredovisning)
    egna_nyckeltal: pd.DataFrame = field(default_factory=pd.DataFrame)   # own key figures per year (model.arsredovisning)
    kolada_skillnader: pd.DataFrame = field(default_factory=pd.DataFrame)  # own figure vs Kolada beyond the tolerance
    basta: pd.DataFrame = field(default_factory=pd.DataFrame)   # "Vad gör de bästa?" (model.jamforelse.best_in_groups)
    fore_efter: pd.DataFrame = field(default_factory=pd.DataFrame)   # followed-up plans: their target before/after
    utvardering: pd.DataFrame = field(default_factory=pd.DataFrame)  # the previous point evaluated (model.atgarder)
    extern_regi: pd.DataFrame = field(default_factory=pd.DataFrame)      # verksamhet in extern regi, all nämnder
    utforararenden: pd.DataFrame = field(default_factory=pd.DataFrame)   # åtgärder requested of utförare
    utforare_resultat: pd.DataFrame = field(default_factory=pd.DataFrame)  # utförare's enheter vs the indicators
    indikatorvarden: pd.DataFrame | None = None   # the values the indicators were judged on (own figures in place)
    noter: tuple = ()              # the årsredovisning's noter, bokslut only (model.noter)
    sammanstallda: object = None   # sammanställda räkenskaper, bokslut with [[bolag]] only (model.sammanstallda)
    avrundad: bool = False         # the amounts as printed (context.avrundning.rounded_model has made this copy)


def _prognoser(staged: StagedInputs) -> pd.DataFrame:
    frames = [u.prognos.assign(namnd=n) for n, u in sorted(staged.underlag.items())]
    if not frames:
        return pd.DataFrame({"namnd": pd.Series(dtype="string"), "verksamhet": pd.Series(dtype="string"),
                             "prognos": pd.Series(dtype="float64"), "kommentar": pd.Series(dtype="string")})
    return pd.concat(frames, ignore_index=True)


def _split_finans(frame: pd.DataFrame, codes: frozenset[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the nämnder's rows, the finansförvaltning's rows) by verksamhet."""
    if not codes or not len(frame):
        return frame, frame.iloc[0:0]
    is_finans = frame["verksamhet"].isin(list(codes)).fillna(False).astype(bool).to_numpy()
    return frame[~is_finans], frame[is_finans]


RESULT_DEVIATIONS = ("mot mål", "mot andra kommuner", "trend försämras")


def before_after(followed: pd.DataFrame, values: pd.DataFrame, staged, config: Config, drift: pd.DataFrame,
                 till: int) -> pd.DataFrame:
    """model.atgarder.fore_efter for this point and the one before it."""
    from pipeline.model.atgarder import fore_efter
    from pipeline.read.previous import previous_point

    prev_year, prev = previous_point(staged.year, staged.tillfalle)
    prognos_fg = staged.prognos_fg if len(staged.prognos_fg) else \
        pd.DataFrame(columns=["namnd", "verksamhet", "prognos"])
    return fore_efter(followed, values, config.kommun_kod, (prev_year, config.tillfalle(prev).till_manad),
                      (staged.year, till), drift, prognos_fg, prev_year == staged.year)


def best_for_deviations(values: pd.DataFrame, indikatorer: pd.DataFrame, deviations: pd.DataFrame, grupp,
                        kommun: str) -> pd.DataFrame:
    """"Vad gör de bästa?" for the indicators with a result deviation: the best kommuner of the jämförelsegrupp
    and, when that is the kommun's own choice, of its SKR kommungrupp too."""
    from pipeline.model.grupp import skr_kommungrupp
    from pipeline.model.jamforelse import best_in_groups

    ids = set(deviations.loc[deviations["typ"].isin(RESULT_DEVIATIONS), "avser"]) if len(deviations) else set()
    if not ids or not len(indikatorer):
        return best_in_groups(values, pd.DataFrame(columns=["indikator_id", "riktning", "varde_period"]), {})
    latest = indikatorer[indikatorer["indikator_id"].isin(list(ids))].drop_duplicates("indikator_id")
    groups = {grupp.namn: grupp.kommuner}
    skr = skr_kommungrupp(kommun)
    if skr.kommuner and set(skr.kommuner) != set(grupp.kommuner):
        groups[skr.namn] = skr.kommuner
    return best_in_groups(values, latest[["indikator_id", "riktning", "varde_period"]], groups)


def build_report_model(staged: StagedInputs, config: Config) -> ReportModel:
    till = config.tillfalle(staged.tillfalle).till_manad
    codes = config.finans_koder
    budget, budget_f = _split_finans(staged.budget, codes)
    utfall, utfall_f = _split_finans(staged.utfall, codes)
    utfall_fg, utfall_fg_f = _split_finans(staged.utfall_fg, codes)
    prognoser, prognoser_f = _split_finans(_prognoser(staged), codes)
    drift = driftredovisning(budget, utfall, utfall_fg, prognoser, config, till)
    finans = driftredovisning(budget_f, utfall_f, utfall_fg_f, prognoser_f, config, till) if codes else \
        drift.iloc[0:0]
    totals = namnd_totals(drift, config)
    ars = None
    noter = ()
    koncern = None
    values = staged.indikatorvarden
    statements_fg, nyckeltal_fg = nyckeltal_foregaende_ar(staged.utfall_fg, config.kontoplan, ansvarsforbindelser_fg(
        staged.bokslut.ansvarsforbindelser, staged.bokslut_fg.ansvarsforbindelser))
    if staged.tillfalle in ("delar", "bokslut") and config.kontoplan is not None:
        statements = rakenskaper(staged.utfall, staged.utfall_fg, config.kontoplan, till)
        ars = arsredovisning_model(statements, staged.bokslut, totals, finans, staged.utfall, config, staged.year,
                                   till, prognos_mode=till < 12, r_fg=statements_fg if till == 12 else None,
                                   nyckeltal_fg=nyckeltal_fg)
        if till == 12:
            from pipeline.model.noter import noter as build_noter

            noter = build_noter(statements, statements_fg, staged.utfall, staged.utfall_fg, config.kontoplan, till,
                                staged.bokslut.ansvarsforbindelser, ars.balanskrav)
            if config.bolag:
                from pipeline.model.sammanstallda import sammanstallda as build_sammanstallda

                koncern = build_sammanstallda(statements.resultatrakning, statements.balansrakning, config.bolag,
                                              staged.bokslut.bolag, staged.bokslut.mellanhavanden)
    # One source per figure: the kommun's own financial key figures replace Kolada's for the own kommun.
    femar = [f for f in (staged.bokslut.femar, staged.bokslut_fg.femar) if len(f)]
    egna = egna_nyckeltal(staged.year, till, ars.nyckeltal if ars else None, nyckeltal_fg,
                          pd.concat(femar, ignore_index=True) if femar else pd.DataFrame(),
                          resultat_andel_prognos(totals, finans, staged.utfall_fg, config.kontoplan, codes)
                          if ars is None and till < 12 else np.nan)
    skillnader = kolada_skillnader(values, egna, config.kommun_kod, config.arsredovisning.nyckeltal_tolerans)
    values = with_own_values(values, egna, config.kommun_kod, set(staged.indikatorer["indikator_id"].dropna()))
    analys = pd.concat([u.analys.assign(namnd=n) for n, u in sorted(staged.underlag.items())], ignore_index=True) \
        if staged.underlag else pd.DataFrame(columns=["avser_typ", "avser", "bedomning", "analys", "orsakskategori", "orsak", "atgard",
                                       "namnd"])
    grupp = jamforelsegrupp(config)
    rules = config.malbedomning
    indikatorer = indikator_utfall(staged.indikatorer, values, analys, config.kommun_kod,
                                   staged.year, till, grupp.kommuner, rules.tolerans_andel, rules.malbana)
    plans = pd.concat([u.atgardsplan.assign(namnd=n) for n, u in sorted(staged.underlag.items())], ignore_index=True) \
        if staged.underlag else pd.DataFrame(columns=["atgard_id", "avser", "verksamhet", "namnd", "status",
                                                      "ekonomisk_effekt", "beslutsniva", "klart_senast", "effekt"])
    status_per_mal = mal_status(indikatorer, rules.uppfyllt_andel, rules.delvis_andel) if len(indikatorer) else \
        pd.DataFrame(columns=["mal_id", "beraknad", "uppfyllda", "delvis", "ej", "bedomda"])
    enheter = enhet_varden(staged.indikatorvarden, staged.indikatorer, config.kommun_kod, staged.year, till)
    regi, begaran = extern_regi_per_namnd(staged.underlag)
    return ReportModel(
        drift=drift,
        totals=totals,
        investeringar=investeringsredovisning(staged.investeringsbudget, staged.utfall, till),
        indikatorer=indikatorer,
        analys=analys,
        avvikelser=(deviations := avvikelser(drift, indikatorer, staged.mal, analys, plans,
                                             config.troskel.kon_gap_andel)),
        basta=best_for_deviations(values, indikatorer, deviations, grupp, config.kommun_kod),
        mal_status=status_per_mal,
        mal_kostnad=mal_kostnad(staged.indikatorer, drift, staged.utfall_fg, till),
        grupp=grupp,
        till_manad=till,
        kf_status=kf_status(staged.mal, status_per_mal, rules.uppfyllt_andel, rules.delvis_andel, indikatorer),
        enheter=enheter,
        enhet_spridning=enhet_spridning(enheter),
        framgangar=framgangar(indikatorer, staged.mal, analys, rules.framgang_marginal),
        atgardseffekt=prognos_efter_atgarder(totals, plans, config.troskel.atgarder_tolerans_kr, closed=till == 12),
        beslut=beslut_behovs(plans),
        uppfoljning=(followed := uppfoljning(staged.atgarder_fg, plans, period_end(staged.year, till))),
        fore_efter=before_after(followed, values, staged, config, drift, till),
        utvardering=utvardering(followed, deviations, frozenset(staged.prognos_fg["namnd"].dropna())
                                if len(staged.prognos_fg) else None, tuple(n.id for n in config.namnder)),
        indikator_kostnad=indikator_kostnad(staged.indikatorer, drift, staged.utfall_fg),
        finans=finans,
        arsredovisning=ars,
        egna_nyckeltal=egna,
        kolada_skillnader=skillnader,
        extern_regi=regi,
        utforararenden=utforararenden(begaran, period_end(staged.year, till)),
        utforare_resultat=utforare_resultat(regi, enheter, indikatorer),
        indikatorvarden=values,
        noter=noter,
        sammanstallda=koncern,
    )
