"""Render a report context into PDF bytes: Jinja2 HTML template -> WeasyPrint (in memory).

Every PDF is PDF/UA-1 (ISO 14289-1): WeasyPrint's "pdf/ua-1" variant tags the document (a structure tree built
from the HTML in document order, /MarkInfo /Marked, /Lang from <html lang>, /ViewerPreferences
/DisplayDocTitle, the <title> in Info and XMP dc:title, pdfuaid:part 1 in XMP, alt text on every <img> as the
/Figure's /Alt) and makes bookmarks from the headings. `_finish_tagging` adds what WeasyPrint 70 leaves out: /Scope on
table header cells, and running page footers marked as pagination artifacts instead of tagged content that
hangs outside the structure tree.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import functools
import logging
import mimetypes
import os
import re
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


def html_environment(folder: Path) -> Environment:
    return Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(["html"]),
                       undefined=StrictUndefined, keep_trailing_newline=True)


@functools.lru_cache(maxsize=16)
def _compiled_environment(folder: str) -> Environment:
    """One environment per template folder and process, so that each template is compiled once, not per document
    (Jinja caches compiled templates per environment and reloads one whose file has changed). Not handed out: a
    caller that changes its environment (the website's loader) gets its own from html_environment."""
    return html_environment(Path(folder))


def render_html(folder: Path, name: str, context: dict, chart_png: bytes | None) -> str:
    ctx = copy.deepcopy(context)
    if chart_png is not None:
        ctx.setdefault("diagram", {})["src"] = "data:image/png;base64," + base64.b64encode(chart_png).decode("ascii")
    else:
        ctx.setdefault("diagram", {})["src"] = ""
    return _compiled_environment(str(folder)).get_template(name).render(**ctx)


def render_pdf(folder: Path, name: str, context: dict, chart_png: bytes | None) -> bytes:
    """HTML template `name` in `folder` -> PDF bytes; metadata from the template's <head>.

    The template's fonts (html/fonter in the template folder, already cut down to Latin) are embedded whole: subsetting
    them per document would cost more time than the ~170 kB it saves. Should a template use other fonts
    that get subset, fontTools stamps them with the current time unless SOURCE_DATE_EPOCH is set; it is set
    to the reporting date so that the same inputs give the same bytes."""
    html = render_html(folder, name, context, chart_png)
    day = context["dokument"]["datum_iso"]
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp()))
    return checked_pdf(name, lambda: HTML(string=html, base_url=TEMPLATE_BASE, url_fetcher=_TemplateFetcher(folder))
                       .write_pdf(full_fonts=True, pdf_variant=PDF_VARIANT, finisher=_finish_tagging))


def checked_pdf(name: str, write) -> bytes:
    """The bytes `write()` (a WeasyPrint write_pdf call) returns, its log collected: harmless notices dropped, any
    other warning or error a RenderError naming `name` (nothing scrolls past on the console)."""
    with _weasyprint_log() as records:
        pdf = write()
    unexpected = [r.getMessage() for r in records if not _HARMLESS.search(r.getMessage())]
    if unexpected:
        raise RenderError(f"{name}: WeasyPrint rapporterade: " + "; ".join(unexpected))
    return pdf


PDF_VARIANT = "pdf/ua-1"
# The template folder is given to WeasyPrint under a fixed base URL: WeasyPrint names images after their URL, so
# a real file path would make the bytes depend on where the project is checked out.
TEMPLATE_BASE = "file:///kommunrapport-mall/"


class _TemplateFetcher(URLFetcher):
    """Resolve TEMPLATE_BASE URLs (logo, fonts, CSS) inside the template folder; anything else (the charts'
    data: URIs) as WeasyPrint does."""

    def __init__(self, folder: Path):
        super().__init__(allowed_protocols={"file", "data"})
        self._root = folder.resolve()

    def fetch(self, url, headers=None):
        if not url.startswith(TEMPLATE_BASE):
            return super().fetch(url, headers)
        path = (self._root / unquote(url[len(TEMPLATE_BASE):])).resolve()
        if self._root not in path.parents:
            raise ValueError(f"{url} ligger utanför mallmappen")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})


