"""The example kommun's whole year: finansförvaltning, the rest of 2026, and the balance accounts behind it.

Everything is cell level (one amount per namnd, vht, konto, projekt, month in öre) like `ledger`, and every
cell of a cost, an income or an investment gets its counter entry on a balance account, so each month of the
ledger balances to the öre (debet = kredit):

- personnel costs (5xxx): löner partly paid at once (1930), partly as källskatt (2710) and arbetsgivaravgifter
  (2730) paid the next month; central pensions partly to the pension provision (2210);
- purchases (4xxx, 6xxx, 70–77xx) and investments (klass 1 with projekt) on leverantörsskulder (2440), paid the
  next month; av- och nedskrivningar (78xx) on the accumulated depreciation accounts;
- verksamhetens intäkter on kundfordringar (1510), collected the next month, statsbidrag straight to the bank;
  skatter, generella statsbidrag and finansiella poster straight to the bank;
- designed events: a new loan, an amortisation, a sale of land with a realisationsvinst.

The ingående balans of 2025 is chosen (`OPENING_2025`); 2025's movements and result give 2026's ingående balans.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.config import Config
from exempel import ledger, plan
from exempel.ledger import CELL_COLUMNS

# Finansförvaltningen's budget, template verksamhet -> konto -> kr (ledger sign); the config names its codes.
FINANS_BUDGET = {
    "910": {"8010": -2_555_000_000, "8210": -565_000_000, "8310": 18_000_000},
    "920": {"8410": -14_000_000, "8510": 33_000_000},
    "930": {"5630": 64_000_000},
}
FINANS_OUTCOME = {  # 2026 outcome factor on the budget per konto (a better skatteprognos, higher interest)
    "8010": 1.0035, "8210": 1.0, "8310": 1.0, "8410": 1.15, "8510": 1.08, "5630": 1.06,
}
FINANS_LAST = 0.965  # 2025's level of the finansförvaltning's amounts against 2026's budget
REALISATION_KONTO = "3650"   # försäljning av mark: realisationsvinst (the example's kontoplan lists it)
SALE = {"month": 9, "price": 6_200_000, "book_value": 4_100_000}
LOANS = {2025: ((9, 80_000_000), (12, -20_000_000)), 2026: ((6, 100_000_000), (12, -25_000_000))}
DEPRECIATION_SPLIT = {"1129": 0.55, "1139": 0.30, "1239": 0.15}
PENSION_PROVISION_SHARE = 0.4   # of the central pension cost that builds up the avsättning (2210)
# Reservation to the resultatutjämningsreserv in the year's bokslut (kr): booked in December from 2010 Eget
# kapital to 2050 Resultatutjämningsreserv, and entered in the bokslutsunderlag's Balanskrav sheet (example.py).
RUR_RESERVATION = {2026: 5_000_000}

# Ingående balans 1 January 2025 (kr, ledger sign: assets positive). 2010 Eget kapital balances it.
OPENING_2025 = {
    "1110": 310_000_000, "1120": 2_950_000_000, "1129": -980_000_000, "1130": 1_050_000_000,
    "1139": -340_000_000, "1180": 95_000_000, "1210": 160_000_000, "1219": -85_000_000, "1230": 190_000_000,
    "1239": -105_000_000, "1310": 240_000_000, "1380": 380_000_000, "1410": 9_000_000, "1460": 38_000_000,
    "1510": 31_000_000, "1610": 55_000_000, "1710": 150_000_000, "1930": 210_000_000,
    "2050": -65_000_000, "2210": -230_000_000, "2250": -28_000_000, "2310": -1_650_000_000,
    "2440": -95_000_000, "2710": -38_000_000, "2730": -46_000_000, "2910": -180_000_000, "2920": -115_000_000,
}

KONTON = {
    "1110": "Mark", "1120": "Verksamhetsfastigheter", "1129": "Ackumulerade avskrivningar fastigheter",
    "1130": "Publika fastigheter och tekniska anläggningar", "1139": "Ackumulerade avskrivningar tekniska anläggningar",
    "1210": "Maskiner", "1219": "Ackumulerade avskrivningar maskiner", "1239": "Ackumulerade avskrivningar inventarier",
    "1310": "Aktier och andelar", "1380": "Långfristiga fordringar", "1410": "Förråd", "1460": "Exploateringsfastigheter",
    "1510": "Kundfordringar", "1610": "Övriga kortfristiga fordringar", "1710": "Förutbetalda kostnader och upplupna intäkter",
    "1930": "Bank", "2010": "Eget kapital", "2050": "Resultatutjämningsreserv", "2210": "Avsättning för pensioner",
    "2250": "Avsättning för återställande av deponi", "2310": "Lån i banker och kreditinstitut",
    "2440": "Leverantörsskulder", "2710": "Personalens källskatt", "2730": "Lagstadgade sociala avgifter",
    "2910": "Upplupna kostnader", "2920": "Semesterlöneskuld",
    "3650": "Realisationsvinster vid försäljning av mark", "5630": "Pensionskostnader, centralt",
    "8010": "Kommunalskatt", "8210": "Inkomstutjämningsbidrag", "8310": "Avgift till LSS-utjämningen",
    "8410": "Ränteintäkter", "8510": "Räntekostnader",
}


def finans_codes(config: Config) -> dict[str, str]:
    """Template finans verksamhet -> the config's code (the config's finans verksamheter in order)."""
    codes = [v.kod for v in config.verksamheter if v.finans]
    return dict(zip(FINANS_BUDGET, codes))


def finans_lines(config: Config) -> pd.DataFrame:
    """Budget lines of the finansförvaltning (columns namnd, vht, template, konto, belopp) in kr."""
    codes = finans_codes(config)
    owner = {v.kod: v.namnd for v in config.verksamheter}
    rows = [(owner[codes[t]], codes[t], t, konto, belopp) for t, kontos in FINANS_BUDGET.items() if t in codes
            for konto, belopp in kontos.items()]
    return pd.DataFrame(rows, columns=["namnd", "vht", "template", "konto", "belopp"])


def finans_cells(lines: pd.DataFrame, months: range, level: float | dict[str, float],
                 rng: np.random.Generator) -> pd.DataFrame:
    """Monthly finansförvaltning cells: 1/12 a month, the year's difference settled in December (slutavräkning)."""
    rows = []
    for r in lines.itertuples(index=False):
        factor = level.get(r.konto, 1.0) if isinstance(level, dict) else level
        expected = r.belopp * factor
        monthly = np.full(12, expected / 12.0)
        monthly[11] += expected * rng.normal(0, 0.002)
        for m in months:
            rows.append((r.namnd, r.vht, r.konto, "", m, int(round(monthly[m - 1] * 100))))
    return pd.DataFrame(rows, columns=CELL_COLUMNS)


