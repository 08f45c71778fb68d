"""A kommun that starts from SPEC's minimal config (issue 13, point 4): defaults for every other key, verksamheter
from the Budget, and nämnd workbooks without a Nämnd column. The example kommun's inputs, cut to Socialnämnden
(the one nämnd of SPEC's config) and with SN's Prognos sheet as SPEC §2 writes it, run end to end through `kör`."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from exempel import EXEMPELKOMMUN as EXAMPLE
from pipeline.config import load_config
from pipeline.config.problems import Problems
from pipeline.flows.validate import read_and_stage, read_and_stage_plan
from pipeline.staging.verksamheter import verksamhet_name

SPEC_CONFIG = Path(__file__).parent / "data" / "config" / "spec_minimal.toml"
NAMND = "SN"


def _rows(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def _write_book(path: Path, sheets: dict[str, list[list]]) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append([None if v == "" else v for v in row])
    wb.save(path)


def _keep(rows: list[list], column: str, test) -> list[list]:
    """The rows down to the header (the first holding `column`) and the rows under it whose `column` passes."""
    h = next(n for n, r in enumerate(rows) if column in r)
    i = rows[h].index(column)
    return rows[:h + 1] + [r for r in rows[h + 1:] if test(r[i])]


def _sn_verksamheter() -> set[str]:
    return {v.kod for v in load_config(EXAMPLE / "config" / "kommun.toml").verksamheter_for(NAMND)}


def spec_kommun(folder: Path, prognos_without_namnd: bool = True) -> tuple[Path, Path]:
    """config/kommun.toml = SPEC's minimal config, inputs/2026 = the example's tertial inputs for SN only.
    Returns (config file, inputs folder)."""
    (folder / "config").mkdir(parents=True)
    config = folder / "config" / "kommun.toml"
    shutil.copyfile(SPEC_CONFIG, config)
    src, year = EXAMPLE / "inputs" / "2026", folder / "inputs" / "2026"
    (year / "tertial").mkdir(parents=True)
    sn = _sn_verksamheter()
    is_sn = lambda v: v == NAMND  # noqa: E731
    budget = src / "Budget 2026.xlsx"
    _write_book(year / "Budget 2026.xlsx", {"Budget": _keep(_rows(budget, "Budget"), "Nämnd", is_sn),
                                           "Investeringar": _keep(_rows(budget, "Investeringar"), "Nämnd", is_sn)})
    goals = src / "Mål och indikatorer 2026.xlsx"
    mal = _keep(_rows(goals, "Mål"), "Nämnd", lambda v: v in ("", None, NAMND))
    ids = {r[0] for r in mal[1:]}
    indikatorer = _rows(goals, "Indikatorer")
    col = indikatorer[0].index("Verksamheter")
    indikatorer = _keep(indikatorer, "Mål-id", lambda v: v in ids or v in ("", None))
    for r in indikatorer[1:]:   # links to other nämnders' verksamheter go with them
        r[col] = ", ".join(c for c in str(r[col] or "").replace(" ", "").split(",") if c in sn)
    _write_book(year / "Mål och indikatorer 2026.xlsx", {"Mål": mal, "Indikatorer": indikatorer})
    for name in ("Kolada 2026.json", "Egna mätningar 2026.xlsx"):
        shutil.copyfile(src / name, year / name)
    _ledger_csv(src / "Utfall 2025.csv", year / "Utfall 2025.csv")
    ledger = _keep(_rows(src / "tertial" / "Huvudbok jan-apr 2026.xlsx", "Export"), "Nämnd",
                   lambda v: v in ("", None, NAMND))
    _write_book(year / "tertial" / "Huvudbok jan-apr 2026.xlsx", {"Export": ledger})
    underlag = year / "tertial" / "Rapportunderlag SN T1 2026.xlsx"
    shutil.copyfile(src / "tertial" / underlag.name, underlag)
    if prognos_without_namnd:
        without_namnd_column(underlag, "Prognos")
    return config, folder / "inputs"


def _ledger_csv(src: Path, dst: Path) -> None:
    with src.open(encoding="cp1252", newline="") as f:   # the example's ledger: Windows-1252, ';'
        reader = csv.reader(f, delimiter=";")
        header = next(reader)
        i = header.index("Nämnd")
        rows = [r for r in reader if r[i] in ("", NAMND)]
    with dst.open("w", encoding="cp1252", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)


def without_namnd_column(path: Path, sheet: str) -> None:
    """Delete the Nämnd column of `sheet` (header found in the first rows), in place."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for row in ws.iter_rows(min_row=1, max_row=10):
        for cell in row:
            if cell.value == "Nämnd":
                ws.delete_cols(cell.column)
                wb.save(path)
                return
    raise AssertionError(f"no Nämnd column in {path.name} {sheet}")


