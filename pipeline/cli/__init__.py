"""Kommandoradsgränssnittet `kommunrapport` (Swedish for users). Exit 0 = ok, 1 = fel i indata, 2 = fel användning."""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline.cli import sv as cli_sv
from pipeline.cli.server import server_app
from pipeline.write.up_to_date import Unchanged
from pipeline.config import TILLFALLEN, ConfigError, load_config
from pipeline.model.granskning import ComplianceError
from pipeline.config.problems import InputError, Problem
from pipeline.resources import TEMPLATES

cli_sv.install()

app = typer.Typer(
    help="Kommunrapport: kommunens uppföljningsrapporter från Excel till Word och PDF.",
    add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
)
console = Console(highlight=False)
err = Console(stderr=True, highlight=False)

KONFIG = typer.Option(Path("config/kommun.toml"), "--konfig", help="Kommunens konfigurationsfil.")
INDATA = typer.Option(Path("inputs"), "--indata", help="Mappen med indata (inputs/<år>/…).")
UTDATA = typer.Option(Path("outputs"), "--utdata", help="Mappen där dokumenten skrivs.")
AR = typer.Argument(..., help="Rapportåret, t.ex. 2026.", min=2000, max=2100, metavar="ÅR")
TILLFALLE = typer.Argument(..., help="Rapporttillfället: tertial, delar eller bokslut (validera även plan).",
                           metavar="TILLFÄLLE")


def _check_tillfalle(tillfalle: str, allowed: tuple[str, ...] = TILLFALLEN) -> str:
    if tillfalle not in allowed:
        err.print(f"Okänt rapporttillfälle '{tillfalle}'. Välj ett av: {', '.join(allowed)}.")
        raise typer.Exit(2)
    return tillfalle


def _load(konfig: Path):
    try:
        return load_config(konfig)
    except ConfigError as exc:
        from pipeline.cli.ny import config_hints

        if hints := config_hints(exc.path, exc.problems):
            err.print("Att fylla i först:")
            for hint in hints:
                err.print(f"  - {hint}", markup=False, soft_wrap=True)
            err.print("")
        err.print(f"Fel i konfigurationen {exc.path}:")
        for p in exc.problems:
            err.print(f"  - {p}", markup=False)
        raise typer.Exit(1)


def print_problems(problems: list[Problem]) -> None:
    files = sorted({p.fil for p in problems})
    err.print(f"[bold red]{len(problems)} fel i indata[/] ({len(files)} filer). Inga dokument skrevs.")
    current = None
    for p in problems:
        if p.fil != current:
            current = p.fil
            err.print(f"\n[bold]{p.fil}[/]")
        where = p.plats_i_filen()
        err.print(f"  {where + ': ' if where else ''}{p.meddelande}", markup=False)


@app.command("validera")
def validera(ar: int = AR, tillfalle: str = TILLFALLE, konfig: Path = KONFIG, indata: Path = INDATA,
             tillat_saknade: bool = typer.Option(False, "--tillåt-saknade",
                                                 help="Godkänn indata även om någon förvaltnings rapportunderlag "
                                                      "saknas.")) -> None:
    """Läs och kontrollera alla indata för ett rapporttillfälle. Inga filer skrivs eller ändras."""
    from pipeline.flows.validate import read_and_stage, read_and_stage_plan

    _check_tillfalle(tillfalle, (*TILLFALLEN, "plan"))
    config = _load(konfig)
    started = time.perf_counter()
    if tillfalle == "plan":
        with console.status("Läser och kontrollerar planeringsunderlagen …"):
            raw, plan, problems = read_and_stage_plan(config, indata, ar)
        if problems:
            print_problems(problems.sorted())
            raise typer.Exit(1)
        console.print(f"Planeringsunderlagen för {ar} är godkända: {len(raw.files)} filer, {len(plan.paths)} nämnder, "
                      f"{len(plan.forslag)} förslag, {len(plan.konsekvenser)} konsekvensrader.", soft_wrap=True)
        return
    with console.status("Läser och kontrollerar indata …"):
        raw, staged, problems = read_and_stage(config, indata, ar, tillfalle)
    from pipeline.cli import inlamning

    if not tillat_saknade:
        from pipeline.flows.points import add_missing_underlag

        add_missing_underlag(config, staged, problems, indata, ar, tillfalle)
    table, deadline = inlamning.table_of(config, raw, staged, problems, ar, tillfalle)
    for line in inlamning.lines(table, deadline):   # Bilaga 4, Samla in: who has delivered, in time
        console.print(line, markup=False, soft_wrap=True)
    if problems:
        print_problems(problems.sorted())
        raise typer.Exit(1)
    from pipeline.context.format import number

    console.print(f"Indata för {ar} {tillfalle} är godkända: {len(raw.files)} filer, "
                  f"{number(len(staged.utfall) + len(staged.utfall_fg))} utfallsrader, {number(len(staged.budget))} "
                  f"budgetrader ({number(time.perf_counter() - started, 1)} s).")
    for note in staged.notes:
        console.print(f"  Obs: {note}")
    # A kommun's starter folder (`kommunrapport ny`) validates while its workbooks have headers only: say what is empty.
    for frame, what in ((staged.budget, "Budgeten (bladet Budget)"), (staged.utfall, f"Huvudboken för {ar}"),
                        (staged.mal, "Målen (bladet Mål)"), (staged.indikatorer, "Indikatorerna (bladet Indikatorer)")):
        if frame.empty:
            console.print(f"  Obs: {what} har inga rader ännu.", markup=False)


