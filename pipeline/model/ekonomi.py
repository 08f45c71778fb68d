"""Ekonomi model: pure computations on staged frames, all amounts in kronor with the ledger's sign.

- `driftredovisning`: per (namnd, verksamhet): arsbudget, periodbudget, utfall, avvikelse (= periodbudget −
  utfall; positive = överskott), budget_antal and utfall_antal (how many budget and ledger rows the sums are of,
  from the same group-bys: the sifferkällor trace them), prognos_forvaltning, prognos_beraknad, prognos, avvikelse_helar
  (= arsbudget − prognos), prognos_flagga (the two prognoses differ by more than the configured share of the
  larger of |årsbudget| and the bruttokostnad), vasentlig (|avvikelse_helar| above the nämnd's threshold).
- `namnd_totals`: the same columns summed per nämnd (sum of verksamheter = nämnd, by construction).
- `investeringsredovisning`: per projekt: budget, utfall, aterstar (= budget − utfall), budget_antal, utfall_antal.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.config import Config
from pipeline.config.kontoklass import is_drift
from pipeline.staging.ekonomi import MONTH_KEYS

KEY = ["namnd", "verksamhet"]
SUM_COLUMNS = ["arsbudget", "periodbudget", "utfall", "avvikelse", "prognos_forvaltning", "prognos_beraknad",
               "prognos", "avvikelse_helar"]
COUNT_COLUMNS = ["budget_antal", "utfall_antal"]   # input rows behind the sums (sifferkällor)


def budget_per_verksamhet(budget: pd.DataFrame, till_manad: int) -> pd.DataFrame:
    """Årsbudget, periodbudget (months 1..till_manad), bruttokostnad (the budget's cost rows) and budget_antal
    (the budget rows summed) per (namnd, verksamhet)."""
    periods = MONTH_KEYS[:till_manad]
    frame = budget.assign(periodbudget=budget[periods].sum(axis=1), bruttokostnad=budget["belopp"].clip(lower=0))
    return (frame.groupby(KEY, observed=True, sort=True)
            .agg(arsbudget=("belopp", "sum"), periodbudget=("periodbudget", "sum"),
                 bruttokostnad=("bruttokostnad", "sum"), budget_antal=("belopp", "size")).reset_index())


def utfall_per_verksamhet(utfall: pd.DataFrame, till_manad: int, name: str = "utfall",
                          counted: bool = False) -> pd.DataFrame:
    """Drift utfall for months 1..till_manad per (namnd, verksamhet), in column `name`; `counted`: also
    `{name}_antal`, the ledger rows summed (the same group-by)."""
    rows = utfall[is_drift(utfall["konto"]) & (utfall["manad"] <= till_manad)]
    grouped = rows.groupby(KEY, observed=True, sort=True)["belopp"]
    if not counted:
        return grouped.sum().rename(name).reset_index()
    return grouped.agg(["sum", "size"]).rename(columns={"sum": name, "size": f"{name}_antal"}).reset_index()


def prognos_from_profile(utfall_hittills: pd.Series, fg_hittills: pd.Series, fg_helar: pd.Series,
                         rest_budget: pd.Series) -> pd.Series:
    """Utfall so far scaled by last year's full-year/so-far ratio; where last year has no usable profile
    (missing, or so-far near zero), utfall so far plus the budget of the remaining months."""
    usable = fg_hittills.notna() & fg_helar.notna() & (fg_hittills.abs() >= 1.0) & (np.sign(fg_hittills) == np.sign(fg_helar))
    scaled = utfall_hittills * (fg_helar / fg_hittills.where(usable))
    return scaled.where(usable, utfall_hittills + rest_budget)


def driftredovisning(budget: pd.DataFrame, utfall: pd.DataFrame, utfall_fg: pd.DataFrame,
                     prognoser: pd.DataFrame, config: Config, till_manad: int) -> pd.DataFrame:
    """The driftredovisning per verksamhet (see module docstring). `prognoser`: namnd, verksamhet, prognos."""
    b = budget_per_verksamhet(budget, till_manad)
    u = utfall_per_verksamhet(utfall, till_manad, counted=True)
    fg_so_far = utfall_per_verksamhet(utfall_fg, till_manad, "fg_hittills")
    fg_year = utfall_per_verksamhet(utfall_fg, 12, "fg_helar")
    frame = b.merge(u, on=KEY, how="outer").merge(fg_so_far, on=KEY, how="left").merge(fg_year, on=KEY, how="left")
    amounts = ["arsbudget", "periodbudget", "bruttokostnad", "utfall"]
    frame[amounts] = frame[amounts].fillna(0.0)
    frame[COUNT_COLUMNS] = frame[COUNT_COLUMNS].fillna(0).astype("int64")
    frame["avvikelse"] = frame["periodbudget"] - frame["utfall"]
    frame["prognos_beraknad"] = prognos_from_profile(frame["utfall"], frame["fg_hittills"], frame["fg_helar"],
                                                     frame["arsbudget"] - frame["periodbudget"])
    p = prognoser.rename(columns={"prognos": "prognos_forvaltning"})[KEY + ["prognos_forvaltning", "kommentar"]]
    frame = frame.merge(p, on=KEY, how="left")
    frame["prognos"] = frame["prognos_forvaltning"].fillna(frame["prognos_beraknad"])
    if till_manad == 12:   # at the bokslut the year is known: the "prognos" is the utfall
        frame["prognos"] = frame["utfall"]
    frame["avvikelse_helar"] = frame["arsbudget"] - frame["prognos"]
    # Judged against the larger of the net budget and the gross costs: a taxe-financed verksamhet (VA, avfall)
    # has a net budget near zero, and a share of zero would flag every krona.
    base = np.maximum(frame["arsbudget"].abs(), frame["bruttokostnad"])
    frame["prognos_flagga"] = ((frame["prognos_forvaltning"] - frame["prognos_beraknad"]).abs()
                               > config.troskel.prognos_skillnad_andel * base).fillna(False) & (till_manad < 12)
    names = {v.kod: v.namn for v in config.verksamheter}
    frame["verksamhet_namn"] = frame["verksamhet"].map(names)
    threshold = namnd_thresholds(frame, config)
    frame["vasentlig"] = frame["avvikelse_helar"].abs() > frame["namnd"].map(threshold)
    return frame.drop(columns=["fg_hittills", "fg_helar"]).sort_values(KEY, ignore_index=True)


def namnd_thresholds(drift: pd.DataFrame, config: Config) -> pd.Series:
    """Per nämnd, in kr: the smaller of the configured share of its nettobudget and the configured tkr."""
    nettobudget = drift.groupby("namnd", observed=True)["arsbudget"].sum().abs()
    share = nettobudget * config.troskel.ekonomisk_avvikelse_andel
    return np.minimum(share, config.troskel.ekonomisk_avvikelse_tkr * 1000.0)


def namnd_totals(drift: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Sum of the verksamheter per nämnd, with the väsentlig flag judged on the nämnd's own total."""
    totals = drift.groupby("namnd", observed=True, sort=True)[SUM_COLUMNS + COUNT_COLUMNS].sum(min_count=1).reset_index()
    totals["prognos_forvaltning"] = totals["prognos_forvaltning"].where(
        drift.groupby("namnd", observed=True, sort=True)["prognos_forvaltning"].count().to_numpy() > 0)
    totals["vasentlig"] = totals["avvikelse_helar"].abs() > totals["namnd"].map(namnd_thresholds(drift, config)).to_numpy()
    totals["prognos_flagga"] = drift.groupby("namnd", observed=True, sort=True)["prognos_flagga"].any().to_numpy()
    return totals


def investeringsredovisning(investeringsbudget: pd.DataFrame, utfall: pd.DataFrame, till_manad: int) -> pd.DataFrame:
    """Per project: namnd, projekt, projektnamn, budget, utfall (months 1..till_manad), budget_antal (1: the
    project has a budget row), utfall_antal (the ledger rows summed), aterstar."""
    rows = utfall[utfall["projekt"].notna() & (utfall["manad"] <= till_manad) & ~is_drift(utfall["konto"])]
    spent = (rows.groupby(["namnd", "projekt"], observed=True)["belopp"].agg(["sum", "size"])
             .rename(columns={"sum": "utfall", "size": "utfall_antal"}).reset_index())
    frame = investeringsbudget.merge(spent, on=["namnd", "projekt"], how="outer")
    frame["budget_antal"] = frame["budget"].notna().astype("int64")   # the project's row in the budget, or none
    frame[["budget", "utfall"]] = frame[["budget", "utfall"]].fillna(0.0)
    frame["utfall_antal"] = frame["utfall_antal"].fillna(0).astype("int64")
    frame["aterstar"] = frame["budget"] - frame["utfall"]
    return frame.sort_values(["namnd", "projekt"], ignore_index=True)


# The kommun's row of the economy table: every verksamhet row summed (not the nämnd totals).
KOMMUN_SUM_COLUMNS = ["arsbudget", "periodbudget", "utfall", "avvikelse", "prognos", "prognos_beraknad",
                      "avvikelse_helar"]


def kommun_totals(drift: pd.DataFrame) -> pd.Series:
    """The kommun's sums straight from every verksamhet row of `drift` (not from the nämnd totals), with
    prognos_flagga False: the kommun's own row is never flagged."""
    return pd.concat([drift[KOMMUN_SUM_COLUMNS].sum().astype(object),
                      pd.Series({"prognos_flagga": False}, dtype=object)])


BALANS, OVERSKOTT, UNDERSKOTT = "balans", "överskott", "underskott"


def budgetbalans(avvikelse_helar: float, balans_kr: float) -> str:
    """The year against the årsbudget: BALANS when |årsbudget − prognos| (kr) is under `balans_kr`
    (config troskel.budget_i_balans_kr), else OVERSKOTT (positive avvikelse) or UNDERSKOTT."""
    if abs(avvikelse_helar) < balans_kr:
        return BALANS
    return OVERSKOTT if avvikelse_helar > 0 else UNDERSKOTT


def budget_och_utfall_per_verksamhet(budget: pd.DataFrame, utfall: pd.DataFrame, till_manad: int) -> pd.DataFrame:
    """Per verksamhet code (a str index): arsbudget (the year's budget, `budget_per_verksamhet`) and utfall (drift,
    months 1..till_manad, `utfall_per_verksamhet`); 0 where a verksamhet has no budget or no utfall rows."""
    def per_code(frame: pd.DataFrame, column: str) -> pd.Series:
        return frame.groupby(frame["verksamhet"].astype(str), sort=True)[column].sum()

    arsbudget = (per_code(budget_per_verksamhet(budget, till_manad), "arsbudget") if len(budget)
                 else pd.Series(dtype="float64"))
    so_far = per_code(utfall_per_verksamhet(utfall, till_manad), "utfall") if len(utfall) else pd.Series(dtype="float64")
    return pd.DataFrame({"arsbudget": arsbudget, "utfall": so_far}, dtype="float64").fillna(0.0)


def investering_totals(investeringar: pd.DataFrame) -> dict[str, float]:
    """The investeringsredovisning's summa row: budget, utfall and aterstar summed over the projects (kr)."""
    return {c: investeringar[c].sum() for c in ("budget", "utfall", "aterstar")}


def tillvaxt_procent(now: float, then: float) -> float:
    """The change from `then` to `now` in percent of `then`: (110, 100) -> 10.0."""
    return 100 * (now / then - 1)
