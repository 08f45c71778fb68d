"""The Prefect flow of a reporting point: read → validate → model → render (one task per nämnd) → write.

The flow body only wires the steps; every step is a plain function elsewhere. With no PREFECT_API_URL the
flow runs against Prefect's temporary local server (SQLite), quietly.
"""

from __future__ import annotations

from pipeline.flows import prefect_env  # noqa: F401  (must precede prefect)

from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

from prefect import flow, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402

from pipeline.flows import progress, warmup  # noqa: E402
from pipeline.render import pool  # noqa: E402
from pipeline.config import Config, load_config  # noqa: E402
from pipeline.context.styrsystem import FILENAME as STYRSYSTEM_FILE, workbook_context  # noqa: E402
from pipeline.context.diagram import report_indicator_charts  # noqa: E402
from pipeline.context.kommun import kommun_context  # noqa: E402
from pipeline.context.tertial import ReportMeta, build_contexts  # noqa: E402
from pipeline.model.report import ReportModel, build_report_model  # noqa: E402
from pipeline.model.styrsystem import Styrsystem, styrsystem_for_run  # noqa: E402
from pipeline.config.problems import InputError, Problems  # noqa: E402
from pipeline.read.discover import RawInputs, read_inputs  # noqa: E402
from pipeline.context.tjansteskrivelse import ks_tjansteskrivelse, namnd_tjansteskrivelse, plans_needing_decision  # noqa: E402
from pipeline.render.report import Templates, render_namnd_report, render_word_document  # noqa: E402
from pipeline.render.styrsystem_xlsx import render_styrsystemsanalys  # noqa: E402
from pipeline.staging import StagedInputs, stage_inputs  # noqa: E402
from pipeline.flows.summary import run_summary  # noqa: E402
from pipeline.write import package, write_atomically  # noqa: E402
from pipeline.flows.year_end import year_end_documents  # noqa: E402


@dataclass(frozen=True)
class RunResult:
    output_dir: Path
    files: tuple[str, ...]
    summary: str


@task(name="läs indata", cache_policy=NO_CACHE)
def read_task(inputs_dir: Path, year: int, tillfalle: str, problems: Problems) -> RawInputs:
    warm = warmup.take_read(inputs_dir, year, tillfalle)
    return warm if warm is not None else read_inputs(inputs_dir, year, tillfalle, problems)


@task(name="validera indata", cache_policy=NO_CACHE)
def validate_task(raw: RawInputs, config: Config, year: int, tillfalle: str, problems: Problems) -> StagedInputs:
    staged = warmup.take_staged(raw)
    if staged is None:
        staged = stage_inputs(raw, config, year, tillfalle, problems)
    if problems:
        raise InputError(problems.sorted())
    return staged


@task(name="beräkna", cache_policy=NO_CACHE)
def model_task(staged: StagedInputs, config: Config) -> ReportModel:
    return build_report_model(staged, config)


@task(name="styrsystemsanalys", cache_policy=NO_CACHE)
def styrsystem_task(staged: StagedInputs, model: ReportModel, config: Config) -> Styrsystem:
    return styrsystem_for_run(staged, model, config)


def styrsystem_document(meta: ReportMeta, config: Config, staged: StagedInputs, model: ReportModel,
                        styrning: Styrsystem) -> dict[str, bytes]:
    """styrsystemsanalys.xlsx (small: rendered in the flow's thread while the nämnd reports render)."""
    context = workbook_context(meta, config, staged.mal, staged.indikatorer, model.indikatorer, styrning)
    return {STYRSYSTEM_FILE: render_styrsystemsanalys(context)}


@task(name="rendera nämndrapport", cache_policy=NO_CACHE)
def render_task(context: dict, templates_root: Path, kind: str = "tertialrapport") -> dict[str, bytes]:
    """Render in the shared process pool (CPU-bound); the task itself only waits."""
    return pool.submit(render_namnd_report, context, Templates(templates_root), kind).result()


@task(name="delårsrapport/årsredovisning och granskningslista", cache_policy=NO_CACHE)
def year_end_task(meta: ReportMeta, config: Config, staged: StagedInputs, model: ReportModel,
                  templates_root: Path) -> dict[str, bytes]:
    """Rendered in the shared process pool; raises ComplianceError when the checklist stops the run."""
    return pool.submit(year_end_documents, meta, config, staged, model, templates_root).result()


