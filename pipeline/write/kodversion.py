"""What code made a run, for the manifest: the package version, the git commit when the package is imported from
a clone, a sha256 over the package's own source, Python, and the versions of the libraries that shape the bytes of
the documents. Nothing here depends on the machine or the time: two machines with the same code write the same
facts."""

from __future__ import annotations

import functools
import hashlib
import platform
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]   # the installed (or checked-out) `pipeline` package

# Every library whose version can change a document's bytes (reading, computing, rendering, the flow).
BYTE_SHAPING = ("pandas", "pyarrow", "python-calamine", "openpyxl", "python-docx", "docxtpl", "jinja2",
                "weasyprint", "pydyf", "fonttools", "matplotlib", "babel", "icalendar", "prefect")


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


@functools.cache
def source_sha256() -> str:
    """sha256 over the package's .py files (their paths relative to the package and their bytes, sorted by path):
    the same for an installed wheel and a checkout of the same code."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py"), key=lambda p: p.relative_to(PACKAGE).as_posix()):
        h.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


@functools.cache
def git_commit() -> str | None:
    """The commit of the clone the package is imported from; None when installed, or without git."""
    checkout = PACKAGE.parent
    if not (checkout / ".git").exists():
        return None
    try:
        done = subprocess.run(["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True, text=True,
                              timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout.strip() or None) if done.returncode == 0 else None


@functools.cache
def code_version() -> dict:
    """The manifest's `kod` section."""
    return {
        "kommunrapport": _version("kommunrapport"),
        "git": git_commit(),
        "källkod_sha256": source_sha256(),
        "python": platform.python_version(),
        "bibliotek": {name: _version(name) for name in BYTE_SHAPING},
    }


def describe(kod: dict) -> str:
    """One line for a person: 'kommunrapport 0.1.0 (f547c47), weasyprint 70.0, …'."""
    head = f"kommunrapport {kod.get('kommunrapport')}" + (f" ({kod['git'][:7]})" if kod.get("git") else "")
    libs = ", ".join(f"{name} {version}" for name, version in (kod.get("bibliotek") or {}).items())
    return f"{head}, Python {kod.get('python')}" + (f", {libs}" if libs else "")
