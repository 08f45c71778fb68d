"""Accessibility of the documents (SPEC §4): every demo PDF is tagged PDF/UA-1 (checked with pikepdf), every demo
.docx has the Word structure a screen reader and Word's accessibility checker need (python-docx), and every
output has a file name that is safe everywhere.

The demo documents come from `demo_runs` (the real Prefect flow on the example kommun, once per session).
Where the two formats must agree (headings, alt texts, title), the PDF is checked against the .docx.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import docx
import pikepdf
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn

from pipeline.render.report import MAX_NAME, document_stem

YEAR, DOKUMENTTYP, KOMMUN = "2026", "Tertialrapport 1", "Exempelkommun"
COVER_TITLE = f"{DOKUMENTTYP} {YEAR}"
KAPITEL = ["Sammanfattning", "Måluppfyllelse", "Ekonomi", "Avvikelser och åtgärdsplaner", "Viktiga händelser"]
STATUS = re.compile(r"^[✔◐✖○ℹ] \w{2,}")
FORBIDDEN = re.compile(r'[:/\\*?"<>|\x00-\x1f]')
XMP_UA = "{http://www.aiim.org/pdfua/ns/id/}part"
XMP_TITLE = "{http://purl.org/dc/elements/1.1/}title"
PAINT = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh", "BI"}


# ---------------------------------------------------------------- helpers


@cache
def _pdf(path: Path) -> pikepdf.Pdf:
    return pikepdf.open(path)


@cache
def _docx(path: Path) -> docx.Document:
    return docx.Document(path)


def _namnd(path: Path) -> str:
    return path.stem.removeprefix(f"{YEAR} {DOKUMENTTYP} ")


KOMMUNRAPPORT = f"{YEAR} {DOKUMENTTYP} Kommunövergripande"


def _reports(folder: Path) -> list[tuple[Path, Path]]:
    """(pdf, docx) per nämnd report in the folder."""
    pdfs = sorted(p for p in folder.glob("*.pdf") if p.stem != KOMMUNRAPPORT)
    assert len(pdfs) == 8, [p.name for p in pdfs]
    return [(p, p.with_suffix(".docx")) for p in pdfs]


def _documents(folder: Path) -> list[tuple[Path, Path]]:
    """(pdf, docx) of every document: the nämnd reports and the kommunövergripande report."""
    kommun = folder / f"{KOMMUNRAPPORT}.pdf"
    assert kommun.is_file()
    return _reports(folder) + [(kommun, kommun.with_suffix(".docx"))]


YEAR_END = {"bokslut": ("2026 Årsredovisning Exempelkommun", "2026 Granskningslista Årsredovisning Exempelkommun",
                        "2026 Verksamhetsberättelse Socialnämnden"),
            "delar": ("2026 Delårsrapport Exempelkommun", "2026 Granskningslista Delårsrapport Exempelkommun",
                      "2026 Delårsrapport Socialnämnden")}


def _is_checklist(path: Path) -> bool:
    return "Granskningslista" in path.name


@pytest.fixture(scope="module")
def documents(demo_runs, year_end_runs) -> list[tuple[Path, Path]]:
    """(pdf, docx) of the tertial's documents and of the delår's and bokslut's kommun documents, checklists and
    one nämnd report each."""
    out = _documents(demo_runs[0])
    for tillfalle, stems in YEAR_END.items():
        folder = year_end_runs[tillfalle][0]
        out += [(folder / f"{stem}.pdf", folder / f"{stem}.docx") for stem in stems]
    return out


def _kids(element) -> list:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element reachable from /StructTreeRoot, depth first (= reading order)."""
    out, seen = [], set()

    def walk(element):
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element or element.objgen in seen:
            return
        seen.add(element.objgen)
        out.append(element)
        for kid in _kids(element):
            walk(kid)

    for kid in _kids(pdf.Root.StructTreeRoot):
        walk(kid)
    return out


