"""Read and validate the inputs of one reporting point: the `validera` command, and the first two steps of a run."""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Config
from pipeline.config.problems import Problems
from pipeline.read.discover import RawInputs, read_inputs
from pipeline.staging import StagedInputs, stage_inputs


def read_and_stage(config: Config, inputs_dir: Path, year: int, tillfalle: str) -> tuple[RawInputs, StagedInputs, Problems]:
    """Every input read and staged; problems (file names relative to the folder holding `inputs_dir`)."""
    problems = Problems(root=inputs_dir.resolve().parent)
    raw = read_inputs(inputs_dir, year, tillfalle, problems)
    staged = stage_inputs(raw, config, year, tillfalle, problems)
    return raw, staged, problems


def read_and_stage_plan(config: Config, inputs_dir: Path, year: int):
    """The planning round (ÅR = the budget year planned; workbooks in inputs/ÅR/plan/): (raw, StagedPlan, problems)."""
    from pipeline.staging.plan import stage_plan

    problems = Problems(root=inputs_dir.resolve().parent)
    raw = read_inputs(inputs_dir, year, "plan", problems)
    return raw, stage_plan(raw, config, year, problems), problems


def read_previous_year(config: Config, inputs_dir: Path, year: int):
    """(the previous year's bokslut inputs staged for the planning round's context, the files read): the staged
    inputs are None when they are not there or have problems (they are context, never required). Files read are
    listed either way: the manifest and the archive name everything a run read."""
    if not (inputs_dir / str(year - 1) / "bokslut").is_dir():
        return None, []
    raw, staged, problems = read_and_stage(config, inputs_dir, year - 1, "bokslut")
    return (None if problems else staged), list(raw.files)
