"""Incremental reruns (issue "Speed", point 4; pipeline.write.reuse): a rerun on the same output folder renders
only the documents whose context, templates or code changed, takes the rest from the previous run after checking
their sha256 against its manifest, and writes the same bytes as a fresh run. Five runs of the example kommun's
tertial in one folder: fresh, unchanged, one underlag replaced, a published file tampered with, another template
set."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl

from pipeline.resources import TEMPLATES

SN_REPORT = ("2026 Tertialrapport 1 Socialnämnden.docx",)


def _run(kommun: Path, utdata: Path, templates: Path = TEMPLATES):
    from pipeline.flows.run import kommunrapport_flow

    return kommunrapport_flow(config_path=kommun / "config/kommun.toml", inputs_dir=kommun / "inputs",
                              outputs_dir=utdata, year=2026, tillfalle="tertial", templates_root=templates,
                              tillat_saknade=True, format="docx")   # the reports' Word files: the same logic, quicker


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _rendered(folder: Path) -> set[str]:
    doc = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {name for r in doc["renderingar"] for name in r["filer"]}


def test_a_rerun_renders_only_what_changed(kommun_copy, demo_runs):
    utdata = kommun_copy / "utdata"
    first = _run(kommun_copy, utdata)
    assert first.reused == ()
    fresh = _files(first.output_dir)
    # A run in a new folder (both formats): the same documents, less the PDFs (the summary lists them).
    published = _files(demo_runs[0])
    own = ("manifest.json", "körsammanfattning.txt")
    assert {k: v for k, v in fresh.items() if k not in own} == \
        {k: v for k, v in published.items() if k not in own and not k.endswith(".pdf")}
    rendered = _rendered(first.output_dir)
    assert len(rendered) >= 20 and rendered <= set(fresh)

    # Unchanged: nothing is rendered, the same bytes are written (manifest included).
    second = _run(kommun_copy, utdata)
    assert set(second.reused) == rendered
    assert _files(second.output_dir) == fresh

    # SN's förvaltning replaces its underlag with another Viktiga händelser: only SN's report is rendered again.
    book = kommun_copy / "inputs/2026/tertial/Rapportunderlag SN T1 2026.xlsx"
    wb = openpyxl.load_workbook(book)
    wb["Viktiga händelser"]["A2"] = "Socialnämnden har öppnat en ny familjecentral i Norra."
    wb.save(book)
    third = _run(kommun_copy, utdata)
    assert rendered - set(third.reused) == set(SN_REPORT)
    changed = _files(third.output_dir)
    assert {k for k in fresh if changed.get(k) != fresh[k]} == {*SN_REPORT, "manifest.json"}
    assert "ny familjecentral" in _docx_text(changed[SN_REPORT[0]])

    # A published file changed on disk is not taken: it is rendered again, with the right bytes.
    bun = third.output_dir / "2026 Tertialrapport 1 Barn- och utbildningsnämnden.docx"
    right = bun.read_bytes()
    bun.write_bytes(right[:-100] + b"changed")
    fourth = _run(kommun_copy, utdata)
    assert bun.name not in fourth.reused and bun.read_bytes() == right
    assert rendered - set(fourth.reused) == {bun.name}
    assert _files(fourth.output_dir) == changed

    # Another template set (one line added to the stylesheet): every document is rendered again.
    templates = kommun_copy / "mallar"
    shutil.copytree(TEMPLATES, templates)
    css = templates / "html/rapport.css"   # a file no Word document reads: still another template set
    css.write_text(css.read_text(encoding="utf-8") + "\n/* kommunens ändring */\n", encoding="utf-8")
    fifth = _run(kommun_copy, utdata, templates)
    assert fifth.reused == ()


def _docx_text(data: bytes) -> str:
    import io

    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
