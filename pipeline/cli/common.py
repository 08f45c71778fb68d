"""What every command shares: the Typer app, the consoles, the common arguments and options, the checks of a
tillfälle and of the kommun's configuration, and the list of problems in the inputs."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from pipeline.config import TILLFALLEN, ConfigError, load_config
from pipeline.config.problems import Problem

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


def check_tillfalle(tillfalle: str, allowed: tuple[str, ...] = TILLFALLEN) -> str:
    if tillfalle not in allowed:
        err.print(f"Okänt rapporttillfälle '{tillfalle}'. Välj ett av: {', '.join(allowed)}.")
        raise typer.Exit(2)
    return tillfalle


def load_kommun(konfig: Path):
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