def test_spec_minimal_config_validates_with_defaults():
    config = load_config(SPEC_CONFIG)
    assert [n.id for n in config.namnder] == ["SN"]
    assert config.tillfalle("tertial").namn == "Tertialrapport 1"
    assert (config.tillfalle("delar").namn, config.tillfalle("bokslut").namn) == ("Delårsrapport", "Årsredovisning")
    assert config.troskel.prognos_skillnad_andel == 0.02 and config.troskel.kon_gap_andel == 0.10
    assert (config.malbedomning.uppfyllt_andel, config.malbedomning.delvis_andel) == (0.75, 0.4)
    assert config.verksamheter_fran_budget and tuple(config.verksamheter) == ()   # staging completes a copy
    assert config.kontoplan is not None and config.kontoplan.path.name == "kontoplan_kommunbas.toml"


def test_verksamheter_come_from_the_budget_named_by_scb(tmp_path):
    config_path, inputs = spec_kommun(tmp_path)
    config = load_config(config_path)
    _raw, staged, problems = read_and_stage(config, inputs, 2026, "tertial")
    assert not problems, problems.sorted()
    by_code = {v.kod: v for v in staged.config.verksamheter}
    assert set(by_code) == _sn_verksamheter()
    assert {v.namnd for v in by_code.values()} == {"SN"} and not staged.config.finans_koder
    assert by_code["575"].namn == "Ekonomiskt bistånd"               # SCB's name
    assert by_code["569"].namn == "Barn och ungdomsvård"             # SCB's spelling, not the example config's
    assert staged.underlag["SN"].prognos["verksamhet"].tolist()      # the Prognos sheet without Nämnd staged
    # the loaded configuration is not changed: the completed one travels with the staged inputs
    assert tuple(config.verksamheter) == () and staged.config is not config


def test_scb_names_for_own_subcodes_and_unknown_codes():
    assert verksamhet_name("440") == "Grundskola"
    assert verksamhet_name("5101") == "Vård och omsorg om äldre (5101)"
    assert verksamhet_name("910") == "Verksamhet 910"


def test_budget_names_and_finans_from_the_budget(tmp_path):
    """A Verksamhetsnamn column names them; a code budgeted only on kontoklass 8 is the finansförvaltning."""
    config_path, inputs = spec_kommun(tmp_path)
    budget = inputs / "2026" / "Budget 2026.xlsx"
    rows = _rows(budget, "Budget")
    header = rows[0][:5] + ["Verksamhetsnamn"] + rows[0][5:]
    body = [r[:5] + [f"Egen {r[2]}"] + r[5:] for r in rows[1:]]
    body.append([2026, "SN", "910", "8011", -5_000_000, ""] + [""] * (len(header) - 6))
    _write_book(budget, {"Budget": [header, *body], "Investeringar": _rows(budget, "Investeringar")})
    config = load_config(config_path)
    problems = Problems(root=tmp_path)
    from pipeline.read.discover import read_inputs
    from pipeline.staging import stage_inputs
    raw = read_inputs(inputs, 2026, "tertial", problems)
    completed = stage_inputs(raw, config, 2026, "tertial", problems).config
    assert not problems, problems.sorted()
    by_code = {v.kod: v for v in completed.verksamheter}
    assert by_code["575"].namn == "Egen 575" and not by_code["575"].finans
    assert by_code["910"].finans and completed.finans_koder == frozenset({"910"})


