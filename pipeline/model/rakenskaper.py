"""The kommun's financial statements from the ledger: resultaträkning, balansräkning, kassaflödesanalys and
balanskravsutredning (LKBR 5 kap. resultaträkning, 6 kap. balansräkning, 8 kap. kassaflödesanalys; the
balanskravsutredning of the förvaltningsberättelse, LKBR 11 kap. and kommunallagen 11 kap.), all pure
functions on staged frames.

Signs: the ledger has debet positive. The statements show amounts as a reader expects them: intäkter and
tillgångar positive, kostnader negative in the resultaträkning, eget kapital, avsättningar and skulder
positive in the balansräkning. Every function returns a frame with one row per line of the statement:
`rad` (id), `namn` (Swedish), `niva` ("rubrik", "post", "summa") and the amount column(s), in the law's order.

A ledger's `manad` 0 holds the ingående balans; months 1..till are the period.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.config.kontoplan import Kontoplan
from pipeline.config.kontoklass import is_balance

# (rad, namn, niva, summed rows for a "summa")
RR_LAYOUT: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("verksamhetens_intakter", "Verksamhetens intäkter", "post", ()),
    ("verksamhetens_kostnader", "Verksamhetens kostnader", "post", ()),
    ("avskrivningar", "Avskrivningar", "post", ()),
    ("verksamhetens_nettokostnader", "Verksamhetens nettokostnader", "summa",
     ("verksamhetens_intakter", "verksamhetens_kostnader", "avskrivningar")),
    ("skatteintakter", "Skatteintäkter", "post", ()),
    ("generella_statsbidrag_och_utjamning", "Generella statsbidrag och utjämning", "post", ()),
    ("verksamhetens_resultat", "Verksamhetens resultat", "summa",
     ("verksamhetens_nettokostnader", "skatteintakter", "generella_statsbidrag_och_utjamning")),
    ("finansiella_intakter", "Finansiella intäkter", "post", ()),
    ("finansiella_kostnader", "Finansiella kostnader", "post", ()),
    ("resultat_efter_finansiella_poster", "Resultat efter finansiella poster", "summa",
     ("verksamhetens_resultat", "finansiella_intakter", "finansiella_kostnader")),
    ("extraordinara_poster", "Extraordinära poster", "post", ()),
    ("arets_resultat", "Årets resultat", "summa", ("resultat_efter_finansiella_poster", "extraordinara_poster")),
)
VNK_ROWS = ("verksamhetens_intakter", "verksamhetens_kostnader", "avskrivningar")

MATERIELLA = ("immateriella_anlaggningstillgangar", "mark_byggnader_och_tekniska_anlaggningar",
              "maskiner_och_inventarier", "ovriga_materiella_anlaggningstillgangar")
EGET_KAPITAL = ("eget_kapital", "resultatutjamningsreserv", "arets_resultat")
AVSATTNINGAR = ("avsattningar_for_pensioner", "andra_avsattningar")
CREDIT_SIDE = (*EGET_KAPITAL, *AVSATTNINGAR, "langfristiga_skulder", "kortfristiga_skulder")

BR_LAYOUT: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("tillgangar", "Tillgångar", "rubrik", ()),
    ("anlaggningstillgangar", "Anläggningstillgångar", "rubrik", ()),
    ("immateriella_anlaggningstillgangar", "Immateriella anläggningstillgångar", "post", ()),
    ("materiella", "Materiella anläggningstillgångar", "rubrik", ()),
    ("mark_byggnader_och_tekniska_anlaggningar", "Mark, byggnader och tekniska anläggningar", "post", ()),
    ("maskiner_och_inventarier", "Maskiner och inventarier", "post", ()),
    ("ovriga_materiella_anlaggningstillgangar", "Övriga materiella anläggningstillgångar", "post", ()),
    ("finansiella_anlaggningstillgangar", "Finansiella anläggningstillgångar", "post", ()),
    ("bidrag_till_infrastruktur", "Bidrag till infrastruktur", "post", ()),
    ("summa_anlaggningstillgangar", "Summa anläggningstillgångar", "summa",
     (*MATERIELLA, "finansiella_anlaggningstillgangar", "bidrag_till_infrastruktur")),
    ("omsattningstillgangar", "Omsättningstillgångar", "rubrik", ()),
    ("forrad_med_mera", "Förråd m.m.", "post", ()),
    ("fordringar", "Fordringar", "post", ()),
    ("kortfristiga_placeringar", "Kortfristiga placeringar", "post", ()),
    ("kassa_och_bank", "Kassa och bank", "post", ()),
    ("summa_omsattningstillgangar", "Summa omsättningstillgångar", "summa",
     ("forrad_med_mera", "fordringar", "kortfristiga_placeringar", "kassa_och_bank")),
    ("summa_tillgangar", "Summa tillgångar", "summa", ("summa_anlaggningstillgangar", "summa_omsattningstillgangar")),
    ("ek_avsattningar_skulder", "Eget kapital, avsättningar och skulder", "rubrik", ()),
    ("eget_kapital_rubrik", "Eget kapital", "rubrik", ()),
    ("br_arets_resultat", "Årets resultat", "post", ()),
    ("resultatutjamningsreserv", "Resultatutjämningsreserv", "post", ()),
    ("ovrigt_eget_kapital", "Övrigt eget kapital", "post", ()),
    ("summa_eget_kapital", "Summa eget kapital", "summa",
     ("br_arets_resultat", "resultatutjamningsreserv", "ovrigt_eget_kapital")),
    ("avsattningar", "Avsättningar", "rubrik", ()),
    ("avsattningar_for_pensioner", "Avsättningar för pensioner och liknande förpliktelser", "post", ()),
    ("andra_avsattningar", "Andra avsättningar", "post", ()),
    ("summa_avsattningar", "Summa avsättningar", "summa", AVSATTNINGAR),
    ("skulder", "Skulder", "rubrik", ()),
    ("langfristiga_skulder", "Långfristiga skulder", "post", ()),
    ("kortfristiga_skulder", "Kortfristiga skulder", "post", ()),
    ("summa_skulder", "Summa skulder", "summa", ("langfristiga_skulder", "kortfristiga_skulder")),
    ("summa_ek_avsattningar_skulder", "Summa eget kapital, avsättningar och skulder", "summa",
     ("summa_eget_kapital", "summa_avsattningar", "summa_skulder")),
)

BALANSKRAV_JUSTERINGAR = (
    # (rad, namn, sign applied to the entered positive amount)
    ("undantag_realisationsvinster", "Realisationsvinster enligt undantagsmöjlighet", 1),
    ("undantag_realisationsforluster", "Realisationsförluster enligt undantagsmöjlighet", -1),
    ("orealiserade_forluster", "Orealiserade förluster i värdepapper", 1),
    ("aterforing_orealiserade_forluster", "Återföring av orealiserade förluster i värdepapper", -1),
)
BALANSKRAV_RUR = (
    ("medel_till_rur", "Medel till resultatutjämningsreserv", -1),
    ("medel_fran_rur", "Medel från resultatutjämningsreserv", 1),
)
BALANSKRAV_POSTER = {namn: rad for rad, namn, _ in (*BALANSKRAV_JUSTERINGAR, *BALANSKRAV_RUR)} | {
    "Underskott från tidigare år att återställa": "underskott_tidigare_ar"}


@dataclass(frozen=True)
class Rakenskaper:
    """The statements of one period (and the comparison figures), with the ledger sums they rest on."""

    resultatrakning: pd.DataFrame      # rad, namn, niva, belopp, belopp_fg (same period last year; NaN if none)
    balansrakning: pd.DataFrame        # rad, namn, niva, ib (last year-end), ub (period end)
    kassaflodesanalys: pd.DataFrame    # rad, namn, niva, belopp
    realisationsvinster: float         # display sign (positive = vinst), in the period
    realisationsforluster: float       # display sign (negative = förlust), in the period
    ingaende_balans_kalla: str         # "huvudbok" (period 00 of the year), "föregående år" or "saknas"
    okopplade_konton: tuple[str, ...]  # konton in the ledger that no row covers (validation stops these)


def with_rad(utfall: pd.DataFrame, kontoplan: Kontoplan) -> pd.DataFrame:
    """A copy of `utfall` with column `rad` (the statement row of each konto; missing if unmapped)."""
    return utfall.assign(rad=kontoplan.rad_for(utfall["konto"]))


def _sum_by_rad(rows: pd.DataFrame) -> pd.Series:
    return rows.groupby("rad", observed=True)["belopp"].sum() if len(rows) else pd.Series(dtype="float64")


def _evaluate(layout, values: dict[str, float]) -> list[float]:
    """Amounts per layout row: posts from `values` (missing = 0), sums of earlier rows, rubriker NaN."""
    out: dict[str, float] = {}
    for rad, _namn, niva, parts in layout:
        if niva == "rubrik":
            out[rad] = np.nan
        elif niva == "summa":
            out[rad] = float(sum(out[p] for p in parts))
        else:
            out[rad] = float(values.get(rad, 0.0))
    return [out[r[0]] for r in layout]


def _frame(layout, **columns: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"rad": [r[0] for r in layout], "namn": [r[1] for r in layout],
                         "niva": [r[2] for r in layout], **columns})


def rr_values(period_rows: pd.DataFrame) -> dict[str, float]:
    """Resultaträkning posts in display sign (intäkter positive) from ledger rows with `rad`."""
    sums = _sum_by_rad(period_rows)
    return {rad: -float(sums.get(rad, 0.0)) for rad, _n, niva, _p in RR_LAYOUT if niva == "post"}


def resultatrakning(period: pd.DataFrame, period_fg: pd.DataFrame | None) -> pd.DataFrame:
    """RR for the period (rows with `rad`, months already selected) beside last year's same period."""
    now = _evaluate(RR_LAYOUT, rr_values(period))
    fg = _evaluate(RR_LAYOUT, rr_values(period_fg)) if period_fg is not None and len(period_fg) else [np.nan] * len(RR_LAYOUT)
    return _frame(RR_LAYOUT, belopp=now, belopp_fg=fg)


