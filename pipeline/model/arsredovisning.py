"""What the delårsrapport and årsredovisning add to a reporting point's model, computed once for the kommun.

- `kommun_drift`: the driftredovisning per nämnd, the finansförvaltning per verksamhet, and the kommun's result
  (budget, utfall, prognos, avvikelse); the reconciliation to the resultaträkning's verksamhetens nettokostnader.
- `prognos_resultat`: the helårsprognos for årets resultat (nämnder + finansförvaltning, ledger sign reversed).
- `sjukfranvaro`: sjukfrånvaro in % of ordinarie arbetstid, the share of 60 days or more, in total, by kön and
  by åldersgrupp; groups of at most `dold_till_antal` people are suppressed (LKBR 11 kap.).
- `femarsoversikt`: the entered five-year figures with the report year computed from the statements.
- `finansiella_nyckeltal`: the figures financial goals are measured with, from the statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pipeline.model.rakenskaper import Rakenskaper, VNK_ROWS, balanskravsutredning, with_rad
from pipeline.read import kinds
from pipeline.kontoklass import is_drift

ALL = "Totalt"


@dataclass(frozen=True)
class Arsredovisning:
    rakenskaper: Rakenskaper
    balanskrav: pd.DataFrame            # model.rakenskaper.balanskravsutredning (on the utfall, or the prognos at delår)
    drift_kommun: pd.DataFrame          # per nämnd + finansförvaltning rows + kommun total (see kommun_drift)
    avstamning: pd.DataFrame            # driftredovisning -> verksamhetens nettokostnader, rad, namn, belopp
    prognos: dict[str, float]           # arets_resultat_budget, arets_resultat_prognos (display sign)
    sjukfranvaro: pd.DataFrame          # grupp, antal, sjukfranvaro, andel_60, dold
    femar: pd.DataFrame                 # nyckeltal, enhet, then one column per year (str)
    nyckeltal: dict[str, float]         # finansiella nyckeltal of the period (finansiella_nyckeltal)
    realisationsvinster_kalla: str      # "kontoplan" or "bokslutsunderlag"
    notes: tuple[str, ...] = field(default_factory=tuple)
    rakenskaper_fg: Rakenskaper | None = None   # last year's whole-year statements, where its ledger allows


def kommun_drift(totals: pd.DataFrame, finans: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """One row per nämnd (its totals), one per finansförvaltning verksamhet, and the kommun's total: columns
    del ('namnd', 'finans', 'summa_namnder', 'summa'), namn, arsbudget, utfall, prognos, avvikelse_helar (all
    ledger sign: nettokostnad positive). The total's utfall is the negative of årets resultat."""
    cols = ["arsbudget", "utfall", "prognos", "avvikelse_helar"]
    rows = [{"del": "namnd", "id": r["namnd"], "namn": names.get(r["namnd"], r["namnd"]), **{c: r[c] for c in cols}}
            for r in totals.to_dict("records")]
    summa_namnder = {c: float(totals[c].sum()) for c in cols}
    rows.append({"del": "summa_namnder", "id": "", "namn": "Summa nämnder", **summa_namnder})
    for r in finans.to_dict("records"):
        rows.append({"del": "finans", "id": r["verksamhet"], "namn": r["verksamhet_namn"] or r["verksamhet"],
                     **{c: r[c] for c in cols}})
    rows.append({"del": "summa", "id": "", "namn": "Kommunen totalt",
                 **{c: summa_namnder[c] + float(finans[c].sum()) for c in cols}})
    return pd.DataFrame(rows)


def avstamning(utfall: pd.DataFrame, kontoplan, finans_koder: frozenset[str], till: int) -> pd.DataFrame:
    """From the nämnder's driftredovisning to the RR's verksamhetens nettokostnader (all in ledger sign, kr):
    the nämnder's nettokostnad (kontoklass 3–8), minus their rows that belong below verksamhetens
    nettokostnader in the RR (skatter, statsbidrag, finansiella poster), plus the finansförvaltning's rows that
    belong to it (centrala pensionskostnader, realisationsvinster …) = verksamhetens nettokostnader."""
    rows = with_rad(utfall[(utfall["manad"] >= 1) & (utfall["manad"] <= till)], kontoplan)
    drift = rows[is_drift(rows["konto"])]
    is_finans = drift["verksamhet"].isin(list(finans_koder)).fillna(False).astype(bool)
    in_vnk = drift["rad"].isin(list(VNK_ROWS)).fillna(False).astype(bool)
    namnder = float(drift.loc[~is_finans, "belopp"].sum())
    below = float(drift.loc[~is_finans & ~in_vnk, "belopp"].sum())
    finans = float(drift.loc[is_finans & in_vnk, "belopp"].sum())
    return pd.DataFrame([
        ("namnder", "Nämndernas nettokostnad enligt driftredovisningen", namnder),
        ("namnder_finansiella", "Avgår: nämndernas poster som i resultaträkningen hör till skatter, statsbidrag och "
                                "finansiella poster", -below),
        ("finans_verksamhet", "Tillkommer: finansförvaltningens poster inom verksamhetens nettokostnader "
                              "(t.ex. centrala pensionskostnader, realisationsvinster)", finans),
        ("vnk", "Verksamhetens nettokostnader enligt resultaträkningen", namnder - below + finans),
    ], columns=["rad", "namn", "belopp"])