def test_a_verksamhet_under_two_namnder_in_the_budget_is_located(tmp_path):
    config_path, inputs = spec_kommun(tmp_path)
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text + '\n[[namnd]]\nid = "VON"\nnamn = "Vård- och omsorgsnämnden"\n'
                                  'forvaltning = "Vård- och omsorgsförvaltningen"\n', encoding="utf-8")
    budget = inputs / "2026" / "Budget 2026.xlsx"
    rows = _rows(budget, "Budget")
    rows.append([2026, "VON", "575", "4610", 1000] + [""] * (len(rows[0]) - 5))
    _write_book(budget, {"Budget": rows, "Investeringar": _rows(budget, "Investeringar")})
    _raw, _staged, problems = read_and_stage(load_config(config_path), inputs, 2026, "tertial")
    hits = [p for p in problems.sorted() if "står i budgeten under både" in p.meddelande]
    assert len(hits) == 1, problems.sorted()
    p = hits[0]
    assert (p.fil, p.blad, p.rad, p.kolumn) == ("inputs/2026/Budget 2026.xlsx", "Budget", len(rows), "B (Nämnd)")
    assert re.match(rf"Verksamhet 575 står i budgeten under både SN \(rad \d+\) och VON \(rad {len(rows)}\)\. ",
                    p.meddelande), p.meddelande
    assert "ange verksamheten i config/kommun.toml ([[verksamhet]] med kod, namn och namnd)" in p.meddelande


def test_prognos_without_namnd_whose_file_name_disagrees(tmp_path):
    config_path, inputs = spec_kommun(tmp_path)
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text + '\n[[namnd]]\nid = "BUN"\nnamn = "Barn- och utbildningsnämnden"\n'
                                  'forvaltning = "Barn- och utbildningsförvaltningen"\n', encoding="utf-8")
    book = inputs / "2026" / "tertial" / "Rapportunderlag SN T1 2026.xlsx"
    book.rename(book.with_name("Rapportunderlag BUN T1 2026.xlsx"))
    _raw, _staged, problems = read_and_stage(load_config(config_path), inputs, 2026, "tertial")
    [p] = [p for p in problems.sorted() if "oklart vilken nämnd" in p.meddelande]
    assert (p.fil, p.blad, p.kolumn) == ("inputs/2026/tertial/Rapportunderlag BUN T1 2026.xlsx", "Prognos",
                                         "A (Verksamhet)")
    assert p.meddelande.startswith("Det är oklart vilken nämnd arbetsboken gäller: verksamheterna säger SN (")
    assert "men filnamnet säger BUN. Rätta den som är fel, eller ange nämnden i kolumnen Nämnd i bladet Prognos" \
        in p.meddelande


def test_prognos_with_verksamheter_of_two_namnder(tmp_path, config):
    """With the example's configured verksamheter: SN's workbook, without Nämnd, gets a BUN verksamhet row."""
    inputs = tmp_path / "inputs"
    shutil.copytree(EXAMPLE / "inputs" / "2026", inputs / "2026", ignore=shutil.ignore_patterns("delar", "bokslut"))
    book = inputs / "2026" / "tertial" / "Rapportunderlag SN T1 2026.xlsx"
    without_namnd_column(book, "Prognos")
    wb = openpyxl.load_workbook(book)
    wb["Prognos"].append(["440", -1000, "Fel nämnd"])
    wb.save(book)
    _raw, _staged, problems = read_and_stage(config, inputs, 2026, "tertial")
    [p] = [p for p in problems.sorted() if "gäller flera nämnder" in p.meddelande]
    assert (p.blad, p.kolumn) == ("Prognos", "A (Verksamhet)")
    assert "verksamheterna hör till 559 (SN, rad " in p.meddelande and " och 440 (BUN, rad " in p.meddelande


def test_prognos_without_namnd_and_nothing_else_to_tell(tmp_path, config):
    inputs = tmp_path / "inputs"
    shutil.copytree(EXAMPLE / "inputs" / "2026", inputs / "2026", ignore=shutil.ignore_patterns("delar", "bokslut"))
    book = inputs / "2026" / "tertial" / "Rapportunderlag SN T1 2026.xlsx"
    without_namnd_column(book, "Prognos")
    wb = openpyxl.load_workbook(book)
    ws = wb["Prognos"]
    for row in ws.iter_rows(min_row=3):
        if row[0].value:
            row[0].value = "999"
    wb.save(book)
    book.rename(book.with_name("Prognos socialen.xlsx"))
    _raw, _staged, problems = read_and_stage(config, inputs, 2026, "tertial")
    [p] = [p for p in problems.sorted() if "Nämnden kan inte avgöras" in p.meddelande]
    assert p.blad == "Prognos" and "Lägg till kolumnen Nämnd i bladet Prognos (nämndens id)" in p.meddelande


