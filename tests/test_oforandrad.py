"""An unchanged rerun (issue "Speed", point 4; pipeline.write.up_to_date): when nothing a run is made from has
changed and the output folder still holds what its manifest lists, `kör` reads, renders and writes nothing; any
change (a file added anywhere under inputs/, the configuration, an option, a file in the output folder, the
archive) means a full run, which reuses the documents that did not change."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app

RUN = ["kör", "2026", "tertial", "--tillåt-saknade", "--format", "docx", "--utdata", "utdata"]
SAID = "Inget har ändrats sedan förra körningen i "


def _kor(*extra: str) -> str:
    result = CliRunner().invoke(app, [*RUN, *extra], terminal_width=400)
    assert result.exit_code == 0, result.output
    return result.output


def _state(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file with its inode and modification time: a file written again (even with the same bytes) differs."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_unchanged_rerun_does_nothing_and_any_change_runs_again(kommun_copy):
    first = _kor()
    assert SAID not in first
    out = kommun_copy / "utdata" / "2026-tertial"
    before = _state(out)
    summary = (out / "körsammanfattning.txt").read_text(encoding="utf-8")

    again = _kor()
    assert f"{SAID}{out.resolve()}: samma indata, konfiguration, mallar, programversion och val" in again
    assert summary.strip().splitlines()[0] in again   # the last run's summary is shown
    assert _state(out) == before                       # not one file written again

    # A file added anywhere under inputs/ (here one no tertial reads): a full run, every document reused.
    (kommun_copy / "inputs/2025/anteckningar.txt").write_text("Inför bokslutet.", encoding="utf-8")
    added = _kor()
    assert SAID not in added and "dokument var oförändrade sedan förra körningen i mappen" in added
    assert SAID in _kor()   # and then nothing again

    # The configuration changed (a comment): a full run.
    konfig = kommun_copy / "config/kommun.toml"
    konfig.write_text(konfig.read_text(encoding="utf-8") + "\n# ändrad\n", encoding="utf-8")
    assert SAID not in _kor()
    assert SAID in _kor()

    # Another option: a full run (its own manifest parameters).
    assert SAID not in _kor("--format", "båda")   # the last --format wins
    assert SAID in _kor("--format", "båda")

    # A file in the output folder changed: a full run puts it right.
    report = out / "2026 Tertialrapport 1 Socialnämnden.docx"
    right = report.read_bytes()
    report.write_bytes(right[:-10] + b"x" * 10)
    assert SAID not in _kor("--format", "båda")
    assert report.read_bytes() == right

    # The archive lost the run: a full run archives it again.
    shutil.rmtree(kommun_copy / "arkiv")
    assert SAID not in _kor("--format", "båda")
    assert any((kommun_copy / "arkiv" / "körningar" / "2026-tertial").glob("*.json"))
    assert SAID in _kor("--format", "båda")
