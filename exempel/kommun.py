"""The parts of an input set that the example and the scaled kommun share.

`build_economy(...)` creates budget lines and the cell-level ledgers of last and this year;
the `write_*` functions write the central files (budget, mål och indikatorer, Kolada JSON, egna
mätningar) and the rapportunderlag workbooks, each returning the written path(s).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.config import Config
from exempel import goals, kolada, ledger, measurements, plan
from exempel.excel_writer import SheetSpec, write_workbook
from exempel.underlag import Economy, Style, underlag_sheets

KOLADA_YEARS = range(2019, 2026)


def rng_for(seed: int, part: int) -> np.random.Generator:
    """An independent generator per part, so changing one part never shifts another's numbers."""
    return np.random.default_rng([seed, part])


@dataclass
class Books:
    """Budget lines and ledgers (cell level, öre) of one kommun."""

    lines: pd.DataFrame
    weights: np.ndarray
    last: pd.DataFrame      # last year, months 1–12, drift + investments
    current: pd.DataFrame   # this year, months 1–till, drift + investments
    economy: Economy
    computed: pd.DataFrame
    investments: tuple[plan.Investment, ...]


def namnd_limits(config: Config, lines: pd.DataFrame) -> pd.Series:
    """Per verksamhet: its nämnd's threshold for a significant deviation (kr)."""
    net = lines.groupby("namnd")["belopp"].sum()
    t = config.troskel
    per_namnd = np.minimum(t.ekonomisk_avvikelse_andel * net.abs(), t.ekonomisk_avvikelse_tkr * 1000)
    vht_namnd = lines.groupby("vht")["namnd"].first()
    return vht_namnd.map(per_namnd)


def investments_for(config: Config, template_of: dict[str, str]) -> tuple[plan.Investment, ...]:
    """Catalogue investments re-pointed to the config's verksamhet codes; those without a match dropped."""
    out = []
    for inv in plan.INVESTMENTS + plan.INVESTMENTS_2025_ONLY:
        codes = [v.kod for v in config.verksamheter
                 if v.namnd == inv.namnd and template_of.get(v.kod, v.kod) == inv.vht]
        if codes:
            out.append(plan.Investment(**{**inv.__dict__, "vht": codes[0]}))
    return tuple(out)


def build_economy(config: Config, year: int, seed: int, till: int, template_of: dict[str, str] | None = None,
                  scale_of: dict[str, float] | None = None) -> Books:
    """Budget lines, last year's full ledger and this year's ledger through month `till` (cell level)."""
    template_of = template_of or {}
    lines = plan.budget_lines(config, template_of, scale_of)
    weights = plan.month_weights(lines)
    invs = investments_for(config, template_of)
    rng = rng_for(seed, 10)
    level_last = 0.97 * rng.normal(1.0, 0.02, size=len(lines))
    last = ledger.utfall_cells(lines, weights, level_last, range(1, 13), 0.015, rng)
    last = ledger.settle_taxa(last, lines)
    last = pd.concat([last, ledger.investment_cells("last", range(1, 13), rng, invs)], ignore_index=True)
    rng = rng_for(seed, 11)
    level_now = rng.normal(1.0, 0.005, size=len(lines))
    current = ledger.utfall_cells(lines, weights, level_now, range(1, till + 1), 0.01, rng,
                                  plan.deviation_factors(lines))
    current = pd.concat([current, ledger.investment_cells("current", range(1, till + 1), rng, invs)],
                        ignore_index=True)
    computed = ledger.computed_prognos(lines, last, current, till)
    prognos = ledger.forvaltning_prognos(lines, computed, namnd_limits(config, lines), rng_for(seed, 12), scale_of)
    economy = Economy(budget=computed["budget"], prognos=prognos,
                      template=lines.groupby("vht")["template"].first(), scale=scale_of or {})
    return Books(lines, weights, last, current, economy, computed, invs)


