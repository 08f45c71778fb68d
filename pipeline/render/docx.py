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
            rt.add(value["text"], color=value["hex"], bold=True, size=STATUS_SIZE_HALF_POINTS)
            out["rt"] = rt
        return out
    if isinstance(value, list):
        return [_with_rich_status(v) for v in value]
    return value


def render_docx(template: Path, context: dict, chart_png: bytes | None, when: datetime) -> bytes:
    """Render `template` with `context`; the chart goes into `diagram.bild` with `diagram.alt` as alt text."""
    tpl = DocxTemplate(str(template))
    ctx = _with_rich_status(copy.deepcopy(context))
    if chart_png is not None:
        ctx.setdefault("diagram", {})["bild"] = InlineImage(tpl, io.BytesIO(chart_png), width=Mm(165))
    tpl.render(ctx, autoescape=True)
    doc = tpl.docx
    alt = context.get("diagram", {}).get("alt", "")
    for pr in doc.element.body.iter(qn("wp:docPr")):
        pr.set("descr", alt)
        pr.set("title", alt[:60])
    props = doc.core_properties
    props.title = context["dokument"]["titel"]
    props.subject = context["dokument"]["amne"]
    props.author = context["kommun"]["namn"]
    props.last_modified_by = context["kommun"]["namn"]
    props.keywords = context["dokument"]["nyckelord"]
    props.language = "sv-SE"
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.comments = ""
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue())
