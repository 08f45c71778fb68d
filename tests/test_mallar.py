"""Templates documented and checked (SPEC §4, issue 6): the variable schema from the code, docs/mallvariabler.md
generated from it, and `kommunrapport mallar kontrollera` on the shipped template sets and on broken copies.

Broken copies are made here: the HTML by editing text at a known line, the .docx with python-docx by editing
a paragraph's runs (the paragraph number is counted here in body order, table-cell paragraphs included).
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from typer.testing import CliRunner

from conftest import ROOT
from pipeline.resources import TEMPLATES

OUTPUT = ROOT / "docs" / "mallvariabler.md"
from pipeline.cli import app
from pipeline.flows import registry
from pipeline.mallkontroll import schema as sch
from pipeline.mallkontroll.check import check_html
from pipeline.mallkontroll.reference import COMMAND, TemplateDocError, render_markdown

SETS = [TEMPLATES, TEMPLATES / "alternativ"]
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@dataclass(frozen=True)
class Invoked:
    exit_code: int
    stdout: str
    stderr: str


def invoke(*args: str) -> Invoked:
    result = CliRunner().invoke(app, list(args))
    return Invoked(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def copy(tmp_path) -> Path:
    """A copy of the standard template set (docx/ and html/)."""
    target = tmp_path / "mallar"
    for sub in ("docx", "html"):
        shutil.copytree(TEMPLATES / sub, target / sub)
    return target


def html_path(root: Path) -> Path:
    return root / "html" / "tertialrapport.html"


def docx_path(root: Path) -> Path:
    return root / "docx" / "tertialrapport.docx"


def replace_line(path: Path, old: str, new: str) -> int:
    """Replace `old` (on exactly one line) by `new`; the 1-based line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    hits = [i for i, line in enumerate(lines) if old in line]
    assert len(hits) == 1, (old, hits)
    lines[hits[0]] = lines[hits[0]].replace(old, new)
    path.write_text("\n".join(lines), encoding="utf-8")
    return hits[0] + 1


def body_paragraph(document, text: str) -> tuple[int, object]:
    """The paragraph whose text contains `text`: (number in body order counting table cells, w:p)."""
    hits = [(n, p) for n, p in enumerate(document.element.body.iter(qn("w:p")), start=1)
            if text in "".join(t.text or "" for t in p.iter(qn("w:t")))]
    assert len(hits) == 1, (text, [n for n, _ in hits])
    return hits[0]


def edit_docx(path: Path, text: str, edit) -> int:
    """Apply edit(w:p) to the body paragraph containing `text`; its number."""
    document = docx.Document(str(path))
    number, p = body_paragraph(document, text)
    edit(p)
    document.save(str(path))
    return number


def set_runs(p, xml_runs: str) -> None:
    """Replace the paragraph's runs by `xml_runs` (w:r, w:del … elements)."""
    for child in list(p):
        if child.tag != qn("w:pPr"):
            p.remove(child)
    for el in parse_xml(f"<w:p {W_NS}>{xml_runs}</w:p>"):
        p.append(el)


def render_with_docxtpl(path: Path, context: dict) -> list[str]:
    template = DocxTemplate(str(path))
    template.render(context, autoescape=True)
    buf = io.BytesIO()
    template.save(buf)
    buf.seek(0)
    return [p.text for p in docx.Document(buf).paragraphs]


@pytest.fixture(scope="module")
def context():
    return sch.example_contexts("tertialrapport")[0]


# --- the schema --------------------------------------------------------------------------------------------

def test_schema_merges_every_namnds_context_and_the_renderers_keys():
    contexts = sch.example_contexts("tertialrapport")
    docx_schema, html_schema = sch.schema("tertialrapport", "docx"), sch.schema("tertialrapport", "html")
    # Present in one nämnd's context and absent or empty in another's: the merge keeps both.
    has_effect = [c["atgardseffekt"]["finns"] for c in contexts]
    assert True in has_effect and False in has_effect
    effect = sch.node_at(docx_schema, "atgardseffekt.prognos")
    assert effect is not None and effect.optional and effect.types == {"str"}
    assert not sch.node_at(docx_schema, "atgardseffekt.finns").optional
    position = sch.node_at(docx_schema, "kf_mal[].mal[].indikatorer[].diagram.position")
    assert position.types == {"dict", "NoneType"} and "egen_index" in position.keys
    assert sch.node_at(docx_schema, "handelser").item.types == {"str"}
    # What render.docx / render.pdf add, per format.
    for path in ("kf_mal[].mal[].indikatorer[].status.rt", "mal[].bedomning.rt", "kf_mal[].signal.rt",
                 "mal[].indikatorer[].diagram.historik.bild", "diagram.bild"):
        assert sch.node_at(docx_schema, path) is not None, path
        assert sch.node_at(html_schema, path) is None, path
    assert sch.node_at(html_schema, "diagram.src").types == {"str"}
    assert sch.node_at(docx_schema, "diagram.src") is None
    assert sch.node_at(html_schema, "mal[].indikatorer[].diagram.position.src") is not None
    assert sch.node_at(docx_schema, "dokument.status.rt") is None   # not a status dict (no symbol, hex)
    assert sch.node_at(docx_schema, "namnd.nmn") is None


