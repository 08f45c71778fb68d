"""`kommunrapport bevaka`: the förvaltningar's inkorg reviewed round by round, here or on the service."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from pipeline.cli.common import AR, INDATA, KONFIG, TILLFALLE, app, check_tillfalle, console, err, load_kommun
from pipeline.config import TILLFALLEN


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

    check_tillfalle(tillfalle, (*TILLFALLEN, "plan"))
    if server is not None:
        from pipeline.cli.fjarr import absolute, run_remote, schedule_inkorg

        parameters = {"ar": ar, "tillfalle": tillfalle, "mapp": absolute(Path.cwd()), "konfig": absolute(konfig),
                      "indata": absolute(indata), "inkorg": absolute(inkorg)}
        code = (run_remote(server, "inkorg", parameters, console, err, summary=False) if en_gang
                else schedule_inkorg(server, parameters, intervall, console, err))
        if code:
            raise typer.Exit(code)
        return
    config = load_kommun(konfig)
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
