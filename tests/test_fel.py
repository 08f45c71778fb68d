"""Faults (issue "Hostile inputs and faults"): no traceback reaches a user; a full disk is said in Swedish with
earlier output untouched; a killed run leaves no process behind and the next run cleans up after it; a second run
on the same output folder is told who is writing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.config.problems import Problems
from pipeline.flows.lifeline import gone
from pipeline.write.las import lock_path, output_lock

CLI = [sys.executable, "-c", "from pipeline.cli import main; main()"]


def _env(tmp_path: Path, own_server: bool = False) -> dict:
    env = {**os.environ, "COLUMNS": "400", "PREFECT_HOME": str(tmp_path / "prefect")}
    if own_server:
        # The child starts its own local server, which stops itself 2 s after its last run has ended.
        env.pop("PREFECT_API_URL", None)
        env["KOMMUNRAPPORT_PREFECT_VILOTID"] = "2"
    return env


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _earlier_output(utdata: Path) -> dict[str, str]:
    folder = utdata / "2026-tertial"
    folder.mkdir(parents=True)
    (folder / "2026 Tertialrapport 1 Socialnämnden.docx").write_bytes(b"den publicerade rapporten")
    (folder / "manifest.json").write_text("{}", encoding="utf-8")
    return _snapshot(folder)


def test_a_failing_template_gives_a_swedish_message_and_a_log_file(kommun_copy, tmp_path):
    subprocess.run([*CLI, "mallar", "kopiera", "mallar"], cwd=kommun_copy, env=_env(tmp_path), check=True,
                   capture_output=True)
    html = kommun_copy / "mallar/html/tertialrapport.html"
    html.write_text(html.read_text(encoding="utf-8").replace("{{ dokument.titel }}", "{{ dokument.titel }}{{ 1 / 0 }}", 1),
                    encoding="utf-8")
    utdata = kommun_copy / "utdata"
    earlier = _earlier_output(utdata)
    run = subprocess.run([*CLI, "kör", "2026", "tertial", "--tillåt-saknade", "--mallar", "mallar", "--utdata", "utdata"],
                         cwd=kommun_copy, env=_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout and "ZeroDivisionError: division by zero" in run.stderr
    assert "gick inte att skapa: ett oväntat fel" in run.stderr
    assert "Inga dokument skrevs; tidigare dokument är orörda." in run.stderr
    assert "Dokumentet 2026 Tertialrapport 1 " in run.stderr   # the document is named
    logs = sorted(utdata.glob("kommunrapport-fel-*.log"))
    assert len(logs) == 1 and f"Tekniska detaljer finns i {logs[0]}." in run.stderr
    detail = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in detail and "tertialrapport.html" in detail and "ZeroDivisionError" in detail
    assert _snapshot(utdata / "2026-tertial") == earlier


def _namespace_prefix() -> list[str]:
    """A private mount namespace in which the test may mount a small tmpfs: as an unprivileged user namespace, or,
    where those are off, as root (CI runs as root)."""
    for prefix in (["unshare", "--user", "--map-root-user", "--mount"], ["unshare", "--mount"]):
        if shutil.which(prefix[0]) and subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    pytest.fail("unshare could not make a mount namespace here (needed to fill a disk safely)")


def test_a_full_disk_is_said_in_swedish_and_earlier_output_stays(kommun_copy, tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    report = tmp_path / "rapport"
    report.mkdir()
    # In a mount namespace of its own: a 40 MB disk (10 MB free: the lock and the archive fit, the documents not) holding an earlier run's output, filled up, then `kör`.
    script = f"""
