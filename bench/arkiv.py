"""The archive's and the manifest's cost on the --skala kommun (issue 14: under 10 % of the run).

Usage: .venv/bin/python bench/arkiv.py [SKALA_DIR]   (first: kommunrapport generera --skala --utdata bench/data/skala)

Times, in this process, what the write step adds: hashing every input and template once (the manifest), and
storing them into a new archive (first run: every object copied) and into the same archive again (a rerun:
nothing new). The whole `kör` is timed by bench/run_skala.py for comparison.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from pipeline.read.discover import input_files
from pipeline.resources import TEMPLATES
from pipeline.write import _sha256_file, run_sources
from pipeline.write.arkiv import store_files

ROOT = Path(__file__).resolve().parents[1]


def main(skala: Path) -> None:
    files = input_files(skala / "inputs", 2026, "tertial") + [skala / "inputs" / "2026" / "Utfall 2025.csv"]
    files = [p for p in dict.fromkeys(files) if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    started = time.perf_counter()
    sources = run_sources(files, skala / "kommun.toml", TEMPLATES)
    hashed = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        new = store_files(Path(tmp) / "arkiv", sources)
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = store_files(Path(tmp) / "arkiv", sources)
        second = time.perf_counter() - started
    _sha256_file.cache_clear()
    print(f"{len(files)} indatafiler, {size / 2**20:.0f} MiB; {len(sources)} objekt med mallarna")
    print(f"kontrollsummor (manifestet, en gång): {hashed:.2f} s")
    print(f"arkivet, första körningen: {first:.2f} s ({new} nya objekt)")
    print(f"arkivet, samma indata igen: {second:.2f} s ({again} nya objekt)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "data" / "skala")
