"""The documents a delår or bokslut adds for the kommun: the delårsrapport or årsredovisning, and beside it the
revisorer's checklist (.docx, .pdf, .json). The checklist reads the rendered document's headings (Word and PDF);
a missing part or a failed check raises ComplianceError unless the config waives it, so nothing is written."""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Config
from pipeline.context.arsredovisning import arsredovisning_context, delarsrapport_context
from pipeline.context.common import ReportMeta
from pipeline.context.granskning import granskning_context, granskning_json
from pipeline.model.granskning import (ARSREDOVISNING_PARTS, DELARSRAPPORT_PARTS, ComplianceError, arithmetic_checks,
                                       arsredovisning_parts, checklist, failures)
from pipeline.model.rur import rur_reservation
from pipeline.render.docx import docx_headings
from pipeline.render.pdf import html_headings
from pipeline.context.tjansteskrivelse import kf_tjansteskrivelse, plans_needing_decision
from pipeline.render.report import Templates, render_namnd_report, render_word_document

KINDS = {"delar": ("delarsrapport", delarsrapport_context, DELARSRAPPORT_PARTS),
         "bokslut": ("arsredovisning", arsredovisning_context, ARSREDOVISNING_PARTS)}


def year_end_context(meta: ReportMeta, config: Config, staged, model) -> tuple[str, dict]:
    """(template kind, context) of the kommun's delårsrapport or årsredovisning."""
    kind, build, _parts = KINDS[meta.tillfalle]
    return kind, build(meta, config, staged, model)


def checklist_documents(meta: ReportMeta, config: Config, model, kind: str, context: dict, rendered: dict[str, bytes],
                        templates: Templates) -> dict[str, bytes]:
    """The checklist of the rendered document (`rendered`: its .docx and .pdf); raises ComplianceError."""
    parts = arsredovisning_parts(config) if meta.tillfalle == "bokslut" else KINDS[meta.tillfalle][2]
    docx_bytes = next(data for name, data in rendered.items() if name.endswith(".docx"))
    headings = {"Word": docx_headings(docx_bytes), "PDF": html_headings(templates.html_dir(), f"{kind}.html", context)}
    checks = arithmetic_checks(model)
    items = checklist(parts, headings, checks, config)
    document = f"{context['dokument']['typ']} {meta.year} {meta.kommun}"
    if failures(items):
        raise ComplianceError(document, failures(items))
    ctx = granskning_context(meta, config, document, items, checks)
    files = render_namnd_report(ctx, templates, "granskningslista")
    stem = next(iter(files)).rsplit(".", 1)[0]
    files[f"{stem}.json"] = granskning_json(ctx, items, checks)
    return files


def year_end_documents(meta: ReportMeta, config: Config, staged, model, templates_root: Path) -> dict[str, bytes]:
    """The delårsrapport or årsredovisning, its checklist and its tjänsteskrivelse to KF, rendered in memory."""
    templates = Templates(templates_root)
    kind, context = year_end_context(meta, config, staged, model)
    rendered = render_namnd_report(context, templates, kind)
    balans = model.arsredovisning.balanskrav
    letter = kf_tjansteskrivelse(meta, config, {**context, "sammanfattning": context["nyckeltal_text"]},
                                 plans_needing_decision(model, config),
                                 float(balans.loc[balans["rad"] == "balanskravsresultat", "belopp"].iloc[0]),
                                 rur_reservation(balans))
    return {**rendered, **checklist_documents(meta, config, model, kind, context, rendered, templates),
            **render_word_document(letter, templates, "tjansteskrivelse")}
