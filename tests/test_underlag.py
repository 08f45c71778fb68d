"""kommunrapport underlag: pre-filled workbooks with dropdowns, locked headers and marked input cells; a
generated workbook, filled in, validates and runs with no edits (round trip)."""

import shutil
from datetime import date
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.read import kinds

ROOT = Path(__file__).resolve().parents[1]
from exempel import EXEMPELKOMMUN as EXAMPLE
from pipeline.resources import TEMPLATES


def _generate(tmp_path: Path, *args) -> Path:
    result = CliRunner().invoke(app, ["underlag", "--utdata", str(tmp_path / "ut"), *args])
    assert result.exit_code == 0, result.output
    return tmp_path / "ut" / f"{args[-2]}-{args[-1]}-underlag"


def _header(ws) -> list:
    return [c.value for c in ws[2]]


def test_report_underlag_is_prefilled_with_dropdowns_and_locked_headers(tmp_path, config):
    folder = _generate(tmp_path, "2026", "tertial")
    wb = openpyxl.load_workbook(folder / "Rapportunderlag SN T1 2026.xlsx")
    assert wb.sheetnames == ["Instruktion", "Prognos", "Analys", "Viktiga händelser", "Åtgärdsplan", "Aktiviteter",
                             "Internkontroll", "Extern regi", "Begärda åtgärder", "Val"]
    assert wb["Val"].sheet_state == "hidden"
    instruktion = [c.value for c in wb["Instruktion"]["A"] if c.value]
    # the example kommun delivers the tertial underlag in week 19 (kommun.toml): its Friday after April 2026 is 8 May
    assert "Vecka 19 2026, senast 8 maj 2026: lämna underlaget till ekonomiavdelningen." in instruktion, instruktion
    prognos = wb["Prognos"]
    assert _header(prognos) == ["Nämnd", "Verksamhet", "Verksamhetens namn", "Årsbudget (kr)", "Utfall hittills (kr)",
                                "Helårsprognos", "Kommentar"]
    rows = [r for r in prognos.iter_rows(min_row=3, max_row=10, values_only=True) if r[1]]
    assert [r[1] for r in rows] == [v.kod for v in config.verksamheter_for("SN")]
    assert rows[0][3] > 0 and rows[0][4] > 0 and rows[0][5] is None   # budget and utfall jan–apr filled in
    assert prognos.protection.sheet and prognos["A2"].protection.locked and not prognos["F3"].protection.locked
    assert prognos["F3"].fill.fgColor.rgb.endswith("FFF2CC") and prognos["D3"].protection.locked
    analys = wb["Analys"]
    dv = {str(d.sqref).split(":")[0][0]: d.formula1 for d in analys.data_validations.dataValidation}
    assert dv["G"] == '"Uppfyllt,Delvis uppfyllt,Ej uppfyllt,Kan ej bedömas"'
    # the guide's cause categories: "Samspel, kultur inom organisationen" has a comma, so the list is a range
    assert _header(analys)[8] == "Orsakskategori" and dv["I"].startswith("Val!$A$")
    row = int(dv["I"].split("$")[2].rstrip(":"))
    assert tuple(c.value for c in wb["Val"][row] if c.value) == kinds.ORSAKSKATEGORIER
    assert [r[0] or r[1] for r in analys.iter_rows(min_row=3, max_row=6, values_only=True)][:2] == ["SN1", "N31807"]
    plans = wb["Åtgärdsplan"]
    carried = [r[0] for r in plans.iter_rows(min_row=3, values_only=True) if r[0]]
    # last year's bokslut plans carried forward: the one the nämnd added, not the one it rejected (Nämndbeslut)
    assert "SN-2025-04" in carried and "SN-2025-02" not in carried
    plan_dv = {d.formula1 for d in plans.data_validations.dataValidation}
    assert '"Ej påbörjad,Pågår,Genomförd,Avbruten"' in plan_dv and '"Förvaltning,Nämnd,KS,KF"' in plan_dv


