"""The one Prefect flow every writing command runs: read → validate → model → build the registered documents of
the point → render → package → write.

`kör` (tertial, delar, bokslut, plan), `underlag` and `tidplan` all run `kommunrapport_flow`; what differs per
point is declared in pipeline.flows.points, what is written per point in pipeline.flows.registry. The flow body
only wires the steps. With no PREFECT_API_URL the flow runs against Prefect's local server shared by the runs on this
machine (pipeline.flows.local_server; SQLite), quietly.
"""

from __future__ import annotations

from pipeline.flows import prefect_env  # noqa: F401  (must precede prefect)

from concurrent.futures import Future, as_completed  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from pipeline.config import Config, load_config  # noqa: E402
from pipeline.config.problems import InputError  # noqa: E402
from pipeline.flows import points, progress, registry  # noqa: E402
from pipeline.flows.points import Inputs, Run, Validated  # noqa: E402
from pipeline.render.report import Templates  # noqa: E402
from pipeline.write import package, run_parameters, run_sources, write_atomically  # noqa: E402
from pipeline.write.arkiv import archive_folder, store_files, store_run  # noqa: E402
from pipeline.write.las import output_lock  # noqa: E402
from pipeline.write.reuse import Previous, render_key, run_digest  # noqa: E402


@dataclass(frozen=True)
class RunResult:
    output_dir: Path
    files: tuple[str, ...]      # every file written, manifest and summary included
    documents: tuple[str, ...]  # the documents among them
    summary: str
    notes: tuple[str, ...] = ()
    reused: tuple[str, ...] = ()   # files taken unchanged from the previous run in the folder (pipeline.write.reuse)


@task(name="läs och validera indata", cache_policy=NO_CACHE)
def read_task(config: Config, inputs_dir: Path, year: int, tillfalle: str, underlag: bool,
              tillat_saknade: bool = False) -> Inputs:
    return points.read(config, inputs_dir, year, tillfalle, underlag, tillat_saknade)


@task(name="beräkna", cache_policy=NO_CACHE)
def model_task(config: Config, inputs: Inputs) -> Run:
    return points.model(config, inputs)


@task(name="arkivera", cache_policy=NO_CACHE)
def archive_task(archive: Path, sources: dict[str, Path], label: str, manifest: bytes) -> None:
    """Inputs, config and templates into the archive, content-addressed, then the run's manifest."""
    store_files(archive, sources)
    store_run(archive, label, manifest)


@task(name="skriv utdata", cache_policy=NO_CACHE)
def write_task(target: Path, files: dict[str, bytes]) -> None:
    write_atomically(target, files)


# `kör --format`: the reports' formats.
FORMATS = {"båda": frozenset({"docx", "pdf"}), "docx": frozenset({"docx"}), "pdf": frozenset({"pdf"})}


@dataclass(frozen=True)
class Rendered:
    documents: dict[str, bytes]          # every file of every document, attachments included
    done: registry.Done
    renderings: dict[str, list[str]]     # render key -> the files rendered under it (for the manifest)
    reused: tuple[str, ...]              # the files taken from the previous run instead of rendered


def render_documents(run: Run, templates_root: Path, options: frozenset[str] = frozenset(),
                     previous: Previous | None = None, formats: frozenset[str] = FORMATS["båda"],
                     parts: int = 0, staging: Path | None = None) -> Rendered:
    """Every registered document of the run's point: pool kinds in the render processes, small ones in this thread,
    and those whose key the previous run in the output folder lists taken from it (pipeline.write.reuse).
    `formats`: the reports' formats (FORMATS). A document that fails names itself (registry.failed). `parts` > 0:
    the pool kinds are rendered on the service's workers in that many parts instead (pipeline.flows.fordela, through
    the folder `staging`)."""
    templates = Templates(templates_root, formats)
    dispatcher = None
    if parts > 0 and staging is not None:
        from pipeline.flows.fordela import Dispatcher

        dispatcher = Dispatcher(staging, templates, parts)
    digest = run_digest(templates_root) + ":" + ",".join(sorted(formats))
    keys: dict[int, str] = {}
    reused: set[int] = set()
    rendering: list[Future] = []

    def submit(kind: registry.Dokument, context: dict):
        key = render_key(kind.name, context, digest)
        if previous is not None and (files := previous.files(key)) is not None:
            future = Future()
            future.set_result(files)
            reused.add(id(future))
        elif kind.in_pool:
            future = (dispatcher.submit(kind, context) if dispatcher is not None
                      else registry.render_in_pool(kind, context, templates))
            rendering.append(future)
        else:
            future = registry.render_now(kind, context, templates)
        keys[id(future)] = key
        return future

    try:
        done, jobs = registry.build(run, submit, templates, options)
        if dispatcher is not None:
            dispatcher.flush()
        for finished, future in enumerate(as_completed(rendering), start=1):
            future.result()   # a failure (DocumentFailed, naming the document) stops the run
            progress.report("Renderar dokument", finished, len(rendering))
    finally:
        if dispatcher is not None:
            dispatcher.close()
    documents: dict[str, bytes] = {}
    for job in jobs:
        documents.update(registry.files_of(run, done, job))
    renderings = {keys[id(job.future)]: sorted(job.future.result()) for job in jobs if keys[id(job.future)]}
    reused_files = tuple(sorted(name for job in jobs if id(job.future) in reused for name in job.future.result()))
    return Rendered(documents, done, renderings, reused_files)


