"""Build the Word templates of both template sets with python-docx (docxtpl templates):
pipeline/resources/templates/docx/tertialrapport.docx (standard) and templates/alternativ/docx/tertialrapport.docx (another font,
colours, logo position and cover).

The committed .docx files are the templates a kommun edits in Word; this script documents how they were made
and rebuilds them: `.venv/bin/python tools/build_logo.py && .venv/bin/python tools/build_docx_template.py`.
Variables: docs/mallvariabler.md.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
from pipeline.resources import TEMPLATES
sys.path.insert(0, str(ROOT))
from pipeline.render.zipfix import normalize_zip  # noqa: E402
TABLE_FONT_SIZE = Pt(8.5)


@dataclass(frozen=True)
class Look:
    """What differs between the template sets."""

    folder: Path          # the set's root (holds docx/ and html/)
    font: str
    accent: RGBColor
    logo_right: bool      # logo and cover texts right-aligned (alternativ) or left (standard)
    cover_rule: str       # hex colour of a rule under the title on the cover ('' for none)

    @property
    def out(self) -> Path:
        return self.folder / "docx" / "tertialrapport.docx"


LOOKS = (
    Look(TEMPLATES, "Calibri", RGBColor(0x1F, 0x4E, 0x79), False, ""),
    Look(TEMPLATES / "alternativ", "Georgia", RGBColor(0x2E, 0x6B, 0x3A), True, "2E6B3A"),
)


def _toc(doc) -> None:
    """A Word table of contents (headings 1–3) that Word fills in when the document is opened."""
    title = doc.add_paragraph()
    title.add_run("Innehåll").bold = True
    _field(doc.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u',
           "Innehållsförteckningen uppdateras när dokumentet öppnas (eller med F9).")
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    doc.settings.element.append(update)


def _set_lang(style_element, lang: str = "sv-SE") -> None:
    rpr = style_element.get_or_add_rPr()
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rpr.append(el)
    el.set(qn("w:val"), lang)
    el.set(qn("w:eastAsia"), lang)
    el.set(qn("w:bidi"), "ar-SA")


def _field(paragraph, instr: str, placeholder: str = "1") -> None:
    """Insert a Word field (PAGE, NUMPAGES, TOC) into a paragraph, showing `placeholder` until it is updated."""
    run = paragraph.add_run()
    for tag, attr in (("w:fldChar", "begin"), ("w:instrText", instr), ("w:fldChar", "separate")):
        el = OxmlElement(tag)
        if tag == "w:fldChar":
            el.set(qn("w:fldCharType"), attr)
        else:
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
        run._r.append(el)
    text = OxmlElement("w:t")
    text.text = placeholder
    run._r.append(text)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _decisions(doc, headers: list[str], none_text: str) -> None:
    """The plans that need a decision (context key `beslut`), or `none_text` when there are none."""
    doc.add_paragraph("{%p if beslut %}")
    _table(doc, headers, "beslut", ["{{ r.id }} {{ r.omrade }}", "{{ r.avser }}", "{{ r.niva }}", "{{ r.effekt }}"],
           widths=[7, 3.5, 3, 3.5], numeric_from=3)
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph(none_text)
    doc.add_paragraph("{%p endif %}")


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _table(doc, headers: list[str], loop: str, cells: list[str], total: list[str] | None = None,
           widths: list[float] | None = None, numeric_from: int = 1, text_from: int = 99, font_size=TABLE_FONT_SIZE,
           bold_if: str = ""):
    """Header row (repeats on every page), a docxtpl loop (open row, content row, close row), optional total.
    With `bold_if` (a condition on the loop's `r`, e.g. "r.summa"), rows where it holds are set in bold: the
    loop then holds `{%tr if %}` bold row `{%tr else %}` plain row `{%tr endif %}`."""
    content = [(2, cells, False)] if not bold_if else [(3, cells, True), (5, cells, False)]
    n_rows = 4 + (1 if total else 0) + (4 if bold_if else 0)
    table = doc.add_table(rows=n_rows, cols=len(headers))
    table.style = "Kommunrapport tabell"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_header(table.rows[0])
    table.rows[1].cells[0].text = "{%tr for r in " + loop + " %}"
    if bold_if:
        table.rows[2].cells[0].text = "{%tr if " + bold_if + " %}"
        table.rows[4].cells[0].text = "{%tr else %}"
        table.rows[6].cells[0].text = "{%tr endif %}"
        table.rows[7].cells[0].text = "{%tr endfor %}"
    else:
        table.rows[3].cells[0].text = "{%tr endfor %}"
    filled = [(0, headers, True)] + content + ([(n_rows - 1, total, True)] if total else [])
    for row_index, texts, bold in filled:
        # A row is never split over two pages.
        cant_split = OxmlElement("w:cantSplit")
        table.rows[row_index]._tr.get_or_add_trPr().append(cant_split)
        for i, text in enumerate(texts):
            paragraph = table.rows[row_index].cells[i].paragraphs[0]
            run = paragraph.add_run(text)
            run.bold = bold
            run.font.size = font_size  # direct size too: not every word processor applies table styles
            if numeric_from <= i < text_from:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if widths:
        # Fixed layout with explicit grid widths: Word and LibreOffice then keep the columns as designed.
        table.autofit = False
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        table._tbl.tblPr.append(layout)
        for i, w in enumerate(widths):
            table.columns[i].width = Cm(w)
        for row in table.rows:
            for i, w in enumerate(widths):
                row.cells[i].width = Cm(w)
    return table


def _document(look: Look):
    """An empty A4 document with the set's fonts, colours, languages and table style."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = look.font
    normal.font.size = Pt(11)
    _set_lang(normal.element)
    for name, size in (("Title", 26), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        st = styles[name]
        st.font.color.rgb = look.accent
        st.font.size = Pt(size)
        st.font.name = look.font
        _set_lang(st.element)
    table_style = styles.add_style("Kommunrapport tabell", 3)  # WD_STYLE_TYPE.TABLE
    table_style.base_style = styles["Table Grid"]
    table_style.font.size = TABLE_FONT_SIZE
    table_style.paragraph_format.space_after = Pt(0)
    table_style.paragraph_format.space_before = Pt(0)
    table_style.paragraph_format.line_spacing = 1.0

    return doc, section


def _cover(doc, look: Look, lines: list[tuple[str, str | None]]) -> None:
    """Logo, then (text, style) lines, aligned by the set; the first two are kommun and title."""
    align = WD_ALIGN_PARAGRAPH.RIGHT if look.logo_right else WD_ALIGN_PARAGRAPH.LEFT
    logo = doc.add_paragraph()
    logo.alignment = align
    logo.add_run().add_picture(str(look.folder / "html" / "logo.png"), width=Cm(2.6))
    cover = []
    for i, (text, style) in enumerate(lines):
        paragraph = doc.add_paragraph(text, style=style) if style else doc.add_paragraph(text)
        paragraph.alignment = align
        cover.append(paragraph)
        if i == 1 and look.cover_rule:
            # A coloured rule under the title: a paragraph border, not characters a screen reader would read out.
            border = OxmlElement("w:pBdr")
            bottom = OxmlElement("w:bottom")
            for key, value in (("w:val", "single"), ("w:sz", "24"), ("w:space", "4"), ("w:color", look.cover_rule)):
                bottom.set(qn(key), value)
            border.append(bottom)
            paragraph._p.get_or_add_pPr().append(border)
        if text.startswith("Dokumentstatus"):
            paragraph.runs[0].bold = True


NOTE = ("Belopp i tusentals kronor (tkr). Nettokostnad med huvudbokens tecken: kostnad positiv. "
        "Avvikelse = budget − utfall; positiv avvikelse är ett överskott.")


def build(look: Look) -> Path:
    """The tertialrapport template of one set."""
    doc, section = _document(look)
    # Cover: logo, kommun, title, nämnd, period, decision state; then the table of contents.
    _cover(doc, look, [("{{ kommun.namn }}", "Subtitle"), ("{{ dokument.typ }} {{ dokument.ar }}", "Title"),
                       ("{{ namnd.namn }}", "Subtitle"),
                       ("Period: {{ dokument.period }}. Avser förhållandena den {{ dokument.datum }}.", None),
                       ("{{ namnd.forvaltning }}", None), ("Dokumentstatus: {{ dokument.status.text }}", None),
                       (NOTE, None)])
    _toc(doc)
    doc.add_heading("Sammanfattning", level=1).paragraph_format.page_break_before = True

    doc.add_paragraph("{%p for s in statusrader %}")
    doc.add_paragraph("{{ s.namn }}: {{ s.text }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{{ sammanfattning }}")
    _table(doc, ["Nyckeltal", "tkr"], "nyckeltal", ["{{ r.namn }}", "{{ r.varde }}"], widths=[10, 4])

    doc.add_heading("Måluppfyllelse", level=1)
    doc.add_paragraph("{{ jamforelse.text }}")
    doc.add_paragraph("{%p for k in kf_mal %}")
    doc.add_heading("{% if k.id %}{{ k.id }} {% endif %}{{ k.formulering }}", level=2)
    doc.add_paragraph("{%p if k.grund %}")
    doc.add_paragraph("Kommunfullmäktiges mål, samlad signal för alla nämnder: {{r k.signal.rt }} ({{ k.grund }}).")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for m in k.mal %}")
    doc.add_heading("{{ m.id }} {{ m.formulering }}", level=3)
    doc.add_paragraph("Förvaltningens bedömning: {{r m.bedomning.rt }}. "
                      "Beräknat utifrån indikatorerna: {{r m.beraknad.rt }} ({{ m.beraknad_grund }}).{% if m.avviker %} "
                      "{{ m.avviker }}{% endif %}")
    doc.add_paragraph("{%p if m.analys %}")
    doc.add_paragraph("{{ m.analys }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if m.kostnad %}")
    doc.add_paragraph("Kostnad: {{ m.kostnad }}")
    doc.add_paragraph("{%p endif %}")
    _table(doc, ["Indikator", "Målvärde", "Utfall", "Status", "Trend", "Plats", "Grupp / riket", "Kommentar och åtgärd"],
           "m.indikatorer",
           ["{{ r.namn }}", "{{ r.malvarde }}", "{{ r.varde }}{% if r.km != '–' %}; {{ r.km }}{% endif %}",
            "{{r r.status.rt }}", "{{ r.trend }}", "{{ r.plats }}{% if r.kvartil %}, {{ r.kvartil }}{% endif %}",
            "{{ r.grupp }} / {{ r.riket }}", "{{ r.kommentar }}"],
           widths=[3.3, 1.3, 1.9, 2.2, 1.8, 2.0, 1.6, 2.9], numeric_from=1, text_from=3, font_size=Pt(7.5))
    doc.add_paragraph("{%p for r in m.indikatorer %}")
    doc.add_paragraph("{%p if r.spridning or r.kostnad or r.diagram.historik or r.diagram.position %}")
    heading = doc.add_paragraph()
    heading.add_run("{{ r.id }} {{ r.namn }}").bold = True
    heading.paragraph_format.keep_with_next = True
    doc.add_paragraph("{%p if r.spridning %}")
    doc.add_paragraph("{{ r.spridning }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if r.kostnad %}")
    doc.add_paragraph("{{ r.kostnad }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if r.diagram.historik or r.diagram.position %}")
    images = doc.add_paragraph("{% if r.diagram.historik %}{{ r.diagram.historik.bild }}{% endif %} "
                               "{% if r.diagram.position %}{{ r.diagram.position.bild }}{% endif %}")
    images.paragraph_format.keep_with_next = True
    # Short captions: the charts' full descriptions are their alt texts (a screen reader should not hear them twice).
    doc.add_paragraph("{% if r.diagram.historik %}Diagram: {{ r.diagram.historik.rubrik }}{% endif %}"
                      "{% if r.diagram.position %}. Diagram: {{ r.diagram.position.rubrik }}{% endif %}", style="Caption")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Nämnden har inga egna mål i mål- och indikatorboken.")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("Framgångsrika resultat", level=2)
    doc.add_paragraph("{%p if framgangar %}")
    doc.add_paragraph("Indikatorer som slår målvärdet med marginal eller ligger bland den bästa fjärdedelen av kommunerna.")
    _table(doc, ["Indikator", "Utfall", "Varför", "Förvaltningens kommentar"], "framgangar",
           ["{{ r.indikator }}", "{{ r.utfall }}", "{{ r.skal }}", "{{ r.svar }}"], widths=[5, 1.6, 4.4, 6],
           numeric_from=1, text_from=2)
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Inga indikatorer slår målvärdet med marginal eller ligger bland den bästa fjärdedelen vid detta "
                      "tillfälle.")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("Ekonomi", level=1)
    doc.add_heading("Driftredovisning per verksamhet", level=2)
    _table(doc, ["Verksamhet", "Årsbudget", "Periodbudget", "Utfall", "Avvikelse", "{{ rubriker.prognos }}",
                 "Avvikelse helår"],
           "drift.rader",
           ["{{ r.kod }} {{ r.namn }}", "{{ r.arsbudget }}", "{{ r.periodbudget }}", "{{ r.utfall }}",
            "{{ r.avvikelse }}", "{{ r.prognos }}", "{{ r.avvikelse_helar }}"],
           total=["Summa nämnden", "{{ drift.summa.arsbudget }}", "{{ drift.summa.periodbudget }}",
                  "{{ drift.summa.utfall }}", "{{ drift.summa.avvikelse }}", "{{ drift.summa.prognos }}",
                  "{{ drift.summa.avvikelse_helar }}"],
           widths=[3.9, 2.15, 2.2, 2.1, 2.1, 2.3, 2.15])
    doc.add_paragraph("{{ diagram.bild }}")
    doc.add_paragraph("Diagram: {{ diagram.rubrik }}", style="Caption")

    doc.add_heading("{{ rubriker.kommentarer }}", level=2)
    doc.add_paragraph("{%p for c in prognoskommentarer %}")
    doc.add_paragraph("{{ c.verksamhet }}: {{ c.text }}{% if c.flagga %} Förvaltningens prognos ({{ c.prognos }} tkr) "
                      "skiljer sig från den beräknade prognosen utifrån föregående års profil ({{ c.beraknad }} tkr).{% endif %}",
                      style="List Bullet")
    doc.add_paragraph("{%p endfor %}")

    doc.add_heading("Investeringar", level=2)
    doc.add_paragraph("{%p if investeringar.rader %}")
    _table(doc, ["Projekt", "Budget", "Utfall", "Återstår"], "investeringar.rader",
           ["{{ r.projekt }} {{ r.namn }}", "{{ r.budget }}", "{{ r.utfall }}", "{{ r.aterstar }}"],
           total=["Summa investeringar", "{{ investeringar.summa.budget }}", "{{ investeringar.summa.utfall }}",
                  "{{ investeringar.summa.aterstar }}"], widths=[8, 3, 3, 3])
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Nämnden har inga investeringsprojekt i årets budget.")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("Avvikelser och åtgärdsplaner", level=1)
    doc.add_paragraph("{%p if avvikelser %}")
    doc.add_paragraph("Avvikelser, den största först. Väsentliga underskott mot årsbudgeten och indikatorer som inte "
                      "når målvärdet kräver en åtgärdsplan eller en analys; sämre än andra kommuner och försämrad trend "
                      "visas för kännedom.")
    _table(doc, ["Avser", "Slag", "Avvikelse", "Hantering"], "avvikelser",
           ["{{ r.avser }}", "{{ r.slag }}", "{{ r.beskrivning }}", "{{ r.hantering }}"], widths=[5.5, 3, 4.5, 4],
           numeric_from=9)
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Nämnden har inga väsentliga avvikelser vid detta tillfälle.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if atgardseffekt.racker_inte %}")
    doc.add_paragraph().add_run("{{ atgardseffekt.racker_inte }}").bold = True
    doc.add_paragraph("{%p endif %}")
    _grouped_bullets(doc, "orsaker", "Orsaker per kategori",
                     "Orsakerna till avvikelserna, ordnade efter SKL:s checklista Sök orsaker.",
                     "g", "{{ g.kategori }}", "r in g.rader", "{{ r.avser }}: {{ r.orsak }}")
    _grouped_bullets(doc, "basta", "Vad gör de bästa?",
                     "De kommuner i jämförelsegruppen som har bäst värde för samma period, för indikatorer med en "
                     "avvikelse. Källa: Kolada (RKA).",
                     "b", "{{ b.indikator }} ({{ b.period }})", "g in b.grupper", "{{ g.namn }}: {{ g.kommuner }}")
    doc.add_paragraph("{%p if atgardseffekt.finns %}")
    doc.add_heading("Prognos efter åtgärder", level=2)
    _table(doc, ["Nämnden", "tkr"], "atgardseffekt.rader", ["{{ r.namn }}", "{{ r.varde }}"], widths=[12, 4])
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Beslut som behövs", level=2)
    _decisions(doc, ["Åtgärd", "Avser", "Beslut av", "Effekt helår"],
               "Inga åtgärder väntar på beslut av nämnden, kommunstyrelsen eller kommunfullmäktige.")
    doc.add_paragraph("{%p if not atgardsplaner %}")
    doc.add_paragraph("Nämnden har inga åtgärdsplaner vid detta tillfälle.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for a in atgardsplaner %}")
    doc.add_heading("Åtgärdsplan {{ a.rubrik }}", level=2)
    _table(doc, ["Uppgift", "Innehåll"], "a.falt", ["{{ r.namn }}", "{{ r.varde }}"], widths=[4, 13], numeric_from=9)
    doc.add_paragraph("{%p if a.aktiviteter %}")
    _table(doc, ["VAD (aktivitet)", "HUR (viktiga faktorer)", "VEM", "NÄR", "Uppföljning"], "a.aktiviteter",
           ["{{ r.vad }}", "{{ r.hur }}", "{{ r.vem }}", "{{ r.nar }}", "{{ r.uppfoljning }}"],
           widths=[5, 3.5, 3, 2.5, 3], numeric_from=9)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("Uppföljning av beslutade åtgärder", level=2)
    doc.add_paragraph("{%p if uppfoljning %}")
    doc.add_paragraph("Åtgärdsplaner från {{ uppfoljning_tillfalle }}.")
    _table(doc, ["Åtgärd", "Klart senast", "Status", "Effekt"], "uppfoljning",
           ["{{ r.id }} {{ r.omrade }} (avser {{ r.avser }})", "{{ r.klart_senast }}{% if r.forsenad %} {{ r.forsenad }}{% endif %}",
            "{{ r.status }}{% if r.beslut %}. {{ r.beslut }}{% endif %}{% if r.rapporterad %}. {{ r.rapporterad }}"
            "{% endif %}", "{{ r.effekt }}{% if r.fore_efter %}. {{ r.fore_efter }}{% endif %}"],
           widths=[5.5, 3, 4, 4.5], numeric_from=9)
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Det finns inga åtgärdsplaner från {{ uppfoljning_tillfalle }} att följa upp.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if extern_regi.finns %}")
    doc.add_heading("Verksamhet i extern regi", level=2)
    doc.add_paragraph("{{ extern_regi.text }}")
    doc.add_paragraph("{{ extern_regi.sammanfattning }}")
    doc.add_heading("Utförare och avtal", level=3)
    _table(doc, ["Utförare", "Verksamhet eller enhet", "Avtal", "Avtalet gäller till", "Sanktioner enligt avtalet"],
           "extern_regi.utforare", ["{{ r.namn }}", "{{ r.avser }}", "{{ r.avtal }}", "{{ r.avtal_till }}",
                                    "{{ r.sanktioner }}"], widths=[3.5, 3.5, 3.5, 2.5, 4], numeric_from=9)
    doc.add_paragraph("{%p if extern_regi.resultat %}")
    doc.add_heading("Utförarnas resultat mot indikatorerna", level=3)
    _table(doc, ["Enhet (utförare)", "Indikator", "Period", "Enheten", "Kommunen", "Målvärde", "Bedömning"],
           "extern_regi.resultat", ["{{ r.enhet }} ({{ r.utforare }})", "{{ r.indikator }}", "{{ r.period }}",
                                    "{{ r.varde }}", "{{ r.kommun }}", "{{ r.malvarde }}", "{{ r.bedomning }}"],
           widths=[3.5, 4, 1.5, 1.8, 1.8, 1.8, 2.6], numeric_from=3, text_from=6)
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Begärda åtgärder och sanktioner", level=3)
    doc.add_paragraph("{%p if extern_regi.arenden %}")
    _table(doc, ["Utförare och brist", "Begärd åtgärd", "Svar", "Bedömning", "Genomförd", "Sanktionssteg"],
           "extern_regi.arenden", ["{{ r.utforare }}: {{ r.brist }}", "{{ r.atgard }} (begärd {{ r.begard }})",
                                   "{{ r.svar }}", "{{ r.bedomning }}", "{{ r.genomford }}", "{{ r.sanktionssteg }}"],
           widths=[4, 4, 3, 2.2, 1.8, 2], numeric_from=9)
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Inga åtgärder har begärts av utförarna.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("{%p if internkontroll %}")
    doc.add_heading("Uppföljning av internkontrollplan", level=1)
    _table(doc, ["Kontrollmoment", "Risk", "Resultat", "Avvikelse", "Åtgärd"], "internkontroll",
           ["{{ r.kontrollmoment }}", "{{ r.risk }}", "{{ r.resultat }}", "{{ r.avvikelse }}", "{{ r.atgard }}"],
           widths=[4, 3, 4, 2, 4], numeric_from=9)
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("Viktiga händelser", level=1)
    doc.add_paragraph("{%p for h in handelser %}")
    doc.add_paragraph("{{ h }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph("{%p if bilaga_enheter %}")
    doc.add_heading("Bilaga: Resultat per enhet och grupp", level=1)
    doc.add_paragraph("Ett medelvärde visar inte hela sanningen. Här är de senaste värdena per enhet och grupp.")
    doc.add_paragraph("{%p for b in bilaga_enheter %}")
    doc.add_heading("{{ b.indikator }} – per {{ b.slag|lower }} ({{ b.period }})", level=2)
    _table(doc, ["Enhet eller grupp", "Värde", "Under målvärdet"], "b.rader",
           ["{{ r.namn }}", "{{ r.varde }}", "{{ r.under }}"], widths=[9, 3, 5], numeric_from=1, text_from=2)
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("{%p if styrsystem %}")
    doc.add_heading("Bilaga: Styrsystemsanalys", level=1)
    doc.add_paragraph("Varningar om hur väl målen och indikatorerna styr och går att följa upp. Hela analysen för "
                      "kommunen finns i styrsystemsanalys.xlsx.")
    _table(doc, ["Avser", "Varning"], "styrsystem", ["{{ r.avser }}", "{{ r.varning }}"], widths=[5, 12],
           numeric_from=9)
    doc.add_paragraph("{%p endif %}")

    return _finish(doc, section, look.out)


def build_kommunrapport(look: Look) -> Path:
    """The kommunövergripande report's template of one set (docx/kommunrapport.docx)."""
    doc, section = _document(look)
    _cover(doc, look, [("{{ kommun.namn }}", "Subtitle"), ("{{ dokument.typ }} {{ dokument.ar }}", "Title"),
                       ("Till {{ dokument.mottagare|lower }}", "Subtitle"),
                       ("Period: {{ dokument.period }}. Avser förhållandena den {{ dokument.datum }}.", None),
                       ("Dokumentstatus: {{ dokument.status.text }}", None), (NOTE, None)])
    _toc(doc)
    doc.add_heading("Sammanfattning", level=1).paragraph_format.page_break_before = True
    doc.add_paragraph("{{ sammanfattning }}")
    doc.add_heading("Ekonomi per nämnd", level=1)
    _table(doc, ["Nämnd", "Årsbudget", "Periodbudget", "Utfall", "Avvikelse", "{{ rubriker.prognos }}",
                 "Avvikelse helår"],
           "ekonomi.rader",
           ["{{ r.namnd }}", "{{ r.arsbudget }}", "{{ r.periodbudget }}", "{{ r.utfall }}", "{{ r.avvikelse }}",
            "{{ r.prognos }}", "{{ r.avvikelse_helar }}"],
           total=["Summa kommunen", "{{ ekonomi.summa.arsbudget }}", "{{ ekonomi.summa.periodbudget }}",
                  "{{ ekonomi.summa.utfall }}", "{{ ekonomi.summa.avvikelse }}", "{{ ekonomi.summa.prognos }}",
                  "{{ ekonomi.summa.avvikelse_helar }}"],
           widths=[3.9, 2.15, 2.2, 2.1, 2.1, 2.3, 2.15])
    doc.add_heading("Kommunfullmäktiges mål", level=1)
    doc.add_paragraph("{%p for k in kf_mal %}")
    doc.add_heading("{{ k.id }} {{ k.formulering }}", level=2)
    doc.add_paragraph("Samlad signal: {{r k.signal.rt }} ({{ k.grund }}).")
    doc.add_paragraph("{%p if k.namndmal %}")
    _table(doc, ["Nämndmål", "Nämnd", "Beräknat", "Förvaltningens bedömning"], "k.namndmal",
           ["{{ r.id }} {{ r.formulering }}", "{{ r.namnd }}", "{{r r.beraknad.rt }}", "{{r r.bedomning.rt }}"],
           widths=[6.5, 3.5, 3.5, 3.5], numeric_from=9)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("Finansiella mål", level=2)
    doc.add_paragraph("{%p if finansiella_mal %}")
    _table(doc, ["Mål och nyckeltal", "Målvärde", "Utfall", "Status"], "finansiella_mal",
           ["{{ r.mal }}: {{ r.namn }}", "{{ r.malvarde }}", "{{ r.varde }}", "{{r r.status.rt }}"],
           widths=[8, 2.3, 3, 3.7], numeric_from=1, text_from=3)
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Inga finansiella mål (mål med målområdet Ekonomi) finns i mål- och indikatorboken.")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Avvikelser", level=1)
    doc.add_paragraph("{%p if avvikelser %}")
    _table(doc, ["Nämnd", "Avser", "Slag", "Avvikelse", "Hantering"], "avvikelser",
           ["{{ r.namnd }}", "{{ r.avser }}", "{{ r.slag }}", "{{ r.beskrivning }}", "{{ r.hantering }}"],
           widths=[3.2, 4.3, 2.5, 4, 3], numeric_from=9)
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Inga avvikelser vid detta tillfälle.")
    doc.add_paragraph("{%p endif %}")
    _bullet_section(doc, "utvardering.rader", "Utvärdering av föregående uppföljningstillfälle",
                    "{{ utvardering.tillfalle }}: inlämnade rapportunderlag och åtgärdsplanerna per nämnd.",
                    "r in utvardering.rader", "{{ r.namnd }}: {{ r.text }}")
    _bullet_section(doc, "extern_regi_namnder", "Verksamhet i extern regi",
                    "Utförare, begärda åtgärder och sanktioner per nämnd; detaljerna står i nämndernas rapporter.",
                    "r in extern_regi_namnder", "{{ r.namnd }}: {{ r.text }}")
    doc.add_heading("Nämndernas uppföljning", level=1)
    doc.add_paragraph("{%p for n in namnder %}")
    doc.add_heading("{{ n.namn }}", level=2)
    doc.add_paragraph("{{ n.sammanfattning }}{% if n.saknas %} {{ n.saknas_text }}{% endif %}")
    doc.add_paragraph("{%p if n.mal %}")
    _table(doc, ["Nämndmål", "Beräknat", "Förvaltningens bedömning"], "n.mal",
           ["{{ r.id }} {{ r.formulering }}", "{{r r.beraknad.rt }}", "{{r r.bedomning.rt }}"],
           widths=[9, 4, 4], numeric_from=9)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    return _finish(doc, section, look.folder / "docx" / "kommunrapport.docx")


