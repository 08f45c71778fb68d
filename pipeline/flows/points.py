"""The points a run is made at, declared once: what each reads and validates, what it models, where it writes
and what its run summary says. The documents each point makes are declared in pipeline.flows.registry.

Points: `tertial`, `delar`, `bokslut` (a reporting point: inputs/ÅR/<tillfälle>/), `plan` (the planning round
for budget year ÅR: inputs/ÅR/plan/), `tidplan` (the year's tidplan: config only) and `underlag` (the
pre-filled rapportunderlag workbooks for one tillfälle, which may be any of tertial, delar, bokslut, plan).
`jamforelse` (NATIONAL) is the national comparison of all kommuner from Kolada's data: it has no kommun config,
so it is not a point of `kör`; pipeline.nationell reads and models it (national_run) and the registry builds its
documents like any other point's.
Nothing here imports Prefect: the flow (pipeline.flows.run), the template checker and the tests share it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel, ConfigDict, model_serializer

from pipeline.config import Config
from pipeline.config.problems import Problems

REPORT_POINTS = ("tertial", "delar", "bokslut")
NATIONAL = "jamforelse"
POINT_NAMES = (*REPORT_POINTS, "plan", "tidplan", "underlag", NATIONAL)


@dataclass(frozen=True)
class Inputs:
    """A point's inputs, read and validated: the files read (for the manifest), the staged inputs
    (StagedInputs, StagedPlan or the Tidplan), what else the point reads, and the problems found."""

    point: str
    year: int
    tillfalle: str                       # the tillfälle (for underlag: the one its workbooks are for)
    files: tuple[Path, ...]
    staged: Any
    problems: Problems
    previous: Any = None                 # plan: last year's bokslut staged (context, optional); underlag plan:
                                         # last round's förslag
    config_files: tuple[Path, ...] = ()  # files the config points to that the run reads (kontoplan, tidplan)
    notes: tuple[str, ...] = ()          # for the run summary (underlag: inputs with problems)


class Validated(BaseModel):
    """Validated inputs handed from the command line to the flow as a parameter, so that nothing is read twice.
    Prefect stores a flow run's parameters in its database (Flow.serialize_parameters, FastAPI's jsonable_encoder):
    this model serialises to the input files' names only, never the staged frames. Pass it wrapped in
    prefect.utilities.annotations.quote so that Prefect does not walk into it either."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    inputs: Inputs

    @model_serializer
    def _stored(self) -> dict:
        return {"punkt": self.inputs.point, "tillfalle": self.inputs.tillfalle, "ar": self.inputs.year,
                "filer": [p.name for p in self.inputs.files]}


@dataclass(frozen=True)
class Run:
    """What the documents of one run are built from (the registry's builders take it): the config, the point, the
    validated inputs and what the point models from them."""

    config: Config | None       # None at the national point
    inputs: Inputs
    model: Any = None           # ReportModel (report points), PlanModel (plan)
    meta: Any = None            # context.common.ReportMeta (report points)
    styrning: Any = None        # model.styrsystem.Styrsystem (report points)
    charts: Any = None          # context.diagram.report_indicator_charts (report points)
    extra: dict = field(default_factory=dict)   # tidplan: valar, aktiviteter

    @property
    def point(self) -> str:
        return self.inputs.point

    @property
    def year(self) -> int:
        return self.inputs.year

    @property
    def tillfalle(self) -> str:
        return self.inputs.tillfalle

    @property
    def staged(self):
        return self.inputs.staged


# --- read and validate --------------------------------------------------------------------------------------

