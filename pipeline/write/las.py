"""One run at a time per output folder, and what a killed run left behind cleaned up by the next.

`output_lock(target)` holds `.<folder>.lås` beside the output folder with the operating system's file lock (flock on
Linux and macOS, msvcrt.locking on Windows) for the whole run. The system releases it when the process ends in any
way, SIGKILL included, so a lock can never be left stale: a lock file whose lock is free but which still names a
run is from a killed run, and is taken over. A second run on the same folder is told at once who is writing
(`OutputBusy`). The file is removed when the run ends (a failed run leaves nothing in the output folder); a run
that locks it checks that it locked the file still at that path (_locked_fd).

While holding the lock, what a killed run left is cleaned up (pipeline.write.write_atomically's names): a
half-written `.<folder>.tmp-<pid>` is removed; a `.<folder>.old-<pid>` (the previous output, moved aside a moment
before the new one took its place) is put back when the folder is missing, else removed. Each is said in a note.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

_held: set[Path] = set()   # lock files this process holds: a run inside a run (the CLI, then its flow) enters again


class OutputBusy(Exception):
    """Another run writes to the folder; str() is the Swedish message."""


def lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.lås"


def _try_lock(fd: int) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _holder(fd: int) -> dict:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def _describe(holder: dict) -> str:
    parts = [f"pid {holder['pid']}" if "pid" in holder else "pid okänd"]
    if "startad" in holder:
        parts.append(f"startad {holder['startad']}")
    if holder.get("dator") and holder["dator"] != socket.gethostname():
        parts.append(f"på {holder['dator']}")
    return ", ".join(parts)


def leftovers(target: Path) -> list[str]:
    """Clean up what a killed run left beside `target` (call only while holding the lock); one note for each."""
    notes: list[str] = []
    if not target.parent.is_dir():
        return notes
    for old in sorted(target.parent.glob(f".{target.name}.old-*")):
        if not target.exists():
            old.rename(target)
            notes.append(f"Den förra utdatamappen, som en avbruten körning hade flyttat undan ({old.name}), lades "
                         f"tillbaka som {target.name}.")
        else:
            shutil.rmtree(old, ignore_errors=True)
            notes.append(f"En undanflyttad kopia av den förra utdatamappen från en avbruten körning ({old.name}) togs bort.")
    for tmp in sorted(target.parent.glob(f".{target.name}.tmp-*")):
        shutil.rmtree(tmp, ignore_errors=True) if tmp.is_dir() else tmp.unlink(missing_ok=True)
        notes.append(f"En ofullständig utdatamapp från en avbruten körning ({tmp.name}) togs bort.")
    return notes


@contextmanager
def output_lock(target: Path) -> Iterator[list[str]]:
    """Hold the lock of output folder `target` (raise OutputBusy when another run holds it); yields the notes of
    what was cleaned up after a killed run."""
    path = lock_path(target).absolute()
    if path in _held:   # the outer holder releases it
        yield []
        return
    created = not path.parent.exists()   # a run that writes nothing leaves no empty output folder behind
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with _held_lock(path, target) as notes:
            yield notes
    finally:
        if created:
            with contextlib.suppress(OSError):   # not empty: the run wrote its output there
                path.parent.rmdir()


@contextmanager
def _held_lock(path: Path, target: Path) -> Iterator[list[str]]:
    fd = _locked_fd(path, target)
    try:
        notes = []
        if (killed := _holder(fd)) and killed.get("pid") != os.getpid():
            notes.append(f"Låset från en avbruten körning ({_describe(killed)}) togs över.")
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps({"pid": os.getpid(), "startad": datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
                                 "dator": socket.gethostname()}).encode("utf-8"))
        _held.add(path)
        try:
            yield notes + leftovers(target)
        finally:
            _held.discard(path)
            if os.name == "nt":  # pragma: no cover - an open file cannot be removed on Windows
                os.ftruncate(fd, 0)
            else:
                path.unlink(missing_ok=True)   # while still locked: see _locked_fd
            _unlock(fd)
    finally:
        os.close(fd)


def _locked_fd(path: Path, target: Path) -> int:
    """An open, locked descriptor of the lock file at `path`; OutputBusy when another run holds it. The file is
    removed when a run ends, so the lock taken must be on the file that is at `path` now (not on one removed a
    moment ago by the run that held it): else open it again."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            holder = _holder(fd)
            os.close(fd)
            raise OutputBusy(f"En annan körning ({_describe(holder)}) skriver redan till {target}. Vänta tills den "
                             "är klar och kör sedan igen.")
        try:
            opened, current = os.fstat(fd), os.stat(path)
            if (opened.st_dev, opened.st_ino) == (current.st_dev, current.st_ino):
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)
