"""kör ÅR plan through the real Prefect flow: the prioriteringsmodell workbooks reopened with openpyxl."""

import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def plan_run(tmp_path_factory):
    from pipeline.flow import plan_flow

    inputs = tmp_path_factory.mktemp("plan-inputs") / "inputs"
    shutil.copytree(ROOT / "inputs" / "2027", inputs / "2027")
    shutil.copytree(ROOT / "inputs" / "2026", inputs / "2026")   # the year before: context for the yttrande
    # a problem text typed like a formula must stay text
    book = inputs / "2027" / "plan" / "Prioriteringar MBN 2027.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb["Prioriteringar"]
    header = [c.value for c in ws[2]]
    cell = ws.cell(row=3, column=header.index("Problem") + 1)
    cell.value = '=HYPERLINK("http://example.org","klicka")'
    cell.data_type = "s"
    wb.save(book)
    outs = []
    for name in ("a", "b"):
        result = plan_flow(config_path=ROOT / "config" / "kommun.toml", inputs_dir=inputs,
                           outputs_dir=tmp_path_factory.mktemp(f"plan-{name}"), year=2027,
                           templates_root=ROOT / "templates")
        outs.append(result.output_dir)
    return outs


def _sheet(folder: Path, name: str):
    return openpyxl.load_workbook(folder / f"Prioriteringsmodell 2027 {name}.xlsx")["Prioriteringsmodell"]


def test_two_runs_identical_bytes(plan_run):
    first, second = plan_run
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir()) and len(names) == 43   # 9 .xlsx + 8 × 2 × (.docx, .pdf) + 2
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_rank_columns_sums_and_highlight(plan_run):
    ws = _sheet(plan_run[0], "Socialnämnden")
    header = [c.value for c in ws[3]]
    assert header[:12] == ["Förslags-id", "Typ", "Problem", "Målgrupp", "Åtgärd", "Nuvarande åtgärd", "Kostnad (tkr)",
                           "Svårighetsgrad", "Nytta", "Skala", "Kostnadseffektivitet", "Nämndens rang"]
    assert header[12:] == ["Beräknad rang", "Prioriteringsmatris"]
    assert ws["H2"].value.startswith("Problemets svårighetsgrad: Mycket stor / Stor")   # the scale-legend row
    rows = {r[0]: r for r in ws.iter_rows(min_row=4, max_row=7, values_only=True)}
    # SN-1 (Mycket hög, Stor) before SN-4 (Mycket hög, Måttlig): the nämnd put SN-4 first, which is highlighted
    assert (rows["SN-1"][11], rows["SN-1"][12]) == (2, 1)
    assert (rows["SN-4"][11], rows["SN-4"][12]) == (1, 2)
    flagged = [ws.cell(row=r, column=13) for r in range(4, 8) if ws.cell(row=r, column=1).value == "SN-4"][0]
    assert flagged.fill.fgColor.rgb.endswith("FFE699") and flagged.font.bold
    values = openpyxl.load_workbook(plan_run[0] / "Prioriteringsmodell 2027 Socialnämnden.xlsx", data_only=True)
    sums = {r[0]: r[1] for r in values["Prioriteringsmodell"].iter_rows(min_row=10, max_row=14, values_only=True)}
    assert sums == {"Prioritering inom ram": 650, "Kommunövergripande prioritering": 0, "Investering": 0,
                    "Effektivisering": -6900, "Ransonering": -1800}


