"""`kommunrapport jämförelse`: the national batch, a jämförelserapport per kommun (pipeline.nationell), here or
fanned out on the service."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline.cli.common import UTDATA, app, console, err, print_problems


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
        from exempel import KOLADA_DDF

        err.print("Ange Koladas data med --data MAPP (open-numbers DDF-dump av Kolada) eller KOMMUNRAPPORT_KOLADA_DDF. "
                  f"Exemplets data, tre nyckeltal för alla kommuner 2015–2022: --data {KOLADA_DDF}", markup=False,
                  soft_wrap=True)
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
