"""`kommunrapport verifiera`: prove that a published run was built from what its manifest says, by rebuilding it
from the archive alone and comparing every output byte for byte.

Steps, each a function: `load_manifest` (a run folder or a manifest file), `published_state` (has anyone changed
the published files since?), `restore` (the run's inputs, config and templates from the archive into an empty
folder, every object's hash checked), the rerun (the one flow, done by the command line), `compare` (the rerun's
outputs against the manifest) and `verdict` (per file: identisk / skiljer sig / saknas, with the reasons found).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pipeline.resources import FOLDER as RESOURCES
from pipeline.write import sha256_bytes
from pipeline.write.arkiv import ArchiveError, read_object
from pipeline.write.kodversion import code_version, describe

PROGRAM = "kommunrapport:"   # a file the program ships (pipeline/resources), as the manifest names it


class VerifyError(Exception):
    """The verification cannot start (Swedish message); a usage error."""


@dataclass(frozen=True)
class Manifest:
    doc: dict
    path: Path              # the manifest file read
    run_folder: Path | None  # the published output folder, when the manifest was read from one

    @property
    def outputs(self) -> dict[str, str]:
        return {e["fil"]: e["sha256"] for e in self.doc["utdata"]}


def load_manifest(target: Path) -> Manifest:
    """A published run folder (with manifest.json) or a manifest file (in the folder or in the archive)."""
    path = target / "manifest.json" if target.is_dir() else target
    if not path.is_file():
        raise VerifyError(f"{target} är varken en utdatamapp med manifest.json eller en manifestfil.")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise VerifyError(f"Manifestet {path} kan inte läsas: {exc}") from exc
    for key in ("parametrar", "kod", "indata", "konfiguration", "mallar", "utdata"):
        if key not in doc:
            raise VerifyError(f"Manifestet {path} saknar '{key}': det är skrivet av en äldre version av programmet "
                              "och kan inte verifieras mot ett arkiv.")
    return Manifest(doc, path, path.parent if path.name == "manifest.json" else None)


def default_archive(manifest: Manifest) -> Path:
    """arkiv/ beside the outputs folder (outputs/<run>/manifest.json → arkiv/), or the archive a manifest in
    arkiv/körningar/<run>/ belongs to."""
    if manifest.path.parent.parent.name == "körningar":
        return manifest.path.parents[2]
    return manifest.path.parent.parent.parent / "arkiv"


def published_state(manifest: Manifest) -> dict[str, str]:
    """{output file: 'ändrad efter körningen' | 'saknas i utdatamappen'} for the published files that no longer
    match the manifest (nothing to say for a manifest read from the archive)."""
    if manifest.run_folder is None:
        return {}
    out = {}
    for name, sha in manifest.outputs.items():
        path = manifest.run_folder / name
        if not path.is_file():
            out[name] = "saknas i utdatamappen"
        elif sha256_bytes(path.read_bytes()) != sha:
            out[name] = "ändrad efter körningen (kontrollsumman stämmer inte med manifestet)"
    return out


@dataclass(frozen=True)
class Restored:
    root: Path            # the kommun's folder, rebuilt
    config: Path
    inputs_dir: Path
    templates: Path


def _depth(names: list[str]) -> int:
    """How many '..' the manifest's paths climb out of the kommun's folder at most."""
    return max((sum(1 for part in PurePosixPath(n).parts if part == "..") for n in names
                if not n.startswith(PROGRAM)), default=0)


def restore(manifest: Manifest, archive: Path, base: Path) -> tuple[Restored | None, dict[str, str]]:
    """Write the run's inputs, config files and templates from the archive into `base` (the kommun's folder as
    base/kommun, deep enough for paths with '..'); return (the restored folder, {file: problem}). A missing or
    altered archived object is named, and nothing can be rerun then. The program's own files
    ('kommunrapport:…') are used from the installed program when their bytes are the archived ones (so the
    manifest names them the same), else from the archive."""
    doc = manifest.doc
    entries = [*doc["indata"], doc["konfiguration"], *doc.get("konfigurationsfiler", []), *doc["mallar"]]
    root = base.joinpath("kommun", *(["d"] * _depth([e["fil"] for e in entries])))
    problems, program_same = {}, True
    for entry in entries:
        try:
            data = read_object(archive, entry["sha256"])
        except ArchiveError as exc:
            problems[entry["fil"]] = f"arkiverad fil saknas eller är ändrad ({exc})"
            continue
        name = entry["fil"]
        if name.startswith(PROGRAM):
            installed = RESOURCES / PurePosixPath(name.removeprefix(PROGRAM))
            program_same &= installed.is_file() and sha256_bytes(installed.read_bytes()) == entry["sha256"]
            target = base / "program" / PurePosixPath(name.removeprefix(PROGRAM))
        else:
            target = (root / PurePosixPath(name)).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if problems:
        return None, problems
    first_input = doc["indata"][0]["fil"] if doc["indata"] else "inputs"
    inputs_dir = root / PurePosixPath(first_input).parts[0]
    inputs_dir.mkdir(parents=True, exist_ok=True)
    templates = doc["parametrar"]["mallar"]
    if templates.startswith(PROGRAM):
        templates_dir = (RESOURCES if program_same else base / "program") / templates.removeprefix(PROGRAM)
    else:
        templates_dir = (root / PurePosixPath(templates)).resolve()
    return Restored(root, (root / PurePosixPath(doc["konfiguration"]["fil"])).resolve(), inputs_dir,
                    templates_dir), {}


@dataclass
class Verdict:
    files: dict[str, tuple[str, str]] = field(default_factory=dict)   # file -> (identisk|skiljer sig|saknas, why)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every file identical (the notes only explain: another code version that made the same bytes is fine;
        a file that could not be rebuilt is already 'skiljer sig')."""
        return bool(self.files) and all(state == "identisk" for state, _ in self.files.values())

    def as_json(self, manifest: Manifest) -> bytes:
        doc = {"manifest": manifest.path.name, "kommun": manifest.doc.get("kommun"), "ar": manifest.doc.get("ar"),
               "tillfalle": manifest.doc.get("tillfalle"), "resultat": "identisk" if self.ok else "avviker",
               "filer": [{"fil": name, "status": state, "orsak": why} for name, (state, why) in sorted(self.files.items())],
               "anmarkningar": self.notes, "byggd_med": manifest.doc["kod"], "verifierad_med": code_version()}
        return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def code_note(manifest: Manifest) -> str | None:
    """'byggd med …; nu …' when the code or a library differs from the one that made the run."""
    then, now = manifest.doc["kod"], code_version()
    if then == now:
        return None
    return f"byggd med {describe(then)}; nu {describe(now)}"