def test_planning_workbook_without_namnd(tmp_path, config):
    """Prioriteringar without Nämnd: the förslag ids say SN; ids of two nämnder, and ids against the file name,
    are located problems."""
    inputs = tmp_path / "inputs"
    shutil.copytree(EXAMPLE / "inputs" / "2027", inputs / "2027")
    book = inputs / "2027" / "plan" / "Prioriteringar SN 2027.xlsx"
    without_namnd_column(book, "Prioriteringar")
    _raw, plan, problems = read_and_stage_plan(config, inputs, 2027)
    assert not problems, problems.sorted()
    assert set(plan.forslag.loc[plan.forslag["namnd"] == "SN", "forslag_id"]) and "SN" in plan.paths
    renamed = book.rename(book.with_name("Prioriteringar BUN 2027 kopia.xlsx"))
    (inputs / "2027" / "plan" / "Prioriteringar BUN 2027.xlsx").unlink()
    _raw, _plan, problems = read_and_stage_plan(config, inputs, 2027)
    [p] = [p for p in problems.sorted() if "oklart vilken nämnd" in p.meddelande]
    assert p.fil.endswith(renamed.name) and p.blad == "Prioriteringar" and p.kolumn.endswith("(Förslags-id)")
    assert "förslagens id säger SN (SN-" in p.meddelande and "men filnamnet säger BUN" in p.meddelande


def test_spec_minimal_config_runs_end_to_end(tmp_path):
    """`kör 2026 tertial` with SPEC's config and a Prognos sheet without Nämnd: the documents exist and name the
    nämnd; the driftredovisning lists the Budget's verksamheter with SCB's names."""
    from docx import Document
    from pipeline.cli import app

    config_path, inputs = spec_kommun(tmp_path)
    out = tmp_path / "outputs"
    result = CliRunner().invoke(app, ["kör", "--konfig", str(config_path), "--indata", str(inputs), "--utdata",
                                      str(out), "2026", "tertial"])
    assert result.exit_code == 0, result.output
    folder = out / "2026-tertial"
    docx = sorted(folder.glob("*.docx"))
    pdfs = sorted(folder.glob("*.pdf"))
    assert docx and pdfs and (folder / "manifest.json").is_file()
    report = next(p for p in docx if "Socialnämnden" in p.name and "Tertialrapport 1" in p.name)
    text = "\n".join(p.text for p in Document(report).paragraphs)
    tables = "\n".join(c.text for t in Document(report).tables for row in t.rows for c in row.cells)
    assert "Socialnämnden" in text
    assert "Ekonomiskt bistånd" in tables and "Barn och ungdomsvård" in tables
    assert "Fler och dyrare placeringar på HVB-hem" in text + tables   # the Prognos sheet's comment (no Nämnd)
    kommun = folder / "2026 Tertialrapport 1 Kommunövergripande.docx"
    assert "Socialnämnden" in "\n".join(c.text for t in Document(kommun).tables for row in t.rows for c in row.cells)


def test_example_config_without_verksamheter_matches_its_owners(tmp_path, config):
    """The example kommun's own config without [[verksamhet]]: the Budget gives every code the configured nämnd,
    and finds the finansförvaltning's skatter and finansiella poster (kontoklass 8)."""
    text = (EXAMPLE / "config" / "kommun.toml").read_text(encoding="utf-8")
    head = text[:text.index("# Verksamheter: koder")]
    (tmp_path / "kommun.toml").write_text(head, encoding="utf-8")
    shutil.copyfile(EXAMPLE / "config" / "kontoplan_exempelkommun.toml", tmp_path / "kontoplan_exempelkommun.toml")
    derived = load_config(tmp_path / "kommun.toml")
    _raw, staged, problems = read_and_stage(derived, EXAMPLE / "inputs", 2026, "tertial")
    assert not problems, problems.sorted()
    completed = staged.config
    assert {v.kod: v.namnd for v in completed.verksamheter} == {v.kod: v.namnd for v in config.verksamheter}
    assert completed.finans_koder == {"910", "920"}   # 930 (pensions, kontoklass 7) needs finans = true in the config
