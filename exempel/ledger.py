"""Budget and ledger (utfall) frames, built vectorised from the budget lines of `plan`.

Amounts in the ledger are int64 öre internally (exact sums); `Belopp` leaves here as öre and is turned
into kronor (Excel) or `1234,50` text (CSV) by the writers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from exempel.plan import DEVIATIONS, INVESTMENTS, INVESTMENTS_2025_ONLY, PROGNOS_OVERRIDE, Investment

MONTHS = ("Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec")
CELL_COLUMNS = ["namnd", "vht", "konto", "projekt", "month", "ore"]
LEDGER_COLUMNS = ["År", "Period", "Nämnd", "Verksamhet", "Konto", "Belopp", "Projekt"]


def budget_sheet(lines: pd.DataFrame, weights: np.ndarray, year: int) -> pd.DataFrame:
    """Sheet `Budget`: År, Nämnd, Verksamhet, Konto, Belopp, Jan…Dec as whole-krona amounts.

    The months are rounded to kronor and the rounding remainder is put in Dec, so they sum to Belopp.
    """
    belopp = lines["belopp"].to_numpy()
    months = np.round(belopp[:, None] * weights).astype(np.int64)
    months[:, 11] = belopp - months[:, :11].sum(axis=1)
    frame = pd.DataFrame({"År": year, "Nämnd": lines["namnd"].to_numpy(), "Verksamhet": lines["vht"].to_numpy(),
                          "Konto": lines["konto"].astype(int).to_numpy(), "Belopp": belopp})
    return pd.concat([frame, pd.DataFrame(months, columns=list(MONTHS))], axis=1)


def utfall_cells(lines: pd.DataFrame, weights: np.ndarray, level: np.ndarray, months: range,
                 noise_sd: float, rng: np.random.Generator, factors: np.ndarray | None = None) -> pd.DataFrame:
    """Ledger totals per (budget line, month) in öre: budget × periodisation × level × factors × noise.

    `level` is one multiplier per line, `factors` an optional (n, 12) matrix (designed deviations).
    Returns columns CELL_COLUMNS with projekt empty.
    """
    cols = [m - 1 for m in months]
    amounts = lines["belopp"].to_numpy()[:, None] * weights[:, cols] * level[:, None]
    if factors is not None:
        amounts = amounts * factors[:, cols]
    noise = rng.normal(1.0, noise_sd, size=amounts.shape)
    if 11 in cols:  # bokslut: year-end accruals make December noisier
        noise[:, cols.index(11)] = rng.normal(1.0, noise_sd * 4, size=len(amounts))
    ore = np.round(amounts * noise * 100).astype(np.int64)
    n, m = ore.shape
    frame = pd.DataFrame({
        "namnd": np.repeat(lines["namnd"].to_numpy(), m), "vht": np.repeat(lines["vht"].to_numpy(), m),
        "konto": np.repeat(lines["konto"].to_numpy(), m), "projekt": "",
        "month": np.tile(np.array(list(months)), n), "ore": ore.ravel(),
    })
    return frame[frame["ore"] != 0].reset_index(drop=True)


def settle_taxa(cells: pd.DataFrame, lines: pd.DataFrame, month: int = 12) -> pd.DataFrame:
    """Add the year-end reglering on konto 3110 that brings each net-zero (taxa) verksamhet to exactly 0."""
    budget_net = lines.groupby("vht")["belopp"].sum()
    gross = lines[lines["belopp"] > 0].groupby("vht")["belopp"].sum()
    taxa = budget_net[(budget_net == 0) & (gross > 0)].index
    net = cells[cells["vht"].isin(taxa)].groupby(["namnd", "vht"])["ore"].sum().reset_index()
    adj = pd.DataFrame({"namnd": net["namnd"], "vht": net["vht"], "konto": "3110", "projekt": "",
                        "month": month, "ore": -net["ore"]})
    return pd.concat([cells, adj[adj["ore"] != 0]], ignore_index=True)


def investment_cells(year_kind: str, months: range, rng: np.random.Generator,
                     investments: tuple[Investment, ...] = INVESTMENTS + INVESTMENTS_2025_ONLY) -> pd.DataFrame:
    """Investment spending per (project, month) in öre; `year_kind` 'current' (T1 share) or 'last' (2025)."""
    rows = []
    for inv in investments:
        total = inv.budget * inv.spent_share_t1 if year_kind == "current" else inv.spent_2025
        if total > 0:
            rows += investment_rows(inv, total, months, rng)
    return pd.DataFrame(rows, columns=CELL_COLUMNS)


def investment_rows(inv: Investment, total: float, months: range, rng: np.random.Generator) -> list[tuple]:
    """`total` kr of one project spread over `months` (some months without spending), as öre cells."""
    w = rng.gamma(1.5, size=len(months)) * (rng.random(len(months)) > 0.25)
    if w.sum() == 0:
        w[-1] = 1.0
    w = w / w.sum()
    return [(inv.namnd, inv.vht, inv.konto, inv.id, month, int(round(total * share * 100)))
            for month, share in zip(months, w) if share > 0]


def split_amounts(totals: np.ndarray, counts: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Split cell totals (öre) into `counts[i]` rows each; return (cell index, öre) per row.

    The rows of a cell sum exactly to its total (the rounding rest goes on the cell's last row).
    """
    counts = np.asarray(counts, dtype=np.int64)
    n = len(totals)
    idx = np.repeat(np.arange(n), counts)
    w = rng.gamma(2.0, size=len(idx))
    wsum = np.bincount(idx, weights=w, minlength=n)
    ore = np.round(totals[idx] * w / wsum[idx]).astype(np.int64)
    diff = totals - np.bincount(idx, weights=ore, minlength=n).astype(np.int64)
    last = np.cumsum(counts) - 1
    ore[last[counts > 0]] += diff[counts > 0]
    return idx, ore


