"""Build the Word templates of both template sets with python-docx (docxtpl templates):
templates/docx/tertialrapport.docx (standard) and templates/alternativ/docx/tertialrapport.docx (another font,
colours, logo position and cover).

The committed .docx files are the templates a kommun edits in Word; this script documents how they were made
and rebuilds them: `.venv/bin/python tools/build_logo.py && .venv/bin/python tools/build_docx_template.py`.
Variables: docs/mallvariabler.md.
"""

from __future__ import annotations

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
    Look(ROOT / "templates", "Calibri", RGBColor(0x1F, 0x4E, 0x79), False, ""),
    Look(ROOT / "templates" / "alternativ", "Georgia", RGBColor(0x2E, 0x6B, 0x3A), True, "2E6B3A"),
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


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _table(doc, headers: list[str], loop: str, cells: list[str], total: list[str] | None = None,
           widths: list[float] | None = None, numeric_from: int = 1, text_from: int = 99, font_size=TABLE_FONT_SIZE):
    """Header row (repeats on every page), a docxtpl loop (open row, content row, close row), optional total."""
    table = doc.add_table(rows=4 + (1 if total else 0), cols=len(headers))
    table.style = "Kommunrapport tabell"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_header(table.rows[0])
    table.rows[1].cells[0].text = "{%tr for r in " + loop + " %}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    filled = [(0, headers, True), (2, cells, False)] + ([(4, total, True)] if total else [])
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
    _table(doc, ["Indikator", "Utfall", "Varför", "Vad har vi gjort? Vad kan andra lära?"], "framgangar",
           ["{{ r.indikator }}", "{{ r.utfall }}", "{{ r.skal }}", "{{ r.svar }}"], widths=[5, 1.6, 4.4, 6],
           numeric_from=1, text_from=2)
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Inga indikatorer slår målvärdet med marginal eller ligger bland den bästa fjärdedelen vid detta "
                      "tillfälle.")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("Ekonomi", level=1)
    doc.add_heading("Driftredovisning per verksamhet", level=2)
    _table(doc, ["Verksamhet", "Årsbudget", "Periodbudget", "Utfall", "Avvikelse", "Helårsprognos", "Avvikelse helår"],
           "drift.rader",
           ["{{ r.kod }} {{ r.namn }}", "{{ r.arsbudget }}", "{{ r.periodbudget }}", "{{ r.utfall }}",
            "{{ r.avvikelse }}", "{{ r.prognos }}", "{{ r.avvikelse_helar }}"],
           total=["Summa nämnden", "{{ drift.summa.arsbudget }}", "{{ drift.summa.periodbudget }}",
                  "{{ drift.summa.utfall }}", "{{ drift.summa.avvikelse }}", "{{ drift.summa.prognos }}",
                  "{{ drift.summa.avvikelse_helar }}"],
           widths=[3.9, 2.15, 2.2, 2.1, 2.1, 2.3, 2.15])
    doc.add_paragraph("{{ diagram.bild }}")
    doc.add_paragraph("Diagram: {{ diagram.rubrik }}", style="Caption")

    doc.add_heading("Helårsprognos och kommentarer", level=2)
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
    doc.add_paragraph("{%p if atgardseffekt.finns %}")
    doc.add_heading("Prognos efter åtgärder", level=2)
    _table(doc, ["Nämnden", "tkr"], "atgardseffekt.rader", ["{{ r.namn }}", "{{ r.varde }}"], widths=[12, 4])
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Beslut som behövs", level=2)
    doc.add_paragraph("{%p if beslut %}")
    _table(doc, ["Åtgärd", "Avser", "Beslut av", "Effekt helår"], "beslut",
           ["{{ r.id }} {{ r.omrade }}", "{{ r.avser }}", "{{ r.niva }}", "{{ r.effekt }}"], widths=[7, 3.5, 3, 3.5],
           numeric_from=3)
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Inga åtgärder väntar på beslut av nämnden, kommunstyrelsen eller kommunfullmäktige.")
    doc.add_paragraph("{%p endif %}")
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
            "{{ r.status }}{% if r.rapporterad %}. {{ r.rapporterad }}{% endif %}", "{{ r.effekt }}"],
           widths=[5.5, 3, 4, 4.5], numeric_from=9)
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Det finns inga åtgärdsplaner från {{ uppfoljning_tillfalle }} att följa upp.")
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
    doc.add_paragraph("Varningar om hur väl målen och indikatorerna styr och går att följa upp (regler i "
                      "docs/analys.md). Hela analysen för kommunen finns i styrsystemsanalys.xlsx.")
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
    _table(doc, ["Nämnd", "Årsbudget", "Periodbudget", "Utfall", "Avvikelse", "Helårsprognos", "Avvikelse helår"],
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
    doc.add_heading("Nämndernas uppföljning", level=1)
    doc.add_paragraph("{%p for n in namnder %}")
    doc.add_heading("{{ n.namn }}", level=2)
    doc.add_paragraph("{{ n.sammanfattning }}{% if n.saknas %} {{ n.saknas }} avvikelser saknar åtgärdsplan eller "
                      "analys.{% endif %}")
    doc.add_paragraph("{%p if n.mal %}")
    _table(doc, ["Nämndmål", "Beräknat", "Förvaltningens bedömning"], "n.mal",
           ["{{ r.id }} {{ r.formulering }}", "{{r r.beraknad.rt }}", "{{r r.bedomning.rt }}"],
           widths=[9, 4, 4], numeric_from=9)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    return _finish(doc, section, look.folder / "docx" / "kommunrapport.docx")


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
    doc.save(str(path))


if __name__ == "__main__":
    for look in LOOKS:
        print(build(look))
        print(build_kommunrapport(look))
