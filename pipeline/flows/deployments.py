"""The flows that server mode deploys (pipeline.drift): one per command, with the CLI's Swedish parameter names.
Each resolves its paths against `mapp` (the kommun's folder, where the CLI would run) and runs the same flow as
the CLI (pipeline.flows.run.kommunrapport_flow), which takes the output folder's lock: two runs for one reporting
point never write at once, the second is refused with a message naming the first.

A run's summary and file list become a Prefect markdown artifact (key `kommunrapport-<år>-<tillfälle>`), which
the server's UI shows and `kommunrapport kör --server` prints; progress goes to the run's log.

A run whose process dies (killed, out of memory, the machine's power) is Crashed; the automation
pipeline.drift.RESTART (made with the deployments by pipeline.drift.distribuera) schedules it again, and a worker
runs it from the start: the output lock is the operating system's, so the dead run holds nothing, and the next run
removes what it left half-written. After MAX_RUNS attempts it is failed instead. The parts of a run
(jamforelse-del, rendera) are not restarted by the automation: their parent runs them again.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pipeline.flows.prefect_env  # noqa: F401  (quiet defaults, before prefect)
from prefect import flow
from prefect.artifacts import create_markdown_artifact

from pipeline.flows import progress

if TYPE_CHECKING:
    from pipeline.flows.run import RunResult

POOL = "kommunrapport"
LOG_EVERY_S = 2.0
MAX_RUNS = 3   # attempts of a run whose process dies (pipeline.drift.distribuera restarts it)
# The program's own lines in a run's log (Swedish; `kör --server` shows these): a child of Prefect's flow-run logger,
# whose handler sends them to the server with the run's id.
LOGGER = "prefect.flow_runs.kommunrapport"
logger = logging.getLogger(LOGGER)


def _paths(mapp: str, *relative: str | None) -> list[Path | None]:
    base = Path(mapp)
    if not base.is_absolute():
        raise ValueError(f"Parametern mapp måste vara en absolut sökväg (fick '{mapp}').")
    return [None if p is None else (base / p).resolve() for p in relative]


def _templates(mallar: Path | None, konfig: Path) -> Path:
    from pipeline.config import load_config
    from pipeline.resources import TEMPLATES

    return mallar or load_config(konfig).mallar or TEMPLATES


def _say(run_id: str, level: int, message: str) -> None:
    """A line in the log of the deployment's run `run_id`, also when said inside its subflow (the one run path's
    flow, which has a run id of its own): `kör --server` follows the run it submitted."""
    logger.log(level, message, extra={"flow_run_id": run_id})


def _log_progress(run_id: str) -> None:
    """Progress (pipeline.flows.progress) into the run's log: each new step, then at most every LOG_EVERY_S."""
    last = {"what": None, "at": 0.0}

    def log(what: str, done: int, total: int) -> None:
        now = time.monotonic()
        if what != last["what"] or done == total or now - last["at"] >= LOG_EVERY_S:
            _say(run_id, logging.INFO, f"{what}: {done}/{total}" if total > 1 else what)
            last.update(what=what, at=now)

    progress.listen(log)


def _publish(result: RunResult, key: str) -> str:
    files = "\n".join(f"- {name}" for name in result.documents)
    create_markdown_artifact(key=key, description="Körningens sammanfattning och dokument",
                             markdown=f"# {result.output_dir.name}\n\n```\n{result.summary}\n```\n\n"
                                      f"Utdatamapp: `{result.output_dir}`\n\n## Dokument\n\n{files}\n")
    return result.summary


class RunRefused(Exception):
    """The run stopped on bad input, a busy output folder or a failed check; the reasons are in the run's log."""


def _not_again_and_again(run_id: str) -> None:
    """Refuse a run that crashed MAX_RUNS times already (a Failed run is not restarted)."""
    from prefect.runtime import flow_run

    if flow_run.run_count > MAX_RUNS:
        message = (f"Körningen har kraschat {flow_run.run_count - 1} gånger och görs inte om fler gånger; se "
                   "arbetarnas loggar (kommunrapport server status).")
        _say(run_id, logging.ERROR, message)
        raise RunRefused(message)
    if flow_run.run_count > 1:
        _say(run_id, logging.WARNING, f"Körningen kraschade och görs om (försök {flow_run.run_count} av {MAX_RUNS}).")


