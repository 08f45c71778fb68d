"""How the cost of `kör` grows (issue "Speed", point 5): the large kommun at 10, 30 and 60 nämnder (2 000 000
ledger rows), the ledger at 1, 2 and 4 million rows (30 nämnder), 1 against 2 render processes, and an unchanged
rerun in the same output folder. Each kommun is generated into bench/data/skalning/ (seeded, reused when present);
each run is a fresh `kommunrapport kör … 2026 tertial` process measured by bench/measure.py (wall time, peak RSS).

Usage: .venv/bin/python bench/scaling.py [--bara namnder|rader|processer|omkorning]
Prints a Markdown table for bench/results.md. Nothing here is a test: the figures depend on the machine.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from targets import print_table   # bench/ is the script's folder, first on sys.path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
DATA = ROOT / "bench" / "data" / "skalning"


def kommun(namnder: int, rows: int) -> Path:
    folder = DATA / f"n{namnder}-r{rows}"
    if not (folder / "kommun.toml").exists():
        sys.path.insert(0, str(ROOT))
        from exempel.scaled import generate_scaled

        generate_scaled(folder, namnder=namnder, verksamheter=20 * namnder, ledger_rows=rows)
    return folder


def measure(folder: Path, out: Path, env: dict | None = None, extra: tuple[str, ...] = ()) -> str:
    cmd = [str(BIN / "python"), str(ROOT / "bench" / "measure.py"), "--", str(BIN / "kommunrapport"), "kör",
           "--konfig", str(folder / "kommun.toml"), "--indata", str(folder / "inputs"), "--utdata", str(out),
           *extra, "2026", "tertial"]
    done = subprocess.run(cmd, capture_output=True, text=True, env={**__import__("os").environ, **(env or {})})
    line = done.stdout.strip() or done.stderr.strip()[-300:]
    return line.split(" :: ")[0]


def fresh(folder: Path, env: dict | None = None, extra: tuple[str, ...] = ()) -> str:
    out = Path(tempfile.mkdtemp(prefix="kr-skalning-"))
    try:
        return measure(folder, out, env, extra)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main(only: str | None) -> None:
    rows = []
    if only in (None, "namnder"):
        for n in (10, 30, 60):
            rows.append((f"{n} nämnder, 2 000 000 rader", fresh(kommun(n, 2_000_000))))
    if only in (None, "rader"):
        for r in (1_000_000, 2_000_000, 4_000_000):
            rows.append((f"30 nämnder, {f'{r:,}'.replace(',', ' ')} rader", fresh(kommun(30, r))))
    if only in (None, "processer"):
        for p in (1, 2):
            rows.append((f"30 nämnder, 2 000 000 rader, {p} renderingsprocess(er)",
                         fresh(kommun(30, 2_000_000), {"KOMMUNRAPPORT_PROCESSER": str(p)})))
    if only in (None, "omkorning"):
        out = Path(tempfile.mkdtemp(prefix="kr-skalning-"))
        folder = kommun(30, 2_000_000)
        rows.append(("30 nämnder, första körningen i mappen", measure(folder, out)))
        rows.append(("30 nämnder, oförändrad omkörning", measure(folder, out)))
        shutil.rmtree(out, ignore_errors=True)
    print_table(rows)


if __name__ == "__main__":
    main(sys.argv[2] if len(sys.argv) > 2 and sys.argv[1] == "--bara" else None)