set -e
mount -t tmpfs -o size=40m tmpfs '{disk}'
mkdir -p '{disk}/utdata/2026-tertial'
printf 'den publicerade rapporten' > '{disk}/utdata/2026-tertial/2026 Tertialrapport 1 Socialnämnden.docx'
sha256sum '{disk}/utdata/2026-tertial/'* > '{report}/före.txt'
dd if=/dev/zero of='{disk}/fyllning' bs=1M count=30 2>/dev/null || true
set +e
"$@" kör 2026 tertial --tillåt-saknade --utdata '{disk}/utdata' > '{report}/ut.txt' 2> '{report}/fel.txt'
echo $? > '{report}/kod.txt'
sha256sum '{disk}/utdata/2026-tertial/'* > '{report}/efter.txt'
ls -a '{disk}/utdata' > '{report}/utdata.txt'
"""
    subprocess.run([*_namespace_prefix(), "sh", "-c", script, "sh", *CLI], cwd=kommun_copy, env=_env(tmp_path),
                   check=True, timeout=300)
    stderr = (report / "fel.txt").read_text(encoding="utf-8")
    assert (report / "kod.txt").read_text().strip() == "1", stderr
    assert stderr.startswith(f"Disken är full: {disk}/") and "Traceback" not in stderr, stderr
    assert ("kunde inte skrivas. Inga dokument skrevs; tidigare dokument är orörda. Frigör utrymme på disken och kör "
            "igen.") in stderr
    # The run's own files were removed when the write failed, so the log file fitted again.
    assert "Tekniska detaljer finns i " in stderr or "Loggfilen kunde inte skrivas (disken är full)." in stderr
    assert (report / "efter.txt").read_text() == (report / "före.txt").read_text()
    left = (report / "utdata.txt").read_text().split()
    assert not [name for name in left if ".tmp-" in name or ".old-" in name], left


def _children(pid: int) -> set[int]:
    """The pids whose parent is `pid` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        children = _children(todo.pop())
        todo += children - found
        found |= children
    return found


def _alive(pid: int) -> bool:
    return not gone(pid)   # a zombie counts as ended


