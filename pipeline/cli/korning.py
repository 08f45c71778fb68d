"""The report run behind `kör`, `publicera`, `underlag`, `tidplan` and `demo`: read and validate, the one flow,
the summary; with --server the run as a flow run of the service's deployment."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline.cli.common import console, err, check_tillfalle, load_kommun, print_problems
from pipeline.config import TILLFALLEN
from pipeline.config.problems import InputError
from pipeline.model.granskning import ComplianceError
from pipeline.resources import TEMPLATES
from pipeline.write.up_to_date import Unchanged


def templates_folder(mallar: Path | None, config) -> Path:
    """The template folder: --mallar, else the configuration's [mallar] mapp, else the program's templates."""
    mallar = mallar or config.mallar or TEMPLATES
    if not (mallar / "docx").is_dir() or not (mallar / "html").is_dir():
        console.print(f"Mallmappen {mallar} saknar mapparna docx/ och html/.")
        raise typer.Exit(2)
    return mallar


def run_point(ar: int, tillfalle: str, konfig: Path, indata: Path, utdata: Path, mallar: Path | None,
              underlag: bool = False, config=None, arkiv: Path | None = None, tillat_saknade: bool = False,
              publicera: bool = False, format: str = "båda"):
    """Every writing command: read and validate (while Prefect's server starts where reading is slow), then run
    the one flow (pipeline.flows.run) with the validated inputs as a parameter. Nothing is written on bad input.
    Returns the flow's RunResult."""
    from pipeline import fel
    from pipeline.flows import points
    from pipeline.write.las import OutputBusy, output_lock

    fel.set_log_folder(utdata)
    point = points.point_of(tillfalle, underlag)
    target = utdata.resolve() / f"{ar}-{point.label(tillfalle)}"   # the folder the flow writes
    try:
        with output_lock(target) as notes:
            for note in notes:
                console.print(note, markup=False, soft_wrap=True)
            return _run_point_locked(ar, tillfalle, konfig, indata, utdata, mallar, underlag, config, arkiv,
                                     tillat_saknade, publicera, format, point, target)
    except OutputBusy as exc:
        err.print(str(exc), markup=False, soft_wrap=True)
        raise typer.Exit(1)


def _run_point_locked(ar: int, tillfalle: str, konfig: Path, indata: Path, utdata: Path, mallar: Path | None,
                      underlag: bool, config, arkiv: Path | None, tillat_saknade: bool, publicera: bool,
                      format: str, point, target: Path):
    from pipeline.flows import points, progress, warmup

    config = config or load_kommun(konfig)
    mallar = templates_folder(mallar, config)
    started = time.perf_counter()
    from pipeline.flows import registry
    from pipeline.flows.points import REPORT_POINTS
    from pipeline.write.reuse import same_sources
    from pipeline.write.up_to_date import input_names, record_inputs

    # At a reporting point (not when publishing) an output folder that is already what this run would write is left
    # as it is (pipeline.write.up_to_date). The inputs folder's file names are taken before anything is read: a file
    # added during the run is not counted as seen.
    shortcut = point.name in REPORT_POINTS and not underlag and not publicera
    names = input_names(indata.resolve()) if shortcut else []
    if shortcut and (unchanged := _unchanged(ar, tillfalle, konfig, indata, utdata, mallar, config, arkiv,
                                             tillat_saknade, format, target, names)) is not None:
        return unchanged

    renders = any(kind.in_pool for kind in registry.kinds_at(point.name))
    if point.slow_read:
        warmup.start_prefect_server()
    if renders and not (target / "manifest.json").is_file():
        # Nothing to reuse: the render workers start now, importing the rendering stack on another core while this
        # one reads the inputs.
        warmup.start_render_pool()
    with console.status("Läser och kontrollerar indata …"):
        inputs = points.read(config, indata.resolve(), ar, tillfalle, underlag, tillat_saknade)
    if point.strict and inputs.problems:
        print_problems(inputs.problems.sorted())
        warmup.stop_services()
        raise typer.Exit(1)
    if point.slow_read:
        console.print(f"Indata godkända ({len(inputs.files)} filer, {time.perf_counter() - started:.1f} s).")
    warmup.start_prefect_server()
    # After a run in this folder, the workers start only when the inputs, templates or code differ from that run's
    # (else its documents are reused, and a worker starts only for one that is not).
    if renders and not same_sources(target, [*inputs.files, konfig, *inputs.config_files, *config.files], mallar):
        warmup.start_render_pool()
    with console.status("Startar Prefect …"):
        warmup.wait_for_services()
        # Prefect is imported only now: its settings are read on import, after the server's PREFECT_API_URL is set.
        from prefect.settings import temporary_settings
        from prefect.utilities.annotations import quote

        from pipeline.flows.run import kommunrapport_flow

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console, transient=False) as bar:
        task_id = bar.add_task("Beräknar …", total=None)

        def show(what: str, done: int, total: int) -> None:
            bar.update(task_id, description=what, completed=done, total=total)

        progress.listen(show)
        try:
            # No flow-run heartbeats for a run in this process: they tell a server's automations that a run started by a
            # worker has crashed, which is not how this run is watched (it is this process); and the sync engine joins
            # the heartbeat thread at the end, which sleeps in 1 s steps (0.5 s lost per run on average).
            with temporary_settings(updates={"flows.heartbeat_frequency": None}):
                result = kommunrapport_flow(config_path=konfig.resolve(), inputs_dir=indata.resolve(),
                                          outputs_dir=utdata.resolve(), year=ar, tillfalle=tillfalle,
                                          templates_root=mallar.resolve(), underlag=underlag,
                                          validated=quote(points.Validated(inputs=inputs)),
                                          archive_dir=arkiv.resolve() if arkiv is not None else None,
                                          tillat_saknade=tillat_saknade, publicera=publicera, format=format)
            if shortcut:
                record_inputs(target, indata.resolve(), names)
            return result
        except InputError as exc:
            bar.stop()
            print_problems(exc.problems)
            raise typer.Exit(1)
        except ComplianceError as exc:
            bar.stop()
            for line in exc.lines():
                err.print(line, markup=False, soft_wrap=True)
            raise typer.Exit(1)
        finally:
            progress.listen(None)