def _statements(doc, with_kfa: bool) -> None:
    """Resultaträkning, balansräkning (with ansvarsförbindelser) and, in the årsredovisning, kassaflödesanalys."""
    parts = [("Resultaträkning", "resultatrakning"), ("Balansräkning", "balansrakning")]
    if with_kfa:
        parts.append(("Kassaflödesanalys", "kassaflodesanalys"))
    for title, key in parts:
        doc.add_heading(title, level=1)
        if with_kfa:   # the årsredovisning: a "Not" column with the note numbers (context.noter)
            _table(doc, ["Mnkr", "Not", "{{ " + key + ".kolumn }}", "{{ " + key + ".jamforelse }}"], key + ".rader",
                   ["{{ r.namn }}", "{{ r.not_nr }}", "{{ r.belopp }}", "{{ r.jamforelse }}"],
                   widths=[8.5, 1.0, 3.75, 3.75], numeric_from=2, bold_if="r.summa or r.rubrik")
        else:
            _table(doc, ["Mnkr", "{{ " + key + ".kolumn }}", "{{ " + key + ".jamforelse }}"], key + ".rader",
                   ["{{ r.namn }}", "{{ r.belopp }}", "{{ r.jamforelse }}"], widths=[9.5, 3.75, 3.75],
                   bold_if="r.summa or r.rubrik")
        if key == "balansrakning" and with_kfa:
            doc.add_paragraph("{%p if ansvarsforbindelser %}")
            doc.add_heading("Panter och ansvarsförbindelser", level=2)
            _table(doc, ["Mnkr", "Not", "{{ balansrakning.kolumn }}", "{{ balansrakning.jamforelse }}"],
                   "ansvarsforbindelser", ["{{ r.post }}", "{{ r.not_nr }}", "{{ r.belopp }}", "{{ r.jamforelse }}"],
                   widths=[8.5, 1.0, 3.75, 3.75], numeric_from=2)
            doc.add_paragraph("{%p endif %}")


