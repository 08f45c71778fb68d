"""What the tests of the service share (tests/test_drift.py, tests/test_flera_datorer.py): the command line in a
subprocess, Prefect's REST API, the service's record, a copy of the example kommun and a folder's files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "pipeline.cli"]
EXAMPLE = Path(__file__).resolve().parents[1] / "exempel" / "exempelkommun"


def postgres_available() -> bool:
    from pipeline.drift import postgres

    try:
        postgres.binary("pg_ctl")
        return True
    except postgres.PostgresError:
        return False


needs_postgres = pytest.mark.skipif(not postgres_available() and not os.environ.get("CI"),
                                    reason="PostgreSQL finns inte på den här datorn (CI installerar det)")


def _environment() -> dict[str, str]:
    """The tests' environment without a PREFECT_API_URL (the command finds its server itself), wide lines."""
    return {**{k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}, "COLUMNS": "400"}


def cli(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], cwd=cwd, env=_environment(), capture_output=True, text=True, timeout=timeout)


def cli_started(*args: str, cwd: Path | None = None) -> subprocess.Popen:
    """The command started, not waited for (its output read with communicate())."""
    return subprocess.Popen([*CLI, *args], cwd=cwd, env=_environment(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def api(url: str, path: str, body: dict | None = None):
    request = urllib.request.Request(url + path, data=json.dumps(body or {}).encode(), method="POST",
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def flow_runs(url: str, name: str | None = None) -> list[dict]:
    body = {"limit": 200, "offset": 0, "sort": "EXPECTED_START_TIME_DESC"}
    runs = api(url, "/flow_runs/filter", body)
    return [r for r in runs if name is None or r["name"] == name]


def record(folder: Path) -> dict:
    return json.loads((folder / "drift.json").read_text(encoding="utf-8"))


def kommun(tmp_path: Path) -> Path:
    folder = tmp_path / "kommun"
    shutil.copytree(EXAMPLE / "config", folder / "config")
    shutil.copytree(EXAMPLE / "inputs", folder / "inputs")
    return folder


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