def test_a_killed_run_leaves_no_process_and_the_next_run_cleans_up(kommun_copy, tmp_path):
    utdata = kommun_copy / "utdata"
    earlier = _earlier_output(utdata)
    run = subprocess.Popen([*CLI, "kör", "2026", "tertial", "--tillåt-saknade", "--utdata", "utdata"], cwd=kommun_copy,
                           env=_env(tmp_path, own_server=True), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    deadline = time.monotonic() + 120
    helpers: set[int] = set()
    # multiprocessing's resource tracker, the render workers' fork server and its workers; and Prefect's local
    # server (no child of the run: it serves later runs too), which records itself once it answers
    record = tmp_path / "prefect" / "kommunrapport-server.json"
    while time.monotonic() < deadline and (len(helpers) < 3 or not record.exists()):
        helpers = _descendants(run.pid)
        time.sleep(0.2)
    assert len(helpers) >= 3 and record.exists(), "the run did not start its server and render workers"
    server = json.loads(record.read_text())["pid"]
    assert _alive(server)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    # The render workers (and their fork server) stop at once; the local server, shared by runs, when it has been
    # idle for KOMMUNRAPPORT_PREFECT_VILOTID (2 s here) and has shut down.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in helpers):
        time.sleep(0.2)
    assert not [p for p in helpers if _alive(p)], "render processes outlived the killed run"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _alive(server):
        time.sleep(0.2)
    assert not _alive(server), "the local Prefect server did not stop when idle"
    assert not record.exists()
    assert lock_path(utdata / "2026-tertial").read_text(encoding="utf-8").startswith('{"pid": ')   # left by the kill

    # What a kill during the write leaves: a half-written folder, and the previous output moved aside.
    half = utdata / ".2026-tertial.tmp-999999"
    half.mkdir()
    (half / "2026 Tertialrapport 1 Socialnämnden.docx").write_bytes(b"halv")
    (utdata / "2026-tertial").rename(utdata / ".2026-tertial.old-999999")
    second = subprocess.run([*CLI, "validera", "2026", "tertial"], cwd=kommun_copy, env=_env(tmp_path),
                            capture_output=True, text=True, timeout=300)
    assert second.returncode == 1   # validera does not write: it neither locks nor cleans up
    assert (utdata / ".2026-tertial.old-999999").is_dir() and half.is_dir()

    with output_lock(utdata / "2026-tertial") as notes:
        assert notes[0].startswith(f"Låset från en avbruten körning (pid {run.pid}, startad ")
        assert notes[1:] == [
            "Den förra utdatamappen, som en avbruten körning hade flyttat undan (.2026-tertial.old-999999), lades "
            "tillbaka som 2026-tertial.",
            "En ofullständig utdatamapp från en avbruten körning (.2026-tertial.tmp-999999) togs bort."]
    assert _snapshot(utdata / "2026-tertial") == earlier
    assert sorted(p.name for p in utdata.iterdir()) == ["2026-tertial"]   # the lock file is gone with the lock


def test_a_second_run_on_the_same_folder_is_told_who_writes(kommun_copy, tmp_path):
    utdata = kommun_copy / "utdata"
    with output_lock(utdata.resolve() / "2026-tertial"):
        started = time.monotonic()
        second = subprocess.run([*CLI, "kör", "2026", "tertial", "--tillåt-saknade", "--utdata", "utdata"],
                                cwd=kommun_copy, env=_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert second.returncode == 1
    assert second.stderr.startswith(f"En annan körning (pid {os.getpid()}, startad ")
    assert f") skriver redan till {utdata.resolve() / '2026-tertial'}. Vänta tills den är klar och kör sedan igen." \
        in second.stderr
    assert time.monotonic() - started < 30   # told before reading the inputs, not after a run's work
    assert not (utdata / "2026-tertial").exists()


def test_an_unexpected_reader_error_names_the_file(kommun_copy, monkeypatch):
    """A bug in a reader (injected here: no real input is known to cause one) is a problem naming the file."""
    from pipeline.read import discover

    def broken(path, raw, problems):
        raise RuntimeError("ett fel i programmet")

    monkeypatch.setattr(discover, "_read_csv", broken)
    problems = Problems(root=kommun_copy)
    discover.read_inputs(kommun_copy / "inputs", 2026, "tertial", problems)
    assert [str(p) for p in problems.items] == [
        "inputs/2026/Utfall 2025.csv: Filen gick inte att läsa: ett oväntat fel i programmet (RuntimeError). Öppna "
        "filen i Excel och spara den igen; kvarstår felet, skicka filen och loggfilen till den som förvaltar "
        "programmet."]


def test_a_file_saved_while_it_is_read_is_refused(kommun_copy):
    from pipeline.read.discover import read_inputs

    ledger = kommun_copy / "inputs/2026/Utfall 2025.csv"
    body = ledger.read_bytes()
    ledger.write_bytes(body + b"\r\n".join([body.split(b"\r\n")[5]] * 200_000))   # large enough to take a while
    stop = threading.Event()

    def saving():   # a förvaltning saving the file again and again meanwhile
        while not stop.is_set():
            with ledger.open("ab") as fh:
                fh.write(b"")
            os.utime(ledger)
            time.sleep(0.001)

    writer = threading.Thread(target=saving)
    writer.start()
    try:
        problems = Problems(root=kommun_copy)
        read_inputs(kommun_copy / "inputs", 2026, "tertial", problems)
    finally:
        stop.set()
        writer.join()
    assert "inputs/2026/Utfall 2025.csv: Filen ändrades medan den lästes (någon sparade den under körningen). Vänta " \
           "tills den är färdigsparad och kör igen." in [str(p) for p in problems.items]


def test_a_refused_run_leaves_no_output_folder(kommun_copy):
    """The lock is taken before the inputs are read; a run refused on them (here: KFN's underlag is missing at
    tertial 1) removes its lock file and the output folder it had to create for it."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["kör", "2026", "tertial", "--utdata", "ny utdata"], env={"COLUMNS": "200"})
    assert result.exit_code == 1 and "Rapportunderlag saknas för Kultur- och fritidsnämnden" in result.output
    assert not (kommun_copy / "ny utdata").exists()