def rest_of_year(config: Config, books, seed: int, till: int) -> pd.DataFrame:
    """This year's drift cells for months till+1..12, with the same level per line as months 1..till, the
    designed deviations, and the year-end taxa settlement over the whole year."""
    from exempel.kommun import rng_for

    level_now = rng_for(seed, 11).normal(1.0, 0.005, size=len(books.lines))   # as build_economy draws it
    rest = ledger.utfall_cells(books.lines, books.weights, level_now, range(till + 1, 13), 0.01, rng_for(seed, 13),
                               plan.deviation_factors(books.lines))
    drift_so_far = books.current[books.current["projekt"] == ""]
    settled = ledger.settle_taxa(pd.concat([drift_so_far, rest], ignore_index=True), books.lines)
    return settled.iloc[len(drift_so_far):].reset_index(drop=True)


def investment_rest(investments: tuple[plan.Investment, ...], till: int, rng: np.random.Generator) -> pd.DataFrame:
    """Investment spending months till+1..12: each project reaches its year share of the budget."""
    rows = []
    for inv in investments:
        if inv.budget > 0:
            year_share = min(0.95, inv.spent_share_t1 + (0.6 if inv.spent_share_t1 > 0 else 0.45))
            rows += ledger.investment_rows(inv, inv.budget * (year_share - inv.spent_share_t1), range(till + 1, 13), rng)
    return pd.DataFrame(rows, columns=CELL_COLUMNS)


def sale_cells(config: Config, year: int) -> pd.DataFrame:
    """The sale of land in 2026: the realisationsvinst on the finansförvaltning's central verksamhet."""
    if year != 2026:
        return pd.DataFrame(columns=CELL_COLUMNS)
    codes = finans_codes(config)
    owner = {v.kod: v.namnd for v in config.verksamheter}
    vht = codes["930"]
    vinst = SALE["price"] - SALE["book_value"]
    return pd.DataFrame([(owner[vht], vht, REALISATION_KONTO, "", SALE["month"], -vinst * 100)], columns=CELL_COLUMNS)


def _split(total: int, share: float) -> tuple[int, int]:
    """(the share, rounded to whole öre, and the rest) of an amount in öre."""
    first = int(np.round(total * share))
    return first, int(total) - first