def test_declared_renderer_keys_are_what_the_renderer_adds(monkeypatch, tmp_path):
    """schema.renderer_keys mirrors pipeline/render; this keeps the two in step."""
    from PIL import Image

    from pipeline.context.common import status
    from pipeline.render import docx as render_docx_module
    from pipeline.render import report
    from pipeline.render.pdf import render_html

    for kind in sch.INDICATOR_CHART_KINDS:
        monkeypatch.setitem(report.INDICATOR_CHARTS, kind, lambda data: b"png")
    assert set(report.INDICATOR_CHARTS) == set(sch.INDICATOR_CHART_KINDS)
    chart = {"rubrik": "R", "alt": "A"}
    ctx = {"s": status("Uppfyllt"), "rad": {"diagram": {"historik": chart, "position": None}}}
    with_images = report.with_indicator_images(ctx)
    assert set(with_images["rad"]["diagram"]["historik"]) - set(chart) == set(sch.CHART_KEYS)
    assert with_images["rad"]["diagram"]["position"] is None
    rich = render_docx_module._with_rich_status(with_images)
    assert set(rich["s"]) - set(ctx["s"]) == set(sch.STATUS_KEYS_DOCX)
    assert sch.STATUS_KEYS <= set(ctx["s"])
    before = set(rich["rad"]["diagram"]["historik"])
    render_docx_module._with_images(rich, None)
    assert set(rich["rad"]["diagram"]["historik"]) - before == set(sch.CHART_KEYS_DOCX)

    # The budget chart: diagram.src in HTML (always), diagram.bild in Word (with a chart).
    (tmp_path / "t.html").write_text("[{{ diagram.src[:22] }}]", encoding="utf-8")
    assert render_html(tmp_path, "t.html", {"diagram": {}}, b"x") == "[data:image/png;base64,]"
    assert render_html(tmp_path, "t.html", {"diagram": {}}, None) == "[]"
    assert set(sch.BUDGET_CHART_KEYS["html"]) == {"src"}
    template = docx.Document()
    template.add_paragraph("{{ diagram.bild }}")
    template.save(str(tmp_path / "t.docx"))
    png = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(png, format="PNG")
    from datetime import datetime

    meta = {"dokument": {"titel": "T", "amne": "A", "nyckelord": "N", "datum_iso": "2026-04-30"},
            "kommun": {"namn": "K"}, "diagram": {"alt": "Alt"}}
    out = render_docx_module.render_docx(tmp_path / "t.docx", meta, png.getvalue(), datetime(2026, 4, 30))
    drawings = list(docx.Document(io.BytesIO(out)).element.body.iter(qn("wp:docPr")))
    assert len(drawings) == 1 and set(sch.BUDGET_CHART_KEYS["docx"]) == {"bild"}


# --- docs/mallvariabler.md ---------------------------------------------------------------------------------

def test_mallvariabler_md_is_what_the_code_generates():
    expected = render_markdown()
    assert OUTPUT.read_text(encoding="utf-8") == expected, \
        f"docs/mallvariabler.md är inaktuell: kör `{COMMAND}` och checka in filen."


def test_reference_lists_every_variable_with_type_and_the_required_ones():
    text = OUTPUT.read_text(encoding="utf-8")
    for path, _ in sch.walk(sch.schema("tertialrapport", "docx")):
        assert f"| `{path}` |" in text, path
    assert "| `kf_mal[].mal[].indikatorer[].status.text` | text | Word och PDF | Symbol och ord" in text
    assert "| `kf_mal[].mal[].indikatorer[].status.rt` | formaterad text (RichText) | bara Word |" in text
    assert "| `diagram.src` | text | bara PDF |" in text
    assert "| `atgardseffekt.prognos` | text; saknas ibland |" in text
    assert "- `kf_mal` eller `mal`: " in text and "- `dokument.titel`: Dokumentets titel" in text


