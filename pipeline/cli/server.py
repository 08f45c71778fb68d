"""`kommunrapport server starta|status|stoppa`: the program as a service (pipeline.drift.tjanst: PostgreSQL, Prefect's
server, a work pool with workers and the deployments), and Prefect's local server that runs on this machine share
when no service is configured (pipeline.flows.local_server)."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console

console = Console(highlight=False)
err = Console(stderr=True, highlight=False)

server_app = typer.Typer(help="Kommunrapport som tjänst (PostgreSQL, Prefects server och arbetare) och Prefects lokala "
                              "server, som körningarna på den här datorn annars delar.", no_args_is_help=True,
                         rich_markup_mode=None)

MAPP = typer.Option(None, "--mapp", metavar="DRIFTMAPP",
                    help="Tjänstens mapp (databas, loggar, drift.json); standard KOMMUNRAPPORT_DRIFT, annars "
                         "~/.kommunrapport/drift.")


def _say(text: str, console_: Console = console) -> None:
    console_.print(text, markup=False, soft_wrap=True)


def _folder(mapp: Path | None) -> Path:
    from pipeline.drift.tjanst import default_folder

    return (mapp or default_folder()).expanduser().resolve()


@server_app.command("starta")
def starta(mapp: Path = MAPP,
           arbetare: int = typer.Option(2, "--arbetare", min=0, max=64, help="Antal arbetare (processer som tar "
                                                                            "körningar) på den här datorn; 0 när "
                                                                            "alla arbetare är på andra datorer."),
           vard: str = typer.Option("127.0.0.1", "--värd", help="Adressen servern lyssnar på; 0.0.0.0 för arbetare "
                                                                "och webbläsare på andra datorer."),
           port: int = typer.Option(None, "--port", help="Serverns port; standard en ledig port."),
           samtidiga: int = typer.Option(None, "--samtidiga", min=2,
                                         help="Högst så många körningar åt gången per arbetare (standard: ingen "
                                              "gräns). Minst 2: en jämförelse på tjänsten väntar i en körning på "
                                              "sina delar.")) -> None:
    """Starta Kommunrapport som tjänst: PostgreSQL, Prefects server med webbgränssnitt, arbetspoolen kommunrapport
    med ARBETARE arbetare och en driftsättning per kommando (rapport, plan, underlag, tidplan, publicera)."""
    from pipeline.drift import postgres, tjanst

    folder = _folder(mapp)
    try:
        with console.status("Startar PostgreSQL, Prefects server och arbetarna …"):
            state, started = tjanst.start(folder, workers=arbetare, host=vard, port=port, limit=samtidiga)
    except (tjanst.DriftError, postgres.PostgresError) as exc:
        _say(f"Tjänsten kunde inte startas: {exc}", err)
        raise typer.Exit(1)
    if not started:
        _say(f"Tjänsten i {folder} är redan igång på {state.url} ({len(state.workers)} arbetare).")
        return
    ui = state.url.removesuffix("/api")
    _say(f"Tjänsten är igång: Prefects server {state.url} (webbgränssnitt {ui}), PostgreSQL på port "
         f"{state.postgres_port}, {len(state.workers)} arbetare i arbetspoolen kommunrapport. Mapp: {folder}.")
    if not state.workers:   # every worker on another machine: how to start one there
        _say("Tjänsten har inga arbetare på den här datorn. Starta dem på de andra datorerna (med samma version av "
             "programmet och kommunens mappar under samma sökvägar):")
        _say(f"  PREFECT_API_URL={state.url} prefect worker start --pool kommunrapport --type process")
        if vard in ("127.0.0.1", "localhost", "::1"):
            _say(f"Obs: servern lyssnar bara på {vard} och nås inte från andra datorer; starta den med --värd.", err)
    _say(f"Kör ett rapporttillfälle genom tjänsten: kommunrapport kör ÅR TILLFÄLLE --server {state.url}")


@server_app.command("status")
def status(mapp: Path = MAPP) -> None:
    """Visa tjänstens delar (om den har startats med server starta) och Prefects lokala server: adress, process och
    när den startade. Kod 0 när tjänsten eller den lokala servern är igång, annars 1."""
    from pipeline.drift import RESTART, tjanst
    from pipeline.flows import local_server

    folder = _folder(mapp)
    service = tjanst.status(folder)
    up = False
    if service is not None:
        state = service.state
        running = sum(ok for _, ok in service.workers)
        _say(f"Tjänsten i {folder}: Prefects server {state.url} {'igång' if service.server else 'stoppad'}, "
             f"PostgreSQL {'igång' if service.postgres else 'stoppad'} (data {state.postgres_data}), "
             f"{running} av {len(service.workers)} arbetare igång.")
        if service.server:
            restarts = tjanst.restart_automation_on(state.url)
            if restarts is not None:
                _say(f"Automationen \"{RESTART}\" {'är på' if restarts else 'saknas eller är avstängd'}"
                     f"{'' if restarts else ' (server stoppa och server starta skapar den igen)'}.")
        up = service.server
    home = local_server.prefect_home()
    if os.environ.get("PREFECT_API_URL"):
        _say(f"Körningarna använder servern i PREFECT_API_URL ({os.environ['PREFECT_API_URL']}), inte den lokala "
             "servern.")
    state = local_server.running_server(home)
    if state is None:
        _say(f"Prefects lokala server är inte igång (PREFECT_HOME {home}). Nästa körning startar den.")
    else:
        up = True
        _say(f"Prefects lokala server är igång på {state.url} (pid {state.pid}, startad {state.startad}, "
             f"Prefect {state.prefect}, PREFECT_HOME {home}). Den stänger av sig själv när ingen körning har "
             f"använt den på {local_server.idle_seconds():.0f} s.")
    if not up:
        raise typer.Exit(1)


@server_app.command("stoppa")
def stoppa(mapp: Path = MAPP,
           radera: bool = typer.Option(False, "--radera", help="Radera också tjänstens databas (körhistoriken), "
                                                              "Prefects filer och loggarna; dokument och arkiv "
                                                              "lämnas.")) -> None:
    """Stoppa tjänsten i DRIFTMAPP (arbetarna, Prefects server och PostgreSQL; körhistoriken finns kvar i databasen
    till nästa start); finns ingen tjänst igång där, Prefects lokala server (annars stänger den av sig själv när
    den inte har använts på en stund)."""
    from pipeline.drift import tjanst
    from pipeline.flows import local_server

    folder = _folder(mapp)
    service = tjanst.status(folder)
    if service is not None and radera:
        state = tjanst.remove(folder)
        _say(f"Tjänsten i {folder} är stoppad och raderad: databasen ({state.postgres_data}) med körhistoriken, "
             "Prefects filer och loggarna.")
        return
    if service is not None and (service.server or service.postgres or any(ok for _, ok in service.workers)):
        tjanst.stop(folder)
        _say(f"Tjänsten i {folder} är stoppad (arbetarna, Prefects server och PostgreSQL). Körhistoriken finns kvar "
             "i databasen.")
        return   # the local server (other runs on this machine) is not the service's to stop
    home = local_server.prefect_home()
    if local_server.in_use(home):
        _say("En körning använder Prefects lokala server just nu. Stoppa den när körningen är klar.")
        raise typer.Exit(1)
    state = local_server.stop_local_server(home)
    if state is None:
        _say(f"Prefects lokala server var inte igång (PREFECT_HOME {home}).")
        return
    _say(f"Prefects lokala server (pid {state.pid}, startad {state.startad}) är stoppad.")