def balance_cells(cells: pd.DataFrame, opening: dict[str, int], year: int) -> pd.DataFrame:
    """Counter entries on balance accounts for every drift and investment cell, plus the designed events,
    month by month (nämnd, verksamhet and projekt empty); `opening` in öre gives last year's open items."""
    k = cells["konto"].astype(str)
    month = cells["month"].to_numpy()
    ore = cells["ore"].to_numpy()

    def monthly(mask) -> np.ndarray:
        return np.bincount(month[np.asarray(mask)], weights=ore[np.asarray(mask)], minlength=13).astype(np.int64)

    invest = (cells["projekt"] != "") & k.str.startswith("1")
    lon = monthly(k == "5010")
    soc = monthly(k == "5410")
    pension_namnd = monthly(k.str.startswith("56") & (k != "5630"))
    pension_central = monthly(k == "5630")
    purchases = monthly((k.str[0].isin(["4", "6"]) | (k.str[:1] == "7")) & ~k.str.startswith("78"))
    depreciation = monthly(k.str.startswith("78"))
    statsbidrag = monthly(k == "3510")
    revenue = monthly(k.str.startswith("3") & (k != "3510") & (k != REALISATION_KONTO))
    finance = monthly(k.str[0] == "8")
    investments = monthly(invest)
    vinst = monthly(k == REALISATION_KONTO)

    entries: list[tuple[str, int, int]] = []   # (konto, month, öre)
    open_items = {"2440": -opening.get("2440", 0), "2710": -opening.get("2710", 0),
                  "2730": -opening.get("2730", 0), "1510": opening.get("1510", 0)}
    for m in range(1, 13):
        paid_now, skatt = _split(lon[m], 0.76)
        bank = -paid_now
        entries += [("2710", m, -skatt), ("2730", m, -int(soc[m]))]
        # last month's open items settled this month
        entries += [("2440", m, open_items["2440"]), ("2710", m, open_items["2710"]), ("2730", m, open_items["2730"]),
                    ("1510", m, -open_items["1510"])]
        bank += -open_items["2440"] - open_items["2710"] - open_items["2730"] + open_items["1510"]
        provision, paid = _split(pension_central[m], PENSION_PROVISION_SHARE)
        entries.append(("2210", m, -provision))
        bank -= paid + int(pension_namnd[m])
        entries.append(("2440", m, -int(purchases[m] + investments[m])))
        rest = int(depreciation[m])
        for i, (konto, share) in enumerate(DEPRECIATION_SPLIT.items()):
            part = rest if i == len(DEPRECIATION_SPLIT) - 1 else int(round(depreciation[m] * share))
            rest -= part
            entries.append((konto, m, -part))
        entries.append(("1510", m, -int(revenue[m])))
        bank -= int(statsbidrag[m]) + int(finance[m])
        if vinst[m]:
            entries.append(("1110", m, -SALE["book_value"] * 100))
            bank += SALE["price"] * 100
        for loan_month, amount in LOANS.get(year, ()):
            if loan_month == m:
                entries.append(("2310", m, -amount * 100))
                bank += amount * 100
        if m == 12 and RUR_RESERVATION.get(year):
            entries += [("2010", m, RUR_RESERVATION[year] * 100), ("2050", m, -RUR_RESERVATION[year] * 100)]
        entries.append(("1930", m, bank))
        open_items = {"2440": int(purchases[m] + investments[m]), "2710": skatt, "2730": int(soc[m]),
                      "1510": -int(revenue[m])}
    frame = pd.DataFrame(entries, columns=["konto", "month", "ore"])
    frame = frame.groupby(["month", "konto"], as_index=False, sort=True)["ore"].sum()
    frame = frame[frame["ore"] != 0]
    return pd.DataFrame({"namnd": "", "vht": "", "konto": frame["konto"].to_numpy(), "projekt": "",
                         "month": frame["month"].to_numpy(), "ore": frame["ore"].to_numpy()})[CELL_COLUMNS]


def opening_cells(balances: dict[str, int]) -> pd.DataFrame:
    """Ingående balans as month-0 cells (öre)."""
    rows = [("", "", konto, "", 0, ore) for konto, ore in sorted(balances.items()) if ore != 0]
    return pd.DataFrame(rows, columns=CELL_COLUMNS)


def opening_2025() -> dict[str, int]:
    """The chosen ingående balans of 2025 in öre, balanced by 2010 Eget kapital."""
    ore = {k: v * 100 for k, v in OPENING_2025.items()}
    ore["2010"] = -sum(ore.values())
    return ore


def closing(opening: dict[str, int], cells: pd.DataFrame) -> dict[str, int]:
    """Utgående balans per balance konto (öre), the year's result moved into 2010 Eget kapital."""
    out = dict(opening)
    k = cells["konto"].astype(str)
    balance = k.str[0].isin(["1", "2"])
    for konto, ore in cells[balance].groupby(k[balance])["ore"].sum().items():
        out[konto] = out.get(konto, 0) + int(ore)
    out["2010"] = out.get("2010", 0) + int(cells.loc[~balance, "ore"].sum())
    return out
