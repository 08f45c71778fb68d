"""What the delårsrapport and årsredovisning add to a reporting point's model, computed once for the kommun.

- `kommun_drift`: the driftredovisning per nämnd, the finansförvaltning per verksamhet, and the kommun's result
  (budget, utfall, prognos, avvikelse); the reconciliation to the resultaträkning's verksamhetens nettokostnader.
- `prognos_resultat`: the helårsprognos for årets resultat (nämnder + finansförvaltning, ledger sign reversed).
- `sjukfranvaro`: sjukfrånvaro in % of ordinarie arbetstid, the share of 60 days or more, in total, by kön and
  by åldersgrupp; groups of at most `dold_till_antal` people are suppressed (LKBR 11 kap.).
- `femarsoversikt`: the entered five-year figures with the report year computed from the statements.
- `finansiella_nyckeltal`: the figures financial goals are measured with, from the statements (at delår
  årets resultat as the helårsprognos against the helårsprognos of skatteintäkter och generella statsbidrag).
- `skatter_helarsprognos`: the helårsprognos of skatteintäkter och generella statsbidrag (the finansförvaltning's).
- `egna_nyckeltal`: the kommun's own key figures per year (this year's statements or prognos, last year's
  ledger, the entered five-year table): the one source of those figures for every document.
- `with_own_values` / `kolada_skillnader`: the own figures in place of Kolada's for the own kommun, and where
  the two differ beyond a tolerance (a warning in the run summary).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pipeline.model.rakenskaper import Rakenskaper, VNK_ROWS, balanskravsutredning, rakenskaper, with_rad
from pipeline.model.mal import PROGNOS_KALLA
from pipeline.read import kinds
from pipeline.config.kontoklass import is_drift
from pipeline.model.ekonomi import COUNT_COLUMNS

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
    nyckeltal_fg: dict[str, float] | None   # last year's, from its whole-year ledger (None without one)
    realisationsvinster_kalla: str      # "kontoplan" or "bokslutsunderlag"
    notes: tuple[str, ...] = field(default_factory=tuple)
    rakenskaper_fg: Rakenskaper | None = None   # last year's whole-year statements, where its ledger allows


def kommun_drift(totals: pd.DataFrame, finans: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """One row per nämnd (its totals), one per finansförvaltning verksamhet, and the kommun's total: columns
    del ('namnd', 'finans', 'summa_namnder', 'summa'), namn, arsbudget, utfall, prognos, avvikelse_helar (all
    ledger sign: nettokostnad positive), budget_antal and utfall_antal (the input rows behind the sums). The
    total's utfall is the negative of årets resultat."""
    cols = ["arsbudget", "utfall", "prognos", "avvikelse_helar", *COUNT_COLUMNS]
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