def _problem_lines(problems) -> list[str]:
    """Every problem as the CLI shows it: file, then sheet, row and column."""
    lines = [f"{len(problems)} fel i indata ({len({p.fil for p in problems})} filer). Inga dokument skrevs."]
    return lines + [f"{p.plats()}: {p.meddelande}" for p in problems]


def _run(ar: int, tillfalle: str, mapp: str, konfig: str, indata: str, utdata: str, mallar: str | None,
         arkiv: str | None, underlag: bool = False, tillat_saknade: bool = False, publicera: bool = False,
         format: str = "båda", fordela: int = 0) -> str:
    from pipeline.config import ConfigError
    from pipeline.config.problems import InputError
    from pipeline.flows.run import kommunrapport_flow   # here: `server starta` imports this module to deploy it
    from pipeline.model.granskning import ComplianceError
    from pipeline.write.las import OutputBusy

    from prefect.runtime import flow_run

    run_id = flow_run.id
    _not_again_and_again(run_id)
    konfig_p, indata_p, utdata_p, mallar_p, arkiv_p = _paths(mapp, konfig, indata, utdata, mallar, arkiv)
    _log_progress(run_id)
    try:
        result = kommunrapport_flow(config_path=konfig_p, inputs_dir=indata_p, outputs_dir=utdata_p, year=ar,
                                    tillfalle=tillfalle, templates_root=_templates(mallar_p, konfig_p),
                                    underlag=underlag, archive_dir=arkiv_p, tillat_saknade=tillat_saknade,
                                    publicera=publicera, format=format, fordela=fordela)
    except (InputError, ConfigError, ComplianceError, OutputBusy) as exc:
        if isinstance(exc, InputError):
            lines = _problem_lines(exc.problems)
        elif isinstance(exc, ConfigError):
            lines = [f"Fel i konfigurationen {exc.path}:", *(f"  - {p}" for p in exc.problems)]
        elif isinstance(exc, ComplianceError):
            lines = list(exc.lines())
        else:
            lines = [str(exc)]
        for line in lines:
            _say(run_id, logging.ERROR, line)
        raise RunRefused(lines[0]) from None
    finally:
        progress.listen(None)
    label = result.output_dir.name.lower()
    return _publish(result, f"kommunrapport-{'underlag-' if underlag else ''}{label}".replace("_", "-"))


@flow(name="rapport", log_prints=False, validate_parameters=True)
def rapport(ar: int, tillfalle: str, mapp: str, konfig: str = "config/kommun.toml", indata: str = "inputs",
            utdata: str = "outputs", mallar: str | None = None, arkiv: str | None = None, format: str = "båda",
            tillat_saknade: bool = False, fordela: int = 0) -> str:
    """Ett rapporttillfälle (tertial, delar eller bokslut), som `kommunrapport kör`. Sökvägarna är relativa till
    mapp (kommunens mapp) om de inte är absoluta. FORDELA > 0: de tunga dokumenten renderas i så många delar,
    körningar av driftsättningen rendera som arbetarna tar."""
    return _run(ar, tillfalle, mapp, konfig, indata, utdata, mallar, arkiv, tillat_saknade=tillat_saknade,
                format=format, fordela=fordela)


@flow(name="plan", log_prints=False, validate_parameters=True)
def plan(ar: int, mapp: str, konfig: str = "config/kommun.toml", indata: str = "inputs", utdata: str = "outputs",
         mallar: str | None = None, arkiv: str | None = None) -> str:
    """Planeringsomgången för ÅR+1 (prioriteringsmodell, konsekvensmatriser, yttranden), som `kommunrapport kör ÅR
    plan`."""
    return _run(ar, "plan", mapp, konfig, indata, utdata, mallar, arkiv)


@flow(name="underlag", log_prints=False, validate_parameters=True)
def underlag(ar: int, tillfalle: str, mapp: str, konfig: str = "config/kommun.toml", indata: str = "inputs",
             utdata: str = "outputs") -> str:
    """Förifyllda rapportunderlag per nämnd, som `kommunrapport underlag`."""
    return _run(ar, tillfalle, mapp, konfig, indata, utdata, None, None, underlag=True)


