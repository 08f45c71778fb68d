"""A reporting point's documents rendered on the service's workers (`kör --server URL --fördela N`): the heavy
documents (the registry's pool kinds) are split into N parts, each part a run of the deployment `rendera` that any
worker takes; the parent run gathers the results into the same package and manifest as the embedded run.

A part travels as a file in a staging folder beside the output folder (`.<ÅR-TILLFÄLLE>.rendering/`): the kinds'
names, their contexts and the templates, pickled, as the process pool sends them to its processes. The folder
belongs to the service (the output folders' parent, never the förvaltningar's inkorg) and is removed after the run.
The worker writes the part's files the same way, atomically; a part whose run fails or whose worker dies is run
again (at most ATTEMPTS times) before its documents fail, naming themselves.

Futures for documents of parts not yet sent are sent on demand: a kind that reads another's rendered files (the
registry's `uses_rendered`) waits on their futures, which first sends everything pending (_Pending.result)."""

from __future__ import annotations

import itertools
import pickle
import shutil
import threading
from concurrent.futures import Future
from pathlib import Path

from pipeline.render.report import Templates
from pipeline.write import write_file_atomically

ATTEMPTS = 3
DEPLOYMENT = "rendera/kommunrapport"


class _Pending(Future):
    """A document's future whose part may not have been sent yet: waiting on it sends it."""

    def __init__(self, dispatcher: Dispatcher):
        super().__init__()
        self._dispatcher = dispatcher

    def result(self, timeout=None):
        self._dispatcher.flush()
        return super().result(timeout)

    def exception(self, timeout=None):
        self._dispatcher.flush()
        return super().exception(timeout)


def _fail(future: Future, kind, context: dict, cause: str) -> None:
    """The document's future fails with the DocumentFailed that names it, caused by `cause`."""
    from pipeline.flows.registry import failed

    error = failed(kind, context)
    error.__cause__ = RuntimeError(cause)
    Future.set_exception(future, error)


class Dispatcher:
    def __init__(self, staging: Path, templates: Templates, parts: int):
        self.staging, self.templates, self.parts = staging, templates, max(1, parts)
        self._pending: list[tuple] = []
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)

    def submit(self, kind, context: dict) -> Future:
        future = _Pending(self)
        with self._lock:
            self._pending.append((kind, context, future))
        return future

    def flush(self) -> None:
        """Send every pending document, in at most `parts` parts."""
        with self._lock:
            jobs, self._pending = self._pending, []
        if not jobs:
            return
        self.staging.mkdir(parents=True, exist_ok=True)
        for i in range(min(self.parts, len(jobs))):
            part = jobs[i::self.parts]   # round robin: each part gets long and short documents
            thread = threading.Thread(target=self._run_part, args=(part, next(self._numbers)), daemon=True,
                                      name="del")
            thread.start()
            self._threads.append(thread)

    def _run_part(self, part: list[tuple], number: int) -> None:
        from prefect.deployments import run_deployment

        order = self.staging / f"del-{number}.uppdrag"
        result = order.with_suffix(".resultat")
        write_file_atomically(order, pickle.dumps({"templates": self.templates,
                                                   "jobs": [(kind.name, context) for kind, context, _ in part]}))
        for _attempt in range(ATTEMPTS):
            try:
                child = run_deployment(DEPLOYMENT, parameters={"uppdrag": str(order)}, timeout=None,
                                       as_subflow=False)
            except Exception:  # noqa: BLE001  the server did not answer: try again
                continue
            if child.state is not None and child.state.is_completed() and result.is_file():
                outcomes = pickle.loads(result.read_bytes())
                for (kind, context, future), outcome in zip(part, outcomes):
                    if isinstance(outcome, dict):
                        Future.set_result(future, outcome)
                    else:
                        _fail(future, kind, context, outcome)
                return
        for kind, context, future in part:
            _fail(future, kind, context, f"delen {number} gick inte att rendera på {ATTEMPTS} försök")

    def close(self) -> None:
        for thread in self._threads:
            thread.join()
        shutil.rmtree(self.staging, ignore_errors=True)


def render_part(order: Path) -> int:
    """In the worker (the `rendera` deployment): the part's documents rendered in this machine's process pool,
    their files (or each failure's message) written beside the order; how many."""
    from concurrent.futures import wait

    from pipeline.flows.registry import REGISTRY
    from pipeline.render import pool

    work = pickle.loads(order.read_bytes())
    templates = work["templates"]
    futures = [pool.submit(REGISTRY[name].render, context, templates) for name, context in work["jobs"]]
    wait(futures)
    outcomes = [f.result() if f.exception() is None else f"{type(f.exception()).__name__}: {f.exception()}"
                for f in futures]
    write_file_atomically(order.with_suffix(".resultat"), pickle.dumps(outcomes))
    return len(outcomes)
