"""Documents that need no rendering: the previous run's, when nothing that shapes them has changed.

Every rendered document (a registry job: one context of one kind, giving e.g. a .docx and a .pdf) has a key: the
sha256 of its kind, its context, the template set's files and the code that renders (the package's source and the
versions of the libraries that shape bytes; pipeline.write.kodversion). The manifest records each key with the
files it gave (`renderingar`). A rerun on the same output folder computes the keys again; a job whose key the
previous manifest lists takes that run's files instead of rendering, after checking each file's sha256 against the
manifest (a file changed or missing on disk means rendering anew). So an unchanged rerun renders nothing, and
when one förvaltning replaces its underlag only the documents whose contexts changed are rendered again.

The store is the output folder itself: nothing is kept beside it, and the published bytes are the cached bytes.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.write.kodversion import code_version


def run_digest(templates_root: Path) -> str:
    """What every key of a run shares: the rendering code (not the git commit: the source's sha256 covers it) and
    every file of the template set."""
    from pipeline.write import sha256_file

    code = {k: v for k, v in code_version().items() if k != "git"}
    h = hashlib.sha256(json.dumps(code, sort_keys=True).encode("utf-8"))
    for path in sorted(p for p in templates_root.rglob("*") if p.is_file()):
        h.update(path.relative_to(templates_root).as_posix().encode("utf-8") + b"\0" + sha256_file(path).encode())
    return h.hexdigest()


def render_key(kind: str, context: dict, digest: str) -> str | None:
    """The key of one document: its kind, its context (pickled: equal contexts built the same way pickle alike, and
    different ones never do) and the run's digest. None for a context that cannot be pickled (then it is always
    rendered)."""
    h = hashlib.sha256(f"{kind}\0{digest}\0".encode("utf-8"))
    try:
        h.update(pickle.dumps(context, protocol=5))
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return h.hexdigest()


@dataclass
class Previous:
    """The previous run's documents in an output folder, by key, each file checked against its manifest hash."""

    folder: Path | None = None
    files_by_key: dict[str, list[str]] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, folder: Path) -> Previous:
        """What `folder` (a run's output folder) holds; empty when it has no readable manifest with `renderingar`."""
        try:
            doc = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            return cls(folder, {r["nyckel"]: list(r["filer"]) for r in doc.get("renderingar", [])},
                       {e["fil"]: e["sha256"] for e in doc["utdata"]})
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def files(self, key: str | None) -> dict[str, bytes] | None:
        """The files rendered under `key` last time, each verified by its sha256; None when any is missing or
        changed."""
        if self.folder is None or key is None or key not in self.files_by_key:
            return None
        out = {}
        for name in self.files_by_key[key]:
            try:
                data = (self.folder / name).read_bytes()
            except OSError:
                return None
            if hashlib.sha256(data).hexdigest() != self.hashes.get(name):
                return None
            out[name] = data
        return out


def same_sources(folder: Path, sources: list[Path], templates_root: Path) -> bool:
    """True when the last run in `folder` read exactly these files (inputs and configuration, by sha256) with the
    same templates and the same code: a hint that nothing will need rendering (the keys still decide)."""
    from pipeline.write import sha256_file

    try:
        doc = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        read = {e["sha256"] for e in doc["indata"]} | {doc["konfiguration"]["sha256"]} | \
            {e["sha256"] for e in doc["konfigurationsfiler"]}
        templates = {e["sha256"] for e in doc["mallar"]}
        code = doc["kod"]["källkod_sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return (code == code_version()["källkod_sha256"]
            and {sha256_file(p) for p in sources if p.is_file()} == read
            and {sha256_file(p) for p in templates_root.rglob("*") if p.is_file()} == templates)