def test_generator_refuses_a_variable_without_description_and_a_stale_one():
    from pipeline.mallkontroll.descriptions import DESCRIPTIONS

    texts = {k: v for k, v in DESCRIPTIONS.items() if k != "namnd.forvaltning"}
    texts["namnd.borttagen"] = "Finns inte längre."
    with pytest.raises(TemplateDocError) as caught:
        render_markdown(texts)
    message = str(caught.value)
    assert "variabeln namnd.forvaltning saknar beskrivning" in message
    assert "beskrivningen av namnd.borttagen hör inte till någon variabel" in message


# --- kommunrapport mallar kontrollera ----------------------------------------------------------------------

@pytest.mark.parametrize("root", SETS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_shipped_template_sets_pass(root, monkeypatch):
    monkeypatch.chdir(ROOT)   # paths are shown relative to the working folder when they lie below it
    result = invoke("mallar", "kontrollera", str(root))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    rel = root.relative_to(ROOT)
    # after tertialrapport's; a web page the set does not have is the program's (the alternativ set: webb.css only),
    # and so is the national comparison's template (kommunrapport jämförelse renders with the program's)
    others = [rel / f for kind in sch.KINDS.values() for f in kind.template_files() if (root / f).is_file()][2:]
    assert result.stdout == (f"Mallarna är i ordning: {docx_path(rel)}, {html_path(rel)}, "
                             + ", ".join(str(p) for p in others) + ".\n")


def test_default_folder_is_the_programs_templates(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    result = invoke("mallar", "kontrollera")
    assert result.exit_code == 0, result.stderr
    files = [f"kommunrapport:templates/{f}" for kind in registry.with_templates() for f in kind.template_files()]
    assert result.stdout.strip() == f"Mallarna är i ordning: {', '.join(files)}."


def test_missing_folder_is_a_usage_error(tmp_path):
    result = invoke("mallar", "kontrollera", str(tmp_path / "finns-inte"))
    assert result.exit_code == 2
    assert f"Mallmappen {tmp_path / 'finns-inte'} finns inte." in " ".join(result.stderr.split()).replace("\n", "")
    (tmp_path / "tom").mkdir()
    result = invoke("mallar", "kontrollera", str(tmp_path / "tom"))
    assert result.exit_code == 2 and "saknar mapparna docx/ och html/" in result.stderr


def test_misspelt_variable_in_html_is_reported_with_line(copy):
    line = replace_line(html_path(copy), "<p>{{ namnd.forvaltning }}</p>", "<p>{{ namnd.nmn }}</p>")
    result = invoke("mallar", "kontrollera", str(copy))
    assert result.exit_code == 1
    assert (f'{html_path(copy)}, rad {line}: okänd variabel "namnd.nmn" (finns: id, namn, forvaltning)'
            in result.stderr.splitlines())
    assert "1 fel i mallarna (1 fil):" in result.stderr
    assert str(docx_path(copy)) not in result.stderr


def test_misspelt_variable_in_a_docx_loop_is_reported_with_paragraph(copy):
    def misspell(p):
        Paragraph(p, None).runs[0].text = "{{ r.spridnig }}"
    number = edit_docx(docx_path(copy), "{{ r.spridning }}", misspell)
    result = invoke("mallar", "kontrollera", str(copy))
    assert result.exit_code == 1
    # r is bound by {%p for r in m.indikatorer %}, m by {%p for m in k.mal %}, k by {%p for k in kf_mal %}.
    assert (f'{docx_path(copy)}, stycke {number} ("{{{{ r.spridnig }}}}"): okänd variabel "r.spridnig" '
            f'(r är kf_mal[].mal[].indikatorer[]; menar du "spridning"?)' in result.stderr.splitlines())


def test_the_jamforelserapport_template_is_checked_with_the_national_example(copy):
    """The national comparison's template is a registered kind's: a misspelt row field is found with its line, and
    `webbsida` (which its renderer adds) is known; the kommun's name and the quartile left out are missing required
    variables."""
    path = copy / "html" / "jamforelserapport.html"
    line = replace_line(path, "<td>{{ r.kvartil }}</td>", "<td>{{ r.kvartl }}</td>")
    replace_line(path, "<caption>{{ kommun.namn }}:", "<caption>Kommunen:")
    replace_line(path, "<p>{{ kommun.namn }} (kommunkod", "<p>Kommunen (kommunkod")
    result = invoke("mallar", "kontrollera", str(copy))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert (f'{path}, rad {line}: okänd variabel "r.kvartl" (r är rader[]; finns: kpi, titel, varde, plats, kvartil, '
            'grupp_median, riket, trend, kvinnor, man)') in lines, lines
    for required in ("kommun.namn", "rader[].kvartil"):
        assert (f'{path}: obligatorisk variabel "{required}" används aldrig i mallen (en jamforelserapport behöver '
                'den; se docs/mallvariabler.md)') in lines, lines
    assert not [x for x in lines if "webbsida" in x]
    assert "3 fel i mallarna (1 fil):" in result.stderr


def test_required_variable_never_used_is_reported(copy):
    replace_line(html_path(copy), "<title>{{ dokument.titel }}</title>", "<title>Rapport</title>")
    document = docx.Document(str(docx_path(copy)))
    _, heading = body_paragraph(document, "Viktiga händelser")
    loop = [heading.getnext()]
    while len(loop) < 3:
        loop.append(loop[-1].getnext())
    assert ["".join(t.text for t in p.iter(qn("w:t"))) for p in loop] == [
        "{%p for h in handelser %}", "{{ h }}", "{%p endfor %}"]
    for p in loop:
        p.getparent().remove(p)
    document.save(str(docx_path(copy)))
    result = invoke("mallar", "kontrollera", str(copy))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert (f'{html_path(copy)}: obligatorisk variabel "dokument.titel" används aldrig i mallen (en '
            'tertialrapport behöver den; se docs/mallvariabler.md)') in lines
    assert (f'{docx_path(copy)}: obligatorisk variabel "handelser" används aldrig i mallen (en '
            'tertialrapport behöver den; se docs/mallvariabler.md)') in lines
    assert len([x for x in lines if "obligatorisk variabel" in x]) == 2
    assert "2 fel i mallarna (2 filer):" in result.stderr


def test_broken_jinja_syntax_is_reported_with_place_and_jinjas_message(copy):
    line = replace_line(html_path(copy), "<p>{{ namnd.forvaltning }}</p>", "<p>{{ namnd.forvaltning }</p>")

    def cut(p):
        Paragraph(p, None).runs[0].text = "{%p for s in statusrader %"
    number = edit_docx(docx_path(copy), "{%p for s in statusrader %}", cut)
    result = invoke("mallar", "kontrollera", str(copy))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert (f"{html_path(copy)}, rad {line}: fel i mallspråket: Jinja säger \"unexpected '}}'\". Rätta taggen; "
            "variablerna kontrolleras när felet är rättat.") in lines
    assert (f'{docx_path(copy)}, stycke {number} ("{{%p for s in statusrader %"): fel i mallspråket: Jinja säger '
            "\"Encountered unknown tag 'p'.\". Taggen {%p … %} måste sluta med %} i samma stycke. Rätta taggen; "
            "variablerna kontrolleras när felet är rättat.") in lines
    # No required-variable noise from a template that could not be read.
    assert not [x for x in lines if "obligatorisk variabel" in x]


def test_delimiter_split_by_a_tracked_deletion_is_reported_and_docxtpl_misses_it(copy, context):
    # Word keeps a deleted character between "{" and "{" as w:delText while changes are tracked.
    split = ('<w:r><w:t>{</w:t></w:r><w:del w:id="90" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r>'
             '<w:delText>x</w:delText></w:r></w:del><w:r><w:t xml:space="preserve">{ namnd.forvaltning }}</w:t></w:r>')
    number = edit_docx(docx_path(copy), "{{ namnd.forvaltning }}", lambda p: set_runs(p, split))
    result = invoke("mallar", "kontrollera", str(copy))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:-1] == [
        f'{docx_path(copy)}, stycke {number} ("{{{{ namnd.forvaltning }}}}"): taggens början eller slut "{{{{" är '
        "delad av dold text (en spårad ändring eller ett fält), så docxtpl ser inte taggen: godkänn eller avvisa "
        "ändringarna, eller radera taggen och skriv den på nytt i ett svep"]
    # What the finding claims: docxtpl leaves the tag as text.
    assert "{{ namnd.forvaltning }}" in render_with_docxtpl(docx_path(copy), context)


def test_delimiter_split_over_formatted_runs_is_repaired_by_docxtpl_and_still_checked(copy, context):
    # Only markup (a proofing mark, bold run properties) between "{" and "{": docxtpl's patch_xml joins them.
    split = ('<w:r><w:t>{</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr>'
             '<w:t xml:space="preserve">{ namnd.forvaltnin }}</w:t></w:r>')
    number = edit_docx(docx_path(copy), "{{ namnd.forvaltning }}", lambda p: set_runs(p, split))
    result = invoke("mallar", "kontrollera", str(copy))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:-1] == [
        f'{docx_path(copy)}, stycke {number} ("{{{{ namnd.forvaltnin }}}}"): okänd variabel "namnd.forvaltnin" '
        "(finns: id, namn, forvaltning)"]
    fixed = ('<w:r><w:t>{</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr>'
             '<w:t xml:space="preserve">{ namnd.forvaltning }}</w:t></w:r>')
    edit_docx(docx_path(copy), "namnd.forvaltnin", lambda p: set_runs(p, fixed))
    assert invoke("mallar", "kontrollera", str(copy)).exit_code == 0
    assert context["namnd"]["forvaltning"] in render_with_docxtpl(docx_path(copy), context)


