"""Stage the economic inputs: budget (with periodisering), investeringsbudget and utfall (ledger).

Staging only renames, casts and checks; it never joins. Output columns:
- budget: namnd, verksamhet, konto, belopp, m01…m12 (kr per month; shares are turned into amounts)
- investeringsbudget: projekt, projektnamn, namnd, budget
- utfall: ar, manad, namnd, verksamhet, konto, belopp, projekt
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.config import Config
from pipeline.config.kontoklass import BALANCE_CLASSES, DRIFT_CLASSES, is_balance
from pipeline.context.format import number
from pipeline.config.problems import Problems
from pipeline.read.table import RawTable
from pipeline.staging.cast import parse_amount, parse_code, parse_int, parse_key, parse_text
from pipeline.staging.checks import check_amount, check_konto, check_namnd, check_verksamhet, check_year, duplicated_keys, report, required, show

MONTH_KEYS = [f"m{i:02d}" for i in range(1, 13)]
SHARE_TOLERANCE = 0.001
AMOUNT_TOLERANCE_KR = 1.0

BUDGET_COLUMNS = ["namnd", "verksamhet", "konto", "belopp", *MONTH_KEYS]
UTFALL_COLUMNS = ["ar", "manad", "namnd", "verksamhet", "konto", "belopp", "projekt"]


def _owners(config: Config) -> dict[str, str]:
    return {v.kod: v.namnd for v in config.verksamheter}


def stage_budget(table: RawTable, config: Config, year: int, problems: Problems) -> pd.DataFrame:
    """One Budget sheet -> budget rows with monthly amounts (columns BUDGET_COLUMNS)."""
    f = table.frame
    _, bad_year = check_year(problems, table, (year,))
    namnd = parse_code(f["namnd"])
    bad_namnd = check_namnd(problems, table, namnd, [n.id for n in config.namnder])
    verksamhet = parse_code(f["verksamhet"])
    if config.verksamheter_fran_budget:   # the Budget defines them (staging.verksamheter checked its nämnder)
        required(problems, table, "verksamhet", verksamhet, "Verksamhet")
    else:
        check_verksamhet(problems, table, verksamhet, namnd, _owners(config), bad_namnd)
    konto = parse_code(f["konto"])
    check_konto(problems, table, konto, DRIFT_CLASSES)
    belopp, bad_belopp = check_amount(problems, table, "belopp", "Beloppet")

    out = pd.DataFrame({"namnd": namnd, "verksamhet": verksamhet, "konto": konto, "belopp": belopp,
                        "_rad": f["_rad"]})
    present = [k for k in MONTH_KEYS if k in f]
    months = pd.DataFrame(index=f.index)
    for key in present:
        values, bad = parse_amount(f[key])
        report(problems, table, key, bad, lambda v: f"Periodiseringen {show(v)} är inte ett tal.")
        months[key] = values
    if present:
        filled = months.notna().any(axis=1)
        total = months.sum(axis=1, min_count=1)
        is_share = filled & ((total - 1.0).abs() <= SHARE_TOLERANCE)
        is_amount = filled & ~is_share & ((total - belopp).abs() <= AMOUNT_TOLERANCE_KR)
        neither = filled & ~is_share & ~is_amount & ~bad_belopp
        report(problems, table, present[0], neither,
               lambda v, t: f"Periodiseringen Jan–Dec summerar till {number(t, 2)}, varken 1 (andelar) eller radens belopp.",
               extra=total)
        amounts = months.reindex(columns=MONTH_KEYS).fillna(0.0).to_numpy()
        b = belopp.to_numpy(dtype="float64")[:, None]
        filled_np, share_np = filled.to_numpy()[:, None], is_share.to_numpy()[:, None]
        values = np.where(filled_np, np.where(share_np, amounts * b, amounts), np.repeat(b / 12.0, 12, axis=1))
    else:
        values = np.repeat(belopp.to_numpy(dtype="float64")[:, None] / 12.0, 12, axis=1)
    monthly = pd.DataFrame(values, columns=MONTH_KEYS, index=out.index)
    out = pd.concat([out, monthly], axis=1)
    duplicated_keys(problems, table, out, ["namnd", "verksamhet", "konto"], "Budgetraden (nämnd / verksamhet / konto)")
    return out[BUDGET_COLUMNS]


def stage_investeringsbudget(table: RawTable, config: Config, problems: Problems) -> pd.DataFrame:
    """Investeringar sheet -> projekt, projektnamn, namnd, budget (kr)."""
    f = table.frame
    projekt = parse_code(f["projekt"])
    required(problems, table, "projekt", projekt, "Projekt")
    namnd = parse_code(f["namnd"])
    check_namnd(problems, table, namnd, [n.id for n in config.namnder])
    budget, _ = check_amount(problems, table, "budget", "Investeringsbudgeten")
    out = pd.DataFrame({"projekt": projekt, "projektnamn": parse_text(f["projektnamn"]), "namnd": namnd,
                        "budget": budget, "_rad": f["_rad"]})
    duplicated_keys(problems, table, out, ["projekt"], "Projektet")
    return out.drop(columns="_rad")


def stage_utfall(table: RawTable, config: Config, year: int, problems: Problems) -> pd.DataFrame:
    """One ledger export -> utfall rows (UTFALL_COLUMNS); years allowed: `year` and `year - 1`.

    Månad 0 (period ÅÅÅÅ00) is the ingående balans and is allowed on balance accounts only. Balance accounts
    (kontoklass 1–2) may have an empty Nämnd and Verksamhet, except investment rows (with Projekt). Every konto
    must be covered by a row of the konto → rad mapping (config.kontoplan).
    """
    f = table.frame
    years, bad_year = check_year(problems, table, (year, year - 1))
    period, bad_period = parse_int(f["period"])
    # YYYYMM (MM 00 = ingående balans), or a month number 0–12 together with År.
    is_month = period.between(0, 12)
    month = period.where(is_month, period % 100)
    period_year = period.where(is_month, period // 100).where(~is_month, years)
    wrong = period.notna() & ~bad_year & ((~month.between(0, 12)) | (period_year != years).fillna(True))
    report(problems, table, "period", bad_period | wrong,
           lambda v: f"Perioden {show(v)} är ogiltig: skriv ÅÅÅÅMM (t.ex. {year}04; {year}00 för ingående balans) "
                     "för samma år som kolumnen År, eller månad 0–12.")
    report(problems, table, "period", period.isna() & ~bad_period, lambda v: "Period saknas; cellen får inte vara tom.")

    konto = parse_key(f["konto"])
    bad_konto = check_konto(problems, table, konto, BALANCE_CLASSES + DRIFT_CLASSES)
    projekt = parse_key(f["projekt"]) if "projekt" in f else pd.Series(pd.Categorical([None] * len(f)), index=f.index)
    balance = is_balance(konto)
    blank_allowed = balance & projekt.isna()
    namnd = parse_key(f["namnd"])
    bad_namnd = check_namnd(problems, table, namnd, [n.id for n in config.namnder], blank_allowed)
    verksamhet = parse_key(f["verksamhet"])
    check_verksamhet(problems, table, verksamhet, namnd, _owners(config), bad_namnd, blank_allowed,
                     from_budget=config.verksamheter_fran_budget)
    belopp, _ = check_amount(problems, table, "belopp", "Beloppet")
    opening_drift = (month == 0).fillna(False) & ~balance & konto.notna() & ~bad_konto
    report(problems, table, "period", opening_drift,
           lambda v: f"Period {show(v)} är ingående balans, som bara får bokas på balanskonton (kontoklass 1–2).")
    if config.kontoplan is not None:
        unmapped = konto.notna() & ~bad_konto & config.kontoplan.rad_for(konto).isna()
        name = config.kontoplan.path.name
        report(problems, table, "konto", unmapped,
               lambda v: f"Kontot {show(v)} täcks inte av någon rad i kontoplanens indelning ({name}); lägg till "
                         "kontot eller dess kontogrupp på rätt rad i resultat- eller balansräkningen.")
    return pd.DataFrame({
        "ar": years.astype("Int64"), "manad": month.astype("Int64"), "namnd": namnd, "verksamhet": verksamhet,
        "konto": konto, "belopp": belopp, "projekt": projekt,
    })[UTFALL_COLUMNS]


def combine(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """Concatenate staged frames (or an empty frame with the columns)."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c in ("belopp", "budget", *MONTH_KEYS) else "string[pyarrow]")
                             for c in columns})
    if len(frames) > 1:
        # Categorical key columns concatenate cheaply only with identical categories.
        for column in frames[0].columns:
            if all(isinstance(f[column].dtype, pd.CategoricalDtype) for f in frames):
                categories = pd.Index(pd.unique(np.concatenate([f[column].cat.categories.to_numpy(dtype=object) for f in frames])))
                frames = [f.assign(**{column: f[column].cat.set_categories(categories)}) for f in frames]
    return pd.concat(frames, ignore_index=True)