def _principer_och_noter(doc) -> None:
    """Redovisningsprinciper (the RKR recommendations followed, the deviations) and the numbered noter."""
    doc.add_heading("Redovisningsprinciper", level=1)
    doc.add_paragraph("{%p for t in redovisningsprinciper.text %}")
    doc.add_paragraph("{{ t }}")
    doc.add_paragraph("{%p endfor %}")
    _table(doc, ["Rekommendation", "Avser"], "redovisningsprinciper.rekommendationer", ["{{ r.namn }}", "{{ r.avser }}"],
           widths=[6.5, 10.5], numeric_from=9)
    doc.add_heading("Avvikelser från rekommendationerna", level=2)
    doc.add_paragraph("{%p for t in redovisningsprinciper.avvikelser %}")
    doc.add_paragraph("{{ t }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("Noter", level=1)
    doc.add_paragraph("{%p for n in noter %}")
    doc.add_heading("Not {{ n.nr }} {{ n.rubrik }}", level=2)
    _table(doc, ["Mnkr", "{{ n.kolumn }}", "{{ n.jamforelse }}"], "n.rader",
           ["{{ r.namn }}", "{{ r.belopp }}", "{{ r.jamforelse }}"], widths=[9.5, 3.75, 3.75], bold_if="r.summa")
    doc.add_paragraph("{%p endfor %}")


def _kommun_cover(doc, look: Look, period_line: str, note: str) -> None:
    _cover(doc, look, [("{{ kommun.namn }}", "Subtitle"), ("{{ dokument.typ }} {{ dokument.ar }}", "Title"),
                       ("Till {{ dokument.mottagare|lower }}", "Subtitle"), (period_line, None),
                       ("Dokumentstatus: {{ dokument.status.text }}", None), (note, None)])
    _toc(doc)


def _events(doc, after: str = "Efter räkenskapsårets slut") -> None:
    doc.add_heading("Händelser av väsentlig betydelse", level=2)
    doc.add_paragraph("{%p for h in handelser.under %}")
    doc.add_paragraph("{{ h.rubrik }}{% if h.tidpunkt %} ({{ h.tidpunkt }}){% endif %}. {{ h.beskrivning }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if handelser.efter %}")
    doc.add_heading(after, level=3)
    doc.add_paragraph("{%p for h in handelser.efter %}")
    doc.add_paragraph("{{ h.rubrik }}{% if h.tidpunkt %} ({{ h.tidpunkt }}){% endif %}. {{ h.beskrivning }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")


def _finansiella_mal(doc) -> None:
    doc.add_heading("Finansiella mål", level=3)
    _table(doc, ["Mål och nyckeltal", "Målvärde", "Utfall", "Status"], "god_hushallning.finansiella_mal",
           ["{{ r.mal }}: {{ r.namn }}", "{{ r.malvarde }}", "{{ r.varde }}", "{{r r.status.rt }}"],
           widths=[8, 2.3, 3, 3.7], numeric_from=1, text_from=3)


def _balanskrav(doc, column: str) -> None:
    doc.add_heading("Balanskravsresultat", level=3 if column == "{{ dokument.ar }}" else 2)
    _table(doc, ["Balanskravsutredning, mnkr", column], "balanskrav", ["{{ r.namn }}", "{{ r.belopp }}"],
           widths=[12, 5], bold_if="r.summa")


def _drift(doc, heading: str, level: int) -> None:
    doc.add_heading(heading, level=level)
    _table(doc, ["Nämnd, tkr", "Budget", "{{ drift.kolumn }}", "Avvikelse"], "drift.rader",
           ["{{ r.namn }}", "{{ r.budget }}", "{{ r.utfall }}", "{{ r.avvikelse }}"], widths=[8.5, 2.8, 2.9, 2.8],
           bold_if="r.summa")


def _internkontroll_all(doc) -> None:
    doc.add_paragraph("{%p if internkontroll %}")
    doc.add_heading("Uppföljning av internkontrollplan", level=2)
    _table(doc, ["Nämnd", "Kontrollmoment", "Risk", "Resultat", "Avvikelse", "Åtgärd"], "internkontroll",
           ["{{ r.namnd }}", "{{ r.kontrollmoment }}", "{{ r.risk }}", "{{ r.resultat }}", "{{ r.avvikelse }}",
            "{{ r.atgard }}"], widths=[2.6, 3.4, 2.6, 3.2, 1.8, 3.4], numeric_from=9)
    doc.add_paragraph("{%p endif %}")


def build_arsredovisning(look: Look) -> Path:
    """The kommun's årsredovisning (docx/arsredovisning.docx): förvaltningsberättelse in RKR R15's order, the
    statements, driftredovisning and investeringsredovisning."""
    doc, section = _document(look)
    _kommun_cover(doc, look, "Räkenskapsår: {{ dokument.period }}. Balansdag: {{ dokument.datum }}.",
                  "Belopp i miljoner kronor (mnkr) i de finansiella rapporterna och i tusentals kronor (tkr) i drift- "
                  "och investeringsredovisningen. Konto → rad: {{ kontoplan }}.")
    doc.add_heading("Förvaltningsberättelse", level=1).paragraph_format.page_break_before = True
    doc.add_heading("Översikt över verksamhetens utveckling", level=2)
    years = 5
    _table(doc, ["Nyckeltal", *["{{ femar.ar[%d] }}" % i for i in range(years)]], "femar.rader",
           ["{{ r.namn }}", *["{{ r.varden[%d] }}" % i for i in range(years)]], widths=[7, 2, 2, 2, 2, 2])
    doc.add_paragraph("Tidigare år enligt respektive årsredovisning; {{ dokument.ar }} beräknat ur räkenskaperna där "
                      "det går.")
    doc.add_heading("Viktiga förhållanden för resultat och ekonomisk ställning", level=2)
    doc.add_paragraph("{{ nyckeltal_text }}")
    _events(doc)
    doc.add_heading("Styrning och uppföljning av den kommunala verksamheten", level=2)
    doc.add_paragraph("{{ styrning.text }}")
    _table(doc, ["Kommunfullmäktiges mål", "Samlad signal"], "styrning.kf_mal",
           ["{{ r.id }} {{ r.formulering }}", "{{r r.signal.rt }} {{ r.grund }}"], widths=[8.5, 8.5], numeric_from=9)
    doc.add_heading("God ekonomisk hushållning och ekonomisk ställning", level=2)
    doc.add_paragraph("{{ god_hushallning.bedomning }}")
    _finansiella_mal(doc)
    _balanskrav(doc, "{{ dokument.ar }}")
    _internkontroll_all(doc)
    doc.add_heading("Väsentliga personalförhållanden", level=2)
    _table(doc, ["Grupp", "Anställda", "Sjukfrånvaro, % av ordinarie arbetstid", "Andel 60 dagar eller mer, %"],
           "personal.rader", ["{{ r.grupp }}", "{{ r.antal }}", "{{ r.sjukfranvaro }}", "{{ r.andel_60 }}"],
           widths=[5, 3, 4.5, 4.5])
    doc.add_paragraph("{%p if personal.not %}")
    doc.add_paragraph("{{ personal.not }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if forvantad_utveckling %}")
    doc.add_heading("Förväntad utveckling", level=2)
    doc.add_paragraph("{%p for t in forvantad_utveckling %}")
    doc.add_paragraph("{{ t }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    _statements(doc, with_kfa=True)
    _principer_och_noter(doc)
    _drift(doc, "Driftredovisning", 1)
    doc.add_heading("Avstämning mot resultaträkningen", level=2)
    _table(doc, ["Tkr", "Belopp"], "drift.avstamning", ["{{ r.namn }}", "{{ r.belopp }}"], widths=[13, 4])
    doc.add_heading("Investeringsredovisning", level=1)
    _table(doc, ["Projekt, tkr", "Nämnd", "Budget", "Utfall", "Avvikelse"], "investeringar.rader",
           ["{{ r.projekt }}", "{{ r.namnd }}", "{{ r.budget }}", "{{ r.utfall }}", "{{ r.avvikelse }}"],
           total=["Summa", "", "{{ investeringar.summa.budget }}", "{{ investeringar.summa.utfall }}",
                  "{{ investeringar.summa.avvikelse }}"], widths=[7, 2, 2.7, 2.6, 2.7], numeric_from=2)
    _sammanstallda(doc)
    return _finish(doc, section, look.folder / "docx" / "arsredovisning.docx")


def _sammanstallda(doc) -> None:
    """Sammanställda räkenskaper (LKBR 12 kap.) when the config names bolag: the bolag, the method, RR and BR."""
    doc.add_paragraph("{%p if sammanstallda %}")
    doc.add_heading("Sammanställda räkenskaper", level=1)
    doc.add_paragraph("{{ sammanstallda.metod }}")
    _table(doc, ["Bolag", "Org.nr", "Ägarandel", "Bolagets årets resultat, mnkr"], "sammanstallda.bolag",
           ["{{ r.namn }}", "{{ r.org_nr }}", "{{ r.agarandel }}", "{{ r.arets_resultat }}"],
           widths=[6.5, 3, 3, 4.5], numeric_from=2)
    doc.add_heading("Sammanställd resultaträkning", level=2)
    _table(doc, ["Mnkr", "{{ sammanstallda.resultatrakning.kolumn }}"], "sammanstallda.resultatrakning.rader",
           ["{{ r.namn }}", "{{ r.belopp }}"], widths=[12, 5], bold_if="r.summa")
    doc.add_heading("Sammanställd balansräkning", level=2)
    _table(doc, ["Mnkr", "{{ sammanstallda.balansrakning.kolumn }}"], "sammanstallda.balansrakning.rader",
           ["{{ r.namn }}", "{{ r.belopp }}"], widths=[12, 5], bold_if="r.summa or r.rubrik")
    doc.add_paragraph("{%p endif %}")


def build_delarsrapport(look: Look) -> Path:
    """The kommun's delårsrapport (docx/delarsrapport.docx): förenklad förvaltningsberättelse (RKR R17), the
    helårsprognos and balanskrav on it, god ekonomisk hushållning, avvikelser, RR and BR."""
    doc, section = _document(look)
    _kommun_cover(doc, look, "Period: {{ dokument.period }}. Avser förhållandena den {{ dokument.datum }}.",
                  "Belopp i miljoner kronor (mnkr) i de finansiella rapporterna och i tusentals kronor (tkr) i "
                  "helårsprognosen per nämnd.")
    doc.add_heading("Förvaltningsberättelse", level=1).paragraph_format.page_break_before = True
    doc.add_paragraph("Förenklad förvaltningsberättelse för perioden {{ dokument.period }}.")
    doc.add_heading("Viktiga förhållanden för resultat och ekonomisk ställning", level=2)
    doc.add_paragraph("{{ nyckeltal_text }}")
    _events(doc, "Efter periodens slut")
    doc.add_heading("Helårsprognos", level=2)
    doc.add_paragraph("Periodens resultat: {{ prognos.periodens_resultat }} mnkr. Helårsprognosen för årets resultat "
                      "är {{ prognos.prognos }} mnkr mot budgeterade {{ prognos.budget }} mnkr (avvikelse "
                      "{{ prognos.avvikelse }} mnkr).")
    _table(doc, ["Nämnd, tkr", "Budget", "{{ drift.kolumn }}", "Avvikelse"], "drift.rader",
           ["{{ r.namn }}", "{{ r.budget }}", "{{ r.utfall }}", "{{ r.avvikelse }}"], widths=[8.5, 2.8, 2.9, 2.8],
           bold_if="r.summa")
    doc.add_paragraph("Balanskravsutredningen utgår från helårsprognosen för årets resultat.")
    _balanskrav(doc, "Prognos {{ dokument.ar }}")
    doc.add_heading("God ekonomisk hushållning", level=2)
    doc.add_paragraph("{{ god_hushallning.bedomning }}")
    _finansiella_mal(doc)
    doc.add_heading("Verksamhetsmål", level=3)
    _table(doc, ["Kommunfullmäktiges mål", "Samlad signal för helåret"], "god_hushallning.verksamhetsmal",
           ["{{ r.id }} {{ r.formulering }}", "{{r r.signal.rt }} {{ r.grund }}"], widths=[8.5, 8.5], numeric_from=9)
    _internkontroll_all(doc)
    doc.add_heading("Avvikelser", level=2)
    doc.add_paragraph("{%p if avvikelser %}")
    _table(doc, ["Nämnd", "Avser", "Slag", "Avvikelse", "Hantering"], "avvikelser",
           ["{{ r.namnd }}", "{{ r.avser }}", "{{ r.slag }}", "{{ r.beskrivning }}", "{{ r.hantering }}"],
           widths=[3.2, 4.3, 2.5, 4, 3], numeric_from=9)
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Inga avvikelser vid detta tillfälle.")
    doc.add_paragraph("{%p endif %}")
    _statements(doc, with_kfa=False)
    return _finish(doc, section, look.folder / "docx" / "delarsrapport.docx")


def build_granskningslista(look: Look) -> Path:
    """The revisorer's checklist (docx/granskningslista.docx): parts with where they stand, checks with both sides."""
    doc, section = _document(look)
    _cover(doc, look, [("{{ kommun.namn }}", "Subtitle"), ("{{ dokument.typ }} {{ dokument.ar }}", "Title"),
                       ("{{ dokument.granskat }}", "Subtitle"),
                       ("Till {{ dokument.mottagare|lower }}. Avser förhållandena den {{ dokument.datum }}.", None),
                       ("Varje del som lag (LKBR) och rekommendationer (RKR R14, R15, R17) kräver, var den står i "
                        "dokumentet, och varje aritmetisk kontroll med båda sidor. Belopp i kronor. Konto → rad: "
                        "{{ kontoplan }}.", None)])
    doc.add_heading("Sammanfattning", level=1).paragraph_format.page_break_before = True
    doc.add_paragraph("{{ sammanfattning }}")
    doc.add_heading("Delar som krävs", level=1)
    _table(doc, ["Del", "Krav", "Var i dokumentet", "Resultat"], "delar",
           ["{{ r.namn }}", "{{ r.lagrum }}", "{{ r.plats }}",
            "{{r r.resultat.rt }}{% if r.undantag %} Skäl: {{ r.undantag }}{% endif %}"],
           widths=[4.5, 3.5, 5, 4], numeric_from=9)
    doc.add_heading("Aritmetiska kontroller", level=1)
    _table(doc, ["Kontroll", "Vänster sida", "Kronor", "Höger sida", "Kronor", "Differens", "Resultat"], "kontroller",
           ["{{ r.namn }}", "{{ r.vanster }}", "{{ r.vanster_belopp }}", "{{ r.hoger }}", "{{ r.hoger_belopp }}",
            "{{ r.differens }}", "{{r r.resultat.rt }}{% if r.undantag %} Skäl: {{ r.undantag }}{% endif %}"],
           widths=[3.2, 2.6, 2.2, 2.6, 2.2, 1.6, 2.6], numeric_from=2, text_from=6)
    return _finish(doc, section, look.folder / "docx" / "granskningslista.docx")


def build_tjansteskrivelse(look: Look) -> Path:
    """The tjänsteskrivelse that goes with every report (docx/tjansteskrivelse.docx, Word only): the ärende's
    fields, förslag till beslut, ärendet in short, key figures, avvikelser and the åtgärder needing a decision."""
    doc, section = _document(look)
    align = WD_ALIGN_PARAGRAPH.RIGHT if look.logo_right else WD_ALIGN_PARAGRAPH.LEFT
    logo = doc.add_paragraph()
    logo.alignment = align
    logo.add_run().add_picture(str(look.folder / "html" / "logo.png"), width=Cm(2.0))
    for line in ("{{ kommun.namn }}", "Tjänsteskrivelse", "{{ arende.datum }}", "{{ arende.diarienummer }}",
                 "Handläggare: {{ arende.handlaggare }}", "Till {{ arende.mottagare|lower }}"):
        paragraph = doc.add_paragraph(line)
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)
    doc.add_paragraph("{{ arende.rubrik }}", style="Title")
    doc.add_heading("Förslag till beslut", level=1)
    doc.add_paragraph("{%p for f in forslag %}")
    doc.add_paragraph("{{ f }}", style="List Number")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("Ärendet i korthet", level=1)
    doc.add_paragraph("{{ sammanfattning }}")
    doc.add_paragraph("{%p if nyckeltal %}")
    doc.add_heading("Nyckeltal", level=1)
    _table(doc, ["Nyckeltal", "Tkr"], "nyckeltal", ["{{ r.namn }}", "{{ r.varde }}"], widths=[11, 6])
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Avvikelser", level=1)
    doc.add_paragraph("{{ avvikelseoversikt.text }}")
    doc.add_paragraph("{%p if avvikelseoversikt.rader %}")
    _table(doc, ["Avser", "Slag", "Hantering"], "avvikelseoversikt.rader",
           ["{{ r.avser }}", "{{ r.slag }}", "{{ r.hantering }}"], widths=[7, 3.5, 6.5], numeric_from=9)
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Åtgärder som behöver beslut", level=1)
    _decisions(doc, ["Åtgärd", "Avser", "Beslutsnivå", "Ekonomisk effekt helår"],
               "Inga åtgärder behöver beslut på den här nivån.")
    doc.add_heading("Beslutsunderlag", level=1)
    doc.add_paragraph("{{ arende.bilaga }}")
    return _finish(doc, section, look.folder / "docx" / "tjansteskrivelse.docx")


def _bullet_section(doc, condition: str, heading: str, intro: str, loop: str, bullet: str) -> None:
    """A level-2 section shown when `condition` holds: its intro, then one bullet per item of `loop`."""
    doc.add_paragraph(f"{{%p if {condition} %}}")
    doc.add_heading(heading, level=2)
    doc.add_paragraph(intro)
    doc.add_paragraph(f"{{%p for {loop} %}}")
    doc.add_paragraph(bullet, style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")


def _grouped_bullets(doc, key: str, heading: str, intro: str, var: str, group_heading: str, inner_loop: str,
                     bullet: str) -> None:
    """A level-2 section shown when `key` is non-empty: its intro, then per group a level-3 heading and bullets."""
    doc.add_paragraph(f"{{%p if {key} %}}")
    doc.add_heading(heading, level=2)
    doc.add_paragraph(intro)
    doc.add_paragraph(f"{{%p for {var} in {key} %}}")
    doc.add_heading(group_heading, level=3)
    doc.add_paragraph(f"{{%p for {inner_loop} %}}")
    doc.add_paragraph(bullet, style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")


def build_tidplan(look: Look) -> Path:
    """The year's tidplan of the planning process (docx/tidplan.docx): the decisions, then per delprocess its text,
    objekt in and ut, and aktiviteter with time, dates, ansvarig and deltagare."""
    doc, section = _document(look)
    _cover(doc, look, [("{{ kommun.namn }}", "Subtitle"), ("{{ dokument.titel }}", "Title"),
                       ("Budgetprocessen {{ dokument.ar }} för mål och resursplan {{ dokument.budgetar }}", "Subtitle"),
                       ("Dokumentstatus: {{ dokument.status.text }}", None), ("{%p if valar.ar %}", None),
                       ("{{ valar.text }}", None), ("{%p endif %}", None),
                       ("Veckor enligt ISO 8601: måndag i första veckan till fredag i sista. Källa: {{ kalla }}.", None)])
    doc.add_heading("Beslut under året", level=1).paragraph_format.page_break_before = True
    _table(doc, ["Tid", "Datum", "Beslut"], "beslut", ["{{ r.vecka }}", "{{ r.datum }}", "{{ r.beslut }}"],
           widths=[2.6, 4.2, 10.2], numeric_from=9)
    doc.add_paragraph("{%p for d in delprocesser %}")
    doc.add_heading("{{ d.namn }}", level=1)
    for key in ("beskrivning", "objekt"):
        doc.add_paragraph(f"{{%p if d.{key} %}}")
        doc.add_paragraph(f"{{{{ d.{key} }}}}")
        doc.add_paragraph("{%p endif %}")
    _table(doc, ["Tid", "Datum", "Aktivitet", "Ansvarig", "Deltagare"], "d.aktiviteter",
           ["{{ r.vecka }}", "{{ r.datum }}", "{{ r.namn }}{% if r.beslut %} Beslut: {{ r.beslut }}{% endif %}",
            "{{ r.ansvarig }}", "{{ r.deltagare }}"], widths=[2.2, 3.6, 5.4, 2.9, 2.9], numeric_from=9)
    doc.add_paragraph("{%p endfor %}")
    return _finish(doc, section, look.folder / "docx" / "tidplan.docx")


def build_konsekvensmatris(look: Look) -> Path:
    """A nämnd's konsekvensmatriser (docx/konsekvensmatris.docx): the sammanfattning, the prioriteringsmatris,
    then per förslag the SKR matrix perspektiv × kort/lång sikt."""
    doc, section = _document(look)
    _cover(doc, look, [("{{ kommun.namn }}", "Subtitle"), ("{{ dokument.titel }}", "Title"),
                       ("{{ namnd.namn }}", "Subtitle"), ("Dokumentstatus: {{ dokument.status.text }}", None),
                       ("Konsekvensbedömning enligt SKR:s matris: varje perspektiv på kort och lång sikt. Effekt som "
                        "symbol och ord: + Positiv, − Negativ, ± Neutral, ○ Ingen.", None)])
    _toc(doc)
    doc.add_heading("Sammanfattning konsekvensbeskrivning", level=1).paragraph_format.page_break_before = True
    _table(doc, ["Förslag", "Typ", "Kostnad, tkr", "Positiva", "Negativa", "Matrisfält", "Beslut", "Fullständig"],
           "sammanfattning", ["{{ r.id }} {{ r.atgard }}", "{{ r.typ }}", "{{ r.kostnad }}", "{{ r.positiva }}",
                              "{{ r.negativa }}", "{{ r.falt }}", "{{ r.beslut }}", "{{ r.fullstandig }}"],
           widths=[4.6, 2.6, 1.8, 1.4, 1.4, 1.9, 1.8, 1.5], numeric_from=2, text_from=5)
    doc.add_paragraph("{%p if ofullstandiga %}")
    doc.add_heading("Ofullständiga konsekvensbeskrivningar", level=2)
    doc.add_paragraph("{%p for o in ofullstandiga %}")
    doc.add_paragraph("{{ o.id }}: {{ o.brist }}.", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Prioriteringsmatris", level=1)
    doc.add_paragraph("{{ diagram.matris.bild }}")
    doc.add_paragraph("Diagram: {{ diagram.matris.rubrik }}")
    doc.add_paragraph("{%p for f in matrisfalt %}")
    doc.add_paragraph("{{ f.namn }}: {{ f.beskrivning }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p for f in forslag %}")
    doc.add_heading("{{ f.id }} {{ f.atgard }}", level=1)
    doc.add_paragraph("{{ f.typ }}. Problem: {{ f.problem }} Målgrupp: {{ f.malgrupp }}. Kostnad: {{ f.kostnad }}. "
                      "Omfattning: {{ f.omfattning }} ({{ f.krav }}). Prioriteringsmatris: {{ f.falt }}.")
    _table(doc, ["Perspektiv", "Kort sikt", "Lång sikt"], "f.matris",
           ["{{ r.perspektiv }}", "{{r r.kort.effekt.rt }} {{ r.kort.beskrivning }}",
            "{{r r.lang.effekt.rt }} {{ r.lang.beskrivning }}"], widths=[3.6, 6.7, 6.7], numeric_from=9)
    doc.add_paragraph("Agenda 2030: {{ f.agenda2030 }}.")
    doc.add_paragraph("Risk om inget görs: {{ f.risk }}")
    doc.add_paragraph("{%p if f.beslut %}")
    doc.add_paragraph("Beslut: {{ f.beslut }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if f.ofullstandig %}")
    doc.add_paragraph("Ofullständig konsekvensbeskrivning: {{ f.ofullstandig }}.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    return _finish(doc, section, look.folder / "docx" / "konsekvensmatris.docx")


def build_yttrande(look: Look) -> Path:
    """A nämnd's yttrande in the planning round (docx/yttrande.docx): the four sections of förslag in order with
    their konsekvensanalys, the ekonomisk avstämning and the åtgärds- och handlingsplaner."""
    doc, section = _document(look)
    _cover(doc, look, [("{{ kommun.namn }}", "Subtitle"), ("{{ dokument.titel }}", "Title"),
                       ("{{ namnd.namn }}", "Subtitle"), ("Dokumentstatus: {{ dokument.status.text }}", None),
                       ("Förslagen står i nämndens rangordning inom varje avsnitt; den beräknade rangen "
                        "(kostnadseffektivitet, nytta, svårighetsgrad, kostnad) står bredvid. Belopp i tkr; negativt "
                        "belopp är en besparing.", None)])
    _toc(doc)
    doc.add_paragraph("{%p for a in avsnitt %}")
    doc.add_heading("{{ a.rubrik }}", level=1)
    doc.add_paragraph("{%p if not a.forslag %}")
    doc.add_paragraph("Nämnden lämnar inga förslag i detta avsnitt.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for f in a.forslag %}")
    doc.add_heading("{{ f.rang }}. {{ f.id }} {{ f.atgard }}", level=2)
    doc.add_paragraph("{{ f.typ }}. Problem: {{ f.problem }} Målgrupp: {{ f.malgrupp }}. Kostnad: {{ f.kostnad }}. "
                      "Beräknad rang: {{ f.beraknad_rang }}. Prioriteringsmatris: {{ f.falt }}.{% if f.agenda2030 %} "
                      "Agenda 2030: {{ f.agenda2030 }}.{% endif %}")
    doc.add_paragraph("{%p if f.matris %}")
    _table(doc, ["Konsekvens", "Kort sikt", "Lång sikt"], "f.matris",
           ["{{ r.perspektiv }}", "{{r r.kort.effekt.rt }} {{ r.kort.beskrivning }}",
            "{{r r.lang.effekt.rt }} {{ r.lang.beskrivning }}"], widths=[3.6, 6.7, 6.7], numeric_from=9)
    doc.add_paragraph("{%p if f.ofullstandig %}")
    doc.add_paragraph("Ofullständig konsekvensanalys: {{ f.ofullstandig }}.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Konsekvensanalys saknas.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("Ekonomisk avstämning", level=1)
    doc.add_paragraph("{%p if avstamning.finns %}")
    doc.add_paragraph("Preliminär driftram: {{ avstamning.driftram }} tkr. Investeringsutrymme: "
                      "{{ avstamning.investeringsutrymme }} tkr.")
    doc.add_paragraph("{%p endif %}")
    _table(doc, ["Typ", "Summa förslag, tkr"], "avstamning.per_typ", ["{{ r.namn }}", "{{ r.kostnad }}"],
           widths=[11, 6])
    doc.add_paragraph("{{ avstamning.text }}")
    _bullet_section(doc, "utgangslage.finns", "Utgångsläge {{ utgangslage.ar }}", "{{ utgangslage.text }}",
                    "m in utgangslage.mal", "{{ m.id }} {{ m.formulering }}")
    doc.add_heading("Åtgärds- och handlingsplaner", level=1)
    doc.add_paragraph("{%p if not handlingsplaner %}")
    doc.add_paragraph("Nämnden har inte lämnat några åtgärds- eller handlingsplaner i prioriteringsunderlaget.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for h in handlingsplaner %}")
    doc.add_heading("{{ h.id }} {{ h.omrade }}", level=2)
    doc.add_paragraph("Vad: {{ h.vad }}. Vem: {{ h.vem }}. När: {{ h.nar }}. Uppföljning: {{ h.uppfoljning }}.")
    doc.add_paragraph("{%p if h.aktiviteter %}")
    _table(doc, ["VAD", "HUR", "VEM", "NÄR"], "h.aktiviteter", ["{{ r.vad }}", "{{ r.hur }}", "{{ r.vem }}",
                                                               "{{ r.nar }}"], widths=[6, 5, 3, 3], numeric_from=9)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    return _finish(doc, section, look.folder / "docx" / "yttrande.docx")


def _finish(doc, section, out: Path) -> Path:
    """Footer with page numbers, save, and the logo's alt text."""
    footer = section.footer.paragraphs[0]
    footer.text = "{{ kommun.namn }} · {{ dokument.titel }} · Sida "
    _field(footer, "PAGE")
    footer.add_run(" av ")
    _field(footer, "NUMPAGES")
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER

    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out)
    _set_logo_alt(out)
    return out


def _set_logo_alt(path: Path) -> None:
    """The logo's alt text (the only picture in the template itself), set after saving."""
    doc = Document(str(path))
    for pr in doc.element.body.iter(qn("wp:docPr")):
        pr.set("descr", "Kommunens logotyp")
        pr.set("title", "Logotyp")
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(normalize_zip(buffer.getvalue()))   # fixed zip dates: a rebuild gives the same bytes


if __name__ == "__main__":
    for look in LOOKS:
        print(build(look))
        print(build_kommunrapport(look))
        print(build_arsredovisning(look))
        print(build_delarsrapport(look))
        print(build_granskningslista(look))
        print(build_tjansteskrivelse(look))
        print(build_tidplan(look))
        print(build_konsekvensmatris(look))
        print(build_yttrande(look))
