"""Mål and indicators of the example kommun: the catalogue and the two sheets built from it.

`goal_rows(config)` and `indicator_rows(config, titles)` return the rows of the sheets `Mål` and
`Indikatorer` of "Mål och indikatorer <år>.xlsx". Nämndmål are written for the nämnd ids of the example
config (KS, BUN, …); any other nämnd gets generic goals, so the same code serves the scaled kommun.

Every Kolada indicator carries a *design* for the own kommun: anchor values by year (the generator
interpolates between them) chosen against the real national median so that at the tertial 2026 demo some
indicators are reached, some partly and some not (see `OUTCOME`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.config import Config
from pipeline.read import kinds

HIGHER = "Högre är bättre"
LOWER = "Lägre är bättre"


@dataclass(frozen=True)
class Goal:
    id: str
    level: str  # "KF" or "Nämnd"
    parent: str
    namnd: str
    text: str
    area: str


@dataclass(frozen=True)
class Indicator:
    id: str
    goal: str  # "" = nyckeltal for information
    source: str  # "Kolada" / "Egen"
    direction: str
    target: float | None
    unit: str
    category: str
    influence: str
    templates: tuple[str, ...]  # verksamhet codes (of the example config) whose costs belong here
    gender: bool = False
    target_direction: str = ""  # Målriktning
    definition_change: int | None = None
    base_year: int = 2022
    name: str = ""  # own indicators only; Kolada titles come from the extract
    design: dict[int, float] = field(default_factory=dict)  # own kommun's anchor values by year
    decimals: int = 1
    outcome: str = ""  # what the demo shows: reached / partly / not / info


KF_GOALS = (
    Goal("KF1", "KF", "", "", "Barn och unga når sin fulla potential", "Barn och utbildning"),
    Goal("KF2", "KF", "", "", "Invånare som behöver stöd får en trygg och värdig omsorg", "Vård och omsorg"),
    Goal("KF3", "KF", "", "", "Fler invånare har en egen försörjning", "Arbete och försörjning"),
    Goal("KF4", "KF", "", "", "Exempelkommun är en hållbar och attraktiv kommun att bo och verka i",
         "Hållbar samhällsutveckling"),
    Goal("KF5", "KF", "", "", "God ekonomisk hushållning", "Ekonomi"),
)

NAMND_GOALS = (
    Goal("BUN1", "Nämnd", "KF1", "BUN", "Fler elever klarar kunskapskraven i årskurs 9", "Barn och utbildning"),
    Goal("BUN2", "Nämnd", "KF1", "BUN", "Förskolan har god kvalitet och trygga barngrupper", "Barn och utbildning"),
    Goal("GVN1", "Nämnd", "KF1", "GVN", "Fler gymnasieelever tar examen och blir behöriga till högskolan",
         "Barn och utbildning"),
    Goal("VON1", "Nämnd", "KF2", "VON", "Äldre är nöjda med sin hemtjänst och sitt särskilda boende",
         "Vård och omsorg"),
    Goal("VON2", "Nämnd", "KF2", "VON", "God kontinuitet och kort väntetid i äldreomsorgen", "Vård och omsorg"),
    Goal("VON3", "Nämnd", "KF2", "VON", "Personer med funktionsnedsättning har inflytande över sin vardag",
         "Vård och omsorg"),
    Goal("SN2", "Nämnd", "KF2", "SN", "Barn och unga får snabbt rätt stöd", "Vård och omsorg"),
    Goal("SN1", "Nämnd", "KF3", "SN", "Minskat beroende av ekonomiskt bistånd", "Arbete och försörjning"),
    Goal("KS1", "Nämnd", "KF3", "KS", "Fler går från arbetsmarknadsinsatser till arbete eller studier",
         "Arbete och försörjning"),
    Goal("TN1", "Nämnd", "KF4", "TN", "Mer ekologisk och hållbar mat i kommunens verksamheter",
         "Hållbar samhällsutveckling"),
    Goal("MBN1", "Nämnd", "KF4", "MBN", "Snabb och rättssäker handläggning av bygglov", "Hållbar samhällsutveckling"),
    Goal("KFN1", "Nämnd", "KF4", "KFN", "Ett rikt och tillgängligt kultur- och fritidsliv",
         "Hållbar samhällsutveckling"),
    Goal("KS2", "Nämnd", "KF5", "KS", "Ekonomi i balans med ett resultat som ger utrymme för investeringar",
         "Ekonomi"),
    Goal("TN2", "Nämnd", "KF5", "TN", "Kostnadseffektiv teknisk verksamhet", "Ekonomi"),
)

# Generic nämndmål for nämnder outside the example (the scaled kommun's stadsdelsnämnder).
GENERIC_GOALS = (
    ("1", "KF1", "Förskola och skola i nämndens område håller god kvalitet", "Barn och utbildning"),
    ("2", "KF2", "Trygg och tillgänglig omsorg nära invånarna", "Vård och omsorg"),
    ("3", "KF5", "Nämndens ekonomi är i balans", "Ekonomi"),
)

R, P, N, INFO = "reached", "partly", "not", "info"  # outcome at the tertial 2026 demo

INDICATORS = (
    # KF1 – BUN1
    Indicator("N15419", "BUN1", "Kolada", HIGHER, 75.0, "%", "Resultat objektiv", "Stor", ("440",), gender=True,
              design={2019: 70.2, 2022: 71.5, 2025: 76.4}, outcome=R),
    Indicator("N15505", "BUN1", "Kolada", HIGHER, 225.0, "meritvärde", "Resultat objektiv", "till stor del",
              ("440",), gender=True, design={2019: 214.0, 2022: 217.5, 2025: 221.8}, outcome=P),
    Indicator("N15535", "BUN1", "Kolada", HIGHER, 80.0, "%", "Resultat subjektiv", "Viss", ("440",),
              base_year=2020, design={2016: 72.0, 2020: 76.5, 2021: 73.2}, outcome="stale (-2021)"),
    # KF1 – BUN2
    Indicator("N11102", "BUN2", "Kolada", LOWER, 4.8, "antal", "Resurs", "Stor", ("407",),
              design={2019: 5.1, 2022: 5.0, 2025: 5.4}, outcome=N),
    Indicator("E-BUN-01", "BUN2", "Egen", HIGHER, 90.0, "%", "Resultat subjektiv", "Stor", ("407",),
              name="Vårdnadshavare som är nöjda med förskolan som helhet, andel (%)", outcome=R),
    # KF1 – GVN1
    Indicator("N17461", "GVN1", "Kolada", HIGHER, 78.0, "%", "Resultat objektiv", "Stor", ("450",),
              design={2019: 71.8, 2022: 73.0, 2025: 76.2}, outcome=P),
    Indicator("N17473", "GVN1", "Kolada", HIGHER, 55.0, "%", "Resultat objektiv", "Viss", ("450",), gender=True,
              design={2019: 49.5, 2022: 51.0, 2025: 56.8}, outcome=R),
    # KF2 – VON
    Indicator("U21468", "VON1", "Kolada", HIGHER, 90.0, "%", "Resultat subjektiv", "Stor", ("5101",), gender=True,
              design={2019: 88.0, 2022: 87.0, 2025: 92.0}, decimals=0, outcome=R),
    Indicator("U23471", "VON1", "Kolada", HIGHER, 82.0, "%", "Resultat subjektiv", "Stor", ("5102",), gender=True,
              design={2019: 77.0, 2022: 76.0, 2025: 80.0}, decimals=0, outcome=P),
    Indicator("U21401", "VON2", "Kolada", LOWER, 12.0, "antal", "Interna processer", "Stor", ("5101",),
              design={2019: 14.8, 2022: 15.0, 2025: 16.5}, outcome=N),
    Indicator("U23401", "VON2", "Kolada", LOWER, 45.0, "dagar", "Interna processer", "Viss", ("5102",),
              design={2019: 48.0, 2022: 52.0, 2025: 71.0}, outcome=N),
    Indicator("U28532", "VON3", "Kolada", HIGHER, None, "%", "Resultat subjektiv", "Viss", ("513",),
              target_direction="Öka", design={2019: 75.0, 2022: 74.0, 2025: 79.0}, decimals=0, outcome=R),
    # KF2 – SN2, KF3 – SN1, KS1
    Indicator("E-SN-01", "SN2", "Egen", HIGHER, 95.0, "%", "Interna processer", "Stor", ("569",),
              name="Utredningar inom barn- och ungdomsvården som avslutats inom 120 dagar, andel (%)", outcome=P),
    Indicator("N31807", "SN1", "Kolada", LOWER, 3.0, "%", "Resultat objektiv", "Viss", ("575",),
              design={2019: 3.6, 2022: 3.4, 2025: 2.9}, outcome=R),
    Indicator("E-KS-01", "KS1", "Egen", HIGHER, 40.0, "%", "Resultat objektiv", "Viss", ("610",), gender=True,
              name="Deltagare i arbetsmarknadsinsatser som gått till arbete eller studier, andel (%)", outcome=R),
    # KF4
    Indicator("U07514", "TN1", "Kolada", HIGHER, 40.0, "%", "Aktivitet", "Stor", (),
              design={2019: 27.0, 2022: 31.0, 2025: 38.0}, decimals=0, outcome=P),
    Indicator("E-MBN-01", "MBN1", "Egen", LOWER, 28.0, "dagar", "Interna processer", "Stor", ("2151",),
              name="Handläggningstid bygglov från komplett ansökan till beslut, median (dagar)", outcome=N),
    Indicator("E-KFN-01", "KFN1", "Egen", HIGHER, 5.0, "antal", "Aktivitet", "Viss", ("320",),
              definition_change=2024, base_year=2024, name="Besök på kommunens bibliotek per invånare, antal",
              outcome=R),
    Indicator("N09022", "KFN1", "Kolada", LOWER, None, "kr/inv", "Viktig information", "Viss", ("315", "320", "330"),
              design={2019: 1180, 2022: 1250, 2025: 1335}, decimals=0, outcome=INFO),
    # KF5
    # The own kommun's financial key figures are its books: 2021–2024 the five-year table
    # (generate.year_end.FEMAR_ENTERED), 2025 computed from its 2025 ledger (last_year_figures). Kolada's
    # values for the kommun must agree, or the run summary warns (model.arsredovisning.kolada_skillnader).
    Indicator("N03102", "KS2", "Kolada", HIGHER, 2.0, "%", "Resultat objektiv", "Stor", (),
              design={2019: 2.6, 2020: 3.1, 2021: 3.7, 2022: 2.6, 2023: 1.4, 2024: 1.6, 2025: 2.7}, outcome=R),
    Indicator("N03002", "KS2", "Kolada", HIGHER, 25.0, "%", "Resultat objektiv", "Viss", (),
              design={2019: 11.0, 2020: 12.6, 2021: 14.3, 2022: 16.4, 2023: 18.5, 2024: 20.2, 2025: 21.9},
              outcome=P),
    Indicator("N00097", "KS2", "Kolada", LOWER, 1.0, "%", "Effektivitet", "Viss", (),
              design={2019: 3.8, 2022: 3.2, 2025: 1.6}, outcome=P),
    Indicator("N07037", "TN2", "Kolada", LOWER, 4500.0, "kr/inv", "Effektivitet", "Stor", ("249", "250", "270"),
              design={2019: 4510, 2022: 4620, 2025: 4410}, decimals=0, outcome=R),
    # nyckeltal for information (no Mål-id)
    Indicator("N01951", "", "Kolada", HIGHER, None, "invånare", "Viktig information", "Liten", (),
              design={2019: 44180, 2022: 44890, 2025: 45610}, decimals=0, outcome=INFO),
    Indicator("N00945", "", "Kolada", HIGHER, None, "%", "Viktig information", "Liten", (),
              design={2019: 38.4, 2022: 39.3, 2025: 40.2}, outcome=INFO),
)

KOLADA_IDS = tuple(sorted(i.id for i in INDICATORS if i.source == "Kolada"))
GOAL_HEADER = kinds.headers(kinds.MAL)
INDICATOR_HEADER = kinds.headers(kinds.INDIKATORER)


def goals_for(config: Config) -> list[Goal]:
    """KF goals, the catalogue's nämndmål of nämnder in `config`, generic goals for the other nämnder."""
    ids = {n.id for n in config.namnder}
    known = {g.namnd for g in NAMND_GOALS}
    goals = list(KF_GOALS) + [g for g in NAMND_GOALS if g.namnd in ids]
    for n in config.namnder:
        if n.id not in known:
            goals += [Goal(f"{n.id}{suffix}", "Nämnd", parent, n.id, text, area)
                      for suffix, parent, text, area in GENERIC_GOALS]
    return goals