@task(name="rendera dokument", cache_policy=NO_CACHE)
def render_task(run: Run, templates_root: Path, options: frozenset[str], previous: Previous | None,
                formats: frozenset[str], parts: int = 0, staging: Path | None = None) -> Rendered:
    """One Prefect task for the step, not one per document: each task run costs Prefect's client and server
    about 0.05 s of CPU, which for a kommun's 60 reports was 3 s of a 23 s run on two cores. The documents are
    still rendered side by side, in the process pool."""
    return render_documents(run, templates_root, options, previous, formats, parts, staging)


@flow(name="kommunrapport", log_prints=False, validate_parameters=False)
def kommunrapport_flow(config_path: Path, inputs_dir: Path, outputs_dir: Path, year: int, tillfalle: str,
                       templates_root: Path, underlag: bool = False, validated: Validated | None = None,
                       archive_dir: Path | None = None, tillat_saknade: bool = False,
                       publicera: bool = False, format: str = "båda", fordela: int = 0) -> RunResult:
    """`tillfalle`: tertial, delar, bokslut, plan or tidplan; with `underlag` the rapportunderlag for that
    tillfälle. `validated`: the inputs the caller has read and validated already (wrap it in
    prefect.utilities.annotations.quote); else the flow reads them. `archive_dir`: where the inputs, config,
    templates and manifest are archived (pipeline.write.arkiv); default the config's [arkiv] mapp, else arkiv/
    beside `outputs_dir`. `tillat_saknade`: write the reports although a nämnd's rapportunderlag is missing.
    `publicera`: also the website (registry option "publicera"). `format`: the reports as docx, pdf or båda (both;
    a document in one format only is made anyway). `fordela`: render the heavy documents on the service's workers in
    that many parts (pipeline.flows.fordela; 0: this machine's process pool)."""
    point = points.point_of(tillfalle, underlag)
    target = outputs_dir / f"{year}-{point.label(tillfalle)}"
    # One writer per output folder; the CLI holds the lock already (then this is a no-op), a deployment takes it here.
    with output_lock(target) as notes:
        for note in notes:
            get_run_logger().warning(note)
        return _run(config_path, inputs_dir, outputs_dir, year, tillfalle, templates_root, underlag, validated,
                    archive_dir, tillat_saknade, publicera, point, target, format, fordela)


def _run(config_path: Path, inputs_dir: Path, outputs_dir: Path, year: int, tillfalle: str, templates_root: Path,
         underlag: bool, validated: Validated | None, archive_dir: Path | None, tillat_saknade: bool, publicera: bool,
         point, target: Path, format: str = "båda", fordela: int = 0) -> RunResult:
    config = load_config(config_path)
    progress.report("Läser indata", 0, 1)
    inputs = validated.inputs if validated is not None else read_task(config, inputs_dir, year, tillfalle, underlag,
                                                                       tillat_saknade)
    if point.strict and inputs.problems:
        raise InputError(inputs.problems.sorted())
    run = model_task(config, inputs)
    rendered = render_task(run, templates_root, frozenset({"publicera"}) if publicera else frozenset(),
                           Previous.of(target), FORMATS[format], fordela, target.parent / f".{target.name}.rendering")
    documents, done = rendered.documents, rendered.done
    summary = point.summary(run, sorted(documents))
    if "webbplats" in done.contexts:
        from pipeline.context.webb import lix_lines

        summary += "\n".join(["", *lix_lines(done.contexts["webbplats"])]) + "\n"
    label = point.label(tillfalle)
    config_files = tuple(dict.fromkeys([*inputs.config_files, *config.files]))
    files = package(documents, summary, list(inputs.files), config_path, templates_root, inputs_dir.parent,
                    {"kommun": config.kommun_namn, "ar": year, "tillfalle": label}, config_files,
                    run_parameters(year, tillfalle, underlag, tillat_saknade, publicera, format), rendered.renderings)
    archive_task(archive_folder(archive_dir, config.arkiv, outputs_dir),
                 run_sources(list(inputs.files), config_path, templates_root, config_files),
                 f"{year}-{label}", files["manifest.json"])
    write_task(target, files)
    return RunResult(target, tuple(sorted(files)), tuple(sorted(documents)), summary, inputs.notes, rendered.reused)