def _templates(mallar: Path | None, config) -> Path:
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

    config = config or _load(konfig)
    mallar = _templates(mallar, config)
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
    _check_report_options(tillfalle, publicera, format)
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


def _check_report_options(tillfalle: str, publicera: bool, format: str) -> None:
    _check_tillfalle(tillfalle, (*TILLFALLEN, "plan"))
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
    _check_report_options(tillfalle, publicera, format)
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


@app.command("kör")
def kor(ar: int = AR, tillfalle: str = TILLFALLE, konfig: Path = KONFIG, indata: Path = INDATA, utdata: Path = UTDATA,
        mallar: Path = typer.Option(None, "--mallar", help="Mallmappen (docx/ och html/); annars konfigurationens "
                                                            "[mallar] mapp, annars programmets standardmallar."),
        arkiv: Path = typer.Option(None, "--arkiv", help="Arkivmappen där indata, konfiguration, mallar och manifest "
                                                          "sparas; annars konfigurationens [arkiv] mapp, annars "
                                                          "arkiv/ bredvid utdatamappen."),
        fran_arkiv: Path = typer.Option(None, "--från-arkiv", metavar="MANIFEST",
                                        help="Bygg om en tidigare körning ur arkivet med dagens program (till "
                                             "--utdata, standard ombyggt/) och jämför med de publicerade "
                                             "dokumenten."),
        tillat_saknade: bool = typer.Option(False, "--tillåt-saknade",
                                            help="Skriv rapporterna även om någon förvaltnings rapportunderlag "
                                                 "saknas (nämnden får då budget och utfall utan förvaltningens "
                                                 "prognos och analys)."),
        publicera: bool = typer.Option(False, "--publicera",
                                       help="Skriv också webbplatsen (mappen webb/ i utdatamappen), som "
                                            "kommandot publicera."),
        format: str = typer.Option("båda", "--format", metavar="FORMAT",
                                   help="Rapporterna som docx, pdf eller båda (standard). Dokument som bara finns i "
                                        "ett format (tjänsteskrivelser, arbetsböcker) skrivs ändå."),
        server: str = typer.Option(None, "--server", metavar="URL",
                                   help="Kör på Kommunrapport-tjänsten med denna adress (se server starta), t.ex. "
                                        "http://127.0.0.1:4200/api, och följ körningen. Tjänstens arbetare måste nå "
                                        "samma mappar under samma sökvägar."),
        fordela: int = typer.Option(0, "--fördela", metavar="N", min=0,
                                    help="Med --server: rendera de tunga dokumenten i N delar som tjänstens arbetare "
                                         "tar (standard 0: arbetaren som kör tillfället renderar allt).")) -> None:
    """Kör ett rapporttillfälle: validera, beräkna och skriv en rapport per nämnd (.docx och .pdf)."""
    if server is not None:
        run_on_server(server, ar, tillfalle, konfig, indata, utdata, mallar, arkiv, tillat_saknade, publicera,
                      format, fran_arkiv, fordela)
        return
    if fordela:
        err.print("--fördela gäller bara med --server (tjänstens arbetare).", markup=False)
        raise typer.Exit(2)
    if fran_arkiv is not None:
        rebuild_from_archive(ar, tillfalle, fran_arkiv, utdata if utdata != Path("outputs") else Path("ombyggt"),
                             arkiv)
        return
    run_report(ar, tillfalle, konfig, indata, utdata, mallar, arkiv, tillat_saknade, publicera, format)


@app.command("publicera")
def publicera_cmd(ar: int = AR, tillfalle: str = TILLFALLE, konfig: Path = KONFIG, indata: Path = INDATA,
                  utdata: Path = UTDATA,
                  mallar: Path = typer.Option(None, "--mallar", help="Mallmappen (docx/, html/ och web/); annars "
                                                                      "konfigurationens eller programmets."),
                  tillat_saknade: bool = typer.Option(False, "--tillåt-saknade",
                                                      help="Publicera även om någon förvaltnings rapportunderlag "
                                                           "saknas.")) -> None:
    """Skriv rapporttillfällets webbplats för kommunens webb: en tillgänglig, statisk webbplats (startsida, nämnder,
    KF-mål, medborgarsidor, åtgärder, nedladdningar, tillgänglighetsredogörelse och öppna data) i
    utdatamappen/ÅR-TILLFÄLLE/webb/, tillsammans med rapporterna som den länkar till."""
    run_report(ar, tillfalle, konfig, indata, utdata, mallar, None, tillat_saknade, publicera=True)