def _balance_display(sums: pd.Series) -> dict[str, float]:
    return {rad: (-1.0 if rad in CREDIT_SIDE else 1.0) * float(v) for rad, v in sums.items()}


def _br_column(balances: dict[str, float], arets_resultat: float) -> dict[str, float]:
    """BR posts from display balances per mapped row; the year's result is its own post."""
    values = {r: balances.get(r, 0.0) for r in (*MATERIELLA, "finansiella_anlaggningstillgangar",
                                                 "bidrag_till_infrastruktur", "forrad_med_mera", "fordringar",
                                                 "kortfristiga_placeringar", "kassa_och_bank", *AVSATTNINGAR,
                                                 "langfristiga_skulder", "kortfristiga_skulder",
                                                 "resultatutjamningsreserv")}
    values["br_arets_resultat"] = arets_resultat
    values["ovrigt_eget_kapital"] = balances.get("eget_kapital", 0.0) + balances.get("arets_resultat", 0.0)
    return values


def opening_rows(utfall: pd.DataFrame, utfall_fg: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The ingående balans as ledger rows (with `rad`): the year's period 00 rows if any, else last year's
    closing balance (its period 00 and all its months) with last year's result moved into eget kapital."""
    ib = utfall[(utfall["manad"] == 0)]
    if len(ib):
        return ib, "huvudbok"
    balance = is_balance(utfall_fg["konto"])
    balance_fg = utfall_fg[balance]
    if not len(balance_fg):
        return ib, "saknas"
    result_fg = utfall_fg[~balance & (utfall_fg["manad"] >= 1)]["belopp"].sum()
    rad = pd.Categorical(["eget_kapital"], categories=balance_fg["rad"].cat.categories)   # same categories: cheap concat
    transfer = pd.DataFrame({"rad": rad, "belopp": [float(result_fg)]})
    return pd.concat([balance_fg[["rad", "belopp"]], transfer], ignore_index=True), "föregående år"


def balansrakning(opening: pd.DataFrame, period: pd.DataFrame, arets_resultat: float,
                  arets_resultat_fg: float | None) -> pd.DataFrame:
    """BR at the period end (ub) beside the last year-end (ib), from ledger rows with `rad`."""
    ib_bal = _balance_display(_sum_by_rad(opening))
    ub_sums = _sum_by_rad(pd.concat([opening[["rad", "belopp"]], period[["rad", "belopp"]]], ignore_index=True))
    ub_bal = _balance_display(ub_sums)
    ib_values = _br_column(ib_bal, 0.0)
    if arets_resultat_fg is not None and not np.isnan(arets_resultat_fg):
        # Last year-end's result shown on its own line, taken out of övrigt eget kapital where it is booked.
        ib_values["br_arets_resultat"] = arets_resultat_fg
        ib_values["ovrigt_eget_kapital"] -= arets_resultat_fg
    ub_values = _br_column(ub_bal, arets_resultat)
    return _frame(BR_LAYOUT, ib=_evaluate(BR_LAYOUT, ib_values), ub=_evaluate(BR_LAYOUT, ub_values))


KFA_LAYOUT: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("lopande", "Den löpande verksamheten", "rubrik", ()),
    ("arets_resultat", "Årets resultat", "post", ()),
    ("justering_avskrivningar", "Justering för av- och nedskrivningar", "post", ()),
    ("justering_avsattningar", "Justering för gjorda avsättningar", "post", ()),
    ("justering_realisation", "Justering för realisationsvinster och -förluster", "post", ()),
    ("justering_eget_kapital", "Poster bokförda direkt mot eget kapital", "post", ()),
    ("fore_rorelsekapital", "Medel från verksamheten före förändring av rörelsekapital", "summa",
     ("arets_resultat", "justering_avskrivningar", "justering_avsattningar", "justering_realisation",
      "justering_eget_kapital")),
    ("forandring_forrad", "Ökning (−) / minskning (+) av förråd m.m.", "post", ()),
    ("forandring_fordringar", "Ökning (−) / minskning (+) av kortfristiga fordringar", "post", ()),
    ("forandring_kortfristiga_skulder", "Ökning (+) / minskning (−) av kortfristiga skulder", "post", ()),
    ("kassaflode_lopande", "Kassaflöde från den löpande verksamheten", "summa",
     ("fore_rorelsekapital", "forandring_forrad", "forandring_fordringar", "forandring_kortfristiga_skulder")),
    ("investering", "Investeringsverksamheten", "rubrik", ()),
    ("investering_materiella", "Investering i immateriella och materiella anläggningstillgångar", "post", ()),
    ("forsaljning_materiella", "Försäljning av materiella anläggningstillgångar", "post", ()),
    ("forandring_finansiella", "Investering i (−) / försäljning av (+) finansiella anläggningstillgångar", "post", ()),
    ("forandring_infrastruktur", "Bidrag till infrastruktur", "post", ()),
    ("forandring_placeringar", "Ökning (−) / minskning (+) av kortfristiga placeringar", "post", ()),
    ("kassaflode_investering", "Kassaflöde från investeringsverksamheten", "summa",
     ("investering_materiella", "forsaljning_materiella", "forandring_finansiella", "forandring_infrastruktur",
      "forandring_placeringar")),
    ("finansiering", "Finansieringsverksamheten", "rubrik", ()),
    ("nyupptagna_lan", "Nyupptagna lån", "post", ()),
    ("amortering", "Amortering av skuld", "post", ()),
    ("kassaflode_finansiering", "Kassaflöde från finansieringsverksamheten", "summa", ("nyupptagna_lan", "amortering")),
    ("arets_kassaflode", "Årets kassaflöde", "summa",
     ("kassaflode_lopande", "kassaflode_investering", "kassaflode_finansiering")),
    ("likvida_medel_ib", "Likvida medel vid periodens början", "post", ()),
    ("likvida_medel_ub", "Likvida medel vid periodens slut", "summa", ("likvida_medel_ib", "arets_kassaflode")),
)


