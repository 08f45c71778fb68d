"""Kommandoradsgränssnittet `kommunrapport` (Swedish for users). Exit 0 = ok, 1 = fel i indata, 2 = fel användning."""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

import typer

from pipeline.cli import sv as cli_sv

cli_sv.install()

from pipeline.cli.common import AR, INDATA, KONFIG, TILLFALLE, UTDATA, app, check_tillfalle, console, err, \
    load_kommun, print_problems  # noqa: E402
from pipeline.cli.korning import run_on_server, run_point, run_report  # noqa: E402
from pipeline.cli.server import server_app  # noqa: E402
from pipeline.config import TILLFALLEN  # noqa: E402
from pipeline.config.problems import InputError  # noqa: E402
from pipeline.resources import TEMPLATES  # noqa: E402


@app.command("validera")
def validera(ar: int = AR, tillfalle: str = TILLFALLE, konfig: Path = KONFIG, indata: Path = INDATA,
             tillat_saknade: bool = typer.Option(False, "--tillåt-saknade",
                                                 help="Godkänn indata även om någon förvaltnings rapportunderlag "
                                                      "saknas.")) -> None:
    """Läs och kontrollera alla indata för ett rapporttillfälle. Inga filer skrivs eller ändras."""
    from pipeline.flows.validate import read_and_stage, read_and_stage_plan

    check_tillfalle(tillfalle, (*TILLFALLEN, "plan"))
    config = load_kommun(konfig)
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
    steg = DEMO_STEG if bara is None else (check_tillfalle(bara, DEMO_STEG),)
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
    check_tillfalle(tillfalle, (*TILLFALLEN, "plan"))
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

    config = load_kommun(konfig)
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

        paths = generate_example(load_kommun(EXEMPELKOMMUN / "config" / "kommun.toml"), utdata, year=ar, seed=seed)
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
    config = load_kommun(konfig)
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

    check_tillfalle(tillfalle)
    config = load_kommun(konfig)
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
            kontoplan = load_kommun(konfig).kontoplan if "kontoplanens rad" in r["filter"] else None
            header, ledger, total = s.filtered(files[0], r["filter"], kontoplan)
            console.print(f"  {files[0]}: {len(ledger)} rader, summa {total:.2f} kr; de första {min(len(ledger), s.SHOWN)}:",
                          markup=False, soft_wrap=True)
            console.print("    rad | " + " | ".join(header), markup=False, soft_wrap=True)
            for line, cells in ledger[:s.SHOWN]:
                console.print(f"    {line} | " + " | ".join("" if c is None else str(c) for c in cells), markup=False, soft_wrap=True)


# Commands in modules of their own: imported for their registration on `app`.
from pipeline.cli import bevakning, jamforelse  # noqa: E402,F401
