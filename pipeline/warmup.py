"""Start the slow parts of a run early, side by side.

Prefect's temporary server takes several seconds to start and the render workers a few to import
WeasyPrint; reading and validating a large ledger takes a few too. The CLI starts the server in the
background, reads and validates meanwhile, then spawns the render workers while it waits for the server,
and hands the validated inputs to the flow, whose read and validate tasks take them instead of reading
again (nothing is computed twice). On two cores, starting everything at once only made each part slower. A flow started any other way (a
deployment, a test) reads and validates itself.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from pipeline import prefect_env  # noqa: F401  (must precede prefect)
from pipeline.config import Config
from pipeline.problems import Problems
from pipeline.read.discover import RawInputs, read_inputs
from pipeline.render import pool
from pipeline.staging import StagedInputs, stage_inputs

_server_thread: threading.Thread | None = None
_server_error: list[BaseException] = []
_prepared: dict[tuple, tuple[RawInputs, StagedInputs]] = {}


def _start_prefect_server() -> None:
    try:
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer()
        server.start()
        # Processes started from here on (and this one) use this server instead of starting their own.
        os.environ["PREFECT_API_URL"] = server.api_url
    except BaseException as exc:  # reported when the flow needs the server
        _server_error.append(exc)


def start_prefect_server() -> None:
    """When no PREFECT_API_URL is set, start Prefect's temporary server in the background."""
    global _server_thread
    if not os.environ.get("PREFECT_API_URL") and _server_thread is None:
        _server_thread = threading.Thread(target=_start_prefect_server, name="prefect-server", daemon=True)
        _server_thread.start()


def stop_services_and_exit(code: int) -> None:
    """Give up the warm-up (validation failed) and end the process now: stop the render workers and Prefect's
    server process, then exit without waiting for the thread that is still starting that server (letting
    the interpreter tear it down mid-start can abort the process)."""
    pool.abandon()
    try:
        from prefect.server.api.server import SubprocessASGIServer

        for server in list(SubprocessASGIServer._instances.values()):
            if server.server_process is not None:
                server.server_process.terminate()
    except Exception:  # noqa: BLE001 - best effort: the process ends either way
        pass
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def start_render_pool() -> None:
    """Spawn the render workers; they import the rendering stack while the flow gets going."""
    pool.render_pool()


def wait_for_services() -> None:
    if _server_thread is not None:
        _server_thread.join()
    if _server_error:
        raise _server_error[0]


def read_and_stage(config: Config, inputs_dir: Path, year: int, tillfalle: str) -> tuple[RawInputs, StagedInputs, Problems]:
    problems = Problems(root=inputs_dir.parent)
    raw = read_inputs(inputs_dir, year, tillfalle, problems)
    staged = stage_inputs(raw, config, year, tillfalle, problems)
    return raw, staged, problems


def keep(inputs_dir: Path, year: int, tillfalle: str, raw: RawInputs, staged: StagedInputs) -> None:
    """Hand validated inputs to the next flow run for (inputs_dir, year, tillfalle)."""
    _prepared[(inputs_dir.resolve(), year, tillfalle)] = (raw, staged)


def take_read(inputs_dir: Path, year: int, tillfalle: str) -> RawInputs | None:
    prepared = _prepared.get((inputs_dir.resolve(), year, tillfalle))
    return prepared[0] if prepared else None


def take_staged(raw: RawInputs) -> StagedInputs | None:
    for key, (kept_raw, staged) in list(_prepared.items()):
        if kept_raw is raw:
            del _prepared[key]
            return staged
    return None
