"""`kommunrapport tidplan ÅR`: the year's tidplan as .docx, .pdf and .ics, written atomically with a manifest."""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Config
from pipeline.context.tidplan import tidplan_context, tidplan_events
from pipeline.render.ics import render_ics
from pipeline.render.report import Templates, render_namnd_report
from pipeline.config.tidplan import dated, load_tidplan, valar_for
from pipeline.write import package, write_atomically


def tidplan_documents(config: Config, year: int, templates_root: Path) -> tuple[dict[str, bytes], Path, bool]:
    """({file name: bytes}, the tidplan file used, valår?) for the process run in `year`."""
    tidplan = load_tidplan(config.planering.tidplan)
    valar = valar_for(year, config.planering.valar)
    aktiviteter = dated(tidplan, year, valar)
    context = tidplan_context(config.kommun_namn, year, valar, tidplan, aktiviteter)
    files = render_namnd_report(context, Templates(templates_root), "tidplan")
    stem = context["dokument"]["filnamn"]
    files[f"{stem}.ics"] = render_ics(context["dokument"]["titel"], tidplan_events(config.kommun_namn, year, aktiviteter))
    return files, tidplan.path, valar


def write_tidplan(config: Config, config_path: Path, year: int, templates_root: Path, outputs_dir: Path,
                  root: Path) -> tuple[Path, list[str], bool]:
    """Render and write outputs/<ÅR>-tidplan/; return (folder, file names, valår?)."""
    files, tidplan_path, valar = tidplan_documents(config, year, templates_root)
    packaged = package(files, f"Tidplan {year} för {config.kommun_namn}{' (valår)' if valar else ''}.\n", [],
                       config_path, templates_root, root, {"kommun": config.kommun_namn, "ar": year,
                                                           "tillfalle": "tidplan"}, (tidplan_path,))
    target = outputs_dir / f"{year}-tidplan"
    write_atomically(target, packaged)
    return target, sorted(packaged), valar
