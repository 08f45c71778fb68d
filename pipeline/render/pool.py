"""A process pool for rendering documents, started early so that its workers import WeasyPrint, docxtpl
and matplotlib while the rest of the run gets going (rendering is CPU-bound Python: threads would not help).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

_pool: ProcessPoolExecutor | None = None


def import_rendering_stack() -> None:
    """Import what rendering needs (WeasyPrint, docxtpl, matplotlib with its file backend, the renderers, which
    import these lazily: 0.2 s a worker's first document would otherwise spend)."""
    import docxtpl  # noqa: F401
    import matplotlib

    matplotlib.use("Agg")
    import weasyprint  # noqa: F401

    from pipeline.render import chart, docx, pdf, report  # noqa: F401


def _warm_worker(run: int) -> None:
    """The worker stops when the run's process `run` is gone; the rendering stack is imported once per worker
    (already there when the worker was forked from the fork server, see _context)."""
    from pipeline.flows.lifeline import follow_parent

    follow_parent(run=run)
    import_rendering_stack()


def _context() -> multiprocessing.context.BaseContext:
    """Where the platform has it (Linux, macOS), a fork server that has imported the rendering stack once: each worker
    is forked from it, warm, in milliseconds, and the run's own modules (the CLI, pandas, Prefect) are not imported
    into it (a spawned worker re-imports the main module: 1.4 s a worker for `kommunrapport`). The fork server is
    single-threaded, so forking it is safe, and it stops when this process is gone. Elsewhere (Windows) spawned
    workers, each importing the stack itself."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["pipeline.render.preload"])
        return context
    return multiprocessing.get_context("spawn")


def default_workers() -> int:
    """One render process per core, at most 8; KOMMUNRAPPORT_PROCESSER sets another number (a shared server, or a
    measurement of 1 against 2 processes)."""
    wanted = os.environ.get("KOMMUNRAPPORT_PROCESSER", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return max(1, min(os.cpu_count() or 1, 8))


def render_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """The shared pool (warm worker processes, see _context); created on first use."""
    global _pool
    if _pool is None:
        workers = workers or default_workers()
        _pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_warm_worker,
                                    initargs=(os.getpid(),))
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

