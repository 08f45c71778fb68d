"""kör ÅR plan through the real Prefect flow: the prioriteringsmodell workbooks reopened with openpyxl."""

import os
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
from exempel import EXEMPELKOMMUN as EXAMPLE
from pipeline.resources import TEMPLATES


@pytest.fixture(scope="module")
def plan_run(tmp_path_factory):
    from pipeline.flows.run import kommunrapport_flow

    inputs = tmp_path_factory.mktemp("plan-inputs") / "inputs"
    shutil.copytree(EXAMPLE / "inputs" / "2027", inputs / "2027")
    shutil.copytree(EXAMPLE / "inputs" / "2026", inputs / "2026")   # the year before: context for the yttrande
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
    # One run: that the plan round writes the same bytes twice is tests/test_manifest.py's (two folders, every file).
    result = kommunrapport_flow(config_path=EXAMPLE / "config" / "kommun.toml", inputs_dir=inputs,
                                outputs_dir=tmp_path_factory.mktemp("plan-a"), year=2027, tillfalle="plan",
                                templates_root=TEMPLATES)
    outs.append(result.output_dir)
    return outs


def _sheet(folder: Path, name: str):
    return openpyxl.load_workbook(folder / f"Prioriteringsmodell 2027 {name}.xlsx")["Prioriteringsmodell"]


def test_the_plan_round_writes_every_file(plan_run):
    names = sorted(p.name for p in plan_run[0].iterdir())
    assert len(names) == 43   # 9 .xlsx + 8 × 2 × (.docx, .pdf) + 2


def test_rank_columns_sums_and_highlight(plan_run):
    ws = _sheet(plan_run[0], "Socialnämnden")
    header = [c.value for c in ws[3]]
    assert header[:12] == ["Förslags-id", "Typ", "Problem", "Målgrupp", "Åtgärd", "Nuvarande åtgärd", "Kostnad (tkr)",
                           "Svårighetsgrad", "Nytta", "Skala", "Kostnadseffektivitet", "Nämndens rang"]
    assert header[12:] == ["Beräknad rang", "Prioriteringsmatris", "Konsekvensbeskrivning", "Rangnyckel"]
    assert ws.column_dimensions["P"].hidden   # the helper column of the rank formula
    assert ws["H2"].value.startswith("Problemets svårighetsgrad: Mycket stor / Stor")   # the scale-legend row
    book = openpyxl.load_workbook(plan_run[0] / "Prioriteringsmodell 2027 Socialnämnden.xlsx", data_only=True)
    rows = {r[0]: r for r in book["Prioriteringsmodell"].iter_rows(min_row=4, max_row=7, values_only=True)}
    # SN-1 (Mycket hög, Stor) before SN-4 (Mycket hög, Måttlig): the nämnd put SN-4 first, which is highlighted
    assert (rows["SN-1"][11], rows["SN-1"][12]) == (2, 1)
    assert (rows["SN-4"][11], rows["SN-4"][12]) == (1, 2)
    flagged = [ws.cell(row=r, column=13) for r in range(4, 8) if ws.cell(row=r, column=1).value == "SN-4"][0]
    assert flagged.fill.fgColor.rgb.endswith("FFE699") and flagged.font.bold
    # the konsekvensbeskrivning as the model judges it: SN-3 has the same text on both sikt for Brukare/medborgare
    assert rows["SN-3"][14] == "Ofullständig: samma text på kort och lång sikt för Brukare/medborgare"
    assert rows["SN-1"][14] == rows["SN-2"][14] == rows["SN-4"][14] == "Fullständig"
    sums = {r[0]: r[1:3] for r in book["Summor"].iter_rows(min_row=4, max_row=9, values_only=True)}
    # 650 (SN-2); −6 500 − 400 (SN-1, SN-4); −1 800 (SN-3); in total −8 050 for 4 förslag
    assert sums == {"Prioritering inom ram": (650, 1), "Kommunövergripande prioritering": (0, 0), "Investering": (0, 0),
                    "Effektivisering": (-6900, 2), "Ransonering": (-1800, 1), "Totalt": (-8050, 4)}


def _model():
    from pipeline.config import load_config
    from pipeline.model.plan import build_plan_model
    from pipeline.flows.validate import read_and_stage_plan

    config = load_config(EXAMPLE / "config" / "kommun.toml")
    _raw, plan, problems = read_and_stage_plan(config, EXAMPLE / "inputs", 2027)
    assert not problems
    return build_plan_model(plan, config)


