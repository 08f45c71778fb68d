"""The run archive: every input, config file and template a run used, content-addressed by sha256, and the run's
manifest, so that a published document can be rebuilt and verified years later from the archive alone.

    arkiv/objekt/ab/abcdef…            one file per distinct content (deduplicated across runs and kommuner)
    arkiv/körningar/<ÅR>-<tillfälle>/<sha256 of manifest.json>.json

An object is written once, atomically (a temporary file, then os.replace) and never overwritten; reading one back
checks that its bytes still hash to its name. Nothing in an archive is ever deleted by the program.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

OBJECTS = "objekt"
RUNS = "körningar"


class ArchiveError(Exception):
    """The archive cannot be written or read as it should (Swedish message)."""


def object_path(archive: Path, sha: str) -> Path:
    return archive / OBJECTS / sha[:2] / sha


def _write_new(target: Path, write) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        write(temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def store_files(archive: Path, files: dict[str, Path]) -> int:
    """Store {sha256: source file} (hashes already computed by the manifest); return how many objects were new.
    An object already there is kept; one of another size than its source is an error (it was altered)."""
    new = 0
    for sha, source in sorted(files.items()):
        target = object_path(archive, sha)
        if target.exists():
            if target.stat().st_size != source.stat().st_size:
                raise ArchiveError(f"Arkivet {archive} är ändrat: objektet {sha} har inte samma storlek som "
                                   f"{source.name}, som har den kontrollsumman. Inget skrevs över.")
            continue
        _write_new(target, lambda tmp, source=source: shutil.copyfile(source, tmp))
        new += 1
    return new


def archive_folder(archive_dir: Path | None, configured: Path | None, outputs_dir: Path) -> Path:
    """Where a run archives: --arkiv, else the configuration's [arkiv] mapp, else arkiv/ beside the output folder."""
    return archive_dir or configured or outputs_dir.parent / "arkiv"


def store_run(archive: Path, label: str, manifest: bytes) -> Path:
    """Store the run's manifest under körningar/<label>/; return its path in the archive."""
    target = archive / RUNS / label / f"{hashlib.sha256(manifest).hexdigest()}.json"
    if not target.exists():
        _write_new(target, lambda tmp: tmp.write_bytes(manifest))
    return target


def read_object(archive: Path, sha: str) -> bytes:
    """An archived object's bytes, checked against its name."""
    path = object_path(archive, sha)
    if not path.is_file():
        raise ArchiveError(f"Arkivet saknar objektet {sha}.")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha:
        raise ArchiveError(f"Arkivets objekt {sha} är ändrat: innehållet har inte den kontrollsumman.")
    return data