@flow(name="tidplan", log_prints=False, validate_parameters=True)
def tidplan(ar: int, mapp: str, konfig: str = "config/kommun.toml", utdata: str = "outputs",
            mallar: str | None = None) -> str:
    """Årets tidplan för budgetprocessen (.docx, .pdf, .ics), som `kommunrapport tidplan`."""
    konfig_p, = _paths(mapp, konfig)
    return _run(ar, "tidplan", mapp, konfig, str(konfig_p.parent.parent / "inputs"), utdata, mallar, None)


@flow(name="publicera", log_prints=False, validate_parameters=True)
def publicera(ar: int, tillfalle: str, mapp: str, konfig: str = "config/kommun.toml", indata: str = "inputs",
              utdata: str = "outputs", mallar: str | None = None, tillat_saknade: bool = False) -> str:
    """Rapporttillfällets webbplats med rapporterna, som `kommunrapport publicera`."""
    return _run(ar, tillfalle, mapp, konfig, indata, utdata, mallar, None, tillat_saknade=tillat_saknade,
                publicera=True)


@flow(name="inkorg", log_prints=False, validate_parameters=True)
def inkorg(ar: int, tillfalle: str, mapp: str, konfig: str = "config/kommun.toml", indata: str = "inputs",
           inkorg: str | None = None) -> str:
    """En omgång i förvaltningarnas inkorg (inkorg/ÅR/TILLFÄLLE/), som `kommunrapport bevaka --en-gång`: varje ny
    eller ändrad arbetsbok granskas, får en granskning bredvid sig och kopieras till indata om den är godkänd;
    inlämningsstatusen blir en tabell på servern."""
    import pandas as pd
    from prefect.artifacts import create_table_artifact
    from prefect.runtime import flow_run

    from pipeline import inkorg as box
    from pipeline.cli.inlamning import gather
    from pipeline.config import TILLFALLEN, load_config

    run_id = flow_run.id
    _not_again_and_again(run_id)
    konfig_p, indata_p, inkorg_p = _paths(mapp, konfig, indata, inkorg)
    config = load_config(konfig_p)
    result = box.review_round(config, konfig_p, indata_p, ar, tillfalle, inkorg_p)
    lines = box.round_lines(result)
    for line in lines:
        _say(run_id, logging.INFO, line.strip())
    key = f"inkorg-{ar}-{tillfalle}"
    create_markdown_artifact(key=key, description="Inkorgens senaste omgång",
                             markdown="# Inkorgen " + f"{ar} {tillfalle}\n\n" + "\n".join(f"- {line.strip()}"
                                                                                      for line in lines))
    if tillfalle in TILLFALLEN:
        table, _deadline = gather(config, indata_p, ar, tillfalle)
        rows = [{"Förvaltning": r["forvaltning"] or "Okänd nämnd", "Nämnd": r["namnd"], "Fil": r["fil"],
                 "Inlämnad": r["inlamnad"].strftime("%Y-%m-%d %H:%M") if pd.notna(r["inlamnad"]) else "",
                 "Status": r["status"], "Sen": "ja" if r["sen"] else ""}
                for r in table.to_dict("records")]
        create_table_artifact(key=f"inlamning-{ar}-{tillfalle}", table=rows,
                              description=f"Inlämningsstatus {tillfalle} {ar}")
    return "\n".join(lines)


@flow(name="jamforelse-del", log_prints=False, validate_parameters=True)
def jamforelse_del(ar: int, data: str, kommuner: list[str], delmapp: str, datum: str) -> str:
    """En del av jämförelsen: rapporterna för några kommuner, skrivna i delens mapp (hel eller inte alls). En del som
    redan är klar görs inte om."""
    from datetime import date

    from pipeline import nationell
    from pipeline.write import sha256_bytes, write_atomically

    folder = nationell.chunk_folder(Path(delmapp), kommuner)
    if (folder / "filer.json").is_file():
        return f"{len(kommuner)} kommuner (redan klara)"
    batch = nationell.prepare(Path(data), ar, kommuner, date.fromisoformat(datum))
    files = nationell.render_all(batch.contexts)
    listing = json.dumps({n: sha256_bytes(d) for n, d in files.items()}, ensure_ascii=False).encode("utf-8")
    write_atomically(folder, {**files, "filer.json": listing})
    return f"{len(kommuner)} kommuner"


