"""Validate + stage: raw tables of every kind -> typed frames, plus checks that span files.

`stage_inputs` is the only entry point; it adds problems (blocking) and notes (shown in the run summary).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from pipeline.config import Config
from pipeline.config.kontoklass import is_balance
from pipeline.config.problems import Problems
from pipeline.read.discover import RawInputs
from pipeline.staging.bokslut import Bokslutsunderlag, stage_bokslut
from pipeline.staging.ekonomi import BUDGET_COLUMNS, UTFALL_COLUMNS, combine, stage_budget, stage_investeringsbudget, stage_utfall
from pipeline.staging.indikatorvarden import LOCATED_COLUMNS, conflicting_values, stage_egna, stage_kolada, stage_kolada_web
from pipeline.staging.mal import stage_indikatorer, stage_mal
from pipeline.staging.verksamheter import from_budget as verksamheter_from_budget
from pipeline.staging.underlag import Underlag, check_analys_references, stage_previous_plans, stage_underlag


@dataclass(frozen=True)
class StagedInputs:
    year: int
    tillfalle: str
    budget: pd.DataFrame
    investeringsbudget: pd.DataFrame
    utfall: pd.DataFrame            # the reporting year, all months present in the files
    utfall_fg: pd.DataFrame         # the year before (for the profile-based prognosis)
    mal: pd.DataFrame
    indikatorer: pd.DataFrame
    indikatorvarden: pd.DataFrame
    underlag: dict[str, Underlag]
    notes: tuple[str, ...] = field(default_factory=tuple)
    atgarder_fg: pd.DataFrame = field(default_factory=pd.DataFrame)   # the previous reporting point's plans
    bokslut: Bokslutsunderlag = field(default_factory=Bokslutsunderlag)   # delårs-/bokslutsunderlag (central)
    bokslut_fg: Bokslutsunderlag = field(default_factory=Bokslutsunderlag)  # last year's (Femårsöversikt, Ansvarsförb.)
    config: Config | None = None   # the configuration these inputs complete (completed_config); the run's config
    namndbeslut: pd.DataFrame = field(default_factory=pd.DataFrame)   # this point's Nämndbeslut (for the next one)
    prognos_fg: pd.DataFrame = field(default_factory=pd.DataFrame)    # the previous point's prognoses per verksamhet
    extern_regi_fg: pd.DataFrame = field(default_factory=pd.DataFrame)  # the previous point's Extern regi rows
    begaran_fg: pd.DataFrame = field(default_factory=pd.DataFrame)      # … and its Begärda åtgärder rows


def completed_config(raw: RawInputs, config: Config, problems: Problems) -> Config:
    """The configuration with its verksamheter: as configured, or, with no [[verksamhet]], the Budget's codes with
    the nämnd of their rows (a copy: the loaded configuration is never changed)."""
    if not config.verksamheter_fran_budget:
        return config
    return replace(config, verksamheter=tuple(verksamheter_from_budget(raw.budget, config, problems)))


def stage_inputs(raw: RawInputs, config: Config, year: int, tillfalle: str, problems: Problems) -> StagedInputs:
    notes: list[str] = list(raw.notes)   # the readers' notes, e.g. deleted Kolada values
    if not raw.budget_files:
        problems.add(raw.year_dir, "Ingen budgetfil hittades (en arbetsbok med bladet Budget).")
    for extra in raw.budget_files[1:]:
        problems.add(extra, f"Det finns mer än en budgetfil: {problems.name(raw.budget_files[0])} och "
                            f"{problems.name(extra)}. Lägg bara årets budget i mappen.")
    config = completed_config(raw, config, problems)
    budget = combine([stage_budget(t, config, year, problems) for t in raw.budget], BUDGET_COLUMNS)
    inv_budget = combine([stage_investeringsbudget(t, config, problems) for t in raw.investeringar],
                         ["projekt", "projektnamn", "namnd", "budget"])
    utfall_all = combine([stage_utfall(t, config, year, problems) for t in raw.utfall], UTFALL_COLUMNS)
    utfall = utfall_all[utfall_all["ar"] == year].reset_index(drop=True)
    utfall_fg = utfall_all[utfall_all["ar"] == year - 1].reset_index(drop=True)
    if not raw.utfall:
        problems.add(raw.tillfalle_dir, "Ingen huvudboksexport (utfall) hittades för tillfället.")
    elif not len(utfall) and len(utfall_all):
        problems.add(raw.tillfalle_dir, f"Huvudboksexporten saknar rader för {year}: bara föregående års utfall hittades.")
    till = config.tillfalle(tillfalle).till_manad
    if len(utfall) and (utfall["manad"] > till).any():
        notes.append(f"Utfallet innehåller bokningar efter månad {till}; de räknas inte in i utfall hittills.")
    if not len(utfall_fg):
        notes.append(f"Föregående års utfall ({year - 1}) saknas; den beräknade prognosen bygger då på budgetens periodisering.")

    mal = combine([stage_mal(t, config, problems) for t in raw.mal],
                  ["mal_id", "niva", "overordnat", "namnd", "formulering", "malomrade"])
    mal_ids = set(mal["mal_id"].dropna())
    indikatorer = pd.concat([stage_indikatorer(t, mal_ids, config, problems) for t in raw.indikatorer],
                            ignore_index=True) if raw.indikatorer else pd.DataFrame()
    values = combine([stage_kolada(t, problems) for t in raw.kolada] +
                     [stage_kolada_web(t, indikatorer, problems, notes) for t in raw.kolada_web] +
                     [stage_egna(t, config.kommun_kod, problems) for t in raw.egna], LOCATED_COLUMNS)
    values = conflicting_values(values, problems)

    underlag: dict[str, Underlag] = {}
    for book in raw.underlag:
        staged = stage_underlag(book, config, problems)
        if staged is None:
            continue
        if staged.namnd in underlag:
            first = underlag[staged.namnd].path
            for path in (first, staged.path):
                problems.add(path, f"Det finns två rapportunderlag för nämnd {staged.namnd}: "
                                   f"{problems.name(first)} och {problems.name(staged.path)}. Ta bort det ena.")
            continue
        underlag[staged.namnd] = staged
        check_analys_references(staged, mal, indikatorer, config, problems)
    for n in config.namnder:
        if n.id not in underlag:
            notes.append(f"Rapportunderlag saknas för {n.namn} ({n.id}); rapporten visar budget och utfall utan förvaltningens prognos och analys.")
    from pipeline.staging.namndbeslut import COLUMNS as BESLUT_COLUMNS, stage_namndbeslut

    namndbeslut = combine([stage_namndbeslut(t, config, problems) for t in raw.namndbeslut], BESLUT_COLUMNS)
    previous_point = stage_previous_plans(raw.previous, config)
    notes += previous_point.notes
    bokslut = stage_bokslut(raw.bokslut, year, problems, tuple(b.namn for b in config.bolag))
    if tillfalle in ("delar", "bokslut"):
        check_year_end_inputs(raw, bokslut, utfall, utfall_fg, config, tillfalle, problems)
    previous = Problems(root=raw.year_dir.resolve().parent.parent)   # last year's file: notes, never blocking
    bokslut_fg = stage_bokslut(raw.bokslut_fg, year - 1, previous)
    notes += [f"Föregående års bokslutsunderlag: {p}. Tidigare års nyckeltal bygger på det som gick att läsa."
              for p in previous.sorted()]
    return StagedInputs(year, tillfalle, budget, inv_budget, utfall, utfall_fg, mal, indikatorer, values,
                        underlag, tuple(notes), previous_point.plans, bokslut, bokslut_fg, config, namndbeslut,
                        previous_point.prognos, previous_point.regi, previous_point.begaran)


BOKSLUT_REQUIRED = {"Personal": "sjukfrånvaron i förvaltningsberättelsen",
                    "Väsentliga händelser": "händelser av väsentlig betydelse i förvaltningsberättelsen",
                    "Femårsöversikt": "översikten över verksamhetens utveckling (fem år)",
                    "Förväntad utveckling": "förväntad utveckling i förvaltningsberättelsen"}


def check_year_end_inputs(raw: RawInputs, bokslut: Bokslutsunderlag, utfall: pd.DataFrame, utfall_fg: pd.DataFrame,
                          config: Config, tillfalle: str, problems: Problems) -> None:
    """What the delårsrapport and årsredovisning need beyond a tertial: an ingående balans, and at bokslut the
    central workbook's sheets; realisationsvinster from the kontoplan's accounts or the Balanskrav sheet."""
    has_ib = len(utfall) and ((utfall["manad"] == 0) & is_balance(utfall["konto"])).any()
    if len(utfall) and not has_ib and not (len(utfall_fg) and is_balance(utfall_fg["konto"]).any()):
        problems.add(raw.tillfalle_dir, "Ingående balans saknas: huvudboken har inga rader med period ÅÅÅÅ00 på "
                                        "balanskonton, och föregående års huvudbok har inga balanskonton. "
                                        "Balansräkningen kan inte ställas upp.")
    if tillfalle != "bokslut":
        return
    for sheet, what in BOKSLUT_REQUIRED.items():
        if sheet not in bokslut.sheets:
            problems.add(raw.tillfalle_dir, f"Bokslutsunderlaget saknar bladet {sheet} ({what}). Lägg en arbetsbok "
                                            "med bladet i mappen (docs/indata.md).")
    kontoplan = config.kontoplan
    if kontoplan is not None and not kontoplan.specifikation.get("realisationsvinster") and \
            "samtliga_realisationsvinster" not in bokslut.balanskrav:
        problems.add(raw.tillfalle_dir, f"Kontoplanen ({kontoplan.path.name}) anger inga konton för realisationsvinster, "
                                        "och bladet Balanskrav saknar posten \"Samtliga realisationsvinster\". Ange "
                                        "kontona i kontoplanen eller beloppet (0 om inga) i bladet Balanskrav.")
