"""The example kommun's delår (Jan–Aug) and bokslut (Jan–Dec) input sets.

`year_end_books(...)` extends the tertial's `Books` to the whole year (generate.bokslut); the `write_*`
functions write:
- `Utfall <år-1>.csv` extras: last year's finansförvaltning, balance accounts and ingående balans;
- `delar/`: `Huvudbok jan-aug <år>.xlsx`, `Rapportunderlag <nämnd> Delår <år>.xlsx`, `Delårsunderlag <år>.xlsx`;
- `bokslut/`: `Huvudbok jan-dec <år>.csv`, `Rapportunderlag <nämnd> Bokslut <år>.xlsx`, `Bokslutsunderlag <år>.xlsx`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pyarrow as pa

from pipeline.config import Config, Namnd
from exempel import bokslut, ledger
from exempel.excel_writer import SheetSpec, write_workbook
from exempel.underlag import Economy
from pipeline.read import kinds


@dataclass
class YearEnd:
    last_extra: pd.DataFrame     # last year's finans + balance + ingående balans cells
    current: pd.DataFrame        # this year's every cell, months 0..12
    economy_delar: Economy
    economy_bokslut: Economy


def _finans_prognos(fin: pd.DataFrame) -> pd.Series:
    value = fin["belopp"] * fin["konto"].map(bokslut.FINANS_OUTCOME).fillna(1.0)
    return (np.round(value.groupby(fin["vht"]).sum() / 1000) * 1000).astype(float)


def year_end_books(config: Config, books, seed: int) -> YearEnd:
    """The whole year of `books` (built to the tertial), the finansförvaltning and the balance accounts."""
    from exempel.kommun import namnd_limits, rng_for

    till_t = config.tillfalle("tertial").till_manad
    fin = bokslut.finans_lines(config)
    fin_last = bokslut.finans_cells(fin, range(1, 13), bokslut.FINANS_LAST, rng_for(seed, 40))
    last_all = pd.concat([books.last, fin_last], ignore_index=True)
    ib_last = bokslut.opening_2025()
    balance_last = bokslut.balance_cells(last_all, ib_last, 2025)
    ib_now = bokslut.closing(ib_last, pd.concat([last_all, balance_last], ignore_index=True))
    last_extra = pd.concat([bokslut.opening_cells(ib_last), fin_last, balance_last], ignore_index=True)

    rest = bokslut.rest_of_year(config, books, seed, till_t)
    inv_rest = bokslut.investment_rest(books.investments, till_t, rng_for(seed, 41))
    namnd_cells = pd.concat([books.current, rest, inv_rest], ignore_index=True)
    fin_now = bokslut.finans_cells(fin, range(1, 13), bokslut.FINANS_OUTCOME, rng_for(seed, 42))
    flows = pd.concat([namnd_cells, fin_now, bokslut.sale_cells(config, 2026)], ignore_index=True)
    balance_now = bokslut.balance_cells(flows, ib_now, 2026)
    current = pd.concat([bokslut.opening_cells(ib_now), flows, balance_now], ignore_index=True)

    delar = config.tillfalle("delar").till_manad
    computed = ledger.computed_prognos(books.lines, books.last, namnd_cells, delar)
    prognos = ledger.forvaltning_prognos(books.lines, computed, namnd_limits(config, books.lines), rng_for(seed, 14))
    fin_budget = fin.groupby("vht")["belopp"].sum().astype(float)
    template = pd.concat([books.lines.groupby("vht")["template"].first(), fin.groupby("vht")["template"].first()])
    eco_delar = Economy(budget=pd.concat([computed["budget"], fin_budget]),
                        prognos=pd.concat([prognos, _finans_prognos(fin)]), template=template, scale={})
    drift = flows[(flows["projekt"] == "") & flows["month"].between(1, 12)]
    utfall = (drift.groupby("vht")["ore"].sum() / 100).round(0)
    eco_bokslut = Economy(budget=eco_delar.budget, prognos=utfall.reindex(eco_delar.budget.index).fillna(0.0),
                          template=template, scale={})
    return YearEnd(last_extra, current, eco_delar, eco_bokslut)


def _table(cells: pd.DataFrame, year: int, rng: np.random.Generator) -> pa.Table:
    """Cells as ledger rows: flows split in 1–3 rows, balance entries and the ingående balans one row each."""
    cells = ledger.sort_cells(cells)
    single = (cells["vht"] == "") & (cells["projekt"] == "")
    counts = np.where(single, 1, rng.integers(1, 4, size=len(cells)))
    return ledger.ledger_table(cells, counts, rng, year)


def by_period(table: pa.Table) -> pa.Table:
    """Rows in period order, stable (rows of the same period keep their order)."""
    order = np.argsort(table.column("Period").to_numpy(), kind="stable")
    return table.take(pa.array(order))


def last_year_table(drift_table: pa.Table, year_end: YearEnd, seed: int, year: int) -> pa.Table:
    """Last year's ledger: the drift rows as before plus the finansförvaltning and balance rows."""
    from exempel.kommun import rng_for

    extra = _table(year_end.last_extra, year, rng_for(seed, 43))
    return by_period(pa.concat_tables([drift_table, extra]))


