"""Start the slow parts of a run early, side by side.

Prefect's local server takes several seconds to start when no earlier run left it up (pipeline.flows.local_server),
Prefect itself 0.7 s to import, and the render workers a moment to fork; reading and validating a large ledger takes
a few seconds. The CLI starts the render workers (on a first run in the output folder) and the server lookup in
the background, reads and validates meanwhile (Prefect is imported in the background once the server answers),
and passes the validated inputs to the flow as a parameter (pipeline.flows.points.Validated), so nothing is read
twice. A flow started any other way (a deployment, a test) reads and validates itself.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
import threading
import time
import urllib.request

from pipeline.flows import local_server, prefect_env  # noqa: F401  (prefect_env must precede prefect)
from pipeline.render import pool

_server_thread: threading.Thread | None = None
_server_error: list[BaseException] = []


_server_process: subprocess.Popen | None = None
SERVER_START_TIMEOUT_S = 120


def _server_command(port: int) -> list[str]:
    # pipeline.flows.lifeline runs Prefect's CLI and stops the server when this process is gone (even on SIGKILL).
    return [sys.executable, "-m", "pipeline.flows.lifeline", "server", "start", "--host", "127.0.0.1", "--port", str(port),
            "--no-ui", "--analytics-off", "--no-scheduler", "--no-late-runs", "--log-level", "ERROR"]


def _start_prefect_server() -> None:
    """Use the local server shared between runs (pipeline.flows.local_server), starting it if needed; where shared
    file locks are missing (Windows), start a temporary server for this run. Either is a subprocess running
    Prefect's CLI: importing Prefect's server code into this process would hold the GIL for seconds while the main
    thread is reading the inputs."""
    try:
        if local_server.SUPPORTED:
            # Processes started from here on (and this one) use this server.
            os.environ["PREFECT_API_URL"] = local_server.ensure_local_server()
        else:  # pragma: no cover - Windows
            _start_temporary_server()
        # Prefect reads its settings when imported, so only now (the server's address is set): imported here, it is
        # imported while the main thread reads the inputs (0.7 s; reading CSV releases the interpreter lock).
        from pipeline.flows import run  # noqa: F401
    except BaseException as exc:  # reported when the flow needs the server
        _server_error.append(exc)


def _start_temporary_server() -> None:  # pragma: no cover - Windows
    global _server_process
    port = local_server.free_port()
    # The CLI prints a banner on stdout; errors still reach stderr.
    _server_process = subprocess.Popen(_server_command(port), env={**os.environ, **local_server.SERVER_ENV},
                                       stdout=subprocess.DEVNULL)
    atexit.register(_stop_server)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if _server_process.poll() is not None:
            raise RuntimeError(f"Prefects tillfälliga server avslutades med kod {_server_process.returncode}.")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                if response.status == 200:
                    os.environ["PREFECT_API_URL"] = url
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"Prefects tillfälliga server svarade inte inom {SERVER_START_TIMEOUT_S} s.")


def _stop_server() -> None:  # pragma: no cover - Windows
    if _server_process is not None and _server_process.poll() is None:
        _server_process.terminate()
        try:
            _server_process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            _server_process.kill()


def start_prefect_server() -> None:
    """When no PREFECT_API_URL is set, find or start the local server in the background."""
    global _server_thread
    if not os.environ.get("PREFECT_API_URL") and _server_thread is None:
        _server_thread = threading.Thread(target=_start_prefect_server, name="prefect-server", daemon=True)
        _server_thread.start()


def stop_services() -> None:
    """Give up the warm-up (validation failed): stop the render workers. The shared local server is left to start
    (other runs use it; it stops itself when idle). A temporary server (Windows) still starting for this run is
    stopped (its thread notices at once: it polls the process; tearing it down mid-start can abort the
    interpreter) and forgotten, so that the caller exits normally and an in-process caller (a test, a notebook)
    can start afresh. A server already up, used by an earlier run in this process, stays: Prefect's client keeps
    its address."""
    global _server_thread, _server_process
    pool.abandon()
    if local_server.SUPPORTED or _server_thread is None or not _server_thread.is_alive():
        return
    _stop_server()  # pragma: no cover - Windows
    _server_thread.join()
    _stop_server()   # the thread may have started the process after the first stop
    os.environ.pop("PREFECT_API_URL", None)   # unset before this run's server (start_prefect_server's condition)
    _server_thread, _server_process = None, None
    _server_error.clear()


def start_render_pool() -> None:
    """Spawn the render workers; they import the rendering stack while the flow gets going."""
    pool.render_pool()


def wait_for_services() -> None:
    if _server_thread is not None:
        _server_thread.join()
    if _server_error:
        raise _server_error[0]
