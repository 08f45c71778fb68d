"""Prefect's local server, started once and shared by the runs on this machine until it has been idle a while.

A flow needs Prefect's API. Without PREFECT_API_URL, every run used to start a temporary server of its own: 3 s
of waiting and 3 s of a core, more than an unchanged rerun of the example kommun needs for everything else. Now
the first run starts the server as a detached process (Prefect's own CLI, `prefect server start`, SQLite under
PREFECT_HOME), and every later run under the same PREFECT_HOME uses it. It stops itself when no run has used it
for KOMMUNRAPPORT_PREFECT_VILOTID seconds (default 600), so nothing is left running for long after the last run;
`kommunrapport server stoppa` stops it at once. A configured PREFECT_API_URL (the kommun's own server) is used
as it is, and none of this starts.

Files under PREFECT_HOME:
- `kommunrapport-server.json`: the server's pid, port, Prefect version and interpreter; a server of another
  Prefect version (an upgrade) is stopped, and one that does not answer is replaced.
- `kommunrapport-server.lås`: held (exclusive) while a run looks for the server or starts one, so two runs starting
  at once start one server.
- `kommunrapport-server.användning`: every process that uses the server holds a shared lock on it (flock) for
  its lifetime, and touches it at each run. The server's watchdog stops it only when it can take the lock
  exclusively (no run is using it) and the file has not been touched for the idle time. The operating system
  releases a killed run's lock, so a killed run never keeps the server up.
- `kommunrapport-server.log`: the server's own error output.

This needs shared file locks (flock), which Linux and macOS have; on Windows each run starts its own temporary
server as before (pipeline.flows.warmup).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

IDLE_S_DEFAULT = 600
START_TIMEOUT_S = 120
WATCH_POLL_S = 2.0
STOP_GRACE_S = 10.0

SUPPORTED = os.name != "nt"

# Prefect's documented settings for a server that serves flow runs only: no UI, no analytics, and none of the
# background services that schedule and supervise deployments and workers (a run of this program needs none).
SERVER_ENV = {
    "PREFECT_SERVER_UI_ENABLED": "0",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "0",
    **{f"PREFECT_SERVER_SERVICES_{service}_ENABLED": "0" for service in (
        "SCHEDULER", "LATE_RUNS", "FOREMAN", "REPOSSESSOR", "CANCELLATION_CLEANUP", "PAUSE_EXPIRATIONS")},
}

_usage_fds: dict[Path, int] = {}   # this process's shared locks on usage files, held for the process's lifetime


class ServerFailed(RuntimeError):
    """The local server could not be started; str() is the Swedish message."""


@dataclass(frozen=True)
class ServerState:
    pid: int
    port: int
    prefect: str
    python: str
    startad: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"


def prefect_home() -> Path:
    """PREFECT_HOME as Prefect resolves it from the environment (its default is ~/.prefect)."""
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()


def idle_seconds() -> float:
    wanted = os.environ.get("KOMMUNRAPPORT_PREFECT_VILOTID", "").strip()
    try:
        return max(1.0, float(wanted)) if wanted else float(IDLE_S_DEFAULT)
    except ValueError:
        return float(IDLE_S_DEFAULT)


def _paths(home: Path) -> tuple[Path, Path, Path, Path]:
    return (home / "kommunrapport-server.json", home / "kommunrapport-server.lås",
            home / "kommunrapport-server.användning", home / "kommunrapport-server.log")


def read_state(home: Path | None = None) -> ServerState | None:
    """The server recorded under PREFECT_HOME, if the record is readable (it may no longer run)."""
    state_file = _paths(home or prefect_home())[0]
    try:
        return ServerState(**json.loads(state_file.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _alive(pid: int) -> bool:
    """Whether process `pid` runs (a zombie, ended but not reaped, does not: in a container the process that
    inherits an orphan may never reap it)."""
    from pipeline.flows.lifeline import gone

    return not gone(pid)


def _is_server(pid: int) -> bool:
    """Whether `pid` runs this module (a recorded pid may have been reused since, e.g. after a reboot: such a process
    is never signalled)."""
    from pipeline.flows.lifeline import command_line

    return "pipeline.flows.local_server" in (command_line(pid) or "")


def api_healthy(url: str, timeout: float = 2.0) -> bool:
    """Whether the Prefect API at `url` answers its health check."""
    try:
        with urllib.request.urlopen(url + "/health", timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def healthy(state: ServerState, timeout: float = 2.0) -> bool:
    return api_healthy(state.url, timeout)


def _matches(state: ServerState) -> bool:
    """A server of the same Prefect version serves this client (from any interpreter or environment)."""
    return state.prefect == version("prefect")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):   # PREFECT_HOME removed meanwhile (a test's temporary folder)
        os.utime(path)


def _hold_usage(usage: Path) -> None:
    """Take this process's shared lock on the usage file (once per file) and mark the server as used now."""
    import fcntl

    if usage not in _usage_fds:
        fd = os.open(usage, os.O_RDWR | os.O_CREAT, 0o600)
        # Blocks only while a server's watchdog holds it exclusively: that server is stopping (a few seconds).
        fcntl.flock(fd, fcntl.LOCK_SH)
        _usage_fds[usage] = fd
        atexit.register(_touch, usage)   # the idle time counts from the end of the last run, not its start
    _touch(usage)