def sjukfranvaro(personal: pd.DataFrame, dold_till_antal: int) -> pd.DataFrame:
    """Per group (Totalt, Kvinnor, Män, the åldersgrupper): antal, sjukfranvaro (% of ordinarie arbetstid),
    andel_60 (% of the sjukfrånvaro that is 60 days or more), dold (True: at most `dold_till_antal` people,
    figures not shown: NaN)."""
    if not len(personal):
        return pd.DataFrame(columns=["grupp", "antal", "sjukfranvaro", "andel_60", "dold"])
    groups = [(ALL, personal)]
    groups += [(k, personal[personal["kon"] == k]) for k in ("Kvinnor", "Män")]
    groups += [(a, personal[personal["aldersgrupp"] == a]) for a in kinds.ALDERSGRUPPER]
    rows = []
    for name, g in groups:
        antal = int(g["antal"].sum())
        tid, sjuk, lang = (float(g[c].sum()) for c in ("arbetstid", "sjuktid", "sjuk60"))
        dold = antal <= dold_till_antal
        rows.append({"grupp": name, "antal": antal,
                     "sjukfranvaro": np.nan if dold or tid == 0 else 100 * sjuk / tid,
                     "andel_60": np.nan if dold or sjuk == 0 else 100 * lang / sjuk, "dold": dold})
    return pd.DataFrame(rows)


def finansiella_nyckeltal(r: Rakenskaper, ansvarsforbindelser: pd.DataFrame, arets_resultat: float | None = None
                          ) -> dict[str, float]:
    """Figures of the period from the statements (mnkr and %): årets resultat (or the given prognos) against
    skatteintäkter och generella statsbidrag, soliditet with and without the pension commitments outside the
    balance sheet (the Ansvarsförbindelser row naming pensionsförpliktelser), nettoinvesteringar,
    självfinansieringsgrad and långfristiga skulder."""
    rr = dict(zip(r.resultatrakning["rad"], r.resultatrakning["belopp"]))
    br = dict(zip(r.balansrakning["rad"], r.balansrakning["ub"]))
    kfa = dict(zip(r.kassaflodesanalys["rad"], r.kassaflodesanalys["belopp"]))
    resultat = rr["arets_resultat"] if arets_resultat is None else arets_resultat
    skatter = rr["skatteintakter"] + rr["generella_statsbidrag_och_utjamning"]
    netto_inv = -(kfa["investering_materiella"] + kfa["forsaljning_materiella"])
    pension = ansvarsforbindelser[ansvarsforbindelser["post"].str.contains("ension", na=False)]["belopp"].sum() \
        if len(ansvarsforbindelser) else np.nan
    tillgangar = br["summa_tillgangar"]
    out = {
        "arets_resultat": resultat / 1e6,
        "skatter_och_statsbidrag": skatter / 1e6,
        "verksamhetens_nettokostnad": -rr["verksamhetens_nettokostnader"] / 1e6,
        "resultat_andel": 100 * resultat / skatter if skatter else np.nan,
        "nettokostnad_andel": -100 * rr["verksamhetens_nettokostnader"] / skatter if skatter else np.nan,
        "soliditet": 100 * br["summa_eget_kapital"] / tillgangar if tillgangar else np.nan,
        "soliditet_inkl_pension": 100 * (br["summa_eget_kapital"] - pension) / tillgangar
        if tillgangar and not np.isnan(pension) else np.nan,
        "nettoinvesteringar": netto_inv / 1e6,
        "sjalvfinansieringsgrad": 100 * (resultat - rr["avskrivningar"]) / netto_inv if netto_inv else np.nan,
        "langfristiga_skulder": br["langfristiga_skulder"] / 1e6,
    }
    return out


# Five-year table rows the statements give for the report year: entered name -> (nyckeltal key, decimals)
FEMAR_COMPUTED = {
    "Verksamhetens nettokostnad": "verksamhetens_nettokostnad",
    "Skatteintäkter och generella statsbidrag": "skatter_och_statsbidrag",
    "Årets resultat": "arets_resultat",
    "Årets resultat i procent av skatteintäkter och generella statsbidrag": "resultat_andel",
    "Nettoinvesteringar": "nettoinvesteringar",
    "Soliditet": "soliditet",
    "Soliditet inklusive pensionsförpliktelser": "soliditet_inkl_pension",
    "Självfinansieringsgrad av investeringar": "sjalvfinansieringsgrad",
    "Långfristiga skulder": "langfristiga_skulder",
    "Balanskravsresultat": "balanskravsresultat",
}