def _outline_titles(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    """(depth, title) of every bookmark, in order."""
    out = []

    def walk(item, depth):
        while item is not None:
            out.append((depth, str(item.Title)))
            if "/First" in item:
                walk(item.First, depth + 1)
            item = item.get("/Next")

    if "/Outlines" in pdf.Root and "/First" in pdf.Root.Outlines:
        walk(pdf.Root.Outlines.First, 0)
    return out


def _heading_levels(levels: list[int]) -> list[str]:
    """Problems in a sequence of heading levels: the first is not 1, or a level is skipped going down."""
    problems = [] if not levels or levels[0] == 1 else [f"första rubriken har nivå {levels[0]}"]
    problems += [f"nivå {a} följs av {b}" for a, b in zip(levels, levels[1:]) if b > a + 1]
    return problems


def _docx_headings(document) -> list[tuple[int, str]]:
    out = []
    for p in document.paragraphs:
        match = re.fullmatch(r"Heading (\d)", p.style.name)
        if match:
            out.append((int(match.group(1)), p.text))
    return out


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _empty_paragraphs(body) -> list[int]:
    """Paragraphs used as spacing: no text, no drawing, no field, no page or section break, among the body's
    children or in a table cell that has other paragraphs. Returns their positions (document order)."""
    def spacing(p) -> bool:
        if _text(p).strip():
            return False
        if any(True for tag in ("w:drawing", "w:pict", "w:fldChar", "w:fldSimple", "w:sectPr")
               for _ in p.iter(qn(tag))):
            return False
        return not any(br.get(qn("w:type")) == "page" for br in p.iter(qn("w:br")))

    candidates = [el for el in body if el.tag == qn("w:p")]
    for cell in body.iter(qn("w:tc")):
        paragraphs = cell.findall(qn("w:p"))
        if len(paragraphs) > 1:
            candidates += paragraphs
    order = {el: i for i, el in enumerate(body.iter(qn("w:p")))}
    return sorted(order[p] for p in candidates if spacing(p))


def _parts(document):
    """The body and every header and footer part's element."""
    yield document.element.body
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if not part.is_linked_to_previous:
                yield part._element


# ---------------------------------------------------------------- PDF: PDF/UA-1


def test_pdf_identifies_as_pdf_ua1_with_language_and_title(demo_runs):
    for pdf_path, docx_path in _reports(demo_runs[0]):
        pdf = _pdf(pdf_path)
        title = f"{DOKUMENTTYP} {YEAR} {_namnd(pdf_path)}"
        assert pdf.Root.MarkInfo.Marked is True, pdf_path.name
        assert "/StructTreeRoot" in pdf.Root, pdf_path.name
        assert str(pdf.Root.Lang) == "sv-SE", pdf_path.name
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True, pdf_path.name
        meta = pdf.open_metadata()
        assert meta[XMP_UA] == "1", pdf_path.name
        assert str(pdf.docinfo.Title) == meta[XMP_TITLE] == title == _docx(docx_path).core_properties.title
        assert str(pdf.docinfo.Author) == KOMMUN


def test_pdf_metadata_is_reproducible(demo_runs):
    """XMP dates are the reporting date and nothing random (no xmpMM ids): two runs give the same bytes."""
    for pdf_path, _ in _documents(demo_runs[0]):
        pdf = _pdf(pdf_path)
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert "<xmp:CreateDate>2026-04-30T00:00:00Z</xmp:CreateDate>" in xmp, pdf_path.name
        assert "<xmp:ModifyDate>2026-04-30T00:00:00Z</xmp:ModifyDate>" in xmp, pdf_path.name
        assert "xmpMM:" not in xmp and "uuid:" not in xmp, pdf_path.name
        assert str(pdf.docinfo.CreationDate) == "D:20260430000000Z"
        assert (demo_runs[1] / pdf_path.name).read_bytes() == pdf_path.read_bytes()


def test_pdf_structure_tree_has_headings_tables_lists_and_figures(demo_runs):
    allowed = {"/Table": {"/THead", "/TBody", "/TFoot", "/TR", "/Caption"}, "/TR": {"/TH", "/TD"},
               "/THead": {"/TR"}, "/TBody": {"/TR"}, "/L": {"/LI", "/L", "/Caption"}, "/LI": {"/Lbl", "/LBody"}}
    for pdf_path, _ in _reports(demo_runs[0]):
        elements = _struct_elements(_pdf(pdf_path))
        counts = Counter(str(e.S) for e in elements)
        assert counts["/Document"] == 1, pdf_path.name
        assert counts["/H1"] >= 1 + len(KAPITEL), (pdf_path.name, counts)
        assert counts["/H2"] >= 3 and counts["/Table"] >= 4 and counts["/Figure"] >= 2, (pdf_path.name, counts)
        assert counts["/TH"] >= 10 and counts["/TD"] > counts["/TH"] and counts["/LI"] >= 1, (pdf_path.name, counts)
        for e in elements:
            s = str(e.S)
            if s in allowed:
                kids = {str(k.S) for k in _kids(e) if isinstance(k, pikepdf.Dictionary) and "/S" in k}
                assert kids <= allowed[s], (pdf_path.name, s, kids)
        levels = [int(str(e.S)[2]) for e in elements if re.fullmatch(r"/H[1-6]", str(e.S))]
        assert _heading_levels(levels) == [], pdf_path.name


def test_pdf_table_header_cells_are_th_with_scope(documents):
    for pdf_path, _ in documents:
        elements = _struct_elements(_pdf(pdf_path))
        scopes = Counter(str(e.A.get("/Scope")) for e in elements if e.S == "/TH")
        assert set(scopes) <= {"/Column", "/Row", "/Both"}, (pdf_path.name, scopes)
        assert scopes["/Column"] >= 10, (pdf_path.name, scopes)
        if not _is_checklist(pdf_path):   # a checklist's tables have no row headers
            assert scopes["/Row"] >= 1, (pdf_path.name, scopes)  # "Summa nämnden" in driftredovisningen
        for table in (e for e in elements if e.S == "/Table"):
            head = [k for k in _kids(table) if k.S == "/THead"]
            assert head, pdf_path.name  # a header on every page the table runs over
            first_row = _kids(_kids(head[0])[0])
            assert first_row and all(c.S == "/TH" for c in first_row), pdf_path.name
        # every data cell points at its header cells
        assert all(len(e.A.Headers) >= 1 for e in elements if e.S == "/TD"), pdf_path.name


def _rows(table) -> list:
    rows = []
    for kid in _kids(table):
        if kid.S == "/TR":
            rows.append(kid)
        elif kid.S in ("/THead", "/TBody", "/TFoot"):
            rows += _kids(kid)
    return rows


def test_pdf_tables_are_regular_with_one_header(documents):
    """Every row has as many cells (counting column spans) as the others; at most one THead per table."""
    for pdf_path, _ in documents:
        for table in (e for e in _struct_elements(_pdf(pdf_path)) if e.S == "/Table"):
            widths = {sum(int(c.A.get("/ColSpan", 1)) for c in _kids(row)) for row in _rows(table)}
            assert len(widths) == 1, (pdf_path.name, widths)
            assert sum(k.S == "/THead" for k in _kids(table)) == 1, pdf_path.name


def test_pdf_figures_have_the_alt_texts_of_the_docx_images(demo_runs):
    for pdf_path, docx_path in _reports(demo_runs[0]):
        figures = [e for e in _struct_elements(_pdf(pdf_path)) if e.S == "/Figure"]
        alts = [str(e.get("/Alt", "")).strip() for e in figures]
        assert figures and all(alts), (pdf_path.name, alts)
        descr = [pr.get("descr") for pr in _docx(docx_path).element.body.iter(qn("wp:docPr"))]
        assert Counter(alts) == Counter(descr), pdf_path.name


def test_pdf_bookmarks_are_the_headings(demo_runs):
    for pdf_path, docx_path in _reports(demo_runs[0]):
        pdf = _pdf(pdf_path)
        outline = _outline_titles(pdf)
        top = [title for depth, title in outline if depth == 0]
        assert top[0] == COVER_TITLE, pdf_path.name
        assert [t for t in top[1:] if not t.startswith("Bilaga:")] == KAPITEL, pdf_path.name
        headings = [int(str(e.S)[2]) for e in _struct_elements(pdf) if re.fullmatch(r"/H[1-6]", str(e.S))]
        # one bookmark per heading, in the structure tree's (reading) order
        assert [depth + 1 for depth, _ in outline] == headings, pdf_path.name
        # Same headings, same levels, same order as in the Word document (the cover title is Word's Title).
        assert [(depth + 1, title) for depth, title in outline[1:]] == _docx_headings(_docx(docx_path))


def test_pdf_fonts_are_embedded(documents):
    for pdf_path, _ in documents:
        pdf = _pdf(pdf_path)
        descriptors = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                       and o.get("/Type") == "/FontDescriptor"]
        assert len(descriptors) >= 2, pdf_path.name
        for d in descriptors:
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(d.keys()), (pdf_path.name, str(d.FontName))
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                descendants = font.get("/DescendantFonts", [font])
                assert all("/FontDescriptor" in f for f in descendants), (pdf_path.name, str(font.BaseFont))
                # Only the template's own fonts: no glyph may fall back to a font installed on the machine.
                assert str(font.BaseFont).split("+")[-1].startswith("/Kommun-Sans") or \
                    str(font.BaseFont).split("+")[-1].startswith("Kommun-Sans"), (pdf_path.name, str(font.BaseFont))