def _ranges(formula: str) -> list[tuple[int, int]]:
    import re

    return [(int(a), int(b)) for a, b in re.findall(r"\$[A-Z]+\$(\d+):\$[A-Z]+\$(\d+)", formula)]


@pytest.mark.parametrize("name", ["Socialnämnden", "Sammanställning"])
def test_formulas_cover_every_input_row_and_cache_the_models_values(plan_run, name):
    """Beräknad rang, its helper and every sum are formulas over rows 4 to the last input row the sheet offers (the
    dropdowns' range), and their cached values are the model's."""
    path = plan_run[0] / f"Prioriteringsmodell 2027 {name}.xlsx"
    formulas, values = openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)
    ws, summor = formulas["Prioriteringsmodell"], formulas["Summor"]
    last = max(int(str(dv.sqref).split(":")[1][1:]) for dv in ws.data_validations.dataValidation)
    assert last == 204
    header = [c.value for c in ws[3]]
    rang, key = header.index("Beräknad rang") + 1, header.index("Rangnyckel") + 1
    for row in range(4, last + 1):   # a formula in every input row, also the empty ones a förvaltning may fill in
        for col in (rang, key):
            assert ws.cell(row=row, column=col).data_type == "f", (row, col)
        assert all(r == (4, last) for r in _ranges(ws.cell(row=row, column=rang).value))
    sums = [c for row in summor.iter_rows() for c in row if c.data_type == "f"]
    assert sums and all(_ranges(c.value) and all(r == (4, last) for r in _ranges(c.value))
                        for c in sums if "Prioriteringsmodell" in c.value)
    model = _model()
    forslag = model.forslag if name == "Sammanställning" else model.forslag[model.forslag["namnd"] == "SN"]
    if name == "Sammanställning":
        from pipeline.model.prioritering import beraknad_rang

        forslag = beraknad_rang(forslag.drop(columns=["beraknad_rang", "avviker"]), within_namnd=False)
    id_col = header.index("Förslags-id")
    cached = {r[id_col]: r[rang - 1] for r in values["Prioriteringsmodell"].iter_rows(min_row=4, values_only=True)
              if r[id_col]}
    assert cached == {r["forslag_id"]: int(r["beraknad_rang"]) for r in forslag.to_dict("records")}
    per_typ = {r[0]: r[1] for r in values["Summor"].iter_rows(min_row=4, max_row=9, values_only=True)}
    assert per_typ == {**{t: float(forslag.loc[forslag["typ"] == t, "kostnad"].sum()) for t in per_typ if t != "Totalt"},
                       "Totalt": float(forslag["kostnad"].sum())}
    rules = [(str(cf.sqref), r.formula) for cf in ws.conditional_formatting for r in cf.rules]
    if name == "Socialnämnden":   # the rank differences follow edits: a formula rule over the whole column
        assert rules == [("M4:M204", ["AND(ISNUMBER($L4),ISNUMBER($M4),$L4<>$M4)"])]
    else:   # across the nämnder the nämnd's own rank is not comparable
        assert rules == []


def _recalculate(path: Path, out: Path) -> Path:
    """Recalculate a workbook with LibreOffice (headless); openpyxl's save has dropped every cached value, so
    every number read afterwards is LibreOffice's."""
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:   # .ci/run installs it; in CI this test never skips
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing in CI: .ci/run installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install -y libreoffice-calc-nogui")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{out / 'lo-profile'}", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    return out / path.name


