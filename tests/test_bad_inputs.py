"""Bad input (SPEC §2): every defect in the corpus tests/data/bad/ is reported at its exact place — file, sheet,
row, column — with a Swedish message, nothing else is reported, and input files are never modified.

The corpus and its golden file tests/data/bad/expected.txt are built by tests/data/bad/build_corpus.py (run by
hand; the files are committed). Each case is the example inputs with one file replaced, added or removed.

Speed: the example Kolada extract (5 MB, 39 000 records for every kommun) takes about two thirds of a validation's
time, so the test trees carry a smaller extract of it: the records for the own kommun, the jämförelsegrupp and
riket (a valid Kolada file of the same shape). Every other file is the example file, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.config.problems import Problem, Problems
from pipeline.read.discover import read_inputs
from pipeline.staging import stage_inputs

ROOT = Path(__file__).resolve().parents[1]
from exempel import EXEMPELKOMMUN as EXAMPLE
INPUTS = EXAMPLE / "inputs"
CONFIG = EXAMPLE / "config" / "kommun.toml"
BAD = Path(__file__).resolve().parent / "data" / "bad"
GOLDEN = BAD / "expected.txt"
KOLADA = Path("2026") / "Kolada 2026.json"
YEAR, TILLFALLE = 2026, "tertial"

# Cases whose expected problems are right but which the readers/validation do not yet produce: case -> reason.
# strict=True: when a fix lands the test fails until the entry is removed. Only the named exception counts as the
# expected failure (AssertionError: wrong problems; zlib.error: the reader crashes).
XFAIL_RAISES: dict[str, type[BaseException]] = {}
XFAIL: dict[str, str] = {}


# --- the golden file --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    fil: str
    blad: str | None
    rad: int | None
    kolumn: str | None
    fragment: str

    def matches(self, p: Problem) -> bool:
        return ((p.fil, p.blad, p.rad, p.kolumn) == (self.fil, self.blad, self.rad, self.kolumn)
                and self.fragment in p.meddelande)

    def __str__(self) -> str:
        return " | ".join("-" if v is None else str(v) for v in (self.fil, self.blad, self.rad, self.kolumn, self.fragment))


@dataclass(frozen=True)
class BadCase:
    name: str
    adds: tuple[str, ...]      # paths relative to inputs/; the bad file lies in BAD/<name>/<path>
    removes: tuple[str, ...]   # example files taken away (a replaced file is both removed and added)
    defect: str
    problems: tuple[Expected, ...]


def _value(text: str) -> str | None:
    text = text.strip()
    return None if text == "-" else text


def _inputs_relative(text: str) -> str:
    text = text.strip()
    if not text.startswith("inputs/"):
        raise ValueError(f"{GOLDEN.name}: path {text!r} does not start with inputs/")
    return text.removeprefix("inputs/")


def load_cases(path: Path = GOLDEN) -> list[BadCase]:
    cases: list[BadCase] = []
    block: dict | None = None

    def close() -> None:
        if block is not None:
            cases.append(BadCase(block["name"], tuple(block["adds"]), tuple(block["removes"]), block["defect"],
                                 tuple(block["problems"])))

    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("[") and line.rstrip().endswith("]"):
            close()
            block = {"name": line.strip()[1:-1], "adds": [], "removes": [], "defect": "", "problems": []}
            continue
        key, sep, rest = line.partition(":")
        if block is None or not sep:
            raise ValueError(f"{path.name} line {n}: expected '[case]' or 'key: value', got {line!r}")
        if key == "replaces":
            block["adds"].append(_inputs_relative(rest))
            block["removes"].append(_inputs_relative(rest))
        elif key == "adds":
            block["adds"].append(_inputs_relative(rest))
        elif key == "removes":
            block["removes"].append(_inputs_relative(rest))
        elif key == "defect":
            block["defect"] = rest.strip()
        elif key == "problem":
            parts = rest.split(" | ")
            if len(parts) != 5:
                raise ValueError(f"{path.name} line {n}: a problem has five fields separated by ' | '")
            fil, blad, rad, kolumn, fragment = (p.strip() for p in parts)
            block["problems"].append(Expected(fil, _value(blad), None if rad == "-" else int(rad), _value(kolumn), fragment))
        else:
            raise ValueError(f"{path.name} line {n}: unknown key {key!r}")
    close()
    return cases


CASES = load_cases()


def _param(case: BadCase):
    marks = [pytest.mark.xfail(strict=True, reason=XFAIL[case.name], raises=XFAIL_RAISES.get(case.name, AssertionError))
             ] if case.name in XFAIL else []
    return pytest.param(case, id=case.name, marks=marks)


# --- trees ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def small_kolada() -> bytes:
    """The example Kolada extract cut to the kommuner the reports compare: own kommun, jämförelsegrupp, riket."""
    from pipeline.config import load_config

    config = load_config(CONFIG)
    keep = {config.kommun_kod, "0000", *config.jamforelsegrupp}
    doc = json.loads((INPUTS / KOLADA).read_bytes())
    records = [r for r in doc["values"] if r["municipality"] in keep]
    assert records, "the Kolada example has no records for the own kommun"
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]
    return ('{"values":[\n' + ",\n".join(lines) + "\n]}\n").encode("utf-8")


def copy_inputs(dest: Path, small_kolada: bytes) -> Path:
    """inputs/ copied to dest/inputs (one copytree), with the smaller Kolada extract."""
    inputs = dest / "inputs"
    shutil.copytree(INPUTS, inputs, ignore=lambda folder, names: [n for n in names if Path(folder, n) == INPUTS / KOLADA])
    (inputs / KOLADA).write_bytes(small_kolada)
    return inputs


def apply_case(inputs: Path, case: BadCase) -> None:
    for rel in case.removes:
        (inputs / rel).unlink()
    for rel in case.adds:
        target = inputs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(BAD / case.name / rel, target)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder -> sha256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def config():
    from pipeline.config import load_config

    return load_config(CONFIG)


@pytest.fixture
def elsewhere(tmp_path, monkeypatch) -> Path:
    """Run from a directory that is neither the project nor the inputs' parent, as a user would."""
    cwd = tmp_path / "annan mapp"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    return cwd


