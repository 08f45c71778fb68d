"""Time the financial statements (model.rakenskaper) on the scaled kommun's ledger: konto → rad over every row,
RR, BR and kassaflödesanalys. The scaled kommun's ledgers hold drift and investment rows (no balance
accounts), so this measures the per-row cost, which is what grows with the ledger. Prints figures only.

Usage: .venv/bin/python bench/rakenskaper.py [SKALA_DIR]   (make it with `kommunrapport generera --skala`)
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(skala: Path) -> None:
    from pipeline.config import load_config
    from pipeline.config.kontoplan import load_kontoplan
    from pipeline.model.rakenskaper import rakenskaper
    from pipeline.flows.validate import read_and_stage

    config = load_config(skala / "kommun.toml")
    _raw, staged, problems = read_and_stage(config, skala / "inputs", 2026, "tertial")
    rows = len(staged.utfall) + len(staged.utfall_fg)
    kontoplan = load_kontoplan()
    times = []
    for _ in range(3):
        start = time.perf_counter()
        r = rakenskaper(staged.utfall, staged.utfall_fg, kontoplan, 4)
        times.append(time.perf_counter() - start)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{rows:,} huvudboksrader: resultat-, balansräkning och kassaflödesanalys på "
          f"{min(times):.2f} s (bäst av 3; {', '.join(f'{t:.2f}' for t in times)} s); topp-RSS {rss:.0f} MiB")
    print(f"årets resultat jan–apr: {dict(zip(r.resultatrakning['rad'], r.resultatrakning['belopp']))['arets_resultat']:,.0f} kr")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "data" / "skala")
