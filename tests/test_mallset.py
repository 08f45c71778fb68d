"""Both shipped template sets render every document kind, look different, and are deterministic."""

from __future__ import annotations

import io

import docx
import pytest
from pypdf import PdfReader

from pipeline.resources import TEMPLATES
from pipeline.render.report import Templates, render_namnd_report

SETS = {"standard": TEMPLATES, "alternativ": TEMPLATES / "alternativ"}
KINDS = {"tertialrapport": "2026 Tertialrapport 1 Socialnämnden",       # every document kind rendered through
         "kommunrapport": "2026 Tertialrapport 1 Kommunövergripande"}    # templates, and the file it writes


@pytest.fixture(scope="module")
def contexts(config):
    """Socialnämnden's tertialrapport context and the kommunövergripande context, from the document registry's
    builders on the example kommun (shared with the template checker)."""
    from pipeline.mallkontroll.schema import example_built

    built = example_built("tertial", 2026).contexts
    return {"tertialrapport": next(c for c in built["tertialrapport"] if c["namnd"]["id"] == "SN"),
            "kommunrapport": built["kommunrapport"][0]}


@pytest.fixture(scope="module")
def context(contexts):
    return contexts["tertialrapport"]


@pytest.fixture(scope="module")
def rendered(contexts):
    return {(name, kind): (render_namnd_report(contexts[kind], Templates(root), kind),
                           render_namnd_report(contexts[kind], Templates(root), kind))
            for name, root in SETS.items() for kind in KINDS}


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("kind", KINDS)
def test_each_set_renders_each_kind_deterministically(rendered, name, kind):
    first, second = rendered[(name, kind)]
    stem = KINDS[kind]
    assert sorted(first) == [f"{stem}.docx", f"{stem}.pdf"]
    assert first == second      # byte-identical
    document = docx.Document(io.BytesIO(first[f"{stem}.docx"]))
    text = [p.text for p in document.paragraphs]
    assert "Dokumentstatus: Förslag (ej beslutat)" in text and "Sammanfattning" in text
    assert document.core_properties.content_status == "Förslag (ej beslutat)"
    pdf_text = PdfReader(io.BytesIO(first[f"{stem}.pdf"])).pages[0].extract_text()
    assert "Dokumentstatus: Förslag (ej beslutat)" in pdf_text


def test_the_sets_look_different(rendered):
    standard, alternativ = rendered[("standard", "tertialrapport")][0], rendered[("alternativ", "tertialrapport")][0]
    fonts = {}
    for name, files in (("standard", standard), ("alternativ", alternativ)):
        document = docx.Document(io.BytesIO(files["2026 Tertialrapport 1 Socialnämnden.docx"]))
        fonts[name] = (document.styles["Normal"].font.name, str(document.styles["Heading 1"].font.color.rgb))
        reader = PdfReader(io.BytesIO(files["2026 Tertialrapport 1 Socialnämnden.pdf"]))
        used = {str(f.get_object()["/BaseFont"]).split("+")[-1] for page in reader.pages
                for f in page["/Resources"]["/Font"].values()}
        fonts[name] += (sorted(used),)
    assert fonts["standard"][:2] == ("Calibri", "1F4E79")
    assert fonts["alternativ"][:2] == ("Georgia", "2E6B3A")
    # Every glyph comes from the set's own embedded fonts (no fallback to fonts installed on the machine);
    # the serif set falls back to its own copy of Kommun Sans for the status symbols.
    assert fonts["standard"][2] and all(f.startswith("Kommun-Sans") for f in fonts["standard"][2])
    assert any(f.startswith("Kommun-Serif") for f in fonts["alternativ"][2])
    assert all(f.startswith(("Kommun-Serif", "Kommun-Sans")) for f in fonts["alternativ"][2])


def test_decided_documents_say_so(context):
    decided = {**context, "dokument": {**context["dokument"],
                                       "status": {"ord": "Beslutad", "text": "Beslutad 20 maj 2026, § 45"}}}
    files = render_namnd_report(decided, Templates(SETS["standard"]))
    document = docx.Document(io.BytesIO(files["2026 Tertialrapport 1 Socialnämnden.docx"]))
    assert "Dokumentstatus: Beslutad 20 maj 2026, § 45" in [p.text for p in document.paragraphs]
    assert document.core_properties.content_status == "Beslutad 20 maj 2026, § 45"


def test_bytes_do_not_depend_on_where_the_templates_lie(context, tmp_path):
    """An auditor reruns from another checkout: the same templates elsewhere give the same bytes."""
    import shutil

    copy = tmp_path / "någon annan plats" / "mallar"
    shutil.copytree(SETS["standard"], copy)
    assert render_namnd_report(context, Templates(copy)) == render_namnd_report(context, Templates(SETS["standard"]))


@pytest.mark.parametrize("kind", KINDS)
def test_alternative_set_keeps_tables_inside_the_page(rendered, kind, tmp_path):
    """The alternative set's own CSS keeps every line inside its content box (tests/test_sidlayout.py's check)."""
    from test_sidlayout import outside_margins, page_margins

    pdf = tmp_path / "alternativ.pdf"
    pdf.write_bytes(rendered[("alternativ", kind)][0][f"{KINDS[kind]}.pdf"])
    left, right = page_margins(SETS["alternativ"] / "html" / "rapport.css")
    assert outside_margins(pdf, left, right) == []
