"""`kommunrapport server starta|stoppa|status --mapp DRIFTMAPP`: the program as a service on one machine.

`start` brings up, in order: PostgreSQL (pipeline.drift.postgres), Prefect's server on it (UI included, with its
scheduler and the other services that supervise deployments), the process work pool `kommunrapport`, one
deployment per flow (pipeline.flows.deployments) with the automation that runs a crashed run again
(pipeline.drift.distribuera), and N workers. Every process is detached (a session of its own)
and recorded in `DRIFTMAPP/drift.json` (mode 0600: it holds the database password) with its command; `stop` stops
the workers, the server and PostgreSQL in the reverse order, and signals a recorded pid only if that process still
runs the recorded command (a pid reused after a reboot is left alone). Each process logs to `DRIFTMAPP/loggar/`.

On several machines (README, "Drift"): this on the server; on each other machine only workers
(`prefect worker start --pool kommunrapport` with PREFECT_API_URL pointing at the server) and the same folders
mounted at the same paths.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from pipeline.drift import RESTART, postgres
from pipeline.flows.lifeline import command_line, gone, stop_process
from pipeline.flows.local_server import api_healthy, free_port

RECORD = "drift.json"
START_TIMEOUT_S = 180
STOP_GRACE_S = 15.0
WORKER_POLL_S = 2


class DriftError(RuntimeError):
    """str() is the Swedish message."""


@dataclass
class Process:
    pid: int
    command: list[str]
    log: str


@dataclass
class DriftState:
    folder: str
    host: str
    port: int
    postgres_data: str
    postgres_port: int
    postgres_password: str
    postgres_user: str | None
    server: Process
    workers: list[Process] = field(default_factory=list)
    prefect: str = ""
    startad: str = ""

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/api"

    @property
    def cluster(self) -> postgres.Cluster:
        return postgres.Cluster(data=Path(self.postgres_data), port=self.postgres_port,
                                password=self.postgres_password, host="127.0.0.1", os_user=self.postgres_user)


def default_folder() -> Path:
    return Path(os.environ.get("KOMMUNRAPPORT_DRIFT") or Path.home() / ".kommunrapport" / "drift").expanduser()


def read_state(folder: Path) -> DriftState | None:
    try:
        raw = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        raw["server"] = Process(**raw["server"])
        raw["workers"] = [Process(**w) for w in raw["workers"]]
        return DriftState(**raw)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _write_state(folder: Path, state: DriftState) -> None:
    tmp = folder / f".{RECORD}.tmp-{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(asdict(state), out, ensure_ascii=False, indent=2)
    os.replace(tmp, folder / RECORD)


def _runs(process: Process) -> bool:
    """Whether the recorded process still runs its recorded command."""
    return not gone(process.pid) and (command_line(process.pid) or "").startswith(" ".join(process.command))


def _environment(folder: Path, url: str | None = None, database: str | None = None) -> dict[str, str]:
    # Info and above reach the run history (the flows' progress lines); the quiet console of an interactive run
    # (pipeline.flows.prefect_env) is not for a service's log files.
    env = {**os.environ, "PREFECT_HOME": str(folder / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "0",
           "PREFECT_LOGGING_LEVEL": "INFO", "PYTHONUNBUFFERED": "1"}
    for key in ("PREFECT_API_URL", "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"):
        env.pop(key, None)
    if url is not None:
        env["PREFECT_API_URL"] = url
    if database is not None:
        env["PREFECT_API_DATABASE_CONNECTION_URL"] = database
    return env


def _spawn(folder: Path, command: list[str], log_name: str, env: dict[str, str]) -> Process:
    """Start `command` detached (its own session and process group), its output appended to loggar/LOG_NAME."""
    logs = folder / "loggar"
    logs.mkdir(exist_ok=True)
    log = logs / log_name
    with open(log, "ab") as out:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env,
                                 cwd=folder, start_new_session=True)
    return Process(pid=child.pid, command=command, log=str(log))


def _stop(process: Process, grace: float = STOP_GRACE_S) -> bool:
    """SIGTERM to the process's group (a worker's flow runs with it), SIGKILL after `grace`; whether it ran."""
    if not _runs(process):
        return False
    stop_process(process.pid, grace, group=True)
    return True


def _port_free(host: str, port: int) -> bool:
    import socket

    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as the server binds: TIME_WAIT is no obstacle
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _wait_healthy(url: str, server: Process) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if api_healthy(url):
            return
        if gone(server.pid):
            tail = Path(server.log).read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
            raise DriftError(f"Prefects server avslutades när den startade (logg: {server.log}): " + " ".join(tail))
        time.sleep(0.25)
    raise DriftError(f"Prefects server svarade inte inom {START_TIMEOUT_S} s (logg: {server.log}).")


def worker_command(name: str, pool: str, limit: int | None = None) -> list[str]:
    """A process worker of `pool`; `limit`: at most that many flow runs at once (None: no limit)."""
    return [sys.executable, "-m", "prefect", "worker", "start", "--pool", pool, "--type", "process", "--name", name,
            *(["--limit", str(limit)] if limit else [])]


def _prepare_pool(url: str, folder: Path) -> list[str]:
    """The process work pool and the deployments, made by a separate interpreter with PREFECT_API_URL set (this
    process may have imported Prefect with other settings already)."""
    done = subprocess.run([sys.executable, "-m", "pipeline.drift.distribuera"],
                          env=_environment(folder, url), capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise DriftError("Arbetspoolen och driftsättningarna kunde inte skapas: "
                         + (done.stderr or done.stdout).strip()[-1500:])
    return done.stdout.split()


def start(folder: Path, workers: int = 2, host: str = "127.0.0.1", port: int | None = None,
          limit: int | None = None) -> tuple[DriftState, bool]:
    """Start everything (see the module's doc); (state, whether anything was started). Already running: the
    recorded state and False. A failure stops what this call started and raises DriftError."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "prefect").mkdir(exist_ok=True)
    state = read_state(folder)
    if state is not None and _runs(state.server) and api_healthy(state.url):
        return state, False
    if state is not None:   # a record of a server that no longer answers: clear what is left of it
        stop(folder)
        state = read_state(folder)   # kept for the database's port and password
    if state is None:
        cluster = postgres.new_cluster(folder, free_port())
        if (cluster.data / "PG_VERSION").is_file():   # its password was in the record, which is gone
            raise DriftError(f"Det finns redan en databas för {folder} i {cluster.data}, men ingen {RECORD} med dess "
                             f"lösenord (mappen har tömts eller flyttats). Lägg tillbaka {RECORD}, eller radera "
                             f"databasen med körhistoriken: stoppa den (pg_ctl stop -D {cluster.data}) och ta bort "
                             "mappen.")
    else:
        cluster = state.cluster
    created = False
    try:
        created = postgres.initialise(cluster)
        postgres.start(cluster)
    except BaseException:
        with contextlib.suppress(postgres.PostgresError):
            postgres.stop(cluster)
        if created:
            shutil.rmtree(cluster.data, ignore_errors=True)   # made by this call and never recorded
        raise
    # The recorded port again if it is free: the service keeps its address across restarts.
    port = port or (state.port if state is not None and _port_free(host, state.port) else free_port())
    url = f"http://{host}:{port}/api"
    server = _spawn(folder, [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port",
                             str(port), "--log-level", "WARNING"], "prefect-server.log",
                    _environment(folder, database=cluster.url()))
    state = DriftState(folder=str(folder), host=host, port=port, postgres_data=str(cluster.data),
                       postgres_port=cluster.port, postgres_password=cluster.password,
                       postgres_user=cluster.os_user, server=server, prefect=version("prefect"),
                       startad=datetime.now().isoformat(timespec="seconds"))
    _write_state(folder, state)
    try:
        _wait_healthy(url, server)
        from pipeline.flows.deployments import POOL

        _prepare_pool(url, folder)
        for i in range(1, workers + 1):
            # A worker asks for scheduled runs every 2 s (Prefect's default is 10): a run starts at once.
            env = {"PREFECT_WORKER_QUERY_SECONDS": "2", **_environment(folder, url)}
            state.workers.append(_spawn(folder, worker_command(f"arbetare-{i}", POOL, limit), f"arbetare-{i}.log",
                                        env))
        _write_state(folder, state)
    except BaseException:
        stop(folder)
        raise
    return state, True


def stop(folder: Path) -> DriftState | None:
    """Stop the workers, the server and PostgreSQL recorded in `folder`; the record (kept: it holds the database's
    password for the next start), or None when there is none."""
    state = read_state(folder)
    if state is None:
        return None
    for worker in state.workers:
        _stop(worker)
    _stop(state.server)
    with contextlib.suppress(postgres.PostgresError):
        postgres.stop(state.cluster)
    state.workers = []
    _write_state(folder, state)
    return state


def remove(folder: Path) -> DriftState | None:
    """Stop the service and delete what it keeps: PostgreSQL's data directory (the run history), Prefect's home,
    the logs and the record. The output and archive folders are not the service's and are left alone."""
    state = stop(folder)
    if state is None:
        return None
    data = Path(state.postgres_data)
    shutil.rmtree(data, ignore_errors=True)
    data.with_name(data.name + ".log").unlink(missing_ok=True)
    for part in ("prefect", "loggar"):
        shutil.rmtree(folder / part, ignore_errors=True)
    (folder / RECORD).unlink(missing_ok=True)
    return state


@dataclass(frozen=True)
class Status:
    state: DriftState
    server: bool
    postgres: bool
    workers: list[tuple[str, bool]]


def restart_automation_on(url: str) -> bool | None:
    """Whether the server at `url` has the automation RESTART, enabled; None when it does not answer."""
    request = urllib.request.Request(url + "/automations/filter", data=b'{"limit": 200, "offset": 0}', method="POST",
                                     headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            automations = json.loads(response.read())
    except (OSError, ValueError):
        return None
    return any(a.get("name") == RESTART and a.get("enabled") for a in automations)


def status(folder: Path) -> Status | None:
    state = read_state(folder)
    if state is None:
        return None
    return Status(state, _runs(state.server) and api_healthy(state.url), postgres.running(state.cluster),
                  [(Path(w.log).stem, _runs(w)) for w in state.workers])