def goal_rows(config: Config) -> list[tuple]:
    """Rows of sheet `Mål` (columns GOAL_HEADER), KF goals first, then by parent and id."""
    return [(g.id, g.level, g.parent, g.namnd, g.text, g.area) for g in goals_for(config)]


def indicators_for(config: Config) -> list[Indicator]:
    """Catalogue indicators whose goal exists in `config` (nyckeltal without goal always)."""
    goal_ids = {g.id for g in goals_for(config)}
    return [i for i in INDICATORS if not i.goal or i.goal in goal_ids]


def codes_for(config: Config, templates: tuple[str, ...], template_of: dict[str, str]) -> str:
    """Comma-separated verksamhet codes of `config` whose template is one of `templates`."""
    codes = [v.kod for v in config.verksamheter if template_of.get(v.kod, v.kod) in templates]
    return ", ".join(codes)


def indicator_rows(config: Config, titles: dict[str, str], base_values: dict[str, float],
                   target_year: int, template_of: dict[str, str] | None = None) -> list[tuple]:
    """Rows of sheet `Indikatorer` (columns INDICATOR_HEADER).

    `titles` maps Kolada ids to their real Kolada titles, `base_values` maps every indicator id to the
    own kommun's value in its base year (taken from the generated series so Basvärde matches the data).
    """
    template_of = template_of or {}
    rows = []
    for ind in indicators_for(config):
        name = titles[ind.id] if ind.source == "Kolada" else ind.name
        target = ind.target
        rows.append((
            ind.id, name, ind.goal, ind.source, ind.direction,
            target, target_year if (target is not None or ind.target_direction) else None,
            base_values.get(ind.id), ind.base_year if ind.id in base_values else None,
            ind.unit, ind.category, ind.influence, codes_for(config, ind.templates, template_of),
            "Ja" if ind.gender else "Nej", ind.target_direction, ind.definition_change,
        ))
    return rows
