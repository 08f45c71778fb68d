"""Render one nämnd's report to its documents: {file name: bytes} (.docx and .pdf), nothing written."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# The rendering libraries (matplotlib, docxtpl, WeasyPrint: over a second to import) are imported where a document
# is rendered, in the render workers; the run's own process imports this module for Templates and the file names.

_FORBIDDEN = re.compile(r'[:/\\*?"<>|\x00-\x1f]')
MAX_NAME = 120


def _chart(name: str):
    def draw(data: dict) -> bytes:
        from pipeline.render import chart

        return getattr(chart, name)(data)

    draw.__name__ = name
    return draw


INDICATOR_CHARTS = {"historik": _chart("indicator_history_chart"), "position": _chart("indicator_position_chart"),
                    "matris": _chart("prioriteringsmatris_chart")}
INDICATOR_CHART_WIDTH_MM = 80  # two side by side on A4 portrait (.docx InlineImage width; CSS sets the PDF's)


@dataclass(frozen=True)
class Templates:
    """Where a document kind's templates live: docx/<kind>.docx and html/<kind>.html in a template folder (by
    default the program's, pipeline.resources.TEMPLATES)."""

    root: Path
    # The formats of the reports to make: a report has both (docx and pdf); `kör --format` picks one. A document
    # that exists in one format only (a tjänsteskrivelse, a workbook) is made whatever this says.
    formats: frozenset[str] = frozenset({"docx", "pdf"})

    def docx(self, kind: str) -> Path:
        return self.root / "docx" / f"{kind}.docx"

    def html_dir(self) -> Path:
        return self.root / "html"

    def web_dirs(self) -> tuple[Path, ...]:
        """Where the website's templates and stylesheet are looked up, file by file: the set's own web/ first,
        then the program's (a set may hold only its own webb.css, or a few page templates)."""
        from pipeline.resources import TEMPLATES

        own = self.root / "web"
        program = TEMPLATES / "web"
        return (own, program) if own.is_dir() and own.resolve() != program.resolve() else (program,)

def document_stem(year: str, dokumenttyp: str, namnd: str) -> str:
    """'2026 Tertialrapport 1 Socialnämnden' – safe on Windows, macOS and in ärendehanteringssystem."""
    return safe_stem(f"{year} {dokumenttyp} {namnd}")


def _with_image(data: dict, draw) -> dict:
    png = draw(data)
    return {**data, "png": png, "bredd_mm": data.get("bredd_mm", INDICATOR_CHART_WIDTH_MM),
            "src": "data:image/png;base64," + base64.b64encode(png).decode("ascii")}


def with_indicator_images(context: dict) -> dict:
    """A copy of `context` in which every indicator chart (a "diagram" dict with "historik" / "position", plain
    data from context.diagram, wherever the rows sit: mal[i].indikatorer[j], kf_mal[k].mal[i]…) is rendered
    once, also where the same chart dict is reachable twice: 'png' (bytes; render.docx turns it into 'bild',
    an InlineImage with the chart's alt text) and 'src' (a data URI for the HTML/PDF). The input is not
    changed."""
    rendered: dict[int, dict] = {}

    def chart(data: dict, kind: str) -> dict:
        if id(data) not in rendered:
            rendered[id(data)] = _with_image(data, INDICATOR_CHARTS[kind])
        return rendered[id(data)]

    def walk(value):
        if isinstance(value, list):
            return [walk(v) for v in value]
        if not isinstance(value, dict):
            return value
        out = {}
        for key, v in value.items():
            if key == "diagram" and isinstance(v, dict) and INDICATOR_CHARTS.keys() & v.keys():
                out[key] = {k: chart(d, k) if k in INDICATOR_CHARTS and isinstance(d, dict) else d
                            for k, d in v.items()}
            else:
                out[key] = walk(v)
        return out

    return walk(context)


def safe_stem(name: str) -> str:
    """A file stem without what file systems and ärendehanteringssystem reject, at most MAX_NAME with suffix."""
    stem = re.sub(r"\s+", " ", name)   # a tab or line break is a space, not '-'
    stem = _FORBIDDEN.sub("-", stem).strip().rstrip(". ")
    return stem[:MAX_NAME - 5].rstrip(". ")


def render_word_document(context: dict, templates: Templates, kind: str) -> dict[str, bytes]:
    """A Word-only document (the tjänsteskrivelse) from `context`, named by dokument.filnamn."""
    from pipeline.render.docx import render_docx

    when = datetime.fromisoformat(context["dokument"]["datum_iso"] + "T00:00:00")
    return {f"{safe_stem(context['dokument']['filnamn'])}.docx": render_docx(templates.docx(kind), context, None, when)}


def report_stem(context: dict) -> str:
    """A report's file stem: its dokument.filnamn, else '<år> <typ> <nämnd>' (a nämnd's report)."""
    if "filnamn" in context["dokument"]:
        return safe_stem(context["dokument"]["filnamn"])
    return document_stem(context["dokument"]["ar"], context["dokument"]["typ"], context["namnd"]["namn"])


def render_namnd_report(context: dict, templates: Templates, kind: str = "tertialrapport") -> dict[str, bytes]:
    """A report's .docx and .pdf from `context` (built by pipeline.context): a nämnd's report, or any kind whose
    context names its file (dokument.filnamn) and may have no budget chart (the kommunövergripande report)."""
    from pipeline.render.chart import budget_prognos_chart
    from pipeline.render.docx import render_docx
    from pipeline.render.pdf import render_pdf

    context = with_indicator_images(context)
    chart = context.get("diagram", {})
    png = budget_prognos_chart(chart["etiketter"], chart["budget"], chart["prognos"], chart["rubrik"],
                               chart.get("serie", "Helårsprognos")) \
        if chart.get("etiketter") else None
    when = datetime.fromisoformat(context["dokument"]["datum_iso"] + "T00:00:00")
    stem = report_stem(context)
    files = {}
    if "docx" in templates.formats:
        files[f"{stem}.docx"] = render_docx(templates.docx(kind), context, png, when)
    if "pdf" in templates.formats:
        files[f"{stem}.pdf"] = render_pdf(templates.html_dir(), f"{kind}.html", context, png)
    return files
