"""Measure validera, kör and the naive baseline on the --skala kommun (bench/data/skala).

Usage: .venv/bin/python bench/run_skala.py [SKALA_DIR]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"


def run(label: str, cmd: list[str]) -> None:
    out = subprocess.run([str(BIN / "python"), str(ROOT / "bench" / "measure.py"), "--", *cmd],
                         capture_output=True, text=True)
    print(f"{label:<28} {out.stdout.strip() or out.stderr.strip()[-500:]}")


def main(skala: Path) -> None:
    if not (skala / "kommun.toml").exists():
        sys.exit(f"{skala} saknar kommun.toml; kör först: kommunrapport generera --skala --utdata {skala}")
    common = ["--konfig", str(skala / "kommun.toml"), "--indata", str(skala / "inputs")]
    run("validera", [str(BIN / "kommunrapport"), "validera", *common, "2026", "tertial"])
    out = Path(tempfile.mkdtemp(prefix="kr-bench-"))
    run("kör", [str(BIN / "kommunrapport"), "kör", *common, "--utdata", str(out), "2026", "tertial"])
    docs = len(list((out / "2026-tertial").glob("*.docx"))) if (out / "2026-tertial").exists() else 0
    pdfs = len(list((out / "2026-tertial").glob("*.pdf"))) if (out / "2026-tertial").exists() else 0
    print(f"{'':<28} skrev {docs} .docx och {pdfs} .pdf")
    run("naiv baslinje", [str(BIN / "python"), str(ROOT / "bench" / "naive_baseline.py"), str(skala), str(out / "naiv")])
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "data" / "skala")
