"""`kommunrapport underlag ÅR TILLFÄLLE`: the pre-filled rapportunderlag workbooks, one per nämnd, written
atomically with a manifest into outputs/<ÅR>-<tillfälle>-underlag/."""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Config
from pipeline.context.underlag import plan_sheets, report_sheets, underlag_context
from pipeline.render.underlag_xlsx import render_underlag
from pipeline.write import package, write_atomically


def underlag_documents(config: Config, inputs_dir: Path, year: int, tillfalle: str) -> tuple[dict[str, bytes], list[Path], list[str]]:
    """({file name: bytes}, the input files read, notes). Inputs with problems still fill in what could be read."""
    files: dict[str, bytes] = {}
    read: list[Path] = []
    notes: list[str] = []
    staged = None
    last_round = None
    if tillfalle == "plan":   # last round's förslag, where inputs/<ÅR-1>/plan/ holds them
        from pipeline.flows.validate import read_and_stage_plan

        if (inputs_dir / str(year - 1) / "plan").is_dir():
            raw, plan, problems = read_and_stage_plan(config, inputs_dir, year - 1)
            read = raw.files
            if problems:
                notes.append(f"Förra årets planeringsunderlag ({year - 1}) har fel; förslagen fylls inte i.")
            else:
                last_round = plan.forslag
    else:
        from pipeline.flows.validate import read_and_stage

        raw, staged, problems = read_and_stage(config, inputs_dir, year, tillfalle)
        read = raw.files
        if problems:
            notes.append(f"Indata för {year} {tillfalle} har {len(problems.sorted())} fel (kör validera); underlagen "
                         "fylldes i med det som gick att läsa.")
    for n in config.namnder:
        sheets = plan_sheets(n.id, last_round) if tillfalle == "plan" else report_sheets(config, staged, n.id)
        context = underlag_context(config, year, tillfalle, n.id, sheets)
        files[f"{context['filnamn']}.xlsx"] = render_underlag(context)
    return files, read, notes


def write_underlag(config: Config, config_path: Path, inputs_dir: Path, year: int, tillfalle: str,
                   outputs_dir: Path, templates_root: Path) -> tuple[Path, list[str], list[str]]:
    files, read, notes = underlag_documents(config, inputs_dir, year, tillfalle)
    summary = f"Rapportunderlag för {year} {tillfalle}: {len(files)} arbetsböcker.\n" + "".join(f"Obs: {n}\n" for n in notes)
    packaged = package(files, summary, read, config_path, templates_root, inputs_dir.resolve().parent,
                       {"kommun": config.kommun_namn, "ar": year, "tillfalle": f"{tillfalle}-underlag"})
    target = outputs_dir / f"{year}-{tillfalle}-underlag"
    write_atomically(target, packaged)
    return target, sorted(files), notes