def finansiella_nyckeltal(r: Rakenskaper, ansvarsforbindelser: pd.DataFrame, arets_resultat: float | None = None,
                          skatter_helar: float | None = None) -> dict[str, float]:
    """Figures of the period from the statements (mnkr and %): årets resultat against skatteintäkter och generella
    statsbidrag, soliditet with and without the pension commitments outside the balance sheet (the
    Ansvarsförbindelser row naming pensionsförpliktelser; column `belopp`), nettoinvesteringar,
    självfinansieringsgrad and långfristiga skulder.

    At delår `arets_resultat` is the helårsprognos and `skatter_helar` the helårsprognos of skatteintäkter och
    generella statsbidrag (kr, positive): `resultat_andel` is then the one divided by the other, never by the
    period's skatter (a whole year's result against eight months' revenue). Its base, in mnkr, is
    `resultat_andel_bas`. The other shares stay the period's own (nettokostnadsandel, självfinansieringsgrad on
    the period's result and investments)."""
    rr = dict(zip(r.resultatrakning["rad"], r.resultatrakning["belopp"]))
    br = dict(zip(r.balansrakning["rad"], r.balansrakning["ub"]))
    kfa = dict(zip(r.kassaflodesanalys["rad"], r.kassaflodesanalys["belopp"]))
    resultat = rr["arets_resultat"] if arets_resultat is None else arets_resultat
    skatter = rr["skatteintakter"] + rr["generella_statsbidrag_och_utjamning"]
    bas = skatter if arets_resultat is None else (np.nan if skatter_helar is None else skatter_helar)
    netto_inv = -(kfa["investering_materiella"] + kfa["forsaljning_materiella"])
    pension = ansvarsforbindelser[ansvarsforbindelser["post"].str.contains("ension", na=False)]["belopp"].sum() \
        if len(ansvarsforbindelser) else np.nan
    tillgangar = br["summa_tillgangar"]
    out = {
        "arets_resultat": resultat / 1e6,
        "skatter_och_statsbidrag": skatter / 1e6,
        "verksamhetens_nettokostnad": -rr["verksamhetens_nettokostnader"] / 1e6,
        "resultat_andel": 100 * resultat / bas if bas else np.nan,
        "resultat_andel_bas": bas / 1e6,
        "nettokostnad_andel": -100 * rr["verksamhetens_nettokostnader"] / skatter if skatter else np.nan,
        "soliditet": 100 * br["summa_eget_kapital"] / tillgangar if tillgangar else np.nan,
        "soliditet_inkl_pension": 100 * (br["summa_eget_kapital"] - pension) / tillgangar
        if tillgangar and not np.isnan(pension) else np.nan,
        "nettoinvesteringar": netto_inv / 1e6,
        "sjalvfinansieringsgrad": 100 * (rr["arets_resultat"] - rr["avskrivningar"]) / netto_inv
        if netto_inv else np.nan,
        "langfristiga_skulder": br["langfristiga_skulder"] / 1e6,
    }
    return out


def ansvarsforbindelser_fg(ansvarsforbindelser: pd.DataFrame, ansvarsforbindelser_forra: pd.DataFrame) -> pd.DataFrame:
    """The Ansvarsförbindelser at last year's balance date (post, belopp): this point's underlag's column for
    the year before (`belopp_fg`) where it has one, else last year's bokslutsunderlag's own column."""
    if len(ansvarsforbindelser) and "belopp_fg" in ansvarsforbindelser and ansvarsforbindelser["belopp_fg"].notna().any():
        return ansvarsforbindelser.assign(belopp=ansvarsforbindelser["belopp_fg"])[["post", "belopp"]]
    if len(ansvarsforbindelser_forra):
        return ansvarsforbindelser_forra[["post", "belopp"]]
    return pd.DataFrame({"post": pd.Series(dtype="string"), "belopp": pd.Series(dtype="float64")})


def nyckeltal_foregaende_ar(utfall_fg: pd.DataFrame, kontoplan, ansvarsforbindelser_vid_fg: pd.DataFrame
                            ) -> tuple[Rakenskaper | None, dict[str, float] | None]:
    """Last year's whole-year statements and key figures from its ledger, when it holds an ingående balans
    (month 0; otherwise the balance sheet, and so soliditet, cannot be computed); soliditet inklusive
    pensionsförpliktelser with the Ansvarsförbindelser at that year's balance date (ansvarsforbindelser_fg)."""
    if kontoplan is None or not len(utfall_fg) or not (utfall_fg["manad"] == 0).any():
        return None, None
    r_fg = rakenskaper(utfall_fg, utfall_fg.iloc[0:0], kontoplan, 12)
    return r_fg, finansiella_nyckeltal(r_fg, ansvarsforbindelser_vid_fg)


SKATT_ROWS = ("skatteintakter", "generella_statsbidrag_och_utjamning")


def skatter_helarsprognos(finans_drift: pd.DataFrame, utfall: pd.DataFrame, kontoplan, finans_koder: frozenset[str],
                          till: int) -> float:
    """The helårsprognos of skatteintäkter och generella statsbidrag (kr, positive): the prognos of the
    finansförvaltning's verksamheter whose period ledger rows are all skatteintäkter or generella statsbidrag och
    utjämning (in the example verksamhet 910). NaN when no such verksamhet has a prognos (the share cannot then
    be computed on the whole year's base)."""
    if not len(finans_drift) or not len(utfall):
        return np.nan
    rows = with_rad(utfall[(utfall["manad"] >= 1) & (utfall["manad"] <= till)], kontoplan)
    rows = rows[is_drift(rows["konto"]) & rows["verksamhet"].isin(list(finans_koder)).fillna(False).astype(bool)]
    if not len(rows):
        return np.nan
    only_skatt = rows.assign(_s=rows["rad"].isin(list(SKATT_ROWS)).fillna(False)).groupby(
        "verksamhet", observed=True)["_s"].all()
    codes = set(only_skatt[only_skatt].index.astype(str))
    chosen = finans_drift[finans_drift["verksamhet"].astype(str).isin(codes)]
    if not len(chosen):
        return np.nan
    return -float(chosen["prognos"].sum())


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