def verdict(manifest: Manifest, published: dict[str, str], restore_problems: dict[str, str],
            rerun: dict[str, bytes] | None) -> Verdict:
    """Per output file of the manifest, and the manifest itself: identisk / skiljer sig / saknas, with the reasons
    found."""
    result = Verdict()
    for name, problem in sorted(restore_problems.items()):
        result.notes.append(f"{name}: {problem}")
    code = code_note(manifest)
    if code:
        result.notes.append(code)
    expected = {**manifest.outputs, "manifest.json": sha256_bytes(manifest.path.read_bytes())}
    for name, sha in sorted(expected.items()):
        if name in published:
            result.files[name] = ("skiljer sig" if "ändrad" in published[name] else "saknas", published[name])
        elif rerun is None:
            result.files[name] = ("skiljer sig", "kunde inte byggas om (se anmärkningarna)")
        elif name not in rerun:
            result.files[name] = ("saknas", "skrivs inte längre av körningen")
        elif name == "manifest.json":
            same = sha256_bytes(rerun[name]) == sha
            result.files[name] = ("identisk", "") if same else \
                ("skiljer sig", code or "indata, mallar eller parametrar skiljer sig")
        elif sha256_bytes(rerun[name]) == sha:
            result.files[name] = ("identisk", "")
        else:
            result.files[name] = ("skiljer sig", code or "ombyggd med samma kod men med andra byte")
    for name in sorted(set(rerun or {}) - set(expected)):
        result.files[name] = ("skiljer sig", "ny fil i ombyggnaden, saknas i manifestet")
    return result
