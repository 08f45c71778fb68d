"""Time and peak memory of ranking every kommun for every KPI and period in one vectorised group-by
(pipeline.model.jamforelse.ranks), plus the whole comparisons step for the own kommun.

Two inputs:
1. the staged indicator values of the --skala kommun (bench/data/skala; all kommuner, every KPI of its
   Indikatorer sheet, every year of the Kolada file),
2. a synthetic full frame: 290 kommuner × N KPIs (default 2 000, about Kolada's whole catalogue) × 10 years,
   kön T, seeded random values.

Usage: .venv/bin/python bench/ranking.py [SKALA_DIR] [N_KPIS]
Peak memory is measured with tracemalloc (numpy and pandas buffers are traced) around a second call only.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def measure(label: str, fn) -> object:
    """Time one untraced call, then the peak of a second, traced call (tracemalloc slows the call itself)."""
    t0 = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<58} {seconds:7.2f} s   topp {peak / 2**20:7.0f} MiB")
    return result


def synthetic(n_kpis: int, years: int = 10, kommuner: int = 290) -> tuple[pd.DataFrame, dict[str, bool]]:
    rng = np.random.default_rng(1)
    codes = np.array([f"{1000 + i:04d}" for i in range(kommuner)])
    kpis = np.array([f"N{i:05d}" for i in range(n_kpis)])
    periods = np.array([str(2016 + y) for y in range(years)])
    n = n_kpis * years * kommuner
    frame = pd.DataFrame({
        "indikator_id": pd.Categorical(np.repeat(kpis, years * kommuner)),
        "kommun": pd.array(np.tile(codes, n_kpis * years), dtype="string"),
        "period": pd.array(np.tile(np.repeat(periods, kommuner), n_kpis), dtype="string"),
        "kon": pd.array(np.full(n, "T"), dtype="string"),
        "varde": rng.normal(50, 10, n).round(1),
        "enhet": pd.array([None] * n, dtype="string"),
        "grupp": pd.array([None] * n, dtype="string"),
    })
    frame.loc[rng.random(n) < 0.03, "varde"] = np.nan     # missing values stay missing
    return frame, {k: bool(i % 2) for i, k in enumerate(kpis)}


def main(skala: Path, n_kpis: int) -> None:
    from pipeline.config import load_config
    from pipeline.model.jamforelse import comparisons, ranks
    from pipeline.model.mal import latest_values
    from pipeline.flows.validate import read_and_stage

    if (skala / "kommun.toml").is_file():
        config = load_config(skala / "kommun.toml")
        _, staged, problems = read_and_stage(config, skala / "inputs", 2026, "tertial")
        values, ind = staged.indikatorvarden, staged.indikatorer
        higher = dict(zip(ind["indikator_id"], ind["riktning"] == "Högre är bättre"))
        print(f"--skala: {len(values):,} värden, {values['indikator_id'].nunique()} KPI, "
              f"{values['kommun'].nunique()} kommuner, {values['period'].nunique()} perioder".replace(",", " "))
        ranked = measure("ranks (alla kommuner × KPI × perioder)", lambda: ranks(values, higher))
        print(f"  {len(ranked):,} rangordnade värden".replace(",", " "))
        latest = latest_values(values, config.kommun_kod, 2026, 4)
        measure("comparisons (plats, kvartil, median, riket, K/M, trend)",
                lambda: comparisons(values, ind, config.kommun_kod, config.jamforelsegrupp, latest))
    else:
        print(f"{skala} saknas: kör `kommunrapport generera --skala --utdata {skala}` först; hoppar över.")
    frame, higher = synthetic(n_kpis)
    print(f"syntetisk: {len(frame):,} värden ({n_kpis} KPI × 290 kommuner × 10 år)".replace(",", " "))
    ranked = measure("ranks (syntetisk)", lambda: ranks(frame, higher))
    print(f"  {len(ranked):,} rangordnade värden".replace(",", " "))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "data" / "skala",
         int(sys.argv[2]) if len(sys.argv) > 2 else 2000)