def kassaflodesanalys(opening: pd.DataFrame, period: pd.DataFrame, rr: pd.DataFrame, realisationsvinster: float,
                      realisationsforluster: float) -> pd.DataFrame:
    """Kassaflödesanalys by the indirect method from the period's ledger rows (with `rad`) and the RR.

    Investments are the debits on the anläggningstillgångar accounts; what else left those accounts besides the
    av- och nedskrivningar is the book value of what was sold. Likvida medel = kassa och bank. The closing
    line is computed from the flows: that it equals the balansräkning's kassa och bank is a check
    (pipeline.model.granskning), true when the ledger balances and every konto has a row.
    """
    change = _sum_by_rad(period)            # ledger sign
    d = lambda rad: float(change.get(rad, 0.0))   # noqa: E731
    rr_of = dict(zip(rr["rad"], rr["belopp"]))
    avskrivningar = -rr_of["avskrivningar"]     # positive cost
    materiella = period[period["rad"].isin(MATERIELLA)]
    investeringar = float(materiella.loc[materiella["belopp"] > 0, "belopp"].sum())
    bokfort_varde = investeringar - avskrivningar - sum(d(r) for r in MATERIELLA)
    loans = period[period["rad"] == "langfristiga_skulder"]
    values = {
        "arets_resultat": rr_of["arets_resultat"],
        "justering_avskrivningar": avskrivningar,
        "justering_avsattningar": -sum(d(r) for r in AVSATTNINGAR),
        "justering_realisation": -(realisationsvinster + realisationsforluster),
        "justering_eget_kapital": -sum(d(r) for r in EGET_KAPITAL),
        "forandring_forrad": -d("forrad_med_mera"),
        "forandring_fordringar": -d("fordringar"),
        "forandring_kortfristiga_skulder": -d("kortfristiga_skulder"),
        "investering_materiella": -investeringar,
        "forsaljning_materiella": bokfort_varde + realisationsvinster + realisationsforluster,
        "forandring_finansiella": -d("finansiella_anlaggningstillgangar"),
        "forandring_infrastruktur": -d("bidrag_till_infrastruktur"),
        "forandring_placeringar": -d("kortfristiga_placeringar"),
        "nyupptagna_lan": -float(loans.loc[loans["belopp"] < 0, "belopp"].sum()),
        "amortering": -float(loans.loc[loans["belopp"] > 0, "belopp"].sum()),
        "likvida_medel_ib": float(_sum_by_rad(opening).get("kassa_och_bank", 0.0)),
    }
    return _frame(KFA_LAYOUT, belopp=_evaluate(KFA_LAYOUT, values))


