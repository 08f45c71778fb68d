"""Rapportunderlag workbooks, one per nämnd: Prognos, Analys, Viktiga händelser, Åtgärdsplan, Aktiviteter.

`underlag_sheets(...)` returns the SheetSpecs of one nämnd's workbook. Texts come from `texts` and
`plans` (keyed by template verksamhet codes, mapped to the config's codes here); nämnder outside the
example get generic texts. Some workbooks are deliberately messy: a title row above the header, the
header `Helårsprognos (kr)` instead of `Helårsprognos`, or prognoses written as text with decimal comma.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.config import Config, Namnd
from exempel import plans, texts
from pipeline.read import kinds
from exempel.excel_writer import NBSP, SheetSpec, swedish_amount
from pipeline.context.format import mnkr
from exempel.goals import Goal, Indicator

ANALYSIS_HEADER = kinds.headers(kinds.ANALYS)


@dataclass(frozen=True)
class Style:
    """How messy one workbook is."""

    prognos_as_text: bool
    prognos_unit_header: bool
    plan_title: bool


@dataclass(frozen=True)
class Economy:
    """Per verksamhet of the kommun: budget, förvaltningens prognos and template code."""

    budget: pd.Series
    prognos: pd.Series
    template: pd.Series
    scale: dict[str, float]


def _fill(text: str, avv: float) -> str:
    return text.replace("{avv}", mnkr(avv)).replace("{abs}", mnkr(abs(avv)))


def _specific(namnd: Namnd, template: str, avv: float, tillfalle: str = "tertial") -> bool:
    """Use the written text for this verksamhet? Only in the example's nämnder and when the sign fits."""
    written = texts.vht_analysis(tillfalle)
    if namnd.id not in texts.EVENTS or template not in written:
        return False
    return (avv < 0) == (written[template][0] == "Ej uppfyllt")


def _threshold(config: Config, nettobudget: float) -> float:
    t = config.troskel
    return min(t.ekonomisk_avvikelse_andel * abs(nettobudget), t.ekonomisk_avvikelse_tkr * 1000)


def prognos_rows(config: Config, namnd: Namnd, eco: Economy, style: Style, tillfalle: str = "tertial") -> list[tuple]:
    """Rows Nämnd, Verksamhet, Helårsprognos, Kommentar for every verksamhet of `namnd`; the comments are the
    reporting point's (a prognosis naming its period, at the bokslut the year's utfall)."""
    vhts = [v.kod for v in config.verksamheter_for(namnd.id) if v.kod in eco.budget.index]
    limit = _threshold(config, float(eco.budget.reindex(vhts).sum()))
    on_budget = texts.comments_on_budget(tillfalle, config.tillfalle(tillfalle).till_manad)
    deficit, surplus = texts.comment_deficit_surplus(tillfalle)
    written = texts.vht_analysis(tillfalle)
    rows = []
    for i, vht in enumerate(vhts):
        budget, prognos, template = float(eco.budget[vht]), float(eco.prognos[vht]), eco.template[vht]
        avv = budget - prognos
        if budget == 0 and prognos == 0:
            comment = texts.COMMENT_TAXA
        elif _specific(namnd, template, avv, tillfalle) and (abs(avv) >= limit or template in ("249", "340")):
            comment = _fill(deficit if avv < 0 else surplus, avv)
            comment += " " + written[template][2]
        elif abs(avv) >= limit:
            comment = _fill(deficit if avv < 0 else surplus, avv)
        else:
            comment = on_budget[(i + len(namnd.id)) % len(on_budget)]
        value = swedish_amount(prognos, 2, minus="-", thousands=NBSP if i % 2 else " ") if style.prognos_as_text \
            else prognos
        rows.append((namnd.id, vht, value, comment))
    return rows


def analysis_rows(config: Config, namnd: Namnd, goals: list[Goal], indicators: list[Indicator],
                  eco: Economy, tillfalle: str = "tertial") -> list[tuple]:
    """Rows of sheet Analys: the nämnd's mål, some indicators, verksamheter with large deviations (texts of the
    reporting point: at the bokslut about the year's outcome)."""
    rows = []
    own_goals = [g for g in goals if g.namnd == namnd.id]
    goal_texts, generic = texts.goal_analysis(tillfalle)
    indicator_texts = texts.indicator_analysis(tillfalle)
    for g in own_goals:
        b, a, o, t = goal_texts.get(g.id, generic)
        rows.append((g.id, None, None, b, a, texts.cause(g.id), o, t))
    goal_ids = {g.id for g in own_goals}
    for ind in indicators:
        if ind.goal in goal_ids and ind.id in indicator_texts:
            b, a, o, t = indicator_texts[ind.id]
            rows.append((None, ind.id, None, b, a, texts.cause(ind.id), o, t))
    vhts = [v.kod for v in config.verksamheter_for(namnd.id) if v.kod in eco.budget.index]
    limit = _threshold(config, float(eco.budget.reindex(vhts).sum()))
    for vht in vhts:
        avv = float(eco.budget[vht] - eco.prognos[vht])
        template = eco.template[vht]
        if _specific(namnd, template, avv, tillfalle):
            b, a, o, t = texts.vht_analysis(tillfalle)[template]
            rows.append((None, None, vht, b, _fill(a, avv), texts.cause(template), o, t))
        elif template != "450" and abs(avv) >= limit and namnd.id not in texts.EVENTS:
            word = "underskott" if avv < 0 else "överskott"
            rows.append((None, None, vht, "Ej uppfyllt" if avv < 0 else "Uppfyllt",
                         texts.generic_vht_analysis(tillfalle, word, mnkr(abs(avv))), texts.CAUSE_DEFAULT,
                         "Volymerna avviker från budgeterad nivå.", "Kostnaderna följs upp månadsvis."))
    return rows


