"""The website (`kommunrapport publicera`, `kör --publicera`): accessible static pages from the same contexts as
the documents, open data beside them, identical on rerun, and WCAG 2.1 AA checked with axe-core in a real
browser (headless Chromium)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import docx
import lxml.html
import pytest

from exempel import EXEMPELKOMMUN as EXAMPLE
from pipeline.context.lix import lix
from pipeline.render.report import Templates
from pipeline.resources import TEMPLATES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def sites(tmp_path_factory):
    """The example's tertial published through the real flow: (output folder,)."""
    from pipeline.flows.run import kommunrapport_flow

    result = kommunrapport_flow(config_path=EXAMPLE / "config" / "kommun.toml", inputs_dir=EXAMPLE / "inputs",
                                outputs_dir=tmp_path_factory.mktemp("webb"), year=2026, tillfalle="tertial",
                                templates_root=TEMPLATES, tillat_saknade=True, publicera=True)
    return (result.output_dir,)


def _pages(site: Path) -> list[Path]:
    return sorted((site / "webb").rglob("*.html"))


def test_the_site_has_its_pages_and_is_identical_on_rerun(sites):
    """The pages the flow wrote are the pages a second rendering of the same run gives, byte for byte (the
    documents' own rerun identity is test_tertialrapport's)."""
    from pipeline.mallkontroll.schema import example_run
    from pipeline.flows import registry

    first = sites[0]
    names = {p.relative_to(first / "webb").as_posix() for p in _pages(first)}
    assert {"index.html", "atgarder.html", "nedladdning.html", "tillganglighet.html", "namnd/sn.html",
            "mal/kf1.html", "medborgare/kf1.html"} <= names
    assert len([n for n in names if n.startswith("namnd/")]) == 8 and len([n for n in names if n.startswith("mal/")]) == 5
    run = example_run("tertial", 2026)
    again = {}
    for _ in range(2):
        rendered = {}
        done, jobs = registry.build(run, lambda kind, context: registry.render_now(kind, context, Templates(TEMPLATES))
                                    if kind.name == "webbplats" else _skipped(), Templates(TEMPLATES),
                                    frozenset({"publicera"}))
        for job in jobs:
            if job.kind.name == "webbplats":
                rendered.update(job.future.result())
        assert not again or rendered == again
        again = rendered
    pages = {n: b for n, b in again.items() if n.endswith(".html")}
    assert {n.removeprefix("webb/") for n in pages} == names
    for name, data in pages.items():   # (the downloads page states file sizes: here nothing else is rendered)
        if name != "webb/nedladdning.html":
            assert (first / name).read_bytes() == data, name
    manifest = json.loads((first / "manifest.json").read_text(encoding="utf-8"))
    listed = {e["fil"] for e in manifest["utdata"]}
    assert {f"webb/{n}" for n in names} <= listed and manifest["parametrar"]["publicera"] is True


def _skipped():
    from concurrent.futures import Future

    future: Future = Future()
    future.set_result({})
    return future