def _rebuild(manifest, archive: Path) -> tuple[dict[str, bytes] | None, dict[str, str]]:
    """The run of `manifest` rebuilt from `archive` alone, in a temporary folder, through the one run path:
    ({output file: bytes}, {}) or (None, {archived file: problem}) when the archive cannot restore it."""
    import tempfile

    from pipeline.verifiera import restore

    params = manifest.doc["parametrar"]
    with tempfile.TemporaryDirectory(prefix="kommunrapport-ombygge-") as tmp:
        restored, problems = restore(manifest, archive, Path(tmp) / "återställd")
        if restored is None:
            return None, problems
        result = run_point(params["ar"], params["tillfalle"], restored.config, restored.inputs_dir, Path(tmp) / "ut",
                           restored.templates, underlag=params.get("underlag", False), arkiv=Path(tmp) / "arkiv",
                           tillat_saknade=params.get("tillat_saknade", False), publicera=params.get("publicera", False),
                           format=params.get("format", "båda"))
        return {p.relative_to(result.output_dir).as_posix(): p.read_bytes()
                for p in result.output_dir.rglob("*") if p.is_file()}, {}


def rebuild_from_archive(ar: int, tillfalle: str, target: Path, utdata: Path, arkiv: Path | None) -> None:
    """kör ÅR TILLFÄLLE --från-arkiv MANIFEST: the past run rebuilt from its archive alone into utdata/, each
    document said identical to the published one or not, and for those that differ the first differing text."""
    from pipeline.verifiera import VerifyError, default_archive, load_manifest
    from pipeline.verifiera.text import first_difference
    from pipeline.write import sha256_bytes, write_atomically
    from pipeline.write.kodversion import describe

    try:
        manifest = load_manifest(target)
    except VerifyError as exc:
        err.print(str(exc), markup=False, soft_wrap=True)
        raise typer.Exit(2)
    params = manifest.doc["parametrar"]
    if (params["ar"], params["tillfalle"]) != (ar, tillfalle):
        err.print(f"Manifestet gäller {params['ar']} {params['tillfalle']}, inte {ar} {tillfalle}.", markup=False)
        raise typer.Exit(2)
    archive = arkiv or default_archive(manifest)
    published_dir = manifest.run_folder
    if published_dir is not None and (utdata.resolve() / published_dir.name) == published_dir.resolve():
        err.print(f"Ombyggnaden får inte skriva över de publicerade dokumenten i {published_dir}; ange --utdata.")
        raise typer.Exit(2)
    rebuilt, problems = _rebuild(manifest, archive)
    if rebuilt is None:
        for name, problem in problems.items():
            err.print(f"{name}: {problem}", markup=False, soft_wrap=True)
        raise typer.Exit(1)
    folder = utdata.resolve() / f"{params['ar']}-{manifest.doc['tillfalle']}"
    write_atomically(folder, rebuilt)
    console.print(f"Ombyggd ur arkivet till {folder}: byggd med {describe(manifest.doc['kod'])}.", soft_wrap=True)
    differ = 0
    for name, sha in sorted(manifest.outputs.items()):
        if name not in rebuilt:
            console.print(f"saknas       {name} – skrivs inte längre", markup=False, soft_wrap=True)
            differ += 1
        elif sha256_bytes(rebuilt[name]) == sha:
            console.print(f"identisk     {name}", markup=False, soft_wrap=True)
        else:
            differ += 1
            published = published_dir / name if published_dir is not None else None
            why = (first_difference(name, published.read_bytes(), rebuilt[name])
                   if published is not None and published.is_file() and sha256_bytes(published.read_bytes()) == sha
                   else "den publicerade filen finns inte kvar oförändrad att jämföra texten med")
            console.print(f"skiljer sig  {name} – {why}", markup=False, soft_wrap=True)
    console.print(f"{len(manifest.outputs) - differ} av {len(manifest.outputs)} dokument identiska med de publicerade.",
                  soft_wrap=True)
    raise typer.Exit(0 if differ == 0 else 1)


DEMO_STEG = ("tertial", "delar", "bokslut", "plan", "tidplan")


@app.command("demo")
def demo(mapp: Path = typer.Argument(Path("."), metavar="[MAPP]", show_default=False,
                                     help="Mappen där exemplet skrivs (standard: den aktuella mappen)."),
         bara: str = typer.Option(None, "--bara", metavar="STEG",
                                  help="Kör bara ett steg: tertial, delar, bokslut, plan eller tidplan.")) -> None:
    """Kör Exempelkommuns år: 2026 års tertial, delår och bokslut, planeringsomgången för 2027 och tidplanen för
    budgetprocessen 2026. Skriver exempelkommunens config/ och inputs/ i MAPP (om de saknas) och dokumenten i
    MAPP/outputs/."""
    from pipeline.cli.exempel import ExampleConflict, write_example

    try:
        written = write_example(mapp)
    except ExampleConflict as exc:
        err.print(str(exc), markup=False, soft_wrap=True)
        raise typer.Exit(2)
    if written:
        console.print(f"Exempelkommunens konfiguration och indata skrivna i {mapp.resolve()} ({written} filer).",
                      soft_wrap=True)
    konfig = mapp / "config" / "kommun.toml"
    steg = DEMO_STEG if bara is None else (_check_tillfalle(bara, DEMO_STEG),)
    for tillfalle in ("tertial", "delar", "bokslut"):
        if tillfalle in steg:
            # at tertial 1 one förvaltning of the example has not delivered: the reports are written for the rest
            run_report(2026, tillfalle, konfig, mapp / "inputs", mapp / "outputs", None,
                       tillat_saknade=tillfalle == "tertial")
    if "plan" in steg:
        run_report(2027, "plan", konfig, mapp / "inputs", mapp / "outputs", None)
    if "tidplan" in steg:
        tidplan(2026, konfig, mapp / "outputs", None)