@task(name="tjänsteskrivelse", cache_policy=NO_CACHE)
def letter_task(context: dict, templates_root: Path) -> dict[str, bytes]:
    return pool.submit(render_word_document, context, Templates(templates_root), "tjansteskrivelse").result()


@task(name="skriv utdata", cache_policy=NO_CACHE)
def write_task(target: Path, files: dict[str, bytes]) -> None:
    write_atomically(target, files)


@flow(name="kommunrapport", log_prints=False, validate_parameters=False,
      task_runner=ThreadPoolTaskRunner(max_workers=pool.default_workers()))
def rapport_flow(config_path: Path, inputs_dir: Path, outputs_dir: Path, year: int, tillfalle: str,
                 templates_root: Path) -> RunResult:
    config = load_config(config_path)
    problems = Problems(root=inputs_dir.parent)
    progress.report("Läser indata", 0, 1)
    raw = read_task(inputs_dir, year, tillfalle, problems)
    progress.report("Validerar", 0, 1)
    staged = validate_task(raw, config, year, tillfalle, problems)
    model = model_task(staged, config)
    styrning = styrsystem_task(staged, model, config)
    meta = ReportMeta.of(config, year, tillfalle)
    charts = report_indicator_charts(staged, model, config)
    contexts = build_contexts(meta, config, staged, model, styrning.warnings, charts)
    futures = [render_task.submit(ctx, templates_root) for ctx in contexts]
    kommun = kommun_context(meta, config, staged, model)
    futures.append(render_task.submit(kommun, templates_root, "kommunrapport"))
    letters = [namnd_tjansteskrivelse(meta, config, ctx) for ctx in contexts]
    letters.append(ks_tjansteskrivelse(meta, config, kommun, plans_needing_decision(model, config)))
    futures += [letter_task.submit(letter, templates_root) for letter in letters]
    if model.arsredovisning is not None:
        futures.append(year_end_task.submit(meta, config, staged, model, templates_root))
    documents: dict[str, bytes] = styrsystem_document(meta, config, staged, model, styrning)
    for done, future in enumerate(as_completed(futures), start=1):
        documents.update(future.result())
        progress.report("Renderar dokument", done, len(futures))
    summary = run_summary(config, staged, model, meta, sorted(documents), styrning.warnings)
    files = package(documents, summary, raw.files, config_path, templates_root, inputs_dir.parent,
                    {"kommun": config.kommun_namn, "ar": year, "tillfalle": tillfalle},
                    (config.kontoplan.path,) if config.kontoplan is not None else ())
    target = outputs_dir / f"{year}-{tillfalle}"
    write_task(target, files)
    return RunResult(target, tuple(sorted(files)), summary)


@task(name="planeringsomgångens modell", cache_policy=NO_CACHE)
def plan_model_task(plan, config: Config, staged_fg=None):
    from pipeline.model.plan import build_plan_model

    return build_plan_model(plan, config, staged_fg)


@flow(name="kommunrapport-plan", log_prints=False, validate_parameters=False)
def plan_flow(config_path: Path, inputs_dir: Path, outputs_dir: Path, year: int, templates_root: Path) -> RunResult:
    """The planning round: read → validate → model → render → write (outputs/<ÅR>-plan)."""
    from pipeline.flows.plan_run import konsekvensmatriser, plan_summary, prioriteringsmodeller
    from pipeline.flows.validate import read_and_stage_plan, read_previous_year

    config = load_config(config_path)
    progress.report("Läser indata", 0, 1)
    raw, plan, problems = read_and_stage_plan(config, inputs_dir, year)
    if problems:
        raise InputError(problems.sorted())
    model = plan_model_task(plan, config, read_previous_year(config, inputs_dir, year))
    documents = prioriteringsmodeller(model, config, plan.ramar)
    documents.update(pool.submit(konsekvensmatriser, model, plan, config, templates_root).result())
    summary = plan_summary(model, config)
    files = package(documents, summary, raw.files, config_path, templates_root, inputs_dir.parent,
                    {"kommun": config.kommun_namn, "ar": year, "tillfalle": "plan"})
    target = outputs_dir / f"{year}-plan"
    write_task(target, files)
    return RunResult(target, tuple(sorted(files)), summary)