def test_text_beside_a_paragraph_tag_is_reported_and_docxtpl_drops_it(copy, context):
    def prefix(p):
        Paragraph(p, None).runs[0].text = "Statusrader: {%p for s in statusrader %}"
    number = edit_docx(docx_path(copy), "{%p for s in statusrader %}", prefix)
    result = invoke("mallar", "kontrollera", str(copy))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:-1] == [
        f'{docx_path(copy)}, stycke {number} ("Statusrader: {{%p for s in statusrader %}}"): texten "Statusrader:" '
        "står i samma stycke som {%p for s in statusrader %} och kommer inte med i dokumentet (docxtpl ersätter "
        "hela stycket med taggen): flytta taggen till ett eget stycke"]
    assert not [t for t in render_with_docxtpl(docx_path(copy), context) if "Statusrader:" in t]


def test_footer_is_checked_separately(copy):
    document = docx.Document(str(docx_path(copy)))
    footer = document.sections[0].footer.paragraphs[0]
    footer.runs[0].text = footer.runs[0].text.replace("{{ dokument.titel }}", "{{ dokument.titl }}")
    document.save(str(docx_path(copy)))
    lines = invoke("mallar", "kontrollera", str(copy)).stderr.splitlines()
    assert any(x.startswith(f'{docx_path(copy)}, sidfot footer1.xml, stycke 1 ("') and
               x.endswith('okänd variabel "dokument.titl" (finns: typ, titel, ar, period, datum, datum_iso, amne, '
                          'nyckelord, status)') for x in lines), lines
    assert f'{docx_path(copy)}: obligatorisk variabel "dokument.titel" används aldrig' in "\n".join(lines)


