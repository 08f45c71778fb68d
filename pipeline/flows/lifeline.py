"""Helper processes die with the run, however it ends.

A run starts Prefect's temporary server and the render workers. When the run ends normally it stops them; when it
is killed (SIGKILL, a closed terminal, an out-of-memory kill) nothing in it runs any more, so each helper watches
its parent itself: when the parent is gone (`os.getppid()` changes: the helper was handed to init or a
subreaper), the helper stops within a second. This works on every platform and needs no cooperation from the
killed process. The render workers call `follow_parent()` in their initializer; Prefect's server is started as
`python -m pipeline.flows.lifeline server start …`, which follows its parent and then runs Prefect's own CLI
(`python -m prefect …`) in the same process.
"""

from __future__ import annotations

import os
import runpy
import signal
import sys
import threading
import time

POLL_S = 0.5
GRACE_S = 5.0


def _watch(parent: int, graceful: bool) -> None:
    while True:
        time.sleep(POLL_S)
        if os.getppid() != parent:
            if graceful:
                # The server shuts down as on Ctrl-C (uvicorn handles SIGTERM), closing its database cleanly.
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(GRACE_S)
            os._exit(1)


def follow_parent(graceful: bool = False) -> None:
    """Stop this process when its parent process is gone (a daemon thread polls every POLL_S seconds)."""
    threading.Thread(target=_watch, args=(os.getppid(), graceful), name="följer-föräldern", daemon=True).start()


def main() -> None:
    """`python -m pipeline.flows.lifeline ARGS…`: Prefect's CLI with ARGS, stopped when the parent is gone."""
    follow_parent(graceful=True)
    sys.argv = ["prefect", *sys.argv[1:]]
    runpy.run_module("prefect", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
