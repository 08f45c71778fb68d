"""The document registry (pipeline.flows.registry): every registered kind renders for the example kommun in this
process, straight from the registry (no Prefect), is described in docs/mallvariabler.md and, where it has
templates, is checked by `mallar kontrollera`."""

from __future__ import annotations

import io
import json
from concurrent.futures import Future

import docx
import openpyxl
import pytest
from icalendar import Calendar

from conftest import ROOT
from exempel import EXEMPELKOMMUN as EXAMPLE
from pipeline.flows import points, registry
from pipeline.mallkontroll.schema import EXAMPLE_RUNS, example_run
from pipeline.render.report import Templates
from pipeline.resources import TEMPLATES


def _config():
    from pipeline.config import load_config

    return load_config(EXAMPLE / "config" / "kommun.toml")


def _first_point(kind: registry.Dokument) -> tuple[str, int]:
    if kind.points == ("underlag",):
        return "underlag", 2026
    return next((p, y) for p, y in EXAMPLE_RUNS if p in kind.points)


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[dict, dict[str, bytes]]]:
    """{kind: (its first context, that context's files)} for the example kommun, rendered from the registry in
    this process: one build per example run, rendering the first document of each kind made there and what it
    reads rendered (the granskningslista: the delårsrapport). The rapportunderlag: those for the tertial."""
    templates = Templates(TEMPLATES)
    out = {}
    for point, year in dict.fromkeys(_first_point(k) for k in registry.REGISTRY.values()):
        if point == "underlag":
            config = _config()
            run = points.model(config, points.read(config, EXAMPLE / "inputs", year, "tertial", underlag=True))
        else:
            run = example_run(point, year)
        wanted = {k.name for k in registry.REGISTRY.values() if _first_point(k) == (point, year)}
        wanted |= {u for name in wanted for u in registry.REGISTRY[name].uses_rendered}
        started: set[str] = set()

        def submit(kind: registry.Dokument, context: dict) -> Future:
            if kind.name in wanted and kind.name not in started:
                started.add(kind.name)
                return registry.render_now(kind, context, templates)
            skipped: Future = Future()
            skipped.set_result({})
            return skipped

        done, jobs = registry.build(run, submit, templates, registry.OPTIONS)
        for name in wanted & {k.name for k in registry.kinds_at(point, registry.OPTIONS)}:
            job = next(j for j in jobs if j.kind.name == name)
            out.setdefault(name, (job.context, registry.files_of(run, done, job)))
    return out


@pytest.mark.parametrize("name", registry.REGISTRY)
def test_every_registered_kind_renders_for_the_example(rendered, name):
    kind = registry.REGISTRY[name]
    context, files = rendered[name]
    if kind.web_templates:   # the website: a page, its tables as CSV, and beside the start page the shared files
        page = f"webb/{context['sida']['fil']}"
        assert files[page].startswith(b"<!DOCTYPE html>") and all(f.startswith("webb/") for f in files)
        assert {"webb/webb.css", "webb/datapackage.json"} <= files.keys() and any(f.endswith(".csv") for f in files)
        return
    suffixes = sorted(f.rsplit(".", 1)[1] for f in files)
    assert suffixes == sorted(kind.formats), files.keys()
    assert all(f.rsplit(".", 1)[0] == kind.file_name(context) for f in files)
    for file, data in files.items():
        if file.endswith(".docx"):
            assert any(p.text.strip() for p in docx.Document(io.BytesIO(data)).paragraphs), file
        elif file.endswith(".pdf"):
            assert data.startswith(b"%PDF"), file
        elif file.endswith(".xlsx"):
            assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames, file
        elif file.endswith(".ics"):
            assert Calendar.from_ical(data).walk("VEVENT"), file
        elif file.endswith(".json"):
            assert json.loads(data)["godkand"] is True, file


def test_every_kind_is_in_the_variable_reference_and_checked_by_the_template_checker():
    from pipeline.mallkontroll.check import check_folder

    reference = (ROOT / "docs" / "mallvariabler.md").read_text(encoding="utf-8")
    result = check_folder(TEMPLATES)
    assert not result.findings, [f.text() for f in result.findings]
    checked = {c.split("templates/", 1)[-1] for c in result.checked}
    for kind in registry.REGISTRY.values():
        assert f"(`{kind.name}`)" in reference, kind.name
        assert set(kind.template_files()) <= checked, kind.name
        assert bool(kind.templates) == bool(kind.required), kind.name   # a template kind says what it must show


def test_each_point_makes_its_kinds_and_dependencies_come_first():
    assert [k.name for k in registry.kinds_at("tertial")] == ["tertialrapport", "kommunrapport", "styrsystemsanalys",
                                                             "tjansteskrivelse", "namndbeslut", "sifferkallor"]
    assert [k.name for k in registry.kinds_at("bokslut")] == ["tertialrapport", "kommunrapport", "styrsystemsanalys",
                                                             "arsredovisning", "tjansteskrivelse", "granskningslista",
                                                             "namndbeslut", "sifferkallor"]
    # the website only when the run asks for it (publicera), after the documents it offers and before the sifferkällor
    assert [k.name for k in registry.kinds_at("tertial", frozenset({"publicera"}))][-2:] == ["webbplats", "sifferkallor"]
    assert [k.name for k in registry.kinds_at("plan")] == ["konsekvensmatris", "yttrande", "prioriteringsmodell"]
    assert [k.name for k in registry.kinds_at("tidplan")] == ["tidplan"]
    assert [k.name for k in registry.kinds_at("underlag")] == ["rapportunderlag"]
    assert [k.name for k in registry.kinds_at("jamforelse")] == ["jamforelserapport"]
    names = list(registry.REGISTRY)
    for kind in registry.REGISTRY.values():
        assert set(kind.points) <= set(points.POINT_NAMES), kind.name
        for used in kind.uses_contexts + kind.uses_rendered:
            assert names.index(used) < names.index(kind.name), (kind.name, used)


def test_tjansteskrivelser_are_built_from_the_reports_contexts():
    """One letter per nämnd report, one to KS with the kommunövergripande report, and at the bokslut one to KF
    with the årsredovisning: the dependency the registry declares (uses_contexts)."""
    from pipeline.mallkontroll.schema import example_built

    contexts = example_built("bokslut", 2026).contexts
    letters, reports = contexts["tjansteskrivelse"], contexts["tertialrapport"]
    assert len(letters) == len(reports) + 2
    assert {c["dokument"]["filnamn"] for c in letters[-2:]} == {
        "2026 Tjänsteskrivelse Kommunövergripande uppföljning Kommunstyrelsen",
        "2026 Tjänsteskrivelse Årsredovisning Kommunfullmäktige"}


def test_validated_inputs_are_stored_by_prefect_as_file_names_only():
    """The command line passes the validated inputs to the flow as a parameter; what Prefect stores of it is the
    list of input files, never the staged frames."""
    from prefect import flow
    from prefect.utilities.annotations import quote

    inputs = example_run("tertial", 2026).inputs
    stored = flow(lambda validated: None).serialize_parameters({"validated": quote(points.Validated(inputs=inputs))})
    assert stored == {"validated": [{"punkt": "tertial", "tillfalle": "tertial", "ar": 2026,
                                     "filer": [p.name for p in inputs.files]}]}
    assert len(json.dumps(stored)) < 2000