def _server_command(port: int, idle: float) -> list[str]:
    return ["-m", "pipeline.flows.local_server", "serve", str(idle),
            "server", "start", "--host", "127.0.0.1", "--port", str(port),
            "--no-ui", "--analytics-off", "--no-scheduler", "--no-late-runs", "--log-level", "ERROR"]


def _start(home: Path, log: Path) -> ServerState:
    """Start a server through a launcher process that forks it off in a session of its own and exits: the server is
    no child of this process (nothing for this process to reap or to warn about when it ends), and Ctrl-C in the
    terminal of the run that started it does not reach it (it serves other runs too)."""
    port = free_port()
    with open(log, "wb") as err:
        launched = subprocess.run([sys.executable, *_server_command(port, idle_seconds())],
                                  env={**os.environ, **SERVER_ENV}, cwd=home, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=err, timeout=60, check=True)
    pid = int(launched.stdout)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        state = read_state(home)   # the server records itself once it answers (_record_when_up)
        if state is not None and state.pid == pid:
            return state
        if not _alive(pid):
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
            raise ServerFailed(f"Prefects lokala server avslutades när den startade (se {log}). " + " ".join(tail))
        time.sleep(0.1)
    _stop_pid(pid)
    raise ServerFailed(f"Prefects lokala server svarade inte inom {START_TIMEOUT_S} s (se {log}).")