def validate(inputs: Path, config) -> list[Problem]:
    problems = Problems(root=inputs.parent)
    raw = read_inputs(inputs, YEAR, TILLFALLE, problems)
    stage_inputs(raw, config, YEAR, TILLFALLE, problems)
    return problems.sorted()


def golden_line(p: Problem) -> str:
    return " | ".join("-" if v is None else str(v) for v in (p.fil, p.blad, p.rad, p.kolumn, p.meddelande))


def unmatched(expected: tuple[Expected, ...], actual: list[Problem]) -> tuple[list[Expected], list[Problem]]:
    """Pair each expected line with one actual problem; return what is left on either side."""
    left = list(actual)
    missing = []
    for e in expected:
        hit = next((p for p in left if e.matches(p)), None)
        if hit is None:
            missing.append(e)
        else:
            left.remove(hit)
    return missing, left


# --- tests ------------------------------------------------------------------------------------------------------


def test_corpus_matches_golden_file():
    """Every case folder has a block in expected.txt and holds exactly the files the block adds."""
    assert len(CASES) >= 18
    assert len({c.name for c in CASES}) == len(CASES)
    folders = {p.name for p in BAD.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    assert folders == {c.name for c in CASES if c.adds}  # a case that only removes a file has no folder
    for case in CASES:
        assert case.problems, f"{case.name}: no expected problem"
        assert case.adds or case.removes, case.name
        files = {str(p.relative_to(BAD / case.name)) for p in (BAD / case.name).rglob("*") if p.is_file()}
        assert files == set(case.adds), case.name
        for rel in case.removes:
            assert (INPUTS / rel).is_file(), f"{case.name}: removes {rel}, which is not an example file"


def test_example_inputs_are_valid(tmp_path, small_kolada, config, elsewhere):
    """The baseline every case starts from: no problems at all (so each case's problems are its own)."""
    inputs = copy_inputs(tmp_path, small_kolada)
    assert [golden_line(p) for p in validate(inputs, config)] == []


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_bad_input_is_reported_exactly(case: BadCase, tmp_path, small_kolada, config, elsewhere):
    inputs = copy_inputs(tmp_path, small_kolada)
    apply_case(inputs, case)
    before = snapshot(inputs)

    problems = validate(inputs, config)

    assert snapshot(inputs) == before, "validation modified, moved or deleted an input file"
    missing, extra = unmatched(case.problems, problems)
    report = [f"case {case.name}: {case.defect}",
              *(f"  expected, not reported: {e}" for e in missing),
              *(f"  reported, not expected: {golden_line(p)}" for p in extra),
              *(f"  reported: {golden_line(p)}" for p in problems)]
    assert not missing and not extra, "\n".join(report)
    for p in problems:
        assert p.meddelande[:1].isupper() or p.meddelande.startswith("…"), f"message should be a sentence: {p}"


# --- the CLI ----------------------------------------------------------------------------------------------------

CLI_CASES = ("budget_unknown_namnd", "ledger_period_202613", "analys_bedomning_bra", "encrypted_xlsx",
             "utfall_csv_amount_text", "mal_unknown_overordnat", "stray_txt")


def _problem_lines(stderr: str) -> dict[str, list[str]]:
    """cli.print_problems output -> {file: [problem lines]} (file lines are flush left, problems indented)."""
    files: dict[str, list[str]] = {}
    current = None
    for line in stderr.splitlines()[1:]:
        if not line.strip():
            continue
        if line.startswith("  ") and current is not None:
            files[current].append(line.strip())
        else:
            current = line.strip()
            files[current] = []
    return files


def _assert_listed(stderr: str, expected: list[Expected]) -> None:
    files = sorted({e.fil for e in expected})
    assert stderr.startswith(f"{len(expected)} fel i indata ({len(files)} filer). Inga dokument skrevs."), stderr
    listed = _problem_lines(stderr)
    assert sorted(listed) == files, stderr
    for e in expected:
        where = ", ".join(x for x in (f"blad {e.blad}" if e.blad else "", f"rad {e.rad}" if e.rad is not None else "",
                                      f"kolumn {e.kolumn}" if e.kolumn else "") if x)
        prefix = f"{where}: " if where else ""
        assert any(line.startswith(prefix) and e.fragment in line for line in listed[e.fil]), f"{e} not in:\n{stderr}"


def test_cli_lists_every_bad_file_and_kor_writes_nothing(tmp_path, small_kolada):
    """Several bad files at once: `validera` and `kör` exit 1 and list all problems; `kör` writes no document and
    leaves the previous output untouched; no input file changes."""
    cases = {c.name: c for c in CASES}
    inputs = copy_inputs(tmp_path, small_kolada)
    for name in CLI_CASES:
        assert name not in XFAIL
        apply_case(inputs, cases[name])
    expected = [e for name in CLI_CASES for e in cases[name].problems]
    before = snapshot(inputs)
    utdata = tmp_path / "utdata"
    (utdata / "2026-tertial").mkdir(parents=True)
    (utdata / "2026-tertial" / "Tertialrapport 1 2026 Socialnämnden.docx").write_bytes(b"tidigare publicerad rapport")
    outputs_before = snapshot(utdata)
    cwd = tmp_path / "annan mapp"
    cwd.mkdir()

    exe = str(Path(sys.executable).parent / "kommunrapport")
    # the example's KFN has not delivered at tertial 1: allowed here, the bad files are the point
    common = ["--konfig", str(CONFIG), "--indata", str(inputs), "--tillåt-saknade"]
    env = {**os.environ, "COLUMNS": "400"}  # rich wraps at 80 columns when stderr is not a terminal
    runs = {
        "validera": subprocess.Popen([exe, "validera", *common, "2026", "tertial"], cwd=cwd, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        "kör": subprocess.Popen([exe, "kör", *common, "--utdata", str(utdata), "2026", "tertial"], cwd=cwd, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
    }
    results = {name: (proc, *proc.communicate(timeout=180)) for name, proc in runs.items()}

    for name, (proc, stdout, stderr) in results.items():
        assert proc.returncode == 1, f"{name}: exit {proc.returncode}\n{stdout}\n{stderr}"
        assert "Traceback" not in stderr, stderr
        _assert_listed(stderr, expected)
    assert "godkända" not in results["validera"][1]
    assert snapshot(utdata) == outputs_before, "kör with bad inputs wrote or changed output files"
    assert snapshot(inputs) == before, "an input file was modified, moved or deleted"