def add_missing_underlag(config: Config, staged, problems: Problems, inputs_dir: Path, year: int,
                         tillfalle: str) -> None:
    """Bilaga 4, "Samla in och strukturera": a reporting point needs every förvaltning's rapportunderlag; each
    missing one is a problem (the caller may allow it: --tillåt-saknade)."""
    import re

    folder = inputs_dir / str(year) / tillfalle
    # a delivered workbook that cannot be read has its own problem: it is not also "missing"
    unread = [Path(p.fil).name for p in problems.sorted() if Path(p.fil).suffix]
    for n in config.namnder:
        if n.id not in staged.underlag and not any(re.search(rf"(?<![A-Za-z0-9]){re.escape(n.id)}(?![A-Za-z0-9])", name)
                                                   for name in unread):
            problems.add(folder, f"Rapportunderlag saknas för {n.namn} ({n.id}, {n.forvaltning}). Lägg det i "
                                 f"{folder.name}/, eller kör med --tillåt-saknade för att skriva rapporterna "
                                 "utan förvaltningens prognos och analys. Se `kommunrapport status "
                                 f"{year} {tillfalle}`.")


def _read_report(config: Config, inputs_dir: Path, year: int, tillfalle: str, tillat_saknade: bool = False) -> Inputs:
    from pipeline.flows.validate import read_and_stage

    raw, staged, problems = read_and_stage(config, inputs_dir, year, tillfalle)
    if not tillat_saknade:
        add_missing_underlag(config, staged, problems, inputs_dir, year, tillfalle)
    kontoplan = (config.kontoplan.path,) if config.kontoplan is not None else ()
    return Inputs(tillfalle, year, tillfalle, tuple(raw.files), staged, problems, config_files=kontoplan)


def _read_plan(config: Config, inputs_dir: Path, year: int, tillfalle: str) -> Inputs:
    from pipeline.flows.validate import read_and_stage_plan, read_previous_year

    raw, plan, problems = read_and_stage_plan(config, inputs_dir, year)
    previous, previous_files = (None, []) if problems else read_previous_year(config, inputs_dir, year)
    return Inputs("plan", year, "plan", tuple(dict.fromkeys([*raw.files, *previous_files])), plan, problems,
                  previous)


def _read_tidplan(config: Config, inputs_dir: Path, year: int, tillfalle: str) -> Inputs:
    """The tidplan file (config [planering] tidplan, or the default); a bad one raises config.error.ConfigError."""
    from pipeline.config.tidplan import load_tidplan

    tidplan = load_tidplan(config.planering.tidplan)
    return Inputs("tidplan", year, "tidplan", (), tidplan, Problems(root=inputs_dir.parent),
                  config_files=(tidplan.path,))


def _read_underlag(config: Config, inputs_dir: Path, year: int, tillfalle: str) -> Inputs:
    """What the workbooks are pre-filled from. Inputs with problems still fill in what could be read (notes)."""
    from pipeline.flows.validate import read_and_stage, read_and_stage_plan

    if tillfalle == "plan":   # last round's förslag, where inputs/<ÅR-1>/plan/ holds them
        if not (inputs_dir / str(year - 1) / "plan").is_dir():
            return Inputs("underlag", year, tillfalle, (), None, Problems(root=inputs_dir.parent))
        raw, plan, problems = read_and_stage_plan(config, inputs_dir, year - 1)
        notes = (f"Förra årets planeringsunderlag ({year - 1}) har fel; förslagen fylls inte i.",) if problems else ()
        return Inputs("underlag", year, tillfalle, tuple(raw.files), None, Problems(root=inputs_dir.parent),
                      None if problems else plan.forslag, notes=notes)
    raw, staged, problems = read_and_stage(config, inputs_dir, year, tillfalle)
    notes = (f"Indata för {year} {tillfalle} har {len(problems.sorted())} fel (kör validera); underlagen "
             "fylldes i med det som gick att läsa.",) if problems else ()
    return Inputs("underlag", year, tillfalle, tuple(raw.files), staged, Problems(root=inputs_dir.parent),
                  notes=notes)


# --- model --------------------------------------------------------------------------------------------------