def test_missing_template_is_reported(copy):
    docx_path(copy).unlink()
    result = invoke("mallar", "kontrollera", str(copy))
    assert result.exit_code == 1
    assert (f"{docx_path(copy)}: mallen saknas: programmet behöver den för tertialrapport (Word)"
            in result.stderr.splitlines())


# --- the template walk, on small HTML templates --------------------------------------------------------------

REQUIRED_USE = ("{{ kommun.namn }}{{ namnd.namn }}{{ dokument.titel }}{{ dokument.typ }}{{ dokument.period }}"
                "{{ sammanfattning }}{{ nyckeltal }}{{ drift.rader }}{{ investeringar.rader }}{{ avvikelser }}"
                "{{ atgardsplaner }}{{ handelser }}{% for m in mal %}{% for r in m.indikatorer %}{{ r.status.text }}"
                "{% endfor %}{% endfor %}\n")


def html_findings(tmp_path, body: str) -> list[str]:
    path = tmp_path / "html" / "tertialrapport.html"
    path.parent.mkdir(exist_ok=True)
    path.write_text(REQUIRED_USE + body, encoding="utf-8")
    return [f.text().split(": ", 1)[1] for f in check_html(path, "tertialrapport")]


@pytest.mark.parametrize("body, expected", [
    # A list literal binds the loop variable to both charts; a key of either one is fine.
    ("{% for m in kf_mal[0].mal %}{% for r in m.indikatorer %}{% for d in [r.diagram.historik, r.diagram.position] %}"
     "{% if d %}{{ d.src }}{{ d.egen_index }}{{ d.definitionsbyte }}{{ d.nope }}{% endif %}"
     "{% endfor %}{% endfor %}{% endfor %}",
     ['okänd variabel "d.nope" (d är kf_mal[].mal[].indikatorer[].diagram.historik och '
      'kf_mal[].mal[].indikatorer[].diagram.position; 26 fält, se docs/mallvariabler.md)']),
    ("{% set n = namnd %}{% with x = n %}{{ x.namn }}{{ x.nmn }}{% endwith %}",
     ['okänd variabel "x.nmn" (x är namnd; finns: id, namn, forvaltning)']),
    ("{% for a in atgardsplaner %}{{ loop.index }}{{ a.falt|map(attribute='namn')|join }}"
     "{{ a.falt|map(attribute='nmn')|join }}{% endfor %}{{ loop.index }}",
     ['okänd variabel "a.falt[].nmn" (a.falt[] är atgardsplaner[].falt[]; finns: namn, varde)',
      'okänd variabel "loop" (se docs/mallvariabler.md)']),
    ("{% if namnd.nmn is defined %}{{ namnd.namn|upper }}{% endif %}{{ namnd.namn.upper() }}{{ namnd.namn.x }}",
     ['okänd variabel "namnd.namn.x" (namnd.namn är text och har inga fält)']),
    ("{{ namnd.namn|lowr }}{% if handelser is lista %}{% endif %}{{ nmnd }}",
     ['okänd variabel "nmnd" (menar du "namnd"?)', 'okänt filter "lowr" (|lowr)', 'okänt test "lista" (is lista)']),
    ("{% for m in mal %}{% for r in m.indikatorer %}{{ r.status.rt }}{% endfor %}{% endfor %}"
     "{% macro rad(x) %}{{ x.y }}{{ kommun.nmn }}{% endmacro %}{{ rad(namnd) }}",
     ['okänd variabel "kommun.nmn" (finns: namn)',
      'okänd variabel "r.status.rt" (r.status är mal[].indikatorer[].status; finns bara i Word-mallen)']),
    ("{{ drift['summa'].utfal }}{{ drift.rader[0].kod }}{{ (drift.rader|first).kd }}{{ [1, 2]|sum }}",
     ['okänd variabel "(uttryck).kd" (uttrycket är drift.rader[]; finns: kod, namn, arsbudget, periodbudget, '
      'utfall, avvikelse, prognos, prognos_beraknad, avvikelse_helar, flagga)',
      'okänd variabel "drift.summa.utfal" (finns: arsbudget, periodbudget, utfall, avvikelse, prognos, '
      'prognos_beraknad, avvikelse_helar, flagga)']),
])
def test_template_walk(tmp_path, body, expected):
    assert sorted(html_findings(tmp_path, body)) == sorted(expected)


