"""Render a report context into PDF bytes: Jinja2 HTML template -> WeasyPrint (in memory)."""

from __future__ import annotations

import base64
import contextlib
import copy
import logging
import os
import re
from datetime import datetime, timezone
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint import HTML


def html_environment(folder: Path) -> Environment:
    return Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(["html"]),
                       undefined=StrictUndefined, keep_trailing_newline=True)


def render_html(folder: Path, name: str, context: dict, chart_png: bytes | None) -> str:
    ctx = copy.deepcopy(context)
    if chart_png is not None:
        ctx.setdefault("diagram", {})["src"] = "data:image/png;base64," + base64.b64encode(chart_png).decode("ascii")
    else:
        ctx.setdefault("diagram", {})["src"] = ""
    return html_environment(folder).get_template(name).render(**ctx)


def render_pdf(folder: Path, name: str, context: dict, chart_png: bytes | None) -> bytes:
    """HTML template `name` in `folder` -> PDF bytes; metadata from the template's <head>.

    The template's fonts (templates/html/fonter, already cut down to Latin) are embedded whole: subsetting
    them per document would cost more time than the ~170 kB it saves. Should a template use other fonts
    that get subset, fontTools stamps them with the current time unless SOURCE_DATE_EPOCH is set; it is set
    to the reporting date so that the same inputs give the same bytes."""
    html = render_html(folder, name, context, chart_png)
    day = context["dokument"]["datum_iso"]
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp()))
    with _weasyprint_log() as records:
        pdf = HTML(string=html, base_url=str(folder)).write_pdf(full_fonts=True)
    unexpected = [r.getMessage() for r in records if not _HARMLESS.search(r.getMessage())]
    if unexpected:
        raise RenderError(f"{name}: WeasyPrint rapporterade: " + "; ".join(unexpected))
    return pdf


class RenderError(RuntimeError):
    """A template produced warnings or errors while rendering (a missing image, an unknown CSS property…)."""


# fontTools is used for font subsetting where the system lacks libharfbuzz-subset: slower, same result.
_HARMLESS = re.compile(r"Using fontTools instead of HarfBuzz-Subset")


@contextlib.contextmanager
def _weasyprint_log():
    """Collect WeasyPrint's warnings and errors instead of letting them scroll past."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