def _model_report(config: Config, inputs: Inputs) -> Run:
    from pipeline.context.common import ReportMeta
    from pipeline.context.diagram import report_indicator_charts
    from pipeline.model.report import build_report_model
    from pipeline.model.styrsystem import styrsystem_for_run

    staged = inputs.staged
    config = staged.config or config   # completed from the inputs (verksamheter from the Budget)
    model = build_report_model(staged, config)
    return Run(config, inputs, model, ReportMeta.of(config, inputs.year, inputs.tillfalle),
               styrsystem_for_run(staged, model, config), report_indicator_charts(staged, model, config))


def _model_plan(config: Config, inputs: Inputs) -> Run:
    from pipeline.model.plan import build_plan_model

    return Run(config, inputs, build_plan_model(inputs.staged, config, inputs.previous))


def _model_tidplan(config: Config, inputs: Inputs) -> Run:
    from pipeline.config.tidplan import dated, valar_for

    valar = valar_for(inputs.year, config.planering.valar)
    return Run(config, inputs, extra={"valar": valar, "aktiviteter": dated(inputs.staged, inputs.year, valar)})


def _model_underlag(config: Config, inputs: Inputs) -> Run:
    completed = getattr(inputs.staged, "config", None)   # a report point's staged inputs complete the config
    return Run(completed or config, inputs)


# --- summaries ----------------------------------------------------------------------------------------------

def _summary_report(run: Run, files: list[str]) -> str:
    from pipeline.flows.summary import run_summary

    return run_summary(run.config, run.staged, run.model, run.meta, files, run.styrning.warnings)


def _summary_plan(run: Run, files: list[str]) -> str:
    from pipeline.flows.summary import plan_summary

    return plan_summary(run.model, run.config)


def _summary_tidplan(run: Run, files: list[str]) -> str:
    return f"Tidplan {run.year} för {run.config.kommun_namn}{' (valår)' if run.extra['valar'] else ''}.\n"


def _summary_underlag(run: Run, files: list[str]) -> str:
    return (f"Rapportunderlag för {run.year} {run.tillfalle}: {len(files)} arbetsböcker.\n"
            + "".join(f"Obs: {n}\n" for n in run.inputs.notes))


@dataclass(frozen=True)
class Point:
    """A point a run is made at: how its inputs are read and validated, how they are modelled, its run summary,
    and whether its problems stop the run (the rapportunderlag are written from what could be read)."""

    name: str
    read: Callable[[Config, Path, int, str], Inputs]
    model: Callable[[Config, Inputs], Run]
    summary: Callable[[Run, list[str]], str]
    strict: bool = True
    slow_read: bool = False      # reading takes seconds: the CLI starts Prefect's server meanwhile

    def label(self, tillfalle: str) -> str:
        """The run's name in its output folder (ÅR-<label>) and manifest: tertial, plan, tidplan, tertial-underlag…"""
        return f"{tillfalle}-underlag" if self.name == "underlag" else self.name


POINTS: dict[str, Point] = {
    **{t: Point(t, _read_report, _model_report, _summary_report, slow_read=True) for t in REPORT_POINTS},
    "plan": Point("plan", _read_plan, _model_plan, _summary_plan),
    "tidplan": Point("tidplan", _read_tidplan, _model_tidplan, _summary_tidplan),
    "underlag": Point("underlag", _read_underlag, _model_underlag, _summary_underlag, strict=False),
}


def point_of(tillfalle: str, underlag: bool = False) -> Point:
    return POINTS["underlag" if underlag else tillfalle]


def read(config: Config, inputs_dir: Path, year: int, tillfalle: str, underlag: bool = False,
         tillat_saknade: bool = False) -> Inputs:
    """Read and validate the inputs of (year, tillfälle) – or of its rapportunderlag when `underlag`. At a
    reporting point a nämnd without rapportunderlag is a problem unless `tillat_saknade`."""
    point = point_of(tillfalle, underlag)
    if point.read is _read_report:
        return _read_report(config, inputs_dir, year, tillfalle, tillat_saknade)
    return point.read(config, inputs_dir, year, tillfalle)


def model(config: Config, inputs: Inputs) -> Run:
    return POINTS[inputs.point].model(config, inputs)