def current_year_table(year_end: YearEnd, seed: int, year: int) -> pa.Table:
    from exempel.kommun import rng_for

    return by_period(_table(year_end.current, year, rng_for(seed, 44)))


INTERNKONTROLL = {
    "KS": (("Attest av leverantörsfakturor", "Felaktiga utbetalningar", "120 fakturor granskade; 3 saknade andra attest.",
            "Ja", "Påminnelse till attestanter; kontrollen upprepas i oktober."),
           ("Efterlevnad av upphandlingsregler vid direktupphandling", "Otillåten direktupphandling",
            "Stickprov på 25 inköp: samtliga dokumenterade.", "Nej", "")),
    "SN": (("Handläggningstid för förhandsbedömning av orosanmälan", "Barn får inte skydd i tid",
            "94 % inom 14 dagar (krav 100 %).", "Ja", "Veckovis uppföljning av ärendebalansen i mottagningen."),
           ("Dokumentation av beslut om ekonomiskt bistånd", "Felaktiga utbetalningar",
            "40 akter granskade; 2 saknade beslutsmotivering.", "Ja", "Genomgång av rutinen på arbetsplatsträff.")),
    "VON": (("Uppföljning av genomförandeplaner i hemtjänsten", "Insatser motsvarar inte beslut",
             "88 % uppföljda inom sex månader.", "Ja", "Ansvarig samordnare utsedd per område."),
            ("Läkemedelshantering i särskilt boende", "Felmedicinering",
             "Egenkontroll på alla boenden; inga allvarliga avvikelser.", "Nej", "")),
    "BUN": (("Registrering av frånvaro i grundskolan", "Elever med hög frånvaro upptäcks inte",
             "Samtliga skolor registrerar dagligen.", "Nej", ""),),
}


def internkontroll_sheets(namnd: Namnd) -> list[SheetSpec]:
    rows = INTERNKONTROLL.get(namnd.id)
    if not rows:
        return []
    return [SheetSpec("Internkontroll", kinds.headers(kinds.INTERNKONTROLL), rows, widths={1: 50, 2: 35, 3: 55, 5: 55})]


def write_underlag(folder: Path, config: Config, economy: Economy, year: int, tillfalle: str) -> list[Path]:
    from exempel import kommun

    from exempel import extern_regi

    return kommun.write_underlag(folder, config, SimpleNamespace(economy=economy), year, tillfalle,
                                 extra=lambda n: internkontroll_sheets(n) + extern_regi.underlag_sheets(n.id, tillfalle))