def test_libreoffice_recalculates_the_models_values_and_follows_edits(plan_run, tmp_path):
    for name in ("Socialnämnden", "Sammanställning"):
        original = plan_run[0] / f"Prioriteringsmodell 2027 {name}.xlsx"
        stripped = tmp_path / f"{name}.xlsx"
        openpyxl.load_workbook(original).save(stripped)   # formulas kept, cached values gone
        computed = openpyxl.load_workbook(_recalculate(stripped, tmp_path / "lo"), data_only=True)
        cached = openpyxl.load_workbook(original, data_only=True)
        for sheet in ("Prioriteringsmodell", "Summor"):
            assert list(computed[sheet].iter_rows(values_only=True)) == \
                list(cached[sheet].iter_rows(values_only=True)), (name, sheet)
    # a förvaltning edits: SN-4's nytta Måttlig -> Mycket stor puts it before SN-1 (both Mycket hög), so the
    # nämnd's own order (SN-4 1, SN-1 2) now agrees; a new ransonering SN-9 (Mycket hög) goes before SN-3 (Måttlig)
    wb = openpyxl.load_workbook(plan_run[0] / "Prioriteringsmodell 2027 Socialnämnden.xlsx")
    ws = wb["Prioriteringsmodell"]
    row = {ws.cell(row=r, column=1).value: r for r in range(4, 8)}
    ws.cell(row=row["SN-4"], column=9).value = "Mycket stor"
    for col, value in zip("ABGHIKL", ["SN-9", "Ransonering", -100, "Liten", "Stor", "Mycket hög", 2]):
        ws[f"{col}8"] = value
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    book = openpyxl.load_workbook(_recalculate(edited, tmp_path / "lo2"), data_only=True)
    ranks = {r[0]: (r[11], r[12]) for r in book["Prioriteringsmodell"].iter_rows(min_row=4, max_row=8, values_only=True)}
    assert ranks == {"SN-2": (1, 1), "SN-1": (2, 2), "SN-4": (1, 1), "SN-3": (1, 2), "SN-9": (2, 1)}
    sums = {r[0]: r[1:3] for r in book["Summor"].iter_rows(min_row=4, max_row=9, values_only=True)}
    assert sums["Ransonering"] == (-1900, 2) and sums["Totalt"] == (-8150, 5)