@app.command("ny")
def ny(kommunkod: str = typer.Argument(..., metavar="KOMMUNKOD", help="Kommunens kommunkod, fyra siffror (t.ex. 0583)."),
       mapp: Path = typer.Argument(None, metavar="[MAPP]", show_default=False,
                                   help="Mappen som skrivs (standard: en ny mapp med kommunens namn)."),
       ar: int = typer.Option(None, "--ar", min=2000, max=2100, show_default=False,
                              help="Rapportåret för indatamapparna (standard: innevarande år).")) -> None:
    """Skriv en startmapp för en kommun: kommentarsatt config/kommun.toml med kommunens namn och kod, och tomma
    indatafiler med rätt blad och rubriker i inputs/ÅR/. Skriver aldrig över något."""
    from datetime import date

    from pipeline.cli.ny import StarterError, find_kommun, write_starter

    kommun = find_kommun(kommunkod.strip())
    if kommun is None:
        err.print(f"Kommunkoden '{kommunkod}' finns inte bland SCB:s 290 kommuner. Ange kommunens fyra siffror, "
                  "t.ex. 0583 för Motala.", markup=False, soft_wrap=True)
        raise typer.Exit(2)
    year = ar or date.today().year
    folder = mapp if mapp is not None else Path(kommun.kortnamn)
    try:
        files = write_starter(kommun, folder, year)
    except StarterError as exc:
        err.print(str(exc), markup=False, soft_wrap=True)
        raise typer.Exit(2)
    grupp = f"SKR:s kommungrupp {kommun.kommungrupp}" if kommun.kommungrupp else "ingen SKR-kommungrupp"
    console.print(f"Startmapp för {kommun.namn} ({kommun.kod}, {kommun.lan}; {grupp}) skriven i {folder.resolve()}: "
                  f"{len(files)} filer.", markup=False, soft_wrap=True)
    console.print("Nästa steg:", markup=False)
    for step in (f"Fyll i nämnder och verksamheter i {folder / 'config' / 'kommun.toml'} (markerat ATT GÖRA).",
                 f"Fyll i budget, föregående års utfall och mål och indikatorer i {folder / 'inputs' / str(year)}; "
                 "lägg huvudboksexporten i tertial/, delar/ och bokslut/.",
                 f"Kör `kommunrapport underlag {year} tertial` i mappen: förifyllda rapportunderlag till nämnderna.",
                 f"Kör `kommunrapport validera {year} tertial` i mappen: den säger vad som fortfarande saknas."):
        console.print(f"  - {step}", markup=False, soft_wrap=True)


@app.command("underlag")
def underlag(ar: int = AR, tillfalle: str = TILLFALLE, konfig: Path = KONFIG, indata: Path = INDATA,
             utdata: Path = UTDATA) -> None:
    """Skriv förifyllda rapportunderlag (en arbetsbok per nämnd) för ÅR och TILLFÄLLE (tertial, delar, bokslut, plan)."""
    _check_tillfalle(tillfalle, (*TILLFALLEN, "plan"))
    result = run_point(ar, tillfalle, konfig, indata, utdata, None, underlag=True)
    for note in result.notes:
        console.print(f"Obs: {note}", soft_wrap=True)
    console.print(f"{len(result.documents)} rapportunderlag skrivna till {result.output_dir}.", soft_wrap=True)


@app.command("tidplan")
def tidplan(ar: int = AR, konfig: Path = KONFIG, utdata: Path = UTDATA,
            mallar: Path = typer.Option(None, "--mallar", help="Mallmappen (docx/ och html/); annars konfigurationens "
                                                               "eller programmets standardmallar.")) -> None:
    """Skriv årets tidplan för budgetprocessen (mål och resursplan för ÅR+1) som .docx, .pdf och .ics."""
    from pipeline.config.error import ConfigError as TidplanError
    from pipeline.config.tidplan import valar_for

    config = _load(konfig)
    try:   # the tidplan reads no inputs; its manifest names files relative to the kommun's folder
        result = run_point(ar, "tidplan", konfig, konfig.resolve().parent.parent / "inputs", utdata, mallar,
                           config=config)
    except TidplanError as exc:
        err.print(f"Fel i tidplanen {exc.path}:")
        for p in exc.problems:
            err.print(f"  - {p}", markup=False)
        raise typer.Exit(1)
    valar = valar_for(ar, config.planering.valar)
    console.print(f"Tidplanen {ar}{' (valår)' if valar else ''} skriven till {result.output_dir}: "
                  f"{', '.join(result.documents)}.", soft_wrap=True)