HANDELSER_DELAR = (
    ("Kall vinter", "Snörika månader i början av året gav högre kostnader för vinterväghållning.", "januari–mars", "Nej"),
    ("Byggstart för ny förskola Norra", "Kommunens största investering under året påbörjades enligt plan.", "mars", "Nej"),
    ("Ökade placeringskostnader", "Fler och längre placeringar av barn och unga än budgeterat.", "hela perioden", "Nej"),
)
HANDELSER_DELAR_EFTER = (
    ("Höjd skatteprognos", "SKR:s prognos i september höjde skatteunderlaget för 2026 med 0,3 procent.", "september",
     "Ja"),
)
HANDELSER_BOKSLUT = HANDELSER_DELAR + (
    ("Försäljning av mark", "Mark vid Norra industriområdet såldes med en realisationsvinst på 2,1 mnkr.", "september", "Nej"),
    ("Ny skolorganisation beslutad", "Kommunfullmäktige beslutade i februari om en ny skolorganisation från hösten 2027.",
     "februari 2027", "Ja"),
)
# Personal 2026 per (kön, åldersgrupp): antal, ordinarie arbetstid, sjukfrånvaro, varav 60 dagar eller mer (timmar)
PERSONAL = (
    ("Kvinnor", "29 år och yngre", 412, 652_000, 36_500, 10_200),
    ("Kvinnor", "30–49 år", 1_486, 2_480_000, 168_600, 71_800),
    ("Kvinnor", "50 år och äldre", 1_208, 2_010_000, 158_800, 84_100),
    ("Män", "29 år och yngre", 118, 182_000, 6_900, 1_100),
    ("Män", "30–49 år", 402, 676_000, 27_700, 10_300),
    ("Män", "50 år och äldre", 331, 552_000, 27_000, 13_500),
)
FEMAR_YEARS = (2021, 2022, 2023, 2024, 2025)   # last year's five-year table; this year's shows the last four
FEMAR_ENTERED = (
    # nyckeltal, enhet, values 2021–2025 (None: from last year's books), value for the report year (entered-only
    # figures) or None. The example's Kolada series of N03102 and N03002 for the own kommun are these values
    # (generate.goals), so the run summary has no difference between the books and Kolada to warn about.
    ("Antal invånare 31 december", "antal", (44_620, 44_890, 45_120, 45_380, 45_610), 45_790),
    ("Kommunal skattesats", "kr", (21.84, 21.84, 21.84, 21.84, 21.84), 21.84),
    ("Antal tillsvidareanställda", "antal", (3_790, 3_812, 3_866, 3_901, 3_938), 3_957),
    ("Verksamhetens nettokostnad", "mnkr", (2_498.6, 2_612.4, 2_731.9, 2_843.0, None), None),
    ("Skatteintäkter och generella statsbidrag", "mnkr", (2_590.1, 2_698.3, 2_803.5, 2_941.2, None), None),
    ("Årets resultat", "mnkr", (96.9, 71.2, 38.4, 46.0, None), None),
    ("Årets resultat i procent av skatteintäkter och generella statsbidrag", "%", (3.7, 2.6, 1.4, 1.6, None), None),
    ("Nettoinvesteringar", "mnkr", (132.0, 148.2, 171.5, 96.4, None), None),
    ("Soliditet", "%", (43.2, 44.1, 44.6, 45.0, None), None),
    ("Soliditet inklusive pensionsförpliktelser", "%", (14.3, 16.4, 18.5, 20.2, None), None),
    ("Långfristiga skulder", "mnkr", (1_500.0, 1_540.0, 1_590.0, 1_650.0, None), None),
)
FORVANTAD = (
    "Befolkningen väntas fortsätta öka med omkring 0,4 procent per år, främst bland de äldsta och de yngsta. Det ökar "
    "behoven inom äldreomsorg, förskola och skola samtidigt som antalet personer i arbetsför ålder ökar långsammare.",
    "Skatteunderlaget väntas växa svagare 2027 än 2026 enligt SKR:s bedömning. Nämnderna behöver därför fortsätta "
    "anpassa kostnaderna, särskilt för köpta platser inom socialtjänsten och LSS.",
    "Investeringsvolymen är fortsatt hög med förskola Norra och Västra skolan. Låneskulden väntas öka, och det "
    "finansiella målet om ett resultat på minst 2 procent av skatteintäkterna blir viktigt för att begränsa den.",
)
ANSVARSFORBINDELSER = (
    ("Pensionsförpliktelser som inte tagits upp bland skulderna eller avsättningarna, inkl. löneskatt",
     1_018_000_000, 1_064_000_000),
    ("Borgensåtaganden, kommunens bolag", 1_450_000_000, 1_380_000_000),
)
ANSVARSFORBINDELSER_2024 = (1_112_000_000, 1_310_000_000)   # the same posts at the end of the year before last


