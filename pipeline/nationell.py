"""The national batch (`kommunrapport jämförelse ÅR`): a jämförelserapport per kommun (.docx, .pdf and a web page)
from Kolada's values for all kommuner (pipeline.read.kolada_ddf → pipeline.model.nationell →
pipeline.context.nationell → pipeline.render.jamforelserapport), rendered side by side in the process pool and
written at once into `UTDATA/jamforelse-ÅR/` with an index page, a summary and a manifest.

The same steps serve the service's fan-out (pipeline.flows.deployments.jamforelse): each chunk of kommuner is a
flow run of its own on any worker (`render_chunk` into a chunk folder, written atomically), and the parent gathers
the chunks into the one folder and manifest (`gather`): a chunk whose run failed or whose worker died is run again,
and a chunk folder is either complete or absent, so the package never holds a partial or duplicate document.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable
from concurrent.futures import as_completed
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

import pandas as pd

from pipeline.flows.points import Run
from pipeline.resources import DATA, TEMPLATES

KIND = "jamforelserapport"   # the registry's kind (pipeline.flows.registry)
FOLDER = "jamforelse-{year}"


class BatchError(Exception):
    """str() is the Swedish message."""


@dataclass(frozen=True)
class Batch:
    year: int
    day: date
    contexts: list[dict]
    sources: tuple[Path, ...]
    data_root: Path


def skr_groups() -> pd.DataFrame:
    """kommun, grupp: SKR's kommungruppsindelning 2017 (pipeline/resources/data)."""
    with (DATA / "skr_kommungrupper_2017.csv").open(encoding="utf-8") as fh:
        rows = [(r["member_id"], r["group_title"].replace(" (ovägt medel)", "")) for r in csv.DictReader(fh)]
    return pd.DataFrame(rows, columns=["kommun", "grupp"])


def select(known: list[str], wanted: str | list[str] | None) -> list[str]:
    """The kommuner asked for: None or 'alla' -> every kommun of the data; else codes (comma or space separated);
    an unknown code is a BatchError naming it."""
    if wanted is None or wanted == "alla" or wanted == ["alla"]:
        return sorted(known)
    codes = wanted.replace(",", " ").split() if isinstance(wanted, str) else list(wanted)
    unknown = [c for c in codes if c not in set(known)]
    if unknown:
        raise BatchError(f"Kommunkoderna {', '.join(unknown)} finns inte i Kolada-data (fyra siffror, t.ex. 0580).")
    return sorted(dict.fromkeys(codes))


def national_run(data_root: Path, year: int, wanted: str | list[str] | None, day: date) -> Run:
    """The national point's run (pipeline.flows.points.NATIONAL): Kolada's values read and validated, the
    comparison modelled, and the kommuner asked for (extra: kommuner, grupper, datum). No kommun config."""
    from pipeline.config.problems import Problems
    from pipeline.flows.points import NATIONAL, Inputs
    from pipeline.model.nationell import national_comparison
    from pipeline.read.kolada_ddf import read_kolada_ddf

    dump = read_kolada_ddf(data_root)
    years = sorted(dump.values["ar"].unique())
    if year not in set(years):
        raise BatchError(f"Kolada-data har inga värden för {year}; den har {years[0]}–{years[-1]}.")
    groups = skr_groups()
    table = national_comparison(dump.values, year, groups)
    codes = select(sorted(set(table["kommun"])), wanted)
    inputs = Inputs(NATIONAL, year, NATIONAL, dump.files, dump, Problems(root=data_root))
    return Run(None, inputs, table, extra={"kommuner": codes, "grupper": groups, "datum": day})


def prepare(data_root: Path, year: int, wanted: str | list[str] | None, day: date) -> Batch:
    """Read, model and build the contexts of the kommuner asked for (the registry's jamforelserapport)."""
    from pipeline.flows.registry import build

    run = national_run(data_root, year, wanted, day)
    done, _jobs = build(run, None)
    return Batch(year, day, done.contexts[KIND], run.inputs.files, data_root.resolve())