def test_pdf_content_is_tagged_or_artifact(documents):
    """What is painted is either real content whose MCID leads to a structure element in the tree, or an
    artifact (backgrounds, borders, the running footer), never both and never neither (PDF/UA-1 7.1)."""
    for pdf_path, _ in documents:
        pdf = _pdf(pdf_path)
        in_tree = {e.objgen for e in _struct_elements(pdf)}
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        problems, footer_pages = Counter(), 0
        for number, page in enumerate(pdf.pages):
            stack, footer = [], False
            for operands, op in pikepdf.parse_content_stream(page):
                op = str(op)
                if op in ("BMC", "BDC"):
                    props = operands[1] if op == "BDC" else None
                    mcid = int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None
                    artifact = str(operands[0]) == "/Artifact"
                    if artifact and any(m is not None for _, m in stack):
                        problems["artifact inside content"] += 1
                    if mcid is not None and any(a or m is not None for a, m in stack):
                        problems["content inside artifact or content"] += 1
                    if mcid is not None and parents[int(page.StructParents)][mcid].objgen not in in_tree:
                        problems["MCID outside the structure tree"] += 1
                    footer |= artifact and isinstance(props, pikepdf.Dictionary) and props.get("/Type") == "/Pagination"
                    stack.append((artifact, mcid))
                elif op == "EMC":
                    stack.pop()
                elif op in PAINT and not any(a or m is not None for a, m in stack):
                    problems[f"{op} outside marked content"] += 1
            footer_pages += footer
        assert not problems, (pdf_path.name, dict(problems))
        assert footer_pages == len(pdf.pages) - 1, pdf_path.name  # every page but the cover has the footer