def test_round_trip_report_underlag_filled_validates_and_runs(tmp_path, config):
    from pipeline.flows.run import kommunrapport_flow
    from pipeline.flows.validate import read_and_stage

    inputs = tmp_path / "inputs"
    shutil.copytree(EXAMPLE / "inputs" / "2026", inputs / "2026",
                    ignore=shutil.ignore_patterns("Rapportunderlag*", "delar", "bokslut"))
    shutil.copytree(EXAMPLE / "inputs" / "2025", inputs / "2025")
    folder = _generate(tmp_path, "--indata", str(inputs), "2026", "tertial")
    for book in sorted(folder.glob("*.xlsx")):
        wb = openpyxl.load_workbook(book)
        ws = wb["Prognos"]
        for r in range(3, ws.max_row + 1):
            if ws.cell(row=r, column=2).value:
                ws.cell(row=r, column=6).value = ws.cell(row=r, column=4).value   # prognos = budget
        analys = wb["Analys"]
        for r in range(3, analys.max_row + 1):
            if analys.cell(row=r, column=1).value or analys.cell(row=r, column=2).value:
                analys.cell(row=r, column=7).value = "Delvis uppfyllt"
                analys.cell(row=r, column=9).value = "samspel, kultur inom organisationen"   # any case
        plans = wb["Åtgärdsplan"]   # a plan the nämnd added has no Ansvar yet: the förvaltning names one
        ansvar = _header(plans).index("Ansvar") + 1
        for r in range(3, plans.max_row + 1):
            if plans.cell(row=r, column=1).value and not plans.cell(row=r, column=ansvar).value:
                plans.cell(row=r, column=ansvar).value = "Enhetschef"
        wb.save(inputs / "2026" / "tertial" / book.name)
    _raw, staged, problems = read_and_stage(config, inputs, 2026, "tertial")
    assert not problems, [p.meddelande for p in problems.sorted()][:5]
    assert set(staged.underlag["SN"].analys["orsakskategori"]) == {"Samspel, kultur inom organisationen"}
    result = kommunrapport_flow(config_path=EXAMPLE / "config" / "kommun.toml", inputs_dir=inputs, outputs_dir=tmp_path / "out",
                          year=2026, tillfalle="tertial", templates_root=TEMPLATES)
    assert "2026 Tertialrapport 1 Socialnämnden.docx" in result.files
    # a word outside the guide's checklist: the file, sheet, row and column, and the allowed words
    book = inputs / "2026" / "tertial" / "Rapportunderlag SN T1 2026.xlsx"
    wb = openpyxl.load_workbook(book)
    wb["Analys"].cell(row=3, column=9).value = "Slarv"
    wb.save(book)
    _raw, _staged, problems = read_and_stage(config, inputs, 2026, "tertial")
    found = [p for p in problems.sorted() if "Slarv" in p.meddelande]
    assert len(found) == 1 and found[0].blad == "Analys" and found[0].rad == 3 and found[0].kolumn == "I (Orsakskategori)"
    assert "tillåtna (SKL:s checklista Sök orsaker): Mätfel; Omvärld;" in found[0].meddelande