def ensure_local_server() -> str:
    """The API URL of the local server under PREFECT_HOME: the running one if it answers and matches this
    Prefect, else a newly started one. This process then holds the server's usage lock until it ends."""
    import fcntl

    home = prefect_home()
    home.mkdir(parents=True, exist_ok=True)
    state_file, start_lock, usage, log = _paths(home)
    fd = os.open(start_lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _hold_usage(usage)
        state = read_state(home)
        if state is not None and _is_server(state.pid) and _matches(state) and healthy(state):
            return state.url
        if state is not None and _is_server(state.pid) and not _matches(state):
            _stop_pid(state.pid)   # another Prefect version (an upgrade): it would not serve this client
        state_file.unlink(missing_ok=True)
        return _start(home, log).url
    finally:
        os.close(fd)   # closing releases the start lock


def _stop_pid(pid: int, timeout: float = STOP_GRACE_S) -> None:
    from pipeline.flows.lifeline import stop_process

    stop_process(pid, timeout)


def running_server(home: Path | None = None) -> ServerState | None:
    """The local server under PREFECT_HOME if it runs and answers, else None."""
    state = read_state(home or prefect_home())
    return state if state is not None and _is_server(state.pid) and healthy(state) else None


def in_use(home: Path | None = None) -> bool:
    """Whether a run (another process) uses the local server now: it holds the usage lock."""
    import fcntl

    usage = _paths(home or prefect_home())[2]
    try:
        fd = os.open(usage, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)   # closing releases the lock if it was taken
    return False


def stop_local_server(home: Path | None = None) -> ServerState | None:
    """Stop the local server under PREFECT_HOME (SIGTERM, then SIGKILL after STOP_GRACE_S); the stopped server's
    record, or None when none was running."""
    home = home or prefect_home()
    state_file = _paths(home)[0]
    state = read_state(home)
    if state is None or not _is_server(state.pid):
        state_file.unlink(missing_ok=True)
        return None
    _stop_pid(state.pid)
    state_file.unlink(missing_ok=True)
    return state


# --- inside the server process -------------------------------------------------------------------------------


def _watch_idle(usage: Path, state_file: Path, idle: float, started: float) -> None:
    """Stop this server when no process holds the usage lock and it has not been touched for `idle` seconds."""
    import fcntl

    fd = os.open(usage, os.O_RDWR | os.O_CREAT, 0o600)
    while True:
        time.sleep(WATCH_POLL_S)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue   # a run is using the server
        try:
            last_use = max(os.stat(usage).st_mtime, started)
        except OSError:
            last_use = started
        if time.time() - last_use < idle:
            fcntl.flock(fd, fcntl.LOCK_UN)
            continue
        # Idle: keep the lock (a run starting now waits, then finds no server and starts one), forget the record,
        # and shut down as on Ctrl-C (uvicorn handles SIGTERM and closes the database cleanly).
        state = read_state(state_file.parent)
        if state is not None and state.pid == os.getpid():
            state_file.unlink(missing_ok=True)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(STOP_GRACE_S)
        os._exit(0)


def _record_when_up(state_file: Path, port: int) -> None:
    """Write this server's record once it answers: a run that started it and then ended early (bad input) still
    leaves a server the next run finds."""
    state = ServerState(pid=os.getpid(), port=port, prefect=version("prefect"), python=sys.executable,
                        startad=datetime.now().isoformat(timespec="seconds"))
    while not healthy(state, timeout=1.0):
        time.sleep(0.1)
    tmp = state_file.with_name(f"{state_file.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(asdict(state), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, state_file)


def _launch(args: list[str]) -> None:
    """The launcher (see _start): fork the server off in a new session, print its pid, exit."""
    pid = os.fork()
    if pid == 0:
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 1)   # the launcher's stdout is the starter's pipe: the server must not hold it open
        os.execv(sys.executable, [sys.executable, "-m", "pipeline.flows.local_server", "run", *args])
    print(pid, flush=True)
    os._exit(0)


def _serve(idle: float, args: list[str]) -> None:
    """Prefect's CLI with `args`; the server records itself under PREFECT_HOME once up and stops when idle."""
    import runpy

    state_file, _, usage, _ = _paths(prefect_home())
    port = int(args[args.index("--port") + 1])
    threading.Thread(target=_record_when_up, args=(state_file, port), name="registrera", daemon=True).start()
    threading.Thread(target=_watch_idle, args=(usage, state_file, idle, time.time()), name="vilotid",
                     daemon=True).start()
    sys.argv = ["prefect", *args]
    runpy.run_module("prefect", run_name="__main__", alter_sys=True)


def main() -> None:
    """`python -m pipeline.flows.local_server serve IDLE_S server start … --port PORT …` launches the server
    (printing its pid); `… run IDLE_S …` is the server itself."""
    command, idle, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if command == "serve":
        _launch([idle, *args])
    else:
        _serve(float(idle), args)


if __name__ == "__main__":
    main()
