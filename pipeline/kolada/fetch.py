"""`kommunrapport hämta-kolada ÅR`: the Indikatorer sheet's Kolada KPIs for all kommuner into `inputs/ÅR/Kolada ÅR.json`.

- KPI ids: rows with Källa = Kolada in the Indikatorer sheet of the workbook(s) in `inputs/ÅR/` (staged with the
  same code as `validera`, so a problem there is reported the same way and stops the fetch).
- Years ÅR−6 … ÅR−1: Kolada publishes a year's figures during the following year, so ÅR itself has next to
  nothing; six years cover the three-year trend, a basår some years back and late corrections.
- Areas: every kommun and riket (0000). Regions (00xx) and other areas are left out and counted.
- At most BATCH_SIZE ids a request; a batch that fails after all retries fails the whole command and nothing is
  written. Rows marked deleted (`isdeleted`, on the record or on a value) are dropped and counted per KPI.
- The file has the v2 shape `pipeline.read.discover._read_kolada_json` reads (it only looks at "values") plus
  metadata: källa, api_version, hämtad (UTC), bas_url, år, kpi, borttagna_rader, utelämnade_områden. It is
  written to a temporary file and renamed, so an existing file is replaced only by a complete new one.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline.config import Config
from pipeline.kolada import client
from pipeline.kolada.kpis import kolada_kpi_ids
from pipeline.config.problems import InputError, Problems

YEARS_BACK = 6
BATCH_SIZE = 25
DEFAULT_BASE_URL = "https://api.kolada.se"
SOURCE = "Kolada (RKA), https://api.kolada.se"
KOMMUN_OR_RIKET = re.compile(r"0000|(?!00)[0-9]{4}")


@dataclass(frozen=True)
class Fetched:
    """What one successful fetch wrote."""

    path: Path
    kpis: list[str]
    years: list[int]
    pages: int
    records: int
    values: int
    deleted: dict[str, int]
    other_areas: int
    notes: list[str]
    seconds: float


def fetch_years(year: int) -> list[int]:
    return list(range(year - YEARS_BACK, year))


def batches(ids: list[str]) -> list[list[str]]:
    return [ids[i:i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)]


def _deleted(item: dict) -> bool:
    return str(item.get("isdeleted", "")).strip().lower() in ("true", "1")


def kept_records(records: list[dict]) -> tuple[list[dict], dict[str, int], int]:
    """(records in the v2 shape without deleted values, deleted values per KPI, values of other areas left out)."""
    kept, deleted, other = [], Counter(), 0
    for rec in records:
        values = [v for v in rec.get("values") or [] if isinstance(v, dict)]
        gone = _deleted(rec)                    # the whole record is deleted …
        live = [] if gone else [v for v in values if not _deleted(v)]   # … or single gender values are
        deleted[str(rec.get("kpi"))] += (len(values) - len(live)) or int(gone)
        if gone or (values and not live):
            continue
        if not KOMMUN_OR_RIKET.fullmatch(str(rec.get("municipality"))):
            other += len(live)
            continue
        kept.append({"kpi": rec.get("kpi"), "municipality": rec.get("municipality"), "period": rec.get("period"),
                     "values": [{k: v.get(k) for k in ("gender", "value", "count", "status")} for v in live]})
    kept.sort(key=lambda r: (str(r["kpi"]), str(r["municipality"]), str(r["period"])))
    return kept, {k: n for k, n in sorted(deleted.items()) if n}, other


def json_text(doc: dict) -> str:
    """One metadata key a line, then one record a line: readable, diffable, and still plain JSON."""
    meta = [f" {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
            for k, v in doc.items() if k != "values"]
    rows = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in doc["values"])
    return "{\n" + ",\n".join(meta) + ',\n "values": [\n' + rows + "\n]}\n"


def write_atomically(path: Path, text: str) -> None:
    """Write to a hidden temporary file in the same folder, then rename it over `path`."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kolada-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fetched_records(base_url: str, kpis: list[str], years: list[int], console: Console) -> tuple[list[dict], int]:
    """Every record of every batch and the number of pages, with a progress bar; raises client.KoladaError."""
    groups, records, pages = batches(kpis), [], 0
    limiter = client.RateLimiter(client.REQUESTS_PER_SECOND)
    with client.http_client() as http, Progress(TextColumn("{task.description}"), BarColumn(),
                                                TextColumn("{task.completed}/{task.total} omgångar"),
                                                TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task("Hämtar …", total=len(groups))
        for n, ids in enumerate(groups, start=1):
            label = f"Omgång {n}/{len(groups)} ({ids[0]}–{ids[-1]})"
            bar.update(task, description=label)

            def on_page(page: int, label=label) -> None:
                nonlocal pages
                pages += 1
                bar.update(task, description=f"{label}, sida {page + 1}")
            try:
                records += client.batch_records(http, base_url, ids, years, limiter, on_page)
            except client.Offline as exc:
                raise client.Offline(f"Kolada ({base_url}) {exc}. Kontrollera nätverksanslutningen och adressen "
                                     "(--bas-url) och försök igen.") from exc
            except client.RequestFailed as exc:
                raise client.RequestFailed(f"Hämtningen av nyckeltalen {', '.join(ids)} från {base_url} misslyckades: "
                                           f"{exc}.", exc.status) from exc
            bar.update(task, advance=1, description=label)
    return records, pages


def fetch_kolada(config: Config, inputs_dir: Path, year: int, base_url: str, console: Console) -> Fetched:
    """Fetch and write; raises InputError (workbook problems) or client.KoladaError, and then writes nothing."""
    started = time.perf_counter()
    problems = Problems(root=inputs_dir.resolve().parent)
    kpis = kolada_kpi_ids(config, inputs_dir, year, problems)
    if problems:
        raise InputError(problems.sorted())
    years = fetch_years(year)
    console.print(f"Hämtar {len(kpis)} nyckeltal för alla kommuner och riket, åren {years[0]}–{years[-1]}, "
                  f"från {base_url} …", markup=False)
    records, pages = fetched_records(base_url, kpis, years, console)
    kept, deleted, other = kept_records(records)
    doc = {"källa": SOURCE, "api_version": "v3", "hämtad": datetime.now(timezone.utc).isoformat(timespec="seconds"),
           "bas_url": base_url, "år": years, "kpi": kpis, "borttagna_rader": deleted, "utelämnade_områden": other,
           "values": kept}
    path = inputs_dir / str(year) / f"Kolada {year}.json"
    write_atomically(path, json_text(doc))
    notes = []
    if missing := [k for k in kpis if k not in {r["kpi"] for r in kept}]:
        notes.append(f"Kolada gav inga värden för {', '.join(missing)} ({years[0]}–{years[-1]}).")
    if kept and config.kommun_kod not in {r["municipality"] for r in kept}:
        notes.append(f"Inga värden för kommunens egen kod {config.kommun_kod} (kommun.kod i konfigurationen).")
    return Fetched(path, kpis, years, pages, len(kept), sum(len(r["values"]) for r in kept), deleted, other, notes,
                   time.perf_counter() - started)


def summary_lines(result: Fetched) -> list[str]:
    """What the terminal shows after a successful fetch (Swedish)."""
    from pipeline.context.format import number

    lines = [f"Skrev {result.path}: {len(result.kpis)} nyckeltal, åren {result.years[0]}–{result.years[-1]}, "
             f"{number(result.records)} poster med {number(result.values)} värden ({result.pages} sidor, "
             f"{number(result.seconds, 1)} s)."]
    if result.deleted:
        per_kpi = ", ".join(f"{kpi} {number(n)}" for kpi, n in result.deleted.items())
        lines.append(f"Borttagna rader (markerade som raderade i Kolada): {number(sum(result.deleted.values()))} "
                     f"({per_kpi}). De står i filen under \"borttagna_rader\".")
    if result.other_areas:
        lines.append(f"Utelämnade: {number(result.other_areas)} {'värde' if result.other_areas == 1 else 'värden'} för "
                     "regioner och andra områden än kommuner.")
    lines += [f"Obs: {note}" for note in result.notes]
    return lines
