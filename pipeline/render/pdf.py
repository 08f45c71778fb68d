"""Render a report context into PDF bytes: Jinja2 HTML template -> WeasyPrint (in memory)."""

from __future__ import annotations

import base64
import copy
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
    """HTML template `name` in `folder` -> PDF bytes; metadata from the template's <head>."""
    html = render_html(folder, name, context, chart_png)
    return HTML(string=html, base_url=str(folder)).write_pdf()