def _unchanged(ar: int, tillfalle: str, konfig: Path, indata: Path, utdata: Path, mallar: Path, config,
               arkiv: Path | None, tillat_saknade: bool, format: str, target: Path, names: list[str]):
    """The last run's result when the output folder of a reporting point is already what `kör` would write
    (pipeline.write.up_to_date), else None."""
    from pipeline.write import portable, run_parameters
    from pipeline.write.arkiv import archive_folder
    from pipeline.write.up_to_date import unchanged_run

    kontoplan = [config.kontoplan.path] if config.kontoplan is not None else []
    root = indata.resolve().parent
    parameters = {**run_parameters(ar, tillfalle, False, tillat_saknade, False, format),
                  "mallar": portable(mallar.resolve(), root)}
    return unchanged_run(target, indata.resolve(), names, konfig.resolve(), list(dict.fromkeys([*kontoplan, *config.files])),
                         mallar.resolve(), parameters,
                         archive_folder(arkiv.resolve() if arkiv is not None else None, config.arkiv, utdata.resolve()))


def run_report(ar: int, tillfalle: str, konfig: Path, indata: Path, utdata: Path, mallar: Path | None,
               arkiv: Path | None = None, tillat_saknade: bool = False, publicera: bool = False,
               format: str = "båda") -> None:
    """kör ÅR TILLFÄLLE: the documents into outputs/<ÅR>-<tillfälle> (nothing written on bad input); with
    `publicera` the website too (outputs/<ÅR>-<tillfälle>/webb/)."""
    check_report_options(tillfalle, publicera, format)
    started = time.perf_counter()
    result = run_point(ar, tillfalle, konfig, indata, utdata, mallar, arkiv=arkiv, tillat_saknade=tillat_saknade,
                       publicera=publicera, format=format)
    console.print(result.summary, markup=False, soft_wrap=True)
    if isinstance(result, Unchanged):
        console.print(f"Inget har ändrats sedan förra körningen i {result.output_dir}: samma indata, konfiguration, "
                      "mallar, programversion och val, och mappens filer stämmer mot manifestet (sha256). Ingenting "
                      f"lästes om, renderades eller skrevs ({len(result.documents)} filer; "
                      f"{time.perf_counter() - started:.1f} s).", markup=False, soft_wrap=True)
        return
    documents = [f for f in result.documents if f.endswith((".xlsx", ".docx", ".pdf") if tillfalle == "plan"
                                                             else (".docx", ".pdf")) and not f.startswith("webb/")]
    reused = [f for f in documents if f in set(result.reused)]
    if reused:
        console.print(f"{len(reused)} av {len(documents)} dokument var oförändrade sedan förra körningen i mappen och "
                      "togs därifrån i stället för att renderas igen (kontrollerade mot manifestets sha256).",
                      soft_wrap=True)
    console.print(f"{len(documents)} dokument skrivna till {result.output_dir} på {time.perf_counter() - started:.1f} s.")
    if publicera:
        pages = [f for f in result.files if f.startswith("webb/") and f.endswith(".html")]
        console.print(f"Webbplatsen: {len(pages)} sidor i {result.output_dir / 'webb'}; öppna "
                      f"{result.output_dir / 'webb' / 'index.html'}.", soft_wrap=True)


