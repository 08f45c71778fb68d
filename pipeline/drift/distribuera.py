"""The service's setup on its Prefect server, run by `server starta` in an interpreter of its own with
PREFECT_API_URL set (`python -m pipeline.drift.distribuera`): the process work pool `kommunrapport`, one deployment
per flow of pipeline.flows.deployments, and the automation RESTART that runs a crashed run again."""

from __future__ import annotations

from datetime import timedelta

from pipeline.drift import RESTART
from pipeline.flows.deployments import FLOWS, MAX_RUNS, POOL

RESTARTED = ("rapport", "plan", "underlag", "tidplan", "publicera", "inkorg", "jamforelse")   # not the parts
RESTART_AFTER = timedelta(seconds=10)   # the least Prefect allows for a proactive trigger


def restart_automation(pool: str = POOL):
    """The automation that schedules a Crashed run of a RESTARTED flow in `pool` again (Prefect's own: an event
    trigger and the action change-flow-run-state). Proactive: it acts when the Crashed run has not become Pending
    within RESTART_AFTER (nobody restarted it). Not at once: the worker reports a killed run Crashed twice, about a
    second apart (its runner, then itself), and a restart in between would be made Crashed again while it runs."""
    from prefect.automations import Automation
    from prefect.client.schemas.objects import StateType
    from prefect.events.actions import ChangeFlowRunState
    from prefect.events.schemas.automations import EventTrigger, Posture

    return Automation(
        name=RESTART, description=f"En körning vars process dog görs om, högst {MAX_RUNS} gånger i allt.",
        trigger=EventTrigger(after={"prefect.flow-run.Crashed"}, expect={"prefect.flow-run.Pending"},
                             for_each={"prefect.resource.id"}, posture=Posture.Proactive, threshold=1,
                             within=RESTART_AFTER,
                             match_related=[{"prefect.resource.role": "flow", "prefect.resource.name": list(RESTARTED)},
                                            {"prefect.resource.role": "work-pool", "prefect.resource.name": pool}]),
        actions=[ChangeFlowRunState(state=StateType.SCHEDULED, name="AwaitingRetry", force=True,
                                    message="Körningens process dog; den görs om.")])


def deploy_all(pool: str = POOL) -> list[str]:
    """Create (or update) one deployment per flow on the server in PREFECT_API_URL, for the process work pool
    `pool`, and the RESTART automation; entrypoints are module paths (pipeline.flows.deployments.NAME), so a worker
    needs the installed package and no copy of any source. The deployments' names, as `run_deployment` takes them
    ('rapport/kommunrapport')."""
    from prefect.automations import Automation
    from prefect.types.entrypoint import EntrypointType

    names = []
    for name, f in FLOWS.items():
        f.to_deployment(name=POOL, work_pool_name=pool, entrypoint_type=EntrypointType.MODULE_PATH,
                        description=f.__doc__.strip().splitlines()[0]).apply()
        names.append(f"{name}/{POOL}")
    try:
        Automation.read(name=RESTART).delete()   # made again: a newer program may restart otherwise
    except ValueError:
        pass
    restart_automation(pool).create()
    return names


def distribute() -> None:
    """In a separate interpreter (PREFECT_API_URL set): the work pool and the deployments; prints their names."""
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate, WorkPoolUpdate
    from prefect.exceptions import ObjectAlreadyExists
    from prefect.workers.process import ProcessWorker

    # A flow run's output is not piped through its worker (stream_output off; it reaches the server's run log
    # anyway): with a pipe, a worker killed mid-run took its runs down with it (their next line to the closed pipe
    # ended them), and now they finish on their own.
    template = ProcessWorker.get_default_base_job_template()
    template["variables"]["properties"]["stream_output"]["default"] = False

    async def pool() -> None:
        async with get_client() as client:
            try:
                await client.create_work_pool(WorkPoolCreate(name=POOL, type="process",
                                                             description="Kommunrapports körningar",
                                                             base_job_template=template))
            except ObjectAlreadyExists:
                await client.update_work_pool(POOL, WorkPoolUpdate(base_job_template=template))

    asyncio.run(pool())
    print(" ".join(deploy_all(POOL)))


if __name__ == "__main__":
    distribute()