def plan_rows(config: Config, namnd: Namnd, eco: Economy, year: int,
              tillfalle: str = "tertial") -> tuple[list[tuple], list[tuple]]:
    """Åtgärdsplan and Aktiviteter rows of `namnd` (verksamhet templates mapped to the config's codes); at the
    bokslut a plan's Nuläge speaks of the year's outcome (texts.NULAGE_BOKSLUT)."""
    vhts = [v.kod for v in config.verksamheter_for(namnd.id) if v.kod in eco.budget.index]
    by_template: dict[str, str] = {}
    for vht in vhts:
        by_template.setdefault(eco.template[vht], vht)
    plan_list, activity_list = [], []
    if namnd.id in plans.PLANS:
        for row, activities in plans.PLANS[namnd.id]:
            row = list(row)
            for col in (1, 8):  # Avser, Verksamhet may be template codes
                if row[col] in by_template:
                    row[col] = by_template[row[col]]
                elif row[col] and row[col].isdigit():
                    row = None
                    break
            if row is not None:
                if tillfalle == "bokslut" and row[0] in texts.NULAGE_BOKSLUT:
                    row[3] = texts.NULAGE_BOKSLUT[row[0]]
                plan_list.append(tuple(row))
                activity_list += activities
        return plan_list, activity_list
    if namnd.id in texts.EVENTS:  # an example nämnd without written plans has none
        return plan_list, activity_list
    limit = _threshold(config, float(eco.budget.reindex(vhts).sum()))
    deficits = [(float(eco.budget[v] - eco.prognos[v]), v) for v in vhts]
    worst = min(deficits, default=(0.0, ""))
    if worst[0] < -limit and eco.template[worst[1]] != "450":
        row, activities = plans.generic_plan(namnd.id, worst[1], year, int(round(-worst[0] / 1000)))
        if tillfalle == "bokslut":
            row = (*row[:3], f"Verksamheten redovisar ett underskott på {int(round(-worst[0] / 1000))} tkr för "
                             f"{year}.", *row[4:])
        plan_list.append(row)
        activity_list += activities
    return plan_list, activity_list


def underlag_sheets(config: Config, namnd: Namnd, goals: list[Goal], indicators: list[Indicator],
                    eco: Economy, year: int, tillfalle_namn: str, style: Style,
                    tillfalle: str = "tertial") -> list[SheetSpec]:
    """The five sheets of one nämnd's rapportunderlag workbook for the reporting point `tillfalle`."""
    title = f"Rapportunderlag {tillfalle_namn} {year} – {namnd.namn}"
    prognos_header = ("Nämnd", "Verksamhet", "Helårsprognos (kr)" if style.prognos_unit_header else "Helårsprognos",
                      "Kommentar")
    events = texts.events(tillfalle, namnd.id)
    plan_list, activity_list = plan_rows(config, namnd, eco, year, tillfalle)
    return [
        SheetSpec("Prognos", prognos_header, prognos_rows(config, namnd, eco, style, tillfalle),
                  titles=(title + " (belopp i kr, helårsprognos för nettokostnaden)",),
                  widths={3: 18, 4: 90}, number_formats={3: "#,##0"}),
        SheetSpec("Analys", ANALYSIS_HEADER, analysis_rows(config, namnd, goals, indicators, eco, tillfalle),
                  widths={4: 16, 5: 80, 6: 24, 7: 60, 8: 60}),
        SheetSpec("Viktiga händelser", ("Händelse",), [(e,) for e in events], widths={1: 110}),
        SheetSpec("Åtgärdsplan", plans.PLAN_HEADER, plan_list,
                  titles=(f"Åtgärdsplaner – {namnd.namn}",) if style.plan_title else (),
                  widths={4: 50, 5: 40, 10: 40, 17: 40}, number_formats={16: "yyyy-mm-dd"}),
        SheetSpec("Aktiviteter", plans.ACTIVITY_HEADER, activity_list, widths={2: 70, 3: 30}),
    ]