def realisation(period: pd.DataFrame, kontoplan: Kontoplan) -> tuple[float, float]:
    """(realisationsvinster, realisationsförluster) in display sign from the specification accounts."""
    vinst = -float(period.loc[kontoplan.matches(period["konto"], "realisationsvinster"), "belopp"].sum())
    forlust = -float(period.loc[kontoplan.matches(period["konto"], "realisationsforluster"), "belopp"].sum())
    return vinst, forlust


def period_rows(utfall: pd.DataFrame, till: int) -> pd.DataFrame:
    """Rows of months 1..till (the ingående balans, month 0, excluded)."""
    return utfall[(utfall["manad"] >= 1) & (utfall["manad"] <= till)]


def rakenskaper(utfall: pd.DataFrame, utfall_fg: pd.DataFrame, kontoplan: Kontoplan, till: int) -> Rakenskaper:
    """All statements of the period 1..till of the year (`utfall`), with last year (`utfall_fg`) beside."""
    now = with_rad(utfall, kontoplan)
    fg = with_rad(utfall_fg, kontoplan)
    period = period_rows(now, till)
    period_fg = period_rows(fg, till) if len(fg) else None
    rr = resultatrakning(period, period_fg)
    opening, source = opening_rows(now, fg)
    full_fg = period_rows(fg, 12)
    result_fg = rr_values(full_fg) if len(full_fg) else None
    arets_resultat_fg = float(sum(result_fg.values())) if result_fg else None
    rr_now = dict(zip(rr["rad"], rr["belopp"]))
    br = balansrakning(opening, period, rr_now["arets_resultat"], arets_resultat_fg)
    vinst, forlust = realisation(period, kontoplan)
    kfa = kassaflodesanalys(opening, period, rr, vinst, forlust)
    unmapped = tuple(sorted(set(now.loc[now["rad"].isna(), "konto"].dropna().astype(str))))
    return Rakenskaper(rr, br, kfa, vinst, forlust, source, unmapped)