def check_report_options(tillfalle: str, publicera: bool, format: str) -> None:
    check_tillfalle(tillfalle, (*TILLFALLEN, "plan"))
    if format not in ("båda", "docx", "pdf"):
        err.print(f"Okänt format '{format}'. Välj docx, pdf eller båda.", markup=False)
        raise typer.Exit(2)
    if publicera and format != "båda":
        err.print("Webbplatsen länkar till rapporterna både som Word och PDF; kör --publicera utan --format.",
                  markup=False, soft_wrap=True)
        raise typer.Exit(2)
    if publicera and tillfalle not in TILLFALLEN:
        err.print(f"Webbplatsen görs bara vid ett rapporttillfälle ({', '.join(TILLFALLEN)}), inte för {tillfalle}.",
                  markup=False, soft_wrap=True)
        raise typer.Exit(2)


def run_on_server(url: str, ar: int, tillfalle: str, konfig: Path, indata: Path, utdata: Path, mallar: Path | None,
                  arkiv: Path | None, tillat_saknade: bool, publicera: bool, format: str,
                  fran_arkiv: Path | None, fordela: int = 0) -> None:
    """kör … --server URL: the run as a flow run of the service's deployment (pipeline.cli.fjarr)."""
    from pipeline.cli.fjarr import absolute, run_remote

    if fran_arkiv is not None:
        err.print("--från-arkiv körs på den här datorn, inte med --server.", markup=False)
        raise typer.Exit(2)
    check_report_options(tillfalle, publicera, format)
    parameters = {"ar": ar, "mapp": absolute(Path.cwd()), "konfig": absolute(konfig), "indata": absolute(indata),
                  "utdata": absolute(utdata), "mallar": absolute(mallar)}
    if tillfalle == "plan":
        deployment = "plan"
        parameters["arkiv"] = absolute(arkiv)
    elif publicera:
        deployment = "publicera"
        parameters.update(tillfalle=tillfalle, tillat_saknade=tillat_saknade)
    else:
        deployment = "rapport"
        parameters.update(tillfalle=tillfalle, arkiv=absolute(arkiv), format=format, tillat_saknade=tillat_saknade,
                          fordela=fordela)
    code = run_remote(url, deployment, parameters, console, err)
    if code:
        raise typer.Exit(code)
