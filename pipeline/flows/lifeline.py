"""Helper processes die with the run, however it ends.

A run starts Prefect's temporary server and the render workers. When the run ends normally it stops them; when it
is killed (SIGKILL, a closed terminal, an out-of-memory kill) nothing in it runs any more, so each helper watches
its parent itself: when the parent is gone (`os.getppid()` changes: the helper was handed to init or a
subreaper), the helper stops within a second. This works on every platform and needs no cooperation from the
killed process. The render workers call `follow_parent(run=…)` in their initializer (their parent is a fork server,
which lives as long as they do, so they watch the run itself); a temporary Prefect server (Windows, see
pipeline.flows.local_server) is started as `python -m pipeline.flows.lifeline server start …`, which follows its
parent and then runs Prefect's own CLI (`python -m prefect …`) in the same process.
"""

from __future__ import annotations

import os
import runpy
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

POLL_S = 0.5
GRACE_S = 5.0


def gone(pid: int) -> bool:
    """Whether process `pid` has ended (a zombie, ended but not yet reaped by its parent, counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False   # no /proc (macOS): the process exists


def command_line(pid: int) -> str | None:
    """The command process `pid` runs, its arguments joined by spaces (/proc, else `ps`); None when unknown. A
    recorded pid may since have been reused by another program: check this before signalling it."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0").replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        try:   # macOS and other systems without /proc
            return subprocess.run(["ps", "-p", str(pid), "-o", "command="], capture_output=True, text=True,
                                  timeout=5).stdout.strip() or None
        except (OSError, subprocess.SubprocessError):
            return None


def stop_process(pid: int, grace: float, group: bool = False) -> None:
    """SIGTERM to `pid` (to its process group with `group`), SIGKILL after `grace` seconds if it has not ended."""
    kill = os.killpg if group else os.kill
    try:
        kill(pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and not gone(pid):
        time.sleep(0.1)
    if not gone(pid) or group:   # a group: its other members may outlive the leader
        try:
            kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _watch(parent: int, graceful: bool, run: int | None) -> None:
    while True:
        time.sleep(POLL_S)
        if os.getppid() != parent or (run is not None and gone(run)):
            if graceful:
                # The server shuts down as on Ctrl-C (uvicorn handles SIGTERM), closing its database cleanly.
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(GRACE_S)
            os._exit(1)


def follow_parent(graceful: bool = False, run: int | None = None) -> None:
    """Stop this process when its parent process is gone, or the process `run` (the run that started it, when the
    parent is a fork server between them); a daemon thread polls every POLL_S seconds."""
    threading.Thread(target=_watch, args=(os.getppid(), graceful, run), name="följer-föräldern",
                     daemon=True).start()


def main() -> None:
    """`python -m pipeline.flows.lifeline ARGS…`: Prefect's CLI with ARGS, stopped when the parent is gone."""
    follow_parent(graceful=True)
    sys.argv = ["prefect", *sys.argv[1:]]
    runpy.run_module("prefect", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