def _finish_tagging(document, pdf) -> None:
    """WeasyPrint finisher: runs on the pydyf PDF after tagging, before it is written."""
    _scope_header_cells(document)
    _footers_as_artifacts(pdf)


_SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}


def _scope_header_cells(document) -> None:
    """/Scope on every TH structure element, from the cell's HTML scope attribute (WeasyPrint 70 links cells
    to their headers with /Headers and /ID only, which some checkers and readers do not follow). A <th>
    without scope is a row header in a row with data cells, else a column header."""
    def walk(box, row_has_data: bool) -> None:
        mark = getattr(box, "mark", None)
        tag = getattr(box, "element_tag", None)
        if mark is not None and tag == "th":
            scope = str(box.element.get("scope", "")).lower()
            mark["A"]["Scope"] = _SCOPES.get(scope, "/Row" if row_has_data else "/Column")
        children = getattr(box, "children", ())
        if tag == "tr":
            row_has_data = any(getattr(child, "element_tag", None) == "td" for child in children)
        for child in children:
            walk(child, row_has_data)

    # WeasyPrint 70 has no public way from a Page to its boxes (Page keeps its page box as `_page_box` only, and
    # weasyprint/pdf/tags.py reads it the same way), and the boxes are where the tagging put each cell's structure
    # element (`box.mark`). So this reads the private attribute, and pyproject.toml pins weasyprint to 70.x; a new
    # WeasyPrint major must be checked here (tests/test_tillganglighet.py checks every TH's /Scope).
    for page in document.pages:
        walk(page._page_box, False)


def _number(reference: bytes) -> int:
    """Object number of a pydyf reference (b'12 0 R')."""
    return int(reference.split()[0])


def _is_reference(value) -> bool:
    return isinstance(value, bytes) and value.endswith(b" R")


def _footers_as_artifacts(pdf) -> None:
    """Mark the running footer (the page margin boxes) as a pagination artifact instead of tagged content.

    WeasyPrint 70 gives margin-box text MCIDs and structure elements that it does not link into the
    structure tree (see weasyprint/pdf/tags.py), so the footer is neither content in the tree nor an artifact.
    The marked-content sequences of those MCIDs become /Artifact sequences, their parent tree entries null."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    objects = pdf.objects
    root = objects[_number(pdf.catalog["StructTreeRoot"])]
    reachable: set[int] = set()
    stack = [_number(k) for k in root["K"]]
    while stack:
        number = stack.pop()
        if number not in reachable:
            reachable.add(number)
            stack.extend(_number(k) for k in objects[number].get("K", ()) if _is_reference(k))
    streams = {}
    for reference in pdf.page_references:
        page = objects[_number(reference)]
        if "StructParents" in page:
            streams[page["StructParents"]] = objects[_number(page["Contents"])]
    nums = objects[_number(root["ParentTree"])]["Nums"]
    for key, refs in zip(nums[::2], nums[1::2]):
        if key not in streams or not isinstance(refs, list):
            continue
        orphans = {mcid for mcid, ref in enumerate(refs) if _is_reference(ref) and _number(ref) not in reachable}
        if not orphans:
            continue
        ops = streams[key].stream
        for i in range(1, len(ops) - 1):
            if isinstance(ops[i], dict) and ops[i].get("MCID") in orphans and ops[i + 1] == b"BDC":
                ops[i - 1], ops[i] = "/Artifact", "<</Type /Pagination>>"
        for mcid in orphans:
            refs[mcid] = "null"


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


_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def html_headings(folder: Path, name: str, context: dict) -> list[str]:
    """The headings (h1–h6, text only) of template `name` rendered with `context`: what the PDF's
    outline holds. The cover's title (class "titel") is left out."""
    import html as html_lib

    text = render_html(folder, name, context, None)
    return [" ".join(html_lib.unescape(_TAG.sub("", m.group(2))).split())
            for m in _HEADING.finditer(text) if 'class="titel"' not in m.group(0)]
