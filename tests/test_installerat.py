"""The installed program, as a kommun gets it: the wheel built from this checkout, installed in a fresh virtual
environment, run in empty folders outside the checkout (issue 13, point 5).

The wheel is built with pip (`pip wheel --no-deps`, an isolated build as `pip install .` does) from a copy of the
files the build reads, so the checkout gets no build/ or .egg-info. The new environment installs only the wheel;
its dependencies (Prefect, WeasyPrint, …) come from this test environment's site-packages through a .pth file, so
nothing is downloaded. A .pth line only adds a folder to sys.path, so this environment's editable install of the
checkout (a finder registered by its own .pth) is not active there: `pipeline` must come from the wheel, which the
test checks.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from pipeline.read import kinds

ROOT = Path(__file__).resolve().parents[1]
BUILD_INPUTS = ("pyproject.toml", "README.md", "pipeline", "exempel")   # what setuptools reads (pyproject.toml)


def _run(args: list, cwd: Path, env: dict, timeout: int = 600) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """{'bin': the fresh environment's bin folder, 'env': the environment variables to run it with}."""
    base = tmp_path_factory.mktemp("installerat")
    source = base / "källa"
    source.mkdir()
    for name in BUILD_INPUTS:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif path.exists():
            shutil.copy2(path, source / name)
    clean_env = {k: v for k, v in os.environ.items()
                 if k not in ("PYTHONPATH", "PREFECT_API_URL", "VIRTUAL_ENV") and not k.startswith("PYTEST_")}
    wheels = base / "dist"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, source], base, clean_env)
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("kommunrapport-*.whl")

    venv = base / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", venv], base, clean_env)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], base,
                        clean_env).stdout.strip())
    ours = [p for p in dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib"),
                                      *site.getsitepackages()]) if Path(p).is_dir()]
    (purelib / "kommunrapport-test-beroenden.pth").write_text("".join(f"{p}\n" for p in ours), encoding="utf-8")
    install = _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel],
                   base, clean_env)
    assert install.returncode == 0, install.stderr

    env = {**clean_env, "PATH": f"{venv / 'bin'}{os.pathsep}{clean_env.get('PATH', '')}",
           "PREFECT_HOME": str(base / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    empty = base / "tom"
    empty.mkdir()
    where = _run([python, "-c", "import pipeline, exempel; print(pipeline.__file__); print(exempel.__file__)"],
                 empty, env)
    assert where.returncode == 0, where.stderr
    for line in where.stdout.split():
        assert Path(line).is_relative_to(venv), f"{line} is not the installed package (it should be under {venv})"
    return {"bin": venv / "bin", "env": env, "base": base}


def test_demo_outside_the_checkout(installed):
    """`kommunrapport demo` in an empty folder writes the example kommun there and runs it (here only the tertial,
    `--bara tertial`: the whole demo takes a minute and a half; the other steps are covered in-process)."""
    folder = installed["base"] / "demo"
    folder.mkdir()
    result = _run([installed["bin"] / "kommunrapport", "demo", "--bara", "tertial"], folder, installed["env"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert (folder / "config" / "kommun.toml").is_file()
    assert (folder / "inputs" / "2026" / "Budget 2026.xlsx").is_file()
    out = folder / "outputs" / "2026-tertial"
    for suffix in (".docx", ".pdf"):
        assert (out / f"2026 Tertialrapport 1 Socialnämnden{suffix}").is_file()
        assert (out / f"2026 Tertialrapport 1 Kommunövergripande{suffix}").is_file()
    text = "\n".join(p.text for p in Document(out / "2026 Tertialrapport 1 Socialnämnden.docx").paragraphs)
    assert "Socialnämnden" in text
    assert (out / "manifest.json").is_file()
    assert not (folder / "outputs" / "2026-delar").exists()
    # The installed package's local Prefect server served the run; `server stoppa` stops it.
    status = _run([installed["bin"] / "kommunrapport", "server", "status"], folder, installed["env"])
    assert status.returncode == 0 and "Prefects lokala server är igång på http://127.0.0.1:" in status.stdout
    stop = _run([installed["bin"] / "kommunrapport", "server", "stoppa"], folder, installed["env"])
    assert stop.returncode == 0 and stop.stdout.startswith("Prefects lokala server (pid "), stop.stdout


def test_ny_outside_the_checkout(installed):
    """`kommunrapport ny 0583` writes Motala's starter folder; `validera` in it names what is still to fill in."""
    base = installed["base"] / "ny"
    base.mkdir()
    exe = installed["bin"] / "kommunrapport"
    result = _run([exe, "ny", "0583", "--ar", "2026"], base, installed["env"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Motala kommun" in result.stdout and "Östergötlands län" in result.stdout
    folder = base / "Motala"
    config = tomllib.loads((folder / "config" / "kommun.toml").read_text(encoding="utf-8"))
    assert config["kommun"] == {"namn": "Motala kommun", "kod": "0583"}
    book = load_workbook(folder / "inputs" / "2026" / "Budget 2026.xlsx")
    assert [c.value for c in book["Budget"][1]] == list(kinds.headers(kinds.BUDGET))

    checked = _run([exe, "validera", "2026", "tertial"], folder, installed["env"])
    assert checked.returncode == 1
    assert checked.stderr.lstrip().startswith("Att fylla i först:")
    assert "nämnderna saknas ännu" in checked.stderr

    again = _run([exe, "ny", "0583", "--ar", "2026"], base, installed["env"])
    assert again.returncode == 2 and "inte tom" in again.stderr