# ---------------------------------------------------------------- .docx


def test_docx_headings_in_order_without_skipping_a_level(demo_runs):
    for _, docx_path in _reports(demo_runs[0]):
        headings = _docx_headings(_docx(docx_path))
        assert _heading_levels([level for level, _ in headings]) == [], docx_path.name
        assert [t for level, t in headings if level == 1 and not t.startswith("Bilaga:")] == KAPITEL
        assert any(level == 3 for level, _ in headings), docx_path.name


def test_heading_level_check_finds_a_skipped_level():
    assert _heading_levels([1, 2, 3, 1, 2]) == []
    assert _heading_levels([1, 3]) == ["nivå 1 följs av 3"]
    assert _heading_levels([2, 3]) == ["första rubriken har nivå 2"]


def test_docx_every_table_repeats_its_header_row(documents):
    for _, docx_path in documents:
        tables = list(_docx(docx_path).element.body.iter(qn("w:tbl")))
        assert len(tables) >= (2 if _is_checklist(docx_path) else 4), docx_path.name
        for table in tables:
            first = table.find(qn("w:tr"))
            header = first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
            assert header is not None and header.get(qn("w:val"), "true") not in ("0", "false", "off"), \
                (docx_path.name, _text(first)[:60])


def test_docx_every_image_has_alt_text(demo_runs):
    for _, docx_path in _reports(demo_runs[0]):
        document = _docx(docx_path)
        described = [pr for part in _parts(document) for pr in part.iter(qn("wp:docPr"))]
        assert len(described) >= 2, docx_path.name
        assert all((pr.get("descr") or "").strip() for pr in described), docx_path.name