def test_every_page_is_well_formed_for_assistive_technology(sites):
    site = sites[0] / "webb"
    for path in _pages(site):
        tree = lxml.html.parse(str(path)).getroot()
        name = path.relative_to(site).as_posix()
        assert tree.get("lang") == "sv", name
        assert len(tree.findall(".//h1")) == 1, name
        levels = [int(e.tag[1]) for e in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (name, levels)
        for table in tree.iter("table"):
            assert table.find("caption") is not None and table.find("caption").text_content().strip(), name
            assert all(th.get("scope") in ("col", "row") for th in table.iter("th")), name
        assert not list(tree.iter("script")), name       # works without JavaScript
        for svg in tree.iter("{http://www.w3.org/2000/svg}svg", "svg"):
            assert svg.get("role") == "img" and svg.find("{http://www.w3.org/2000/svg}title") is not None, name
        for el in tree.iter("a", "link", "img"):
            ref = el.get("href") or el.get("src") or ""
            assert not urlparse(ref).scheme, (name, ref)          # nothing from another host, relative links only
            target = unquote(ref.split("#")[0])
            if target:
                assert (path.parent / target).resolve().is_file(), (name, ref)


def _tables(tree) -> dict[str, list[list[str]]]:
    return {t.find("caption").text_content().strip(): [[" ".join(c.text_content().split()) for c in r]
                                                         for r in t.iter("tr")] for t in tree.iter("table")}


def _docx_rows(path: Path, first_header: str) -> list[list[str]]:
    d = docx.Document(str(path))
    table = next(t for t in d.tables if t.rows[0].cells[0].text == first_header)
    return [[" ".join(c.text.split()) for c in r.cells] for r in table.rows]


def test_same_figures_on_the_web_and_in_the_word_report(sites):
    out = sites[0]
    investments = 0
    for page in sorted((out / "webb" / "namnd").glob("*.html")):
        tree = lxml.html.parse(str(page)).getroot()
        namnd = tree.find(".//h1").text_content().split(":")[0]
        report = out / f"2026 Tertialrapport 1 {namnd}.docx"
        tables = _tables(tree)
        web = {r[0]: r[1:] for r in tables["Driftredovisning per verksamhet, tkr"][1:]}
        word = {r[0]: r for r in _docx_rows(report, "Verksamhet")[1:]}
        # the Word table: Verksamhet, Årsbudget, Periodbudget, Utfall, Avvikelse, Helårsprognos, Avvikelse helår
        for label, row in word.items():
            key = "Summa" if label.startswith("Summa") else label
            assert web[key] == [row[1], row[3], row[5], row[6]], (namnd, label)
        key_figures = {r[0]: r[1] for r in tables["Nyckeltal, tkr"][1:]}
        assert key_figures == {r[0]: r[1] for r in _docx_rows(report, "Nyckeltal")[1:]}, namnd
        if "Investeringar, tkr" in tables:
            investments += 1
            assert tables["Investeringar, tkr"][1:] == _docx_rows(report, "Projekt")[1:], namnd
        # every indicator row: the same målvärde, utfall and status as in the Word report's tables
        words = {" ".join(c.text.split()) for t in docx.Document(str(report)).tables for r in t.rows for c in r.cells}
        for row in tables["Mål och indikatorer"][1:]:   # (the Word cell adds kvinnor/män after a semicolon)
            for value in (row[2], row[3], row[4]):
                assert value == "–" or any(w == value or w.startswith(f"{value};") for w in words), (namnd, value)
    assert investments >= 3


def test_sifferkallor_trace_the_figures_of_the_nämnd_pages(sites):
    text = (sites[0] / "sifferkallor.csv").read_text(encoding="utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(text), delimiter=";") if r["dokument"] == "webb/namnd/sn.html"]
    page = _tables(lxml.html.parse(str(sites[0] / "webb" / "namnd" / "sn.html")).getroot())
    printed = {(r[0], head): value for r in page["Driftredovisning per verksamhet, tkr"][1:]
               for head, value in zip(page["Driftredovisning per verksamhet, tkr"][0][1:], r[1:])}
    traced = {(r["rad"], r["kolumn"]): " ".join(r["värde"].split()) for r in rows if r["avsnitt"] == "Driftredovisning"}
    assert printed == traced and len(printed) >= 20
    assert {r["källa"] for r in rows} >= {"huvudbok", "budget", "underlag"}


def test_open_data_csv_and_datapackage(sites):
    site = sites[0] / "webb"
    package = json.loads((site / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package" and len(package["resources"]) >= 40
    for resource in package["resources"]:
        text = (site / resource["path"]).read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text)))
        fields = resource["schema"]["fields"]
        assert rows[0] == [f["name"] for f in fields], resource["path"]
        assert all(re.fullmatch(r"[a-z0-9_]+", f["name"]) for f in fields)
        for row in rows[1:]:
            assert len(row) == len(fields)
            for value, f in zip(row, fields):
                if f["type"] == "number" and value:
                    float(value)
    ekonomi = next(r for r in package["resources"] if r["path"] == "data/index-ekonomi.csv")
    assert [f["name"] for f in ekonomi["schema"]["fields"]] == ["namnd", "arsbudget_tkr", "prognos_tkr",
                                                                  "avvikelse_helar_tkr"]
    indicators = next(r for r in package["resources"] if r["path"] == "data/mal-kf1-indikatorer.csv")
    assert "Kolada (RKA)" in indicators["description"]
    sums = list(csv.DictReader(io.StringIO((site / "data/index-ekonomi.csv").read_text(encoding="utf-8"))))
    assert sum(float(r["arsbudget_tkr"]) for r in sums[:-1]) == pytest.approx(float(sums[-1]["arsbudget_tkr"]), abs=8)


def test_medborgar_pages_are_plain_swedish(sites):
    site = sites[0] / "webb"
    summary = (sites[0] / "körsammanfattning.txt").read_text(encoding="utf-8")
    assert "Webbplatsens medborgarsidor: LIX medborgare/kf1.html" in summary
    for page in sorted((site / "medborgare").glob("*.html")):
        main = lxml.html.parse(str(page)).getroot().find(".//main")
        text = " ".join(p.text_content() for p in main.iter("p") if "lix" not in (p.get("class") or ""))
        assert lix(text) <= 40, (page.name, round(lix(text), 1))
        assert re.search(r"[✔◐✖○] Bedöms", main.text_content()), page.name   # the signal as symbol + word


def test_lix_counts_long_words_and_sentences():
    assert lix("Det är kul. Vi går hem.") == pytest.approx(3.0)
    assert lix("Kommunfullmäktige beslutade.") == pytest.approx(2 + 100)


def test_a_wrong_variable_in_a_web_template_is_found(tmp_path):
    from pipeline.mallkontroll.check import check_html

    shutil.copytree(TEMPLATES / "web", tmp_path / "web")
    page = tmp_path / "web" / "namnd.html"
    assert check_html(page, "webbplats") == []
    page.write_text(page.read_text(encoding="utf-8").replace("{{ sida.ingress }}", "{{ sida.ingres }}"),
                    encoding="utf-8")
    findings = check_html(page, "webbplats")
    assert any("ingres" in f.message for f in findings), findings


# --- a real browser ---------------------------------------------------------------------------------------------

def _browser_or_skip():
    if CHROMIUM is None:
        message = ("Chromium saknas: installera Debians paket chromium (apt-get install chromium) för att testa "
                   "webbplatsens tillgänglighet i en riktig webbläsare.")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    return sync_playwright, CHROMIUM


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_axe_finds_no_wcag_violations_and_the_keyboard_reaches_every_link(sites, tmp_path):
    sync_playwright, executable = _browser_or_skip()
    from axe_playwright_python.sync_playwright import Axe

    site = sites[0] / "webb"
    axe = Axe()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for path in _pages(site):
            page.goto(path.as_uri())
            results = axe.run(page, options={"runOnly": {"type": "tag",
                                                         "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
            violations = results.response["violations"]
            assert violations == [], (path.name, [(v["id"], v["nodes"][0]["target"]) for v in violations])
        # keyboard only: Tab from the top reaches every link of the start page, in document order (a link in a
        # closed <details> once its summary, itself reached by Tab, is opened)
        page.goto((site / "index.html").as_uri())
        page.eval_on_selector_all("details", "els => els.forEach(e => e.open = true)")
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        reached = []
        for _ in range(len(links) + 20):
            page.keyboard.press("Tab")
            href = page.evaluate("document.activeElement && document.activeElement.href || null")
            if href:
                reached.append(href)
            if len(reached) >= len(links):
                break
        assert reached == links
        for width, name in ((390, "mobil"), (1280, "dator")):
            page.set_viewport_size({"width": width, "height": 900})
            for rel in ("index.html", "namnd/sn.html"):
                page.goto((site / rel).as_uri())
                shot = tmp_path / f"{name}-{rel.replace('/', '-')}.png"
                page.screenshot(path=str(shot), full_page=False)
                assert shot.stat().st_size > 5000
                width_px = page.evaluate("document.documentElement.scrollWidth")
                assert width_px <= width, (rel, width, width_px)   # no sideways scrolling of the page
        browser.close()


def test_the_arsredovisning_page_has_the_statements_and_the_drift():
    """At the bokslut the site has the årsredovisning as a page: the same rows as the document's context."""
    from pipeline.mallkontroll.schema import example_built
    from pipeline.render.report import Templates
    from pipeline.render.webb import render_page

    done = example_built("bokslut", 2026)
    page = next(c for c in done.contexts["webbplats"] if c["sida"]["mall"] == "kommun")
    files = render_page(page, Templates(TEMPLATES))
    tree = lxml.html.fromstring(files["webb/kommun.html"].decode("utf-8"))
    assert tree.find(".//h1").text_content() == "Årsredovisning 2026"
    tables = _tables(tree)
    ar = done.contexts["arsredovisning"][0]
    assert [r[0] for r in tables["Resultaträkning, mnkr"][1:]] == [r["namn"] for r in ar["resultatrakning"]["rader"]]
    assert tables["Driftredovisning per nämnd, tkr"][1:] == [
        [" ".join(x.split()) for x in (r["namn"], r["budget"], r["utfall"], r["avvikelse"])] for r in ar["drift"]["rader"]]
    assert "Balanskravsutredning, mnkr" in tables and "webb/data/kommun-balanskrav.csv" in files
    assert "Kall vinter (januari–mars)" in tree.text_content()


def test_a_template_set_with_only_its_own_stylesheet_uses_the_programs_pages(tmp_path):
    """The alternativ set holds only web/webb.css: its pages come from the program's templates, its look from its
    own stylesheet; a kommun's own page template may extend the program's layout."""
    from pipeline.mallkontroll.check import check_folder
    from pipeline.mallkontroll.schema import example_built
    from pipeline.render.report import Templates
    from pipeline.render.webb import render_page, site_files

    alternativ = TEMPLATES / "alternativ"
    assert sorted(p.name for p in (alternativ / "web").iterdir()) == ["webb.css"]
    contexts = example_built("tertial", 2026).contexts["webbplats"]
    start = render_page(contexts[0], Templates(alternativ))["webb/index.html"]
    assert start == render_page(contexts[0], Templates(TEMPLATES))["webb/index.html"]
    css = site_files(contexts, Templates(alternativ), {})["webb/webb.css"]
    assert css == (alternativ / "web" / "webb.css").read_bytes() != (TEMPLATES / "web" / "webb.css").read_bytes()
    own = tmp_path / "mallar"
    shutil.copytree(TEMPLATES / "docx", own / "docx")
    shutil.copytree(TEMPLATES / "html", own / "html")
    (own / "web").mkdir()
    (own / "web" / "atgarder.html").write_text(
        '{% extends "layout.html" %}{% block innehall %}<p>{{ sida.ingress }} {{ sida.okand }}</p>{% endblock %}',
        encoding="utf-8")
    findings = check_folder(own).findings
    assert [f.file.endswith("atgarder.html") and "okand" in f.message for f in findings] == [True], findings