@flow(name="jamforelse", log_prints=False, validate_parameters=True)
async def jamforelse(ar: int, data: str, utdata: str, kommuner: str = "alla", datum: str | None = None,
                     delstorlek: int = 30, forsok: int = 3) -> str:
    """Jämförelserapporter för många kommuner, som `kommunrapport jämförelse`, fördelade på arbetarna: varje del om
    DELSTORLEK kommuner är en egen körning (driftsättningen jamforelse-del) som vilken arbetare som helst tar. En del
    som misslyckas (eller vars arbetare dör) körs igen, högst FORSOK gånger; sedan samlas delarna i en mapp med ett
    manifest, precis som utan tjänsten."""
    import asyncio
    import shutil
    from datetime import date

    from prefect.deployments import run_deployment
    from prefect.runtime import flow_run

    from pipeline import nationell
    from pipeline.write import write_atomically
    from pipeline.write.las import output_lock

    run_id = flow_run.id
    _not_again_and_again(run_id)
    day = date.fromisoformat(datum) if datum else date.today()
    target = Path(utdata) / nationell.FOLDER.format(year=ar)
    staging = target.parent / f".{target.name}.delar"
    with output_lock(target):
        batch = nationell.prepare(Path(data), ar, kommuner, day)
        codes = [c["kommun"]["kod"] for c in batch.contexts]
        parts = nationell.chunks(codes, delstorlek)
        _say(run_id, logging.INFO, f"{len(codes)} kommuner i {len(parts)} delar om högst {delstorlek}")
        finished = 0

        async def run_part(part: list[str]) -> None:
            nonlocal finished
            for attempt in range(1, forsok + 1):
                child = await run_deployment("jamforelse-del/kommunrapport", timeout=None, parameters={
                    "ar": ar, "data": data, "kommuner": part, "delmapp": str(staging), "datum": day.isoformat()})
                if child.state is not None and child.state.is_completed() and \
                        (nationell.chunk_folder(staging, part) / "filer.json").is_file():
                    finished += 1
                    _say(run_id, logging.INFO, f"Renderar jämförelserapporter: {finished}/{len(parts)} delar")
                    return
                _say(run_id, logging.WARNING, f"Delen {part[0]}–{part[-1]} slutade som "
                                              f"{child.state.name if child.state else 'okänt'} (försök {attempt} av "
                                              f"{forsok}).")
            raise nationell.BatchError(f"Delen {part[0]}–{part[-1]} gick inte att göra på {forsok} försök.")

        await asyncio.gather(*(run_part(part) for part in parts))
        files: dict[str, bytes] = {}
        for part in parts:
            files.update(nationell.read_chunk(nationell.chunk_folder(staging, part)))
        parameters = {"ar": ar, "kommuner": kommuner, "datum": day.isoformat()}
        write_atomically(target, nationell.package(batch, dict(sorted(files.items())), parameters))
        shutil.rmtree(staging, ignore_errors=True)
    text = nationell.summary(batch.contexts, ar)
    await create_markdown_artifact(key=f"jamforelse-{ar}", description="Jämförelsens sammanfattning",
                             markdown=f"# Jämförelserapporter {ar}\n\n```\n{text}```\n\nUtdatamapp: `{target}`\n")
    return text


@flow(name="rendera", log_prints=False, validate_parameters=True)
def rendera(uppdrag: str) -> int:
    """En del av ett rapporttillfälles dokument (kör --fördela): renderas i arbetarens processpool, filerna skrivs
    bredvid uppdraget."""
    from pipeline.flows.fordela import render_part

    return render_part(Path(uppdrag))


FLOWS = {"rapport": rapport, "plan": plan, "underlag": underlag, "tidplan": tidplan, "publicera": publicera,
         "inkorg": inkorg, "jamforelse": jamforelse, "jamforelse-del": jamforelse_del,
         "rendera": rendera}
