"""`kommunrapport server status|stoppa`: Prefect's local server that the runs on this machine share
(pipeline.flows.local_server)."""

from __future__ import annotations

import os

import typer
from rich.console import Console

console = Console(highlight=False)

server_app = typer.Typer(help="Prefects lokala server, som körningarna på den här datorn delar.", no_args_is_help=True,
                         rich_markup_mode=None)


@server_app.command("status")
def status() -> None:
    """Visa om Prefects lokala server är igång: adress, process och när den startade. Kod 0 när den är igång,
    annars 1."""
    from pipeline.flows import local_server

    home = local_server.prefect_home()
    if os.environ.get("PREFECT_API_URL"):
        console.print(f"Körningarna använder servern i PREFECT_API_URL ({os.environ['PREFECT_API_URL']}), inte den "
                      "lokala servern.", markup=False, soft_wrap=True)
    state = local_server.running_server(home)
    if state is None:
        console.print(f"Prefects lokala server är inte igång (PREFECT_HOME {home}). Nästa körning startar den.",
                      markup=False, soft_wrap=True)
        raise typer.Exit(1)
    console.print(f"Prefects lokala server är igång på {state.url} (pid {state.pid}, startad {state.startad}, "
                  f"Prefect {state.prefect}, PREFECT_HOME {home}). Den stänger av sig själv när ingen körning har "
                  f"använt den på {local_server.idle_seconds():.0f} s.", markup=False, soft_wrap=True)


@server_app.command("stoppa")
def stoppa() -> None:
    """Stoppa Prefects lokala server nu (annars stänger den av sig själv när den inte har använts på en stund).
    Nästa körning startar den igen."""
    from pipeline.flows import local_server

    home = local_server.prefect_home()
    if local_server.in_use(home):
        console.print("En körning använder Prefects lokala server just nu. Stoppa den när körningen är klar.",
                      markup=False, soft_wrap=True)
        raise typer.Exit(1)
    state = local_server.stop_local_server(home)
    if state is None:
        console.print(f"Prefects lokala server var inte igång (PREFECT_HOME {home}).", markup=False, soft_wrap=True)
        return
    console.print(f"Prefects lokala server (pid {state.pid}, startad {state.startad}) är stoppad.", markup=False,
                  soft_wrap=True)