def sort_cells(cells: pd.DataFrame) -> pd.DataFrame:
    """Cells in ledger order (month, nämnd, verksamhet, konto, projekt); split rows keep this order."""
    return cells.sort_values(["month", "namnd", "vht", "konto", "projekt"], kind="stable").reset_index(drop=True)


def ledger_table(cells: pd.DataFrame, counts: np.ndarray, rng: np.random.Generator, year: int) -> pa.Table:
    """Sorted cells split into ledger rows, as a pyarrow table with LEDGER_COLUMNS (Belopp = int64 öre).

    Columns are gathered from the (small) cell arrays with `take`, so millions of rows stay cheap.
    """
    idx, ore = split_amounts(cells["ore"].to_numpy(), counts, rng)
    take = pa.array(idx)

    def text(col: str) -> pa.Array:
        return pa.array(cells[col].astype(str).tolist(), type=pa.string()).take(take)

    period = pa.array((year * 100 + cells["month"].to_numpy()).astype(np.int64)).take(take)
    return pa.table([pa.array(np.full(len(idx), year, dtype=np.int64)), period, text("namnd"), text("vht"),
                     text("konto"), pa.array(ore), text("projekt")], names=LEDGER_COLUMNS)


def computed_prognos(lines: pd.DataFrame, last: pd.DataFrame, current: pd.DataFrame, till: int) -> pd.DataFrame:
    """The profile-based prognos the pipeline computes, two ways, per verksamhet (kr).

    `prognos_konto`: per (vht, konto) utfall hittills ÷ last year's share of the same months, summed;
    `prognos_netto`: the same on the verksamhet's net. Investment rows (projekt) are left out.
    """
    def by(frame: pd.DataFrame, keys: list[str], upto: int | None) -> pd.Series:
        drift = frame[frame["projekt"] == ""]
        if upto is not None:
            drift = drift[drift["month"] <= upto]
        return drift.groupby(keys)["ore"].sum() / 100

    key = ["vht", "konto"]
    share = (by(last, key, till) / by(last, key, None)).replace([np.inf, -np.inf], np.nan)
    now = by(current, key, till)
    per_konto = (now / share.reindex(now.index)).fillna(now).groupby("vht").sum()
    share_net = by(last, ["vht"], till) / by(last, ["vht"], None)
    per_net = by(current, ["vht"], till) / share_net.reindex(by(current, ["vht"], till).index)
    budget = lines.groupby("vht")["belopp"].sum()
    out = pd.DataFrame({"budget": budget, "utfall": by(current, ["vht"], till), "prognos_konto": per_konto,
                        "prognos_netto": per_net})
    return out


def forvaltning_prognos(lines: pd.DataFrame, computed: pd.DataFrame, limits: pd.Series,
                        rng: np.random.Generator, scale_of: dict[str, float] | None = None) -> pd.Series:
    """Förvaltningens helårsprognos per verksamhet (kr, rounded to tkr).

    Verksamheter with a designed deviation report about the computed prognos; the designed overrides
    (`plan.PROGNOS_OVERRIDE`) report budget + override; all others report budget, some with a small
    adjustment below the nämnd's threshold `limits[vht]`, as förvaltningar do at the first tertial.
    """
    scale_of = scale_of or {}
    template = lines.groupby("vht")["template"].first()
    designed = {d[0] for d in DEVIATIONS}
    out = {}
    for vht, row in computed.iterrows():
        t = template[vht]
        adjust, draw = rng.random() < 0.4, rng.uniform(-1, 1)  # drawn for every row: stable streams
        if row["budget"] == 0:
            value = 0.0
        elif t in PROGNOS_OVERRIDE:
            value = row["budget"] + PROGNOS_OVERRIDE[t] * scale_of.get(vht, 1.0)
        elif t in designed:
            value = row["prognos_konto"] + draw * 0.001 * abs(row["budget"])
        elif adjust:
            value = row["budget"] + draw * min(0.4 * limits[vht], 0.005 * abs(row["budget"]))
        else:
            value = row["budget"]
        out[vht] = float(np.round(value / 1000) * 1000)
    return pd.Series(out, name="prognos")
