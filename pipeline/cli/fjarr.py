"""`kommunrapport kör … --server URL`: the run submitted to a Kommunrapport service (pipeline.drift) as a flow run
of its deployment (pipeline.flows.deployments), then followed: the run's log lines as they come, and at the end
its summary (the run's artifact). Paths are sent absolute: the workers must see the same folders at the same
paths (the same machine, or a shared folder mounted alike). Ctrl-C stops following, not the run."""

from __future__ import annotations

import os
import time
from pathlib import Path

from rich.console import Console

POLL_S = 1.0
LOG_PAGE = 200
LOG_WAIT_S = 10.0
RESTART_WAIT_S = 30.0   # how long a Crashed run is watched for the service's restart (pipeline.drift.RESTART)


def _summary(markdown: str) -> str:
    """The summary between the artifact's code fences (pipeline.flows.deployments._publish)."""
    parts = markdown.split("```")
    return parts[1].strip("\n") if len(parts) >= 3 else markdown


def run_remote(url: str, deployment: str, parameters: dict, console: Console, err: Console,
               summary: bool = True) -> int:
    """Submit and follow; the exit code (0 when the run completed, 1 when it failed or was cancelled). `summary`:
    print the run's summary artifact at the end (a report run's; an inkorg round's lines are its log)."""
    os.environ["PREFECT_API_URL"] = url   # before Prefect is imported: its settings are read then
    from prefect import get_client
    from prefect.client.schemas.filters import (ArtifactFilter, ArtifactFilterFlowRunId, LogFilter,
                                                LogFilterFlowRunId)
    from prefect.client.schemas.sorting import ArtifactSort, LogSort
    from prefect.deployments import run_deployment
    from prefect.exceptions import ObjectNotFound

    from pipeline.flows.deployments import LOGGER

    def say(text: str, to: Console = console) -> None:
        to.print(text, markup=False, soft_wrap=True)

    started = time.perf_counter()
    try:
        flow_run = run_deployment(f"{deployment}/kommunrapport", parameters=parameters, timeout=0, as_subflow=False)
    except ObjectNotFound:
        say(f"Servern {url} har ingen driftsättning {deployment}/kommunrapport. Starta tjänsten med "
            "kommunrapport server starta (den skapar driftsättningarna).", err)
        return 2
    except Exception as exc:  # noqa: BLE001  an unreachable server, refused connection: said in Swedish
        say(f"Servern {url} gick inte att nå: {exc}", err)
        return 2
    ui = url.removesuffix("/api")
    say(f"Körningen {flow_run.name} är lagd i kö på {url} ({ui}/runs/flow-run/{flow_run.id}).")
    seen = 0

    def new_logs(client) -> int:
        nonlocal seen
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run.id])), limit=LOG_PAGE,
                                offset=seen, sort=LogSort.TIMESTAMP_ASC)
        for log in logs:
            if log.name == LOGGER:   # the program's own lines, not Prefect's
                say(f"  {log.message}", err if log.level >= 40 else console)
        seen += len(logs)
        return len(logs)

    def restarted(client) -> bool:
        """A Crashed run the service schedules again (within RESTART_WAIT_S): said, and followed on."""
        deadline = time.monotonic() + RESTART_WAIT_S
        while time.monotonic() < deadline:
            time.sleep(POLL_S)
            state = client.read_flow_run(flow_run.id).state
            if state is not None and not state.is_crashed():
                say("Körningens process dog; tjänsten gör om körningen.", err)
                return True
        return False

    try:
        with get_client(sync_client=True) as client:
            while True:
                run = client.read_flow_run(flow_run.id)
                new_logs(client)
                if run.state is not None and run.state.is_final():
                    if run.state.is_crashed() and restarted(client):
                        continue
                    break
                time.sleep(POLL_S)
            # A run's last lines reach the server in its log handler's next batch, after its final state.
            quiet = 0
            deadline = time.monotonic() + LOG_WAIT_S
            while quiet < 2 and time.monotonic() < deadline:
                time.sleep(POLL_S)
                quiet = 0 if new_logs(client) else quiet + 1
            if not run.state.is_completed():
                say(f"Körningen {run.name} slutade som {run.state.name}.", err)
                return 1
            artifacts = client.read_artifacts(
                artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run.id])),
                sort=ArtifactSort.CREATED_DESC, limit=10, offset=0)
    except KeyboardInterrupt:
        say(f"Slutar följa körningen; den fortsätter på servern ({ui}/runs/flow-run/{flow_run.id}).", err)
        return 130
    for artifact in artifacts if summary else []:
        if artifact.type == "markdown" and artifact.data:
            say(_summary(artifact.data))
    say(f"Körningen {run.name} är klar på {time.perf_counter() - started:.1f} s.")
    return 0


def absolute(path: Path | None) -> str | None:
    return None if path is None else str(path.expanduser().resolve())


def schedule_inkorg(url: str, parameters: dict, interval_s: float, console: Console, err: Console) -> int:
    """`bevaka … --server URL`: the service's inkorg deployment runs every `interval_s` seconds for this reporting
    point (a schedule of its own, slug inkorg-ÅR-TILLFÄLLE, replacing an earlier one of the same slug)."""
    from datetime import timedelta

    os.environ["PREFECT_API_URL"] = url
    from prefect import get_client
    from prefect.client.schemas.actions import DeploymentScheduleCreate
    from prefect.client.schemas.schedules import IntervalSchedule
    from prefect.exceptions import ObjectNotFound

    slug = f"inkorg-{parameters['ar']}-{parameters['tillfalle']}"
    try:
        with get_client(sync_client=True) as client:
            deployment = client.read_deployment_by_name("inkorg/kommunrapport")
            for existing in client.read_deployment_schedules(deployment.id):
                if existing.slug == slug:
                    client.delete_deployment_schedule(deployment.id, existing.id)
            client.create_deployment_schedules(deployment.id, [DeploymentScheduleCreate(
                schedule=IntervalSchedule(interval=timedelta(seconds=interval_s)), active=True, slug=slug,
                parameters=parameters)])
    except ObjectNotFound:
        err.print(f"Servern {url} har ingen driftsättning inkorg/kommunrapport. Starta tjänsten med kommunrapport "
                  "server starta.", markup=False, soft_wrap=True)
        return 2
    except Exception as exc:  # noqa: BLE001  an unreachable server: said in Swedish
        err.print(f"Servern {url} gick inte att nå: {exc}", markup=False, soft_wrap=True)
        return 2
    console.print(f"Tjänsten granskar inkorgen för {parameters['tillfalle']} {parameters['ar']} var {interval_s:g}:e "
                  f"sekund (schemat {slug} på driftsättningen inkorg). Inlämningsstatusen visas på servern som "
                  f"tabellen inlamning-{parameters['ar']}-{parameters['tillfalle']}.", markup=False, soft_wrap=True)
    return 0
