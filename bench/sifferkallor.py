"""The extra cost of sifferkallor.csv on the scaled kommun (issue 14, point 5): reading and modelling, the
contexts of every other kind (nothing rendered), then the sifferkällor rows and the CSV. Rendering the Word and
PDF documents is left out, so the share printed is an upper bound of the share of a whole run. Prints figures only.

Usage: .venv/bin/python bench/sifferkallor.py [SKALA_DIR]   (made with
       `kommunrapport generera --skala --utdata bench/data/skala` when missing)
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(skala: Path) -> None:
    from pipeline.config import load_config
    from pipeline.context.sifferkallor import sifferkallor_context
    from pipeline.flows import points, registry
    from pipeline.render.sifferkallor_csv import render_sifferkallor

    if not (skala / "kommun.toml").exists():
        subprocess.run([str(Path(sys.executable).with_name("kommunrapport")), "generera", "--skala", "--utdata",
                        str(skala)], check=True)
    config = load_config(skala / "kommun.toml")
    start = time.perf_counter()
    run = points.model(config, points.read(config, skala / "inputs", 2026, "tertial"))
    modelled = time.perf_counter()
    done = registry.Done()
    for kind in registry.kinds_at("tertial"):
        if kind.name != "sifferkallor":
            done.contexts[kind.name] = kind.contexts(run, done)
    built = time.perf_counter()
    times, size, count = [], 0, 0
    for _ in range(3):
        t = time.perf_counter()
        context = sifferkallor_context(run, done.contexts)
        data = render_sifferkallor(context)
        times.append(time.perf_counter() - t)
        size, count = len(data), len(context["rader"])
    extra = min(times)
    base = built - start
    print(f"{len(run.staged.utfall):,} huvudboksrader, {len(config.namnder)} nämnder: läsa och beräkna "
          f"{modelled - start:.2f} s, övriga dokuments kontexter {built - modelled:.2f} s")
    print(f"sifferkällor: {count:,} rader ({size / 1024:.0f} KiB) på {extra:.3f} s (bäst av 3; "
          f"{', '.join(f'{t:.3f}' for t in times)} s) = {100 * extra / base:.1f} % av körningen utan rendering")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "data" / "skala")