def render_all(contexts: list[dict], report: Callable[[int, int], None] | None = None) -> dict[str, bytes]:
    """Every context rendered in the process pool (the registry's renderer, the program's templates);
    `report(done, total)` after each."""
    from pipeline.flows.registry import REGISTRY
    from pipeline.render import pool
    from pipeline.render.report import Templates

    templates = Templates(TEMPLATES)
    futures = [pool.submit(REGISTRY[KIND].render, c, templates) for c in contexts]
    files: dict[str, bytes] = {}
    for done, future in enumerate(as_completed(futures), start=1):
        files.update(future.result())
        if report is not None:
            report(done, len(futures))
    return dict(sorted(files.items()))


def index_page(contexts: list[dict], year: int) -> bytes:
    """index.html: every kommun's report in the three formats."""
    items = "\n".join(
        f'<li>{escape(c["kommun"]["namn"])} ({c["kommun"]["kod"]}): '
        f'<a href="{escape(c["dokument"]["filnamn"])}.html">webbsida</a>, '
        f'<a href="{escape(c["dokument"]["filnamn"])}.pdf">PDF</a>, '
        f'<a href="{escape(c["dokument"]["filnamn"])}.docx">Word</a></li>'
        for c in sorted(contexts, key=lambda c: c["kommun"]["namn"]))
    return (f'<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>Jämförelserapporter {year}</title>\n</head>\n<body>\n<main>\n<h1>Jämförelserapporter {year}</h1>\n"
            f"<p>{len(contexts)} kommuner jämförda med alla kommuner i Kolada. Källa: Kolada (RKA).</p>\n"
            f"<ul>\n{items}\n</ul>\n</main>\n</body>\n</html>\n").encode("utf-8")


def summary(contexts: list[dict], year: int) -> str:
    from pipeline.render.jamforelserapport import FORMATS

    rows = sum(c["sammanfattning"]["antal"] for c in contexts)
    kommuner = "1 kommun" if len(contexts) == 1 else f"{len(contexts)} kommuner"
    return (f"Jämförelserapporter {year}: {kommuner}, {rows} nyckeltalsrader ({len(FORMATS)} format per kommun: "
            f"{', '.join(FORMATS)}).\n")


def package(batch: Batch, files: dict[str, bytes], parameters: dict) -> dict[str, bytes]:
    """The batch's folder: the reports, index.html, körsammanfattning.txt and manifest.json (every input and output
    with its sha256; no clock: the same batch writes the same bytes)."""
    from pipeline.write import code_version, portable, sha256_bytes, sha256_file

    out = {**files, "index.html": index_page(batch.contexts, batch.year),
           "körsammanfattning.txt": summary(batch.contexts, batch.year).encode("utf-8")}
    doc = {"jamforelse": batch.year, "parametrar": parameters, "kod": code_version(),
           "indata": [{"fil": portable(p, batch.data_root), "sha256": sha256_file(p), "byte": p.stat().st_size}
                      for p in sorted(batch.sources)],
           "mallar": [{"fil": f"html/{n}", "sha256": sha256_file(TEMPLATES / "html" / n)}
                      for n in ("jamforelserapport.html", "rapport.css")],
           "utdata": [{"fil": n, "sha256": sha256_bytes(d), "byte": len(d)} for n, d in sorted(out.items())]}
    out["manifest.json"] = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return out


def chunks(codes: list[str], size: int) -> list[list[str]]:
    return [codes[i:i + size] for i in range(0, len(codes), size)]


def chunk_folder(staging: Path, codes: list[str]) -> Path:
    """A chunk's folder, named by its kommuner (a rerun of the same chunk writes the same folder)."""
    return staging / hashlib.sha256(",".join(codes).encode()).hexdigest()[:16]


def read_chunk(folder: Path) -> dict[str, bytes]:
    """A finished chunk's files, checked against its list (the last file written)."""
    listing = json.loads((folder / "filer.json").read_text(encoding="utf-8"))
    files = {}
    for name, digest in listing.items():
        data = (folder / name).read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            raise BatchError(f"{folder / name} stämmer inte med delens lista.")
        files[name] = data
    return files
