"""The national batch (issue "Run it as a service", point 4): a jämförelserapport for each of the 290 kommuner
from the shared Kolada dump (../shared/realdata/kolada-ddf-dump-2024), measured

1. on this machine without the service (`kommunrapport jämförelse 2022`, the process pool);
2. through the service with 1 worker and with 2 workers (`server starta --arbetare N --samtidiga 2`, then
   `jämförelse --server URL --delstorlek 30`: ten runs of jamforelse-del that the workers take).

Each figure is one run, wall time of the command (bench/measure.py). The service is started and stopped here, in
a drift folder of its own. Nothing here is a test. Usage: .venv/bin/python bench/jamforelse.py [--bara lokal|tjanst]
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from targets import measure, print_table   # bench/ is the script's folder, first on sys.path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
DUMP = ROOT.parent / "shared" / "realdata" / "kolada-ddf-dump-2024"


def batch(out: Path, *extra: str) -> list[str]:
    return [str(BIN / "kommunrapport"), "jämförelse", "2022", "--data", str(DUMP), "--utdata", str(out),
            "--datum", "2026-12-05", *extra]


def main(only: str | None) -> None:
    if not DUMP.is_dir():
        sys.exit(f"{DUMP} saknas (projektets delade realdata).")
    rows = []
    if only in (None, "lokal"):
        out = Path(tempfile.mkdtemp(prefix="kr-jf-"))
        seconds, rss = measure(batch(out))
        files = len(list((out / "jamforelse-2022").iterdir()))
        rows.append((f"290 kommuner utan tjänsten ({files} filer)", f"{seconds:.1f} s, {rss:.0f} MiB"))
        shutil.rmtree(out, ignore_errors=True)
    if only in (None, "tjanst"):
        for workers in (1, 2):
            drift = Path(tempfile.mkdtemp(prefix="kr-drift-"))
            out = Path(tempfile.mkdtemp(prefix="kr-jf-"))
            kr = str(BIN / "kommunrapport")
            subprocess.run([kr, "server", "starta", "--mapp", str(drift), "--arbetare", str(workers),
                            "--samtidiga", "2"], check=True, capture_output=True)
            try:
                record = json.loads((drift / "drift.json").read_text(encoding="utf-8"))
                url = f"http://{record['host']}:{record['port']}/api"
                seconds, _ = measure(batch(out, "--server", url, "--delstorlek", "30"))
                rows.append((f"290 kommuner genom tjänsten, {workers} arbetare (10 delar om 30)", f"{seconds:.1f} s"))
            finally:
                subprocess.run([kr, "server", "stoppa", "--mapp", str(drift), "--radera"], capture_output=True)
                shutil.rmtree(drift, ignore_errors=True)
                shutil.rmtree(out, ignore_errors=True)
    print_table(rows)


if __name__ == "__main__":
    main(sys.argv[2] if len(sys.argv) > 2 and sys.argv[1] == "--bara" else None)