def write_budget(path: Path, books: Books, year: int, extra_lines: pd.DataFrame | None = None) -> Path:
    """`Budget <år>.xlsx`: sheets Budget (monthly amounts) and Investeringar; `extra_lines` (the
    finansförvaltning's) are appended, spread evenly over the months."""
    budget = ledger.budget_sheet(books.lines, books.weights, year)
    if extra_lines is not None and len(extra_lines):
        flat = np.full((len(extra_lines), 12), 1 / 12)
        budget = pd.concat([budget, ledger.budget_sheet(extra_lines, flat, year)], ignore_index=True)
    investments = [(i.id, i.name, i.namnd, i.budget) for i in books.investments if i.budget > 0]
    return write_workbook(path, [
        SheetSpec("Budget", list(budget.columns), budget.itertuples(index=False, name=None),
                  number_formats={c: "#,##0" for c in range(5, 18)}),
        SheetSpec("Investeringar", ("Projekt", "Projektnamn", "Nämnd", "Budget"), investments,
                  widths={2: 45, 4: 16}, number_formats={4: "#,##0"}),
    ], year)


def write_kolada(path: Path, config: Config, seed: int) -> dict[str, float]:
    """`Kolada <år>.json` for the config's Kolada indicators; return own base-year values by KPI."""
    indicators = goals.indicators_for(config)
    values = kolada.build_values(indicators, config.kommun_kod, KOLADA_YEARS, seed)
    kolada.write_json(values, path)
    own = values[(values["municipality"] == config.kommun_kod) & (values["gender"] == "T")]
    base = {}
    for ind in indicators:
        hit = own[(own["kpi"] == ind.id) & (own["year"] == ind.base_year)]["value"]
        if len(hit) and pd.notna(hit.iloc[0]):
            base[ind.id] = float(hit.iloc[0])
    return base


def write_measurements(path: Path, year: int, seed: int, till: int) -> tuple[Path, dict[str, float]]:
    """`Egna mätningar <år>.xlsx`; return the path and own indicators' base-year values."""
    from exempel.extern_regi import enhet_rows

    rows = measurements.measurement_rows(year, rng_for(seed, 20), till) + enhet_rows(year)
    base = {}
    for ind in goals.INDICATORS:
        if ind.source == "Egen":
            for r in rows:
                if r[0] == ind.id and r[1] == ind.base_year and r[2] == "T" and r[4] is None and r[5] is None:
                    base[ind.id] = r[3]
    write_workbook(path, [SheetSpec("Mätningar", measurements.HEADER, rows, widths={5: 24, 6: 32})], year)
    return path, base


def write_goals(path: Path, config: Config, year: int, base: dict[str, float],
                template_of: dict[str, str] | None = None) -> Path:
    """`Mål och indikatorer <år>.xlsx`: sheets Mål and Indikatorer."""
    rows = goals.indicator_rows(config, kolada.load_titles(), base, year, template_of)
    return write_workbook(path, [
        SheetSpec("Mål", goals.GOAL_HEADER, goals.goal_rows(config), widths={5: 70, 6: 28}),
        SheetSpec("Indikatorer", goals.INDICATOR_HEADER, rows, widths={2: 70, 13: 30}),
    ], year)


def write_underlag(folder: Path, config: Config, books: Books, year: int, tillfalle: str = "tertial",
                   text_prognos: tuple[str, ...] = ("SN", "KFN"), extra=None,
                   missing: tuple[str, ...] = ()) -> list[Path]:
    """One `Rapportunderlag <nämnd> <T1|Delår|Bokslut> <år>.xlsx` per nämnd into `folder`; `extra(namnd)` may
    return more sheets (e.g. Internkontroll)."""
    all_goals = goals.goals_for(config)
    indicators = goals.indicators_for(config)
    name = config.tillfalle(tillfalle).namn
    short = {"tertial": "T1", "delar": "Delår", "bokslut": "Bokslut"}[tillfalle]
    paths = []
    for i, namnd in enumerate(config.namnder):
        if namnd.id in missing:   # a förvaltning that has not delivered (Bilaga 4, "Samla in och strukturera")
            continue
        style = Style(prognos_as_text=namnd.id in text_prognos, prognos_unit_header=i % 2 == 0,
                      plan_title=i % 2 == 1)
        sheets = underlag_sheets(config, namnd, all_goals, indicators, books.economy, year, name, style, tillfalle)
        sheets += extra(namnd) if extra is not None else []
        paths.append(write_workbook(folder / f"Rapportunderlag {namnd.id} {short} {year}.xlsx", sheets, year))
    return paths