def test_dropdowns_print_setup_and_no_formula_from_inputs(plan_run):
    ws = _sheet(plan_run[0], "Miljö- och byggnämnden")
    lists = {str(dv.sqref).split(":")[0][0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["B"] == '"Prioritering inom ram,Kommunövergripande prioritering,Investering,Effektivisering,Ransonering"'
    assert lists["H"] == '"Mycket stor,Stor,Måttlig,Liten"' and lists["I"] == '"Mycket stor,Stor,Måttlig,Liten,Ingen"'
    assert lists["J"] == '"Individ/Medborgare,Samhälle,Organisation"' and lists["K"] == '"Mycket hög,Hög,Måttlig,Låg"'
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref.startswith("A3:N")
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$3"
    assert ws["C4"].value == '=HYPERLINK("http://example.org","klicka")' and ws["C4"].data_type == "s"
    formulas = [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas and all(c.startswith("B") and int(c[1:]) > 5 for c in formulas), formulas   # only the SUMIFs


def test_sammanstallning_has_every_namnd_and_the_run_summary(plan_run):
    ws = openpyxl.load_workbook(plan_run[0] / "Prioriteringsmodell 2027 Sammanställning.xlsx")["Prioriteringsmodell"]
    assert ws["A1"].value.endswith("PRELIMINÄR (valår)")   # MoR 2027 is decided in 2026, a valår
    assert ws["A3"].value == "Nämnd"
    ids = [r[1] for r in ws.iter_rows(min_row=4, max_row=21, values_only=True)]
    assert len(ids) == 18 and len(set(ids)) == 18
    summary = (plan_run[0] / "körsammanfattning.txt").read_text(encoding="utf-8")
    assert "Socialnämnden SN-4 (Effektivisering): nämndens rang 1, beräknad 2" in summary
    assert "Tekniska nämnden TN-3: saknar Ekonomi (lång sikt), Personal (kort sikt)" in summary


def test_bad_plan_input_writes_nothing(tmp_path):
    from pipeline.cli import app

    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs" / "2027", inputs / "2027")
    book = inputs / "2027" / "plan" / "Prioriteringar SN 2027.xlsx"
    wb = openpyxl.load_workbook(book)
    wb["Prioriteringar"]["H3"] = "en hel del"
    wb.save(book)
    out = tmp_path / "ut"
    result = CliRunner().invoke(app, ["kör", "--indata", str(inputs), "--utdata", str(out), "2027", "plan"])
    assert result.exit_code == 1
    assert "Kostnaden 'en hel del' är inte ett belopp" in " ".join(result.output.split())
    assert not out.exists() or not any(out.iterdir())


def test_konsekvensmatriser_per_namnd_with_every_forslags_matrix(plan_run):
    import docx

    folder = plan_run[0]
    names = sorted(p.name for p in folder.glob("*Konsekvensmatris*"))
    assert len(names) == 16 and all(n.startswith("2027 Konsekvensmatris ") for n in names)
    document = docx.Document(folder / "2027 Konsekvensmatris Tekniska nämnden.docx")
    heads = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert heads[:3] == ["Sammanfattning konsekvensbeskrivning", "Ofullständiga konsekvensbeskrivningar",
                         "Prioriteringsmatris"]
    assert heads[3:] == ["TN-1 Beläggningsprogram 2027", "TN-2 LED-armaturer", "TN-3 Senare plogstart på lokalgator"]
    matrices = [[[c.text for c in r.cells] for r in t.rows] for t in document.tables if t.rows[0].cells[0].text == "Perspektiv"]
    assert matrices[0][1] == ["Ekonomi", "− Negativ Investering nu, lägre akut underhåll senare.",
                              "+ Positiv Investering nu, lägre akut underhåll senare."]
    assert matrices[2][1] == ["Ekonomi", "+ Positiv Lägre kostnad kalla vintrar.", "– Ej bedömd "]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Agenda 2030: 9 Hållbar industri, innovationer och infrastruktur, 11 Hållbara städer och samhällen." in text
    assert "Ofullständig konsekvensbeskrivning: saknar Ekonomi (lång sikt), Personal (kort sikt)" in text
    summary = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert summary[0] == ["Förslag", "Typ", "Kostnad, tkr", "Positiva", "Negativa", "Matrisfält", "Beslut", "Fullständig"]
    assert summary[3][-1] == "Nej" and summary[1][-1] == "Ja"
    alt = [p.get("descr") for p in document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr") if "Prioriteringsmatris" in (p.get("descr") or "")]
    assert alt and "TN-1: Utmana" in alt[0]


def test_yttrande_sections_in_order_with_ramar_and_handlingsplaner(plan_run):
    import docx

    document = docx.Document(plan_run[0] / "2027 Yttrande prioriteringar Socialnämnden.docx")
    h1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert h1 == ["Prioriteringar inom ram", "Förslag till kommunövergripande prioriteringar",
                  "Investeringsprioriteringar", "Effektiviseringar och ransoneringar", "Ekonomisk avstämning",
                  "Åtgärds- och handlingsplaner"]
    h2 = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    # the nämnd's own order within Effektiviseringar (SN-4 before SN-1), each with its computed rank beside
    assert h2[:4] == ["1. SN-2 En tjänst till för budget- och skuldrådgivning",
                      "1. SN-4 Digital ansökan och automatiserad kontroll av inkomstuppgifter",
                      "2. SN-1 Bygga ut öppenvården och familjehemsvården i egen regi",
                      "1. SN-3 Striktare bedömning av kostnader utöver riksnormen"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Preliminär driftram: 283 000 tkr. Investeringsutrymme: 1 000 tkr." in text.replace("\u00a0", " ")
    # 650 − 400 − 6 500 − 1 800 = −8 050 tkr frees room within the ram
    assert "8 050 tkr frigörs inom driftramen" in text.replace("\u00a0", " ")
    activities = [[c.text for c in r.cells] for t in document.tables if t.rows[0].cells[0].text == "VAD" for r in t.rows]
    assert activities[1] == ["Rekrytera tre familjebehandlare", "Lönekostnad 1 950 tkr", "Enhetschef", "Senast mars 2027"]
    # the year before as context: 2026's budget and utfall (bokslut inputs) and the nämnd's mål; the utfall as the
    # verksamhetsberättelse 2026 prints it: its five verksamheter rounded to whole tkr and added (289 676, where the
    # unrounded sum would be 289 678)
    assert "Budget 2026: 270 999 tkr; utfall 2026: 289 676 tkr (nettokostnad)." in text.replace("\u00a0", " ")
    assert "SN1 Minskat beroende av ekonomiskt bistånd" in text
    empty = docx.Document(plan_run[0] / "2027 Yttrande prioriteringar Miljö- och byggnämnden.docx")
    assert "Nämnden lämnar inga förslag i detta avsnitt." in [p.text for p in empty.paragraphs]


def test_yttrande_without_ramar_says_so(tmp_path, config):
    from pipeline.context.yttrande import yttrande_context
    from pipeline.model.plan import build_plan_model
    from pipeline.validate import read_and_stage_plan

    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs" / "2027", inputs / "2027")
    (inputs / "2027" / "Ramar 2027.xlsx").unlink()
    _raw, plan, problems = read_and_stage_plan(config, inputs, 2027)
    assert not problems
    context = yttrande_context("Exempelkommun", build_plan_model(plan, config), plan, "SN", "Socialnämnden")
    assert context["avstamning"]["finns"] is False
    assert context["avstamning"]["text"].startswith("Preliminära ramar saknas")


def test_sammanstallning_ranks_across_namnder_with_totals_against_the_utrymme(plan_run):
    ws = openpyxl.load_workbook(plan_run[0] / "Prioriteringsmodell 2027 Sammanställning.xlsx")["Prioriteringsmodell"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    effektiv = [(r[1], r[13]) for r in rows[:18] if r[2] == "Effektivisering"]
    # across the nämnder within the Typ: Mycket hög + Stor first (SN-1, VON-2 by cost), then …
    assert effektiv[:2] == [("SN-1", 1), ("VON-2", 2)]
    cells = {r[0]: r[1:] for r in rows if r and isinstance(r[0], str)}
    assert cells["Socialnämnden"][:6] == (650, 0, 0, -6900, -1800, -8050)
    # 6 500 + 2 400 + 1 100 + 800 + 400 + 900 + 600 + 700 + 1 800 + 500 = 15 700 freed; 7 200 + 9 800 asked
    assert cells["Frigörs genom effektiviseringar och ransoneringar"][0] == 15700
    assert cells["Kvar (+) eller saknas (−) för kommunövergripande prioriteringar"][0] == -1300
    assert cells["Investeringsutrymme enligt ramarna"][0] == 63500


@pytest.mark.parametrize("name", ["2027 Konsekvensmatris Socialnämnden", "2027 Yttrande prioriteringar Socialnämnden"])
def test_plan_documents_match_golden_outlines(plan_run, name):
    import docx

    from tests.test_tertialrapport import GOLDEN, assert_matches_golden, outline

    assert_matches_golden(outline(docx.Document(plan_run[0] / f"{name}.docx")), GOLDEN / f"{name.replace(' ', '-')}.txt")


def test_plan_documents_are_accessible(plan_run):
    """Tagged PDF/UA with language and title; Word in Swedish with headings in order, repeating table headers and
    the matrix chart's alt text (the same bar as the reports, tests/test_tillganglighet.py)."""
    import docx
    import pikepdf
    from docx.oxml.ns import qn

    folder = plan_run[0]
    for stem in ("2027 Konsekvensmatris Tekniska nämnden", "2027 Yttrande prioriteringar Tekniska nämnden"):
        with pikepdf.open(folder / f"{stem}.pdf") as pdf:
            assert pdf.Root.MarkInfo.Marked and str(pdf.Root.Lang) == "sv-SE"
            meta = pdf.open_metadata()
            assert meta.get("pdfuaid:part") == "1", stem
            assert str(pdf.docinfo.Title) == docx.Document(folder / f"{stem}.docx").core_properties.title
        document = docx.Document(folder / f"{stem}.docx")
        assert document.core_properties.language == "sv-SE"
        levels = [int(p.style.name.split()[-1]) for p in document.paragraphs if p.style.name.startswith("Heading")]
        assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), stem
        for table in document.element.body.iter(qn("w:tbl")):
            assert table.find(qn("w:tr")).find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None, stem
        for pr in document.element.body.iter(qn("wp:docPr")):
            assert pr.get("descr"), stem
