"""Run a command and report its wall time and peak memory (max RSS of the child processes).

Usage: .venv/bin/python bench/measure.py -- kommunrapport validera --konfig … 2026 tertial
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time


def measure(cmd: list[str]) -> tuple[int, float, float]:
    """(exit code, seconds, peak RSS in MiB of the largest child)."""
    started = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr[-2000:])
    return proc.returncode, seconds, peak_kib / 1024.0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    code, seconds, peak = measure(args)
    print(f"exit={code} tid={seconds:.2f} s topp-RSS={peak:.0f} MiB :: {' '.join(args)}")