def femarsoversikt(entered: pd.DataFrame, nyckeltal: dict[str, float], year: int,
                   nyckeltal_fg: dict[str, float] | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The five years up to `year`: entered values for the earlier years (and for the report year where the
    statements cannot give it), computed values for the report year and, with `nyckeltal_fg` (last year's
    whole-year statements from its ledger), for the year before. Returns the table (nyckeltal, enhet, källa,
    beraknade_ar (the years computed, space-separated), fil and excelrad (where the entered row is), one column
    per year as str) and notes (an entered value that differs from the computed)."""
    years = [year - 4 + i for i in range(5)]
    notes: list[str] = []
    if not len(entered):
        return pd.DataFrame(columns=["nyckeltal", "enhet", "kalla", "beraknade_ar", "fil", "excelrad",
                                     *map(str, years)]), notes
    rows = []
    for name, g in entered.groupby("nyckeltal", sort=False):
        values = dict(zip(g["ar"], g["varde"]))
        key = FEMAR_COMPUTED.get(name)
        computed_years = []
        for ar, figures in ((year, nyckeltal), (year - 1, nyckeltal_fg)):
            computed = figures.get(key) if key and figures is not None else None
            if computed is None or np.isnan(computed):
                continue
            computed_years.append(str(ar))
            if ar in values and not pd.isna(values[ar]) and abs(values[ar] - computed) > 0.05 + 0.001 * abs(computed):
                notes.append(f"Femårsöversikten: {name} {ar} är ifyllt som {values[ar]}, men räkenskaperna ger "
                             f"{computed:.1f}; det beräknade värdet visas.")
            values[ar] = round(computed, 1)
        unit = g["enhet"].dropna()
        rows.append({"nyckeltal": name, "enhet": unit.iloc[0] if len(unit) else "",
                     "kalla": "beräknad" if computed_years else "ifylld", "beraknade_ar": " ".join(computed_years),
                     "fil": g["fil"].iloc[0] if "fil" in g else "",
                     "excelrad": int(g["excelrad"].iloc[0]) if "excelrad" in g else 0,
                     **{str(y): values.get(y, np.nan) for y in years}})
    return pd.DataFrame(rows), notes


def arsredovisning_model(r: Rakenskaper, bokslut, totals: pd.DataFrame, finans_drift: pd.DataFrame, utfall,
                         config, year: int, till: int, prognos_mode: bool, r_fg: Rakenskaper | None = None,
                         nyckeltal_fg: dict[str, float] | None = None) -> Arsredovisning:
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
    skatter_helar = skatter_helarsprognos(finans_drift, utfall, config.kontoplan, config.finans_koder, till) \
        if prognos_mode else None
    nyckeltal = finansiella_nyckeltal(r, bokslut.ansvarsforbindelser, base if prognos_mode else None, skatter_helar)
    nyckeltal["balanskravsresultat"] = float(balanskrav.loc[balanskrav["rad"] == "balanskravsresultat", "belopp"].iloc[0]) / 1e6
    femar, notes = femarsoversikt(bokslut.femar, nyckeltal, year, nyckeltal_fg)
    return Arsredovisning(
        rakenskaper=r, balanskrav=balanskrav, drift_kommun=drift,
        avstamning=avstamning(utfall, config.kontoplan, config.finans_koder, till), prognos=prognos,
        sjukfranvaro=sjukfranvaro(bokslut.personal, config.arsredovisning.sjukfranvaro_dold_till_antal),
        femar=femar, nyckeltal=nyckeltal, nyckeltal_fg=nyckeltal_fg, realisationsvinster_kalla=kalla, notes=tuple(notes), rakenskaper_fg=r_fg)


# Kolada KPIs the kommun's own statements give for its own years: Kolada id -> nyckeltal key
# (finansiella_nyckeltal) and the five-year table's row name.
KOLADA_FROM_STATEMENTS = {
    "N03102": "resultat_andel",          # Årets resultat som andel av skatt & generella statsbidrag (%)
    "N03002": "soliditet_inkl_pension",  # Soliditet inkl. pensionsåtagande (%)
    "N03001": "soliditet",               # Soliditet exkl. pensionsåtagande (%)
}
KALLA_RAKENSKAPER = "Räkenskaperna"
KALLA_PROGNOS = PROGNOS_KALLA   # model.mal.latest_values takes it as the latest value
KALLA_FG = "Föregående års huvudbok"
KALLA_FEMAR = "Femårsöversikten"
EGNA_COLUMNS = ["indikator_id", "nyckeltal", "ar", "period", "varde", "kalla"]


def resultat_andel_prognos(totals: pd.DataFrame, finans_drift: pd.DataFrame, utfall_fg: pd.DataFrame, kontoplan,
                           finans_koder: frozenset[str]) -> float:
    """At a tertial, where no statements are made: the helårsprognos of årets resultat in % of the whole year's
    skatteintäkter och generella statsbidrag. Årets resultat = −(the nämnder's helårsprognos + the
    finansförvaltning's, which is its årsbudget where it has given no prognos of its own); the base is the
    finansförvaltning's skatter verksamheter (found in last year's ledger, as skatter_helarsprognos does) at the
    same figures. NaN when the base cannot be found."""
    if not len(finans_drift) or not len(utfall_fg) or kontoplan is None:
        return np.nan
    own = finans_drift["prognos_forvaltning"] if "prognos_forvaltning" in finans_drift else np.nan
    finans = finans_drift.assign(prognos=pd.Series(own, index=finans_drift.index).fillna(finans_drift["arsbudget"]))
    skatter = skatter_helarsprognos(finans, utfall_fg, kontoplan, finans_koder, 12)
    resultat = -(float(totals["prognos"].sum()) + float(finans["prognos"].sum()))
    return 100 * resultat / skatter if skatter and not np.isnan(skatter) else np.nan


def egna_nyckeltal(year: int, till: int, nyckeltal: dict[str, float] | None, nyckeltal_fg: dict[str, float] | None,
                   femar_entered: pd.DataFrame, resultat_prognos: float = np.nan) -> pd.DataFrame:
    """The kommun's own values of the KOLADA_FROM_STATEMENTS figures, one row per (indikator_id, year), from the
    first source that gives it:
    1. the reporting point's statements (`nyckeltal`; delår and bokslut): at bokslut the year's figures (period
       'ÅÅÅÅ'); at delår årets resultat in % as the helårsprognos (period 'ÅÅÅÅ', källa Helårsprognos) and the
       soliditet figures at the period's balance date (period 'ÅÅÅÅ-MM': a balance at 31 augusti is not the year's);
    2. last year's whole-year statements from its ledger (`nyckeltal_fg`, every reporting point), period 'ÅÅÅÅ-1';
    3. the entered five-year tables (`femar_entered`: nyckeltal, ar, varde; this point's underlag first, then
       last year's bokslutsunderlag) for the years before.
    At a tertial (no statements) årets resultat in % is `resultat_prognos` (resultat_andel_prognos), the year's
    helårsprognos (källa Helårsprognos), so the result goal is judged on this year, not on last year's books.
    Columns EGNA_COLUMNS; values unrounded."""
    names = {key: name for name, key in FEMAR_COMPUTED.items()}
    rows: list[dict] = []
    seen: set[tuple[str, int]] = set()

    def add(kpi: str, key: str, ar: int, period: str, value, kalla: str) -> None:
        if value is None or pd.isna(value) or (kpi, ar) in seen:
            return
        seen.add((kpi, ar))
        rows.append({"indikator_id": kpi, "nyckeltal": key, "ar": ar, "period": period, "varde": float(value),
                     "kalla": kalla})

    for kpi, key in KOLADA_FROM_STATEMENTS.items():
        if nyckeltal is not None:
            if till == 12:
                add(kpi, key, year, str(year), nyckeltal.get(key), KALLA_RAKENSKAPER)
            elif key == "resultat_andel":
                add(kpi, key, year, str(year), nyckeltal.get(key), KALLA_PROGNOS)
            else:
                add(kpi, key, year, f"{year}-{till:02d}", nyckeltal.get(key), KALLA_RAKENSKAPER)
        elif till < 12 and key == "resultat_andel":
            add(kpi, key, year, str(year), resultat_prognos, KALLA_PROGNOS)
        if nyckeltal_fg is not None:
            add(kpi, key, year - 1, str(year - 1), nyckeltal_fg.get(key), KALLA_FG)
        if len(femar_entered) and names.get(key):
            entered = femar_entered[femar_entered["nyckeltal"] == names[key]]
            for r in entered.to_dict("records"):
                if int(r["ar"]) < year:
                    add(kpi, key, int(r["ar"]), str(int(r["ar"])), r["varde"], KALLA_FEMAR)
    return pd.DataFrame(rows, columns=EGNA_COLUMNS).sort_values(["indikator_id", "ar"], ignore_index=True)


def _own_total(values: pd.DataFrame, kommun: str) -> pd.Series:
    """The own kommun's total rows (kön T, no enhet or grupp)."""
    return ((values["kommun"] == kommun) & (values["kon"] == "T") & values["enhet"].isna()
            & values["grupp"].isna()).fillna(False).astype(bool)


def with_own_values(values: pd.DataFrame, egna: pd.DataFrame, kommun: str, indikator_ids) -> pd.DataFrame:
    """A copy of the indicator values where every KPI with own figures (`egna`, of the kommun's indicators
    `indikator_ids`) has the own kommun's series from them alone: its Kolada values for the own kommun are
    removed (every year, so no trend or chart mixes the sources) and the own figures added, rounded to one
    decimal like Kolada's, with their källa. Other kommuner, riket and the group keep Kolada's values."""
    egna = egna[egna["indikator_id"].isin(list(indikator_ids))]
    if not len(egna):
        return values
    drop = _own_total(values, kommun) & values["indikator_id"].isin(list(egna["indikator_id"].unique())).fillna(False)
    extra = pd.DataFrame({
        "indikator_id": egna["indikator_id"].to_numpy(), "kommun": kommun, "period": egna["period"].to_numpy(),
        "ar": egna["ar"].to_numpy(), "kon": "T", "varde": egna["varde"].round(1).to_numpy(),
        "kalla": egna["kalla"].to_numpy()})
    extra = extra.astype({c: values[c].dtype for c in ("indikator_id", "kommun", "period", "kon", "kalla")
                          if c in values.columns and pd.api.types.is_string_dtype(values[c].dtype)
                          and not isinstance(values[c].dtype, pd.CategoricalDtype)} | {"ar": "Int64"})
    return pd.concat([values[~drop.to_numpy()], extra], ignore_index=True)


def kolada_skillnader(values: pd.DataFrame, egna: pd.DataFrame, kommun: str, tolerans: float) -> pd.DataFrame:
    """Where Kolada's value for the own kommun differs from the own figure of the same KPI and year by more
    than `tolerans` (procentenheter): indikator_id, ar, varde (own, unrounded), kolada, kalla. Only whole-year
    own figures are compared (not a helårsprognos, not a balance at a delår date)."""
    cols = ["indikator_id", "ar", "varde", "kolada", "kalla"]
    whole = egna[(egna["period"] == egna["ar"].astype(str)) & (egna["kalla"] != KALLA_PROGNOS)]
    if not len(whole) or not len(values):
        return pd.DataFrame(columns=cols)
    kolada = values[_own_total(values, kommun) & values["varde"].notna()]
    kolada = kolada[["indikator_id", "period", "varde"]].astype({"indikator_id": "string", "period": "string"})
    both = whole.astype({"indikator_id": "string", "period": "string"}).merge(
        kolada.rename(columns={"varde": "kolada"}), on=["indikator_id", "period"])
    off = both[(both["varde"] - both["kolada"]).abs() > tolerans + 1e-9]
    return off[cols].reset_index(drop=True)