@app.command("verifiera")
def verifiera(mal: Path = typer.Argument(..., metavar="UTDATAMAPP", help="En körnings utdatamapp (med manifest.json) "
                                                                        "eller en manifestfil, t.ex. i arkivet."),
              arkiv: Path = typer.Option(None, "--arkiv", help="Arkivmappen; standard: arkiv/ bredvid utdatamappen."),
              rapport: Path = typer.Option(None, "--rapport", help="Skriv verifieringen som .json, .docx eller .pdf.")
              ) -> None:
    """Bygg om en körning ur arkivet (aldrig ur inputs/) och jämför varje utdatafil byte för byte med den
    publicerade. Slutkod 0 bara när allt är identiskt."""
    from pipeline.verifiera import VerifyError, default_archive, load_manifest, published_state, verdict

    if rapport is not None and rapport.suffix.lower() not in (".json", ".docx", ".pdf"):
        err.print(f"--rapport ska vara en .json-, .docx- eller .pdf-fil, inte {rapport.name}.", markup=False)
        raise typer.Exit(2)
    try:
        manifest = load_manifest(mal)
    except VerifyError as exc:
        err.print(str(exc), markup=False, soft_wrap=True)
        raise typer.Exit(2)
    archive = arkiv or default_archive(manifest)
    if not archive.is_dir():
        err.print(f"Arkivet {archive} finns inte; ange det med --arkiv.", markup=False, soft_wrap=True)
        raise typer.Exit(2)
    params = manifest.doc["parametrar"]
    published = published_state(manifest)
    console.print(f"Bygger om {params['ar']} {params['tillfalle']} ur arkivet {archive} …", soft_wrap=True)
    rerun, problems = _rebuild(manifest, archive)
    result = verdict(manifest, published, problems, rerun)
    width = max(len(s) for s, _ in result.files.values())
    for name, (state, why) in result.files.items():
        console.print(f"{state:<{width}}  {name}{f' – {why}' if why else ''}", markup=False, soft_wrap=True)
    for note in result.notes:
        console.print(f"Obs: {note}", markup=False, soft_wrap=True)
    same = sum(1 for s, _ in result.files.values() if s == "identisk")
    console.print(f"{same} av {len(result.files)} filer identiska." + ("" if result.ok else " Körningen kunde inte "
                  "verifieras."), soft_wrap=True)
    if rapport is not None:
        from pipeline.render.verifiering import render_verification, render_verification_pdf

        rapport.parent.mkdir(parents=True, exist_ok=True)
        render = {".json": lambda: result.as_json(manifest), ".docx": lambda: render_verification(manifest, result),
                  ".pdf": lambda: render_verification_pdf(manifest, result)}[rapport.suffix.lower()]
        rapport.write_bytes(render())
        console.print(f"Verifieringen skriven till {rapport}.", soft_wrap=True)
    raise typer.Exit(0 if result.ok else 1)


@app.command("generera")
def generera(utdata: Path = typer.Option(Path("inputs"), "--utdata", help="Mappen där indata skrivs."),
             ar: int = typer.Option(2026, "--ar", help="Året som genereras."),
             seed: int = typer.Option(2026, "--seed", help="Slumpfrö; samma frö ger identiska filer."),
             skala: bool = typer.Option(False, "--skala", help="Stor kommun för prestandamätning (30 nämnder, "
                                                                "600 verksamheter, 2 000 000 huvudboksrader).")) -> None:
    """Generera exempeldata (Exempelkommun) eller en stor kommun för prestandamätning."""
    from exempel import generate_example, generate_scaled

    if skala:
        out = generate_scaled(utdata, year=ar, seed=seed)
        console.print(f"Stor kommun skriven till {out} (konfiguration: {out / 'kommun.toml'}).")
    else:
        from exempel import EXEMPELKOMMUN

        paths = generate_example(_load(EXEMPELKOMMUN / "config" / "kommun.toml"), utdata, year=ar, seed=seed)
        console.print(f"{len(paths)} filer skrivna under {utdata}.")


@app.command("hämta-kolada")
def hamta_kolada(ar: int = AR, konfig: Path = KONFIG, indata: Path = INDATA,
                 bas_url: str = typer.Option("https://api.kolada.se", "--bas-url",
                                             help="Koladas adress (ändras bara för test eller en spegel).")) -> None:
    """Hämta Indikatorer-bladets Kolada-nyckeltal för alla kommuner till inputs/ÅR/Kolada ÅR.json."""
    from pipeline.kolada.client import KoladaError
    from pipeline.kolada.fetch import fetch_kolada, summary_lines

    if not bas_url.startswith(("http://", "https://")):
        err.print(f"Ogiltig adress för --bas-url: '{bas_url}'. Den ska börja med https:// (eller http://).", markup=False)
        raise typer.Exit(2)
    config = _load(konfig)
    try:
        result = fetch_kolada(config, indata, ar, bas_url.rstrip("/"), console)
    except InputError as exc:
        print_problems(exc.problems)
        raise typer.Exit(1)
    except KoladaError as exc:
        err.print(str(exc), markup=False)
        err.print("Ingen fil skrevs (en tidigare hämtad fil lämnas orörd).")
        raise typer.Exit(1)
    for line in summary_lines(result):
        console.print(line, markup=False)


mallar_app = typer.Typer(help="Kommunens mallar (Word och HTML för PDF).", no_args_is_help=True,
                         rich_markup_mode=None)
app.add_typer(mallar_app, name="mallar")
app.add_typer(server_app, name="server")


