"""The targets of issue "Speed", measured the way the issue states them. Prints a Markdown table for results.md.

1. the large kommun's whole tertial (`kommunrapport kör`, a fresh output folder): wall time and peak RSS, with
   Prefect's local server already up (as after any earlier run on the machine) and with it stopped first;
2. `kör --format docx` on the same kommun against bench/naive_baseline.py (30 Word reports) in the same session;
3. a 3-nämnd kommun's tertial (median of three fresh runs) and `kommunrapport demo` in an empty folder;
4. an unchanged rerun in the same output folder (median of three), for the example kommun and the large one.

Each run is a separate process measured by bench/measure.py. The large kommun is `kommunrapport generera --skala`
in bench/data/skala, the 3-nämnd kommun exempel/scaled.py's in bench/data/skalning/n3-r50000 (both generated when
missing). Usage: .venv/bin/python bench/targets.py [--bara 1|2|3|4]. Nothing here is a test.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
SKALA = ROOT / "bench" / "data" / "skala"
SMALL = ROOT / "bench" / "data" / "skalning" / "n3-r50000"
EXAMPLE = ROOT / "exempel" / "exempelkommun"


def measure(cmd: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """(seconds, peak RSS MiB) of one run of `cmd`; exits on a failed run."""
    done = subprocess.run([str(BIN / "python"), str(ROOT / "bench" / "measure.py"), "--", *cmd], cwd=cwd,
                          capture_output=True, text=True)
    m = re.match(r"exit=(\d+) tid=([\d.]+) s topp-RSS=(\d+) MiB", done.stdout)
    if m is None or m.group(1) != "0":
        sys.exit(f"{' '.join(cmd)} misslyckades:\n{done.stdout}{done.stderr[-2000:]}")
    return float(m.group(2)), float(m.group(3))


def kor(kommun: Path, config: Path, out: Path, *extra: str, tillfalle: str = "tertial") -> list[str]:
    return [str(BIN / "kommunrapport"), "kör", "--konfig", str(config), "--indata", str(kommun / "inputs"),
            "--utdata", str(out), *extra, "2026", tillfalle]


def fresh(kommun: Path, config: Path, *extra: str) -> tuple[float, float]:
    out = Path(tempfile.mkdtemp(prefix="kr-mal-"))
    try:
        return measure(kor(kommun, config, out, *extra))
    finally:
        shutil.rmtree(out, ignore_errors=True)


def stop_server() -> None:
    subprocess.run([str(BIN / "kommunrapport"), "server", "stoppa"], capture_output=True)


def fmt(result: tuple[float, float]) -> str:
    return f"{result[0]:.1f} s, {result[1]:.0f} MiB".replace(".", ",")


def print_table(rows: list[tuple[str, str]]) -> None:
    """The measured rows as the Markdown table bench/results.md holds."""
    print("| körning | resultat |\n|---|---|")
    for label, result in rows:
        print(f"| {label} | {result} |")


def ensure_data() -> None:
    if not (SKALA / "kommun.toml").exists():
        subprocess.run([str(BIN / "kommunrapport"), "generera", "--skala", "--utdata", str(SKALA)], check=True)
    if not (SMALL / "kommun.toml").exists():
        sys.path.insert(0, str(ROOT))
        from exempel.scaled import generate_scaled

        generate_scaled(SMALL, namnder=3, verksamheter=60, ledger_rows=50_000)


def main(only: str | None) -> None:
    ensure_data()
    rows: list[tuple[str, str]] = []
    big = (SKALA, SKALA / "kommun.toml")
    if only in (None, "1"):
        fresh(*big)   # the local server up, files in the page cache
        rows.append(("1. stor kommun, hela tertialen (servern igång)", fmt(fresh(*big))))
        stop_server()
        rows.append(("1. stor kommun, hela tertialen (servern startas av körningen)", fmt(fresh(*big))))
    if only in (None, "2"):
        docx = fresh(*big, "--format", "docx")
        out = Path(tempfile.mkdtemp(prefix="kr-naiv-"))
        naive = measure([str(BIN / "python"), str(ROOT / "bench" / "naive_baseline.py"), str(SKALA), str(out)])
        shutil.rmtree(out, ignore_errors=True)
        rows.append(("2. `kör --format docx`, stor kommun", fmt(docx)))
        rows.append(("2. naiv baslinje (30 .docx)", fmt(naive)))
    if only in (None, "3"):
        small = [fresh(SMALL, SMALL / "kommun.toml") for _ in range(3)]
        rows.append(("3. 3 nämnder, hela tertialen (median av 3)",
                     fmt((statistics.median(r[0] for r in small), max(r[1] for r in small)))))
        folder = Path(tempfile.mkdtemp(prefix="kr-demo-"))
        rows.append(("3. `kommunrapport demo` i en tom mapp", fmt(measure([str(BIN / "kommunrapport"), "demo"],
                                                                           cwd=folder))))
        shutil.rmtree(folder, ignore_errors=True)
    if only in (None, "4"):
        for label, (kommun, config, extra) in {
                "Exempelkommun": (EXAMPLE, EXAMPLE / "config" / "kommun.toml", ("--tillåt-saknade",)),
                "stor kommun": (*big, ())}.items():
            out = Path(tempfile.mkdtemp(prefix="kr-omkorning-"))
            measure(kor(kommun, config, out, *extra))
            again = [measure(kor(kommun, config, out, *extra)) for _ in range(3)]
            shutil.rmtree(out, ignore_errors=True)
            rows.append((f"4. oförändrad omkörning, {label} (median av 3)",
                         fmt((statistics.median(r[0] for r in again), max(r[1] for r in again)))))
    print(f"Processorer: {os.cpu_count()}\n\n| mål | resultat |\n|---|---|")
    for label, result in rows:
        print(f"| {label} | {result} |")


if __name__ == "__main__":
    main(sys.argv[2] if len(sys.argv) > 2 and sys.argv[1] == "--bara" else None)