def test_docx_core_properties(demo_runs):
    for _, docx_path in _reports(demo_runs[0]):
        props = _docx(docx_path).core_properties
        namnd = _namnd(docx_path)
        assert props.title == f"{DOKUMENTTYP} {YEAR} {namnd}"
        assert props.subject.startswith("Uppföljning januari–april 2026"), props.subject
        assert props.author == KOMMUN
        assert namnd in props.keywords and KOMMUN in props.keywords and DOKUMENTTYP in props.keywords
        assert props.language == "sv-SE"


def test_docx_language_is_swedish(documents):
    """sv-SE on Normal and the heading styles and as the document default, and every run of text resolves
    to sv-SE (its own w:lang, else its character style, its paragraph style, their bases, the defaults)."""
    for _, docx_path in documents:
        document = _docx(docx_path)
        styles = {s.get(qn("w:styleId")): s for s in document.styles.element.iter(qn("w:style"))}

        def own(element):
            lang = element.find(f"{qn('w:rPr')}/{qn('w:lang')}")
            return None if lang is None else lang.get(qn("w:val"))

        def resolved(style_id):
            for _ in range(20):
                if style_id not in styles:
                    return None
                if own(styles[style_id]):
                    return own(styles[style_id])
                based = styles[style_id].find(qn("w:basedOn"))
                style_id = None if based is None else based.get(qn("w:val"))
            return None

        for name in ("Normal", "Heading 1", "Heading 2", "Heading 3"):
            assert own(document.styles[name].element) == "sv-SE", (docx_path.name, name)
        default = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")
        assert own(default) == "sv-SE", docx_path.name
        default_paragraph = next(sid for sid, s in styles.items()
                                 if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true"))
        others = Counter()
        for part in _parts(document):
            for p in part.iter(qn("w:p")):
                p_style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
                p_style = default_paragraph if p_style is None else p_style.get(qn("w:val"))
                for run in p.iter(qn("w:r")):
                    if not _text(run).strip():
                        continue
                    r_style = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
                    lang = (own(run) or (resolved(r_style.get(qn("w:val"))) if r_style is not None else None)
                            or resolved(p_style) or own(default))
                    if lang != "sv-SE":
                        others[(p_style, lang)] += 1
        assert not others, (docx_path.name, dict(others))


def test_docx_has_no_empty_spacing_paragraphs(documents):
    for _, docx_path in documents:
        assert _empty_paragraphs(_docx(docx_path).element.body) == [], docx_path.name


def test_empty_paragraph_check_finds_spacing():
    document = docx.Document()
    document.add_paragraph("Text")
    document.add_paragraph("")
    document.add_paragraph("").add_run().add_break(WD_BREAK.PAGE)
    cell = document.add_table(rows=1, cols=2).cell(0, 0)
    cell.text = "Cell"
    cell.add_paragraph("   ")
    # the empty body paragraph and the blank second paragraph of the cell; not the page break, not the empty
    # cell (0, 1), whose one paragraph Word requires
    assert len(_empty_paragraphs(document.element.body)) == 2


def test_docx_status_is_never_colour_alone(documents):
    """Every run with its own colour (the coloured status) starts with its symbol and has a word."""
    coloured = Counter()
    for _, docx_path in documents:
        for run in _docx(docx_path).element.body.iter(qn("w:r")):
            color = run.find(f"{qn('w:rPr')}/{qn('w:color')}")
            if color is None or color.get(qn("w:val")) in ("auto", "000000"):
                continue
            text = _text(run)
            assert STATUS.match(text), (docx_path.name, color.get(qn("w:val")), text)
            coloured[text[0]] += 1
    assert {"✔", "◐", "✖"} <= set(coloured), coloured


def test_docx_has_a_table_of_contents_that_updates_on_open(documents):
    for _, docx_path in documents:
        if _is_checklist(docx_path):   # two sections after the cover: no table of contents
            continue
        document = _docx(docx_path)
        body = document.element.body
        instructions = [t.text or "" for t in body.iter(qn("w:instrText"))]
        instructions += [f.get(qn("w:instr")) or "" for f in body.iter(qn("w:fldSimple"))]
        assert any(re.match(r'\s*TOC\s.*\\o\s+"1-3"', i) for i in instructions), (docx_path.name, instructions)
        update = document.settings.element.find(qn("w:updateFields"))
        assert update is not None and update.get(qn("w:val"), "true") in ("1", "true", "on"), docx_path.name


# ---------------------------------------------------------------- file names


def _safe(name: str) -> bool:
    return (not FORBIDDEN.search(name) and name == name.strip() and not name.endswith(".")
            and len(name) <= MAX_NAME)


def test_output_file_names(demo_runs, config):
    names = [p.name for p in demo_runs[0].iterdir()]
    assert all(_safe(n) for n in names), names
    stems = {Path(n).stem for n in names if n.endswith((".docx", ".pdf")) and "Tjänsteskrivelse" not in n}
    letters = {Path(n).stem for n in names if "Tjänsteskrivelse" in n}
    assert letters == {f"{YEAR} Tjänsteskrivelse {DOKUMENTTYP} {n.namn}" for n in config.namnder} | \
        {f"{YEAR} Tjänsteskrivelse Kommunövergripande uppföljning Kommunstyrelsen"}
    assert all(_safe(f"{stem}.docx") for stem in letters)
    expected = {f"{YEAR} {DOKUMENTTYP} {n.namn}" for n in config.namnder} | {KOMMUNRAPPORT}
    assert stems == expected
    assert stems - {KOMMUNRAPPORT} == {document_stem(YEAR, DOKUMENTTYP, n.namn) for n in config.namnder}
    for stem in stems:
        assert f"{stem}.docx" in names and f"{stem}.pdf" in names, stem
        assert not stem.endswith((".", " ")) and len(stem) + len(".docx") <= MAX_NAME


@pytest.mark.parametrize("namnd,expected", [
    ("Bygg: och/miljö*nämnden?.", "2026 Tertialrapport 1 Bygg- och-miljö-nämnden-"),
    ('Nämnden "A" <B> | C\\D', "2026 Tertialrapport 1 Nämnden -A- -B- - C-D"),
    ("Socialnämnden . . .", "2026 Tertialrapport 1 Socialnämnden"),
    ("Vård-  och   omsorgsnämnden", "2026 Tertialrapport 1 Vård- och omsorgsnämnden"),
])
def test_document_stem_replaces_what_file_systems_forbid(namnd, expected):
    assert document_stem(YEAR, DOKUMENTTYP, namnd) == expected


@pytest.mark.parametrize("namnd", [
    "Å" * 200,
    "Nämnden för " + "mycket långa namn " * 12,      # cut where a space falls at the limit
    "N" * 93 + "." * 40,                             # cut inside a run of dots
    "Bygg: och/miljö*nämnden?." * 10,
    "?" * 150,
    "  Vård- och\nomsorgs\tnämnden \r\n",           # pasted from an Excel cell
])
def test_document_stem_keeps_hostile_names_within_limits(namnd):
    stem = document_stem(YEAR, DOKUMENTTYP, namnd)
    assert stem.startswith(f"{YEAR} {DOKUMENTTYP} ")
    for name in (f"{stem}.docx", f"{stem}.pdf"):
        assert _safe(name), name
    assert not stem.endswith((".", " ")) and "  " not in stem
    assert len(stem) <= MAX_NAME - len(".docx")
    assert document_stem(YEAR, DOKUMENTTYP, namnd) == stem
