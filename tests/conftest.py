"""Shared fixtures: project paths and the example kommun's configuration."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
from exempel import EXEMPELKOMMUN as EXAMPLE
from exempel import KOLADA_DDF
from pipeline.resources import TEMPLATES
# Prefect keeps its local server's SQLite database under PREFECT_HOME: one fresh home per test process (pytest-xdist
# runs two or more; each worker has its own, not the one it inherits). Its local server
# (pipeline.flows.local_server) is shared by the process's runs, in this process and in the CLI subprocesses, and
# stopped at the end (stop_the_local_server); one a test starts under a PREFECT_HOME of its own stops itself 20 s
# after its last run.
if "PYTEST_XDIST_WORKER" in os.environ or "PREFECT_HOME" not in os.environ:
    os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="kommunrapport-prefect-")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("KOMMUNRAPPORT_PREFECT_VILOTID", "20")


def pytest_collection_modifyitems(items):
    """The modules marked `long` first (stable otherwise): pytest-xdist hands out modules in collection order, and a
    long one started last would leave the other processes idle at the end."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture(scope="session", autouse=True)
def stop_the_local_server():
    from pipeline.flows.local_server import prefect_home, stop_local_server

    home = prefect_home()
    yield
    stop_local_server(home)


@pytest.fixture(scope="session", autouse=True)
def in_the_example_kommuns_folder():
    """The command line is tested where a kommun runs it: in its folder (config/kommun.toml, inputs/), here the
    example kommun's. Tests that write pass --utdata (or a folder of their own). After collection, so that pytest
    still finds tests/ from the checkout."""
    before = Path.cwd()
    os.chdir(EXAMPLE)
    yield
    os.chdir(before)


@pytest.fixture
def kommun_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the example kommun's config/ and inputs/ in tmp_path/kommun, made the working folder: a test that
    changes inputs or writes outputs works there."""
    import shutil

    folder = tmp_path / "kommun"
    shutil.copytree(EXAMPLE / "config", folder / "config")
    shutil.copytree(EXAMPLE / "inputs", folder / "inputs")
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def config():
    from pipeline.config import load_config

    return load_config(EXAMPLE / "config" / "kommun.toml")


def once(tmp_path_factory, name: str, make):
    """A session fixture's value made once for the whole run: pytest-xdist runs a session in each test process, so
    the first process to ask makes it, under a lock, in the run's shared temporary folder (`make(folder)`, a value of
    paths and text that JSON keeps), and the others read it. The made folders are read, never changed, by the tests
    (as within one process). Without xdist: made here, in a folder of this session."""
    import json
    import shutil

    from filelock import FileLock

    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent
    record = shared / f"{name}.json"
    with FileLock(str(shared / f"{name}.lock")):
        if not record.is_file():   # first, or after a process whose make failed: from an empty folder
            folder = shared / name
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            record.write_text(json.dumps(make(folder)), encoding="utf-8")
        return json.loads(record.read_text(encoding="utf-8"))


def example_run(folder: Path, year: int, tillfalle: str, **options) -> str:
    """The example kommun's run at (year, tillfälle) through the real Prefect flow into `folder`: its output folder."""
    from pipeline.flows.run import kommunrapport_flow

    return str(kommunrapport_flow(config_path=EXAMPLE / "config" / "kommun.toml", inputs_dir=EXAMPLE / "inputs",
                                  outputs_dir=folder, year=year, tillfalle=tillfalle, templates_root=TEMPLATES,
                                  **options).output_dir)


@pytest.fixture(scope="session")
def demo_runs(tmp_path_factory):
    """The example kommun's tertialrapport run twice through the real Prefect flow: (first, second) output folders."""
    def make(folder: Path) -> list[str]:
        # the example's KFN has not delivered at tertial 1
        return [example_run(folder / name, 2026, "tertial", tillat_saknade=True) for name in ("run1", "run2")]

    return tuple(Path(p) for p in once(tmp_path_factory, "demo-runs", make))


@pytest.fixture(scope="session")
def example_models(config):
    """The example kommun's models at the delår and the bokslut (read, staged, modelled once, shared with the
    template checker's example runs): {tillfälle: model}."""
    from pipeline.mallkontroll.schema import example_run

    return {tillfalle: example_run(tillfalle, 2026).model for tillfalle in ("delar", "bokslut")}


@pytest.fixture(scope="session")
def year_end_runs(tmp_path_factory):
    """{tillfälle: (output folder,)}: the delar and the bokslut, each run once. That a run writes the same bytes
    again is shown for the tertial (demo_runs), the plan round (tests/test_manifest.py) and the bokslut
    (tests/test_verifiera.py rebuilds it from the archive and compares every file)."""
    def make(folder: Path) -> dict[str, str]:
        return {tillfalle: example_run(folder / tillfalle, 2026, tillfalle) for tillfalle in ("delar", "bokslut")}

    return {tillfalle: (Path(p),) for tillfalle, p in once(tmp_path_factory, "year-end-runs", make).items()}


@pytest.fixture(scope="session")
def plan_outputs(tmp_path_factory):
    """The example kommun's planning round 2027 through the real Prefect flow and its tidplan 2026:
    (plan folder, tidplan folder)."""
    def make(folder: Path) -> list[str]:
        return [example_run(folder, 2027, "plan"), example_run(folder, 2026, "tidplan")]

    return tuple(Path(p) for p in once(tmp_path_factory, "plan-outputs", make))


@pytest.fixture(scope="session")
def national_batch(tmp_path_factory):
    """`kommunrapport jämförelse 2022` for ten kommuner (Linköping and nine in Stockholms län) from the committed copies
    of Kolada's DDF dump (exempel.KOLADA_DDF): (the batch's folder, the finished command)."""
    import subprocess
    import sys

    def make(folder: Path) -> dict:
        done = subprocess.run([sys.executable, "-m", "pipeline.cli", "jämförelse", "2022", "--data", str(KOLADA_DDF),
                               "--kommuner", "0114,0115,0117,0120,0123,0125,0126,0127,0128,0580", "--utdata",
                               str(folder), "--datum", "2026-12-05"], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return {"folder": str(folder / "jamforelse-2022"), "args": done.args, "stdout": done.stdout,
                "stderr": done.stderr}

    made = once(tmp_path_factory, "jamforelse", make)
    return Path(made["folder"]), subprocess.CompletedProcess(made["args"], 0, made["stdout"], made["stderr"])