@mallar_app.command("kontrollera")
def mallar_kontrollera(mallmapp: Path = typer.Argument(
        TEMPLATES, metavar="MALLMAPP", show_default=False,
        help="Mappen med mallarna (docx/ och html/), t.ex. en kopia från `mallar kopiera`. Standard: programmets mallar.")
) -> None:
    """Kontrollera mallarna mot programmets variabler: okända variabler, obligatoriska variabler som saknas,
    syntaxfel och taggar som Word har delat. Variablerna: docs/mallvariabler.md."""
    if not mallmapp.is_dir():
        err.print(f"Mallmappen {mallmapp} finns inte.", markup=False, soft_wrap=True)
        raise typer.Exit(2)
    if not (mallmapp / "docx").is_dir() and not (mallmapp / "html").is_dir():
        err.print(f"Mallmappen {mallmapp} saknar mapparna docx/ och html/.", markup=False, soft_wrap=True)
        raise typer.Exit(2)
    from pipeline.mallkontroll.check import check_folder

    with console.status("Kontrollerar mallarna …"):
        result = check_folder(mallmapp)
    for note in result.notes:
        console.print(f"Obs: {note}", markup=False, soft_wrap=True)
    if result.findings:
        files = {f.file for f in result.findings}
        err.print(f"[bold red]{len(result.findings)} fel i mallarna[/] ({len(files)} "
                  f"{'fil' if len(files) == 1 else 'filer'}):")
        for finding in result.findings:
            err.print(finding.text(), markup=False, soft_wrap=True)
        err.print("Variablerna som finns och vilka som är obligatoriska: docs/mallvariabler.md.")
        raise typer.Exit(1)
    console.print(f"Mallarna är i ordning: {', '.join(result.checked)}.", markup=False, soft_wrap=True)


@mallar_app.command("kopiera")
def mallar_kopiera(mapp: Path = typer.Argument(..., metavar="MAPP", help="Mappen som skrivs, t.ex. mallar."),
                   alternativ: bool = typer.Option(False, "--alternativ",
                                                   help="Kopiera den alternativa mallsatsen i stället.")) -> None:
    """Kopiera programmets mallar (docx/ och html/ med typsnitt och logotyp, web/ för webbplatsen) till MAPP för
    kommunens egna ändringar.
    Peka ut kopian med [mallar] mapp i config/kommun.toml. Skriver aldrig över något."""
    from pipeline.cli.ny import StarterError, copy_templates

    try:
        files = copy_templates(mapp, alternativ)
    except StarterError as exc:
        err.print(str(exc), markup=False, soft_wrap=True)
        raise typer.Exit(2)
    console.print(f"{'Den alternativa mallsatsen' if alternativ else 'Programmets mallar'} kopierade till "
                  f"{mapp.resolve()} ({len(files)} filer). Peka ut dem med [mallar] mapp i config/kommun.toml och "
                  f"kontrollera ändringar med `kommunrapport mallar kontrollera {mapp}`.", markup=False, soft_wrap=True)


def main() -> None:
    """The `kommunrapport` command: no traceback reaches the user (pipeline.fel)."""
    from pipeline import fel

    collector = fel.install()
    try:
        app()
    except KeyboardInterrupt:
        err.print("Avbrutet.")
        sys.exit(130)
    except SystemExit as exit_:
        if exit_.code not in (0, None) and collector.errors():   # a reader logged an unexpected error
            log, why_not = fel.write_log(collector, None)
            err.print(f"Ett oväntat fel inträffade när indata lästes. "
                      f"{fel.where_logged(log, why_not)}", markup=False, soft_wrap=True)
        raise
    except Exception as exc:  # noqa: BLE001  the whole point: a Swedish sentence, the detail in the log file
        log, why_not = fel.write_log(collector, exc)
        err.print(fel.message(exc, log, why_not), markup=False, soft_wrap=True)
        sys.exit(1)
    finally:
        # The process ends now: its objects need not be searched for reference cycles once more as the interpreter
        # shuts down (gc.freeze moves them out of the collector's reach). That last collection took 0.3 s of an
        # unchanged rerun's 3.5 s.
        gc.freeze()


@app.command("status")
def status(ar: int = AR, tillfalle: str = TILLFALLE, konfig: Path = KONFIG, indata: Path = INDATA,
           utdata: Path = UTDATA) -> None:
    """Visa vilka förvaltningar som har lämnat rapportunderlag, om de går att läsa och om de kom i tid; skriver
    också inlamning.xlsx. Kod 0 när allt är inlämnat, läsbart och i tid, annars 1."""
    from pipeline.cli import inlamning as s
    from pipeline.context.format import long_date
    from pipeline.render.inlamning_xlsx import render_inlamning
    from pipeline.write import write_file_atomically

    _check_tillfalle(tillfalle)
    config = _load(konfig)
    with console.status("Läser rapportunderlagen …"):
        table, deadline = s.gather(config, indata, ar, tillfalle)
    title = f"Inlämning av rapportunderlag {config.tillfalle(tillfalle).namn} {ar}"
    console.print(title)
    for line in s.lines(table, deadline):
        console.print(line, markup=False, soft_wrap=True)
    target = utdata / f"{ar}-{tillfalle}-inlamning.xlsx"
    write_file_atomically(target, render_inlamning(table, title, f"Sista dag: {long_date(deadline)}." if deadline else
                                          "Ingen sista dag är satt i konfigurationen."))
    console.print(f"Skriven: {target}", markup=False)
    if not s.complete(table):
        raise typer.Exit(1)