def test_dropdowns_print_setup_and_no_formula_from_inputs(plan_run):
    ws = _sheet(plan_run[0], "Miljö- och byggnämnden")
    lists = {str(dv.sqref).split(":")[0][0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["B"] == '"Prioritering inom ram,Kommunövergripande prioritering,Investering,Effektivisering,Ransonering"'
    assert lists["H"] == '"Mycket stor,Stor,Måttlig,Liten"' and lists["I"] == '"Mycket stor,Stor,Måttlig,Liten,Ingen"'
    assert lists["J"] == '"Individ/Medborgare,Samhälle,Organisation"' and lists["K"] == '"Mycket hög,Hög,Måttlig,Låg"'
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:O204"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$3"
    assert ws["C4"].value == '=HYPERLINK("http://example.org","klicka")' and ws["C4"].data_type == "s"
    formulas = {c.column_letter for row in ws.iter_rows() for c in row if c.data_type == "f"}
    assert formulas == {"M", "P"}   # only Beräknad rang and its helper: input text never becomes a formula


def test_sammanstallning_has_every_namnd_and_the_run_summary(plan_run):
    ws = openpyxl.load_workbook(plan_run[0] / "Prioriteringsmodell 2027 Sammanställning.xlsx")["Prioriteringsmodell"]
    assert ws["A1"].value.endswith("PRELIMINÄR (valår)")   # MoR 2027 is decided in 2026, a valår
    assert ws["A3"].value == "Nämnd"
    ids = [r[1] for r in ws.iter_rows(min_row=4, max_row=21, values_only=True)]
    assert len(ids) == 18 and len(set(ids)) == 18
    summary = (plan_run[0] / "körsammanfattning.txt").read_text(encoding="utf-8")
    assert "Socialnämnden SN-4 (Effektivisering): nämndens rang 1, beräknad 2" in summary
    assert "Tekniska nämnden TN-3: saknar Ekonomi (lång sikt), Personal (kort sikt)" in summary
    assert "Socialnämnden SN-3: samma text på kort och lång sikt för Brukare/medborgare" in summary
    assert summary.count("  - ") == 4   # two rank differences, exactly the two deliberately incomplete förslag


def test_bad_plan_input_writes_nothing(tmp_path):
    from pipeline.cli import app

    inputs = tmp_path / "inputs"
    shutil.copytree(EXAMPLE / "inputs" / "2027", inputs / "2027")
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
    assert matrices[0][1] == ["Ekonomi", "− Negativ Investering på 12 000 tkr.",
                              "+ Positiv Lägre kostnad för akut underhåll."]
    assert matrices[2][1] == ["Ekonomi", "+ Positiv Lägre kostnad kalla vintrar.", "– Ej bedömd "]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Agenda 2030: 9 Hållbar industri, innovationer och infrastruktur, 11 Hållbara städer och samhällen." in text
    assert "Ofullständig konsekvensbeskrivning: saknar Ekonomi (lång sikt), Personal (kort sikt)" in text
    summary = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert summary[0] == ["Förslag", "Typ", "Kostnad, tkr", "Positiva", "Negativa", "Matrisfält", "Beslut", "Fullständig"]
    assert summary[3][-1] == "Nej" and summary[1][-1] == "Ja"
    assert "Omfattning: Service och samhälle (kräver Ekonomi, Personal, Brukare/medborgare, Social hållbarhet och " \
           "Miljö på kort och lång sikt)." in text
    alt = [p.get("descr") for p in document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr") if "Prioriteringsmatris" in (p.get("descr") or "")]
    assert alt and "TN-1: Utmana" in alt[0]


def test_konsekvensmatris_socialnamnden_each_sikt_its_own_text(plan_run):
    """Every perspektiv shows the text given for each sikt; the one deliberate copy (SN-3 Brukare/medborgare) is
    flagged as incomplete, and only it."""
    import docx

    document = docx.Document(plan_run[0] / "2027 Konsekvensmatris Socialnämnden.docx")
    matrices = [[[c.text for c in r.cells] for r in t.rows[1:]] for t in document.tables
                if t.rows[0].cells[0].text == "Perspektiv"]
    assert len(matrices) == 4   # SN-1 … SN-4 in id order
    same = [(i, row[0]) for i, m in enumerate(matrices, start=1) for row in m
            if row[1].split(" ", 2)[2:] == row[2].split(" ", 2)[2:]]
    assert same == [(3, "Brukare/medborgare")]
    assert matrices[0][0] == ["Ekonomi", "− Negativ Uppstartskostnad för rekrytering och utbildning första året.",
                              "+ Positiv Lägre placeringskostnader när färre barn placeras externt."]
    summary = {r.cells[0].text.split()[0]: r.cells[-1].text for r in document.tables[0].rows[1:]}
    assert summary == {"SN-1": "Ja", "SN-2": "Ja", "SN-3": "Nej", "SN-4": "Ja"}
    text = [p.text for p in document.paragraphs]
    assert "SN-3: samma text på kort och lång sikt för Brukare/medborgare." in text
    assert "Ofullständig konsekvensbeskrivning: samma text på kort och lång sikt för Brukare/medborgare." in text
    # the problem, as typed without a full stop, still ends its sentence before the next field
    problems = [t for t in text if " Problem: " in t]
    assert len(problems) == 4 and all(". Målgrupp: " in t for t in problems), problems


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
    # the konsekvensanalys judged as in the konsekvensmatriser: only SN-3 is flagged
    flags = [p for p in text.splitlines() if p.startswith("Ofullständig konsekvensanalys")]
    assert flags == ["Ofullständig konsekvensanalys: samma text på kort och lång sikt för Brukare/medborgare."]
    empty = docx.Document(plan_run[0] / "2027 Yttrande prioriteringar Miljö- och byggnämnden.docx")
    assert "Nämnden lämnar inga förslag i detta avsnitt." in [p.text for p in empty.paragraphs]


def test_yttrande_without_ramar_says_so(tmp_path, config):
    from pipeline.context.yttrande import yttrande_context
    from pipeline.model.plan import build_plan_model
    from pipeline.flows.validate import read_and_stage_plan

    inputs = tmp_path / "inputs"
    shutil.copytree(EXAMPLE / "inputs" / "2027", inputs / "2027")
    (inputs / "2027" / "Ramar 2027.xlsx").unlink()
    _raw, plan, problems = read_and_stage_plan(config, inputs, 2027)
    assert not problems
    context = yttrande_context("Exempelkommun", build_plan_model(plan, config), plan, "SN", "Socialnämnden")
    assert context["avstamning"]["finns"] is False
    assert context["avstamning"]["text"].startswith("Preliminära ramar saknas")


def test_sammanstallning_ranks_across_namnder_with_totals_against_the_utrymme(plan_run):
    book = openpyxl.load_workbook(plan_run[0] / "Prioriteringsmodell 2027 Sammanställning.xlsx", data_only=True)
    rows = list(book["Prioriteringsmodell"].iter_rows(min_row=4, values_only=True))
    effektiv = [(r[1], r[13]) for r in rows[:18] if r[2] == "Effektivisering"]
    # across the nämnder within the Typ: Mycket hög + Stor first (SN-1, VON-2 by cost), then …
    assert effektiv[:2] == [("SN-1", 1), ("VON-2", 2)]
    cells = {r[0]: r[1:] for r in book["Summor"].iter_rows(values_only=True) if r and isinstance(r[0], str)}
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
