"""Rounding that adds up (issue 21): every printed sum and difference equals the arithmetic of the printed figures
it is made of, so no document needs "Avrundningsdifferenser kan förekomma". Rule in docs/analys.md (Avrundning)
and docs/rakenskaper.md (Avrundning i räkenskaperna).

Two ways, one per kind of table:

1. Tables in tkr (driftredovisning, investeringar, the kommun's economy table, prognos efter åtgärder, key figures):
   every amount is rounded to whole tkr ONCE, at the finest level a table shows (per verksamhet, per projekt,
   per finansförvaltning row), and everything else is computed from those rounded figures: avvikelse = periodbudget
   − utfall, avvikelse helår = årsbudget − prognos, a nämnd's total = the sum of its verksamheter, the kommun's
   total = the sum of the nämnder. `rounded_model` gives the report model with these figures (still in kronor,
   multiples of 1 000), so every document and every text that repeats a figure prints the same number.
2. Financial statements in mnkr with one decimal (RR, BR, KFA, balanskravsutredning): the exact totals are rounded
   correctly and the posts distributed top-down by the largest-remainder method through the statement's tree
   (`round_tree`), so each summa is the sum of its printed parts and totals fixed by another identity (the BR's
   two sides, the RR's årets resultat in the BR and KFA, kassa och bank in the KFA) print the same.

Rounding is half away from zero ("kommersiell avrundning"): 0,05 -> 0,1 and −0,05 -> −0,1.
"""

from __future__ import annotations

import dataclasses
import math
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

TKR = 1000.0            # whole tkr, in kronor
MNKR_TENTH = 100_000.0  # mnkr with one decimal, in kronor

DRIFT_AMOUNTS = ("arsbudget", "periodbudget", "utfall", "prognos_forvaltning", "prognos_beraknad", "prognos")
TOTAL_COLUMNS = ("arsbudget", "periodbudget", "utfall", "avvikelse", "prognos_forvaltning", "prognos_beraknad",
                 "prognos", "avvikelse_helar")


def _decimal(value: float) -> Decimal:
    """A kronor amount as an exact Decimal of whole öre (the ledger's precision; float noise removed)."""
    return Decimal(repr(round(float(value), 2)))


