"""The demo input set of the example kommun: `generate_example(config, inputs_dir, year, seed)`.

Writes into `inputs_dir/<year>/`:
- `Budget <år>.xlsx`, `Utfall <år-1>.csv`, `Mål och indikatorer <år>.xlsx`, `Kolada <år>.json`,
  `Egna mätningar <år>.xlsx`
- `tertial/Huvudbok jan-apr <år>.xlsx` (a messy export) and `tertial/Rapportunderlag <nämnd> T1 <år>.xlsx`
- `delar/` and `bokslut/` (generate.year_end), and the planning round of the next year in `<år+1>/plan/`
  (generate.plan_round)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute  # noqa: F401  (pa.compute)

from pipeline.config import Config
from exempel import bokslut, extern_regi, kommun, ledger
from pipeline.read import kinds
from exempel.plan_round import write_plan_round
from exempel.year_end import (YearEnd, current_year_table, last_year_figures, last_year_table,
                                        write_bokslut_underlag, write_delar_underlag, write_previous_bokslut_underlag,
                                        write_underlag, year_end_books)
from exempel.excel_writer import MINUS, NBSP, SheetSpec, swedish_amount, write_ledger_csv, write_workbook

MONTH_NAMES = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
TEXT_SHARE = 0.12  # share of Huvudbok amounts written as Swedish-formatted text


def _code(value: str):
    """Codes as a ledger export writes them: numbers where the code is all digits."""
    return int(value) if value.isdigit() and not value.startswith("0") else value


def huvudbok_sheet(frame: pd.DataFrame, kommun_namn: str, year: int, till: int,
                   rng: np.random.Generator, drop_ore: bool = True) -> SheetSpec:
    """The messy current-year export: two title rows, a blank row, header, some amounts as text, Summa.
    With `drop_ore` some large text amounts lose their öre, as some exports do (the ledger then no longer
    balances to the öre: fine for a tertial, not for a delår with its balance sheet)."""
    kr = frame["Belopp"].to_numpy() / 100
    as_text = rng.random(len(frame)) < TEXT_SHARE
    style = rng.integers(0, 3, size=len(frame))
    whole = as_text & (style == 1) & (np.abs(kr) >= 100_000) & drop_ore  # some exports drop öre on large amounts
    kr = np.where(whole, np.round(kr), kr)
    rows = []
    for i, r in enumerate(frame.itertuples(index=False)):
        amount = float(kr[i])
        if as_text[i]:
            minus = MINUS if style[i] == 0 else "-"
            thousands = " " if style[i] == 2 else NBSP
            amount = swedish_amount(amount, 0 if whole[i] else 2, minus=minus, thousands=thousands)
        rows.append((r.År, r.Period, r.Nämnd or None, _code(r.Verksamhet) if r.Verksamhet else None, int(r.Konto), amount,
                     r.Projekt or None))
    total = round(float(np.round(kr * 100).sum()) / 100, 2)
    return SheetSpec(
        "Export", ("År", "Period", "Nämnd", "Vht", "Konto", "Belopp (kr)", "Projekt"), rows,
        titles=(f"{kommun_namn} – Huvudboksexport",
                f"Utfall per period {year}-01 – {year}-{till:02d}, belopp i kr"),
        blank_after_titles=True, footer=("Summa", None, None, None, None, total, None),
        widths={6: 16}, number_formats={6: "#,##0.00"},
    )


# The förvaltning that has not delivered its rapportunderlag at tertial 1 (Motala's Bilaga 4, "Samla in och
# strukturera"): `kommunrapport status 2026 tertial` shows it, `kör` refuses without --tillåt-saknade.
MISSING_AT_TERTIAL = ("KFN",)


def generate_example(config: Config, inputs_dir: Path, year: int = 2026, seed: int = 2026) -> list[Path]:
    """Write the demo input set for `config` into `inputs_dir/<year>/`; return the written paths (sorted)."""
    till = config.tillfalle("tertial").till_manad
    folder = Path(inputs_dir) / str(year)
    books = kommun.build_economy(config, year, seed, till)
    rng = kommun.rng_for(seed, 30)
    year_end = year_end_books(config, books, seed)
    paths = [kommun.write_budget(folder / f"Budget {year}.xlsx", books, year, bokslut.finans_lines(config))]

    last = ledger.ledger_table(ledger.sort_cells(books.last), rng.integers(1, 4, size=len(books.last)), rng, year - 1)
    paths.append(write_ledger_csv(folder / f"Utfall {year - 1}.csv", last_year_table(last, year_end, seed, year - 1)))
    cells = ledger.sort_cells(books.current)
    current = ledger.ledger_table(cells, rng.integers(1, 4, size=len(cells)), rng, year).to_pandas()
    export = huvudbok_sheet(current, config.kommun_namn, year, till, rng)
    paths.append(write_workbook(folder / "tertial" / f"Huvudbok {MONTH_NAMES[0]}-{MONTH_NAMES[till - 1]} {year}.xlsx",
                                [export], year))
    paths += write_year_end(config, folder, year_end, books, year, seed)

    base = kommun.write_kolada(folder / f"Kolada {year}.json", config, seed)
    paths.append(folder / f"Kolada {year}.json")
    mpath, own_base = kommun.write_measurements(folder / f"Egna mätningar {year}.xlsx", year, seed, till)
    paths.append(mpath)
    paths.append(kommun.write_goals(folder / f"Mål och indikatorer {year}.xlsx", config, year, {**base, **own_base}))
    paths += kommun.write_underlag(folder / "tertial", config, books, year,
                                   extra=lambda n: extern_regi.underlag_sheets(n.id, "tertial"),
                                   missing=MISSING_AT_TERTIAL)
    paths += write_previous_plans(Path(inputs_dir) / str(year - 1) / "bokslut", config, year - 1)
    paths += write_plan_round(config, inputs_dir, year + 1)
    return sorted(paths)


def write_year_end(config: Config, folder: Path, year_end: YearEnd, books: kommun.Books, year: int,
                   seed: int) -> list[Path]:
    """`delar/` and `bokslut/`: the whole year's ledger (to August as a messy export, to December as CSV), the
    rapportunderlag of every nämnd, and the central delårs-/bokslutsunderlag workbooks."""
    full = current_year_table(year_end, seed, year)
    delar = config.tillfalle("delar").till_manad
    upto = full.filter(pa.compute.less_equal(full.column("Period"), year * 100 + delar)).to_pandas()
    export = huvudbok_sheet(upto, config.kommun_namn, year, delar, kommun.rng_for(seed, 45), drop_ore=False)
    paths = [write_workbook(folder / "delar" / f"Huvudbok {MONTH_NAMES[0]}-{MONTH_NAMES[delar - 1]} {year}.xlsx",
                            [export], year)]
    paths += write_underlag(folder / "delar", config, year_end.economy_delar, year, "delar")
    paths.append(write_delar_underlag(folder / "delar" / f"Delårsunderlag {year}.xlsx", year))
    paths.append(write_ledger_csv(folder / "bokslut" / f"Huvudbok jan-dec {year}.csv", full))
    paths += write_underlag(folder / "bokslut", config, year_end.economy_bokslut, year, "bokslut")
    figures = last_year_figures(year_end, books.last)
    paths.append(write_bokslut_underlag(folder / "bokslut" / f"Bokslutsunderlag {year}.xlsx", year, figures,
                                        rur_disposition(year), tuple(b.namn for b in config.bolag)))
    paths.append(write_previous_bokslut_underlag(folder.parent / str(year - 1) / "bokslut" /
                                                 f"Bokslutsunderlag {year - 1}.xlsx", year - 1, figures))
    return paths


def rur_disposition(year: int) -> dict[str, float]:
    """The example's balanskrav: part of the year's surplus is put into the resultatutjämningsreserv, the same
    amount the ledger books from eget kapital to the reserve (bokslut.RUR_RESERVATION)."""
    from exempel import bokslut

    amount = bokslut.RUR_RESERVATION.get(year, 0)
    return {"Medel till resultatutjämningsreserv": amount} if amount else {}


def write_previous_plans(folder: Path, config: Config, year: int) -> list[Path]:
    """Last year's bokslut rapportunderlag of every nämnd, only as far as this year's follow-up needs it: sheets
    Prognos (which nämnd) and Åtgärdsplan (plans.PREVIOUS_PLANS, empty for a nämnd without; verksamhet codes as in
    the config), Vård- och omsorgsnämnden's verksamhet in extern regi, and the Nämndbeslut on those plans of
    Vård- och omsorgsnämnden (decided) and Socialnämnden (rejected, one added)."""
    from exempel import plans

    out = []
    known = {v.kod for v in config.verksamheter}
    for namnd in sorted(config.namnder, key=lambda n: n.id):
        namnd_id = namnd.id
        vht = next(v.kod for v in config.verksamheter_for(namnd_id))
        prognos = SheetSpec("Prognos", ("Nämnd", "Verksamhet", "Helårsprognos", "Kommentar"),
                            [(namnd_id, vht, None, "Bokslut: utfallet är årets resultat.")])
        kept = [r for r in plans.PREVIOUS_PLANS.get(namnd_id, []) if r[8] in known or not r[8]]
        plan = SheetSpec("Åtgärdsplan", plans.PLAN_HEADER, kept, widths={4: 50, 5: 40, 10: 40, 17: 40},
                         number_formats={16: "yyyy-mm-dd"})
        out.append(write_workbook(folder / f"Rapportunderlag {namnd_id} Bokslut {year}.xlsx",
                                  [prognos, plan, *extern_regi.bokslut_fg_sheets(namnd_id)], year))
        if namnd_id in plans.PREVIOUS_DECISIONS:
            beslut = SheetSpec(kinds.NAMNDBESLUT_SHEET, kinds.headers(kinds.NAMNDBESLUT),
                               plans.PREVIOUS_DECISIONS[namnd_id], widths={8: 50})
            out.append(write_workbook(folder / f"Nämndbeslut {namnd_id} Bokslut {year}.xlsx", [beslut], year))
    return out


def economy_summary(books: kommun.Books, config: Config) -> pd.DataFrame:
    """Per verksamhet: budget, förvaltningens prognos, both computed prognoses, avvikelse and flag (kr)."""
    c = books.computed.copy()
    c["prognos"] = books.economy.prognos
    c["avvikelse"] = c["budget"] - c["prognos"]
    share = config.troskel.prognos_skillnad_andel
    c["flagga_konto"] = (c["prognos"] - c["prognos_konto"]).abs() > share * c["budget"].abs()
    c["flagga_netto"] = (c["prognos"] - c["prognos_netto"]).abs() > share * c["budget"].abs()
    c["namnd"] = books.lines.groupby("vht")["namnd"].first()
    return c
