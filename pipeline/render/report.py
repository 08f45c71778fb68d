"""Render one nämnd's report to its documents: {file name: bytes} (.docx and .pdf), nothing written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.render.chart import budget_prognos_chart
from pipeline.render.docx import render_docx
from pipeline.render.pdf import render_pdf

_FORBIDDEN = re.compile(r'[:/\\*?"<>|\x00-\x1f]')
MAX_NAME = 120


@dataclass(frozen=True)
class Templates:
    """Where a document kind's templates live: templates/docx/<kind>.docx and templates/html/<kind>.html."""

    root: Path

    def docx(self, kind: str) -> Path:
        return self.root / "docx" / f"{kind}.docx"

    def html_dir(self) -> Path:
        return self.root / "html"


def document_stem(year: str, dokumenttyp: str, namnd: str) -> str:
    """'2026 Tertialrapport 1 Socialnämnden' – safe on Windows, macOS and in ärendehanteringssystem."""
    stem = _FORBIDDEN.sub("-", f"{year} {dokumenttyp} {namnd}")
    stem = re.sub(r"\s+", " ", stem).strip().rstrip(". ")
    return stem[:MAX_NAME - 5].rstrip(". ")


def render_namnd_report(context: dict, templates: Templates, kind: str = "tertialrapport") -> dict[str, bytes]:
    """The nämnd's .docx and .pdf from `context` (built by pipeline.context)."""
    chart = context["diagram"]
    png = budget_prognos_chart(chart["etiketter"], chart["budget"], chart["prognos"], chart["rubrik"]) \
        if chart.get("etiketter") else None
    when = datetime.fromisoformat(context["dokument"]["datum_iso"] + "T00:00:00")
    stem = document_stem(context["dokument"]["ar"], context["dokument"]["typ"], context["namnd"]["namn"])
    return {
        f"{stem}.docx": render_docx(templates.docx(kind), context, png, when),
        f"{stem}.pdf": render_pdf(templates.html_dir(), f"{kind}.html", context, png),
    }