def round_half_up(kronor: float, unit: float = TKR) -> float:
    """`kronor` rounded to a multiple of `unit`, half away from zero: 1 500 -> 2 000, −1 500 -> −2 000. NaN stays."""
    if kronor is None or (isinstance(kronor, float) and math.isnan(kronor)):
        return float("nan")
    units = (_decimal(kronor) / Decimal(repr(unit))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return float(units) * unit


def round_series(values: pd.Series, unit: float = TKR) -> pd.Series:
    """round_half_up on every value of a column (NaN stays NaN)."""
    x = np.round(values.astype("float64").to_numpy(), 2) / unit
    return pd.Series(np.sign(x) * np.floor(np.abs(x) + 0.5) * unit + 0.0, index=values.index, dtype="float64")


def largest_remainder(exact: Sequence[Decimal | float], total: int) -> list[int]:
    """Whole numbers, one per exact value (in units), that sum to `total` (largest-remainder method).

    Each value starts at the floor of its exact value; the difference to `total` is handed out one unit at a time,
    first to the values with the largest remainder; ties go to the larger absolute value, then to the earlier
    value. Exact zeros get nothing while another value can take it (a row that is zero stays zero). When `total`
    is the correctly rounded sum every value is its floor or its ceiling (it moves less than one unit)."""
    values = [Decimal(repr(float(x))) if not isinstance(x, Decimal) else x for x in exact]
    if not values:
        return []
    floors = [int(v.to_integral_value(rounding=ROUND_FLOOR)) for v in values]
    missing = int(total) - sum(floors)
    candidates = [i for i, v in enumerate(values) if v != 0] or list(range(len(values)))
    order = sorted(candidates, key=lambda i: (-(values[i] - floors[i]), -abs(values[i]), i))
    each, extra = divmod(missing, len(order))
    out = list(floors)
    for rank, i in enumerate(order):
        out[i] += each + (1 if rank < extra else 0)
    return out


def round_tree(posts: Mapping[str, float], parts: Mapping[str, Sequence[str]], unit: float = MNKR_TENTH,
               fixed: Mapping[str, float] | None = None) -> dict[str, float]:
    """Printed values (kronor, multiples of `unit`) of every row of a statement.

    `posts`: the exact amount of each post (kronor); `parts`: each summa row and the rows it sums (posts or other
    summa rows); `fixed`: rows whose printed value is given (kronor, a multiple of `unit`): a total or a post that
    another table prints. A top row (one no summa contains) is its exact value rounded half away from zero (or its
    fixed value); a summa's printed value is distributed over its parts by `largest_remainder`, fixed parts keeping
    their value, so every summa equals the sum of its printed parts."""
    fixed = fixed or {}
    u = Decimal(repr(unit))
    exact: dict[str, Decimal] = {rad: _decimal(v) / u for rad, v in posts.items()}

    def value(rad: str) -> Decimal:
        if rad not in exact:
            exact[rad] = sum((value(p) for p in parts[rad]), Decimal(0)) if rad in parts else Decimal(0)
        return exact[rad]

    for rad in parts:
        value(rad)
    printed: dict[str, int] = {}
    pinned = {rad: int((_decimal(v) / u).to_integral_value(rounding=ROUND_HALF_UP)) for rad, v in fixed.items()}

    def assign(rad: str, target: int) -> None:
        printed[rad] = target
        children = list(parts.get(rad, ()))
        if not children:
            return
        free = [c for c in children if c not in pinned]
        rest = target - sum(pinned[c] for c in children if c in pinned)
        for c in children:
            if c in pinned:
                assign(c, pinned[c])
        for c, v in zip(free, largest_remainder([exact[c] for c in free], rest) if free else []):
            assign(c, v)

    inner = {p for ps in parts.values() for p in ps}
    for rad in list(exact):
        if rad not in inner and rad not in printed:
            target = pinned.get(rad, int(exact[rad].to_integral_value(rounding=ROUND_HALF_UP)))
            assign(rad, target)
    return {rad: float(v) * unit for rad, v in printed.items()}


def chain_parts(frame: pd.DataFrame, column: str) -> dict[str, tuple[str, ...]]:
    """The summa rows of a statement whose structure no layout declares (the balanskravsutredning, a note), read
    from its exact figures: each summa is the rows since the previous summa or rubrik, or the previous summa and
    the rows after it, whichever its exact value equals (to the öre). A summa that is neither is left a top row."""
    out: dict[str, tuple[str, ...]] = {}
    block: list[str] = []
    previous: str | None = None
    values = dict(zip(frame["rad"], frame[column]))
    for r in frame.to_dict("records"):
        if r["niva"] == "rubrik":
            block, previous = [], None
        elif r["niva"] == "summa":
            candidates = [tuple(block)] + ([(previous, *block)] if previous else [])
            for parts in candidates:
                if not parts or any(pd.isna(values[x]) for x in (r["rad"], *parts)):   # a note without that year
                    continue
                if abs(_decimal(values[r["rad"]]) - sum((_decimal(values[p]) for p in parts), Decimal(0))) \
                        < Decimal("0.005"):
                    out[r["rad"]] = parts
                    break
            block, previous = [], r["rad"]
        else:
            block.append(r["rad"])
    return out


def statement_parts(frame: pd.DataFrame, column: str) -> dict[str, tuple[str, ...]]:
    """Which rows each summa row sums: a `delar` column of the frame (tuples of rad) when it has one, else the
    model's layout with the same rows (RR, BR, KFA), else `chain_parts`."""
    from pipeline.model.rakenskaper import BR_LAYOUT, KFA_LAYOUT, RR_LAYOUT

    if "delar" in frame.columns:
        return {r["rad"]: tuple(r["delar"]) for r in frame.to_dict("records") if r["niva"] == "summa"}
    rads = list(frame["rad"])
    for layout in (RR_LAYOUT, BR_LAYOUT, KFA_LAYOUT):
        if rads == [row[0] for row in layout]:
            return {rad: tuple(p) for rad, _n, niva, p in layout if niva == "summa"}
    return chain_parts(frame, column)


def rounded_statement(frame: pd.DataFrame, column: str, fixed: Mapping[str, float] | None = None,
                      unit: float = MNKR_TENTH) -> dict[str, float]:
    """The printed values (kronor, multiples of `unit`) of one column of a statement frame (rad, niva, column):
    round_tree over the frame's structure. Rubrik rows and NaN columns (no comparison year) get NaN."""
    values = frame[column].astype("float64")
    if values.isna().all():
        return {rad: float("nan") for rad in frame["rad"]}
    parts = statement_parts(frame, column)
    posts = {r: v for r, v, niva in zip(frame["rad"], values, frame["niva"])
             if niva != "rubrik" and r not in parts and not math.isnan(v)}
    printed = round_tree(posts, parts, unit, fixed)
    return {rad: printed.get(rad, float("nan")) for rad in frame["rad"]}


# ---- tables in tkr: the report model with its amounts rounded once -------------------------------------------

def drift_in_tkr(drift: pd.DataFrame) -> pd.DataFrame:
    """A driftredovisning (per verksamhet, or the finansförvaltning's rows) with its amounts in whole tkr (still in
    kronor) and the differences computed from them."""
    if not len(drift):
        return drift
    out = drift.copy()
    for c in DRIFT_AMOUNTS:
        if c in out.columns:
            out[c] = round_series(out[c])
    if {"periodbudget", "utfall"} <= set(out.columns):
        out["avvikelse"] = out["periodbudget"] - out["utfall"]
    if {"arsbudget", "prognos"} <= set(out.columns):
        out["avvikelse_helar"] = out["arsbudget"] - out["prognos"]
    return out


def totals_in_tkr(totals: pd.DataFrame, drift: pd.DataFrame) -> pd.DataFrame:
    """Per nämnd the sums of its rounded verksamheter (drift_in_tkr) for every amount column; other columns kept."""
    if not len(totals):
        return totals
    columns = [c for c in TOTAL_COLUMNS if c in totals.columns and c in drift.columns]
    sums = drift.groupby(drift["namnd"].astype(str), sort=True)[columns].sum(min_count=1)
    out = totals.copy()
    key = out["namnd"].astype(str)
    for c in columns:
        out[c] = key.map(sums[c]).astype("float64").to_numpy()
    return out


def investeringar_in_tkr(inv: pd.DataFrame) -> pd.DataFrame:
    if not len(inv):
        return inv
    out = inv.copy()
    out["budget"], out["utfall"] = round_series(out["budget"]), round_series(out["utfall"])
    out["aterstar"] = out["budget"] - out["utfall"]
    return out


def _avvikelser_in_tkr(avvikelser: pd.DataFrame, drift: pd.DataFrame) -> pd.DataFrame:
    """An ekonomisk avvikelse's belopp is its verksamhet's printed avvikelse helår."""
    if not len(avvikelser) or not len(drift):
        return avvikelser
    helar = {(str(n), str(v)): a for n, v, a in zip(drift["namnd"], drift["verksamhet"], drift["avvikelse_helar"])}
    out = avvikelser.copy()
    economic = (out["typ"] == "ekonomisk").to_numpy()
    keys = list(zip(out["namnd"].astype(str), out["avser"].astype(str)))
    out["belopp"] = [helar.get(k, b) if e else b for k, b, e in zip(keys, out["belopp"], economic)]
    return out


def _effekt_in_tkr(effekt: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """Prognos and avvikelse helår of the nämnd's printed total; the åtgärder's effect in whole tkr; after = the
    difference of the printed figures."""
    if not len(effekt) or not len(totals):
        return effekt
    by = totals.assign(_k=totals["namnd"].astype(str)).set_index("_k")
    out = effekt.copy()
    key = out["namnd"].astype(str)
    out["prognos"] = key.map(by["prognos"]).astype("float64").fillna(out["prognos"]).to_numpy()
    out["avvikelse_helar"] = key.map(by["avvikelse_helar"]).astype("float64").fillna(out["avvikelse_helar"]).to_numpy()
    out["effekt"] = round_series(out["effekt"])
    out["prognos_efter"] = out["prognos"] - out["effekt"]
    out["avvikelse_efter"] = out["avvikelse_helar"] + out["effekt"]
    if "kvarstar" in out:   # the deficit left, of the printed figures
        out["kvarstar"] = (-out["avvikelse_efter"]).clip(lower=0.0).where(out["kvarstar"] > 0, 0.0)
    return out


def _arsredovisning_in_tkr(a, totals: pd.DataFrame, finans: pd.DataFrame):
    """The kommun's driftredovisning from the printed nämnd totals and finansförvaltning rows (sums of printed
    rows), the helårsprognos for årets resultat from its printed total, the avstämning in whole tkr."""
    drift = a.drift_kommun.copy()
    cols = [c for c in ("arsbudget", "utfall", "prognos", "avvikelse_helar") if c in drift.columns]
    by_namnd = totals.assign(_k=totals["namnd"].astype(str)).set_index("_k")
    by_finans = finans.assign(_k=finans["verksamhet"].astype(str)).set_index("_k") if len(finans) else None
    for i, r in drift.iterrows():
        source = by_namnd if r["del"] == "namnd" else by_finans if r["del"] == "finans" else None
        if source is not None and str(r["id"]) in source.index:
            for c in cols:
                drift.at[i, c] = float(source.at[str(r["id"]), c])
        elif source is not None:
            for c in cols:
                drift.at[i, c] = round_half_up(float(r[c]))
    namnder = drift["del"] == "namnd"
    sub = drift["del"] == "summa_namnder"
    total = drift["del"] == "summa"
    for c in cols:
        drift.loc[sub, c] = float(drift.loc[namnder, c].sum())
        drift.loc[total, c] = float(drift.loc[namnder | (drift["del"] == "finans"), c].sum())
    kommun = drift[total].iloc[0] if total.any() else None
    prognos = dict(a.prognos)
    if kommun is not None:
        prognos.update(arets_resultat_budget=-float(kommun["arsbudget"]), arets_resultat_prognos=-float(kommun["prognos"]))
    avst = a.avstamning.copy()
    if len(avst):
        values = round_series(avst["belopp"])
        values.iloc[0] = float(totals["utfall"].sum()) if len(totals) else values.iloc[0]
        values.iloc[-1] = float(values.iloc[:-1].sum())
        avst["belopp"] = values.to_numpy()
    return dataclasses.replace(a, drift_kommun=drift, prognos=prognos, avstamning=avst)


def _costs_in_tkr(frame: pd.DataFrame, drift: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """model.malkostnad's per-mål or per-indicator costs (`columns` of its verksamheter, a tuple per row) as the sum
    of the verksamheter's printed drift figures, so a mål's cost text repeats the drift table's rows."""
    if not len(frame) or not len(drift):
        return frame
    per = drift.assign(verksamhet=drift["verksamhet"].astype(str)).groupby("verksamhet", observed=True)[
        list(columns)].sum()
    return frame.assign(**{c: [float(per[c].reindex(list(v)).sum()) for v in frame["verksamheter"]]
                           for c in columns})


def rounded_model(model):
    """The report model as the documents print it: every tkr amount rounded once at the finest level and every
    difference and total computed from the rounded figures (see the module docstring). Idempotent; the exact
    model stays for the checks in kronor (granskningslistan) and the computations in model/. A model already
    rounded is returned as it is (each nämnd's context asks; the run rounds once)."""
    if model.avrundad:
        return model
    drift = drift_in_tkr(model.drift)
    totals = totals_in_tkr(model.totals, drift)
    finans = drift_in_tkr(model.finans) if len(model.finans) else model.finans
    changes = dict(drift=drift, totals=totals, finans=finans, investeringar=investeringar_in_tkr(model.investeringar),
                   avvikelser=_avvikelser_in_tkr(model.avvikelser, drift),
                   atgardseffekt=_effekt_in_tkr(model.atgardseffekt, totals),
                   mal_kostnad=_costs_in_tkr(model.mal_kostnad, drift, ("arsbudget", "utfall", "prognos")),
                   indikator_kostnad=_costs_in_tkr(model.indikator_kostnad, drift, ("arsbudget", "prognos")))
    if model.arsredovisning is not None:
        changes["arsredovisning"] = _arsredovisning_in_tkr(model.arsredovisning, totals, finans)
    return dataclasses.replace(model, **changes, avrundad=True)


def statement_fixed(r, bokslut: bool, prognos_resultat: float | None = None,
                    kfa_columns: tuple[str, str] = ("belopp", "fg")) -> dict[str, dict[str, dict[str, float]]]:
    """The printed values one statement takes from another (kronor), per statement ('rr', 'br', 'kfa',
    'balanskrav') and column: the BR's årets resultat is the RR's; the KFA's årets resultat is the RR's and its
    likvida medel the BR's kassa och bank; the balanskravsutredning starts from the RR's årets resultat (at the
    delår from the printed helårsprognos `prognos_resultat`). `r`: model.rakenskaper.Rakenskaper."""
    rr = {c: rounded_statement(r.resultatrakning, c) for c in ("belopp", "belopp_fg")}
    br_arets = dict(zip(r.balansrakning["rad"], r.balansrakning["ib"]))["br_arets_resultat"]
    ib_result = rr["belopp_fg"].get("arets_resultat") if bokslut else float("nan")
    if ib_result is None or math.isnan(ib_result):
        ib_result = round_half_up(br_arets, MNKR_TENTH)
    br_fixed = {"ub": {"br_arets_resultat": rr["belopp"]["arets_resultat"]}, "ib": {"br_arets_resultat": ib_result}}
    ib = rounded_statement(r.balansrakning, "ib", br_fixed["ib"])
    if bokslut:   # eget kapital moves by the printed result (and any other change, rounded): the EK note adds up
        ek = dict(zip(r.balansrakning["rad"], zip(r.balansrakning["ib"], r.balansrakning["ub"])))["summa_eget_kapital"]
        other = round_half_up(ek[1] - ek[0] - dict(zip(r.resultatrakning["rad"], r.resultatrakning["belopp"]))[
            "arets_resultat"], MNKR_TENTH)
        br_fixed["ub"]["summa_eget_kapital"] = ib["summa_eget_kapital"] + rr["belopp"]["arets_resultat"] + other
    br = {"ub": rounded_statement(r.balansrakning, "ub", br_fixed["ub"]), "ib": ib}
    now, before = kfa_columns
    kfa = {now: {"arets_resultat": rr["belopp"]["arets_resultat"], "likvida_medel_ub": br["ub"]["kassa_och_bank"],
                 "likvida_medel_ib": br["ib"]["kassa_och_bank"]},
           before: {"likvida_medel_ub": br["ib"]["kassa_och_bank"]}}
    if bokslut and not math.isnan(rr["belopp_fg"]["arets_resultat"]):
        kfa[before]["arets_resultat"] = rr["belopp_fg"]["arets_resultat"]
    start = rr["belopp"]["arets_resultat"] if prognos_resultat is None else round_half_up(prognos_resultat, MNKR_TENTH)
    return {"rr": {}, "br": br_fixed, "kfa": kfa, "balanskrav": {"belopp": {"arets_resultat": start}}}


# Five-year table rows that are the statements' own lines (or sums of them): name -> (statement, [(sign, rad)])
FEMAR_FROM_STATEMENTS = {
    "Årets resultat": ("rr", ((1, "arets_resultat"),)),
    "Verksamhetens nettokostnad": ("rr", ((-1, "verksamhetens_nettokostnader"),)),
    "Skatteintäkter och generella statsbidrag": ("rr", ((1, "skatteintakter"), (1, "generella_statsbidrag_och_utjamning"))),
    "Långfristiga skulder": ("br", ((1, "langfristiga_skulder"),)),
    "Nettoinvesteringar": ("kfa", ((-1, "investering_materiella"), (-1, "forsaljning_materiella"))),
}


def femar_as_printed(femar: pd.DataFrame, r, year: int) -> pd.DataFrame:
    """The five-year table with the report year's figures that the statements print (mnkr) taken from the printed
    statements, so that e.g. 'Skatteintäkter och generella statsbidrag' is the sum of the RR's two printed lines.
    `r`: the bokslut's model.rakenskaper.Rakenskaper."""
    column = str(year)
    if not len(femar) or column not in femar.columns:
        return femar
    fixed = statement_fixed(r, True)
    printed = {"rr": rounded_statement(r.resultatrakning, "belopp"),
               "br": rounded_statement(r.balansrakning, "ub", fixed["br"]["ub"]),
               "kfa": rounded_statement(r.kassaflodesanalys, "belopp", fixed["kfa"]["belopp"])}
    out = femar.copy()
    for i, name in zip(out.index, out["nyckeltal"]):
        if name in FEMAR_FROM_STATEMENTS and out.at[i, "kalla"] == "beräknad":
            statement, terms = FEMAR_FROM_STATEMENTS[name]
            out.at[i, column] = sum(sign * printed[statement][rad] for sign, rad in terms) / 1e6
    return out