# The example's bolag (config [[bolag]] in order): summary RR and BR (kr; intäkter, tillgångar, eget kapital and
# skulder positive, kostnader negative; the BR balances, eget kapital includes the year's result), and the interna
# mellanhavanden: (kommunens post, bolagets post, belopp as in the bolag's books, beskrivning).
BOLAG_POSTER = (
    (("Verksamhetens intäkter", 310_000_000), ("Verksamhetens kostnader", -190_000_000), ("Avskrivningar", -70_000_000),
     ("Finansiella kostnader", -38_000_000),
     ("Mark, byggnader och tekniska anläggningar", 2_650_000_000), ("Fordringar", 25_000_000),
     ("Kassa och bank", 60_000_000), ("Eget kapital", 420_000_000), ("Långfristiga skulder", 2_150_000_000),
     ("Kortfristiga skulder", 165_000_000)),
    (("Verksamhetens intäkter", 240_000_000), ("Verksamhetens kostnader", -180_000_000), ("Avskrivningar", -35_000_000),
     ("Finansiella kostnader", -6_000_000),
     ("Mark, byggnader och tekniska anläggningar", 610_000_000), ("Maskiner och inventarier", 90_000_000),
     ("Fordringar", 40_000_000), ("Kassa och bank", 30_000_000), ("Eget kapital", 250_000_000),
     ("Långfristiga skulder", 380_000_000), ("Kortfristiga skulder", 140_000_000)),
)
MELLANHAVANDEN = (
    (("Verksamhetens kostnader", "Verksamhetens intäkter", 45_000_000, "Kommunens lokalhyror till bostadsbolaget"),
     ("Finansiella anläggningstillgångar", "Eget kapital", 150_000_000, "Kommunens aktier mot bolagets aktiekapital"),
     ("Finansiella anläggningstillgångar", "Långfristiga skulder", 200_000_000, "Lån från kommunen")),
    (("Verksamhetens kostnader", "Verksamhetens intäkter", 20_000_000, "Kommunens köp av el och fjärrvärme"),
     ("Finansiella anläggningstillgångar", "Eget kapital", 40_000_000, "Kommunens aktier mot bolagets aktiekapital")),
)


def bolag_sheets(bolag: tuple[str, ...]) -> list[SheetSpec]:
    """Sheets Bolag and Interna mellanhavanden for the configured bolag (none: no sheets)."""
    if not bolag:
        return []
    poster = [(namn, post, belopp) for namn, rows in zip(bolag, BOLAG_POSTER) for post, belopp in rows]
    mellan = [(namn, *row) for namn, rows in zip(bolag, MELLANHAVANDEN) for row in rows]
    return [SheetSpec("Bolag", kinds.headers(kinds.BOLAG), poster, widths={1: 30, 2: 45, 3: 18},
                      number_formats={3: "#,##0"}),
            SheetSpec("Interna mellanhavanden", kinds.headers(kinds.INTERNA_MELLANHAVANDEN), mellan,
                      widths={1: 30, 2: 35, 3: 30, 4: 18, 5: 45}, number_formats={4: "#,##0"})]


def femar_rows(last_year: dict[str, float], year: int, years: tuple[int, ...] = FEMAR_YEARS[1:],
               report_year: bool = True) -> list[tuple]:
    """Rows Nyckeltal, Enhet, one value per year of `years` (of FEMAR_YEARS)[, the report year]: last year's
    computable figures from its books (`last_year`)."""
    rows = []
    for name, unit, values, now in FEMAR_ENTERED:
        by_year = dict(zip(FEMAR_YEARS, (last_year.get(name) if v is None else v for v in values)))
        rows.append((name, unit, *(by_year[y] for y in years), *((now,) if report_year else ())))
    return rows


def write_previous_bokslut_underlag(path: Path, year: int, last_year: dict[str, float]) -> Path:
    """Last year's (`year`) bokslutsunderlag as the example keeps it in inputs/<year>/bokslut: its five-year table
    and Ansvarsförbindelser, the sheets the next year's tertial and delår read for the earlier years' own key
    figures (the other sheets of that year's underlag are not needed again and not written)."""
    return write_workbook(path, [
        SheetSpec("Femårsöversikt", ("Nyckeltal", "Enhet", *FEMAR_YEARS), femar_rows(last_year, year, FEMAR_YEARS,
                                                                                    report_year=False),
                  widths={1: 62}, number_formats={c: "#,##0.0" for c in range(3, 8)}),
        SheetSpec("Ansvarsförbindelser", ("Post", "Belopp (kr)", "Föregående år (kr)"),
                  [(post, fg, before) for (post, _now, fg), before in zip(ANSVARSFORBINDELSER, ANSVARSFORBINDELSER_2024)],
                  widths={1: 80, 2: 18, 3: 18}, number_formats={2: "#,##0", 3: "#,##0"}),
    ], year)


