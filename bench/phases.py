"""Time each phase of a run in one process, without Prefect: read, validate+stage, model, and per document
context, chart, .docx and .pdf. Prints figures only.

Usage: .venv/bin/python bench/phases.py [SKALA_DIR] [NÄMNDER_ATT_RENDERA]
"""

from __future__ import annotations

import resource
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
from pipeline.resources import TEMPLATES


def main(skala: Path, n_render: int) -> None:
    from pipeline.config import load_config
    from pipeline.context.diagram import report_indicator_charts
    from pipeline.context.tertial import ReportMeta, build_contexts
    from pipeline.model.styrsystem import styrsystem_for_run
    from pipeline.render.report import with_indicator_images

    def build_contexts_for(meta, config, staged, model, warnings, charts, namnd_id):
        """One nämnd's context exactly as the flow builds it."""
        one = replace(config, namnder=tuple(n for n in config.namnder if n.id == namnd_id))
        return build_contexts(meta, one, staged, model, warnings, charts)[0]
    from pipeline.model.report import build_report_model
    from pipeline.config.problems import Problems
    from pipeline.read.discover import read_inputs
    from pipeline.render.chart import budget_prognos_chart
    from pipeline.render.docx import render_docx
    from pipeline.render.pdf import render_pdf
    from pipeline.render.report import Templates
    from pipeline.staging import stage_inputs

    config = load_config(skala / "kommun.toml")
    problems = Problems()
    t0 = time.perf_counter()
    raw = read_inputs(skala / "inputs", 2026, "tertial", problems)
    t1 = time.perf_counter()
    staged = stage_inputs(raw, config, 2026, "tertial", problems)
    t2 = time.perf_counter()
    model = build_report_model(staged, config)
    t3 = time.perf_counter()
    rows = len(staged.utfall) + len(staged.utfall_fg)
    print(f"läsning {t1 - t0:.2f} s, validering+staging {t2 - t1:.2f} s, modell {t3 - t2:.2f} s "
          f"({rows:_} huvudboksrader, {len(problems)} fel)".replace("_", " "))
    meta = ReportMeta.of(config, 2026, "tertial")
    templates = Templates(TEMPLATES)
    totals = [0.0, 0.0, 0.0, 0.0]
    t4 = time.perf_counter()
    styrning = styrsystem_for_run(staged, model, config)
    charts = report_indicator_charts(staged, model, config)
    print(f"styrsystemsanalys + diagramdata (en gång per körning) {time.perf_counter() - t4:.2f} s")
    for n in config.namnder[:n_render]:
        a = time.perf_counter()
        ctx = build_contexts_for(meta, config, staged, model, styrning.warnings, charts, n.id)
        b = time.perf_counter()
        d = ctx["diagram"]
        png = budget_prognos_chart(d["etiketter"], d["budget"], d["prognos"], d["rubrik"])
        ctx = with_indicator_images(ctx)
        c = time.perf_counter()
        render_docx(templates.docx("tertialrapport"), ctx, png, datetime(2026, 4, 30))
        e = time.perf_counter()
        render_pdf(templates.html_dir(), "tertialrapport.html", ctx, png)
        f = time.perf_counter()
        for i, v in enumerate((b - a, c - b, e - c, f - e)):
            totals[i] += v
    k = max(1, min(n_render, len(config.namnder)))
    print(f"per nämnd (medel av {k}): kontext {totals[0] / k:.2f} s, diagram (alla) {totals[1] / k:.2f} s, "
          f"docx {totals[2] / k:.2f} s, pdf {totals[3] / k:.2f} s")
    print(f"topp-RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "data" / "skala",
         int(sys.argv[2]) if len(sys.argv) > 2 else 5)
