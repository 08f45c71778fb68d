"""Write a run's outputs atomically, with a manifest of sha256 hashes.

Everything is first written into a temporary sibling folder; only when all files are written is the old
output folder replaced. A run that fails earlier leaves the previous outputs untouched.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from pathlib import Path

from pipeline.resources import FOLDER as RESOURCES
from pipeline.write.kodversion import code_version


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The file's sha256, computed once per content version in a process (the manifest and the archive both ask)."""
    stat = path.stat()
    return _sha256_file(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=4096)
def _sha256_file(path: str, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run_sources(inputs: list[Path], config: Path, templates_root: Path, config_files: tuple[Path, ...] = ()
                ) -> dict[str, Path]:
    """{sha256: file} of everything a run read: inputs, the config and the files it points to, every template."""
    files = [*inputs, config, *config_files, *(p for p in templates_root.rglob("*") if p.is_file())]
    return {sha256_file(p): p for p in sorted(files)}


FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")


def portable(path: Path, root: Path) -> str:
    """A path as the manifest names it, the same on every machine: relative to the kommun's folder (`root`), a file
    the program ships as 'kommunrapport:<path in the package>', anything else relative to the kommun's folder
    (with ..)."""
    resolved = path.resolve()
    for base, prefix in ((root.resolve(), ""), (RESOURCES.resolve(), "kommunrapport:")):
        if resolved.is_relative_to(base):
            return prefix + resolved.relative_to(base).as_posix()
    return Path(os.path.relpath(resolved, root.resolve())).as_posix()


def manifest(inputs: list[Path], config: Path, templates: list[Path], outputs: dict[str, bytes], root: Path,
             extra: dict, config_files: tuple[Path, ...] = (), parameters: dict | None = None,
             renderings: dict[str, list[str]] | None = None) -> bytes:
    """manifest.json: the run's parameters, the code that made it (kodversion), every input, the config (and the
    files it points to, such as the kontoplan), every template and font, and every output with its sha256. Paths
    are portable (`portable`) and nothing depends on the clock, so the same run on two machines writes the same
    bytes."""
    doc = {
        **extra,
        "parametrar": parameters or {},
        "kod": code_version(),
        "indata": [{"fil": portable(p, root), "sha256": sha256_file(p), "byte": p.stat().st_size} for p in sorted(inputs)],
        "konfiguration": {"fil": portable(config, root), "sha256": sha256_file(config)},
        "konfigurationsfiler": [{"fil": portable(p, root), "sha256": sha256_file(p)} for p in sorted(config_files)],
        "mallar": [{"fil": portable(p, root), "sha256": sha256_file(p)} for p in sorted(templates)],
        "typsnitt": [{"fil": portable(p, root), "sha256": sha256_file(p)} for p in sorted(templates)
                     if p.suffix.lower() in FONT_SUFFIXES],
        "utdata": [{"fil": name, "sha256": sha256_bytes(data), "byte": len(data)} for name, data in sorted(outputs.items())],
        # Each rendered document's key and files (pipeline.write.reuse): a rerun takes unchanged ones from here.
        "renderingar": [{"nyckel": key, "filer": files} for key, files in sorted((renderings or {}).items())],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def run_parameters(year: int, tillfalle: str, underlag: bool, tillat_saknade: bool = False, publicera: bool = False,
                   format: str = "båda") -> dict:
    """The manifest's `parametrar` of a run (package adds the template folder): only what differs from the default is
    named, so that older manifests still read the same."""
    return {"ar": year, "tillfalle": tillfalle, "underlag": underlag,
            **({"tillat_saknade": True} if tillat_saknade else {}),
            **({"publicera": True} if publicera else {}),
            **({"format": format} if format != "båda" else {})}


def package(documents: dict[str, bytes], summary: str, inputs: list[Path], config: Path, templates_root: Path,
            root: Path, extra: dict, config_files: tuple[Path, ...] = (), parameters: dict | None = None,
            renderings: dict[str, list[str]] | None = None) -> dict[str, bytes]:
    """The run's complete output: the documents, körsammanfattning.txt and manifest.json (hashing all of them).
    `parameters`: the run's own (år, tillfälle, …); the template folder is added, named portably."""
    files = {**documents, "körsammanfattning.txt": summary.encode("utf-8")}
    templates = sorted(p for p in templates_root.rglob("*") if p.is_file())
    parameters = {**(parameters or {}), "mallar": portable(templates_root, root)}
    files["manifest.json"] = manifest(inputs, config, templates, files, root, extra, config_files, parameters,
                                      renderings)
    return files


def write_file_atomically(target: Path, data: bytes) -> None:
    """One file: written beside `target` under a temporary name, then renamed over it (never half-written)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomically(target: Path, files: dict[str, bytes]) -> None:
    """Replace folder `target` with exactly `files`, never leaving a half-written folder behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        for name, data in files.items():
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        if target.exists():
            target.rename(old)
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not target.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
