"""The manifest is portable and complete (issue 14, point 1): the same run in two folders on one machine (two
different absolute paths, as two machines would have) writes the same manifest and outputs, naming the code, the
libraries, the fonts and the run's parameters, and no absolute path."""

from __future__ import annotations

import json
import shutil
from importlib import metadata

import pytest

from exempel import EXEMPELKOMMUN as EXAMPLE
from pipeline.resources import TEMPLATES
from pipeline.write.kodversion import BYTE_SHAPING, code_version, describe, source_sha256


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """The example kommun's planning round run in two copies of its folder: (folder, output folder) twice."""
    from pipeline.flows.run import kommunrapport_flow

    out = []
    for name in ("maskin-a", "annan-maskin-b"):
        folder = tmp_path_factory.mktemp(name) / "kommunen"
        shutil.copytree(EXAMPLE / "config", folder / "config")
        shutil.copytree(EXAMPLE / "inputs" / "2027", folder / "inputs" / "2027")
        shutil.copytree(EXAMPLE / "inputs" / "2026", folder / "inputs" / "2026")
        result = kommunrapport_flow(config_path=folder / "config" / "kommun.toml", inputs_dir=folder / "inputs",
                                    outputs_dir=folder / "outputs", year=2027, tillfalle="plan",
                                    templates_root=TEMPLATES)
        out.append((folder, result.output_dir))
    return out


def test_two_folders_write_the_same_manifest_and_outputs(two_runs):
    (_a, first), (_b, second) = two_runs
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir()) and "manifest.json" in names
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_the_manifest_names_no_machine_path(two_runs):
    for folder, out in two_runs:
        text = (out / "manifest.json").read_text(encoding="utf-8")
        assert str(folder) not in text and str(TEMPLATES) not in text and "/tmp" not in text
        doc = json.loads(text)
        assert doc["konfiguration"]["fil"] == "config/kommun.toml"
        assert all(e["fil"].startswith("inputs/") for e in doc["indata"])
        assert all(e["fil"].startswith("kommunrapport:templates/") for e in doc["mallar"])


def test_the_manifest_names_code_libraries_fonts_and_parameters(two_runs):
    doc = json.loads((two_runs[0][1] / "manifest.json").read_text(encoding="utf-8"))
    assert doc["parametrar"] == {"ar": 2027, "tillfalle": "plan", "underlag": False, "mallar": "kommunrapport:templates"}
    kod = doc["kod"]
    assert kod["kommunrapport"] == metadata.version("kommunrapport")
    assert kod["källkod_sha256"] == source_sha256() and len(kod["källkod_sha256"]) == 64
    assert set(kod["bibliotek"]) == set(BYTE_SHAPING)
    assert kod["bibliotek"]["weasyprint"] == metadata.version("weasyprint")
    assert kod["bibliotek"]["pandas"] == metadata.version("pandas")
    fonts = {e["fil"] for e in doc["typsnitt"]}
    assert "kommunrapport:templates/html/fonter/KommunSans-Regular.ttf" in fonts
    assert all(f.endswith(".ttf") for f in fonts)


def test_the_source_hash_follows_the_code(tmp_path, monkeypatch):
    """Another byte in any .py of the package gives another källkod_sha256."""
    from pipeline.write import kodversion

    original = source_sha256()
    copy = tmp_path / "pipeline"
    shutil.copytree(kodversion.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(kodversion, "PACKAGE", copy)
    kodversion.source_sha256.cache_clear()
    try:
        same = kodversion.source_sha256()
        (copy / "model" / "ekonomi.py").write_bytes((copy / "model" / "ekonomi.py").read_bytes() + b"\n")
        kodversion.source_sha256.cache_clear()
        changed = kodversion.source_sha256()
    finally:
        kodversion.source_sha256.cache_clear()
    assert same == original and changed != same


def test_describe_says_version_commit_and_libraries():
    line = describe({"kommunrapport": "0.1.0", "git": "ca8ff47aaaa", "python": "3.11.7",
                     "bibliotek": {"weasyprint": "70.0"}})
    assert line == "kommunrapport 0.1.0 (ca8ff47), Python 3.11.7, weasyprint 70.0"
    assert describe(code_version()).startswith(f"kommunrapport {metadata.version('kommunrapport')}")