def balanskravsutredning(arets_resultat: float, realisationsvinster: float, poster: dict[str, float]) -> pd.DataFrame:
    """The balanskravsutredning (LKBR 12 kap.) with its standard lines; `poster` are the entered amounts by rad
    (BALANSKRAV_POSTER; positive numbers, the line's sign is applied here). Columns rad, namn, niva, belopp."""
    rows: list[tuple[str, str, str, float]] = [
        ("arets_resultat", "Årets resultat enligt resultaträkningen", "post", arets_resultat),
        ("samtliga_realisationsvinster", "Samtliga realisationsvinster", "post", -realisationsvinster),
    ]
    rows += [(rad, namn, "post", sign * poster.get(rad, 0.0)) for rad, namn, sign in BALANSKRAV_JUSTERINGAR]
    efter = sum(r[3] for r in rows)
    rows.append(("resultat_efter_justeringar", "Årets resultat efter balanskravsjusteringar", "summa", efter))
    rur = [(rad, namn, "post", sign * poster.get(rad, 0.0)) for rad, namn, sign in BALANSKRAV_RUR]
    rows += rur
    rows.append(("balanskravsresultat", "Årets balanskravsresultat", "summa", efter + sum(r[3] for r in rur)))
    rows.append(("underskott_tidigare_ar", "Underskott från tidigare år att återställa", "post",
                 -poster.get("underskott_tidigare_ar", 0.0)))
    return pd.DataFrame(rows, columns=["rad", "namn", "niva", "belopp"])
