"""Render a report context into .docx bytes with docxtpl (in memory; writing is the caller's job).

Adds what a template cannot hold: the chart image with alt text, status runs coloured as symbol + word,
core properties (title, subject, author = kommun, language sv-SE, keywords, dates from the reporting point)
and a byte-reproducible zip.
"""

from __future__ import annotations

import copy
import io
from datetime import datetime
from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage, RichText

from pipeline.render.zipfix import normalize_zip


# Status runs carry their own size (in half points) so that they match the 8.5 pt table text.
STATUS_SIZE_HALF_POINTS = 17


def _with_rich_status(value):
    """Copy the context, giving every status dict (symbol/ord/hex) a coloured RichText under 'rt'."""
    if isinstance(value, dict):
        out = {k: _with_rich_status(v) for k, v in value.items()}
        if {"symbol", "ord", "hex"} <= value.keys():
            rt = RichText()
            if value["symbol"]:
                rt.add(value["text"], color=value["hex"], bold=True, size=STATUS_SIZE_HALF_POINTS)
            else:   # no status: a plain dash, never a colour without symbol and word
                rt.add(value["text"], size=STATUS_SIZE_HALF_POINTS)
            out["rt"] = rt
        return out
    if isinstance(value, list):
        return [_with_rich_status(v) for v in value]
    return value


class _DescribedImage(InlineImage):
    """An InlineImage carrying its own alt text (wp:docPr descr) and title."""

    def __init__(self, tpl, png: bytes, width_mm: float, alt: str, title: str):
        super().__init__(tpl, io.BytesIO(png), width=Mm(width_mm))
        self.alt, self.title = alt, title

    def _insert_image(self):
        inline = self.tpl.current_rendering_part.new_pic_inline(self.image_descriptor, self.width, self.height)
        inline.docPr.set("descr", self.alt)
        inline.docPr.set("title", self.title)
        return ('</w:t></w:r><w:r><w:drawing>%s</w:drawing></w:r><w:r><w:t xml:space="preserve">' % inline.xml)


def _with_images(value, tpl):
    """Give every dict that carries a rendered chart ('png' bytes, 'alt'; from render.report) its image
    under 'bild', in place (value is the render's own copy)."""
    if isinstance(value, dict):
        if isinstance(value.get("png"), bytes):
            value["bild"] = _DescribedImage(tpl, value["png"], value.get("bredd_mm", 80), value.get("alt", ""),
                                            value.get("rubrik", ""))
        for v in value.values():
            _with_images(v, tpl)
    elif isinstance(value, list):
        for v in value:
            _with_images(v, tpl)


def _swedish_by_default(doc) -> None:
    """sv-SE as the document's default language (w:docDefaults), for text in any style that sets none; the
    template's styles may set their own (Normal and the headings carry sv-SE)."""
    def child(parent, tag: str, first: bool = False):
        found = parent.find(qn(tag))
        if found is None:
            found = OxmlElement(tag)
            if first:
                parent.insert(0, found)
            else:
                parent.append(found)
        return found

    rpr = child(child(child(doc.styles.element, "w:docDefaults", first=True), "w:rPrDefault", first=True), "w:rPr")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.insert_element_before(OxmlElement("w:lang"), "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), "sv-SE")


def render_docx(template: Path, context: dict, chart_png: bytes | None, when: datetime) -> bytes:
    """Render `template` with `context`; the chart goes into `diagram.bild` with `diagram.alt` as alt text,
    and every other rendered chart (a dict with 'png') gets 'bild' with its own 'alt'."""
    tpl = DocxTemplate(str(template))
    ctx = _with_rich_status(copy.deepcopy(context))
    _with_images(ctx, tpl)
    if chart_png is not None:
        ctx.setdefault("diagram", {})["bild"] = InlineImage(tpl, io.BytesIO(chart_png), width=Mm(165))
    tpl.render(ctx, autoescape=True)
    doc = tpl.docx
    alt = context.get("diagram", {}).get("alt", "")
    # python-docx numbers new pictures from the unrendered template, so images added in one render share an
    # id: renumber them (docPr ids must be unique in the document).
    for n, pr in enumerate(doc.element.body.iter(qn("wp:docPr")), start=1):
        pr.set("id", str(n))
        pr.set("name", f"Bild {n}")
        if not pr.get("descr"):
            pr.set("descr", alt)
            pr.set("title", alt[:60])
    props = doc.core_properties
    props.title = context["dokument"]["titel"]
    props.subject = context["dokument"]["amne"]
    props.author = context["kommun"]["namn"]
    props.last_modified_by = context["kommun"]["namn"]
    props.keywords = context["dokument"]["nyckelord"]
    props.content_status = context["dokument"].get("status", {}).get("text", "")
    props.language = "sv-SE"
    _swedish_by_default(doc)
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.comments = ""
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue())


def docx_headings(data: bytes) -> list[str]:
    """The texts of the paragraphs in a Heading style (Rubrik 1–9) of a rendered .docx."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    return [p.text.strip() for p in doc.paragraphs
            if p.style is not None and p.style.name.startswith("Heading") and p.text.strip()]