def test_round_trip_plan_underlag(tmp_path, config):
    from pipeline.flows.validate import read_and_stage_plan

    folder = _generate(tmp_path, "2027", "plan")
    wb = openpyxl.load_workbook(folder / "Rapportunderlag SN Plan 2027.xlsx")
    prio = wb["Prioriteringar"]
    header = _header(prio)
    assert header[:3] == ["Förslags-id", "Nämnd", "Typ"] and prio["B3"].value == "SN" and prio["B3"].protection.locked
    dv = {str(d.sqref).split(":")[0][0]: d.formula1 for d in prio.data_validations.dataValidation}
    assert dv["C"].startswith('"Prioritering inom ram,') and dv["I"] == '"Mycket stor,Stor,Måttlig,Liten"'
    values = {"Förslags-id": "SN-9", "Typ": "Effektivisering", "Problem": "p", "Målgrupp": "m", "Åtgärd": "a",
              "Kostnad (tkr)": -100, "Svårighetsgrad": "Liten", "Nytta": "Stor", "Skala": "Organisation",
              "Kostnadseffektivitet": "Hög", "Nämndens rang": 1}
    for name, value in values.items():
        prio.cell(row=3, column=header.index(name) + 1).value = value
    kons = wb["Konsekvenser"]
    for c, value in enumerate(["SN-9", "Ekonomi", "Kort", "Positiv", "Lägre kostnad", "16"], start=1):
        kons.cell(row=3, column=c).value = value
    inputs = tmp_path / "inputs"
    (inputs / "2027" / "plan").mkdir(parents=True)
    wb.save(inputs / "2027" / "plan" / "Rapportunderlag SN Plan 2027.xlsx")
    _raw, plan, problems = read_and_stage_plan(config, inputs, 2027)
    assert not problems, [p.meddelande for p in problems.sorted()][:5]
    assert plan.forslag["forslag_id"].tolist() == ["SN-9"]   # the offered rows with only the nämnd are empty
    assert plan.konsekvenser["agenda2030"].tolist() == ["16"]
    from pipeline.flows.run import kommunrapport_flow

    result = kommunrapport_flow(config_path=EXAMPLE / "config" / "kommun.toml", inputs_dir=inputs, outputs_dir=tmp_path / "out",
                       year=2027, tillfalle="plan", templates_root=TEMPLATES)
    assert "2027 Yttrande prioriteringar Socialnämnden.docx" in result.files


def test_plan_underlag_carries_last_rounds_forslag(tmp_path, config):
    from pipeline.flows.validate import read_and_stage_plan

    inputs = tmp_path / "inputs"
    shutil.copytree(EXAMPLE / "inputs" / "2027", inputs / "2027")
    folder = _generate(tmp_path, "--indata", str(inputs), "2028", "plan")
    book = folder / "Rapportunderlag SN Plan 2028.xlsx"
    prio = openpyxl.load_workbook(book)["Prioriteringar"]
    assert prio["A1"].value.endswith("förra årets förslag är ifyllda")
    ids = [r[0] for r in prio.iter_rows(min_row=3, values_only=True) if r[0]]
    assert sorted(ids) == ["SN-1", "SN-2", "SN-3", "SN-4"]   # in the order of last year's sheet
    # the carried-forward workbook, unchanged, validates as next year's underlag
    (inputs / "2028" / "plan").mkdir(parents=True)
    shutil.copy(book, inputs / "2028" / "plan" / book.name)
    _raw, plan, problems = read_and_stage_plan(config, inputs, 2028)
    assert not problems, [p.meddelande for p in problems.sorted()][:5]
    assert plan.forslag.set_index("forslag_id").loc["SN-1", "kostnad"] == -6500


def test_delivery_days_by_hand_and_the_plan_deadline_from_bilaga_1():
    """The Friday of the configured week, the first after the period's end (by hand from a calendar), and the plan
    underlag's deadline: Bilaga 1's "Yttrande från nämnd/styrelsen", week 16 of the process year."""
    from dataclasses import replace

    from pipeline.config import load_config
    from pipeline.context.underlag import deadlines, delivery_day

    # 8 May 2026 is the Friday of ISO week 19; 11 Sep 2026 of week 37; 29 Jan 2027 of week 4 (after December 2026)
    assert delivery_day(2026, 4, 19) == date(2026, 5, 8)
    assert delivery_day(2026, 8, 37) == date(2026, 9, 11)
    assert delivery_day(2026, 12, 4) == date(2027, 1, 29)
    config = load_config(EXAMPLE / "config" / "kommun.toml")
    assert deadlines(config, 2026, "bokslut") == ["Vecka 4 2027, senast 29 januari 2027: lämna underlaget till "
                                                 "ekonomiavdelningen."]
    # the plan for budget year 2027 is made in 2026: week 16 of 2026 is 13–17 April
    assert deadlines(config, 2027, "plan") == ["Vecka 16 2026 (13–17 april 2026): Yttrande från nämnd/styrelsen – "
                                              "Nämnden/styrelsen."]
    unset = replace(config, rapporttillfallen={k: replace(t, inlamning_vecka=None)
                                               for k, t in config.rapporttillfallen.items()})
    assert "inlamning_vecka saknas" in deadlines(unset, 2026, "tertial")[0]
