"""Unexpected errors: no traceback ever reaches the user.

An exception nobody expected (a bug, a kommun template that fails, a full disk) becomes one Swedish sentence that
says what stopped, where (the file or the document) and what to do; the technical detail (the traceback, and what
Prefect and the readers logged) goes to a log file in the output folder's parent, `kommunrapport-fel-….log`.
The CLI's `main` does this for every command (pipeline.cli.main); readers and renderers only name what they were
working on (`LOGGER.exception`, DocumentFailed).
"""

from __future__ import annotations

import errno
import logging
import os
import sys
import traceback
from datetime import datetime
from pathlib import Path

LOGGER = logging.getLogger("kommunrapport")
LOG_PREFIX = "kommunrapport-fel-"


class DocumentFailed(Exception):
    """Rendering one document failed: `document` is its file stem (its cause holds the detail)."""

    def __init__(self, document: str):
        super().__init__(document)
        self.document = document


class Collector(logging.Handler):
    """Keeps every log record of WARNING and above (Prefect's, the readers') for the log file."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def errors(self) -> bool:
        """Whether this program logged an unexpected error (a reader's; Prefect's own records do not count: a flow
        that stops on bad input is logged by Prefect as failed, and is no unexpected error)."""
        return any(r.levelno >= logging.ERROR and r.name.startswith(LOGGER.name) for r in self.records)


_log_folder: Path | None = None


def set_log_folder(folder: Path) -> None:
    """Where a failing command writes its log file: the output folder's parent (`--utdata`)."""
    global _log_folder
    _log_folder = folder


def install() -> Collector:
    """Collect the records the log file needs (on the root logger, where Prefect's records arrive too)."""
    collector = Collector()
    logging.getLogger().addHandler(collector)
    if logging.getLogger().level > logging.WARNING or logging.getLogger().level == logging.NOTSET:
        logging.getLogger().setLevel(logging.WARNING)
    return collector


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def disk_full(exc: BaseException) -> OSError | None:
    """The 'no space left on device' error in `exc`'s chain, if any."""
    return next((e for e in _chain(exc) if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT)), None)


def write_log(collector: Collector, exc: BaseException | None) -> tuple[Path | None, str | None]:
    """(the log file written, or None and why not)."""
    folder = (_log_folder or Path.cwd()).resolve()
    path = folder / f"{LOG_PREFIX}{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
    lines = [f"kommunrapport: {' '.join(sys.argv)}", f"tid: {datetime.now().isoformat(timespec='seconds')}",
             f"python: {sys.version.split()[0]}", ""]
    if exc is not None:
        lines += ["".join(traceback.format_exception(exc)), ""]
    lines += [collector.format(r) for r in collector.records]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as problem:
        if disk_full(problem) is not None:
            return None, "disken är full"
        return None, f"{type(problem).__name__}: {problem.strerror or problem}"
    return path, None


def where_logged(log: Path | None, why_not: str | None) -> str:
    if log is not None:
        return f"Tekniska detaljer finns i {log}."
    return f"Loggfilen kunde inte skrivas ({why_not})."


def message(exc: BaseException, log: Path | None, why_not: str | None) -> str:
    """The Swedish sentence the user sees instead of a traceback."""
    untouched = "Inga dokument skrevs; tidigare dokument är orörda."
    if (full := disk_full(exc)) is not None:
        where = full.filename2 or full.filename or _log_folder or Path.cwd()   # a copy's target is filename2
        return f"Disken är full: {where} kunde inte skrivas. {untouched} Frigör utrymme på disken och kör igen. {where_logged(log, why_not)}"
    cause = f"{type(exc.__cause__ or exc).__name__}: {exc.__cause__ or exc}"
    if len(cause) > 300:
        cause = cause[:300] + " …"
    failed = next((e for e in _chain(exc) if isinstance(e, DocumentFailed)), None)
    if failed is not None:
        return (f"Dokumentet {failed.document} gick inte att skapa: ett oväntat fel ({cause}). {untouched} Har "
                "kommunen egna mallar, kontrollera dem med `kommunrapport mallar kontrollera`; annars är det ett fel i "
                f"programmet. {where_logged(log, why_not)}")
    return (f"Ett oväntat fel stoppade körningen ({cause}). {untouched} {where_logged(log, why_not)} Skicka filen "
            "till den som förvaltar programmet.")