@app.command("bevaka")
def bevaka(ar: int = AR, tillfalle: str = TILLFALLE, konfig: Path = KONFIG, indata: Path = INDATA,
           inkorg: Path = typer.Option(None, "--inkorg", help="Inkorgen (förvaltningarnas mapp); annars "
                                                               "konfigurationens [inkorg] mapp, annars inkorg/."),
           intervall: float = typer.Option(60.0, "--intervall", min=1.0, help="Sekunder mellan omgångarna."),
           en_gang: bool = typer.Option(False, "--en-gång", help="Granska en gång och avsluta."),
           server: str = typer.Option(None, "--server", metavar="URL",
                                      help="Låt Kommunrapport-tjänsten med denna adress granska inkorgen var "
                                           "INTERVALL:e sekund (ett schema på driftsättningen inkorg) i stället för "
                                           "den här datorn; med --en-gång en omgång nu, som följs här.")) -> None:
    """Bevaka inkorgen inkorg/ÅR/TILLFÄLLE/: granska varje ny eller ändrad arbetsbok mot övriga indata, skriv en
    granskning bredvid den (.txt och .html: varje fel med blad, rad och kolumn, eller godkänd), kopiera godkända
    filer till indata och visa inlämningsstatusen. Ctrl-C avslutar."""
    from pipeline import inkorg as box
    from pipeline.cli import inlamning as s
    from pipeline.write.las import OutputBusy

    _check_tillfalle(tillfalle, (*TILLFALLEN, "plan"))
    if server is not None:
        from pipeline.cli.fjarr import absolute, run_remote, schedule_inkorg

        parameters = {"ar": ar, "tillfalle": tillfalle, "mapp": absolute(Path.cwd()), "konfig": absolute(konfig),
                      "indata": absolute(indata), "inkorg": absolute(inkorg)}
        code = (run_remote(server, "inkorg", parameters, console, err, summary=False) if en_gang
                else schedule_inkorg(server, parameters, intervall, console, err))
        if code:
            raise typer.Exit(code)
        return
    config = _load(konfig)
    folder = box.inkorg_folder(config, konfig, ar, tillfalle, inkorg)
    console.print(f"Bevakar {folder} ({config.tillfalle(tillfalle).namn if tillfalle != 'plan' else 'plan'} {ar}).",
                  markup=False, soft_wrap=True)
    try:
        while True:
            try:
                result = box.review_round(config, konfig, indata, ar, tillfalle, inkorg)
            except OutputBusy as exc:
                err.print(str(exc), markup=False, soft_wrap=True)
                raise typer.Exit(1)
            console.print(time.strftime("%H:%M:%S"), markup=False)
            for line in box.round_lines(result):
                console.print(line, markup=False, soft_wrap=True)
            if result.reviews and tillfalle in TILLFALLEN:
                table, deadline = s.gather(config, indata, ar, tillfalle)
                for line in s.lines(table, deadline):
                    console.print(f"  {line}", markup=False, soft_wrap=True)
            if en_gang:
                return
            time.sleep(intervall)
    except KeyboardInterrupt:
        console.print("Bevakningen avslutad.")


@app.command("jämförelse")
def jamforelse(ar: int = typer.Argument(..., help="Året som jämförs, t.ex. 2022.", min=1990, max=2100, metavar="ÅR"),
               kommuner: str = typer.Option("alla", "--kommuner", metavar="alla|KOD…",
                                            help="alla, eller kommunkoder åtskilda av komma (t.ex. 0580,0581)."),
               data: Path = typer.Option(None, "--data", envvar="KOMMUNRAPPORT_KOLADA_DDF", metavar="MAPP",
                                         help="Koladas värden för alla kommuner: open-numbers DDF-dump av Kolada "
                                              "(mappen med ddf--concepts.csv och datapoints--by--geo--year/)."),
               utdata: Path = UTDATA,
               datum: str = typer.Option(None, "--datum", metavar="ÅÅÅÅ-MM-DD",
                                         help="Rapporternas datum; standard i dag (samma datum ger samma bytes)."),
               server: str = typer.Option(None, "--server", metavar="URL",
                                          help="Kör på Kommunrapport-tjänsten: delarna fördelas på arbetarna."),
               delstorlek: int = typer.Option(30, "--delstorlek", min=1,
                                              help="Kommuner per del med --server (en del är en körning som en "
                                                   "arbetare tar).")
               ) -> None:
    """Skriv en jämförelserapport per kommun (.docx, .pdf och webbsida): varje nyckeltal i Kolada-data med värde,
    plats bland alla kommuner, fjärdedel, kommungruppens median, riket, trend och kvinnor/män, i
    UTDATA/jamforelse-ÅR/ med en indexsida och ett manifest."""
    from datetime import date as _date

    from pipeline import nationell
    from pipeline.read.kolada_ddf import KoladaDumpError
    from pipeline.write import write_atomically
    from pipeline.write.las import OutputBusy, output_lock

    if data is None:
        err.print("Ange Koladas data med --data MAPP (open-numbers DDF-dump av Kolada) eller KOMMUNRAPPORT_KOLADA_DDF.",
                  markup=False, soft_wrap=True)
        raise typer.Exit(2)
    try:
        day = _date.fromisoformat(datum) if datum else _date.today()
    except ValueError:
        err.print(f"Datumet '{datum}' är inte ÅÅÅÅ-MM-DD.", markup=False)
        raise typer.Exit(2)
    if server is not None:
        from pipeline.cli.fjarr import absolute, run_remote

        code = run_remote(server, "jamforelse", {"ar": ar, "data": absolute(data), "utdata": absolute(utdata),
                                                 "kommuner": kommuner, "datum": day.isoformat(),
                                                 "delstorlek": delstorlek}, console, err)
        if code:
            raise typer.Exit(code)
        return
    started = time.perf_counter()
    target = utdata.resolve() / nationell.FOLDER.format(year=ar)
    try:
        with output_lock(target):
            with console.status("Läser Kolada-data och räknar …"):
                batch = nationell.prepare(data, ar, kommuner, day)
            with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                          TimeElapsedColumn(), console=console) as bar:
                task = bar.add_task("Renderar jämförelserapporter", total=len(batch.contexts))
                files = nationell.render_all(batch.contexts, lambda done, total: bar.update(task, completed=done))
            parameters = {"ar": ar, "kommuner": kommuner, "datum": day.isoformat()}
            files = nationell.package(batch, files, parameters)
            write_atomically(target, files)
    except (KoladaDumpError,) as exc:
        print_problems(exc.problems)
        raise typer.Exit(1)
    except (nationell.BatchError, OutputBusy) as exc:
        err.print(str(exc), markup=False, soft_wrap=True)
        raise typer.Exit(1)
    console.print(nationell.summary(batch.contexts, ar).strip(), markup=False, soft_wrap=True)
    console.print(f"{len(files)} filer skrivna till {target} på {time.perf_counter() - started:.1f} s "
                  f"(öppna {target / 'index.html'}).", markup=False, soft_wrap=True)


