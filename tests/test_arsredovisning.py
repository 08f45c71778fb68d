"""The delår and bokslut runs of the example kommun through the real Prefect flow: the kommun's delårsrapport
and årsredovisning, the revisorer's checklist, the nämnder's delårsrapport and verksamhetsberättelse. Documents
are reopened and their headings, table cells and numbers checked; golden outlines keep changes visible."""

import csv
import json
import shutil
from decimal import Decimal
from pathlib import Path

import docx
import pikepdf
import pytest
from typer.testing import CliRunner

from tests.test_tertialrapport import assert_matches_golden, outline

ROOT = Path(__file__).resolve().parents[1]
from exempel import EXEMPELKOMMUN as EXAMPLE
from pipeline.context.format import NBSP, number
from pipeline.resources import TEMPLATES
GOLDEN = Path(__file__).parent / "golden"
AR = "2026 Årsredovisning Exempelkommun"
DELAR = "2026 Delårsrapport Exempelkommun"


def _headings(document) -> list[tuple[int, str]]:
    return [(int(p.style.name.split()[-1]), p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


def _table(document, first_cell: str) -> list[list[str]]:
    table = next(t for t in document.tables if t.rows[0].cells[0].text == first_cell)
    return [[c.text.replace("\u00a0", " ") for c in r.cells] for r in table.rows]


def _mnkr(kronor: Decimal) -> str:
    """Exact kronor rounded to 0,1 mnkr here (half to even), written as the documents write numbers (spaces plain)."""
    return number(float(round(kronor / Decimal(1_000_000), 1)), 1).replace(NBSP, " ")


def _within_a_unit(printed: str, kronor: Decimal) -> bool:
    """A post of a statement is distributed by the largest-remainder method (docs/rakenskaper.md, Avrundning i
    räkenskaperna): it is its exact amount rounded up or down, less than 0,1 mnkr from it."""
    value = Decimal(printed.replace(" ", "").replace("\u2212", "-").replace(",", "."))
    return abs(value - kronor / Decimal(1_000_000)) < Decimal("0.1")


def test_manifest_names_the_kontoplan(year_end_runs):
    import hashlib

    manifest = json.loads((year_end_runs["bokslut"][0] / "manifest.json").read_text(encoding="utf-8"))
    files = {e["fil"]: e["sha256"] for e in manifest["konfigurationsfiler"]}
    path = EXAMPLE / "config" / "kontoplan_exempelkommun.toml"
    assert list(files.values()) == [hashlib.sha256(path.read_bytes()).hexdigest()]
    assert list(files)[0].endswith("config/kontoplan_exempelkommun.toml")
    inputs = {e["fil"] for e in manifest["indata"]}
    assert {"inputs/2026/bokslut/Huvudbok jan-dec 2026.csv", "inputs/2026/bokslut/Bokslutsunderlag 2026.xlsx",
            "inputs/2026/Utfall 2025.csv"} <= inputs


def test_outputs_of_the_year_end_points(year_end_runs):
    bokslut = {p.name for p in year_end_runs["bokslut"][0].iterdir()}
    assert {f"{AR}.docx", f"{AR}.pdf", "2026 Granskningslista Årsredovisning Exempelkommun.json",
            "2026 Granskningslista Årsredovisning Exempelkommun.docx",
            "2026 Granskningslista Årsredovisning Exempelkommun.pdf",
            "2026 Verksamhetsberättelse Socialnämnden.docx", "2026 Årsredovisning Kommunövergripande.pdf"} <= bokslut
    delar = {p.name for p in year_end_runs["delar"][0].iterdir()}
    assert {f"{DELAR}.docx", f"{DELAR}.pdf", "2026 Delårsrapport Socialnämnden.docx",
            "2026 Granskningslista Delårsrapport Exempelkommun.json"} <= delar


def test_arsredovisning_headings_in_the_order_of_the_law(year_end_runs):
    heads = _headings(docx.Document(year_end_runs["bokslut"][0] / f"{AR}.docx"))
    assert [h for level, h in heads if level == 1] == [
        "Förvaltningsberättelse", "Resultaträkning", "Balansräkning", "Kassaflödesanalys", "Redovisningsprinciper",
        "Noter", "Driftredovisning", "Investeringsredovisning", "Sammanställda räkenskaper"]
    assert [h for level, h in heads if level == 2][:9] == [
        "Översikt över verksamhetens utveckling", "Viktiga förhållanden för resultat och ekonomisk ställning",
        "Händelser av väsentlig betydelse", "Styrning och uppföljning av den kommunala verksamheten",
        "God ekonomisk hushållning och ekonomisk ställning", "Uppföljning av internkontrollplan",
        "Väsentliga personalförhållanden", "Förväntad utveckling", "Panter och ansvarsförbindelser"]
    assert (3, "Balanskravsresultat") in heads


def _csv_sums():
    sums: dict[str, Decimal] = {}
    with open(EXAMPLE / "inputs/2026/bokslut/Huvudbok jan-dec 2026.csv", encoding="cp1252", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            if not row["Period"].endswith("00"):
                sums[row["Konto"]] = sums.get(row["Konto"], Decimal(0)) + Decimal(row["Belopp"].replace(",", "."))
    return sums


def test_resultatrakning_in_the_document_equals_a_plain_sum_of_the_ledger(year_end_runs):
    # the årsredovisning's statements: Mnkr, Not, the year, the year before
    rows = {r[0]: r[2:] for r in _table(docx.Document(year_end_runs["bokslut"][0] / f"{AR}.docx"), "Mnkr")}
    sums = _csv_sums()
    group = lambda *p: sum((v for k, v in sums.items() if k.startswith(p)), Decimal(0))   # noqa: E731
    assert _within_a_unit(rows["Skatteintäkter"][0], -group("80"))
    assert _within_a_unit(rows["Generella statsbidrag och utjämning"][0], -group("82", "83"))
    assert _within_a_unit(rows["Verksamhetens nettokostnader"][0], -group("3", "4", "5", "6", "7"))
    # the top row is rounded correctly; the rows above it are distributed so that they add up to it
    assert rows["Årets resultat"][0] == _mnkr(-group("3", "4", "5", "6", "7", "8")) == "55,0"
    assert rows["Årets resultat"][1] == "79,9"   # 2025, from last year's ledger


def test_balans_kassaflode_balanskrav_and_personal_in_the_document(year_end_runs):
    document = docx.Document(year_end_runs["bokslut"][0] / f"{AR}.docx")
    mnkr_tables = [[[c.text.replace("\u00a0", " ") for c in r.cells] for r in t.rows] for t in document.tables
                   if t.rows[0].cells[0].text == "Mnkr"]
    br = {r[0]: r[2:] for r in mnkr_tables[1]}   # after the Not column
    assert br["Summa tillgångar"] == br["Summa eget kapital, avsättningar och skulder"]
    kfa = {r[0]: r[2:] for r in mnkr_tables[3]}
    assert kfa["Likvida medel vid periodens slut"][0] == br["Kassa och bank"][0]
    assert kfa["Likvida medel vid periodens början"][0] == br["Kassa och bank"][1]
    balanskrav = {r[0]: r[1] for r in _table(document, "Balanskravsutredning, mnkr")}
    assert balanskrav["Samtliga realisationsvinster"] == "−2,1"
    assert balanskrav["Medel till resultatutjämningsreserv"] == "−5,0"
    assert balanskrav["Årets balanskravsresultat"] == "47,9"
    personal = {r[0]: r[1:] for r in _table(document, "Grupp")}
    # 260 900 sick hours of 4 019 000 ordinary hours among Kvinnor (year_end.PERSONAL), 45 % of them 60+ days
    assert personal["Kvinnor"][0] == "3 106"
    assert personal["Kvinnor"][1] == "7,1"
    assert personal["Totalt"][1:] == ["6,5", "44,9"]


def test_femar_table_from_the_entered_years(year_end_runs):
    femar = {r[0]: r[1:] for r in _table(docx.Document(year_end_runs["bokslut"][0] / f"{AR}.docx"), "Nyckeltal")}
    assert femar["Nyckeltal"] == ["2022", "2023", "2024", "2025", "2026"]
    assert femar["Antal invånare 31 december (antal)"] == ["44 890", "45 120", "45 380", "45 610", "45 790"]
    assert femar["Årets resultat (mnkr)"] == ["71,2", "38,4", "46,0", "79,9", "55,0"]


def test_checklist_lists_every_part_and_check_and_passes(year_end_runs, config):
    from pipeline.model.granskning import DELARSRAPPORT_PARTS, arsredovisning_parts

    for tillfalle, parts, typ in (("bokslut", arsredovisning_parts(config), "Årsredovisning"),
                                  ("delar", DELARSRAPPORT_PARTS, "Delårsrapport")):
        folder = year_end_runs[tillfalle][0]
        data = json.loads((folder / f"2026 Granskningslista {typ} Exempelkommun.json").read_text(encoding="utf-8"))
        assert data["godkand"] is True
        assert [d["id"] for d in data["delar"]] == [p.id for p in parts]
        assert all(d["ok"] and d["plats"].startswith("Rubrik: ") for d in data["delar"])
        checks = {c["id"]: c for c in data["kontroller"]}
        assert {"ek_forandring", "balansrakning", "drift_vnk", "namnder_kommun", "kassaflode"} <= set(checks)
        for c in checks.values():
            assert round(c["vanster"]["belopp"]) == round(c["hoger"]["belopp"]), c
        rows = _table(docx.Document(folder / f"2026 Granskningslista {typ} Exempelkommun.docx"), "Kontroll")
        assert len(rows) == 1 + len(checks)
        assert all(r[-1].startswith("✔ Stämmer") for r in rows[1:])
    bokslut = json.loads((year_end_runs["bokslut"][0] / "2026 Granskningslista Årsredovisning Exempelkommun.json")
                         .read_text(encoding="utf-8"))
    assert {"balanskrav", "investeringar"} <= {c["id"] for c in bokslut["kontroller"]}


def test_delarsrapport_has_the_r17_parts_and_the_prognos(year_end_runs):
    document = docx.Document(year_end_runs["delar"][0] / f"{DELAR}.docx")
    heads = [h for _level, h in _headings(document)]
    for part in ("Förvaltningsberättelse", "Händelser av väsentlig betydelse", "Helårsprognos", "Balanskravsresultat",
                 "God ekonomisk hushållning", "Resultaträkning", "Balansräkning"):
        assert part in heads, part
    rr = {r[0]: r[1:] for r in _table(document, "Mnkr")}
    assert list(_table(document, "Mnkr")[0][1:]) == ["Januari–augusti 2026", "Januari–augusti 2025"]
    assert rr["Årets resultat"] == ["45,0", "68,4"]
    br_header = [t for t in document.tables if t.rows[0].cells[0].text == "Mnkr"][1].rows[0].cells
    assert [c.text for c in br_header[1:]] == ["31 augusti 2026", "31 december 2025"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Helårsprognosen för årets resultat är" in text


def test_verksamhetsberattelse_has_the_year_and_internkontroll(year_end_runs):
    document = docx.Document(year_end_runs["bokslut"][0] / "2026 Verksamhetsberättelse Socialnämnden.docx")
    assert document.core_properties.title == "Verksamhetsberättelse 2026 Socialnämnden"
    drift = _table(document, "Verksamhet")
    assert drift[0][5] == "Utfall helår"
    ic = _table(document, "Kontrollmoment")
    assert ic[1] == ["Handläggningstid för förhandsbedömning av orosanmälan", "Barn får inte skydd i tid",
                     "94 % inom 14 dagar (krav 100 %).", "Ja", "Veckovis uppföljning av ärendebalansen i mottagningen."]
    heads = [h for _l, h in _headings(document)]
    assert "Uppföljning av internkontrollplan" in heads
    # A nämnd without an Internkontroll sheet has no such section.
    gvn = docx.Document(year_end_runs["bokslut"][0] / "2026 Verksamhetsberättelse Gymnasie- och vuxenutbildningsnämnden.docx")
    assert "Uppföljning av internkontrollplan" not in [h for _l, h in _headings(gvn)]


def test_pdfs_are_tagged_with_the_statements_as_bookmarks(year_end_runs):
    with pikepdf.open(year_end_runs["bokslut"][0] / f"{AR}.pdf") as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "sv-SE"
        with pdf.open_outline() as outline_:
            titles = [item.title for item in outline_.root]
        assert titles[-9:] == ["Förvaltningsberättelse", "Resultaträkning", "Balansräkning", "Kassaflödesanalys",
                               "Redovisningsprinciper", "Noter", "Driftredovisning", "Investeringsredovisning",
                               "Sammanställda räkenskaper"]


@pytest.mark.parametrize("name", [AR, DELAR, "2026 Granskningslista Årsredovisning Exempelkommun",
                                  "2026 Verksamhetsberättelse Socialnämnden", "2026 Delårsrapport Socialnämnden"])
def test_documents_match_golden_outlines(year_end_runs, name):
    folder = year_end_runs["bokslut" if name.startswith(("2026 Års", "2026 Gransk", "2026 Verks")) else "delar"][0]
    assert_matches_golden(outline(docx.Document(folder / f"{name}.docx")), GOLDEN / f"{name.replace(' ', '-')}.txt")


def test_a_part_removed_from_a_template_stops_the_run(tmp_path):
    """The kommun's template lacks the personal part: exit 1, the part named, nothing written."""
    from pipeline.cli import app

    templates = tmp_path / "mallar"
    shutil.copytree(TEMPLATES, templates)
    html = templates / "html" / "arsredovisning.html"
    text = html.read_text(encoding="utf-8")
    start = text.index("<h2>Väsentliga personalförhållanden</h2>")
    html.write_text(text[:start] + text[text.index("{% if forvantad_utveckling %}"):], encoding="utf-8")
    out = tmp_path / "utdata"
    result = CliRunner().invoke(app, ["kör", "--utdata", str(out), "--mallar", str(templates), "2026", "bokslut"])
    assert result.exit_code == 1, result.output
    assert "Granskningslistan stoppar körningen" in result.output
    assert "Väsentliga personalförhållanden (sjukfrånvaro) (fb_personal, LKBR 11 kap.)" in result.output
    assert "Saknas i PDF-versionen" in result.output
    assert not (out / "2026-bokslut").exists()


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(path).paragraphs if p.text.strip()]


def test_tjansteskrivelse_to_kf_with_diarienummer_and_forslag(year_end_runs):
    """Diarienummer and date from [[arende]] (config), the balanskrav in the förslag, the rapport as underlag."""
    text = _paragraphs(year_end_runs["bokslut"][0] / "2026 Tjänsteskrivelse Årsredovisning Kommunfullmäktige.docx")
    assert text[:6] == ["Exempelkommun", "Tjänsteskrivelse", "16 mars 2027", "KS 2027/58",
                        "Handläggare: Ekonomichef Karin Lund", "Till kommunfullmäktige"]
    assert "Kommunstyrelsen föreslår kommunfullmäktige att godkänna årsredovisningen för januari–december 2026." in text
    assert "Kommunstyrelsen föreslår kommunfullmäktige att konstatera att balanskravet är uppfyllt." in text
    assert text[-1] == "Årsredovisning 2026 Exempelkommun"
    delar = _paragraphs(year_end_runs["delar"][0] / "2026 Tjänsteskrivelse Delårsrapport Kommunfullmäktige.docx")
    assert delar[2:4] == ["22 september 2026", "KS 2026/412"]


def test_tjansteskrivelse_to_a_namnd_leaves_marked_fields_and_proposes_its_plans(year_end_runs):
    folder = year_end_runs["delar"][0]
    document = docx.Document(folder / "2026 Tjänsteskrivelse Delårsrapport Socialnämnden.docx")
    text = [p.text for p in document.paragraphs if p.text.strip()]
    assert text[2:5] == ["Datum [fylls i]", "Dnr [fylls i]", "Handläggare: [fylls i]"]
    forslag = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert forslag[0] == "Socialnämnden godkänner delårsrapporten för januari–augusti 2026."
    assert "Socialnämnden beslutar om åtgärdsplan SN-2026-01 (Ekonomi)." in forslag
    assert forslag[-1] == "Socialnämnden överlämnar delårsrapporten till kommunstyrelsen."
    plans = _table(document, "Åtgärd")
    assert plans[1][:3] == ["SN-2026-01 Ekonomi", "569", "Nämnd"]
    verksamhet = _paragraphs(year_end_runs["bokslut"][0] / "2026 Tjänsteskrivelse Verksamhetsberättelse Socialnämnden.docx")
    assert "Socialnämnden godkänner verksamhetsberättelsen för januari–december 2026." in verksamhet
    ks = [p.text for p in docx.Document(folder / "2026 Tjänsteskrivelse Kommunövergripande uppföljning Kommunstyrelsen.docx")
          .paragraphs if p.style.name == "List Number"]
    assert ks[0].startswith("Kommunstyrelsen godkänner den kommunövergripande uppföljningen för januari–augusti 2026")


def test_tjansteskrivelser_are_accessible_word_documents(year_end_runs):
    """Swedish, titled, headings without a skipped level, every table with a repeating header row."""
    from docx.oxml.ns import qn

    folder = year_end_runs["bokslut"][0]
    letters = sorted(folder.glob("2026 Tjänsteskrivelse *.docx"))
    assert len(letters) == 8 + 1 + 1   # every nämnd, KS (the kommunövergripande report) and KF (the årsredovisning)
    for path in letters:
        document = docx.Document(path)
        assert document.core_properties.title.startswith("Tjänsteskrivelse: "), path.name
        assert document.core_properties.language == "sv-SE", path.name
        levels = [level for level, _ in _headings(document)]
        assert levels and levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), path.name
        for table in document.element.body.iter(qn("w:tbl")):
            header = table.find(qn("w:tr")).find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
            assert header is not None, path.name


# The example kommun's konto groups per statement line, written out by hand (not through pipeline.config.kontoplan).
RR_GROUPS = {"Verksamhetens intäkter": ("3",), "Verksamhetens kostnader": ("4", "5", "6", "70", "71", "72", "73", "74",
                                                                            "75", "76", "77", "79"),
             "Avskrivningar": ("78",), "Skatteintäkter": ("80",), "Generella statsbidrag och utjämning": ("82", "83"),
             "Finansiella intäkter": ("84",), "Finansiella kostnader": ("85",)}
BR_GROUPS = {"Mark, byggnader och tekniska anläggningar": ("11",), "Maskiner och inventarier": ("12",),
             "Finansiella anläggningstillgångar": ("13",), "Förråd m.m.": ("14",), "Fordringar": ("15", "16", "17"),
             "Kassa och bank": ("19",), "Resultatutjämningsreserv": ("205",),
             "Avsättningar för pensioner och liknande förpliktelser": ("221",), "Andra avsättningar": ("222", "223",
                                                                                                        "224", "225"),
             "Långfristiga skulder": ("23",), "Kortfristiga skulder": ("24", "25", "26", "27", "28", "29")}


def test_every_statement_line_reconciles_to_the_ledger_to_the_krona(year_end_runs):
    """Each post line of the RR and BR in the årsredovisning is the CSV's sum over its konto groups, rounded up or
    down to 0,1 mnkr (the largest-remainder distribution that makes the statement add up)."""
    opening: dict[str, Decimal] = {}
    moves: dict[str, Decimal] = {}
    with open(EXAMPLE / "inputs/2026/bokslut/Huvudbok jan-dec 2026.csv", encoding="cp1252", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            target = opening if row["Period"].endswith("00") else moves
            target[row["Konto"]] = target.get(row["Konto"], Decimal(0)) + Decimal(row["Belopp"].replace(",", "."))
    def total(book, prefixes):
        return sum((v for k, v in book.items() if k.startswith(prefixes)), Decimal(0))
    document = docx.Document(year_end_runs["bokslut"][0] / f"{AR}.docx")
    rr, br = [{r[0]: r[2] for r in t[1:]} for t in
              [[[c.text.replace("\u00a0", " ") for c in r.cells] for r in t.rows] for t in document.tables
               if t.rows[0].cells[0].text == "Mnkr"][:2]]
    for line, prefixes in RR_GROUPS.items():
        assert _within_a_unit(rr[line], -total(moves, prefixes)), line
    for line, prefixes in BR_GROUPS.items():
        ub = total(opening, prefixes) + total(moves, prefixes)
        sign = -1 if prefixes[0][0] == "2" else 1
        if line in br:
            assert _within_a_unit(br[line], sign * ub), line
        else:
            assert round(ub / Decimal(1_000_000), 1) == 0, line   # zero lines are left out
