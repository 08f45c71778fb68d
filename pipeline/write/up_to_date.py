"""Is the output folder already what a run would write? Then the run need not read, compute or render anything.

The program is deterministic: the same inputs, configuration, templates, code and parameters give the same bytes,
manifest included (tests/test_ateranvandning.py). So when everything the last run in the folder was made from is
unchanged, and the folder still holds exactly what its manifest lists, a new run would write the same folder again.
`unchanged_run` checks, conservatively, with the output folder locked (pipeline.write.las):

- the names of all files under the inputs folder (every year) are those the last run saw when it started (the
  record beside the folder, `.<folder>.indata.json`, written by `record_inputs` after a successful run): which
  files a run reads depends only on the names in the folders, the configuration and the parameters; a file added,
  removed or renamed anywhere under inputs/ means a full run;
- every file the manifest lists as read (indata), the configuration and the files it points to, and every template
  file have the sha256 the manifest gives, and the template folder holds no other file;
- the code (package source sha256, Python and the byte-shaping libraries) and the run's parameters equal the
  manifest's;
- every file in the output folder has the manifest's sha256, and there is no other file;
- the archive holds the run (its manifest under körningar/).

Anything else, or anything unreadable, means a full run (which still reuses unchanged documents, reuse.py).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.write import RESOURCES, portable, sha256_bytes, sha256_file
from pipeline.write.arkiv import RUNS
from pipeline.write.kodversion import code_version


@dataclass(frozen=True)
class Unchanged:
    output_dir: Path
    summary: str                 # the last run's körsammanfattning.txt
    documents: tuple[str, ...]   # the folder's documents (every file but the manifest and the summary)


def record_path(target: Path) -> Path:
    return target.parent / f".{target.name}.indata.json"


def input_names(inputs_dir: Path) -> list[str]:
    """Every file (and link) under the inputs folder, as sorted paths relative to it."""
    names = []
    for folder, dirs, files in os.walk(inputs_dir):
        dirs.sort()
        names += [Path(folder, f).relative_to(inputs_dir).as_posix() for f in files]
    return sorted(names)


def record_inputs(target: Path, inputs_dir: Path, names: list[str]) -> None:
    """After a successful run: the inputs folder's file names as the run saw them when it started."""
    from pipeline.write import write_file_atomically

    doc = {"indata": str(inputs_dir.resolve()), "filer": names}
    write_file_atomically(record_path(target), (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def _resolve(name: str, root: Path) -> Path:
    """A manifest path back to a file (pipeline.write.portable's inverse)."""
    if name.startswith("kommunrapport:"):
        return RESOURCES / name.removeprefix("kommunrapport:")
    return root / name


def _same_files(entries: list[dict], root: Path) -> bool:
    for entry in entries:
        path = _resolve(entry["fil"], root)
        if not path.is_file() or sha256_file(path) != entry["sha256"]:
            return False
    return True


def unchanged_run(target: Path, inputs_dir: Path, names: list[str], config_path: Path, config_files: list[Path],
                  templates_root: Path, parameters: dict, archive: Path) -> Unchanged | None:
    """The last run's result when the folder `target` is already what this run would write (see the module), else
    None. `names`: input_names(inputs_dir) taken before anything else; `parameters`: the manifest's parametrar as
    this run would write them."""
    root = inputs_dir.parent
    try:
        record = json.loads(record_path(target).read_text(encoding="utf-8"))
        manifest_bytes = (target / "manifest.json").read_bytes()
        manifest = json.loads(manifest_bytes)
        if record != {"indata": str(inputs_dir.resolve()), "filer": names}:
            return None
        if manifest["kod"] != code_version() or manifest["parametrar"] != parameters:
            return None
        if manifest["konfiguration"]["fil"] != portable(config_path, root) or \
                sha256_file(config_path) != manifest["konfiguration"]["sha256"]:
            return None
        if sorted(e["fil"] for e in manifest["konfigurationsfiler"]) != sorted(portable(p, root) for p in config_files):
            return None
        templates = sorted(p for p in templates_root.rglob("*") if p.is_file())
        if [e["fil"] for e in manifest["mallar"]] != [portable(p, root) for p in templates]:
            return None
        if not (_same_files(manifest["indata"], root) and _same_files(manifest["konfigurationsfiler"], root)
                and _same_files(manifest["mallar"], root)):
            return None
        listed = {e["fil"]: e["sha256"] for e in manifest["utdata"]}
        present = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
        if present != sorted([*listed, "manifest.json"]):
            return None
        if any(sha256_file(target / name) != sha for name, sha in listed.items()):
            return None
        if not (archive / RUNS / target.name / f"{sha256_bytes(manifest_bytes)}.json").is_file():
            return None   # the archive has moved or lost the run: a full run archives it again
        summary = (target / "körsammanfattning.txt").read_text(encoding="utf-8")
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    documents = tuple(sorted(name for name in listed if name != "körsammanfattning.txt"))
    return Unchanged(target, summary, documents)
