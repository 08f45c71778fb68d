"""A process pool for rendering documents, started early so that its workers import WeasyPrint, docxtpl
and matplotlib while the rest of the run gets going (rendering is CPU-bound Python: threads would not help).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

_pool: ProcessPoolExecutor | None = None


def _warm_worker() -> None:
    """Import the rendering stack once per worker process; the worker stops when the run's process is gone."""
    from pipeline.flows.lifeline import follow_parent

    follow_parent()
    import docxtpl  # noqa: F401
    import matplotlib

    matplotlib.use("Agg")
    import weasyprint  # noqa: F401

    from pipeline.render import report  # noqa: F401


def default_workers() -> int:
    """One render process per core, at most 8; KOMMUNRAPPORT_PROCESSER sets another number (a shared server, or a
    measurement of 1 against 2 processes)."""
    wanted = os.environ.get("KOMMUNRAPPORT_PROCESSER", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return max(1, min(os.cpu_count() or 1, 8))


def render_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """The shared pool (spawned processes, each warmed up); created on first use."""
    global _pool
    if _pool is None:
        workers = workers or default_workers()
        _pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                    initializer=_warm_worker)
        # Start every worker now (the executor would otherwise start them lazily, one per submit).
        for _ in range(workers):
            _pool.submit(os.getpid)
    return _pool


def submit(fn, *args) -> Future:
    return render_pool().submit(fn, *args)


def abandon() -> None:
    """Stop the workers at once (a run that ends before rendering should not wait for them to warm up). The pool's
    workers are this process's only multiprocessing children (Prefect's server is a plain subprocess), so they are
    found with multiprocessing.active_children(): ProcessPoolExecutor has no public way to its processes before
    Python 3.14's terminate_workers()."""
    global _pool
    if _pool is not None:
        processes = multiprocessing.active_children()
        _pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        _pool = None
