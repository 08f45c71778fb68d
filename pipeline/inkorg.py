"""The inkorg: the folder the förvaltningar deliver their workbooks to (`inkorg/ÅR/TILLFÄLLE/`, configurable with
`[inkorg] mapp`, e.g. a network share), reviewed in rounds by `kommunrapport bevaka` or the service's `inkorg`
deployment.

A round:
1. lists the inkorg's workbooks (.xlsx, .csv, .json; not hidden files, Excel's `~$` lock files or the feedback);
2. leaves for the next round a file that is still being written: changed within the last `STABLE_S` seconds, or
   open in Excel (its `~$` lock file is there), or not readable yet;
3. reviews each new or changed file (its sha256 differs from the last review's) together with the inputs already
   in `inputs/ÅR/` (a copy of the tree made of hard links, the delivered files put in it under their names): the
   problems in the file itself and those against the rest (an unknown nämnd, a second workbook for the same nämnd);
4. writes the feedback beside the file ("<namn> – granskning.txt" and ".html", pipeline.render.granskning);
5. copies an approved file into `inputs/ÅR/TILLFÄLLE/` (never moves or edits it; a different file of the same name
   there is kept first in the inkorg's `.ersatta/`), so the next run and `status` see it.
The last review of each file is recorded in the inkorg folder's `.granskning.json`. One round at a time per
folder (the output folder lock of pipeline.write.las).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.render.granskning import Review, review_html, review_text
from pipeline.write import write_file_atomically

STABLE_S = 10.0
SUFFIXES = (".xlsx", ".xlsm", ".csv", ".json")
FEEDBACK = " – granskning"
STATE = ".granskning.json"


@dataclass(frozen=True)
class Round:
    reviews: tuple[Review, ...]      # the files reviewed in this round
    waiting: tuple[str, ...]         # files left for the next round (being written, open in Excel)
    unchanged: tuple[str, ...]       # files reviewed before, not changed since


def inkorg_folder(config, konfig: Path, ar: int, tillfalle: str, inkorg: Path | None = None) -> Path:
    """`inkorg/ÅR/TILLFÄLLE/`: under --inkorg, else the configuration's [inkorg] mapp, else inkorg/ beside the
    configuration's folder (the kommun's folder)."""
    root = inkorg or config.inkorg or konfig.resolve().parent.parent / "inkorg"
    return root / str(ar) / tillfalle


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def deliveries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink()
                  and p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", ".")))


def _being_written(path: Path, now: float) -> bool:
    if (path.parent / f"~${path.name[2:]}").exists() or (path.parent / f"~${path.name}").exists():
        return True   # open in Excel (Excel's lock file drops the first two characters of long names)
    try:
        with path.open("rb"):
            pass
    except OSError:
        return True
    return now - path.stat().st_mtime < STABLE_S


def _load_state(folder: Path) -> dict:
    try:
        return json.loads((folder / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _linked_tree(source: Path, target: Path) -> None:
    """`source` copied to `target` as hard links (same file system), else as copies."""
    for path in source.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        dest = target / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, dest)
        except OSError:
            shutil.copy2(path, dest)


def review_files(config, indata: Path, ar: int, tillfalle: str, files: list[Path]) -> dict[str, list]:
    """{file name: its problems} for `files` delivered to ÅR/TILLFÄLLE, read with the inputs already there."""
    from pipeline.flows.validate import read_and_stage

    indata = indata.resolve()
    with tempfile.TemporaryDirectory(prefix=".inkorg-", dir=indata.parent) as tmp:
        tree = Path(tmp) / indata.name
        tree.mkdir()
        if (indata / str(ar)).is_dir():
            _linked_tree(indata / str(ar), tree / str(ar))
        point = tree / str(ar) / tillfalle
        point.mkdir(parents=True, exist_ok=True)
        for f in files:
            (point / f.name).unlink(missing_ok=True)   # the delivered file replaces one of the same name
            shutil.copy2(f, point / f.name)
        _, _, problems = read_and_stage(config, tree, ar, tillfalle)
        found: dict[str, list] = {f.name: [] for f in files}
        wanted = Path(indata.name) / str(ar) / tillfalle
        for p in problems.sorted():
            path = Path(p.fil)
            if path.parent == wanted and path.name in found:
                found[path.name].append(p)
    return found


def _deliver(path: Path, point: Path, folder: Path, stamp: str) -> None:
    """Copy `path` into the inputs folder `point` (atomically); a different file there of the same name is kept in
    the inkorg's .ersatta/ first."""
    target = point / path.name
    if target.is_file():
        if _sha256(target) == _sha256(path):
            return
        kept = folder / ".ersatta" / f"{stamp} {path.name}"
        kept.parent.mkdir(exist_ok=True)
        shutil.copy2(target, kept)
    point.mkdir(parents=True, exist_ok=True)
    tmp = point / f".{path.name}.tmp-{os.getpid()}"
    shutil.copy2(path, tmp)
    os.replace(tmp, target)


def review_round(config, konfig: Path, indata: Path, ar: int, tillfalle: str, inkorg: Path | None = None,
                 now: datetime | None = None) -> Round:
    """One round over inkorg/ÅR/TILLFÄLLE (see the module's doc)."""
    from pipeline.write.las import output_lock

    folder = inkorg_folder(config, konfig, ar, tillfalle, inkorg)
    folder.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now().replace(microsecond=0)
    with output_lock(folder):
        state = _load_state(folder)
        waiting, unchanged, ready = [], [], []
        clock = time.time()
        for path in deliveries(folder):
            if _being_written(path, clock):
                waiting.append(path.name)
                continue
            digest = _sha256(path)
            if state.get(path.name, {}).get("sha256") == digest:
                unchanged.append(path.name)
            else:
                ready.append((path, digest))
        reviews = []
        if ready:
            found = review_files(config, indata, ar, tillfalle, [p for p, _ in ready])
            point = indata.resolve() / str(ar) / tillfalle
            title = f"{config.kommun_namn}, {config.tillfalle(tillfalle).namn} {ar}"
            for path, digest in ready:
                problems = tuple(found[path.name])
                copied = None
                if not problems:
                    _deliver(path, point, folder, now.strftime("%Y%m%d-%H%M%S"))
                    copied = (point / path.name).relative_to(indata.resolve().parent).as_posix()
                review = Review(path.name, digest, now, title, problems, copied)
                stem = path.stem + FEEDBACK
                write_file_atomically(folder / f"{stem}.txt", review_text(review))
                write_file_atomically(folder / f"{stem}.html", review_html(review))
                state[path.name] = {"sha256": digest, "granskad": now.isoformat(), "fel": len(problems),
                                    "kopierad": copied}
                reviews.append(review)
            write_file_atomically(folder / STATE, json.dumps(state, ensure_ascii=False, indent=2).encode("utf-8"))
    return Round(tuple(reviews), tuple(waiting), tuple(unchanged))


def round_lines(result: Round) -> list[str]:
    """The round in Swedish, a line per file."""
    from pipeline.render.granskning import verdict

    lines = [f"  {r.file}: {verdict(r)}" for r in result.reviews]
    lines += [f"  {name}: skrivs fortfarande eller är öppen i Excel; granskas i nästa omgång." for name in result.waiting]
    if not lines:
        lines.append(f"  Inga nya eller ändrade filer ({len(result.unchanged)} granskade tidigare).")
    return lines