def femarsoversikt(entered: pd.DataFrame, nyckeltal: dict[str, float], year: int) -> tuple[pd.DataFrame, list[str]]:
    """The five years up to `year`: entered values for the earlier years (and for the report year where the
    statements cannot give it), computed values for the report year. Returns the table (nyckeltal, enhet,
    källa, one column per year as str) and notes (an entered report-year value that differs from the computed)."""
    years = [year - 4 + i for i in range(5)]
    notes: list[str] = []
    if not len(entered):
        return pd.DataFrame(columns=["nyckeltal", "enhet", "kalla", *map(str, years)]), notes
    rows = []
    for name, g in entered.groupby("nyckeltal", sort=False):
        values = dict(zip(g["ar"], g["varde"]))
        key = FEMAR_COMPUTED.get(name)
        computed = nyckeltal.get(key) if key else None
        if computed is not None and not np.isnan(computed):
            if year in values and abs(values[year] - computed) > 0.05 + 0.001 * abs(computed):
                notes.append(f"Femårsöversikten: {name} {year} är ifyllt som {values[year]}, men räkenskaperna ger "
                             f"{computed:.1f}; det beräknade värdet visas.")
            values[year] = round(computed, 1)
        unit = g["enhet"].dropna()
        rows.append({"nyckeltal": name, "enhet": unit.iloc[0] if len(unit) else "",
                     "kalla": "beräknad" if key and computed is not None else "ifylld",
                     **{str(y): values.get(y, np.nan) for y in years}})
    return pd.DataFrame(rows), notes


def arsredovisning_model(r: Rakenskaper, bokslut, totals: pd.DataFrame, finans_drift: pd.DataFrame, utfall,
                         config, year: int, till: int, prognos_mode: bool, r_fg: Rakenskaper | None = None
                         ) -> Arsredovisning:
    """Everything of the delårsrapport (prognos_mode: the balanskrav on the helårsprognos) and årsredovisning."""
    names = {n.id: n.namn for n in config.namnder}
    drift = kommun_drift(totals, finans_drift, names)
    total = drift[drift["del"] == "summa"].iloc[0]
    prognos = {"arets_resultat_budget": -float(total["arsbudget"]), "arets_resultat_prognos": -float(total["prognos"])}
    if config.kontoplan.specifikation.get("realisationsvinster"):
        vinster, kalla = r.realisationsvinster, "kontoplan"
    else:
        vinster, kalla = float(bokslut.balanskrav.get("samtliga_realisationsvinster", 0.0)), "bokslutsunderlag"
    base = prognos["arets_resultat_prognos"] if prognos_mode else dict(zip(r.resultatrakning["rad"],
                                                                            r.resultatrakning["belopp"]))["arets_resultat"]
    balanskrav = balanskravsutredning(base, vinster, bokslut.balanskrav)
    nyckeltal = finansiella_nyckeltal(r, bokslut.ansvarsforbindelser, base if prognos_mode else None)
    nyckeltal["balanskravsresultat"] = float(balanskrav.loc[balanskrav["rad"] == "balanskravsresultat", "belopp"].iloc[0]) / 1e6
    femar, notes = femarsoversikt(bokslut.femar, nyckeltal, year)
    return Arsredovisning(
        rakenskaper=r, balanskrav=balanskrav, drift_kommun=drift,
        avstamning=avstamning(utfall, config.kontoplan, config.finans_koder, till), prognos=prognos,
        sjukfranvaro=sjukfranvaro(bokslut.personal, config.arsredovisning.sjukfranvaro_dold_till_antal),
        femar=femar, nyckeltal=nyckeltal, realisationsvinster_kalla=kalla, notes=tuple(notes), rakenskaper_fg=r_fg)


# Kolada KPIs that the statements compute for the own kommun and the report year (replacing any Kolada value).
KOLADA_FROM_STATEMENTS = {
    "N03102": "resultat_andel",          # Årets resultat som andel av skatt & generella statsbidrag (%)
    "N03002": "soliditet_inkl_pension",  # Soliditet inkl. pensionsåtagande (%)
    "N03001": "soliditet",               # Soliditet exkl. pensionsåtagande (%)
}


def with_statement_values(values: pd.DataFrame, nyckeltal: dict[str, float], kommun: str, year: int) -> pd.DataFrame:
    """A copy of the indicator values where the KPIs of KOLADA_FROM_STATEMENTS have the report year's value for
    the own kommun (kön T) from the statements, source "Räkenskaperna"."""
    rows = [{"indikator_id": kpi, "kommun": kommun, "period": str(year), "ar": year, "kon": "T",
             "varde": round(float(nyckeltal[key]), 1), "kalla": "Räkenskaperna"}
            for kpi, key in KOLADA_FROM_STATEMENTS.items()
            if kpi in set(values["indikator_id"].dropna()) and not np.isnan(nyckeltal.get(key, np.nan))]
    if not rows:
        return values
    ids = [r["indikator_id"] for r in rows]
    replaced = values["indikator_id"].isin(ids) & (values["kommun"] == kommun) & (values["period"] == str(year))
    extra = pd.DataFrame(rows).astype({"indikator_id": values["indikator_id"].dtype, "kommun": values["kommun"].dtype,
                                       "period": values["period"].dtype, "ar": "Int64", "kon": values["kon"].dtype})
    return pd.concat([values[~replaced.fillna(False)], extra], ignore_index=True)