def write_delar_underlag(path: Path, year: int) -> Path:
    return write_workbook(path, [
        SheetSpec("Väsentliga händelser", kinds.headers(kinds.VASENTLIGA_HANDELSER),
                  HANDELSER_DELAR + HANDELSER_DELAR_EFTER,
                  titles=(f"Händelser av väsentlig betydelse januari–augusti {year}",), widths={1: 35, 2: 90, 3: 16}),
    ], year)


def write_bokslut_underlag(path: Path, year: int, last_year: dict[str, float], rur: dict[str, float],
                           bolag: tuple[str, ...] = ()) -> Path:
    header_femar = ("Nyckeltal", "Enhet", *FEMAR_YEARS[1:], year)
    return write_workbook(path, [
        SheetSpec("Väsentliga händelser", kinds.headers(kinds.VASENTLIGA_HANDELSER), HANDELSER_BOKSLUT,
                  widths={1: 35, 2: 90, 3: 16}),
        SheetSpec("Personal", kinds.headers(kinds.PERSONAL), PERSONAL,
                  titles=(f"Personal och sjukfrånvaro {year} (timmar)",), widths={2: 18, 4: 20, 5: 16, 6: 26},
                  number_formats={4: "#,##0", 5: "#,##0", 6: "#,##0"}),
        SheetSpec("Femårsöversikt", header_femar, femar_rows(last_year, year), widths={1: 62},
                  number_formats={c: "#,##0.0" for c in range(3, 8)}),
        SheetSpec("Balanskrav", ("Post", "Belopp (kr)"), sorted(rur.items()), widths={1: 55, 2: 16},
                  number_formats={2: "#,##0"}),
        SheetSpec("Förväntad utveckling", ("Text",), [(t,) for t in FORVANTAD], widths={1: 120}),
        SheetSpec("Ansvarsförbindelser", ("Post", "Belopp (kr)", "Föregående år (kr)"), ANSVARSFORBINDELSER,
                  widths={1: 80, 2: 18, 3: 18}, number_formats={2: "#,##0", 3: "#,##0"}),
        *bolag_sheets(bolag),
    ], year)


def last_year_figures(year_end: YearEnd, last_drift: pd.DataFrame) -> dict[str, float]:
    """Last year's computable five-year figures straight from the cells (mnkr and %, one decimal)."""
    cells = pd.concat([last_drift, year_end.last_extra], ignore_index=True)
    k = cells["konto"].astype(str)
    kr = cells["ore"] / 100
    flows = cells["month"] >= 1
    vnk = float(kr[flows & k.str[0].isin(list("34567"))].sum())
    skatter = -float(kr[flows & k.str[:2].isin(["80", "82", "83"])].sum())
    result = -float(kr[flows & k.str[0].isin(list("345678"))].sum())
    invest = float(kr[flows & k.str.startswith("1") & (cells["projekt"] != "")].sum())
    ub = kr[k.str[0].isin(["1", "2"])].groupby(k[k.str[0].isin(["1", "2"])]).sum()
    assets = float(ub[ub.index.str.startswith("1")].sum())
    equity = -float(ub[ub.index.str.startswith("20")].sum()) + result
    pension = float(ANSVARSFORBINDELSER[0][2])   # the commitment outside the balance sheet at last year's end
    mnkr = lambda v: round(v / 1e6, 1)   # noqa: E731
    return {
        "Verksamhetens nettokostnad": mnkr(vnk),
        "Skatteintäkter och generella statsbidrag": mnkr(skatter),
        "Årets resultat": mnkr(result),
        "Årets resultat i procent av skatteintäkter och generella statsbidrag": round(100 * result / skatter, 1),
        "Nettoinvesteringar": mnkr(invest),
        "Soliditet": round(100 * equity / assets, 1),
        "Soliditet inklusive pensionsförpliktelser": round(100 * (equity - pension) / assets, 1),
        "Långfristiga skulder": mnkr(-float(ub.get("2310", 0.0))),
    }
