"""A large kommun for benchmarks: `generate_scaled(out_dir, year, seed, namnder, verksamheter, ledger_rows)`.

Writes `out_dir/kommun.toml` (same schema as config/kommun.toml) and `out_dir/inputs/<år>/` with the same
kinds of files as the example. The ledgers are CSV (`;`, decimal comma, Windows-1252):
`inputs/<år>/tertial/Huvudbok jan-apr <år>.csv` with exactly `ledger_rows` rows for months 1–4, and
`inputs/<år>/Utfall <år-1>.csv` with 3/4 as many rows for last year's months 1–12. Built vectorised.

The nämnder are the example's eight (KS, BUN, …) followed by stadsdelsnämnder SDN01, SDN02, …; the
verksamheter are units of the example's verksamheter (codes: template code + nämnd number + unit number).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.config import load_config
from exempel import kommun, ledger
from exempel.excel_writer import write_ledger_csv

BASE_NAMNDER = (
    ("KS", "Kommunstyrelsen", "Stadsledningskontoret"),
    ("BUN", "Barn- och utbildningsnämnden", "Barn- och utbildningsförvaltningen"),
    ("GVN", "Gymnasie- och vuxenutbildningsnämnden", "Utbildningsförvaltningen"),
    ("SN", "Socialnämnden", "Socialförvaltningen"),
    ("VON", "Vård- och omsorgsnämnden", "Vård- och omsorgsförvaltningen"),
    ("KFN", "Kultur- och fritidsnämnden", "Kultur- och fritidsförvaltningen"),
    ("TN", "Tekniska nämnden", "Stadsbyggnadsförvaltningen"),
    ("MBN", "Miljö- och byggnämnden", "Stadsbyggnadsförvaltningen"),
)
TEMPLATES = {  # template code -> (namn, the example nämnd it belongs to)
    "100": ("Nämnd- och styrelseverksamhet", "KS"), "110": ("Stöd till politiska partier", "KS"),
    "120": ("Revision", "KS"), "215": ("Fysisk och teknisk planering", "KS"),
    "220": ("Näringslivsfrämjande åtgärder", "KS"), "230": ("Turistverksamhet", "KS"),
    "600": ("Flyktingmottagande", "KS"), "610": ("Arbetsmarknadsåtgärder", "KS"),
    "407": ("Förskola", "BUN"), "412": ("Pedagogisk omsorg", "BUN"), "425": ("Fritidshem", "BUN"),
    "435": ("Förskoleklass", "BUN"), "440": ("Grundskola", "BUN"), "443": ("Anpassad grundskola", "BUN"),
    "450": ("Gymnasieskola", "GVN"), "453": ("Anpassad gymnasieskola", "GVN"),
    "470": ("Grundläggande vuxenutbildning", "GVN"), "472": ("Gymnasial vuxen- och påbyggnadsutbildning", "GVN"),
    "476": ("Svenska för invandrare", "GVN"), "559": ("Vård för vuxna med missbruksproblem", "SN"),
    "569": ("Barn- och ungdomsvård", "SN"), "571": ("Övriga insatser till vuxna", "SN"),
    "575": ("Ekonomiskt bistånd", "SN"), "585": ("Familjerätt och familjerådgivning", "SN"),
    "5101": ("Hemtjänst äldre", "VON"), "5102": ("Särskilt boende äldre", "VON"),
    "5109": ("Övrig vård och omsorg om äldre", "VON"), "513": ("Insatser enligt LSS/SFB", "VON"),
    "520": ("Insatser till personer med funktionsnedsättning (ej LSS/SFB)", "VON"),
    "530": ("Färdtjänst/riksfärdtjänst", "VON"), "300": ("Allmän fritidsverksamhet", "KFN"),
    "315": ("Allmän kulturverksamhet", "KFN"), "320": ("Bibliotek", "KFN"), "330": ("Musikskola/kulturskola", "KFN"),
    "340": ("Idrotts- och fritidsanläggningar", "KFN"), "350": ("Fritidsgårdar", "KFN"),
    "249": ("Väg- och järnvägsnät, parkering", "TN"), "250": ("Parker", "TN"), "270": ("Räddningstjänst", "TN"),
    "865": ("Vattenförsörjning och avloppshantering", "TN"), "870": ("Avfallshantering", "TN"),
    "2151": ("Bygglov och planprövning", "MBN"), "261": ("Miljö- och hälsoskydd, myndighetsutövning", "MBN"),
    "263": ("Miljö, hälsa och hållbar utveckling", "MBN"), "267": ("Alkoholtillstånd m.m.", "MBN"),
}
DISTRICT_POOL = ("407", "440", "5101", "5102", "425", "435", "569", "575", "443", "5109", "520", "571", "300",
                 "320", "350")


def _structure(namnder: int, verksamheter: int) -> tuple[list[tuple], list[tuple]]:
    """Nämnder (id, namn, förvaltning) and verksamheter (kod, namn, nämnd, template, scale)."""
    nlist = list(BASE_NAMNDER[:namnder])
    for i in range(len(nlist), namnder):
        n = i - len(BASE_NAMNDER) + 1
        nlist.append((f"SDN{n:02d}", f"Stadsdelsnämnd {n}", f"Stadsdelsförvaltning {n}"))
    vlist = []
    counts = [verksamheter // namnder + (1 if i < verksamheter % namnder else 0) for i in range(namnder)]
    for i, ((nid, _, _), count) in enumerate(zip(nlist, counts)):
        pool = [t for t, (_, owner) in TEMPLATES.items() if owner == nid] or list(DISTRICT_POOL)
        for j in range(count):
            template, unit = pool[j % len(pool)], j // len(pool) + 1
            name = TEMPLATES[template][0]
            if nid == TEMPLATES[template][1] and unit == 1:
                vlist.append((template, name, nid, template, 1.0))
            else:
                scale = 0.5 if not nid.startswith("SDN") else 0.3
                vlist.append((f"{template}{i + 1:02d}{unit:02d}", f"{name} – {nid} enhet {unit}", nid, template, scale))
    codes = [v[0] for v in vlist]
    assert len(set(codes)) == len(codes), "verksamhet codes must be unique"
    return nlist, vlist


def config_text(namnder: list[tuple[str, str, str]], verksamheter: list[tuple]) -> str:
    """kommun.toml for the scaled kommun (comments in Swedish, like config/kommun.toml)."""
    out = ['# Kommunrapport – konfiguration för skalningstestets storkommun (genererad av "python -m '
           'exempel --skala").', "",
           "[kommun]", 'namn = "Storkommun (skalningstest)"', 'kod = "0998"                      '
           "# påhittad kommunkod", 'jamforelsegrupp = ["0180", "1480", "1280", "0380", "1980", "0580"]', "",
           "[rapporttillfalle.tertial]", 'namn = "Tertialrapport 1"', "till_manad = 4",
           "[rapporttillfalle.delar]", 'namn = "Delårsrapport"', "till_manad = 8",
           "[rapporttillfalle.bokslut]", 'namn = "Årsredovisning"', "till_manad = 12", "",
           "[troskel]", "ekonomisk_avvikelse_andel = 0.01", "ekonomisk_avvikelse_tkr = 1000",
           "prognos_skillnad_andel = 0.02", "",
           "[malbedomning]", "uppfyllt_andel = 0.75", "delvis_andel = 0.4", ""]
    for nid, namn, forv in namnder:
        out += ["[[namnd]]", f'id = "{nid}"', f'namn = "{namn}"', f'forvaltning = "{forv}"']
    out.append("")
    for kod, namn, nid, _, _ in verksamheter:
        out += ["[[verksamhet]]", f'kod = "{kod}"', f'namn = "{namn}"', f'namnd = "{nid}"']
    return "\n".join(out) + "\n"


def allocate(weights: np.ndarray, total: int) -> np.ndarray:
    """Split `total` rows over cells in proportion to `weights`, at least one per cell used (largest remainder).

    With fewer rows than cells, only the `total` heaviest cells get a row (the others get 0).
    """
    n = len(weights)
    if total < n:
        counts = np.zeros(n, dtype=np.int64)
        counts[np.argsort(-weights, kind="stable")[:total]] = 1
        return counts
    raw = weights / weights.sum() * (total - n)
    counts = np.floor(raw).astype(np.int64)
    rest = total - n - counts.sum()
    counts[np.argsort(-(raw - counts), kind="stable")[:rest]] += 1
    return counts + 1


def _ledger_csv(path: Path, cells: pd.DataFrame, rows: int, year: int, rng: np.random.Generator) -> Path:
    cells = ledger.sort_cells(cells)
    counts = allocate(np.sqrt(np.abs(cells["ore"].to_numpy()).astype(float)) + 1.0, rows)
    return write_ledger_csv(path, ledger.ledger_table(cells, counts, rng, year))


def generate_scaled(out_dir: Path, year: int = 2026, seed: int = 2026, namnder: int = 30,
                    verksamheter: int = 600, ledger_rows: int = 2_000_000) -> Path:
    """Write the scaled kommun's config and inputs into `out_dir`; return `out_dir`."""
    out_dir = Path(out_dir)
    nlist, vlist = _structure(namnder, verksamheter)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "kommun.toml").write_text(config_text(nlist, vlist), encoding="utf-8")
    config = load_config(out_dir / "kommun.toml")
    template_of = {v[0]: v[3] for v in vlist}
    scale_of = {v[0]: v[4] for v in vlist}
    till = config.tillfalle("tertial").till_manad
    folder = out_dir / "inputs" / str(year)

    books = kommun.build_economy(config, year, seed, till, template_of, scale_of)
    rng = kommun.rng_for(seed, 40)
    kommun.write_budget(folder / f"Budget {year}.xlsx", books, year)
    _ledger_csv(folder / f"Utfall {year - 1}.csv", books.last, ledger_rows * 3 // 4, year - 1, rng)
    _ledger_csv(folder / "tertial" / f"Huvudbok jan-apr {year}.csv", books.current, ledger_rows, year, rng)
    base = kommun.write_kolada(folder / f"Kolada {year}.json", config, seed)
    _, own_base = kommun.write_measurements(folder / f"Egna mätningar {year}.xlsx", year, seed, till)
    kommun.write_goals(folder / f"Mål och indikatorer {year}.xlsx", config, year, {**base, **own_base}, template_of)
    kommun.write_underlag(folder / "tertial", config, books, year, text_prognos=("SN", "SDN03"))
    return out_dir