@app.command("spåra")
def spara(dokument: str = typer.Argument(..., metavar="DOKUMENT", help="Dokumentets namn (del av filnamnet)."),
          rad: str = typer.Argument(..., metavar="RAD", help="Radens etikett, t.ex. \"100 Nämnd- och styrelseverksamhet\"."),
          kolumn: str = typer.Argument(..., metavar="KOLUMN", help="Kolumnens rubrik, t.ex. Utfall."),
          ar: int = typer.Argument(None, metavar="[ÅR]", show_default=False),
          tillfalle: str = typer.Argument(None, metavar="[TILLFÄLLE]", show_default=False),
          utdata: Path = UTDATA, indata: Path = INDATA, konfig: Path = KONFIG) -> None:
    """Visa varifrån en siffra i ett dokument kommer (sifferkallor.csv) och huvudbokens rader bakom den."""
    import importlib

    s = importlib.import_module("pipeline.cli.spara")

    path = s.find_csv(utdata, ar, tillfalle)
    if path is None:
        console.print(f"Hittar ingen sifferkallor.csv under {utdata}. Kör `kommunrapport kör ÅR TILLFÄLLE` först.")
        raise typer.Exit(1)
    rows = s.read_rows(path)
    found = s.matching(rows, dokument, rad, kolumn)
    if not found:
        console.print(f"Ingen siffra i {path} matchar dokument {dokument!r}, rad {rad!r}, kolumn {kolumn!r}.",
                      markup=False, soft_wrap=True)
        for what, key, wanted in (("Dokument", "dokument", dokument), ("Rader", "rad", rad), ("Kolumner", "kolumn", kolumn)):
            near = s.closest({r[key] for r in rows}, wanted)
            if near:
                console.print(f"{what} som liknar: " + "; ".join(near), markup=False, soft_wrap=True)
        raise typer.Exit(1)
    for r in found:
        console.print(f"{r['dokument']} | {r['avsnitt']} | {r['rad']} | {r['kolumn']}: {r['värde']}", markup=False, soft_wrap=True)
        console.print(f"  källa: {r['källa']}" + (f", fil {r['fil']}" if r["fil"] else "")
                      + (f", {r['filter']}" if r["filter"] else ""), markup=False, soft_wrap=True)
        if r["antal rader"]:
            console.print(f"  {r['antal rader']} rader, summa oavrundad {r['summa oavrundad (kr)']} kr", markup=False, soft_wrap=True)
        if r["källa"] == "huvudbok":
            files = sorted(indata.glob(f"**/{r['fil']}"))
            if not files:
                console.print(f"  Huvudboken {r['fil']} finns inte under {indata}.", markup=False, soft_wrap=True)
                continue
            kontoplan = _load(konfig).kontoplan if "kontoplanens rad" in r["filter"] else None
            header, ledger, total = s.filtered(files[0], r["filter"], kontoplan)
            console.print(f"  {files[0]}: {len(ledger)} rader, summa {total:.2f} kr; de första {min(len(ledger), s.SHOWN)}:",
                          markup=False, soft_wrap=True)
            console.print("    rad | " + " | ".join(header), markup=False, soft_wrap=True)
            for line, cells in ledger[:s.SHOWN]:
                console.print(f"    {line} | " + " | ".join("" if c is None else str(c) for c in cells), markup=False, soft_wrap=True)