def test_included_template_is_checked_in_the_including_context(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "del.html").write_text("ok\n{{ r.namn }}{{ r.nmn }}\n", encoding="utf-8")
    findings = html_findings(tmp_path, "{% for r in drift.rader %}{% include 'del.html' %}{% endfor %}"
                                       "{% include 'saknas.html' %}")
    assert sorted(findings) == ['mallen "saknas.html" som tas in finns inte i html/',
                                'okänd variabel "r.nmn" (r är drift.rader[]; finns: kod, namn, arsbudget, '
                                'periodbudget, utfall, avvikelse, prognos, prognos_beraknad, avvikelse_helar, flagga)']
    path = tmp_path / "html" / "tertialrapport.html"
    places = {f.file.rsplit("/", 1)[-1]: f.place for f in check_html(path, "tertialrapport")}
    assert places == {"del.html": "rad 2", "tertialrapport.html": "rad 2"}



def check_html_files(tmp_path, body: str) -> list[tuple[str, str, str]]:
    path = tmp_path / "html" / "tertialrapport.html"
    path.write_text(REQUIRED_USE + body, encoding="utf-8")
    return sorted((Path(f.file).name, f.place, f.message) for f in check_html(path, "tertialrapport"))


def test_syntax_error_in_an_included_template_names_that_file(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "trasig.html").write_text("{% if %}\n", encoding="utf-8")
    findings = check_html_files(tmp_path, "{% include 'trasig.html' %}\n{{ namnd.nmn }}")
    assert findings == [("tertialrapport.html", "rad 3", 'okänd variabel "namnd.nmn" (finns: id, namn, forvaltning)'),
                        ("trasig.html", "rad 1", "fel i mallspråket: Jinja säger \"Expected an expression, got "
                         "'end of statement block'\". Rätta taggen; variablerna kontrolleras när felet är rättat.")]
